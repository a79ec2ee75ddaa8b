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
from kgbuild.types import FoundBy, Lexicon, Mention, Provenance

__all__ = ["speaker_mentions"]

_NON_PERSON = frozenset({"ArmedGroup", "StateForce", "Government", "Organization", "Country"})


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
