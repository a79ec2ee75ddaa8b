"""Resolve stage: relations that the resolved descriptions and events imply, beyond the ones a
sentence states between two mentions.

- A state force or government described by its country ("Rwandan troops", "Mozambique's army",
  "the Congolese government") is part of that country.

Hostility and control are read where the text states them (the patterns of
ontologies/patterns/en/relations.json), not inferred from every attack or capture: a capture told
as background ("the army took Kidal in 2023") says nothing about who holds the town today.

Each implied relation keeps the evidence it was read from, and the claim when the description
or event is only somebody's word.
"""

from __future__ import annotations

from typing import Iterable

from kgbuild.types import Entity, Provenance, Relation

__all__ = ["description_relations", "to_relations"]

_STATE_CLASSES = frozenset({"StateForce"})

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


def to_relations(found: Found) -> list[Relation]:
    relations = []
    for (s, p, o, ended), evidence in sorted(found.items()):
        claims = tuple(sorted({c for _, c in evidence if c})) if all(c for _, c in evidence) else ()
        provs = tuple(sorted({e for e, _ in evidence}, key=lambda e: (e.doc_id, e.char_start, e.char_end)))
        relations.append(Relation(subject=s, predicate=p, object=o, evidence=provs, claims=claims, ended=ended))
    return relations
