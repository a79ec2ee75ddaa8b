"""Score a graph against a gold annotation file (``kgbuild evaluate GRAPH GOLD.json``).

The gold format and its matching rule are described in ``shared/gold/README.md``. In short:

* **Output entities** are the subjects typed (``rdf:type``) with one of the ``kg:`` entity
  classes (:data:`kgbuild.ontology.ENTITY_CLASSES`). Their labels are the literal values of
  ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel`` and ``schema:name``.
* **Matching**: an output entity matches a gold entity when one of its labels, normalised by
  :func:`normalise_label`, equals one of the gold entity's normalised aliases. Normalisation
  folds case, strips accents, turns punctuation into spaces (apostrophes are simply deleted, so
  "Wagner's" reads "wagners"), collapses whitespace and drops a leading "the ".
* **Duplicates** are gold entities matched by two or more output entities; **over-merges** are
  output entities matching two or more gold entities; **noise entities** are output entities with
  a label equal (after normalisation) to one of the gold ``noise`` strings.
* **Relations** and **events** are compared through the entity matching; an output entity that
  matches exactly one gold entity stands for it, an over-merged one stands for none.

:func:`evaluate_graph` computes an :class:`EvaluationReport`; :func:`format_report` prints it as
aligned plain text and :func:`report_as_dict` turns it into JSON-ready data. :func:`load_gold`
reads and validates a gold file.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kgbuild.errors import InputError
from kgbuild.ontology import (
    ENTITY_CLASSES,
    EVENT_CLASSES,
    RELATION_PROPERTIES,
    KG,
    KG_IRI,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
)

__all__ = [
    "RELATION_PREDICATES",
    "SYMMETRIC_PREDICATES",
    "Score",
    "GoldEntityRef",
    "Duplicate",
    "OverMerge",
    "NoiseEntity",
    "TypeMismatch",
    "RelationRef",
    "GoldEventRef",
    "EvaluationReport",
    "normalise_label",
    "load_gold",
    "validate_gold",
    "evaluate_graph",
    "format_report",
    "report_as_dict",
]

RELATION_PREDICATES: tuple[str, ...] = tuple(p for p in RELATION_PROPERTIES if p not in ("near", "formerAllyOf"))
"""Local names of the ``kg:`` predicates a gold file's ``relations[]`` may use (all but kg:near and kg:formerAllyOf)."""

SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"allyOf", "enemyOf"})
"""Predicates always matched in either direction, whatever the gold ``symmetric`` flag says."""

_LABEL_PREDICATES: tuple[URIRef, ...] = (
    RDFS.label,
    SKOS.prefLabel,
    SCHEMA.name,
    URIRef("http://schema.org/name"),
    SKOS.altLabel,
)
"""Label predicates, in the order used to pick the one label shown for an entity."""

_EVENT_ACTOR_PREDICATES: tuple[URIRef, ...] = (SEM.hasActor, KG.attacker, KG.target)

_APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032")
"""Characters deleted outright (not turned into a space) when normalising."""


# --------------------------------------------------------------------------------------------
# Report data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """A fraction ``numerator/denominator``; :attr:`value` is ``None`` (n/a) when the total is 0."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The fraction, or ``None`` when the denominator is 0."""
        return None if self.denominator == 0 else self.numerator / self.denominator

    def __str__(self) -> str:
        value = self.value
        pct = "n/a" if value is None else f"{100 * value:.1f}%"
        return f"{f'{self.numerator}/{self.denominator}':<7} {pct:>6}"


@dataclass(frozen=True)
class GoldEntityRef:
    """A gold entity, as shown in lists of misses."""

    id: str
    type: str
    name: str
    core: bool


@dataclass(frozen=True)
class Duplicate:
    """A gold entity matched by two or more output entities."""

    gold_id: str
    output_labels: tuple[str, ...]
    output_iris: tuple[str, ...]


@dataclass(frozen=True)
class OverMerge:
    """An output entity matching two or more gold entities."""

    output_label: str
    output_iri: str
    gold_ids: tuple[str, ...]


@dataclass(frozen=True)
class NoiseEntity:
    """An output entity one of whose labels is a gold ``noise`` string."""

    output_label: str
    output_iri: str
    noise: str


@dataclass(frozen=True)
class TypeMismatch:
    """A matched (output, gold) pair whose classes differ."""

    gold_id: str
    gold_type: str
    output_label: str
    output_type: str


@dataclass(frozen=True)
class RelationRef:
    """A relation in gold-id terms (``s p o``), with the output labels when it comes from output."""

    s: str
    p: str
    o: str
    s_label: str = ""
    o_label: str = ""

    def __str__(self) -> str:
        text = f"{self.s} {self.p} {self.o}"
        if self.s_label or self.o_label:
            text += f'  ("{self.s_label}" -> "{self.o_label}")'
        return text


@dataclass(frozen=True)
class GoldEventRef:
    """A gold event, as shown in lists of misses."""

    id: str
    type: str
    place: str | None
    core: bool


@dataclass(frozen=True)
class EvaluationReport:
    """Every figure of one evaluation. Lists are sorted, so two runs print identically.

    ``relation_precision`` counts, among the *scored* output relations, those that match a gold
    relation. A scored output relation is a triple ``s kg:P o`` where ``P`` is one of
    :data:`RELATION_PREDICATES`, and both ``s`` and ``o`` are output entities that each match
    exactly one gold entity (unmatched and over-merged ends make a relation unscored:
    ``unscored_relation_count``). Its denominator is 0, and the value n/a, when there is no
    scored output relation.
    """

    gold_doc: str | None
    gold_entity_count: int
    gold_core_entity_count: int
    output_entity_count: int
    entity_recall: Score
    core_entity_recall: Score
    missed_entities: tuple[GoldEntityRef, ...]
    duplicates: tuple[Duplicate, ...]
    over_merges: tuple[OverMerge, ...]
    noise_entities: tuple[NoiseEntity, ...]
    type_accuracy: Score
    type_mismatches: tuple[TypeMismatch, ...]
    unmatched_entities: tuple[str, ...]
    gold_relation_count: int
    output_relation_count: int
    unscored_relation_count: int
    relation_recall: Score
    relation_precision: Score
    missed_relations: tuple[RelationRef, ...]
    wrong_relations: tuple[RelationRef, ...]
    gold_event_count: int
    gold_core_event_count: int
    output_event_count: int
    event_recall: Score
    core_event_recall: Score
    missed_events: tuple[GoldEventRef, ...]


# --------------------------------------------------------------------------------------------
# Normalisation and gold loading
# --------------------------------------------------------------------------------------------


def normalise_label(text: str) -> str:
    """Fold a label or alias for comparison under the gold matching rule.

    Case is folded, accents are removed (NFKD, combining marks dropped), apostrophes are
    deleted, every other punctuation or symbol character (hyphens, quotes, dots, slashes...)
    becomes a space, whitespace is collapsed, and a leading "the " is dropped. So
    "Ukrainian-Americans" and "Ukrainian Americans" both read "ukrainian americans",
    "Tin-Zaouatene" reads "tin zaouatene", and "Assimi Goïta" reads "assimi goita".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    chars: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) or char in _APOSTROPHES:
            continue
        category = unicodedata.category(char)
        chars.append(" " if category[0] in "PSZC" else char)
    folded = " ".join("".join(chars).casefold().split())
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def _fail(source: str, problem: str, fix: str) -> InputError:
    return InputError(f"{source}: {problem}; {fix}")


def _check_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def validate_gold(gold: Any, source: str = "gold") -> dict:
    """Check that ``gold`` has the shape described in ``shared/gold/README.md``; return it.

    ``source`` names the file in error messages. Raises :class:`~kgbuild.errors.InputError`
    on the first problem found, with a one-line message naming the source, the problem and the
    fix. Only ``entities`` is required; ``noise``, ``relations`` and ``events`` are optional.
    """
    if not isinstance(gold, dict):
        raise _fail(
            source, "the gold file is not a JSON object", 'write it as {"entities": [...], ...}'
        )
    entities = gold.get("entities")
    if not isinstance(entities, list):
        raise _fail(
            source,
            'missing "entities" list',
            'add "entities": [{"id": ..., "type": ..., "aliases": [...]}, ...]',
        )
    ids: set[str] = set()
    for index, entity in enumerate(entities):
        where = f"entities[{index}]"
        if not isinstance(entity, dict):
            raise _fail(
                source, f"{where} is not an object", "give each entity id, type and aliases"
            )
        for key in ("id", "type"):
            if not isinstance(entity.get(key), str) or not entity[key]:
                raise _fail(source, f'{where} has no "{key}" string', f'add "{key}" to that entity')
        if not _check_str_list(entity.get("aliases")):
            raise _fail(
                source,
                f'{where} ({entity["id"]}) has no "aliases" list of strings',
                'add "aliases": ["name as written", ...]',
            )
        if "core" in entity and not isinstance(entity["core"], bool):
            raise _fail(
                source, f'{where} ({entity["id"]}): "core" is not true/false', "use true or false"
            )
        if entity["id"] in ids:
            raise _fail(
                source, f'entity id "{entity["id"]}" is used twice', "give each entity its own id"
            )
        ids.add(entity["id"])
    if "noise" in gold and not _check_str_list(gold["noise"]):
        raise _fail(source, '"noise" is not a list of strings', 'write "noise": ["Kyiv Post", ...]')
    relations = gold.get("relations", [])
    if not isinstance(relations, list):
        raise _fail(
            source,
            '"relations" is not a list',
            'write "relations": [{"s": ..., "p": ..., "o": ...}]',
        )
    for index, relation in enumerate(relations):
        where = f"relations[{index}]"
        if not isinstance(relation, dict):
            raise _fail(source, f"{where} is not an object", "give each relation s, p and o")
        for key in ("s", "o"):
            if relation.get(key) not in ids:
                raise _fail(
                    source,
                    f'{where} "{key}" is {relation.get(key)!r}, not an entity id',
                    "use the id of an entity listed in entities",
                )
        if relation.get("p") not in RELATION_PREDICATES:
            raise _fail(
                source,
                f'{where} "p" is {relation.get("p")!r}',
                f"use one of {', '.join(RELATION_PREDICATES)}",
            )
        alt_o = relation.get("alt_o", [])
        if not _check_str_list(alt_o) or any(item not in ids for item in alt_o):
            raise _fail(
                source, f'{where} "alt_o" is not a list of entity ids', "list entity ids there"
            )
    events = gold.get("events", [])
    if not isinstance(events, list):
        raise _fail(source, '"events" is not a list', 'write "events": [{"id": ..., "type": ...}]')
    for index, event in enumerate(events):
        where = f"events[{index}]"
        if not isinstance(event, dict):
            raise _fail(source, f"{where} is not an object", "give each event id and type")
        for key in ("id", "type"):
            if not isinstance(event.get(key), str) or not event[key]:
                raise _fail(source, f'{where} has no "{key}" string', f'add "{key}" to that event')
        place = event.get("place")
        if place is not None and place not in ids:
            raise _fail(
                source,
                f'{where} "place" is {place!r}, not an entity id',
                "use an entity id or null",
            )
        participants = event.get("participants", [])
        if not _check_str_list(participants) or any(item not in ids for item in participants):
            raise _fail(
                source,
                f'{where} "participants" is not a list of entity ids',
                "list entity ids there",
            )
    return gold


def load_gold(path: Path) -> dict:
    """Read and validate a gold JSON file; raise :class:`~kgbuild.errors.InputError` if unusable."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise _fail(
            source, "gold file not found", "check the path (gold files live in shared/gold/)"
        )
    if not path.is_file():
        raise _fail(source, "not a file", "give the path of a gold .json file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(
            source,
            f"cannot be read ({exc.__class__.__name__}: {exc})",
            "check the file's permissions and UTF-8 encoding",
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            source,
            f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})",
            "fix the JSON syntax there",
        ) from exc
    return validate_gold(data, source)


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


def _local_name(iri: Node) -> str | None:
    text = str(iri)
    return text[len(KG_IRI) :] if isinstance(iri, URIRef) and text.startswith(KG_IRI) else None


def _labels(graph: Graph, node: Node) -> list[str]:
    labels: list[str] = []
    for predicate in _LABEL_PREDICATES:
        values = sorted(
            str(value) for value in graph.objects(node, predicate) if isinstance(value, Literal)
        )
        labels.extend(value for value in values if value not in labels)
    return labels


def _specific_type(classes: Iterable[str]) -> str:
    """The most specific ``kg:`` entity class(es) of an entity, as one string."""
    names = set(classes)
    if len(names) > 1:
        names.discard("Actor")
    if "Country" in names:
        names.discard("Place")
    return "/".join(sorted(names))


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


def evaluate_graph(graph: Graph, gold: Mapping[str, Any]) -> EvaluationReport:
    """Score ``graph`` against a gold annotation (as returned by :func:`load_gold`).

    ``gold`` is validated first (an :class:`~kgbuild.errors.InputError` names it "gold").
    See the module docstring for the matching rule and :class:`EvaluationReport` for what each
    figure counts.
    """
    gold = validate_gold(dict(gold))
    gold_entities: list[dict] = gold["entities"]

    alias_index: dict[str, set[str]] = defaultdict(set)
    for entity in gold_entities:
        for alias in entity["aliases"]:
            key = normalise_label(alias)
            if key:
                alias_index[key].add(entity["id"])
    noise_index: dict[str, str] = {}
    for noise in gold.get("noise", []):
        key = normalise_label(noise)
        if key:
            noise_index.setdefault(key, noise)

    # ---- output entities and their matches
    classes_of: dict[Node, set[str]] = defaultdict(set)
    for name in ENTITY_CLASSES:
        for subject in graph.subjects(RDF.type, KG[name]):
            classes_of[subject].add(name)
    outputs: dict[Node, _OutputEntity] = {}
    for node, classes in classes_of.items():
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
    unique_map: dict[Node, str] = {
        out.node: next(iter(out.gold_ids)) for out in ordered if len(out.gold_ids) == 1
    }

    core_ids = [entity["id"] for entity in gold_entities if entity.get("core", False)]
    found_ids = set(matched_by)
    missed = tuple(
        GoldEntityRef(
            e["id"],
            e["type"],
            e["aliases"][0] if e["aliases"] else e["id"],
            bool(e.get("core", False)),
        )
        for e in gold_entities
        if e["id"] not in found_ids
    )
    duplicates = tuple(
        Duplicate(
            gold_id,
            tuple(out.display for out in matched_by[gold_id]),
            tuple(str(out.node) for out in matched_by[gold_id]),
        )
        for gold_id in (e["id"] for e in gold_entities)
        if len(matched_by.get(gold_id, ())) >= 2
    )
    over_merges = tuple(
        OverMerge(out.display, str(out.node), tuple(sorted(out.gold_ids)))
        for out in ordered
        if len(out.gold_ids) >= 2
    )
    noise_entities = tuple(
        NoiseEntity(out.display, str(out.node), out.noise)
        for out in ordered
        if out.noise is not None
    )
    unmatched = tuple(out.display for out in ordered if not out.gold_ids and out.noise is None)

    type_pairs = 0
    type_right = 0
    mismatches: list[TypeMismatch] = []
    for entity in gold_entities:
        for out in matched_by.get(entity["id"], ()):
            type_pairs += 1
            output_type = _specific_type(out.classes)
            if output_type == entity["type"]:
                type_right += 1
            else:
                mismatches.append(
                    TypeMismatch(entity["id"], entity["type"], out.display, output_type)
                )

    # ---- relations
    accepted: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    gold_relations: list[dict] = gold.get("relations", [])
    for index, relation in enumerate(gold_relations):
        predicate, subject = relation["p"], relation["s"]
        symmetric = bool(relation.get("symmetric", False)) or predicate in SYMMETRIC_PREDICATES
        for obj in [relation["o"], *relation.get("alt_o", [])]:
            accepted[(predicate, subject, obj)].add(index)
            if symmetric:
                accepted[(predicate, obj, subject)].add(index)

    output_relation_count = 0
    scored = 0
    correct = 0
    found_relations: set[int] = set()
    wrong: list[RelationRef] = []
    for predicate in RELATION_PREDICATES:
        for subject, obj in graph.subject_objects(KG[predicate]):
            if subject not in outputs or obj not in outputs:
                continue
            output_relation_count += 1
            gold_s, gold_o = unique_map.get(subject), unique_map.get(obj)
            if gold_s is None or gold_o is None:
                continue
            scored += 1
            hits = accepted.get((predicate, gold_s, gold_o))
            if hits:
                correct += 1
                found_relations |= hits
            else:
                wrong.append(
                    RelationRef(
                        gold_s, predicate, gold_o, outputs[subject].display, outputs[obj].display
                    )
                )
    missed_relations = tuple(
        RelationRef(r["s"], r["p"], r["o"])
        for i, r in enumerate(gold_relations)
        if i not in found_relations
    )

    # ---- events
    event_classes: dict[Node, set[str]] = defaultdict(set)
    for name in EVENT_CLASSES:
        for subject in graph.subjects(RDF.type, KG[name]):
            event_classes[subject].add(name)
    output_events: list[tuple[set[str], set[str], set[str]]] = []
    for node, classes in event_classes.items():
        places = {unique_map[p] for p in graph.objects(node, SEM.hasPlace) if p in unique_map}
        actors = {
            unique_map[a]
            for predicate in _EVENT_ACTOR_PREDICATES
            for a in graph.objects(node, predicate)
            if a in unique_map
        }
        output_events.append((classes, places, actors))

    gold_events: list[dict] = gold.get("events", [])
    found_events: set[str] = set()
    for event in gold_events:
        place = event.get("place")
        participants = set(event.get("participants", []))
        for classes, places, actors in output_events:
            if event["type"] not in classes:
                continue
            if (place is not None and place in places) or (place is None and actors & participants):
                found_events.add(event["id"])
                break
    core_events = [event for event in gold_events if event.get("core", False)]
    missed_events = tuple(
        GoldEventRef(e["id"], e["type"], e.get("place"), bool(e.get("core", False)))
        for e in gold_events
        if e["id"] not in found_events
    )

    return EvaluationReport(
        gold_doc=gold.get("doc") if isinstance(gold.get("doc"), str) else None,
        gold_entity_count=len(gold_entities),
        gold_core_entity_count=len(core_ids),
        output_entity_count=len(outputs),
        entity_recall=Score(len(found_ids), len(gold_entities)),
        core_entity_recall=Score(sum(1 for i in core_ids if i in found_ids), len(core_ids)),
        missed_entities=missed,
        duplicates=duplicates,
        over_merges=over_merges,
        noise_entities=noise_entities,
        type_accuracy=Score(type_right, type_pairs),
        type_mismatches=tuple(mismatches),
        unmatched_entities=unmatched,
        gold_relation_count=len(gold_relations),
        output_relation_count=output_relation_count,
        unscored_relation_count=output_relation_count - scored,
        relation_recall=Score(len(found_relations), len(gold_relations)),
        relation_precision=Score(correct, scored),
        missed_relations=missed_relations,
        wrong_relations=tuple(sorted(wrong, key=lambda r: (r.s, r.p, r.o, r.s_label, r.o_label))),
        gold_event_count=len(gold_events),
        gold_core_event_count=len(core_events),
        output_event_count=len(output_events),
        event_recall=Score(len(found_events), len(gold_events)),
        core_event_recall=Score(
            sum(1 for e in core_events if e["id"] in found_events), len(core_events)
        ),
        missed_events=missed_events,
    )


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def format_report(report: EvaluationReport) -> str:
    """Render ``report`` as aligned plain text (no colour codes), ending with a newline."""
    rows: list[tuple[str, str] | str] = []

    def row(label: str, value: object) -> None:
        rows.append((label, str(value)))

    rows.append("Entities")
    row("gold entities", f"{report.gold_entity_count} ({report.gold_core_entity_count} core)")
    row("output entities", report.output_entity_count)
    row("entity recall", report.entity_recall)
    row("core entity recall", report.core_entity_recall)
    row("type accuracy", f"{report.type_accuracy}  (of matched output/gold pairs)")
    row("duplicates", len(report.duplicates))
    row("over-merges", len(report.over_merges))
    row("noise entities", len(report.noise_entities))
    row("unmatched output entities", len(report.unmatched_entities))
    rows.append("Relations")
    row("gold relations", report.gold_relation_count)
    scored = report.output_relation_count - report.unscored_relation_count
    row(
        "output relations",
        f"{report.output_relation_count} ({scored} scored: both ends matched to one gold entity)",
    )
    row("relation recall", report.relation_recall)
    row("relation precision", f"{report.relation_precision}  (of scored output relations)")
    rows.append("Events")
    row("gold events", f"{report.gold_event_count} ({report.gold_core_event_count} core)")
    row("output events", report.output_event_count)
    row("event recall", report.event_recall)
    row("core event recall", report.core_event_recall)

    width = max(len(r[0]) for r in rows if isinstance(r, tuple)) + 2
    title = "Evaluation against gold" + (f" {report.gold_doc}" if report.gold_doc else "")
    lines = [title, "=" * len(title)]
    for item in rows:
        if isinstance(item, str):
            lines.append(item)
        else:
            lines.append(f"  {item[0]:<{width}}{item[1]}")

    def section(heading: str, key: str, items: Iterable[str]) -> None:
        items = list(items)
        lines.append("")
        lines.append(f"{heading} ({len(items)})" + (f"  [{key}]" if key and items else "") + ":")
        if items:
            lines.extend(f"  {text}" for text in items)
        else:
            lines.append("  (none)")

    section(
        "Missed entities",
        "* = core",
        (f'{"*" if m.core else " "} {m.id} ({m.type}): "{m.name}"' for m in report.missed_entities),
    )
    section(
        "Duplicates",
        "gold id: output labels",
        (
            f"{d.gold_id}: " + "; ".join(f'"{label}"' for label in d.output_labels)
            for d in report.duplicates
        ),
    )
    section(
        "Over-merges",
        "output label: gold ids",
        (f'"{o.output_label}": {", ".join(o.gold_ids)}' for o in report.over_merges),
    )
    section(
        "Noise entities",
        "output label: noise string",
        (f'"{n.output_label}": "{n.noise}"' for n in report.noise_entities),
    )
    section(
        "Type mismatches",
        "gold id: gold type -> output type (output label)",
        (
            f'{t.gold_id}: {t.gold_type} -> {t.output_type or "?"} ("{t.output_label}")'
            for t in report.type_mismatches
        ),
    )
    section("Unmatched output entities", "", (f'"{label}"' for label in report.unmatched_entities))
    section("Missed relations", "", (str(r) for r in report.missed_relations))
    section(
        "Scored output relations matching no gold relation",
        "",
        (str(r) for r in report.wrong_relations),
    )
    section(
        "Missed events",
        "* = core",
        (
            f'{"*" if e.core else " "} {e.id} ({e.type}, place {e.place or "none"})'
            for e in report.missed_events
        ),
    )
    return "\n".join(lines) + "\n"


def _score_dict(score: Score) -> dict[str, Any]:
    return {"found": score.numerator, "total": score.denominator, "value": score.value}


def report_as_dict(report: EvaluationReport) -> dict[str, Any]:
    """JSON-ready form of ``report``; each score is ``{"found", "total", "value"}`` (null = n/a)."""
    return {
        "gold_doc": report.gold_doc,
        "entities": {
            "gold": report.gold_entity_count,
            "gold_core": report.gold_core_entity_count,
            "output": report.output_entity_count,
            "recall": _score_dict(report.entity_recall),
            "core_recall": _score_dict(report.core_entity_recall),
            "type_accuracy": _score_dict(report.type_accuracy),
            "missed": [
                {"id": m.id, "type": m.type, "name": m.name, "core": m.core}
                for m in report.missed_entities
            ],
            "duplicates": [
                {
                    "gold_id": d.gold_id,
                    "output_labels": list(d.output_labels),
                    "output_iris": list(d.output_iris),
                }
                for d in report.duplicates
            ],
            "over_merges": [
                {
                    "output_label": o.output_label,
                    "output_iri": o.output_iri,
                    "gold_ids": list(o.gold_ids),
                }
                for o in report.over_merges
            ],
            "noise": [
                {"output_label": n.output_label, "output_iri": n.output_iri, "noise": n.noise}
                for n in report.noise_entities
            ],
            "type_mismatches": [
                {
                    "gold_id": t.gold_id,
                    "gold_type": t.gold_type,
                    "output_label": t.output_label,
                    "output_type": t.output_type,
                }
                for t in report.type_mismatches
            ],
            "unmatched": list(report.unmatched_entities),
        },
        "relations": {
            "gold": report.gold_relation_count,
            "output": report.output_relation_count,
            "unscored": report.unscored_relation_count,
            "recall": _score_dict(report.relation_recall),
            "precision": _score_dict(report.relation_precision),
            "missed": [{"s": r.s, "p": r.p, "o": r.o} for r in report.missed_relations],
            "wrong": [
                {"s": r.s, "p": r.p, "o": r.o, "s_label": r.s_label, "o_label": r.o_label}
                for r in report.wrong_relations
            ],
        },
        "events": {
            "gold": report.gold_event_count,
            "gold_core": report.gold_core_event_count,
            "output": report.output_event_count,
            "recall": _score_dict(report.event_recall),
            "core_recall": _score_dict(report.core_event_recall),
            "missed": [
                {"id": e.id, "type": e.type, "place": e.place, "core": e.core}
                for e in report.missed_events
            ],
        },
    }
