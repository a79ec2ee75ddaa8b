"""Lookups over a parsed Doc that several rule sets share (built once per Doc, not per token)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Collection, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.types import FoundBy, Mention

__all__ = ["Sentences", "span_of", "mention_index", "forget_index", "child", "pobjs", "may_be", "covering"]


_CACHE = "kg_mention_index"


def span_of(doc: Doc, mention: Mention) -> Span | None:
    """The tokens a mention covers (widened to whole tokens), or None where its offsets fall outside."""
    return doc.char_span(mention.provenance.char_start, mention.provenance.char_end, alignment_mode="expand")


def mention_index(doc: Doc, mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Token index → the mention covering it (the first one, in text order). Cached on the Doc
    while the fact rules run (see ``forget_index``)."""
    cached = doc.user_data.get(_CACHE)
    if cached is not None and cached[0] == (id(mentions), len(mentions)):
        return cached[1]
    index: dict[int, Mention] = {}
    for mention in mentions:
        span = span_of(doc, mention)
        if span is not None:
            for token in span:
                index.setdefault(token.i, mention)
    doc.user_data[_CACHE] = ((id(mentions), len(mentions)), index)
    return index


_GUESSABLE = frozenset({"Person", "Place", "Organization", "ArmedGroup", "StateForce"})
"""Classes the small model confuses with each other; countries and registry names are known."""


def may_be(mention: Mention, classes: Collection[str]) -> bool:
    """Whether the mention may be of one of ``classes``: its class is one of them, or its class is
    only the model's guess for a name (resolution decides from all of the entity's mentions, and
    checks every relation against the class it settles on)."""
    if not classes or mention.entity_class in classes:
        return True
    return (mention.kind == "name" and mention.found_by is FoundBy.NER and mention.entity_class in _GUESSABLE
            and bool(_GUESSABLE.intersection(classes)))


def covering(index: dict[int, Mention], tokens: Sequence[Token], classes: Collection[str]) -> list[Mention]:
    """The mentions that fill a role held by ``tokens``: each token's own mention, or that of a
    modifier to its left ("the Wagner fighters", "Mali's army"); a name in apposition rather than
    the description it names ("An armed group linked to al-Qaeda, JNIM, claimed ...")."""
    found: list[Mention] = []
    for t in tokens:
        named = next((index[c.i] for c in t.children if c.dep_ == "appos" and c.i in index
                      and index[c.i].kind == "name" and may_be(index[c.i], classes)), None)
        mention = None
        for candidate in [t] + [c for c in t.children if c.dep_ in ("compound", "poss", "nmod") and c.i < t.i]:
            mention = index.get(candidate.i)
            if mention is not None and may_be(mention, classes):
                break
            mention = None
        if mention is None or mention.kind == "nominal":
            mention = named or mention
        if mention is not None and mention not in found:
            found.append(mention)
    return found


def forget_index(doc: Doc) -> None:
    """Drop the cached index, so it is not carried along with the Doc."""
    doc.user_data.pop(_CACHE, None)


class Sentences:
    """Sentence lookup by token index (``Token.sent`` rescans the Doc on every call)."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, token: Token) -> Span:
        return self.spans[bisect_right(self.starts, token.i) - 1]


def child(token: Token, deps: Collection[str]) -> Token | None:
    """The first dependent of ``token`` with one of the ``deps`` labels."""
    return next((c for c in token.children if c.dep_ in deps), None)


def pobjs(token: Token, preps: Collection[str]) -> list[Token]:
    """Objects of the prepositions among ``preps`` hanging on ``token`` ("fighting *in* X"; the
    parser's "dative" *to* too: "sent warplanes to Niger")."""
    return [g for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def named_mentions(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that are not pronouns, in text order (what ``antecedent`` looks back over)."""
    return sorted((m for m in mentions if m.kind != "pronoun"), key=lambda m: m.provenance.char_start)


def clause_subject(pronoun: Token) -> Token | None:
    """The subject of the nearest clause above a possessive pronoun that does not hold the pronoun
    itself ("The United States agreed to withdraw *its* troops": "The United States"; "thousands of
    *its* troops are fighting": not "thousands", the clause above)."""
    for up in pronoun.ancestors:
        if up.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and pronoun not in subject.subtree:
            return subject
    return None


def antecedent(named: Sequence[Mention], pronoun: Token, classes: Collection[str]) -> Mention | None:
    """"It had clashed with the army": the nearest of the ``named`` mentions (non-pronouns, in text
    order) of a fitting class before the pronoun, in its sentence or the one before."""
    sentence = pronoun.sent
    earliest = pronoun.doc[sentence.start - 1].sent.start_char if sentence.start > 0 else 0
    before = [m for m in named if earliest <= m.provenance.char_start and m.provenance.char_end <= pronoun.idx]
    fitting = [m for m in before if m.entity_class in classes]
    if pronoun.dep_ in ("nsubj", "nsubjpass") and fitting and not _subject_before(pronoun, sentence, fitting):
        # "Rwanda rejects claims that its troops fight alongside M23. It says ...": a subject
        # pronoun opening its sentence's clauses takes up the last sentence's subject
        previous = pronoun.doc[sentence.start - 1].sent if sentence.start > 0 else None
        subject = next((m for m in reversed(fitting) if previous is not None
                        and previous.start_char <= m.provenance.char_start < previous.end_char
                        and _is_main_subject(m, previous)), None)
        if subject is not None:
            return subject
    return fitting[-1] if fitting else None


def _subject_before(pronoun: Token, sentence: Span, fitting: Sequence[Mention]) -> bool:
    """Whether a fitting mention is named in the pronoun's sentence before it."""
    return any(sentence.start_char <= m.provenance.char_start < pronoun.idx for m in fitting)


def _is_main_subject(mention: Mention, sentence: Span) -> bool:
    """Whether ``mention`` is the subject of ``sentence``'s main verb."""
    return any(mention.provenance.char_start <= t.idx < mention.provenance.char_end
               and t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" for t in sentence)
