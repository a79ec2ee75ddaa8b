"""Claims: what a source said ("X said", "told AFP that", "claimed", "according to", quotations),
with the speaker, the words, the actors they are about, and hedged / negated flags.

A plain function over a parsed Doc and its mentions; word lists come from ``ontologies/lexicon.json``
(``speech_verbs``, ``claims``).
"""

from __future__ import annotations

from typing import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import mention_index
from kgbuild.ids import claim_key
from kgbuild.types import ClaimMention, Lexicon, Mention, Provenance

__all__ = ["EXTRACTOR", "extract_claims"]

EXTRACTOR = "kgbuild.claims.v1"
OPENING = "“«\""
CLOSING = "”»\""
MAX_QUOTE_SENTENCES = 4


def _mention_at(token: Token, index: dict[int, Mention]) -> Mention | None:
    return index.get(token.i)


def _quote_before(text: str, verb_start: int, sent: Span) -> tuple[int, int] | None:
    """“...,” said X: the quotation that closes just before the verb's clause (it may open a few
    sentences earlier)."""
    close = -1
    for i in range(verb_start - 1, sent.start_char - 1, -1):
        if text[i] in CLOSING:
            close = i
            break
        if text[i] in OPENING:
            return None
    if close < 0:
        return None
    limit = max(0, sent.start_char - 600)
    for j in range(close - 1, limit - 1, -1):
        if text[j] in OPENING and (text[j] != '"' or j == 0 or not text[j - 1].isalnum()):
            return j + 1, close
        if text[j] == "\n" and j < sent.start_char and text.count("\n", j, sent.start_char) > MAX_QUOTE_SENTENCES:
            return None
    return None


def _quote_after(text: str, verb_end: int, sent: Span) -> tuple[int, int] | None:
    """X said: “...” — a quotation opening after the verb in its sentence."""
    for i in range(verb_end, sent.end_char):
        if text[i] in OPENING:
            for j in range(i + 1, min(len(text), i + 1500)):
                if text[j] in CLOSING:
                    return i + 1, j
            return None
    return None


def _clean(span_text: str) -> str:
    """The statement without surrounding commas and quotation marks, and without a quotation mark
    whose partner lies outside it ("dozens” of fighters ..." → "dozens of fighters ...")."""
    text = span_text.strip().rstrip(".").strip(",").strip(OPENING + CLOSING).strip()
    kept: list[str] = []
    depth = 0
    for i, char in enumerate(text):
        if char == "“":
            if "”" not in text[i + 1:]:
                continue
            depth += 1
        elif char == "”":
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return "".join(kept).strip()


Offsets = tuple[int, int]
"""A statement's (start, end) character offsets."""


def _according_to(token: Token, sentence_of: Callable[[Token], Span]) -> tuple[Offsets, Token, Span] | None:
    """"According to X, ...": the sentence without its "According to X," part, and X."""
    doc = token.doc
    if token.lemma_.lower() != "accord" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    sent = sentence_of(token)
    phrase = list(token.subtree)
    before = (sent.start_char, phrase[0].idx)
    after_tokens = [t for t in sent if t.i > phrase[-1].i and not (t.is_punct and t.i == phrase[-1].i + 1)]
    statement = (after_tokens[0].idx, sent.end_char) if after_tokens and phrase[0].i == sent.start else before
    return statement, source, sent


def _speaker_of(token: Token, verbs: frozenset[str]) -> Token | None:
    speaker = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if speaker is None and token.dep_ in ("advcl", "conj", "xcomp") and token.head.lemma_.lower() in verbs:
        # "..., a local politician told AFP, adding that ...": the same speaker
        speaker = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return speaker


def _reported(
    token: Token, lexicon: Lexicon, sentence_of: Callable[[Token], Span]
) -> tuple[Offsets, Token, Span] | None:
    """"X said (that) ...", "“...,” X said": the words a speech verb reports, and its speaker."""
    lemma = token.lemma_.lower()
    if token.pos_ not in ("VERB", "AUX") or lemma not in lexicon.speech_verbs:
        return None
    speaker = _speaker_of(token, lexicon.speech_verbs)
    if speaker is None:
        return None
    text = token.doc.text
    sent = sentence_of(token)
    ccomp = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
    statement = _quote_before(text, token.idx, sent) or _quote_after(text, token.idx + len(token), sent)
    if ccomp is not None:
        sub = [t for t in ccomp.subtree if t.dep_ != "mark" or t.head != ccomp]
        clause = (sub[0].idx, sub[-1].idx + len(sub[-1]))
        # a quoted word inside the reported clause ("claimed that “dozens” were killed") is
        # part of the statement, not the statement
        if (
            statement is None
            or clause[0] <= statement[0] and statement[1] <= clause[1] + 1
            or token.dep_ in ("advcl", "conj", "xcomp")  # "..., adding that ...": its own clause
        ):
            statement = clause
    if statement is None and lemma in lexicon.claims["denial_verbs"]:
        statement = (sent.start_char, sent.end_char)
    return (statement, speaker, sent) if statement is not None else None


def _source(
    speaker_token: Token, index: dict[int, Mention], mentions: Sequence[Mention], claims: Sequence[ClaimMention],
    pronouns: frozenset[str],
) -> tuple[Mention | None, str | None]:
    """Who made the claim: a mention, or the words for an unnamed source."""
    speaker = _mention_at(speaker_token, index)
    if speaker is None and speaker_token.lower_ in pronouns and claims:
        # "he added" after an unnamed source: still that source
        speaker = next((m for m in mentions if m.provenance.char_start == claims[-1].speaker), None)
        return speaker, claims[-1].source_description
    if speaker is None:
        words_of = [t for t in speaker_token.subtree if t.i >= speaker_token.left_edge.i]
        doc = speaker_token.doc
        return None, doc[words_of[0].i: words_of[-1].i + 1].text if words_of else speaker_token.text
    return speaker, None


def _is_hedged(lemma: str, sent: Span, lexicon: Lexicon) -> bool:
    """A hedging verb ("claimed"), a hedge in the sentence ("reportedly"), or a following sentence
    that says it could not be verified ("... The claim could not be independently verified.")."""
    words = lexicon.claims
    hedge_phrases = [p.lower() for p in words["hedge_phrases"]]
    doc = sent.doc
    lower_sentence = sent.text.strip().lower()
    following = doc[sent.end].sent.text.lower() if sent.end < len(doc) else ""
    return (
        lemma in words["hedge_verbs"]
        or any(p in lower_sentence for p in hedge_phrases)
        or any(p in following for p in hedge_phrases if "verif" in p or "confirm" in p)
    )


def extract_claims(
    doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon, sentence_of: Callable[[Token], Span]
) -> list[ClaimMention]:
    """Every claim of ``doc``, in text order."""
    doc_id = doc.user_data.get("kg_doc_id", "")
    text = doc.text
    index = mention_index(doc, mentions)
    claims: list[ClaimMention] = []
    seen: set[Offsets] = set()  # statement spans already taken
    for token in doc:
        found = _according_to(token, sentence_of) or _reported(token, lexicon, sentence_of)
        if found is None:
            continue
        statement, speaker_token, sent = found
        if any(statement[0] < end and start < statement[1] for start, end in seen):
            continue  # the same words reported twice ("told AFP" and its quotation)
        seen.add(statement)
        speaker, description = _source(speaker_token, index, mentions, claims, lexicon.claims["speaker_pronouns"])
        statement_text = _clean(text[statement[0]:statement[1]])
        if not statement_text:
            continue
        lemma = token.lemma_.lower()
        about = tuple(sorted({
            m.provenance.char_start for m in mentions
            if statement[0] <= m.provenance.char_start < statement[1] and m.kind != "pronoun"
            and (speaker is None or m.provenance.char_start != speaker.provenance.char_start)
        }))
        claims.append(
            ClaimMention(
                key=claim_key(doc_id, statement[0], statement[1]),
                statement=statement_text,
                provenance=Provenance(
                    doc_id=doc_id,
                    char_start=statement[0],
                    char_end=statement[1],
                    sentence=sent.text.strip(),
                    extractor=EXTRACTOR,
                    confidence=0.8 if speaker is not None else 0.7,
                ),
                speaker=speaker.provenance.char_start if speaker is not None else None,
                source_description=description,
                about=about,
                hedged=_is_hedged(lemma, sent, lexicon),
                negated=lemma in lexicon.claims["denial_verbs"],
            )
        )
    return sorted(claims, key=lambda c: (c.provenance.char_start, c.provenance.char_end))
