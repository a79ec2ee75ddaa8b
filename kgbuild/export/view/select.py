"""Export stage (HTML view): the part of a graph that a focused view draws.

``focus_graph`` keeps an entity's neighbourhood, ``event_graph`` one event with its participants;
both keep the evidence, documents, claims and casualty figures of what they keep, so the view of
the subset shows the same panels. Names are looked up with :mod:`kgbuild.graph.select`.
"""

from __future__ import annotations

from collections import defaultdict, deque

from rdflib import Graph, URIRef

from kgbuild.errors import UsageError
from kgbuild.export.view.times import event_time, time_display
from kgbuild.graph.index import (
    ALT_LABEL,
    LABEL,
    Lit,
    TripleIndex,
    compact_iri,
    entity_classes,
    event_classes,
    event_roles,
    label_of,
    local_name,
    rdflib_term,
    relation_triples,
    term_key,
)
from kgbuild.graph.select import Named, find_named
from kgbuild.ontology import ID_IRI, KG, PREFIXES, RDF, SEM
from kgbuild.text import fold

__all__ = ["find_entity", "find_event", "focus_graph", "event_graph"]

# Triples pointing from a kept node to an entity left out of a focused view: kept, with the
# entity's name, where the panel names the entity (who gave a figure, whose losses).
_ATTRIBUTION = frozenset({str(KG.claimedBy), str(KG.victimSide)})
_HAS_PLACE = str(SEM.hasPlace)


def _ids(term: str) -> tuple[str, ...]:
    """The identifiers a name may give for ``term``: the IRI, the key after ``kgid:``, the
    prefixed IRI (last: messages offer it)."""
    key = (term[len(ID_IRI):],) if term.startswith(ID_IRI) else ()
    return (term, *key, compact_iri(term))


def _entity_names(index: TripleIndex, entities: dict[str, str]) -> list[Named]:
    return [
        Named(node=term, label=label_of(index, term), aliases=tuple(index.texts(term, ALT_LABEL)),
              ids=_ids(term), note=f"{cls}, {compact_iri(term)}")
        for term, cls in entities.items()
    ]


def _event_names(index: TripleIndex, events: dict[str, str]) -> list[Named]:
    """Events by their label (else class and time) or key; the words of the label and the names of
    the place only suggest them ("Tinzawaten" suggests the battle at Tinzaouaten)."""
    named = []
    for term, cls in events.items():
        label = index.first(term, LABEL)
        if not label:
            when = time_display(event_time(index, term))
            label = f"{cls} ({when})" if when else cls
        key = local_name(term)
        hints = [word for word in fold(label).split() if len(word) > 3] + [key]
        for place in index.objects(term, _HAS_PLACE):
            hints += index.texts(place, LABEL) + index.texts(place, ALT_LABEL)
        named.append(Named(node=term, label=label, aliases=tuple(index.texts(term, ALT_LABEL)),
                           ids=(*_ids(term), key), hints=tuple(hints), shown=f"{label} ({key})",
                           note=key))
    return named


def _find_entity(index: TripleIndex, entities: dict[str, str], name: str) -> str:
    return find_named(name, _entity_names(index, entities), noun="entity", plural="entities",
                      listing="list the names with: kgbuild query GRAPH --name entities-by-class").node


def _find_event(index: TripleIndex, events: dict[str, str], name: str) -> str:
    return find_named(name, _event_names(index, events), noun="event", plural="events",
                      listing="list the events with: kgbuild query GRAPH --name timeline", partial=True,
                      remedy="give more of the label, or the key in brackets").node


def find_entity(graph: Graph, name: str) -> URIRef:
    """The entity that ``name`` names: its IRI (full, ``kgid:``-prefixed or the key after
    ``kgid:``), label or other name (case-, accent- and punctuation-insensitive), or a spelling
    variant of them. An unknown name raises a :class:`UsageError` listing close matches; a name of
    several entities lists them."""
    index = TripleIndex.of_graph(graph)
    return rdflib_term(_find_entity(index, entity_classes(index), name))  # type: ignore[return-value]


def find_event(graph: Graph, name: str) -> URIRef:
    """The event whose key or label is ``name``, or whose label contains it (folded as for
    entities); raises a :class:`UsageError` listing close matches, or the candidates when several
    events match."""
    index = TripleIndex.of_graph(graph)
    return rdflib_term(_find_event(index, event_classes(index, entity_classes(index)), name))  # type: ignore[return-value]


def _neighbours(index: TripleIndex, entities: dict[str, str]) -> dict[str, set[str]]:
    neighbours: dict[str, set[str]] = defaultdict(set)
    for entity, _name, obj in relation_triples(index, entities):
        if obj in entities and obj != entity:
            neighbours[entity].add(obj)
            neighbours[obj].add(entity)
    return neighbours


def _participants(index: TripleIndex, event: str, entities: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(obj for _role, _prop, obj in event_roles(index, event) if obj in entities))


def focus_graph(graph: Graph, name: str, depth: int = 1) -> Graph:
    """The part of ``graph`` within ``depth`` hops of the entity ``name`` (see :func:`find_entity`).

    One hop goes through a relation (either direction) or through a shared event: the events an
    entity takes part in are kept, with their participants and place one hop further. Evidence,
    documents, claims and casualty figures of what is kept come along, so the view of the subset
    shows the same panels.
    """
    if depth < 0:
        raise UsageError(f"--depth must be 0 or more, not {depth}")
    index = TripleIndex.of_graph(graph)
    entities = entity_classes(index)
    events = event_classes(index, entities)
    focus = _find_entity(index, entities, name)
    neighbours = _neighbours(index, entities)
    events_of: dict[str, list[str]] = defaultdict(list)
    for event in sorted(events):
        for participant in _participants(index, event, entities):
            events_of[participant].append(event)
    distance = {focus: 0}
    kept_events: set[str] = set()
    frontier = [focus]
    for hop in range(1, depth + 1):
        following: list[str] = []
        for entity in frontier:
            reached = sorted(neighbours.get(entity, ()))
            for event in events_of.get(entity, ()):
                kept_events.add(event)
                reached += _participants(index, event, entities)
            for other in reached:
                if other not in distance:
                    distance[other] = hop
                    following.append(other)
        frontier = following
    return _subgraph(graph, index, set(distance) | kept_events, set(entities) | set(events))


def event_graph(graph: Graph, name: str) -> Graph:
    """The event ``name`` (see :func:`find_event`) with its participants, place, casualty figures,
    evidence and the claims behind them."""
    index = TripleIndex.of_graph(graph)
    entities = entity_classes(index)
    events = event_classes(index, entities)
    event = _find_event(index, events, name)
    core = {event, *_participants(index, event, entities)}
    return _subgraph(graph, index, core, set(entities) | set(events))


def _kept_triples(index: TripleIndex, core: set[str], drawable: set[str]) -> dict[str, set[tuple[str, object]]]:
    """(predicate, object) pairs to keep, by subject: see :func:`_subgraph`."""
    rdf_type = str(RDF.type)
    queue = deque(sorted(core))
    seen: set[object] = set(core)
    for (s, _p, o), supports in sorted(index.reified().items(), key=lambda kv: str(kv[0])):
        if s in core and o in core:
            for node in supports:
                if node not in seen:
                    seen.add(node)
                    queue.append(node)
    named: set[str] = set()
    kept: dict[str, set[tuple[str, object]]] = defaultdict(set)
    while queue:
        node = queue.popleft()
        for predicate, objects in index.out.get(node, {}).items():
            for obj in objects:
                if isinstance(obj, Lit) or predicate == rdf_type:
                    kept[node].add((predicate, obj))
                elif obj in drawable:
                    if obj in core:
                        kept[node].add((predicate, obj))
                    elif predicate in _ATTRIBUTION:
                        kept[node].add((predicate, obj))
                        named.add(obj)
                else:
                    # Support: evidence, figures, documents, claims, extractors, owl:sameAs ids.
                    kept[node].add((predicate, obj))
                    if obj not in seen:
                        seen.add(obj)
                        queue.append(obj)
    for term in named - core:
        kept[term].update((LABEL, value) for value in index.objects(term, LABEL))
    return kept


def _subgraph(graph: Graph, index: TripleIndex, core: set[str], drawable: set[str]) -> Graph:
    """The triples of ``core`` nodes and of what supports them (evidence, figures, documents,
    claims, extractors), without triples to entities or events outside ``core`` (except the name
    of who gave a figure or a claim, and whose losses a figure counts). Every triple is one of
    ``graph``'s own."""
    kept = _kept_triples(index, core, drawable)
    subset = Graph(bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        subset.bind(prefix, iri)
    for node in sorted(kept, key=str):
        wanted = kept[node]
        subject = rdflib_term(node)
        for predicate, obj in graph.predicate_objects(subject):
            if (str(predicate), term_key(obj)) in wanted:
                subset.add((subject, predicate, obj))
    return subset
