"""Analytics stage: the RDF graph → a networkx graph → central actors, communities and paths.

The networkx view (``to_networkx``) keeps what network measures need and what a reader needs to
trust them: every node is an entity or an event (with its label, most specific ``kg:`` class and
other names), every edge is a relation triple or an event participation, and every edge carries the
ids of the ``kg:Evidence`` nodes that back it; the sentences and documents of those ids sit in
``G.graph["evidence"]``. The measures run on that view:

- ``rank_actors``: who is central, by evidence-weighted degree and betweenness;
- ``communities``: groups of actors that the reporting ties together;
- ``co_participation``: which actors take part in the same events, and how often;
- ``shortest_path``: how two named things are connected, each step with its evidence sentences.

Every function takes the rdflib graph, or the networkx view of it from ``to_networkx`` so that
several measures share one conversion. Results are deterministic: nodes and edges are added in
sorted order, the community algorithm has no randomness, and every list has a total order.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Iterable, NamedTuple, Union

from rdflib import Graph, Literal
from rdflib.term import Node

from kgbuild.errors import KgbuildError, UsageError
from kgbuild.ontology import ENTITY_CLASSES, EVENT_CLASSES, KG, PROV, RDF, RDFS, RELATION_PROPERTIES, SCHEMA, SEM, SKOS
from kgbuild.text import fold, variant_key

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ACTOR_CLASSES",
    "ROLES",
    "ActorRank",
    "CoParticipation",
    "EvidenceRef",
    "NoPathError",
    "PathStep",
    "co_participation",
    "communities",
    "find_node",
    "rank_actors",
    "shortest_path",
    "to_networkx",
]

ACTOR_CLASSES = tuple(c for c in ENTITY_CLASSES if c != "Place")
"""Entity classes that count as actors: every entity class but kg:Place (kg:Country acts too)."""

ROLES = ("attacker", "target", "hasActor", "hasPlace")
"""How an entity takes part in an event, named by the property's local name: kg:attacker,
kg:target, sem:hasActor (only for a participant that is neither attacker nor target) and
sem:hasPlace (the same names as the ``role`` of kgbuild.export.networks)."""

_ROLE_PROPERTIES = {"attacker": KG.attacker, "target": KG.target, "hasActor": SEM.hasActor, "hasPlace": SEM.hasPlace}

# The class a node is shown with when it has several: the most specific one. Country before Place
# (a country is a place that acts); the generic Actor and Event last.
_CLASS_PRIORITY = {name: i for i, name in enumerate(
    ("Country", "Person", "ArmedGroup", "StateForce", "Government", "Organization", "EthnicGroup", "Place", "Actor")
)}

EXACT_BETWEENNESS_MAX_NODES = 2000
"""Up to this many nodes betweenness is exact (a few seconds at most); above, it is estimated from
``BETWEENNESS_SAMPLE`` source nodes drawn with a fixed seed (still deterministic)."""
BETWEENNESS_SAMPLE = 500

MAX_PATHS_COMPARED = 256
"""At most this many shortest paths are compared to pick the best-evidenced one."""

AnyGraph = Union[Graph, "nx.MultiGraph"]


class NoPathError(KgbuildError):
    """Two nodes of the graph are not connected by any chain of relations and events."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    """One sentence that backs a fact, and the file (or address) of the document it was read from."""

    sentence: str
    source_file: str
    char_start: int = -1


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


class CoParticipation(NamedTuple):
    """Two actors (labels, in folded-label order) and the number of events both take part in."""

    actor_a: str
    actor_b: str
    shared_events: int


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


# --------------------------------------------------------------------------- RDF → networkx


def to_networkx(graph: Graph) -> "nx.MultiGraph":
    """The entities and events of ``graph`` as an undirected networkx multigraph.

    Nodes are IRIs (strings) with attributes ``label`` (rdfs:label, else the IRI's last segment),
    ``class`` (the most specific kg: class), ``kind`` (``"entity"`` or ``"event"``) and ``aliases``
    (the skos:altLabels). Edges are
    - relations: one per triple of a kg: relation property, attributes ``kind="relation"``,
      ``predicate`` (the property's local name, also in ``link``), ``subject``/``object`` (the
      triple's direction) and ``evidence`` (ids of the kg:Evidence nodes reifying that triple);
    - participations: event–entity, ``kind="role"``, ``role`` one of ``ROLES`` (also in ``link``),
      ``subject`` the event, ``object`` the entity, ``evidence`` the event's kg:evidence ids.
      sem:hasActor is left out where kg:attacker or kg:target already says it.
    ``G.graph["evidence"]`` maps every evidence id to its ``EvidenceRef``.
    """
    import networkx as nx

    refs = _EvidenceReader(graph)
    terms: dict[str, Node] = {}  # node id → its RDF term
    types: dict[str, set[str]] = defaultdict(set)
    events: set[str] = set()
    for name in ENTITY_CLASSES + EVENT_CLASSES:
        for subject in graph.subjects(RDF.type, KG[name]):
            if not isinstance(subject, Literal):
                terms[str(subject)] = subject
                types[str(subject)].add(name)
                if name in EVENT_CLASSES:
                    events.add(str(subject))

    # Reified relation evidence, indexed by the statement it backs.
    statements: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    relation_iris = {str(KG[p]): p for p in RELATION_PROPERTIES}
    for ev, predicate in graph.subject_objects(RDF.predicate):
        name = relation_iris.get(str(predicate))
        subject, obj = graph.value(ev, RDF.subject), graph.value(ev, RDF.object)
        if name is not None and subject is not None and obj is not None:
            statements[(str(subject), name, str(obj))].append(refs.add(ev))

    edges: list[tuple[str, str, str, dict]] = []
    for name in RELATION_PROPERTIES:
        for subject, obj in graph.subject_objects(KG[name]):
            if isinstance(subject, Literal) or isinstance(obj, Literal):
                continue
            s, o = str(subject), str(obj)
            terms.setdefault(s, subject)
            terms.setdefault(o, obj)
            attrs = {"kind": "relation", "link": name, "predicate": name, "subject": s, "object": o,
                     "evidence": tuple(sorted(set(statements.get((s, name, o), ()))))}
            edges.append((s, o, f"{name}|{s}|{o}", attrs))
    for event in sorted(events):
        node = terms[event]
        evidence = tuple(sorted({refs.add(ev) for ev in graph.objects(node, KG.evidence)}))
        roles: dict[str, set[str]] = defaultdict(set)
        for role, prop in _ROLE_PROPERTIES.items():
            for obj in graph.objects(node, prop):
                if not isinstance(obj, Literal):
                    terms.setdefault(str(obj), obj)
                    roles[str(obj)].add(role)
        for entity, found in roles.items():
            # sem:hasActor is implied by kg:attacker / kg:target: keep only the sharpest role(s)
            if found & {"attacker", "target"}:
                found.discard("hasActor")
            for role in found:
                attrs = {"kind": "role", "link": role, "role": role, "subject": event, "object": entity,
                         "evidence": evidence}
                edges.append((event, entity, f"{role}|{event}|{entity}", attrs))

    G = nx.MultiGraph(evidence=refs.refs)
    for iri in sorted(terms):
        node = terms[iri]
        classes = types.get(iri, set())
        is_event = iri in events
        G.add_node(
            iri,
            label=_label(graph, node, iri),
            **{"class": _event_class(classes) if is_event else _entity_class(classes)},
            kind="event" if is_event else "entity",
            aliases=tuple(sorted({str(a) for a in graph.objects(node, SKOS.altLabel)})),
        )
    for u, v, key, attrs in sorted(edges, key=lambda e: e[2]):
        G.add_edge(u, v, key=key, **attrs)
    return G


class _EvidenceReader:
    """Reads kg:Evidence nodes once each: sentence, offset, and the source file of its document."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.refs: dict[str, EvidenceRef] = {}
        self._files: dict[Node, str] = {}

    def add(self, ev: Node) -> str:
        key = str(ev)
        if key not in self.refs:
            g = self.graph
            sentence = g.value(ev, KG.sentence)
            start = g.value(ev, KG.charStart)
            doc = g.value(ev, PROV.wasDerivedFrom)
            self.refs[key] = EvidenceRef(
                sentence=str(sentence) if sentence is not None else "",
                source_file=self._file(doc),
                char_start=_int(start),
            )
        return key

    def _file(self, doc: Node | None) -> str:
        if doc is None:
            return ""
        if doc not in self._files:
            g = self.graph
            value = g.value(doc, KG.sourceFile) or g.value(doc, SCHEMA.url)
            self._files[doc] = str(value) if value is not None else str(doc)
        return self._files[doc]


def _int(value: Node | None) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


def _label(graph: Graph, node: Node, iri: str) -> str:
    labels = sorted(str(v) for v in graph.objects(node, RDFS.label))
    if labels:
        return labels[0]
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _entity_class(classes: set[str]) -> str:
    return min(classes, key=lambda c: (_CLASS_PRIORITY.get(c, 99), c)) if classes else ""


def _event_class(classes: set[str]) -> str:
    specific = sorted(classes - {"Event"})
    return specific[0] if specific else "Event"


def _as_nx(graph: AnyGraph) -> "nx.MultiGraph":
    import networkx as nx

    return graph if isinstance(graph, nx.MultiGraph) else to_networkx(graph)


def _sentence_keys(G: "nx.MultiGraph", ids: Iterable[str]) -> set[tuple[str, str]]:
    refs = G.graph.get("evidence", {})
    return {(refs[i].source_file, refs[i].sentence) for i in ids if i in refs}


def _collapse(G: "nx.MultiGraph") -> "nx.Graph":
    """The simple graph of ``G``: one edge per linked pair, ``weight`` = the number of distinct
    sentences (per document) that back any of the pair's links, at least 1."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        pairs[(u, v) if u <= v else (v, u)].update(data["evidence"])
    for (u, v) in sorted(pairs):
        H.add_edge(u, v, weight=max(1, len(_sentence_keys(G, pairs[(u, v)]))))
    return H


def _is_actor(data: dict) -> bool:
    return data.get("kind") == "entity" and data.get("class") in ACTOR_CLASSES


def _order(label: str, iri: str) -> tuple[str, str, str]:
    return fold(label), label, iri


# --------------------------------------------------------------------------- ranking


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
    G = _as_nx(graph)
    H = _collapse(G)
    betweenness = _betweenness(H)
    rows = []
    for node, data in H.nodes(data=True):
        if not _is_actor(data):
            continue
        neighbours = list(H[node])
        evidence = sum(H[node][n]["weight"] for n in neighbours)
        b = betweenness.get(node, 0.0)
        rows.append((node, data, len(neighbours), sum(1 for n in neighbours if H.nodes[n].get("kind") == "event"),
                     evidence, b, evidence * (1.0 + b)))
    rows.sort(key=lambda r: (-round(r[6], 9), *_order(r[1]["label"], r[0])))
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


# --------------------------------------------------------------------------- actors together


def _shared_events(G: "nx.MultiGraph") -> dict[tuple[str, str], set[str]]:
    """{(actor, actor): events both take part in}, actor pairs in IRI order."""
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node, data in G.nodes(data=True):
        if data.get("kind") != "event":
            continue
        actors = sorted({n for n in G[node] if _is_actor(G.nodes[n])
                         and any(d["link"] != "hasPlace" for d in G[node][n].values())})
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                shared[(a, b)].add(node)
    return shared


def co_participation(graph: AnyGraph) -> list[CoParticipation]:
    """Every pair of actors that take part in at least one event together (as attacker, target or
    participant; being the place of an event does not count), with the number of such events;
    most shared events first, then by folded labels."""
    G = _as_nx(graph)
    pairs = []
    for (a, b), events in _shared_events(G).items():
        first, second = sorted((a, b), key=lambda n: _order(G.nodes[n]["label"], n))
        pairs.append((first, second, len(events)))
    pairs.sort(key=lambda p: (-p[2], *_order(G.nodes[p[0]]["label"], p[0]), *_order(G.nodes[p[1]]["label"], p[1])))
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

    G = _as_nx(graph)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for (a, b), events in _shared_events(G).items():
        weights[(a, b)] += len(events)
    for u, v, data in G.edges(data=True):
        if data["kind"] == "relation" and u != v and _is_actor(G.nodes[u]) and _is_actor(G.nodes[v]):
            weights[(u, v) if u <= v else (v, u)] += 1
    if not weights:
        return []
    P = nx.Graph()
    P.add_nodes_from(sorted({n for pair in weights for n in pair}))
    for (a, b) in sorted(weights):
        P.add_edge(a, b, weight=weights[(a, b)])
    found = greedy_modularity_communities(P, weight="weight")
    groups = [sorted(group, key=lambda n: _order(G.nodes[n]["label"], n)) for group in found]
    groups.sort(key=lambda g: (-len(g), *_order(G.nodes[g[0]]["label"], g[0])))
    return [[G.nodes[n]["label"] for n in group] for group in groups]


# --------------------------------------------------------------------------- paths


def find_node(graph: AnyGraph, name: str) -> str:
    """The node (IRI) that ``name`` names: its label or one of its alternative labels, compared
    case-, accent- and punctuation-insensitively (``kgbuild.text.fold``), then as a spelling
    variant (``kgbuild.text.variant_key``); a label match wins over an alias match. Raises
    ``UsageError`` (exit 2) for an unknown name, with the closest names, or an ambiguous one."""
    G = _as_nx(graph)
    wanted = fold(name)
    if not wanted:
        raise UsageError(f"'{name}' is not a name (give the label of an entity or event)")
    by_label: dict[str, set[str]] = defaultdict(set)
    by_alias: dict[str, set[str]] = defaultdict(set)
    by_variant: dict[str, set[str]] = defaultdict(set)
    display: dict[str, tuple[str, str]] = {}  # folded name → (node, how to show it)
    for node, data in sorted(G.nodes(data=True), key=lambda nd: _order(nd[1]["label"], nd[0])):
        label = data["label"]
        by_label[fold(label)].add(node)
        by_variant[variant_key(label)].add(node)
        display.setdefault(fold(label), (node, label))
        for alias in data.get("aliases", ()):
            by_alias[fold(alias)].add(node)
            by_variant[variant_key(alias)].add(node)
            display.setdefault(fold(alias), (node, f"{alias} ({label})"))
    for tier in (by_label.get(wanted), by_alias.get(wanted), by_variant.get(variant_key(name))):
        if not tier:
            continue
        if len(tier) == 1:
            return next(iter(tier))
        options = ", ".join(f"'{G.nodes[n]['label']}' ({G.nodes[n]['class'] or G.nodes[n]['kind']})"
                            for n in sorted(tier, key=lambda n: _order(G.nodes[n]["label"], n)))
        raise UsageError(f"'{name}' names several nodes: {options}; give the full label of one")
    candidates = difflib.get_close_matches(wanted, sorted(display), n=10, cutoff=0.6)
    candidates += [k for k in sorted(display) if set(wanted.split()) & set(k.split())]
    shown: dict[str, str] = {}  # one name per node, best match first
    for k in candidates:
        node, text = display[k]
        shown.setdefault(node, text)
    close = list(shown.values())[:5]
    if close:
        hint = "close matches: " + ", ".join(f"'{text}'" for text in close)
    else:
        hint = "no close match; list the names with: kgbuild query SOURCE --name entities-by-class"
    raise UsageError(
        f"no entity or event named '{name}' in the graph ({hint}; names are compared with labels and "
        "alternative labels, ignoring case and accents)"
    )


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

    G = _as_nx(graph)
    source, target = find_node(G, a), find_node(G, b)
    if source == target:
        return []
    H = _collapse(G)
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
        return (-weight, [_order(G.nodes[n]["label"], n) for n in path])

    best = min(paths, key=key)
    return [_step(G, u, v) for u, v in zip(best, best[1:])]


_ROLE_ORDER = {role: i for i, role in enumerate(ROLES)}


def _step(G: "nx.MultiGraph", u: str, v: str) -> PathStep:
    links = list(G.get_edge_data(u, v).values())

    def rank(d: dict) -> tuple:
        if d["kind"] == "relation":
            return (0, -len(_sentence_keys(G, d["evidence"])), d["link"], d["subject"] != u)
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
