"""SPARQL stage (``kgbuild serve``): the answer to one HTTP request, as the handler sends it and as
a query worker sends it back over its connection (so it is a small picklable record)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TEXT", "HTML", "Answer", "text_answer"]

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    """An HTTP status, the Content-Type header and the body."""

    status: int
    content_type: str
    body: bytes


def text_answer(status: int, message: str) -> Answer:
    """``message`` as a plain-text answer (one line feed at the end): what every error says."""
    return Answer(status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))
