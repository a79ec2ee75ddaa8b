"""Analysis stage: who is central in the reporting, by evidence-weighted degree and betweenness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgbuild.analysis.common import AnyGraph, as_network, collapse, is_actor, order

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ActorRank", "rank_actors", "EXACT_BETWEENNESS_MAX_NODES", "BETWEENNESS_SAMPLE"]

EXACT_BETWEENNESS_MAX_NODES = 2000
"""Up to this many nodes betweenness is exact (a few seconds at most); above, it is estimated from
``BETWEENNESS_SAMPLE`` source nodes drawn with a fixed seed (still deterministic)."""
BETWEENNESS_SAMPLE = 500


@dataclass(frozen=True, slots=True)
class ActorRank:
    """An actor's place in the ranking; see ``rank_actors`` for what each number means."""

    rank: int
    iri: str
    label: str
    entity_class: str
    degree: int
    events: int
    evidence: int
    betweenness: float
    score: float


def rank_actors(graph: AnyGraph, top: int | None = 10) -> list[ActorRank]:
    """The ``top`` most central actors (all of them for ``top=None``), best first.

    The measures are taken in the entity–event graph: the simple undirected graph whose nodes are
    all entities (places included) and all events, with an edge between two nodes when a relation
    triple links them (either direction) or one is an event the other takes part in (attacker,
    target, participant or place). Events are thus the connectors between the actors that share
    them. Actors are entities of ``ACTOR_CLASSES`` (kg:Country included, kg:Place not). For an actor:

    - ``degree``: its number of distinct neighbours (entities and events);
    - ``events``: how many of those neighbours are events;
    - ``evidence``: its evidence-weighted degree: the sum over its neighbours of the number of
      distinct sentences (per document) backing the links to that neighbour (at least 1 each). A
      participation weighs the sentences of the event, so the battle a report is about, told in
      four sentences, weighs more than a coup mentioned once as background, and a relation
      repeated across sentences weighs more than one stated once;
    - ``betweenness``: normalised betweenness centrality (the share of shortest paths between
      pairs of other nodes that pass through it, unweighted, in [0, 1]), exact up to
      ``EXACT_BETWEENNESS_MAX_NODES`` nodes and estimated with a fixed seed above;
    - ``score = evidence × (1 + betweenness)``.

    Why this score: the weight of an actor in the reporting is how much evidence ties it to other
    entities and events; brokerage between parts of the graph raises it by up to a factor of two,
    but cannot lift a sparsely reported actor over a heavily reported one. Plain degree plus
    betweenness ranks a government over the foreign force fighting the battle when the government
    alone links background facts (its leader, its former ally, a past coup) to the rest of the graph:
    a cut vertex for a few leaves, not a central actor of the events. Ties go by folded label, then IRI.
    """
    H = collapse(as_network(graph))
    betweenness = _betweenness(H)
    rows = []
    for node, data in H.nodes(data=True):
        if not is_actor(data):
            continue
        neighbours = list(H[node])
        evidence = sum(H[node][n]["weight"] for n in neighbours)
        b = betweenness.get(node, 0.0)
        rows.append((node, data, len(neighbours), sum(1 for n in neighbours if H.nodes[n].get("kind") == "event"),
                     evidence, b, evidence * (1.0 + b)))
    rows.sort(key=lambda r: (-round(r[6], 9), *order(r[1]["label"], r[0])))
    if top is not None:
        rows = rows[: max(0, top)]
    return [
        ActorRank(rank=i, iri=node, label=data["label"], entity_class=data["class"], degree=degree, events=events,
                  evidence=evidence, betweenness=b, score=score)
        for i, (node, data, degree, events, evidence, b, score) in enumerate(rows, start=1)
    ]


def _betweenness(H: "nx.Graph") -> dict[str, float]:
    import networkx as nx

    if H.number_of_nodes() > EXACT_BETWEENNESS_MAX_NODES:
        return nx.betweenness_centrality(H, k=BETWEENNESS_SAMPLE, normalized=True, seed=0)
    return nx.betweenness_centrality(H, normalized=True)
