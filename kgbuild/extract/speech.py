"""Who is speaking: pronouns and descriptions that report speech, tied to the speaker they refer to.

"“...,” said Mohamed Ramadan, a spokesman for the CSP. “...,” he added." gives a mention "he" whose
antecedent is Ramadan's mention; "the spokesman said" later in the text does too. A speaker the
text leaves unnamed ("a local politician told AFP") interrupts the chain: a following "he added"
is his, so it is left unresolved rather than given to an earlier named speaker.
"""

from __future__ import annotations

from typing import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import child, forget_index, mention_index
from kgbuild.types import ClaimMention, FoundBy, Lexicon, Mention, Provenance

__all__ = ["speaker_mentions", "voice_mentions"]

_NON_PERSON = frozenset({"ArmedGroup", "StateForce", "Government", "Organization", "Country"})
_BODIES = frozenset({"ArmedGroup", "StateForce", "Government", "Organization"})


def speaker_mentions(
    doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon, extractor: str, sentence_of: Callable[[Token], Span]
) -> list[Mention]:
    """Mentions for pronoun and role-description subjects of speech verbs (kind ``pronoun``), each
    with ``anchor`` = the character offset of the antecedent mention it refers to."""
    verbs = lexicon.speech_verbs
    at_token = mention_index(doc, mentions)
    forget_index(doc)  # the list grows after this: the facts build their own
    out: list[Mention] = []
    last: Mention | None = None  # the latest speaker; None after an unnamed one
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in verbs:
            continue
        subject = child(token, ("nsubj", "nsubjpass"))
        if subject is None:
            continue
        named = at_token.get(subject.i)
        if named is not None and named.kind in ("name", "nominal"):
            last = named
            continue
        antecedent = _antecedent(subject, last, mentions, lexicon)
        if antecedent is not None:
            out.append(_speaker_mention(subject, antecedent, extractor, sentence_of))
        last = antecedent  # an unnamed speaker ("a local politician"): what follows is theirs
    return out


def _antecedent(subject: Token, last: Mention | None, mentions: Sequence[Mention], lexicon: Lexicon) -> Mention | None:
    """The speaker a pronoun ("he added", "it said") or role description ("the spokesman said")
    refers to; None when the subject is an unnamed speaker of its own, which breaks the chain."""
    lower = subject.lower_
    if lower in lexicon.speech["personal_pronouns"] and last is not None and last.entity_class == "Person":
        return last
    if lower in lexicon.speech["impersonal_pronouns"] and last is not None and last.entity_class in _NON_PERSON:
        return last
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in lexicon.person_roles and any(
        c.lower_ == "the" for c in subject.children
    ):
        # "the spokesman said": the latest named person introduced with that role
        role = subject.lemma_.lower()
        return next(
            (m for m in reversed(mentions)
             if m.entity_class == "Person" and m.kind == "name" and role in m.descriptors
             and m.provenance.char_end <= subject.idx),
            None,
        )
    return None


def _speaker_mention(
    subject: Token, antecedent: Mention, extractor: str, sentence_of: Callable[[Token], Span]
) -> Mention:
    """The mention of a speaker by pronoun or role description, anchored to its antecedent."""
    doc = subject.doc
    pronoun = subject.pos_ == "PRON"
    start = subject.idx if pronoun else subject.left_edge.idx
    return Mention(
        text=doc[subject.i if pronoun else subject.left_edge.i: subject.i + 1].text,
        entity_class=antecedent.entity_class,
        kind="pronoun",
        provenance=Provenance(
            doc_id=antecedent.provenance.doc_id,
            char_start=start,
            char_end=subject.idx + len(subject),
            sentence=sentence_of(subject).text.strip(),
            extractor=extractor,
            confidence=FoundBy.COREFERENCE.confidence,
        ),
        found_by=FoundBy.COREFERENCE,
        anchor=str(antecedent.provenance.char_start),
        anchor_kind="antecedent",
    )


def voice_mentions(
    doc: Doc, mentions: Sequence[Mention], claims: Sequence[ClaimMention], lexicon: Lexicon, extractor: str,
    sentence_of: Callable[[Token], Span],
) -> list[Mention]:
    """Mentions (kind ``pronoun``) for "we" and "us" in a claim's words, anchored to the body its
    speaker speaks for: the speaker itself when it is a group, force, government or organisation
    ("the army said we ..."), else the body named beside the speaker ("Malian army spokesman X",
    "X, a spokesman for the CMA", an unnamed "spokesman for the CMA"). A speaker who speaks for
    no named body ("Hollande said") leaves them unresolved."""
    pronouns = lexicon.speech["collective_pronouns"]
    by_start = {m.provenance.char_start: m for m in mentions if m.kind != "pronoun"}
    speakers = {m.provenance.char_start: m for m in mentions}
    out: list[Mention] = []
    for claim in claims:
        span = doc.char_span(claim.provenance.char_start, claim.provenance.char_end, alignment_mode="expand")
        voices = [t for t in span if t.lower_ in pronouns and t.pos_ == "PRON"] if span is not None else []
        if not voices:
            continue
        body = _body_of(doc, claim, speakers, by_start, mentions, sentence_of(voices[0]))
        if body is not None:
            out += [_speaker_mention(t, body, extractor, sentence_of) for t in voices]
    return out


def _body_of(doc: Doc, claim: ClaimMention, speakers: dict[int, Mention], by_start: dict[int, Mention],
             mentions: Sequence[Mention], sentence: Span) -> Mention | None:
    speaker = speakers.get(claim.speaker) if claim.speaker is not None else None
    if speaker is not None and speaker.kind == "pronoun" and speaker.anchor is not None:
        speaker = by_start.get(int(speaker.anchor))  # "he added": the named speaker before
    if speaker is not None:
        span = doc.char_span(speaker.provenance.char_start, speaker.provenance.char_end, alignment_mode="expand")
        if span is None or speaker.entity_class != "Person" and speaker.found_by is not FoundBy.NER:
            return speaker if _is_body(speaker) else None
        top = span.root
        while top.dep_ in ("compound", "appos", "flat") and top.head.pos_ in ("NOUN", "PROPN") and top.head is not top:
            top = top.head
        lo, hi = top.left_edge.idx, top.right_edge.idx + len(top.right_edge)
        near = speaker.provenance.char_start
    elif claim.source_description:
        at = doc.text.find(claim.source_description, sentence.start_char, sentence.end_char)
        if at < 0:
            return None
        lo, hi, near = at, at + len(claim.source_description), at
    else:
        return None
    bodies = [m for m in mentions if m.kind in ("name", "nominal", "alias") and _is_body(m)
              and lo <= m.provenance.char_start and m.provenance.char_end <= hi and m is not speaker]
    return min(bodies, key=lambda m: abs(m.provenance.char_start - near)) if bodies else None


def _is_body(mention: Mention) -> bool:
    """A group, force, government or organisation a speaker may speak for; not a name the model
    alone calls an organisation ("Hollande", "an Umoja neighbourhood elder"): it is as often a
    person or a place."""
    return mention.entity_class in _BODIES and not (
        mention.entity_class == "Organization" and mention.found_by is FoundBy.NER
    )
