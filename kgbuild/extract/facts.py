"""Facts of a parsed Doc beyond its mentions: claims, casualty figures, relations and events."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from spacy.tokens import Doc

from kgbuild.extract.claims import extract_claims
from kgbuild.extract.constructions import compiled, fill_event_roles, match_relations, trigger_tokens
from kgbuild.extract.events import extract_events, town_by_town
from kgbuild.extract.figures import extract_figures
from kgbuild.extract.furniture import Line
from kgbuild.extract.index import Sentences, forget_index
from kgbuild.extract.relations import extract_relations, listed_places
from kgbuild.extract.mention_rules import EXTRACTOR as MENTION_EXTRACTOR
from kgbuild.extract.speech import voice_mentions
from kgbuild.extract.victims import fold_killings, mark_civilian_victims
from kgbuild.types import Extraction, Lexicon, Mention, RelationMention

__all__ = ["extract_facts"]

_LAST: list[tuple[Mapping[str, Any], Lexicon]] = []


def _as_lexicon(lexicon: Lexicon | Mapping[str, Any]) -> Lexicon:
    """The record for ``lexicon``, which a spaCy component may hand over as its config's JSON
    values: converted once per config (the last one is kept), not once per Doc."""
    if isinstance(lexicon, Lexicon):
        return lexicon
    if not _LAST or _LAST[0][0] is not lexicon:
        _LAST[:] = [(lexicon, Lexicon.from_config(lexicon))]
    return _LAST[0][1]


def extract_facts(
    doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon | Mapping[str, Any], furniture: Sequence[Line] = ()
) -> Extraction:
    """Everything read from ``doc``: its mentions with the claims, relations and events they take
    part in. Figures no event of their sentence takes stay on the extraction for the resolver.
    Nothing is read from page furniture."""
    lexicon = _as_lexicon(lexicon)
    sentence_of = Sentences(doc).of

    def kept(items):
        return [x for x in items if not any(s <= x.provenance.char_start < e for s, e in furniture)]

    claims = kept(extract_claims(doc, mentions, lexicon, sentence_of))
    voices = voice_mentions(doc, mentions, claims, lexicon, MENTION_EXTRACTOR, sentence_of)
    if voices:  # "'We took Lere,' a spokesman for the CMA said": the CMA took it
        mentions = sorted([*mentions, *voices], key=lambda m: (m.provenance.char_start, m.provenance.char_end))
    figures = kept(extract_figures(doc, mentions, claims, lexicon, sentence_of))
    constructions = compiled(lexicon.constructions)
    relations = kept(_merged(extract_relations(doc, mentions, claims, lexicon, sentence_of),
                             match_relations(doc, mentions, claims, constructions, sentence_of,
                                             lexicon.events["settlement_nouns"], lexicon.events["intent_verbs"],
                                             lexicon.events["quantity_nouns"])))
    relations = _merged(relations, listed_places(doc, mentions, relations, lexicon.relations["list_bullets"]))
    events, loose = extract_events(doc, mentions, claims, figures, lexicon, sentence_of)
    triggers = trigger_tokens(doc, events)
    events = fill_event_roles(doc, mentions, events, constructions, triggers)
    events = mark_civilian_victims(events, triggers, lexicon, sentence_of)
    events, triggers, tolls = fold_killings(events, triggers, mentions, lexicon)
    events = town_by_town(doc, mentions, events, lexicon, sentence_of)
    loose = sorted(list(loose) + tolls, key=lambda f: f.provenance.char_start)
    events = kept(events)
    forget_index(doc)
    return Extraction(
        doc_id=doc.user_data.get("kg_doc_id", ""),
        mentions=tuple(mentions),
        relations=tuple(relations),
        events=tuple(events),
        claims=tuple(claims),
        figures=tuple(loose),
    )


def _merged(rules: list[RelationMention], patterns: list[RelationMention]) -> list[RelationMention]:
    """The rule relations, then the pattern relations no rule found, in text order; a relation a
    sentence states replaces the same one read as a fallback (``RelationMention.fallback``)."""
    stated = {(r.predicate, r.subject, r.object) for r in patterns if not r.fallback}
    rules = [r for r in rules if not r.fallback or (r.predicate, r.subject, r.object) not in stated]
    seen = {(r.predicate, r.subject, r.object) for r in rules}
    extra = [r for r in patterns if (r.predicate, r.subject, r.object) not in seen]
    return sorted(rules + extra, key=lambda r: (r.provenance.char_start, r.predicate, r.subject, r.object))
