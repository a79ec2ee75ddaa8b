"""Who is speaking: pronouns and descriptions that report speech, tied to the speaker they refer to.

"“...,” said Mohamed Ramadan, a spokesman for the CSP. “...,” he added." gives a mention "he" whose
antecedent is Ramadan's mention; "the spokesman said" later in the text does too. A speaker the
text leaves unnamed ("a local politician told AFP") interrupts the chain: a following "he added"
is his, so it is left unresolved rather than given to an earlier named speaker.
"""

from __future__ import annotations

from typing import Any, Sequence

from spacy.tokens import Doc

from kgbuild.extract.index import child, forget_index, mention_index
from kgbuild.types import FoundBy, Lexicon, Mention, Provenance

__all__ = ["speaker_mentions"]

_NON_PERSON = frozenset({"ArmedGroup", "StateForce", "Government", "Organization", "Country"})


def speaker_mentions(
    doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon, extractor: str, sentence_of: Any
) -> list[Mention]:
    """Mentions for pronoun and role-description subjects of speech verbs (kind ``pronoun``), each
    with ``anchor`` = the character offset of the antecedent mention it refers to."""
    verbs = lexicon.speech_verbs
    roles = lexicon.person_roles
    personal = lexicon.speech["personal_pronouns"]
    impersonal = lexicon.speech["impersonal_pronouns"]
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
        lower = subject.lower_
        if named is not None and named.kind in ("name", "nominal"):
            last = named
            continue
        antecedent = None
        if lower in personal and last is not None and last.entity_class == "Person":
            antecedent = last
        elif lower in impersonal and last is not None and last.entity_class in _NON_PERSON:
            antecedent = last
        elif subject.pos_ == "NOUN" and subject.lemma_.lower() in roles and any(
            c.lower_ == "the" for c in subject.children
        ):
            # "the spokesman said": the latest named person introduced with that role
            role = subject.lemma_.lower()
            antecedent = next(
                (m for m in reversed(mentions)
                 if m.entity_class == "Person" and m.kind == "name" and role in m.descriptors
                 and m.provenance.char_end <= subject.idx),
                None,
            )
            if antecedent is None:
                last = None
                continue
        else:
            last = None  # an unnamed speaker ("a local politician"): what follows is theirs
            continue
        if antecedent is None:
            continue
        start = subject.idx if subject.pos_ == "PRON" else subject.left_edge.idx
        end = subject.idx + len(subject)
        out.append(
            Mention(
                text=doc[subject.i if subject.pos_ == "PRON" else subject.left_edge.i: subject.i + 1].text,
                entity_class=antecedent.entity_class,
                kind="pronoun",
                provenance=Provenance(
                    doc_id=antecedent.provenance.doc_id,
                    char_start=start,
                    char_end=end,
                    sentence=sentence_of(subject).text.strip(),
                    extractor=extractor,
                    confidence=FoundBy.COREFERENCE.confidence,
                ),
                found_by=FoundBy.COREFERENCE,
                anchor=str(antecedent.provenance.char_start),
                anchor_kind="antecedent",
            )
        )
        last = antecedent
    return out
