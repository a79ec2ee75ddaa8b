"""SPARQL stage (an output): queries over a graph file or store, their results in the SPARQL 1.1
formats, ``kgbuild push`` into a triple store, and ``kgbuild serve``'s read-only endpoint.

``query`` runs queries, ``results`` writes what they answer, ``push`` loads a graph over the Graph
Store Protocol, ``server`` is the HTTP endpoint. Importing this package imports none of them.
"""

__all__ = ["query", "results", "push", "server"]
