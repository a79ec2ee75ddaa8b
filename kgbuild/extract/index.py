"""Lookups over a parsed Doc that several rule sets share (built once per Doc, not per token)."""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.types import Mention

__all__ = ["Sentences", "mention_index"]


def mention_index(doc: Doc, mentions: Sequence[Mention]) -> dict[int, Mention]:
    """Token index → the mention covering it (the first one, in text order)."""
    index: dict[int, Mention] = {}
    for mention in mentions:
        span = doc.char_span(mention.provenance.char_start, mention.provenance.char_end, alignment_mode="expand")
        if span is not None:
            for token in span:
                index.setdefault(token.i, mention)
    return index


class Sentences:
    """Sentence lookup by token index (``Token.sent`` rescans the Doc on every call)."""

    def __init__(self, doc: Doc):
        self.spans = list(doc.sents)
        self.starts = [s.start for s in self.spans]

    def of(self, token: Token) -> Span:
        return self.spans[bisect_right(self.starts, token.i) - 1]
