"""Plain records handed from stage to stage (no spaCy or rdflib objects cross a stage border)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, Mapping

__all__ = [
    "Document",
    "Provenance",
    "FoundBy",
    "MENTION_CONFIDENCE",
    "Mention",
    "Entity",
    "RelationMention",
    "Figure",
    "FigureMention",
    "EventMention",
    "Statement",
    "ClaimMention",
    "Extraction",
    "Relation",
    "Event",
    "CasualtyFigure",
    "Claim",
    "Facts",
    "RegistryEntry",
    "Registry",
    "Lexicon",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One input article: its text and what is known about it."""

    doc_id: str
    """Hex SHA-256 of ``text``; the document's identity."""
    text: str
    source: str
    """The path it was read from, or ``<stdin>``."""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    """ISO date (YYYY-MM-DD) of publication, when known."""
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact was read: made once in extract/, rendered to PROV only in graph/provenance.py."""

    doc_id: str
    char_start: int
    char_end: int
    sentence: str
    extractor: str
    """Versioned name of the rule set that produced the fact, e.g. ``kgbuild.entities.v1``."""
    confidence: float


class FoundBy(str, Enum):
    """How a mention was found: what decided that it is a mention, and of which class."""

    REGISTRY = "registry"
    """A registry name (the entity ruler), or a country or region of the gazetteers."""
    CONTEXT = "context"
    """The words around a name ("the town of X", "Colonel X", "X, a spokesman")."""
    PREPOSITION = "preposition"
    """A preposition of place before a name the model read otherwise ("in Bukavu"): a clue that
    counts against the model, but not one that settles the class alone ("specialising in X")."""
    NER = "ner"
    """The statistical model's label alone."""
    NOMINAL = "nominal"
    """A description ("the army", "Malian troops", "Wagner fighters")."""
    COREFERENCE = "coreference"
    """A pronoun or role description that reports speech ("he added"), tied to the speaker before it."""

    @property
    def confidence(self) -> float:
        """The confidence written to the graph (``kg:confidence``) for a mention found this way."""
        return MENTION_CONFIDENCE[self]


MENTION_CONFIDENCE: Mapping[FoundBy, float] = {
    FoundBy.REGISTRY: 0.95,
    FoundBy.CONTEXT: 0.85,
    FoundBy.PREPOSITION: 0.8,
    FoundBy.NER: 0.75,
    FoundBy.COREFERENCE: 0.7,
    FoundBy.NOMINAL: 0.6,
}
"""The one table from how a mention was found to the confidence on its provenance."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A stretch of text that refers to an actor or place."""

    text: str
    entity_class: str
    """Local name of a vocabulary class (``Person``, ``ArmedGroup`` ...)."""
    kind: str
    """``name`` (a proper name), ``nominal`` (a description such as "the army") or ``demonym``."""
    plural: bool = False
    """For nominals: a plural description ("troops"), which may join an actor but never creates one."""
    provenance: Provenance
    """Its ``confidence`` is ``found_by.confidence``."""
    found_by: FoundBy
    registry_key: str | None = None
    """Key of the registry entry it was matched to, if any."""
    anchor: str | None = None
    """For nominals: the name or demonym that ties it to another entity ("Malian" in "Malian troops")."""
    anchor_kind: str | None = None
    """``country`` (a demonym or country name), ``name`` (a proper name), ``possessor``, or
    ``qualifier`` (a backer or patron joined by a participle: "Rwanda-backed", "Islamic
    State-linked"; the description is never that entity), or ``kind`` (the kind word before an event
    noun: "a *jihadist* attack" joins the article's group of that kind, never makes one). A country's
    name is ``patron`` where it says whose a group is ("Russia's Wagner Group", "Russia-backed"),
    which does not count towards the country of the article."""
    descriptors: tuple[str, ...] = ()
    """Common nouns and adjectives that describe what it refers to ("separatist", "movement")."""

    def __post_init__(self) -> None:
        if not isinstance(self.found_by, FoundBy):  # read back from JSON records as its value
            object.__setattr__(self, "found_by", FoundBy(self.found_by))


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world actor or place, with every name it was called and every mention."""

    key: str
    """Stable key the IRI is minted from (class and canonical name, or registry key)."""
    label: str
    """The name it is shown by: the registry's label, else its longest proper name."""
    entity_class: str
    alt_labels: tuple[str, ...]
    mentions: tuple[Mention, ...]
    same_as: tuple[str, ...] = ()
    """Verified Wikidata ids (``Q912``)."""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str | None = None


# --- facts as read from one document: they point at mentions by their start offset ---------------

@dataclass(frozen=True, slots=True, kw_only=True)
class RelationMention:
    """A relation stated in one sentence, between two mentions of the same document."""

    predicate: str
    """Local name of a kg: relation (``leaderOf``, ``allyOf`` ...)."""
    subject: int
    """``char_start`` of the subject's mention."""
    object: int
    provenance: Provenance
    ended: bool = False
    """A relation the text says is over ("abandoned its alliance with France")."""
    claim: str | None = None
    """Key of the claim it was read inside, when it is only somebody's word."""
    object_name: str | None = None
    """The object's words when no mention covers them (a demonym inside another mention:
    "*Rwandan*-backed rebels"); the resolver looks the country up by name or demonym."""
    of_the_country: bool = False
    """The object is the country the article is about, which the sentence leaves unsaid
    ("President X" leads the country; ``object`` is then the subject's offset too)."""
    subject_name: str | None = None
    """The subject's words when no mention covers them ("the *French* base at Kamboinsin"): the
    resolver looks the country up by name or demonym; ``subject`` is then the object's offset."""
    fallback: bool = False
    """Stands only where no other relation of its predicate leaves the subject ("the town of
    Koutougou" lies in the country the story happens in, unless a sentence places it)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """What every casualty figure says, as read and as resolved (build them with keywords)."""

    figure_text: str
    """The words of the figure ("at least 17", "dozens")."""
    category: str
    """What happened to the victims: ``killed``, ``wounded``, ``captured``, ``killed or captured`` ..."""
    count: int | None = None
    min_count: int | None = None
    max_count: int | None = None
    provenance: Provenance
    qualifier: str | None = None
    claim: str | None = None
    """Key of the claim it was read inside, when it is only somebody's word."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FigureMention(Figure):
    """A casualty figure as written: "at least 17", "dozens" of fighters "killed or taken prisoner"."""

    victim: int | None = None
    """``char_start`` of the mention of the victims' side."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EventMention:
    """One sentence's account of something that happened."""

    event_class: str
    trigger: str
    place: int | None = None
    place_within: bool = False
    """The event happened at an unnamed town inside ``place`` ("in a camp in North Darfur state")."""
    actors: tuple[int, ...] = ()
    attackers: tuple[int, ...] = ()
    targets: tuple[int, ...] = ()
    provenance: Provenance
    times: tuple[str, ...] = ()
    """Time expressions as written ("on Saturday", "In 2023")."""
    figures: tuple[FigureMention, ...] = ()
    claim: str | None = None
    negated: bool = False
    hedged: bool = False
    civilian_victims: bool = False
    """The sentence says the victims were civilians ("killed 25 civilians", "worshippers")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """What every claim says, as read and as resolved (build them with keywords)."""

    key: str
    statement: str
    source_description: str | None = None
    """The words for an unnamed source ("a local politician")."""
    provenance: Provenance
    hedged: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimMention(Statement):
    """Something a source asserted in one document."""

    speaker: int | None = None
    """``char_start`` of the speaker's mention, when the speaker is an actor of the graph."""
    about: tuple[int, ...] = ()
    """``char_start`` of the mentions of the actors it is about."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything read from one document."""

    doc_id: str
    mentions: tuple[Mention, ...] = ()
    relations: tuple[RelationMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    claims: tuple[ClaimMention, ...] = ()
    figures: tuple[FigureMention, ...] = ()
    """Casualty figures no event of their sentence took ("the death toll was at least 17")."""


# --- resolved facts: they point at entities, events and claims by key -----------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class CasualtyFigure(Figure):
    """A number of victims as one source gave it."""

    victim_side: str | None = None
    claimed_by: str | None = None
    source_description: str | None = None
    key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    """A direct relation between two entities (``kg:leaderOf`` ...), with its evidence."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Provenance, ...]
    claims: tuple[str, ...] = ()
    """Claims it was read in; empty when the text states it as fact at least once."""
    ended: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happened: a battle, a capture, a coup ..."""

    key: str
    place: str | None = None
    """Entity key of where it happened."""
    event_class: str
    label: str
    actors: tuple[str, ...] = ()
    """Entity keys of participants whose side the text does not tell."""
    attackers: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    time_text: str | None = None
    """The words that date it ("on Saturday"), as written."""
    begin: str | None = None
    end: str | None = None
    time_precision: str | None = None
    """``day``, ``month`` or ``year``: how much of ``begin`` the text really gives."""
    evidence: tuple[Provenance, ...]
    """Every sentence that reports it, headline and background mentions included."""
    casualties: tuple[CasualtyFigure, ...] = ()
    claims: tuple[str, ...] = ()
    also_classes: tuple[str, ...] = ()
    """Further event classes it belongs to: an attack whose victims are civilians is also
    violence against civilians (ACLED counts it there)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim(Statement):
    """Something a source asserted, kept with who asserted it."""

    about: tuple[str, ...] = ()
    """Keys of the entities it is about."""
    claimed_by: str | None = None
    """Key of the entity that asserted it."""


@dataclass(frozen=True, slots=True)
class Facts:
    """The relations, events and claims resolved from a set of documents."""

    relations: tuple[Relation, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistryEntry:
    """A known actor or place: canonical name, class, aliases and verified identifiers."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    entity_class: str
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: str | None = None
    wikidata: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    """Keys of the entries it belongs to (an army to its country, a town to its region)."""


@dataclass(frozen=True, slots=True)
class Registry:
    """All known actors and places, keyed by ``RegistryEntry.key``."""

    entries: tuple[RegistryEntry, ...] = ()
    by_key: dict[str, RegistryEntry] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.by_key:
            self.by_key.update({e.key: e for e in self.entries})


# --- the lexicon: trigger words and word lists (ontologies/lexicon.json) ---------------------------

@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists the rules run on, one attribute per top-level section of ``lexicon.json``.

    Built (and checked) by ``kgbuild.knowledge``. Word lists are frozensets (every rule only asks
    whether a word is in one); objects are read-only mappings whose word lists are frozensets too;
    a list of objects, where order matters, is a tuple.
    Keys starting with ``_`` are comments and are dropped. spaCy component configs carry the lexicon
    as plain JSON values: :meth:`to_config` and :meth:`from_config` convert between the two.
    """

    nominal_heads: Mapping[str, Mapping[str, Any]]
    """Head noun of a description ("army", "rebel") → its class, kind and flags."""
    modifier_kinds: Mapping[str, Mapping[str, Any]]
    """Modifier word ("separatist", "junta") → the class and kind it gives a description."""
    kind_synonyms: Mapping[str, frozenset[str]]
    person_titles: frozenset[str]
    person_roles: frozenset[str]
    speech_verbs: frozenset[str]
    speech: Mapping[str, frozenset[str]]
    """Pronouns that report a named speaker's words, of a person or of a group."""
    alias_cues: frozenset[str]
    mentions: Mapping[str, Any]
    """Words read around names and descriptions; ``organization_keywords`` is an ordered tuple of
    {class, words} records (the first class whose word an organisation's name holds wins)."""
    claims: Mapping[str, frozenset[str]]
    place_prepositions: frozenset[str]
    strong_place_prepositions: frozenset[str]
    place_head_nouns: frozenset[str]
    furniture: Mapping[str, frozenset[str]]
    relations: Mapping[str, Any]
    events: Mapping[str, Any]
    figures: Mapping[str, Any]
    constructions: Mapping[str, Any] = field(default_factory=dict)
    """Pattern file stem ("relations", "events") → its DependencyMatcher constructions, as JSON
    values (from ``ontologies/patterns/<language>/``, not from ``lexicon.json``)."""

    @classmethod
    def sections(cls) -> tuple[str, ...]:
        """The top-level section names, as ``lexicon.json`` spells them."""
        return tuple(f.name for f in fields(cls) if f.name != "constructions")

    @classmethod
    def is_word_list(cls, section: str) -> bool:
        """Whether the section is a JSON list of words (else a JSON object)."""
        return next(f for f in fields(cls) if f.name == section).type.startswith("frozenset")

    @classmethod
    def from_config(cls, data: Mapping[str, Any]) -> Lexicon:
        """The record from the JSON values (``lexicon.json`` or a spaCy config); every section must
        be present (``kgbuild.knowledge`` checks that and reports a missing one)."""
        return cls(**{name: _freeze(data[name]) for name in cls.sections()},
                   constructions=dict(data.get("constructions") or {}))

    def to_config(self) -> dict[str, Any]:
        """Plain JSON values (lists sorted), for spaCy component configs."""
        config = {name: _thaw(getattr(self, name)) for name in self.sections()}
        config["constructions"] = dict(self.constructions)
        return config


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _freeze(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, (set, frozenset)) or (
        isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    ):
        return frozenset(value)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return [_thaw(v) for v in value]
    return value
