"""SPARQL stage: ``kgbuild serve``, a read-only SPARQL 1.1 Protocol endpoint and the HTML view over
a graph or a store, so that analysts can point their own tools (YASGUI, SPARQLWrapper, rdflib's
SPARQLStore, curl) at a graph kgbuild built.

- ``/sparql``: the SPARQL 1.1 Protocol, queries only. Results are negotiated on the Accept header,
  or chosen with a ``format`` parameter (``negotiate``). kgbuild's prefixes (``kg:``, ``rdfs:``,
  ...) are known to every query that does not declare them itself. As with ``kgbuild query``, the
  default graph is the union of all graphs (unless ``FROM`` or ``default-graph-uri`` name some).
- ``/``: the interactive HTML view of the graph, rendered once at start-up; ``/health``: ``ok``.

It never changes anything and never reaches outside (``guard``): SPARQL Update is refused (403), a
query with ``SERVICE`` is refused (400), a store directory is opened read-only and a graph file is
only read. Queries run in killable worker processes, with a time and a row limit (``workers``);
``http`` is the server and its request handler (and holds the defaults: port 7878, a
10-second time limit, 10,000 rows, 2 workers). POSIX only.
"""

from kgbuild.sparql.server.http import serve

__all__ = ["serve"]
