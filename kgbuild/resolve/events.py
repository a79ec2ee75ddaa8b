"""Resolve stage: event mentions → one event node per real event across sentences and documents.

Event mentions of one class merge when their places agree, their times overlap and they share
actors: the ones that name a place are grouped first, and the ones that do not join the
best-matching placed event ("the fighting" joins the battle at Tinzaouaten rather than the clash
near Abeibara when they share its actors), so two battles in one article stay two. Figures that no
event of their sentence took go to the article's main violent event; an event whose sentences name
nobody is taken part in by the sides of that main event.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta

from kgbuild.ids import event_key, figure_key, key_label
from kgbuild.resolve.context import CountMode, article_country, entity_actors
from kgbuild.resolve.entities import ResolveRules
from kgbuild.resolve.time import TimeValue, expand_iso, merge_times, normalize_time
from kgbuild.types import CasualtyFigure, Claim, Entity, Event, EventMention, Extraction, Figure, FigureMention

__all__ = ["resolve_events", "TIME_SLACK_DAYS"]

TIME_SLACK_DAYS = 3
"""Reports of one battle give days a little apart ("on Thursday", "on Saturday")."""

Owner = dict[tuple[str, int], str]
"""(document id, a mention's start offset) → the key of the entity the mention belongs to."""


@dataclass(slots=True)
class _Read:
    """One event mention with its mentions turned into entity keys and its times normalised."""

    doc_id: str
    mention: EventMention
    actors: tuple[str, ...]
    attackers: tuple[str, ...]
    targets: tuple[str, ...]
    place: str | None
    times: list[TimeValue]

    @property
    def everyone(self) -> tuple[str, ...]:
        return self.actors + self.attackers + self.targets


@dataclass
class _Group:
    event_class: str
    place: str | None
    mentions: list[tuple[EventMention, str]] = field(default_factory=list)
    actors: set[str] = field(default_factory=set)
    times: list[TimeValue] = field(default_factory=list)
    doers: set[str] = field(default_factory=set)
    """The actors and attackers of its mentions: everyone but the targets."""

    def span(self):
        merged = merge_times(_finest(self.times))
        if merged is None or merged.begin is None:
            return None
        return expand_iso(merged.begin)[0], expand_iso(merged.end or merged.begin)[1]

    def join(self, read: _Read, actors) -> None:
        self.mentions.append((read.mention, read.doc_id))
        self.actors.update(actors)
        self.doers.update(read.actors + read.attackers)
        self.times.extend(read.times)

    def take(self, other: _Group) -> None:
        """Every mention, actor and time of ``other`` (another reading of this event)."""
        self.mentions += other.mentions
        self.actors |= other.actors
        self.doers |= other.doers
        self.times += other.times

    def count_in(self, doc_id: str) -> int:
        return sum(1 for _, d in self.mentions if d == doc_id)


def resolve_events(
    extractions: list[Extraction], owner: Owner, by_key: dict[str, Entity],
    published: dict[str, str | None], claims: dict[str, Claim], rules: ResolveRules,
) -> tuple[tuple[Event, ...], list[tuple[str, str, EventMention]]]:
    """The events of ``extractions`` (sorted by document id), tied to the resolved entities; and
    (town, place, event mention) for each event told at an unnamed town inside a place ("25
    civilians were killed in a camp in North Darfur state") that is the article's event of its
    class at one named town (Zamzam), which is then inside that place."""
    reads = [_placed_coup(r, by_key, rules) for r in _reads(extractions, owner, published, by_key)]
    moved = _towns_within(reads, by_key)
    within = [(town, read.place, read.mention) for read, town in moved]
    for read, town in moved:
        read.place = town
    reads = _narrow_places(reads, by_key)
    reads = _main_places(reads, by_key, published, rules.violent_classes | {"Capture"})
    groups: list[_Group] = []
    for read in (r for r in reads if r.place is not None):
        span = _time_span(merge_times(read.times)) if read.times else None
        target = next((g for g in groups if g.event_class == read.mention.event_class and g.place == read.place
                       and _compatible(g.span(), span)), None)
        if target is None:
            target = _Group(read.mention.event_class, read.place)
            groups.append(target)
        target.join(read, read.everyone)
    for read in (r for r in reads if r.place is None):
        best = _best_group(read, groups)
        if best is None:
            best = _Group(read.mention.event_class, None)
            groups.append(best)
        best.join(read, set(read.everyone))
    groups = _one_violent_event_per_town(groups, by_key, rules.violent_classes)
    groups = _unplaced_into_the_one_town(groups, by_key, rules.violent_classes)
    return _to_events(groups, extractions, owner, claims, by_key, rules.violent_classes), within


def _one_violent_event_per_town(groups: list[_Group], by_key: dict[str, Entity], violent: frozenset[str]) -> list[_Group]:
    """"The attack on the camp", "the fighting" and "the assault" at one town, at agreeing times, in
    one article are one event: its class is the one most of its mentions give (the first told
    when as many give another)."""
    out: list[_Group] = []
    for group in groups:
        target = None
        if group.event_class in violent and group.place is not None and by_key[group.place].entity_class == "Place":
            docs = {d for _, d in group.mentions}
            target = next((g for g in out if g.event_class in violent and g.place == group.place
                           and docs & {d for _, d in g.mentions} and _compatible(g.span(), group.span())
                           and not _another_side_s_strike(g, group)), None)
        if target is None:
            out.append(group)
            continue
        classes = Counter(em.event_class for em, _ in target.mentions + group.mentions)
        first = min(target.mentions + group.mentions, key=lambda t: (t[1], t[0].provenance.char_start))[0].event_class
        top = max(classes.values())
        target.event_class = first if classes[first] == top else sorted(c for c, n in classes.items() if n == top)[0]
        target.take(group)
    return out


def _another_side_s_strike(a: _Group, b: _Group) -> bool:
    """An air strike near the town by a side that took no part in the fighting there ("militants
    stormed the base on Tuesday; the US military said it carried out an air strike near the town on
    Wednesday") is an event of its own."""
    if (a.event_class == "AirStrike") == (b.event_class == "AirStrike"):
        return False
    strike, ground = (a, b) if a.event_class == "AirStrike" else (b, a)
    return bool(strike.doers) and bool(ground.actors) and not strike.doers & ground.actors


def _unplaced_into_the_one_town(groups: list[_Group], by_key: dict[str, Entity], violent: frozenset[str]) -> list[_Group]:
    """Where an article tells of violence at one town only, the violence it tells without a place
    ("the massacre", "the killings"), at agreeing times, is that event."""
    out: list[_Group] = []
    for group in groups:
        docs = {d for _, d in group.mentions}
        target = None
        if group.event_class in violent and group.place is None and len(docs) == 1:
            towns = [g for g in groups if g.event_class in violent and g.place is not None
                     and by_key[g.place].entity_class == "Place" and docs & {d for _, d in g.mentions}]
            if len(towns) == 1 and _compatible(towns[0].span(), group.span()):
                target = towns[0]
        if target is None:
            out.append(group)
            continue
        target.take(group)
    return out


def _reads(extractions: list[Extraction], owner: Owner, published: dict[str, str | None],
           by_key: dict[str, Entity]) -> list[_Read]:
    out = []
    for extraction in extractions:
        doc_id = extraction.doc_id
        pub = published.get(doc_id)

        def keys(starts) -> tuple[str, ...]:
            return tuple(dict.fromkeys(owner[(doc_id, s)] for s in starts if (doc_id, s) in owner))

        for em in extraction.events:
            place = owner.get((doc_id, em.place)) if em.place is not None else None
            if place is not None and by_key[place].entity_class not in ("Place", "Country"):
                place = None  # the model's "place" turned out a person or a group
            roles = [keys(em.actors), keys(em.attackers), keys(em.targets)]
            towns = [k for keys_ in roles for k in keys_ if by_key[k].entity_class == "Place"]
            if place is None and towns:
                place = towns[0]  # "Bukavu's capture": a town is where it happened, not who took part
            actors, attackers, targets = (tuple(k for k in keys_ if k not in towns) for keys_ in roles)
            times = [normalize_time(t, pub) for t in em.times]
            out.append(_Read(doc_id, em, actors, attackers, targets, place, times))
    return out


def _main_places(reads: list[_Read], by_key: dict[str, Entity], published: dict[str, str | None],
                 classes: frozenset[str]) -> list[_Read]:
    """An article's main event happens at its main place: an event of violence or a capture that
    the sentence does not place (or places only in a country: "the attack", "the fighting", "in
    Mali"), told without a time of another year, happens at the town the article names most
    (twice at least, and more often than any other), when the article places none of these events
    at a town itself. Without such a town, fighting the article places nowhere happens in the one
    country it places its other events in ("French forces launched air strikes", the troops
    having been "sent to Mali"); a crash is left where the text leaves it."""
    counts: dict[str, Counter] = defaultdict(Counter)
    first: dict[tuple[str, str], int] = {}
    for entity in by_key.values():
        if entity.entity_class != "Place":
            continue
        for mention in entity.mentions:
            doc_id = mention.provenance.doc_id
            counts[doc_id][entity.key] += 1
            first[(doc_id, entity.key)] = min(first.get((doc_id, entity.key), mention.provenance.char_start),
                                              mention.provenance.char_start)
    main: dict[str, str] = {}
    for doc_id, counter in counts.items():
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], first[(doc_id, kv[0])]))
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            main[doc_id] = ranked[0][0]  # two towns named as often: neither is the main place
    placed = {r.doc_id for r in reads if r.mention.event_class in classes
              and r.place is not None and by_key[r.place].entity_class == "Place"}
    countries: dict[str, set[str]] = defaultdict(set)
    for read in reads:
        if read.place is not None and by_key[read.place].entity_class == "Country":
            countries[read.doc_id].add(read.place)
    for read in reads:
        town = main.get(read.doc_id)
        if (town is None and read.place is None and read.mention.event_class in classes
                and read.mention.event_class != "Crash" and len(countries[read.doc_id]) == 1):
            town = next(iter(countries[read.doc_id]))  # the one country the article places its events in
        if town is None or read.mention.event_class not in classes or read.doc_id in placed:
            continue  # where the article itself places its fighting at a town, mentions join by actors
        if read.place is not None and by_key[read.place].entity_class != "Country":
            continue
        year = (published.get(read.doc_id) or "")[:4]
        if year and any(t.begin and not t.begin.startswith(year) for t in read.times):
            continue  # "in 2012 the rebels seized ...": background, not the main event
        read.place = town
    return reads


def _placed_coup(read: _Read, by_key: dict[str, Entity], rules: ResolveRules) -> _Read:
    """A coup happens in the country of the government that takes power (the article's country
    when no actor tells), not in the capital where the soldiers appeared."""
    place = read.place
    if read.mention.event_class == "Coup" and (place is None or by_key[place].entity_class != "Country"):
        country = _coup_country(read.actors, by_key, rules) or article_country(
            entity_actors(read.doc_id, list(by_key.values())), CountMode.MENTIONS)
        read.place = country or place
    return read


def _coup_country(actors: tuple[str, ...], by_key: dict[str, Entity], rules: ResolveRules) -> str | None:
    return next((countries[0] for key in actors if (countries := rules.registry_countries(key, by_key))), None)


def _towns_within(reads: list[_Read], by_key: dict[str, Entity]) -> list[tuple[_Read, str]]:
    """Each event mention told at an unnamed town inside a place, with the named town of its
    article it happened at: the one town its class is told at, or of several the most named."""
    towns: dict[tuple[str, str], set[str]] = defaultdict(set)
    for read in reads:
        if read.place is not None and not read.mention.place_within and by_key[read.place].entity_class == "Place":
            towns[(read.doc_id, read.mention.event_class)].add(read.place)
    inside = [r for r in reads if r.place is not None and r.mention.place_within]
    if not inside:
        return []
    told = {t for ts in towns.values() for t in ts}
    named_in = Counter((m.provenance.doc_id, t) for t in told for m in by_key[t].mentions)
    out = []
    for read in inside:
        only = towns.get((read.doc_id, read.mention.event_class), set()) - {read.place}
        named = Counter({t: named_in[(read.doc_id, t)] for t in only})
        ranked = named.most_common(2)
        if len(ranked) == 1 or len(ranked) > 1 and ranked[0][1] > ranked[1][1]:
            out.append((read, ranked[0][0]))  # of several towns, the one the article names most
    return out


def _narrow_places(reads: list[_Read], by_key: dict[str, Entity]) -> list[_Read]:
    """Within one article, an event told as happening "in Congo" is the one of its class told at a
    town, when the article places that class of event at one town only."""
    towns: dict[tuple[str, str], set[str]] = defaultdict(set)
    for read in reads:
        if read.place is not None and by_key[read.place].entity_class == "Place":
            towns[(read.doc_id, read.mention.event_class)].add(read.place)
    for read in reads:
        only = towns.get((read.doc_id, read.mention.event_class), set())
        if (read.place is not None and by_key[read.place].entity_class == "Country" and len(only) == 1
                and read.mention.event_class != "Coup"):
            read.place = next(iter(only))
    return reads


def _best_group(read: _Read, groups: list[_Group]) -> _Group | None:
    """The group an event mention without a place joins: the one sharing most of its actors, in its
    document, with times that agree; none when nothing speaks for any."""
    span = _time_span(merge_times(read.times)) if read.times else None
    everyone = set(read.everyone)
    best, best_score = None, 0
    for group in groups:
        if group.event_class != read.mention.event_class or not _compatible(group.span(), span):
            continue
        same_doc = any(d == read.doc_id for _, d in group.mentions)
        score = 2 * len(everyone & group.actors) + (1 if same_doc else 0)
        if span is not None and group.span() is not None:
            score += 2  # known times that agree say more than a time nobody gave
        if not everyone and same_doc:
            score += len(group.mentions)  # "the fighting": the document's main one
        if score > best_score:
            best, best_score = group, score
    return best


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


# --- groups → events ------------------------------------------------------------------------------

def _main_events(groups: list[_Group], violent: frozenset[str], towns: frozenset[str]) -> dict[str, _Group]:
    """Each document's main violent event: the violent group at a town with most of its mentions,
    else the violent group with most ("drone strikes in northern Mali", told in the headline and
    the lede, is the strike on the village the report is about)."""
    main: dict[str, _Group] = {}

    def rank(group: _Group, doc_id: str) -> tuple[bool, int]:
        return group.place in towns, group.count_in(doc_id)

    for group in groups:
        if group.event_class not in violent:
            continue
        for doc_id in {d for _, d in group.mentions}:
            current = main.get(doc_id)
            if current is None or rank(group, doc_id) > rank(current, doc_id):
                main[doc_id] = group
    return main


def _to_events(
    groups: list[_Group], extractions: list[Extraction], owner: Owner, claims: dict[str, Claim],
    by_key: dict[str, Entity], violent: frozenset[str],
) -> tuple[Event, ...]:
    towns = frozenset(k for k, e in by_key.items() if e.entity_class == "Place")
    main = _main_events(groups, violent, towns)
    # figures no event of their sentence took go to the document's main violent event
    loose: dict[int, list[tuple[FigureMention, str]]] = defaultdict(list)
    for extraction in extractions:
        group = main.get(extraction.doc_id)
        if group is not None:
            loose[id(group)] += [(f, extraction.doc_id) for f in extraction.figures]
    events = []
    used: Counter = Counter()
    for group in groups:
        event = _event(group, loose.get(id(group), []), owner, claims, towns, violent)
        used[event.key] += 1
        events.append(event if used[event.key] == 1 else replace(event, key=f"{event.key}-{used[event.key]}"))
    return tuple(sorted(_with_inferred_actors(events, groups, main, owner, by_key), key=lambda e: e.key))


def _event(group: _Group, loose: list[tuple[FigureMention, str]], owner: Owner, claims: dict[str, Claim],
           towns: frozenset[str], violent: frozenset[str]) -> Event:
    """One group's event, keyed by class, place and start (callers number repeats)."""
    actors: list[str] = []
    attackers: list[str] = []
    targets: list[str] = []
    figures = list(loose)
    for em, doc_id in group.mentions:
        actors += [owner[(doc_id, s)] for s in em.actors if (doc_id, s) in owner]
        attackers += [owner[(doc_id, s)] for s in em.attackers if (doc_id, s) in owner]
        targets += [owner[(doc_id, s)] for s in em.targets if (doc_id, s) in owner]
        figures += [(f, doc_id) for f in em.figures]
    actors, attackers, targets = ([k for k in keys if k not in towns] for keys in (actors, attackers, targets))
    time = merge_times(_finest(group.times))
    begin = time.begin if time is not None else None
    label_place = key_label(group.place) if group.place else None
    from_claims = {em.claim for em, _ in group.mentions}
    return Event(
        key=event_key(group.event_class, group.place, begin),
        event_class=group.event_class,
        label=f"{group.event_class}" + (f" at {label_place}" if label_place else "")
        + (f" ({_span_text(time)})" if time and time.begin else ""),
        evidence=tuple(sorted({em.provenance for em, _ in group.mentions},
                              key=lambda p: (p.doc_id, p.char_start, p.char_end))),
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
        also_classes=_also_classes(group, violent),
    )


def _also_classes(group: _Group, violent: frozenset[str]) -> tuple[str, ...]:
    """The classes an event has besides its own: violence against civilians for an attack whose
    victims are civilians (ACLED counts it there), and each violent class its other mentions give
    it ("the attack" also told as "a skirmish": a battle too)."""
    also = {em.event_class for em, _ in group.mentions if em.event_class in violent} - {group.event_class}
    if group.event_class in ("Attack", "AirStrike") and any(em.civilian_victims for em, _ in group.mentions):
        also.add("ViolenceAgainstCivilians")
    return tuple(sorted(also))


def _with_inferred_actors(
    events: list[Event], groups: list[_Group], main: dict[str, _Group], owner: Owner, by_key: dict[str, Entity],
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
        inferred: set[str] = set()
        # strikes from the air and coups are a state's forces' doing: where the article has state
        # forces, they are the sides an air strike or a coup nobody is named for is given ("drone
        # strikes killed nine civilians"; "the junta, in power since a coup in 2022"), never the
        # armed groups of the article's main event
        state_only = group.event_class in ("AirStrike", "Coup")
        for doc_id in sorted({d for _, d in group.mentions}):
            lead = main.get(doc_id)
            if lead is not None and lead is not group:
                e = by_group[id(lead)]
                sides = e.actors + e.attackers + e.targets
                inferred.update(k for k in sides if not state_only or by_key[k].entity_class == "StateForce")
            if not inferred:
                ranked = sorted(counts[doc_id].items(), key=lambda kv: (-kv[1], kv[0]))
                states = [kv for kv in ranked if by_key[kv[0]].entity_class == "StateForce"]
                if state_only and states:
                    ranked = states
                inferred.update(k for k, _ in ranked[:2])
        out.append(replace(event, actors=tuple(sorted(inferred))) if inferred else event)
    return out


def _span_text(time: TimeValue) -> str:
    return time.begin if time.end in (None, time.begin) else f"{time.begin} – {time.end}"


def _figure(f: FigureMention, doc_id: str, owner: Owner, claims: dict[str, Claim]) -> CasualtyFigure:
    claim = claims.get(f.claim) if f.claim else None
    return CasualtyFigure(
        **{name.name: getattr(f, name.name) for name in fields(Figure)},
        key=figure_key(doc_id, f.provenance.char_start, f.provenance.char_end),
        victim_side=owner.get((doc_id, f.victim)) if f.victim is not None else None,
        claimed_by=claim.claimed_by if claim else None,
        source_description=claim.source_description if claim else None,
    )
