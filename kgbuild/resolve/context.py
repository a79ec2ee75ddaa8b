"""Resolve stage: the one "country of the article", which descriptions and relations lean on.

"The army" in a story about Mali is Mali's army; "the Russian mercenary group" in that story is
affiliated with a foreign country, "Malian rebels" say nothing new. Both need the country the
article is about, counted from what the article says. Two callers count it two ways, on purpose:

* ``CountMode.CLUSTERS`` (entity resolution, while descriptions are still being placed): the
  countries of the article's countries, places and state actors, each weighted by its mentions,
  plus the country demonyms of its state descriptions ("Malian troops"); a foreign group's
  affiliation ("Russian" mercenaries) does not count.
* ``CountMode.MENTIONS`` (facts, once entities are resolved): the mentions of each country, plus
  every description anchored by a country demonym, whatever it describes.

Ties go to the smaller key, so the answer never depends on the order of the input.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from kgbuild.types import Entity, Mention

__all__ = ["ArticleActor", "CountMode", "article_country", "entity_actors"]

_STATE = frozenset({"StateForce", "Government", "Country"})


class CountMode(Enum):
    """What counts towards the country of the article (see the module docstring)."""

    CLUSTERS = "clusters"
    MENTIONS = "mentions"

    @property
    def holder_classes(self) -> frozenset[str]:
        """Classes whose own countries count, once per mention of the actor."""
        if self is CountMode.CLUSTERS:
            return frozenset({"Country", "Place", "StateForce", "Government"})
        return frozenset({"Country"})

    @property
    def anchored_classes(self) -> frozenset[str] | None:
        """Classes of the country-anchored descriptions that count (None: every class)."""
        return _STATE if self is CountMode.CLUSTERS else None


@dataclass(frozen=True, slots=True)
class ArticleActor:
    """One actor or place of an article, as far as its country is concerned."""

    entity_class: str
    mentions: tuple[Mention, ...]
    """Its mentions in the article (may be none)."""
    countries: frozenset[str]
    """Registry keys of the countries it is or belongs to."""


def article_country(actors: Iterable[ArticleActor], count: CountMode) -> str | None:
    """The registry key of the country the article is about, or None when nothing points at one."""
    holders, anchored = count.holder_classes, count.anchored_classes
    counts: Counter = Counter()
    actors = list(actors)
    described = [m for a in actors for m in a.mentions if m.anchor_kind == "country" and m.anchor
                 and (anchored is None or m.entity_class in anchored)]
    for mention in described:
        counts[mention.anchor] += 1
    # the demonym of "Russian mercenaries", read as a mention of Russia too, is counted once
    inside = {(m.provenance.doc_id, m.anchor, i) for m in described
              for i in range(m.provenance.char_start, m.provenance.char_end)}
    for actor in actors:
        if actor.entity_class in holders:
            for country in actor.countries:
                counts[country] += sum(1 for m in actor.mentions if actor.entity_class != "Country" or (
                    (m.provenance.doc_id, country, m.provenance.char_start) not in inside and m.anchor_kind != "patron"))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[0][0] if ranked else None


def entity_actors(doc_id: str, entities: Iterable[Entity]) -> list[ArticleActor]:
    """Resolved entities as actors of the article ``doc_id``: every entity, with its mentions in
    that article; a country is its own country (other entities' countries are not looked up, which
    is all ``CountMode.MENTIONS`` needs)."""
    return [
        ArticleActor(
            entity_class=entity.entity_class,
            mentions=tuple(m for m in entity.mentions if m.provenance.doc_id == doc_id),
            countries=frozenset({entity.key}) if entity.entity_class == "Country" else frozenset(),
        )
        for entity in entities
    ]
