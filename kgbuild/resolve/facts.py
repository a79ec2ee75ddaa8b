"""Resolve stage: relations, events, figures and claims read from documents → facts between
entities.

Mentions are tied to entities through the resolved entities (a fact names its mentions by their
start offset in their document). Relations come from the sentences and from what descriptions say
("the Russian mercenary group"); events are grouped by ``resolve.events``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable

from kgbuild.resolve.context import CountMode, article_country, entity_actors
from kgbuild.resolve.entities import ResolveRules
from kgbuild.resolve.events import resolve_events
from kgbuild.resolve.implied import description_relations, to_relations
from kgbuild.text import fold
from kgbuild.types import Claim, ClaimMention, Entity, EventMention, Extraction, Facts, Provenance, Relation

__all__ = ["Facts", "resolve_facts", "RELATION_EXTRACTOR"]

RELATION_EXTRACTOR = "kgbuild.relations.v1"


def resolve_facts(
    extractions: Iterable[Extraction], entities: Iterable[Entity], published: dict[str, str | None],
    rules: ResolveRules,
) -> Facts:
    """Relations, events and claims between the resolved ``entities``."""
    extractions = sorted(extractions, key=lambda x: x.doc_id)
    entities = list(entities)
    owner: dict[tuple[str, int], str] = {}
    widest: dict[tuple[str, int], int] = {}
    for entity in entities:
        for mention in entity.mentions:
            at = (mention.provenance.doc_id, mention.provenance.char_start)
            if at not in owner or mention.provenance.char_end > widest[at]:
                # "Mozambique's army" and its country start together: a fact names the description
                owner[at], widest[at] = entity.key, mention.provenance.char_end
    by_key = {e.key: e for e in entities}
    claim_index = {c.key: (x.doc_id, c) for x in extractions for c in x.claims}
    claims = tuple(_claim(c, doc_id, owner) for doc_id, c in sorted(claim_index.values(), key=lambda t: t[1].key))
    speaker = {c.key: c for c in claims}
    events, within = resolve_events(extractions, owner, by_key, published, speaker, rules)
    relations = _relations(extractions, entities, owner, by_key, rules, within)
    return Facts(relations=relations, events=events, claims=claims)


# --- claims ---------------------------------------------------------------------------------------

def _claim(claim: ClaimMention, doc_id: str, owner: dict[tuple[str, int], str]) -> Claim:
    by = owner.get((doc_id, claim.speaker)) if claim.speaker is not None else None
    about = tuple(sorted({owner[(doc_id, a)] for a in claim.about if (doc_id, a) in owner}))
    return Claim(
        key=claim.key,
        statement=claim.statement,
        provenance=claim.provenance,
        claimed_by=by,
        source_description=None if by else claim.source_description,
        about=about,
        hedged=claim.hedged,
        negated=claim.negated,
    )


# --- relations ------------------------------------------------------------------------------------

def _relations(
    extractions: list[Extraction], entities: list[Entity], owner: dict[tuple[str, int], str],
    by_key: dict[str, Entity], rules: ResolveRules, within: list[tuple[str, str, EventMention]],
) -> tuple[Relation, ...]:
    found: dict[tuple[str, str, str, bool], list[tuple[Provenance, str | None]]] = defaultdict(list)
    for town, place, event in within:  # "killed in a camp in North Darfur state", the camp being Zamzam
        if fits("locatedIn", by_key[town].entity_class, by_key[place].entity_class):
            found[(town, "locatedIn", place, False)].append(
                (replace(event.provenance, extractor=RELATION_EXTRACTOR), event.claim))
    said: set[tuple[str, str, str, bool]] = set()
    unsaid: set[tuple[str, str, str, bool]] = set()
    dominant = {x.doc_id: article_country(entity_actors(x.doc_id, entities), CountMode.MENTIONS) for x in extractions}
    country_of = {doc_id: key for doc_id, key in dominant.items() if key in by_key}
    for extraction in extractions:
        for rel in extraction.relations:
            s = (_named(rel.subject_name, rules, by_key) if rel.subject_name is not None
                 else owner.get((extraction.doc_id, rel.subject)))
            if rel.of_the_country:  # the country the registry places it in, the sentence's, else the article's
                o = (_registry_country(s, rules, by_key)
                     or (_sentence_country(rel.provenance, entities) if rel.predicate == "leaderOf" else None)
                     or country_of.get(extraction.doc_id))
                if rel.predicate == "memberOf" and o is not None:  # a prefect serves the country's government
                    o = _government_of(o, entities) or o
            elif rel.object_name is not None:
                o = _named(rel.object_name, rules, by_key) or _in_document(rel.object_name, extraction.doc_id, entities)
            else:
                o = owner.get((extraction.doc_id, rel.object))
            if s is None or o is None or s == o or not fits(rel.predicate, by_key[s].entity_class, by_key[o].entity_class):
                continue
            # the chief or head of an army ("Sudan's army chief") is its commander
            predicate = "commanderOf" if rel.predicate == "leaderOf" and by_key[o].entity_class == "StateForce" else rel.predicate
            found[(s, predicate, o, rel.ended)].append((rel.provenance, rel.claim))
            (unsaid if rel.fallback else said).add((s, predicate, o, rel.ended))
    _placed_elsewhere(found, unsaid - said)
    # what the descriptions themselves say: "the Russian mercenary group" is affiliated with Russia
    # (a foreign country only: "Malian rebels" in a Malian story says nothing new); "the junta's
    # military" is part of the junta
    governments: dict[str, Counter] = defaultdict(Counter)
    for entity in entities:
        if entity.entity_class == "Government" and not any(  # a ministry's soldiers are the state's
            {w.lower() for w in m.text.split()} & rules.government_bodies for m in entity.mentions if m.kind == "name"
        ):
            for mention in entity.mentions:
                governments[mention.provenance.doc_id][entity.key] += 1
    for entity in entities:
        for mention in entity.mentions:
            doc_id = mention.provenance.doc_id
            prov = replace(mention.provenance, extractor=RELATION_EXTRACTOR)
            if (
                mention.kind == "nominal" and mention.anchor_kind == "country" and mention.anchor in by_key
                and entity.entity_class in ("ArmedGroup", "Organization") and mention.anchor != dominant.get(doc_id)
            ):
                found[(entity.key, "affiliatedWith", mention.anchor, False)].append((prov, None))
            if mention.kind == "nominal" and mention.anchor_kind == "possessor" and entity.entity_class == "StateForce":
                ranked = sorted(governments[doc_id].items(), key=lambda kv: (-kv[1], kv[0]))
                if ranked:
                    found[(entity.key, "partOf", ranked[0][0], False)].append((prov, None))
    description_relations(entities, by_key, found, RELATION_EXTRACTOR)
    _national_bodies(entities, by_key, rules, found)
    return tuple(to_relations(found))


def _placed_elsewhere(found: dict[tuple[str, str, str, bool], list], unsaid: set[tuple[str, str, str, bool]]) -> None:
    """Drop a fallback relation (``RelationMention.fallback``) where another relation of its
    predicate leaves its subject: "the village of Bamenyam" lies in the country of a Cameroon
    story unless a sentence places it, in the department of Bamboutos say."""
    placed = {(s, p, o) for s, p, o, _ in found}
    for key in unsaid:
        s, p, o, _ = key
        if any(s2 == s and p2 == p and o2 != o for s2, p2, o2 in placed):
            del found[key]


def _national_bodies(entities: list[Entity], by_key: dict[str, Entity], rules: ResolveRules,
                     found: dict[tuple[str, str, str, bool], list[tuple[Provenance, str | None]]]) -> None:
    """"The Russian Defense Ministry", "the French Foreign Ministry": a government body whose name
    opens with a country's name or demonym is part of that country's state."""
    for entity in entities:
        if entity.entity_class != "Government" or entity.key in rules.registry.by_key:
            continue
        for mention in (m for m in entity.mentions if m.kind == "name"):
            words = mention.text.replace("’", "'").split()
            country = rules.country_words.get(fold(words[0].removesuffix("'s"))) if len(words) > 1 else None
            if country in by_key and country != entity.key:
                prov = replace(mention.provenance, extractor=RELATION_EXTRACTOR)
                found[(entity.key, "partOf", country, False)].append((prov, None))


_PLACES = frozenset({"Place", "Country"})
_GROUPS = frozenset({"ArmedGroup", "StateForce", "Government", "Organization", "Country", "EthnicGroup"})
_ACTORS = _GROUPS | {"Person"}
_FITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "leaderOf": (frozenset({"Person"}), _GROUPS | {"Place"}),  # "Borno state Gov X" leads Borno
    "spokespersonOf": (frozenset({"Person"}), _GROUPS),
    "memberOf": (_ACTORS - {"Country"}, _GROUPS),
    "commanderOf": (frozenset({"Person"}), _GROUPS),
    "allyOf": (_ACTORS, _ACTORS),
    "enemyOf": (_ACTORS, _ACTORS),
    "affiliatedWith": (_ACTORS, _ACTORS),
    "partOf": (_GROUPS - {"Country"}, _GROUPS),
    "controls": (_GROUPS, frozenset({"Place"})),
    "locatedIn": (frozenset({"Place"}), _PLACES),
    "near": (frozenset({"Place"}), _PLACES),
}
"""What each relation may join, by the classes resolution settled on (extraction proposes a
relation on the classes its mentions had, which the model may have guessed wrong)."""


def fits(predicate: str, subject_class: str, object_class: str) -> bool:
    allowed = _FITS.get(predicate)
    return allowed is None or (subject_class in allowed[0] and object_class in allowed[1])


def _government_of(country: str, entities: list[Entity]) -> str | None:
    """The one government of ``country`` in the graph ("the Cameroonian authorities")."""
    found = {e.key for e in entities if e.entity_class == "Government"
             and any(m.anchor == country and m.anchor_kind == "country" for m in e.mentions)}
    return found.pop() if len(found) == 1 else None


def _sentence_country(prov: Provenance, entities: list[Entity]) -> str | None:
    """The one country a sentence names ("... to visit Niger, seeking to bolster elected president
    Mohamed Bazoum"), if it names one."""
    named = {e.key for e in entities if e.entity_class == "Country" for m in e.mentions
             if m.kind == "name" and m.provenance.doc_id == prov.doc_id and m.provenance.sentence == prov.sentence}
    return named.pop() if len(named) == 1 else None


def _in_document(name: str, doc_id: str, entities: list[Entity]) -> str | None:
    """The one entity of the document called ``name`` ("Islamic State" in "Islamic State-linked")."""
    folded = fold(name)
    found = {e.key for e in entities if folded in {fold(n) for n in (e.label, *e.alt_labels)}
             and any(m.provenance.doc_id == doc_id for m in e.mentions)}
    return found.pop() if len(found) == 1 else None


def _registry_country(key: str | None, rules: ResolveRules, by_key: dict[str, Entity]) -> str | None:
    countries = rules.registry_countries(key, by_key)
    return countries[0] if len(countries) == 1 else None


def _named(name: str, rules: ResolveRules, by_key: dict[str, Entity]) -> str | None:
    """The country a demonym or country name inside another mention stands for, if it is in the graph."""
    key = rules.country_words.get(fold(name))
    return key if key in by_key else None
