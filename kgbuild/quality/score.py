"""Quality stage: score one graph against one gold annotation (``kgbuild evaluate GRAPH GOLD.json``).

The gold format and its matching rule are described in ``shared/gold/README.md``. In short:

* **Output entities** are the subjects typed (``rdf:type``) with one of the ``kg:`` entity
  classes (:data:`kgbuild.ontology.ENTITY_CLASSES`). Their labels are the literal values of
  ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and ``schema:name``.
* **Matching**: an output entity matches a gold entity when one of its labels, normalised by
  :func:`~kgbuild.quality.gold.normalise_label`, equals one of the gold entity's normalised
  aliases.
* **Duplicates** are gold entities matched by two or more output entities; **over-merges** are
  output entities matching two or more gold entities; **noise entities** are output entities with
  a label equal (after normalisation) to one of the gold ``noise`` strings.
* **Relations** and **events** are compared through the entity matching; an output entity that
  matches exactly one gold entity stands for it, an over-merged one stands for none.
* **Figures**: a gold ``fatality_figures`` entry with an integer ``value`` is found when a
  ``kg:CasualtyFigure`` of an output event matching its gold event carries that number as its
  ``kg:count``, ``kg:minCount`` or ``kg:maxCount`` ("at least 17" is written as a minimum).

:func:`evaluate_graph` computes an :class:`~kgbuild.quality.records.EvaluationReport`, in three
sections (entities, relations, events); :mod:`kgbuild.quality.report` prints it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.ontology import ENTITY_CLASSES, EVENT_CLASSES, KG, KG_IRI, ONTOLOGY_FILE, RDF, RDFS, SCHEMA, SEM, SKOS
from kgbuild.quality.gold import RELATION_PREDICATES, SYMMETRIC_PREDICATES, normalise_label, validate_gold
from kgbuild.quality.records import (
    Duplicate,
    EntityScores,
    EvaluationReport,
    EventScores,
    GoldEntityRef,
    GoldEventRef,
    NoiseEntity,
    OverMerge,
    RelationRef,
    RelationScores,
    Score,
    TypeMismatch,
)

__all__ = ["evaluate_graph"]

_LABEL_PREDICATES: tuple[URIRef, ...] = (
    RDFS.label,
    SKOS.prefLabel,
    SCHEMA.name,
    URIRef("http://schema.org/name"),
    SKOS.altLabel,
)
"""Label predicates, in the order used to pick the one label shown for an entity."""

_EVENT_ACTOR_PREDICATES: tuple[URIRef, ...] = (SEM.hasActor, KG.attacker, KG.target)
_FIGURE_COUNT_PREDICATES: tuple[URIRef, ...] = (KG["count"], KG.minCount, KG.maxCount)


# --- entities ------------------------------------------------------------------------------------


@dataclass
class _OutputEntity:
    node: Node
    classes: set[str]
    labels: list[str]
    gold_ids: set[str]
    noise: str | None

    @property
    def display(self) -> str:
        return self.labels[0] if self.labels else str(self.node)


@dataclass(frozen=True)
class _Matching:
    """The output entities, sorted for display, and how they map onto gold ids."""

    outputs: dict[Node, _OutputEntity]
    ordered: list[_OutputEntity]
    matched_by: dict[str, list[_OutputEntity]]
    unique: dict[Node, str]
    """Output entities that match exactly one gold entity, and its id."""


def _labels(graph: Graph, node: Node) -> list[str]:
    labels: list[str] = []
    for predicate in _LABEL_PREDICATES:
        values = sorted(str(value) for value in graph.objects(node, predicate) if isinstance(value, Literal))
        labels.extend(value for value in values if value not in labels)
    return labels


def _indexes(gold: Mapping[str, Any]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Normalised alias -> gold ids, and normalised noise string -> the noise string as written."""
    alias_index: dict[str, set[str]] = defaultdict(set)
    for entity in gold["entities"]:
        for alias in entity["aliases"]:
            key = normalise_label(alias)
            if key:
                alias_index[key].add(entity["id"])
    noise_index: dict[str, str] = {}
    for noise in gold.get("noise", []):
        key = normalise_label(noise)
        if key:
            noise_index.setdefault(key, noise)
    return alias_index, noise_index


def _typed_nodes(graph: Graph, names: Iterable[str]) -> dict[Node, set[str]]:
    """Subjects typed with one of the ``kg:`` classes ``names``, with those classes."""
    classes_of: dict[Node, set[str]] = defaultdict(set)
    for name in names:
        for subject in graph.subjects(RDF.type, KG[name]):
            classes_of[subject].add(name)
    return classes_of


def _match_entities(graph: Graph, gold: Mapping[str, Any]) -> _Matching:
    alias_index, noise_index = _indexes(gold)
    outputs: dict[Node, _OutputEntity] = {}
    for node, classes in _typed_nodes(graph, ENTITY_CLASSES).items():
        labels = _labels(graph, node)
        gold_ids: set[str] = set()
        noise_hit: str | None = None
        for label in labels:
            key = normalise_label(label)
            if not key:
                continue
            gold_ids |= alias_index.get(key, set())
            if noise_hit is None and key in noise_index:
                noise_hit = noise_index[key]
        outputs[node] = _OutputEntity(node, classes, labels, gold_ids, noise_hit)
    ordered = sorted(outputs.values(), key=lambda out: (out.display.casefold(), str(out.node)))
    matched_by: dict[str, list[_OutputEntity]] = defaultdict(list)
    for out in ordered:
        for gold_id in out.gold_ids:
            matched_by[gold_id].append(out)
    unique = {out.node: next(iter(out.gold_ids)) for out in ordered if len(out.gold_ids) == 1}
    return _Matching(outputs, ordered, matched_by, unique)


def _specific_type(classes: Iterable[str]) -> str:
    """The most specific ``kg:`` entity class(es) of an entity, as one string."""
    names = set(classes)
    if len(names) > 1:
        names.discard("Actor")
    if "Country" in names:
        names.discard("Place")
    return "/".join(sorted(names))


@lru_cache(maxsize=1)
def _entity_class_ancestors() -> dict[str, frozenset[str]]:
    """Each ``kg:`` entity class with itself and every ``kg:`` class above it, read from the
    ontology (``rdfs:subClassOf``), so that a ``kg:Country`` node counts for a gold ``Place``."""
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    ancestors: dict[str, frozenset[str]] = {}
    for name in ENTITY_CLASSES:
        above = ontology.transitive_objects(KG[name], RDFS.subClassOf)
        ancestors[name] = frozenset(str(c)[len(KG_IRI):] for c in above if str(c).startswith(KG_IRI))
    return ancestors


def _type_pairs(gold_entities: list[dict], matching: _Matching) -> tuple[Score, tuple[TypeMismatch, ...]]:
    """Type accuracy over every matched (output, gold) pair, and the pairs typed wrong."""
    pairs = right = 0
    mismatches: list[TypeMismatch] = []
    for entity in gold_entities:
        for out in matching.matched_by.get(entity["id"], ()):
            pairs += 1
            output_type = _specific_type(out.classes)
            if output_type == entity["type"]:
                right += 1
            else:
                mismatches.append(TypeMismatch(entity["id"], entity["type"], out.display, output_type))
    return Score(right, pairs), tuple(mismatches)


def _core_typed_recall(core: list[dict], matching: _Matching) -> Score:
    ancestors = _entity_class_ancestors()

    def typed(entity: dict) -> bool:
        return any(
            entity["type"] in ancestors.get(name, ())
            for out in matching.matched_by.get(entity["id"], ())
            for name in out.classes
        )

    return Score(sum(1 for entity in core if typed(entity)), len(core))


def _score_entities(gold_entities: list[dict], matching: _Matching) -> EntityScores:
    matched_by, ordered = matching.matched_by, matching.ordered
    core = [entity for entity in gold_entities if entity.get("core", False)]
    missed = tuple(
        GoldEntityRef(e["id"], e["type"], e["aliases"][0] if e["aliases"] else e["id"], bool(e.get("core", False)))
        for e in gold_entities
        if e["id"] not in matched_by
    )
    duplicates = tuple(
        Duplicate(e["id"], tuple(o.display for o in matched_by[e["id"]]), tuple(str(o.node) for o in matched_by[e["id"]]))
        for e in gold_entities
        if len(matched_by.get(e["id"], ())) >= 2
    )
    type_accuracy, mismatches = _type_pairs(gold_entities, matching)
    return EntityScores(
        gold=len(gold_entities),
        gold_core=len(core),
        output=len(matching.outputs),
        recall=Score(len(matched_by), len(gold_entities)),
        core_recall=Score(sum(1 for e in core if e["id"] in matched_by), len(core)),
        core_typed_recall=_core_typed_recall(core, matching),
        type_accuracy=type_accuracy,
        missed=missed,
        duplicates=duplicates,
        over_merges=tuple(
            OverMerge(o.display, str(o.node), tuple(sorted(o.gold_ids))) for o in ordered if len(o.gold_ids) >= 2
        ),
        noise=tuple(NoiseEntity(o.display, str(o.node), o.noise) for o in ordered if o.noise is not None),
        type_mismatches=mismatches,
        unmatched=tuple(o.display for o in ordered if not o.gold_ids and o.noise is None),
    )


# --- relations -----------------------------------------------------------------------------------


def _accepted_relations(gold_relations: list[dict]) -> dict[tuple[str, str, str], set[int]]:
    """(predicate, subject id, object id) -> indexes of the gold relations that triple stands for."""
    accepted: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    for index, relation in enumerate(gold_relations):
        predicate, subject = relation["p"], relation["s"]
        symmetric = bool(relation.get("symmetric", False)) or predicate in SYMMETRIC_PREDICATES
        for obj in [relation["o"], *relation.get("alt_o", [])]:
            accepted[(predicate, subject, obj)].add(index)
            if symmetric:
                accepted[(predicate, obj, subject)].add(index)
    return accepted


def _score_relations(graph: Graph, gold_relations: list[dict], matching: _Matching) -> RelationScores:
    accepted = _accepted_relations(gold_relations)
    outputs, unique = matching.outputs, matching.unique
    output_count = scored = correct = 0
    found: set[int] = set()
    wrong: list[RelationRef] = []
    for predicate in RELATION_PREDICATES:
        for subject, obj in graph.subject_objects(KG[predicate]):
            if subject not in outputs or obj not in outputs:
                continue
            output_count += 1
            gold_s, gold_o = unique.get(subject), unique.get(obj)
            if gold_s is None or gold_o is None:
                continue
            scored += 1
            hits = accepted.get((predicate, gold_s, gold_o))
            if hits:
                correct += 1
                found |= hits
            else:
                wrong.append(RelationRef(gold_s, predicate, gold_o, outputs[subject].display, outputs[obj].display))
    return RelationScores(
        gold=len(gold_relations),
        output=output_count,
        unscored=output_count - scored,
        recall=Score(len(found), len(gold_relations)),
        precision=Score(correct, scored),
        missed=tuple(RelationRef(r["s"], r["p"], r["o"]) for i, r in enumerate(gold_relations) if i not in found),
        wrong=tuple(sorted(wrong, key=lambda r: (r.s, r.p, r.o, r.s_label, r.o_label))),
    )


# --- events --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _OutputEvent:
    """An output event in gold-id terms: its classes, places, actors and the numbers of its figures."""

    classes: frozenset[str]
    places: frozenset[str]
    actors: frozenset[str]
    counts: frozenset[int]

    def matches(self, event: dict) -> bool:
        """The single-file rule: the gold type, and the gold place (or, without one, a participant)."""
        if event["type"] not in self.classes:
            return False
        place = event.get("place")
        if place is not None:
            return place in self.places
        return bool(self.actors & set(event.get("participants", [])))

    def anchors(self, event: dict) -> bool:
        """The corpus rule: the gold type, the gold place when it has one, and at least one gold
        participant when it lists any."""
        place, participants = event.get("place"), event.get("participants", [])
        return (
            event["type"] in self.classes
            and (place is None or place in self.places)
            and (not participants or bool(self.actors & set(participants)))
        )


def _figure_counts(graph: Graph, node: Node) -> frozenset[int]:
    """The integer counts (exact, minimum or maximum) of the casualty figures of an event."""
    counts: set[int] = set()
    for figure in graph.objects(node, KG.casualties):
        if (figure, RDF.type, KG.CasualtyFigure) not in graph:
            continue
        for predicate in _FIGURE_COUNT_PREDICATES:
            for value in graph.objects(figure, predicate):
                number = value.toPython() if isinstance(value, Literal) else None
                if isinstance(number, int) and not isinstance(number, bool):
                    counts.add(number)
    return frozenset(counts)


def _output_events(graph: Graph, unique: Mapping[Node, str]) -> list[_OutputEvent]:
    events = []
    for node, classes in _typed_nodes(graph, EVENT_CLASSES).items():
        places = {unique[p] for p in graph.objects(node, SEM.hasPlace) if p in unique}
        actors = {unique[a] for predicate in _EVENT_ACTOR_PREDICATES for a in graph.objects(node, predicate) if a in unique}
        events.append(_OutputEvent(frozenset(classes), frozenset(places), frozenset(actors), _figure_counts(graph, node)))
    return events


def _integer_figures(event: dict) -> list[int]:
    values = (figure.get("value") for figure in event.get("fatality_figures", []) if isinstance(figure, dict))
    return [value for value in values if isinstance(value, int) and not isinstance(value, bool)]


def _figure_recall(gold_events: list[dict], output_events: list[_OutputEvent]) -> Score:
    found = total = 0
    for event in gold_events:
        figures = _integer_figures(event)
        if not figures:
            continue
        counts = {n for out in output_events if out.anchors(event) for n in out.counts}
        total += len(figures)
        found += sum(1 for value in figures if value in counts)
    return Score(found, total)


def _score_events(gold_events: list[dict], output_events: list[_OutputEvent]) -> EventScores:
    found = {event["id"] for event in gold_events if any(out.matches(event) for out in output_events)}
    core = [event for event in gold_events if event.get("core", False)]
    anchored = [event for event in core if any(out.anchors(event) for out in output_events)]
    return EventScores(
        gold=len(gold_events),
        gold_core=len(core),
        output=len(output_events),
        recall=Score(len(found), len(gold_events)),
        core_recall=Score(sum(1 for e in core if e["id"] in found), len(core)),
        anchored_core_recall=Score(len(anchored), len(core)),
        figure_recall=_figure_recall(gold_events, output_events),
        missed=tuple(
            GoldEventRef(e["id"], e["type"], e.get("place"), bool(e.get("core", False)))
            for e in gold_events
            if e["id"] not in found
        ),
    )


# --- the whole evaluation ------------------------------------------------------------------------


def evaluate_graph(graph: Graph, gold: Mapping[str, Any]) -> EvaluationReport:
    """Score ``graph`` against a gold annotation (as returned by
    :func:`~kgbuild.quality.gold.load_gold`).

    ``gold`` is validated first (an :class:`~kgbuild.errors.InputError` names it "gold").
    See the module docstring for the matching rule and the section records for what each
    figure counts.
    """
    gold = validate_gold(dict(gold))
    matching = _match_entities(graph, gold)
    return EvaluationReport(
        gold_doc=gold.get("doc") if isinstance(gold.get("doc"), str) else None,
        entities=_score_entities(gold["entities"], matching),
        relations=_score_relations(graph, gold.get("relations", []), matching),
        events=_score_events(gold.get("events", []), _output_events(graph, matching.unique)),
    )
