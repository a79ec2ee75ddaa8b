"""Analysis stage: how two named things are connected, each step with the sentences that state it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from kgbuild.analysis.common import ROLES, AnyGraph, as_network, collapse, order, sentence_keys
from kgbuild.errors import KgbuildError
from kgbuild.graph.index import compact_iri
from kgbuild.graph.network import EvidenceRef
from kgbuild.graph.select import Named, find_named
from kgbuild.ontology import ID_IRI
from kgbuild.text import fold

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["MAX_PATHS_COMPARED", "NoPathError", "PathStep", "find_node", "shortest_path"]

MAX_PATHS_COMPARED = 256
"""At most this many shortest paths are compared to pick the best-evidenced one."""


class NoPathError(KgbuildError):
    """Two nodes of the graph are not connected by any chain of relations and events."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class PathStep:
    """One link of a path, in path order from ``source`` to ``target``.

    ``link`` is the relation's local name (``leaderOf``) or the event role (one of ``ROLES``);
    ``forward`` says whether the RDF triple reads source → target (a role triple always reads
    event → entity). ``evidence`` holds the sentences that state the link: for a relation, the
    sentences of its reified evidence; for a role, the event's sentences that name the entity (all
    of the event's sentences when none names it).
    """

    source: str
    target: str
    source_iri: str
    target_iri: str
    link: str
    forward: bool
    evidence: tuple[EvidenceRef, ...]


def _named(node: str, data: dict) -> Named:
    compact = compact_iri(node)
    key = (node[len(ID_IRI):],) if node.startswith(ID_IRI) else ()
    note = ", ".join(part for part in (data.get("class") or data.get("kind", ""), compact) if part)
    return Named(node=node, label=data["label"], aliases=tuple(data.get("aliases", ())),
                 ids=(node, *key, compact), note=note)


def find_node(graph: AnyGraph, name: str) -> str:
    """The node (IRI) that ``name`` names: its IRI, label or one of its other names, or a spelling
    variant of them (see :mod:`kgbuild.graph.select`); a label match wins over an alias match.
    Raises ``UsageError`` (exit 2) for an unknown name, with the closest names, or an ambiguous one."""
    G = as_network(graph)
    candidates = [_named(node, data) for node, data in G.nodes(data=True)]
    return find_named(name, candidates, noun="entity or event", plural="entities or events",
                      listing="list the names with: kgbuild query SOURCE --name entities-by-class").node


def shortest_path(graph: AnyGraph, a: str, b: str) -> list[PathStep]:
    """The shortest chain of relations and event participations from the node named ``a`` to the
    node named ``b`` (names as in ``find_node``), each step with the sentences that state it.

    The path runs in the entity–event graph of ``rank_actors``, so it may pass through events (an
    actor takes part in a battle that took place in a town) and places. Among several shortest
    paths (up to ``MAX_PATHS_COMPARED``), the one backed by the most sentences wins, then the first
    in folded-label order. The same node for ``a`` and ``b`` gives an empty path. Raises
    ``UsageError`` for an unknown name and ``NoPathError`` (exit 1) when nothing connects the two.
    """
    import networkx as nx

    G = as_network(graph)
    source, target = find_node(G, a), find_node(G, b)
    if source == target:
        return []
    H = collapse(G)
    try:
        paths = list(islice(nx.all_shortest_paths(H, source, target), MAX_PATHS_COMPARED))
    except nx.NetworkXNoPath:
        paths = []
    if not paths:
        raise NoPathError(
            f"no path from '{G.nodes[source]['label']}' to '{G.nodes[target]['label']}': no chain of relations "
            "or events connects them in this graph"
        )

    def key(path: list[str]) -> tuple:
        weight = sum(H[u][v]["weight"] for u, v in zip(path, path[1:]))
        return (-weight, [order(G.nodes[n]["label"], n) for n in path])

    best = min(paths, key=key)
    return [_step(G, u, v) for u, v in zip(best, best[1:])]


_ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}


def _step(G: "nx.MultiGraph", u: str, v: str) -> PathStep:
    links = list(G.get_edge_data(u, v).values())

    def rank(d: dict) -> tuple:
        if d["kind"] == "relation":
            return (0, -len(sentence_keys(G, d["evidence"])), d["link"], d["subject"] != u)
        return (1, _ROLE_ORDER.get(d["link"], 9), d["link"], False)

    link = min(links, key=rank)
    refs = G.graph.get("evidence", {})
    evidence = [refs[i] for i in link["evidence"] if i in refs]
    if link["kind"] == "role":
        naming = [r for r in evidence if _names(G, link["object"], r.sentence)]
        evidence = naming or evidence
    unique: dict[tuple[str, str], EvidenceRef] = {}
    for ref in sorted(evidence, key=lambda r: (r.source_file, r.char_start, r.sentence)):
        unique.setdefault((ref.source_file, ref.sentence), ref)
    return PathStep(
        source=G.nodes[u]["label"],
        target=G.nodes[v]["label"],
        source_iri=u,
        target_iri=v,
        link=link["link"],
        forward=link["subject"] == u,
        evidence=tuple(unique.values()),
    )


def _names(G: "nx.MultiGraph", node: str, sentence: str) -> bool:
    """Whether ``sentence`` names ``node`` by its label or an alternative label (whole words)."""
    text = f" {fold(sentence)} "
    data = G.nodes[node]
    return any(f" {name} " in text for name in (fold(n) for n in (data["label"], *data.get("aliases", ()))) if name)
