"""Analysis stage: the network every measure runs on, and the helpers they share.

The measures take the rdflib graph, or the undirected networkx view of it from :func:`to_networkx`
so that several measures share one conversion (``kgbuild.graph.network`` says what its nodes and
edges are).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Union

from rdflib import Graph

from kgbuild.ontology import ENTITY_CLASSES, EVENT_ROLES
from kgbuild.text import fold

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ACTOR_CLASSES", "ROLES", "AnyGraph", "to_networkx", "as_network", "collapse", "is_actor",
           "order", "sentence_keys"]

ACTOR_CLASSES = tuple(c for c in ENTITY_CLASSES if c != "Place")
"""Entity classes that count as actors: every entity class but kg:Place (kg:Country acts too)."""

ROLES = tuple(role for role, _iri in EVENT_ROLES)
"""How an entity takes part in an event, named by the property's local name: kg:attacker,
kg:target, sem:hasActor (only for a participant that is neither attacker nor target) and
sem:hasPlace (the names of ``kgbuild.graph.network`` and of the network files)."""

AnyGraph = Union[Graph, "nx.MultiGraph"]


def to_networkx(graph: Graph) -> "nx.MultiGraph":
    """The entities and events of ``graph`` as an undirected networkx multigraph: the network of
    :func:`kgbuild.graph.network.to_networkx` without directions (each edge keeps its triple's
    direction in ``subject`` and ``object``)."""
    from kgbuild.graph import network

    return network.to_undirected(network.to_networkx(graph))


def as_network(graph: AnyGraph) -> "nx.MultiGraph":
    """``graph`` itself when it is already the networkx view, else its view."""
    import networkx as nx

    return graph if isinstance(graph, nx.MultiGraph) else to_networkx(graph)


def sentence_keys(G: "nx.MultiGraph", ids: Iterable[str]) -> set[tuple[str, str]]:
    """The distinct (document, sentence) pairs of evidence ids."""
    refs = G.graph.get("evidence", {})
    return {(refs[i].source_file, refs[i].sentence) for i in ids if i in refs}


def collapse(G: "nx.MultiGraph") -> "nx.Graph":
    """The simple graph of ``G``: one edge per linked pair, ``weight`` = the number of distinct
    sentences (per document) that back any of the pair's links, at least 1."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        pairs[(u, v) if u <= v else (v, u)].update(data["evidence"])
    for (u, v) in sorted(pairs):
        H.add_edge(u, v, weight=max(1, len(sentence_keys(G, pairs[(u, v)]))))
    return H


def is_actor(data: dict) -> bool:
    """Whether a node (its attributes) is an actor: an entity of ``ACTOR_CLASSES``."""
    return data.get("kind") == "entity" and data.get("class") in ACTOR_CLASSES


def order(label: str, iri: str) -> tuple[str, str, str]:
    """The sort key of a node in every list: folded label, label, IRI."""
    return fold(label), label, iri
