"""Deterministic RDF files: the same graph always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kgbuild.export.files import write_atomic
from kgbuild.graph.store import FORMATS_BY_SUFFIX, new_graph

__all__ = ["write_turtle", "write_rdf", "serialize_sorted"]


def serialize_sorted(graph: Graph, fmt: str = "ox-turtle") -> str:
    """Serialise ``graph`` after re-inserting its triples in sorted order into a fresh store, so the
    output does not depend on the order in which triples were added."""
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
