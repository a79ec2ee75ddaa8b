"""Quality stage: the records an evaluation is made of (:mod:`kgbuild.quality.score` fills them,
:mod:`kgbuild.quality.report` prints them).

A report has three sections, entities, relations and events; each holds its counts, its
:class:`Score` fractions and the sorted lists of what was missed or wrong, so that two runs print
identically.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Score",
    "GoldEntityRef",
    "Duplicate",
    "OverMerge",
    "NoiseEntity",
    "TypeMismatch",
    "RelationRef",
    "GoldEventRef",
    "Coverage",
    "EntityScores",
    "RelationScores",
    "EventScores",
    "EvaluationReport",
]


@dataclass(frozen=True)
class Score:
    """A fraction ``numerator/denominator``; :attr:`value` is ``None`` (n/a) when the total is 0."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The fraction, or ``None`` when the denominator is 0."""
        return None if self.denominator == 0 else self.numerator / self.denominator

    def __add__(self, other: Score) -> Score:
        """Micro-averaging: counts are summed, so a large article weighs more than a short one."""
        return Score(self.numerator + other.numerator, self.denominator + other.denominator)

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
    """A gold entity matched by two or more output entities (labels and IRIs in one order)."""

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
class Coverage:
    """What the entity and event sections share: how many gold items there are (and core ones),
    how many the graph has, and how many gold items (all, and core) it found."""

    gold: int
    gold_core: int
    output: int
    recall: Score
    core_recall: Score


@dataclass(frozen=True)
class EntityScores(Coverage):
    """How the graph's entities match the gold ones. ``core_typed_recall`` counts the core gold
    entities matched by a node of the gold class or one of its subclasses (a ``kg:Country`` node
    for a gold ``Place``, not the other way round)."""

    core_typed_recall: Score
    type_accuracy: Score
    missed: tuple[GoldEntityRef, ...]
    duplicates: tuple[Duplicate, ...]
    over_merges: tuple[OverMerge, ...]
    noise: tuple[NoiseEntity, ...]
    type_mismatches: tuple[TypeMismatch, ...]
    unmatched: tuple[str, ...]

    @property
    def extra_nodes(self) -> int:
        """Output nodes beyond the first for each gold entity: one matched by 3 nodes counts 2."""
        return sum(len(d.output_iris) - 1 for d in self.duplicates)


@dataclass(frozen=True)
class RelationScores:
    """How the graph's ``kg:`` relations match the gold ones.

    ``precision`` counts, among the *scored* output relations, those that match a gold relation.
    A scored output relation is a triple ``s kg:P o`` where ``P`` is one of
    :data:`~kgbuild.quality.gold.RELATION_PREDICATES`, and both ``s`` and ``o`` are output
    entities that each match exactly one gold entity (unmatched and over-merged ends make a
    relation unscored: ``unscored``). Its denominator is 0, and the value n/a, when there is no
    scored output relation.
    """

    gold: int
    output: int
    unscored: int
    recall: Score
    precision: Score
    missed: tuple[RelationRef, ...]
    wrong: tuple[RelationRef, ...]


@dataclass(frozen=True)
class EventScores(Coverage):
    """How the graph's events match the gold ones.

    ``recall`` and ``core_recall`` find a gold event by an output event of its type at its place
    (or, for a gold event without place, with one of its participants). ``anchored_core_recall``
    asks more: the type, the gold place when there is one, and at least one gold participant when
    the gold lists any. ``figure_recall`` counts the integer gold figures carried by an output
    event that matches its gold event in that anchored way.
    """

    anchored_core_recall: Score
    figure_recall: Score
    missed: tuple[GoldEventRef, ...]


@dataclass(frozen=True)
class EvaluationReport:
    """Every figure of one evaluation. Lists are sorted, so two runs print identically."""

    gold_doc: str | None
    entities: EntityScores
    relations: RelationScores
    events: EventScores
