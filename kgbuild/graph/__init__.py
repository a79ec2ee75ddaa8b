"""Graph stage: rdflib starts here. Records → an RDF graph over the Oxigraph store."""

from kgbuild.graph.build import build_graph
from kgbuild.graph.store import load_graph, new_graph

__all__ = ["build_graph", "new_graph", "load_graph"]
