"""Graphs live in rdflib over the Oxigraph store (oxrdflib): rdflib's API at Oxigraph's speed."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kgbuild.errors import QueryError
from kgbuild.ontology import PREFIXES

__all__ = ["new_graph", "load_graph", "FORMATS_BY_SUFFIX"]

FORMATS_BY_SUFFIX = {
    ".ttl": "ox-turtle",
    ".nt": "ox-ntriples",
    ".nq": "ox-nquads",
    ".trig": "ox-trig",
    ".rdf": "ox-xml",
    ".xml": "ox-xml",
    ".n3": "ox-n3",
}


def new_graph() -> Graph:
    """An empty graph in an in-memory Oxigraph store with kgbuild's prefixes bound."""
    graph = Graph(store="Oxigraph", bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def load_graph(path: Path) -> Graph:
    """Parse an RDF file written by kgbuild (or anyone) into a new graph."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(f"cannot read graph '{path}': no such file (build one with: kgbuild build ARTICLE -o DIR)")
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(
            f"cannot read graph '{path}': unknown RDF format "
            f"(use one of: {' '.join(sorted(FORMATS_BY_SUFFIX))})"
        )
    graph = new_graph()
    try:
        graph.parse(str(path), format=fmt)
    except Exception as exc:  # parsers raise many types; all mean the same to the user
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QueryError(f"cannot read graph '{path}': not valid RDF ({message}); rebuild it with kgbuild build") from exc
    return graph
