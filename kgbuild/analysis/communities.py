"""Analysis stage: which actors the reporting ties together: communities and co-participation."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from kgbuild.analysis.common import AnyGraph, as_network, is_actor, order

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CoParticipation", "co_participation", "communities"]


class CoParticipation(NamedTuple):
    """Two actors (labels, in folded-label order) and the number of events both take part in."""

    actor_a: str
    actor_b: str
    shared_events: int


def _shared_events(G: "nx.MultiGraph") -> dict[tuple[str, str], set[str]]:
    """{(actor, actor): events both take part in}, actor pairs in IRI order."""
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node, data in G.nodes(data=True):
        if data.get("kind") != "event":
            continue
        actors = sorted({n for n in G[node] if is_actor(G.nodes[n])
                         and any(d["link"] != "hasPlace" for d in G[node][n].values())})
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                shared[(a, b)].add(node)
    return shared


def co_participation(graph: AnyGraph) -> list[CoParticipation]:
    """Every pair of actors that take part in at least one event together (as attacker, target or
    participant; being the place of an event does not count), with the number of such events;
    most shared events first, then by folded labels."""
    G = as_network(graph)
    pairs = []
    for (a, b), events in _shared_events(G).items():
        first, second = sorted((a, b), key=lambda n: order(G.nodes[n]["label"], n))
        pairs.append((first, second, len(events)))
    pairs.sort(key=lambda p: (-p[2], *order(G.nodes[p[0]]["label"], p[0]), *order(G.nodes[p[1]]["label"], p[1])))
    return [CoParticipation(G.nodes[a]["label"], G.nodes[b]["label"], n) for a, b, n in pairs]


def communities(graph: AnyGraph) -> list[list[str]]:
    """Groups of actors (labels) that the reporting ties together, largest first.

    They are found by greedy modularity maximisation (Clauset–Newman–Moore, no randomness) on the
    actor projection: actors are linked when a relation joins them (any kg: relation, either
    direction) or they take part in the same events; the weight of a link is the number of such
    relations plus the number of shared events. These are communities of interaction, not of
    alliance: two sides fighting many battles together can fall in one. Actors with no link to
    another actor are left out. Members are in folded-label order; communities of equal size are
    in the order of their first members.
    """
    import networkx as nx
    from networkx.algorithms.community import greedy_modularity_communities

    G = as_network(graph)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for (a, b), events in _shared_events(G).items():
        weights[(a, b)] += len(events)
    for u, v, data in G.edges(data=True):
        if data["kind"] == "relation" and u != v and is_actor(G.nodes[u]) and is_actor(G.nodes[v]):
            weights[(u, v) if u <= v else (v, u)] += 1
    if not weights:
        return []
    P = nx.Graph()
    P.add_nodes_from(sorted({n for pair in weights for n in pair}))
    for (a, b) in sorted(weights):
        P.add_edge(a, b, weight=weights[(a, b)])
    found = greedy_modularity_communities(P, weight="weight")
    groups = [sorted(group, key=lambda n: order(G.nodes[n]["label"], n)) for group in found]
    groups.sort(key=lambda g: (-len(g), *order(G.nodes[g[0]]["label"], g[0])))
    return [[G.nodes[n]["label"] for n in group] for group in groups]
