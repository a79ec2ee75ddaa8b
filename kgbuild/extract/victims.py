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

from kgbuild.types import EventMention, Lexicon, Mention

__all__ = ["mark_civilian_victims", "fold_killings"]

_HARM_VERBS = frozenset({"kill", "wound", "injure", "massacre", "slaughter", "behead", "target", "attack", "shell",
                         "hit", "strike", "abduct", "kidnap", "execute", "murder", "burn"})
_VIOLENT = frozenset({"Attack", "AirStrike", "Battle", "ViolenceAgainstCivilians"})
_TOLD_WITH_DEAD = _VIOLENT | {"Capture"}  # "the capture of Goma, when 3,000 people were killed"


def _victim(token: Token, civilians: frozenset[str], trigger: Token) -> bool:
    if token.lemma_.lower() not in civilians:
        return False
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass") and (head.lemma_.lower() in _HARM_VERBS or head.i == trigger.i):
        return True
    counter = head.head
    if token.dep_ == "pobj" and head.lower_ == "of" and (counter.like_num or counter.lemma_.lower() in ("dozen", "score", "hundred")):
        return counter.head.lemma_.lower() in _HARM_VERBS  # "killed dozens of people"
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


def fold_killings(
    events: Sequence[EventMention], triggers: Sequence[Token], mentions: Sequence[Mention], lexicon: Lexicon
) -> tuple[list[EventMention], list[Token], list]:
    """"killed" tells the toll of the sentence's attack, battle or strike when it names one ("35
    people were killed when rebels attacked a church"): its figures and victims go to that event.
    A killing told on its own with its killers ("separatists killed nine villagers") stays an event;
    one without ("12 soldiers were killed") is only a toll, left for the article's main event."""
    keep = [True] * len(events)
    merged = list(events)
    loose: list = []
    armed = {m.provenance.char_start for m in mentions
             if m.kind != "pronoun" and m.entity_class in ("ArmedGroup", "StateForce", "Government", "EthnicGroup")}
    markers = lexicon.events["background_markers"]
    for i, (event, trigger) in enumerate(zip(events, triggers)):
        if trigger.lemma_.lower() != "kill":
            continue
        killers = any(s in armed for s in event.attackers + event.actors)
        rivals = [j for j, (other, t) in enumerate(zip(events, triggers)) if j != i and keep[j]
                  and t.lemma_.lower() != "kill" and other.event_class in _TOLD_WITH_DEAD and t.sent == trigger.sent
                  and not (killers and _background(t, trigger, markers))]
        if not rivals:
            if not killers:
                keep[i] = False
                loose.extend(event.figures)
            continue
        # "Attack on the camp kills 25": the event that is the killing's subject; else the nearest
        subject = next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        told = [k for k in rivals if subject is not None and subject.left_edge.i <= triggers[k].i <= subject.right_edge.i]
        j = min(told or rivals, key=lambda k: abs(triggers[k].i - trigger.i))
        placed = merged[j].place is None and event.place is not None  # "... camp where RSF shelling killed 15"
        merged[j] = replace(merged[j], figures=merged[j].figures + event.figures,
                            targets=merged[j].targets + tuple(s for s in event.targets if s not in merged[j].targets),
                            civilian_victims=merged[j].civilian_victims or event.civilian_victims,
                            place=event.place if placed else merged[j].place,
                            place_within=event.place_within if placed else merged[j].place_within)
        keep[i] = False
    return [e for e, k in zip(merged, keep) if k], [t for t, k in zip(triggers, keep) if k], loose


def _background(token: Token, verb: Token, markers: frozenset[str]) -> bool:
    """"X killed 25 civilians in a camp, activists said, as the battle for Y intensifies": the battle
    is told apart from the killing, or in a clause of background ("as", "while") that hangs on it."""
    if not (verb.left_edge.i <= token.i <= verb.right_edge.i or token.left_edge.i <= verb.i <= token.right_edge.i):
        return True
    up = token
    while up.head.i != up.i and up.i != verb.i:
        if (up.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in markers for c in up.children)
                or up.dep_ == "pobj" and up.head.lower_ in markers):  # "as the battle ...", "amid fighting"
            return True
        up = up.head
    return False
