"""Deterministic RDF files: the same graph always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
from rdflib import Graph

from kgbuild.files import write_atomic
from kgbuild.graph.store import FORMATS_BY_SUFFIX, new_graph
from kgbuild.ontology import PREFIXES

__all__ = ["write_turtle", "write_rdf", "serialize_sorted"]

_OX_FORMATS = {
    "ox-turtle": pyoxigraph.RdfFormat.TURTLE,
    "ox-ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "ox-nquads": pyoxigraph.RdfFormat.N_QUADS,
    "ox-trig": pyoxigraph.RdfFormat.TRIG,
    "ox-xml": pyoxigraph.RdfFormat.RDF_XML,
    "ox-n3": pyoxigraph.RdfFormat.N3,
}


def _oxigraph_store(graph: Graph) -> pyoxigraph.Store | None:
    store = getattr(graph.store, "_store", None)
    return store if isinstance(store, pyoxigraph.Store) else None


def serialize_sorted(graph: Graph, fmt: str = "ox-turtle") -> str:
    """Serialise ``graph`` with its triples in sorted order, so the output never depends on the order
    in which triples were added. Graphs in the Oxigraph store are streamed straight from it."""
    store = _oxigraph_store(graph)
    if store is not None and fmt in _OX_FORMATS:
        triples = sorted(
            (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store),
            key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
        )
        prefixes = {prefix: str(iri) for prefix, iri in graph.namespaces()} or dict(PREFIXES)
        data = pyoxigraph.serialize(triples, format=_OX_FORMATS[fmt], prefixes=prefixes)
        return data.decode("utf-8")
    ordered = new_graph()
    for prefix, iri in graph.namespaces():
        ordered.bind(prefix, iri, override=True)
    ordered.addN((s, p, o, ordered) for s, p, o in sorted(graph, reverse=True))
    data = ordered.serialize(format=fmt)
    return data if isinstance(data, str) else data.decode("utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    write_atomic(path, serialize_sorted(graph, "ox-turtle"))


def write_rdf(graph: Graph, path: Path) -> None:
    """Write in the format the file suffix names (.ttl .nt .nq .trig .rdf .n3)."""
    fmt = FORMATS_BY_SUFFIX.get(Path(path).suffix.lower(), "ox-turtle")
    write_atomic(path, serialize_sorted(graph, fmt))
