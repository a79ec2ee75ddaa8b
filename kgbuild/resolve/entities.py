"""Mentions → one entity per real-world actor or place.

Within a document, names cluster by registry key, by folded spelling, by spelling variant
(``variant_key``), by person-name parts ("Goita" → "Assimi Goita"), by a slip of the keys
("Traroe" → "Traore"), by acronym ("CSP" → "CSP-DPA") and by first words ("Amnesty" → "Amnesty
International"); the class is voted. Descriptions ("the army", "Malian troops", "the separatist
movement") then join the entity they describe (``resolve.descriptions``). Across documents,
clusters merge by registry key, or by class group and variant key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import Iterable

from kgbuild.ids import entity_key
from kgbuild.resolve.clusters import Cluster, ResolveRules, absorb, class_group
from kgbuild.resolve.descriptions import resolve_nominals
from kgbuild.text import fold, region_stem, variant_key
from kgbuild.types import Entity, Extraction, FoundBy, Mention

__all__ = ["ResolveRules", "resolve_entities", "class_group", "mentions_by_use"]

MIN_VARIANT_LENGTH = 5
_DECIDED = frozenset({FoundBy.REGISTRY, FoundBy.CONTEXT, FoundBy.PREPOSITION})
"""Ways of finding a mention that settle its class, against a registry entry of the same name."""


def mentions_by_use(extractions: Iterable[Extraction]) -> list[Mention]:
    """Every mention of ``extractions``; a name only the model typed, as an organisation or a
    person, that an event happens in ("the attack on Darul Jamal in the Bama area") is a place, as
    the words around it say. (Not the subject of "in": "the EU delegation in Bamako" is no place.)"""
    out: list[Mention] = []
    for extraction in extractions:
        places = {e.place for e in extraction.events if e.place is not None}
        for mention in extraction.mentions:
            if (mention.found_by is FoundBy.NER and mention.kind == "name"
                    and mention.entity_class in ("Organization", "Person") and mention.provenance.char_start in places):
                mention = replace(mention, entity_class="Place", found_by=FoundBy.CONTEXT)
            out.append(mention)
    return out


def resolve_entities(mentions: Iterable[Mention], rules: ResolveRules) -> list[Entity]:
    """Group mentions (of any number of documents) into entities, in a deterministic order."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_doc[mention.provenance.doc_id].append(mention)
    doc_clusters = [c for doc_id in sorted(by_doc) for c in _resolve_document(by_doc[doc_id], rules)]
    clusters = [_merge_across_documents(group) for group in _link_across_documents(doc_clusters, rules)]
    _merge_partial_names(clusters, rules)  # "Ag Ibrahim" in one article, "Amadou Ag Ibrahim" in another
    by_key: dict[str, Cluster] = {}
    for cluster in clusters:
        if not cluster.mentions:
            continue
        key = _entity_key_of(cluster, rules)
        if key in by_key:
            absorb(by_key[key], cluster)  # one IRI is one entity
        else:
            by_key[key] = cluster
    entities = [_to_entity(cluster, rules) for cluster in by_key.values()]
    return sorted(entities, key=lambda e: e.key)


def _link_keys(cluster: Cluster, rules: ResolveRules) -> list[str]:
    """Keys under which clusters of different documents are the same entity: the registry entry, or
    the class group with the spelling-variant key of the label, of every name of two words or more,
    and of every name the text introduced as another name ("known as")."""
    if cluster.registry_key:
        return [cluster.registry_key]
    group = class_group(cluster.entity_class(rules.registry))
    if cluster.country and not cluster.names:  # "Armed forces of Niger"; its gendarmerie is another
        kind = "+".join(sorted(rules.force_kind(cluster.descriptors)))
        return [f"{group}:{cluster.country}:{cluster.entity_class(rules.registry)}:{kind}"]
    keys = [f"{group}:{variant_key(_choose_label(cluster))}"]
    for mention in cluster.mentions:
        if mention.kind == "alias" or (mention.kind == "name" and len(mention.text.split()) >= 2):
            keys.append(f"{group}:{variant_key(mention.text)}")
    return list(dict.fromkeys(keys))


def _link_across_documents(clusters: list[Cluster], rules: ResolveRules) -> list[list[Cluster]]:
    """Clusters sharing a link key, as groups (union-find); two registry entries are never joined."""
    parent = list(range(len(clusters)))
    registry = [c.registry_key for c in clusters]

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, cluster in enumerate(clusters):
        for key in _link_keys(cluster, rules):
            if key not in owner:
                owner[key] = i
                continue
            a, b = root(owner[key]), root(i)
            if a == b or (registry[a] and registry[b] and registry[a] != registry[b]):
                continue
            parent[b] = a
            registry[a] = registry[a] or registry[b]
    groups: dict[int, list[Cluster]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        groups[root(i)].append(cluster)
    return [groups[r] for r in sorted(groups)]


def _merge_across_documents(group: list[Cluster]) -> Cluster:
    first = group[0]
    registry_key = next((c.registry_key for c in group if c.registry_key), None)
    merged = Cluster(registry_key=registry_key, country=first.country, fallback_label=first.fallback_label)
    for cluster in group:
        for mention in cluster.mentions:
            merged.add(mention)
        for cls, votes in cluster.votes.items():
            if not any(m.entity_class == cls for m in cluster.mentions):
                merged.votes[cls] += votes  # the class of an actor known only by description
    return merged


def _entity_key_of(cluster: Cluster, rules: ResolveRules) -> str:
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        return entry.key
    return entity_key(cluster.entity_class(rules.registry), _choose_label(cluster))


# --- one document ---------------------------------------------------------------------------------

def _resolve_document(mentions: list[Mention], rules: ResolveRules) -> list[Cluster]:
    names = [m for m in mentions if m.kind == "name"]
    nominals = [m for m in mentions if m.kind == "nominal"]
    clusters = _cluster_names(names, rules)
    resolve_nominals(nominals, clusters, rules)
    _resolve_antecedents([m for m in mentions if m.anchor_kind == "antecedent"], clusters)
    _countries_of_demonyms(nominals, clusters, rules)
    return [c for c in clusters if c.mentions]


def _countries_of_demonyms(nominals: list[Mention], clusters: list[Cluster], rules: ResolveRules) -> None:
    """"Russian military instructors" name Russia, though no sentence does: the country the
    demonym of a description stands for is an entity of the article, its mention the demonym."""
    present = {c.registry_key for c in clusters if c.mentions and c.registry_key}
    for mention in nominals:
        key = mention.anchor if mention.anchor_kind == "country" else None
        entry = rules.registry.by_key.get(key or "")
        if entry is None or entry.entity_class != "Country" or key in present:
            continue
        demonyms = {fold(d) for d in entry.demonyms}
        offset = 0
        for word in mention.text.split():
            start = mention.text.index(word, offset)
            offset = start + len(word)
            if fold(word) in demonyms:
                at = mention.provenance.char_start + start
                country = Cluster(registry_key=key)
                country.add(replace(mention, text=word, entity_class="Country", kind="name",
                                    provenance=replace(mention.provenance, char_start=at, char_end=at + len(word)),
                                    found_by=FoundBy.REGISTRY, registry_key=key, descriptors=(), anchor=None,
                                    anchor_kind=None, plural=False))
                clusters.append(country)
                present.add(key)
                break


def _resolve_antecedents(mentions: list[Mention], clusters: list[Cluster]) -> None:
    """A pronoun ("he added") joins the entity of the mention it refers to, if that one was resolved."""
    by_start = {m.provenance.char_start: c for c in clusters for m in c.mentions}
    for mention in sorted(mentions, key=lambda m: m.provenance.char_start):
        target = by_start.get(int(mention.anchor or -1))
        if target is not None:
            target.add(mention)
            by_start[mention.provenance.char_start] = target


def _registry_key_for(mention: Mention, rules: ResolveRules) -> str | None:
    if mention.registry_key:
        return mention.registry_key
    key = rules.alias_index.get(fold(mention.text))
    if key is None:
        return None
    entry = rules.registry.by_key[key]
    if class_group(entry.entity_class) != class_group(mention.entity_class) and mention.found_by in _DECIDED:
        return None  # the context says it is something else (a person named like a town)
    return key


def _cluster_names(names: list[Mention], rules: ResolveRules) -> list[Cluster]:
    by_registry: dict[str, Cluster] = {}
    by_variant: dict[str, Cluster] = {}
    clusters: list[Cluster] = []
    for mention in names:
        reg = _registry_key_for(mention, rules)
        if reg is not None:
            cluster = by_registry.get(reg)
            if cluster is None:
                cluster = by_registry[reg] = Cluster(registry_key=reg)
                clusters.append(cluster)
            cluster.add(mention)
            continue
        name = _without_region_noun(mention, rules)
        vkey = variant_key(name)
        key = vkey if len(vkey) >= MIN_VARIANT_LENGTH else fold(name)
        cluster = by_variant.get(key)
        if cluster is None:
            cluster = by_variant[key] = Cluster()
            clusters.append(cluster)
        cluster.add(mention)
    _merge_partial_names(clusters, rules)
    _merge_misspellings(clusters, rules)
    _merge_acronyms(clusters, rules)
    _merge_short_names(clusters, rules)
    # an unregistered cluster whose name turns out to be a registry entry's name joins it
    for cluster in clusters:
        if cluster.registry_key is None and cluster.mentions:
            for name in cluster.names:
                reg = rules.alias_index.get(fold(name))
                if reg and class_group(rules.registry.by_key[reg].entity_class) == class_group(cluster.entity_class(rules.registry)):
                    target = by_registry.get(reg)
                    if target is not None:
                        absorb(target, cluster)
                    else:
                        cluster.registry_key = reg
                    break
    return [c for c in clusters if c.mentions]


def _without_region_noun(mention: Mention, rules: ResolveRules) -> str:
    """"Cabo Delgado" for the place "Cabo Delgado province"."""
    stem = region_stem(mention.text, rules.region_nouns) if mention.entity_class == "Place" else None
    return stem or mention.text


def _tokens(name: str) -> list[str]:
    return fold(name).split()


def _merge_partial_names(clusters: list[Cluster], rules: ResolveRules) -> None:
    """"Goita" or "Ag Inzoma" joins the one person whose full name ends with those words; so does
    a surname the model took for a place or a group, when nothing around it said so."""
    people = [c for c in clusters if c.mentions and c.entity_class(rules.registry) == "Person"]
    guessed = [c for c in clusters if c.mentions and not c.registry_key and not c.context and c not in people
               and c.entity_class(rules.registry) != "Country" and all(len(_tokens(n)) == 1 for n in c.names)]
    for short in sorted(people + guessed, key=lambda c: min(len(_tokens(n)) for n in c.names or ["x"])):
        if not short.mentions or short.registry_key:
            continue
        short_names = {tuple(_tokens(n)) for n in short.names}
        longest = max((len(t) for t in short_names), default=0)
        candidates = []
        for other in people:
            if other is short or not other.mentions:
                continue
            other_names = [tuple(_tokens(n)) for n in other.names]
            if max((len(t) for t in other_names), default=0) <= longest:
                continue
            if any(
                name == full[-len(name):] or name == full[: len(name)] and len(name) > 1
                for name in short_names for full in other_names if len(full) > len(name)
            ):
                candidates.append(other)
        if len(candidates) == 1:
            absorb(candidates[0], short)


def _one_slip(a: str, b: str) -> bool:
    """Whether two words of one article are one name typed twice, once with a slip of the keys:
    one letter left out, added, changed or two swapped ("Traroe", "Darual"), or the letters of the
    middle shuffled ("Degaldo"). Short words never are ("Niger", "Nigel"): both must start alike,
    and the longer have six letters or more."""
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < 5 or max(len(a), len(b)) < 6:
        return False
    if len(a) == len(b) and a[-1] == b[-1] and sorted(a) == sorted(b):
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _slip_of(name: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """``name`` is ``full``, or its last or first words, with one word mistyped."""
    if len(name) > len(full):
        return False
    for part in {full[-len(name):], full[:len(name)]}:
        slips = [i for i in range(len(name)) if name[i] != part[i]]
        if len(slips) == 1 and _one_slip(name[slips[0]], part[slips[0]]):
            return True
    return False


def _weight(cluster: Cluster) -> tuple[int, int, int]:
    """How sure a cluster is of its spelling: registered, then named more often, then typed by
    the words around it rather than by the model alone."""
    return (bool(cluster.registry_key), len(cluster.names), sum(cluster.context.values()))


def _merge_misspellings(clusters: list[Cluster], rules: ResolveRules) -> None:
    """A name written once with a slip of the keys ("Traroe" beside "Ibrahim Traore", "Darual
    Jamal" beside "Darul Jamal") joins the one entity spelt right; the model's guess at the class
    of a mistyped name does not keep them apart, but the words around both do."""
    for slip in sorted(clusters, key=_weight):
        if not slip.mentions or slip.registry_key:
            continue
        names = {tuple(_tokens(n)) for n in slip.names}
        candidates = []
        for other in clusters:
            if other is slip or not other.mentions or _weight(other) < _weight(slip):
                continue
            if (slip.context and other.context
                    and class_group(slip.entity_class(rules.registry)) != class_group(other.entity_class(rules.registry))):
                continue
            if any(_slip_of(name, tuple(_tokens(full))) for name in names for full in other.names):
                candidates.append(other)
        if len(candidates) == 1:
            absorb(candidates[0], slip)


def _merge_short_names(clusters: list[Cluster], rules: ResolveRules) -> None:
    """An organisation or group named by the first words of its name ("Amnesty" after "Amnesty
    International") is that one, when one only begins so; so is a state body named without its
    country ("the Foreign Ministry" after "France's Foreign Ministry" or "the French Foreign
    Ministry")."""
    groups = [c for c in clusters if c.mentions and class_group(c.entity_class(rules.registry)) == "group"]
    for short in groups:
        if not short.mentions or short.registry_key:
            continue
        names = {tuple(_tokens(n)) for n in short.names}
        candidates = [
            other for other in groups
            if other is not short and other.mentions and any(
                len(full) > len(name) and (full[:len(name)] == name or _of_a_country(full[:-len(name)], rules)
                                           and full[-len(name):] == name)
                for name in names for full in (tuple(_tokens(n)) for n in other.names))
        ]
        if len(candidates) == 1 and candidates[0].entity_class(rules.registry) == short.entity_class(rules.registry):
            absorb(candidates[0], short)


def _of_a_country(words: tuple[str, ...], rules: ResolveRules) -> bool:
    """Whether folded words are a country's name or demonym, with or without a possessive "s"."""
    words = words[:-1] if len(words) > 1 and words[-1] == "s" else words
    return " ".join(words) in rules.country_words


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _merge_acronyms(clusters: list[Cluster], rules: ResolveRules) -> None:
    """"CSP" joins "CSP-DPA"; "ABC" joins "Alpha Beta Coalition" (one candidate only)."""
    groups = [c for c in clusters if c.mentions and class_group(c.entity_class(rules.registry)) == "group"]
    for short in groups:
        if not short.mentions:
            continue
        acronyms = {n for n in short.names if n.isupper() and 2 <= len(n) <= 8}
        if not acronyms:
            continue
        candidates = []
        for other in groups:
            if other is short or not other.mentions:
                continue
            for name in other.names:
                head = name.split("-")[0].strip()
                if name != head and head in acronyms or _acronym(name) in acronyms and len(name.split()) > 1:
                    candidates.append(other)
                    break
        if len(candidates) == 1:
            if short.registry_key and not candidates[0].registry_key:
                absorb(short, candidates[0])
            elif not short.registry_key:
                absorb(candidates[0], short)


# --- entities -------------------------------------------------------------------------------------

def _choose_label(cluster: Cluster) -> str:
    if not cluster.names and cluster.fallback_label:
        return cluster.fallback_label
    names = cluster.names or [m.text for m in cluster.mentions]
    counts = Counter(names)
    return sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))[0]


def _after_the_possessor(mention: Mention) -> str | None:
    """The words of a description after the country it is said to be of ("junta" in "Burkina
    Faso's junta"), the name analysts also call it by."""
    if mention.kind != "nominal" or mention.anchor_kind != "country" or mention.entity_class == "Country":
        return None  # "Niger's borders" is the country itself, never called "borders"
    text = mention.text.replace("\u2019", "'")
    at = text.find("'s ")
    return text[at + 3:].strip() or None if at > 0 else None


def _to_entity(cluster: Cluster, rules: ResolveRules) -> Entity:
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    label = entry.label if entry else _choose_label(cluster)
    entity_class = cluster.entity_class(rules.registry)
    key = _entity_key_of(cluster, rules)
    surface: list[str] = []
    for mention in cluster.mentions:
        if mention.kind == "pronoun":
            continue  # "he", "the spokesman": evidence of the entity, not one of its names
        surface.append(mention.text)
        if mention.anchor_kind in ("title", "member") and mention.anchor:
            surface.append(mention.anchor)
        own = _after_the_possessor(mention)
        if own:  # "Burkina Faso's junta" is also called "junta"
            surface.append(own)
    alt = sorted({s for s in surface if s != label})
    mentions = tuple(sorted(cluster.mentions, key=lambda m: (m.provenance.doc_id, m.provenance.char_start, m.provenance.char_end, m.text)))
    return Entity(
        key=key,
        label=label,
        entity_class=entity_class,
        alt_labels=tuple(alt),
        mentions=mentions,
        same_as=entry.wikidata if entry else (),
        latitude=entry.latitude if entry else None,
        longitude=entry.longitude if entry else None,
        geo_precision=entry.geo_precision if entry and entry.latitude is not None else None,
    )
