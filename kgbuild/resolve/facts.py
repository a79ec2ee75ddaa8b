"""Resolve stage: relations, events, figures and claims read from documents → facts between
entities, with one event node per real event across sentences and documents.

Mentions are tied to entities through the resolved entities (a fact names its mentions by their
start offset in their document). Event mentions of one class merge when their places agree, their
times overlap and they share actors: the ones that name a place are grouped first, and the ones
that do not join the best-matching placed event ("the fighting" joins the battle at Tinzaouaten
rather than the clash near Abeibara when they share its actors), so two battles in one article stay
two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Iterable

from kgbuild.resolve.context import CountMode, article_country, entity_actors
from kgbuild.resolve.entities import ResolveRules
from kgbuild.resolve.implied import description_relations, to_relations
from kgbuild.resolve.time import TimeValue, expand_iso, merge_times, normalize_time
from kgbuild.text import fold
from kgbuild.ids import event_key, figure_key, key_label
from kgbuild.types import (
    CasualtyFigure,
    Claim,
    ClaimMention,
    Entity,
    Event,
    EventMention,
    Extraction,
    Facts,
    FigureMention,
    Provenance,
    Relation,
)

__all__ = ["Facts", "resolve_facts", "RELATION_EXTRACTOR"]

RELATION_EXTRACTOR = "kgbuild.relations.v1"
VIOLENT = frozenset({"Battle", "Attack", "AirStrike", "ViolenceAgainstCivilians", "Crash"})
TIME_SLACK_DAYS = 3
"""Reports of one battle give days a little apart ("on Thursday", "on Saturday")."""


def resolve_facts(
    extractions: Iterable[Extraction], entities: Iterable[Entity], published: dict[str, str | None],
    rules: ResolveRules,
) -> Facts:
    """Relations, events and claims between the resolved ``entities``."""
    extractions = sorted(extractions, key=lambda x: x.doc_id)
    entities = list(entities)
    owner: dict[tuple[str, int], str] = {}
    for entity in entities:
        for mention in entity.mentions:
            owner.setdefault((mention.provenance.doc_id, mention.provenance.char_start), entity.key)
    by_key = {e.key: e for e in entities}
    claim_index = {c.key: (x.doc_id, c) for x in extractions for c in x.claims}
    claims = tuple(_claim(c, doc_id, owner) for doc_id, c in sorted(claim_index.values(), key=lambda t: t[1].key))
    speaker = {c.key: c for c in claims}
    relations = _relations(extractions, entities, owner, by_key, rules)
    events = _events(extractions, owner, by_key, published, speaker, rules)
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
    by_key: dict[str, Entity], rules: ResolveRules,
) -> tuple[Relation, ...]:
    found: dict[tuple[str, str, str, bool], list[tuple[Provenance, str | None]]] = defaultdict(list)
    for extraction in extractions:
        for rel in extraction.relations:
            s = owner.get((extraction.doc_id, rel.subject))
            o = owner.get((extraction.doc_id, rel.object)) if rel.object_name is None else _named(rel.object_name, rules, by_key)
            if s is None or o is None or s == o:
                continue
            found[(s, rel.predicate, o, rel.ended)].append((rel.provenance, rel.claim))
    # what the descriptions themselves say: "the Russian mercenary group" is affiliated with Russia
    # (a foreign country only: "Malian rebels" in a Malian story says nothing new); "the junta's
    # military" is part of the junta
    dominant = {x.doc_id: article_country(entity_actors(x.doc_id, entities), CountMode.MENTIONS) for x in extractions}
    governments: dict[str, Counter] = defaultdict(Counter)
    for entity in entities:
        if entity.entity_class == "Government":
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
    return tuple(to_relations(found))


def _named(name: str, rules: ResolveRules, by_key: dict[str, Entity]) -> str | None:
    """The country a demonym or country name inside another mention stands for, if it is in the graph."""
    key = rules.country_words.get(fold(name))
    return key if key in by_key else None


# --- events ---------------------------------------------------------------------------------------

@dataclass
class _Group:
    event_class: str
    place: str | None
    mentions: list[tuple[EventMention, str]] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    times: list[TimeValue] = field(default_factory=list)

    def span(self):
        merged = merge_times(_finest(self.times))
        if merged is None or merged.begin is None:
            return None
        return expand_iso(merged.begin)[0], expand_iso(merged.end or merged.begin)[1]


def _finest(times: list[TimeValue]) -> list[TimeValue]:
    """The most precise times when the coarser ones agree with them: "late July" adds nothing to
    "Thursday" and "Saturday" of that July."""
    known = [t for t in times if t.begin is not None]
    if not known:
        return times
    order = ("day", "week", "month", "year")
    best = min((order.index(t.precision) for t in known if t.precision in order), default=None)
    if best is None:
        return times
    fine = [t for t in known if t.precision == order[best]]
    spans = [_time_span(t) for t in fine]
    low, high = min(sp[0] for sp in spans), max(sp[1] for sp in spans)
    coarse = [_time_span(t) for t in known if t.precision != order[best]]
    if all(c[0] <= low and high <= c[1] for c in coarse):
        return fine
    return times


def _time_span(value: TimeValue):
    if value.begin is None:
        return None
    return expand_iso(value.begin)[0], expand_iso(value.end or value.begin)[1]


def _compatible(a, b) -> bool:
    """Unknown times agree with anything; day-level times a few days apart agree (reports of one
    battle); coarser times must overlap (a coup "in 2021" is not the one "in 2022")."""
    if a is None or b is None:
        return True
    short = timedelta(days=31)
    slack = timedelta(days=TIME_SLACK_DAYS) if a[1] - a[0] <= short and b[1] - b[0] <= short else timedelta(0)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def _events(
    extractions: list[Extraction], owner: dict[tuple[str, int], str], by_key: dict[str, Entity],
    published: dict[str, str | None], claims: dict[str, Claim], rules: ResolveRules,
) -> tuple[Event, ...]:
    items = []
    for extraction in extractions:
        pub = published.get(extraction.doc_id)
        for em in extraction.events:
            keys = lambda starts: tuple(dict.fromkeys(  # noqa: E731
                owner[(extraction.doc_id, s)] for s in starts if (extraction.doc_id, s) in owner))
            place = owner.get((extraction.doc_id, em.place)) if em.place is not None else None
            times = [normalize_time(t, pub) for t in em.times]
            items.append((extraction.doc_id, em, keys(em.actors), keys(em.attackers), keys(em.targets), place, times))
    # a coup happens in the country of the government that takes power (the article's country
    # when no actor tells), not in the capital where the soldiers appeared
    resolved = []
    for doc_id, em, actors, attackers, targets, place, times in items:
        if em.event_class == "Coup" and (place is None or by_key[place].entity_class != "Country"):
            place = _coup_country(actors, by_key, rules) or article_country(entity_actors(doc_id, list(by_key.values())), CountMode.MENTIONS) or place
        resolved.append((doc_id, em, actors, attackers, targets, place, times))
    resolved = _narrow_places(resolved, by_key)

    groups: list[_Group] = []
    placed = [r for r in resolved if r[5] is not None]
    unplaced = [r for r in resolved if r[5] is None]
    for doc_id, em, actors, attackers, targets, place, times in placed:
        span = _time_span(merge_times(times)) if times else None
        target = next((g for g in groups if g.event_class == em.event_class and g.place == place
                       and _compatible(g.span(), span)), None)
        if target is None:
            target = _Group(em.event_class, place)
            groups.append(target)
        _join(target, doc_id, em, actors + attackers + targets, times)
    for doc_id, em, actors, attackers, targets, place, times in unplaced:
        span = _time_span(merge_times(times)) if times else None
        everyone = set(actors + attackers + targets)
        best, best_score = None, 0
        for group in groups:
            if group.event_class != em.event_class or not _compatible(group.span(), span):
                continue
            same_doc = any(d == doc_id for _, d in group.mentions)
            score = 2 * len(everyone & group.actors) + (1 if same_doc else 0)
            if span is not None and group.span() is not None:
                score += 2  # known times that agree say more than a time nobody gave
            if not everyone and same_doc:
                score += len(group.mentions)  # "the fighting": the document's main one
            if score > best_score:
                best, best_score = group, score
        if best is None:
            best = _Group(em.event_class, None)
            groups.append(best)
        _join(best, doc_id, em, list(everyone), times)
    return _to_events(groups, extractions, owner, claims, by_key)


def _coup_country(actors: tuple[str, ...], by_key: dict[str, Entity], rules: ResolveRules) -> str | None:
    for key in actors:
        entry = rules.registry.by_key.get(key)
        countries = [k for k in (entry.part_of if entry else ()) if k in by_key and by_key[k].entity_class == "Country"]
        if countries:
            return countries[0]
    return None


def _narrow_places(resolved: list, by_key: dict[str, Entity]) -> list:
    """Within one article, an event told as happening "in Congo" is the one of its class told at a
    town, when the article places that class of event at one town only."""
    towns: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, em, _, _, _, place, _ in resolved:
        if place is not None and by_key[place].entity_class == "Place":
            towns[(doc_id, em.event_class)].add(place)
    out = []
    for doc_id, em, actors, attackers, targets, place, times in resolved:
        only = towns.get((doc_id, em.event_class), set())
        if place is not None and by_key[place].entity_class == "Country" and len(only) == 1 and em.event_class != "Coup":
            place = next(iter(only))
        out.append((doc_id, em, actors, attackers, targets, place, times))
    return out


def _join(group: _Group, doc_id: str, em: EventMention, actors: list[str], times: list[TimeValue]) -> None:
    group.mentions.append((em, doc_id))
    group.actors.update(actors)
    group.times.extend(times)


def _to_events(
    groups: list[_Group], extractions: list[Extraction], owner: dict[tuple[str, int], str], claims: dict[str, Claim],
    by_key: dict[str, Entity],
) -> tuple[Event, ...]:
    def keys(doc_id: str, starts: Iterable[int]) -> list[str]:
        return [owner[(doc_id, s)] for s in starts if (doc_id, s) in owner]

    # figures no event of their sentence took go to the document's main violent event
    main: dict[str, _Group] = {}
    for group in groups:
        if group.event_class not in VIOLENT:
            continue
        for doc_id in {d for _, d in group.mentions}:
            current = main.get(doc_id)
            count = sum(1 for _, d in group.mentions if d == doc_id)
            if current is None or count > sum(1 for _, d in current.mentions if d == doc_id):
                main[doc_id] = group
    loose: dict[int, list[tuple[FigureMention, str]]] = defaultdict(list)
    for extraction in extractions:
        group = main.get(extraction.doc_id)
        if group is not None:
            loose[id(group)] += [(f, extraction.doc_id) for f in extraction.figures]

    events = []
    used: Counter = Counter()
    for group in groups:
        actors: list[str] = []
        attackers: list[str] = []
        targets: list[str] = []
        figures: list[tuple[FigureMention, str]] = list(loose.get(id(group), []))
        for em, doc_id in group.mentions:
            actors += keys(doc_id, em.actors)
            attackers += keys(doc_id, em.attackers)
            targets += keys(doc_id, em.targets)
            figures += [(f, doc_id) for f in em.figures]
        time = merge_times(_finest(group.times))
        evidence = tuple(sorted({em.provenance for em, _ in group.mentions},
                                key=lambda p: (p.doc_id, p.char_start, p.char_end)))
        begin = time.begin if time is not None else None
        base = event_key(group.event_class, group.place, begin)
        used[base] += 1
        key = base if used[base] == 1 else f"{base}-{used[base]}"
        from_claims = {em.claim for em, _ in group.mentions}
        label_place = key_label(group.place) if group.place else None
        events.append(Event(
            key=key,
            event_class=group.event_class,
            label=f"{group.event_class}" + (f" at {label_place}" if label_place else "") + (f" ({_span_text(time)})" if time and time.begin else ""),
            evidence=evidence,
            actors=tuple(sorted(set(actors) - set(attackers) - set(targets))),
            attackers=tuple(sorted(set(attackers))),
            targets=tuple(sorted(set(targets) - set(attackers))),
            place=group.place,
            time_text=time.text if time is not None else None,
            begin=begin,
            end=time.end if time is not None else None,
            time_precision=time.precision if time is not None else None,
            casualties=tuple(_figure(f, doc_id, owner, claims) for f, doc_id in
                             sorted(figures, key=lambda t: (t[1], t[0].provenance.char_start))),
            claims=tuple(sorted(c for c in from_claims if c)) if None not in from_claims else (),
            also_classes=("ViolenceAgainstCivilians",) if group.event_class in ("Attack", "AirStrike") and any(
                em.civilian_victims for em, _ in group.mentions) else (),
        ))
    return tuple(sorted(_with_inferred_actors(events, groups, main, owner, by_key), key=lambda e: e.key))


def _with_inferred_actors(
    events: list[Event], groups: list[_Group], main: dict[str, _Group], owner: dict[tuple[str, int], str],
    by_key: dict[str, Entity],
) -> list[Event]:
    """An event whose sentences name nobody ("fighting also broke out further south, towards
    Abeibara") is taken part in by the sides of its article's main violent event, else by the
    article's most mentioned armed actors: every event has at least one actor."""
    by_group = {id(g): e for g, e in zip(groups, events)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for (doc_id, _), key in owner.items():
        if by_key[key].entity_class in ("ArmedGroup", "StateForce"):
            counts[doc_id][key] += 1
    out = []
    for group, event in zip(groups, events):
        if event.actors or event.attackers or event.targets:
            out.append(event)
            continue
        docs = sorted({d for _, d in group.mentions})
        inferred: set[str] = set()
        for doc_id in docs:
            lead = main.get(doc_id)
            if lead is not None and lead is not group:
                e = by_group[id(lead)]
                inferred.update(e.actors + e.attackers + e.targets)
            if not inferred:
                ranked = sorted(counts[doc_id].items(), key=lambda kv: (-kv[1], kv[0]))
                inferred.update(k for k, _ in ranked[:2])
        out.append(replace(event, actors=tuple(sorted(inferred))) if inferred else event)
    return out


def _span_text(time: TimeValue) -> str:
    return time.begin if time.end in (None, time.begin) else f"{time.begin} – {time.end}"


def _figure(f: FigureMention, doc_id: str, owner: dict[tuple[str, int], str], claims: dict[str, Claim]) -> CasualtyFigure:
    claim = claims.get(f.claim) if f.claim else None
    key = figure_key(doc_id, f.provenance.char_start, f.provenance.char_end)
    return CasualtyFigure(
        key=key,
        figure_text=f.figure_text,
        category=f.category,
        provenance=f.provenance,
        count=f.count,
        min_count=f.min_count,
        max_count=f.max_count,
        qualifier=f.qualifier,
        victim_side=owner.get((doc_id, f.victim)) if f.victim is not None else None,
        claimed_by=claim.claimed_by if claim else None,
        source_description=claim.source_description if claim else None,
        claim=f.claim,
    )
