"""What the mention rules of ``mentions.py`` and ``nominals.py`` share: their configuration
(:class:`MentionRules`), the vocabulary classes names are given, and how a mention's provenance is
made. Extract stage; no rule lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from spacy.tokens import Doc, Span

from kgbuild.extract.furniture import Line
from kgbuild.types import FoundBy, Lexicon, Provenance

__all__ = ["EXTRACTOR", "NER_CLASSES", "KG_LABELS", "MentionRules", "has_class", "mention_provenance", "in_lines",
           "qualifies_with_participle"]

EXTRACTOR = "kgbuild.entities.v1"

NER_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "EthnicGroup",
}
"""The statistical model's labels as vocabulary classes, before context corrects them."""

KG_LABELS = frozenset(
    {"Person", "ArmedGroup", "StateForce", "Government", "Organization", "EthnicGroup", "Place", "Country"}
)
"""Entity labels that are already vocabulary classes (set by the registry's entity ruler)."""


def has_class(ent: Span) -> bool:
    """Whether an entity's label is one the graph has a class for: a name the model labelled
    otherwise ("Souleymane Dembele" as a WORK_OF_ART, "Agadez" as a PRODUCT) hides no name."""
    return ent.label_ in KG_LABELS or ent.label_ in NER_CLASSES


def qualifies_with_participle(ent: Span, lex: Lexicon) -> bool:
    """"*Rwanda*-backed rebels", "*Islamic State*-linked extremists", "*Tutsi*-led M23": the name
    is the description's backer or patron (a relation of its own), not whose rebels they are."""
    doc = ent.doc
    return (ent.end + 1 < len(doc) and doc[ent.end].text == "-" and not doc[ent.end - 1].whitespace_
            and doc[ent.end + 1].lower_ in lex.mentions["qualifying_participles"])


@dataclass(frozen=True, slots=True)
class MentionRules:
    """The lexicon and gazetteer facts the rules need, as plain values.

    ``lexicon`` may be given as the JSON values of a spaCy config: it is made a :class:`Lexicon`."""

    lexicon: Lexicon
    demonyms: dict[str, str]
    """Lower-case demonym → registry key of the country."""
    regions: frozenset[str]
    countries: dict[str, str]
    """Lower-case country name or alias → registry key."""
    known_words: frozenset[str] = field(default=frozenset(), compare=False)
    """Every kind word of the lexicon (modifiers, heads, synonyms): derived from ``lexicon``."""

    def __post_init__(self) -> None:
        if isinstance(self.lexicon, Mapping):
            object.__setattr__(self, "lexicon", Lexicon.from_config(self.lexicon))
        lex = self.lexicon
        known = set(lex.modifier_kinds) | set(lex.nominal_heads)
        for words in lex.kind_synonyms.values():
            known.update(words)
        object.__setattr__(self, "known_words", frozenset(known))


def mention_provenance(doc: Doc, start: int, end: int, sent: Span, how: FoundBy) -> Provenance:
    """Where a mention found ``how`` was read; its confidence comes from ``how``."""
    return Provenance(
        doc_id=doc.user_data.get("kg_doc_id", ""),
        char_start=start,
        char_end=end,
        sentence=sent.text.strip(),
        extractor=EXTRACTOR,
        confidence=how.confidence,
    )


def in_lines(start: int, end: int, lines: Sequence[Line]) -> bool:
    """Whether the span lies inside one of ``lines`` (page furniture)."""
    return any(s <= start and end <= e for s, e in lines)
