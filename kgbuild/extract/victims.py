"""Whether an event's victims were civilians: "killed 25 civilians", "136 civilians ... killed",
"an assault on a village", "worshippers". Read from the event's sentence; civilian nouns and
civilian places come from ``Lexicon.events`` (``civilian_nouns``, ``civilian_places``).

An attack on civilians is also violence against civilians (ACLED's definition); the resolver
adds that class to the event.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

from spacy.tokens import Span, Token

from kgbuild.types import EventMention, Lexicon

__all__ = ["mark_civilian_victims"]

_HARM_VERBS = frozenset({"kill", "wound", "injure", "massacre", "slaughter", "behead", "target", "attack", "shell",
                         "hit", "strike", "abduct", "kidnap", "execute", "murder", "burn"})
_VIOLENT = frozenset({"Attack", "AirStrike", "Battle", "ViolenceAgainstCivilians"})


def _victim(token: Token, civilians: frozenset[str], trigger: Token) -> bool:
    if token.lemma_.lower() not in civilians:
        return False
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and (head.lemma_.lower() in _HARM_VERBS or head.i == trigger.i):
        return True
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.like_num or head.head.lemma_.lower() in ("dozen", "score", "hundred"):
        return head.head.head.lemma_.lower() in _HARM_VERBS  # "killed dozens of people"
    counted = any(c.dep_ == "nummod" for c in token.children)
    return counted and token.dep_ not in ("nsubj",)


def _civilian_target(trigger: Token, places: frozenset[str]) -> bool:
    """"an assault on a village", "attacked a church", "air attacks on a busy market"."""
    for child in trigger.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in places:
            return True
        if child.dep_ == "prep" and child.lower_ in ("on", "against"):
            if any(g.dep_ == "pobj" and g.lemma_.lower() in places for g in child.children):
                return True
    return False


def mark_civilian_victims(
    events: Sequence[EventMention], triggers: Sequence[Token], lexicon: Lexicon, sentence_of: Callable[[Token], Span]
) -> list[EventMention]:
    """``events`` with ``civilian_victims`` set where their sentence says the victims were civilians."""
    civilians = lexicon.events.get("civilian_nouns", frozenset())
    places = lexicon.events.get("civilian_places", frozenset())
    out = []
    for event, trigger in zip(events, triggers):
        if event.event_class in _VIOLENT and (
            _civilian_target(trigger, places) or any(_victim(t, civilians, trigger) for t in sentence_of(trigger))
        ):
            event = replace(event, civilian_victims=True)
        out.append(event)
    return out
