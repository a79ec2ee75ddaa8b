"""Resolve stage: what entity and description resolution share: the rules they run on
(:class:`ResolveRules`), which classes may merge, and the cluster of mentions that becomes an entity.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from kgbuild.text import fold
from kgbuild.types import FoundBy, Lexicon, Mention, Registry

__all__ = ["ResolveRules", "Cluster", "class_group", "absorb"]

_GROUPS = {
    "Person": "person",
    "Place": "place",
    "Country": "place",
    "EthnicGroup": "people",
}
_GENERIC_ORG = "Organization?"
_HOW_WEIGHT = {FoundBy.REGISTRY: 4, FoundBy.CONTEXT: 3, FoundBy.PREPOSITION: 3}
"""A mention's vote for its cluster's class: the registry and the context outvote the model's label."""


def class_group(entity_class: str) -> str:
    """Classes whose members may merge: a person never merges with a place or a group."""
    return _GROUPS.get(entity_class, "group")


@dataclass(frozen=True, slots=True)
class ResolveRules:
    """What resolution knows besides the mentions: the registry and the kind words."""

    registry: Registry
    kind_synonyms: dict[str, list[str]]
    alias_index: dict[str, str] = field(default_factory=dict)
    """Folded registry name → registry key (built from the registry when empty)."""
    country_words: dict[str, str] = field(default_factory=dict)
    """Folded country name, other name or demonym → registry key of the country."""
    violent_classes: frozenset[str] = frozenset()
    """Event classes of violence (``lexicon.json`` events.violent_classes): an article's main event
    is of one of them."""
    region_nouns: frozenset[str] = frozenset()
    """Nouns a region's name may end with (``lexicon.json`` mentions.region_nouns): "Cabo Delgado
    province" and "Cabo Delgado" are one place."""
    perpetrator_heads: frozenset[str] = frozenset()
    """Description heads that say someone attacked, not who (``lexicon.json`` nominal_heads marked
    ``perpetrator``: "gunman", "attacker"): such a description is the article's one armed group."""
    distinct_modifiers: frozenset[str] = frozenset()
    """Words that make a description another actor than those named ("a similar militia group",
    "a rival faction": ``lexicon.json`` mentions.distinct_modifiers)."""
    broad_kinds: frozenset[str] = frozenset()
    """Kinds (of ``lexicon.json`` kind_synonyms) any irregular group may be called, whatever its
    own kind ("militia", "coalition": ``lexicon.json`` mentions.broad_kinds): a rebel group is
    called a militia, never a mercenary company a separatist movement."""
    former_government: frozenset[str] = frozenset()
    """Words that make a government description another government than the one in power ("the
    civilian government", "the ousted government": ``lexicon.json``
    mentions.former_government_modifiers)."""
    government_bodies: frozenset[str] = frozenset()
    """Words naming one body of a state ("ministry", "embassy": ``lexicon.json``
    mentions.government_bodies): "the junta" is not the Defence Ministry named before it."""
    distinct_forces: frozenset[str] = frozenset()
    """Description heads of a state's forces that are not its army (``lexicon.json`` nominal_heads
    marked ``distinct_force``: "gendarmerie", "presidential guard"): each is a force of its own."""
    refers_back: dict[str, frozenset[str]] = field(default_factory=dict)
    """Description head → registry descriptors of other-class actors the bare description may name
    (``lexicon.json`` nominal_heads ``refers_back``: "the force" after a peacekeeping mission)."""

    def force_kind(self, words: Iterable[str]) -> frozenset[str]:
        """The heads of forces other than an army among a description's words ("gendarmerie")."""
        return frozenset(w.lower() for w in words) & self.distinct_forces

    def registry_countries(self, key: str | None, present: Mapping[str, Any]) -> list[str]:
        """The countries the registry puts ``key`` in (its part_of), of those ``present`` holds as
        countries (entity key → an entity with ``entity_class``)."""
        entry = self.registry.by_key.get(key or "")
        return [k for k in (entry.part_of if entry else ()) if k in present and present[k].entity_class == "Country"]

    @classmethod
    def of(cls, registry: Registry, lexicon: Lexicon) -> ResolveRules:
        """The rules for a registry and the lexicon's words."""
        return cls(registry=registry, kind_synonyms=lexicon.kind_synonyms,
                   violent_classes=frozenset(lexicon.events["violent_classes"]),
                   region_nouns=frozenset(lexicon.mentions["region_nouns"]),
                   perpetrator_heads=frozenset(k for k, v in lexicon.nominal_heads.items() if v.get("perpetrator")),
                   distinct_modifiers=frozenset(lexicon.mentions["distinct_modifiers"]),
                   broad_kinds=frozenset(lexicon.mentions["broad_kinds"]),
                   former_government=frozenset(lexicon.mentions["former_government_modifiers"]),
                   government_bodies=frozenset(lexicon.mentions["government_bodies"]),
                   distinct_forces=frozenset(k for k, v in lexicon.nominal_heads.items() if v.get("distinct_force")),
                   refers_back={k: frozenset(v["refers_back"]) for k, v in lexicon.nominal_heads.items()
                                if v.get("refers_back")})

    def __post_init__(self) -> None:
        if not self.country_words:
            for entry in self.registry.entries:
                if entry.entity_class == "Country":
                    for word in (entry.label, *entry.aliases, *entry.demonyms):
                        self.country_words.setdefault(fold(word), entry.key)
        if not self.alias_index:
            ambiguous: set[str] = set()
            for entry in self.registry.entries:
                for name in (entry.label, *entry.aliases):
                    key = fold(name)
                    if key in self.alias_index and self.alias_index[key] != entry.key:
                        ambiguous.add(key)
                    self.alias_index.setdefault(key, entry.key)
            for key in ambiguous:
                del self.alias_index[key]


@dataclass
class Cluster:
    """Mentions taken to be one entity so far, with the votes for its class and its kind words."""

    mentions: list[Mention] = field(default_factory=list)
    registry_key: str | None = None
    votes: Counter = field(default_factory=Counter)
    context: Counter = field(default_factory=Counter)
    """Votes of the mentions whose class the words around them decided ("the town of X")."""
    prepositions: Counter = field(default_factory=Counter)
    """Votes of the mentions a preposition of place came before ("in X"): they settle the class
    only when two or more agree (one "specialising in X" does not make X a place)."""
    descriptors: set[str] = field(default_factory=set)
    country: str | None = None
    """For an actor known only by description ("the Sudanese army"): the country it belongs to."""
    fallback_label: str | None = None
    former: bool = False
    """A government out of power ("the civilian government"): no other description joins it."""

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        weight = _HOW_WEIGHT.get(mention.found_by, 1)
        if mention.entity_class == "Organization" and weight <= 1:
            # the model's catch-all for names it cannot place: any specific class wins over it
            self.votes[_GENERIC_ORG] += weight
        else:
            self.votes[mention.entity_class] += weight
        if mention.found_by is FoundBy.CONTEXT:
            self.context[mention.entity_class] += 1
        elif mention.found_by is FoundBy.PREPOSITION:
            self.prepositions[mention.entity_class] += 1
        self.descriptors.update(d.lower() for d in mention.descriptors)

    @property
    def names(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind == "name"]

    def entity_class(self, registry: Registry) -> str:
        if self.registry_key and self.registry_key in registry.by_key:
            return registry.by_key[self.registry_key].entity_class
        # what the text says around a name outvotes the model, however often the model repeats
        # itself ("Zamzam" called a person four times, "the Zamzam camp" once)
        settled = self.context + Counter({k: v for k, v in self.prepositions.items() if v >= 2})
        specific = dict(settled) or {k: v for k, v in self.votes.items() if k != _GENERIC_ORG}
        ranked = sorted(specific.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            return ranked[0][0]
        return "Organization" if self.votes else "Actor"


def absorb(target: Cluster, source: Cluster) -> None:
    """Move every mention of ``source`` into ``target``; ``source`` is left empty."""
    for mention in source.mentions:
        target.add(mention)
    source.mentions.clear()
    source.votes.clear()
    source.context.clear()
    source.prepositions.clear()
