"""Resolve stage: relations that the resolved descriptions and events imply, beyond the ones a
sentence states between two mentions.

- A state force or government described by its country ("Rwandan troops", "Mozambique's army",
  "the Congolese government") is part of that country.
- The attackers of an attack, an air strike or violence against civilians are enemies of its
  targets; the sides of a battle fought "between" two actors are read by the patterns.
- The attackers of a capture control the place they took (a town, never a whole country).

Each implied relation keeps the evidence it was read from, and the claim when the description
or event is only somebody's word.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from kgbuild.types import Entity, Event, Provenance, Relation

__all__ = ["description_relations", "event_relations", "merge_relations"]

_STATE_CLASSES = frozenset({"StateForce"})
_HOSTILE_EVENTS = frozenset({"Attack", "AirStrike", "ViolenceAgainstCivilians", "Battle"})
_FIGHTING_CLASSES = frozenset({"ArmedGroup", "StateForce", "Government"})

Found = dict[tuple[str, str, str, bool], list[tuple[Provenance, str | None]]]


def description_relations(entities: Iterable[Entity], by_key: dict[str, Entity], found: Found,
                          extractor: str) -> None:
    """partOf from country-anchored descriptions of state forces and governments."""
    from dataclasses import replace

    for entity in entities:
        if entity.entity_class not in _STATE_CLASSES:
            continue
        for mention in entity.mentions:
            country = mention.anchor if mention.anchor_kind == "country" else None
            target = by_key.get(country) if country else None
            if target is not None and target.entity_class == "Country" and target.key != entity.key:
                found[(entity.key, "partOf", target.key, False)].append(
                    (replace(mention.provenance, extractor=extractor), None))


def event_relations(events: Iterable[Event], by_key: dict[str, Entity]) -> list[Relation]:
    """enemyOf between attackers and targets; controls from captures."""
    found: Found = defaultdict(list)
    for event in events:
        claim = event.claims[0] if event.claims else None
        evidence = event.evidence[0]
        fighters = [k for k in event.attackers if by_key[k].entity_class in _FIGHTING_CLASSES]
        if event.event_class in _HOSTILE_EVENTS:
            for attacker in fighters:
                for target in event.targets:
                    if target != attacker and by_key[target].entity_class in _FIGHTING_CLASSES:
                        found[(attacker, "enemyOf", target, False)].append((evidence, claim))
        if event.event_class == "Capture" and event.place and by_key[event.place].entity_class == "Place":
            for attacker in fighters:
                found[(attacker, "controls", event.place, False)].append((evidence, claim))
    return to_relations(found)


def to_relations(found: Found) -> list[Relation]:
    relations = []
    for (s, p, o, ended), evidence in sorted(found.items()):
        claims = tuple(sorted({c for _, c in evidence if c})) if all(c for _, c in evidence) else ()
        provs = tuple(sorted({e for e, _ in evidence}, key=lambda e: (e.doc_id, e.char_start, e.char_end)))
        relations.append(Relation(subject=s, predicate=p, object=o, evidence=provs, claims=claims, ended=ended))
    return relations


def merge_relations(stated: Iterable[Relation], implied: Iterable[Relation]) -> tuple[Relation, ...]:
    """One relation per (subject, predicate, object, ended); a symmetric relation the text already
    states the other way round is not added again."""
    out: dict[tuple[str, str, str, bool], Relation] = {}
    for relation in stated:
        out[(relation.subject, relation.predicate, relation.object, relation.ended)] = relation
    for relation in implied:
        key = (relation.subject, relation.predicate, relation.object, relation.ended)
        mirror = (relation.object, relation.predicate, relation.subject, relation.ended)
        if key in out or (relation.predicate in ("enemyOf", "allyOf") and mirror in out):
            continue
        out[key] = relation
    return tuple(out[k] for k in sorted(out))
