"""Mentions → one entity per real-world actor or place.

Within a document, names cluster by registry key, by folded spelling, by spelling variant
(``variant_key``), by person-name parts ("Goita" → "Assimi Goita") and by acronym ("CSP" →
"CSP-DPA"); the class is voted. Descriptions ("the army", "Malian troops", "the separatist
movement") then join the entity they describe: through the country or name that anchors them, or
by kind and salience among the document's entities of that class, falling back on the registry.
Across documents, clusters merge by registry key, or by class group and variant key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from kgbuild.ids import entity_key
from kgbuild.resolve.context import ArticleActor, CountMode, article_country
from kgbuild.text import fold, variant_key
from kgbuild.types import Entity, FoundBy, Mention, Registry, RegistryEntry

__all__ = ["ResolveRules", "resolve_entities", "class_group"]

_GROUPS = {
    "Person": "person",
    "Place": "place",
    "Country": "place",
    "EthnicGroup": "people",
}
_GENERIC_ORG = "Organization?"
_HOW_WEIGHT = {FoundBy.REGISTRY: 4, FoundBy.CONTEXT: 3}
"""A mention's vote for its cluster's class: the registry and the context outvote the model's label."""
_DECIDED = frozenset({FoundBy.REGISTRY, FoundBy.CONTEXT})
"""Ways of finding a mention that settle its class, against a registry entry of the same name."""
MIN_VARIANT_LENGTH = 5


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
class _Cluster:
    mentions: list[Mention] = field(default_factory=list)
    registry_key: str | None = None
    votes: Counter = field(default_factory=Counter)
    descriptors: set[str] = field(default_factory=set)
    country: str | None = None
    """For an actor known only by description ("the Sudanese army"): the country it belongs to."""
    fallback_label: str | None = None

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        weight = _HOW_WEIGHT.get(mention.found_by, 1)
        if mention.entity_class == "Organization" and weight <= 1:
            # the model's catch-all for names it cannot place: any specific class wins over it
            self.votes[_GENERIC_ORG] += weight
        else:
            self.votes[mention.entity_class] += weight
        self.descriptors.update(d.lower() for d in mention.descriptors)

    @property
    def names(self) -> list[str]:
        return [m.text for m in self.mentions if m.kind == "name"]

    def entity_class(self, registry: Registry) -> str:
        if self.registry_key and self.registry_key in registry.by_key:
            return registry.by_key[self.registry_key].entity_class
        specific = {k: v for k, v in self.votes.items() if k != _GENERIC_ORG}
        ranked = sorted(specific.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            return ranked[0][0]
        return "Organization" if self.votes else "Actor"


def resolve_entities(mentions: Iterable[Mention], rules: ResolveRules) -> list[Entity]:
    """Group mentions (of any number of documents) into entities, in a deterministic order."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_doc[mention.provenance.doc_id].append(mention)
    doc_clusters = [c for doc_id in sorted(by_doc) for c in _resolve_document(by_doc[doc_id], rules)]
    clusters = [_merge_across_documents(group) for group in _link_across_documents(doc_clusters, rules)]
    _merge_partial_names(clusters, rules)  # "Ag Ibrahim" in one article, "Amadou Ag Ibrahim" in another
    by_key: dict[str, _Cluster] = {}
    for cluster in clusters:
        if not cluster.mentions:
            continue
        key = _entity_key_of(cluster, rules)
        if key in by_key:
            _absorb(by_key[key], cluster)  # one IRI is one entity
        else:
            by_key[key] = cluster
    entities = [_to_entity(cluster, rules) for cluster in by_key.values()]
    return sorted(entities, key=lambda e: e.key)


def _link_keys(cluster: _Cluster, rules: ResolveRules) -> list[str]:
    """Keys under which clusters of different documents are the same entity: the registry entry, or
    the class group with the spelling-variant key of the label, of every name of two words or more,
    and of every name the text introduced as another name ("known as")."""
    if cluster.registry_key:
        return [cluster.registry_key]
    group = class_group(cluster.entity_class(rules.registry))
    if cluster.country and not cluster.names:
        return [f"{group}:{cluster.country}:{cluster.entity_class(rules.registry)}"]
    keys = [f"{group}:{variant_key(_choose_label(cluster))}"]
    for mention in cluster.mentions:
        if mention.kind == "alias" or (mention.kind == "name" and len(mention.text.split()) >= 2):
            keys.append(f"{group}:{variant_key(mention.text)}")
    return list(dict.fromkeys(keys))


def _link_across_documents(clusters: list[_Cluster], rules: ResolveRules) -> list[list[_Cluster]]:
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
    groups: dict[int, list[_Cluster]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        groups[root(i)].append(cluster)
    return [groups[r] for r in sorted(groups)]


def _merge_across_documents(group: list[_Cluster]) -> _Cluster:
    first = group[0]
    registry_key = next((c.registry_key for c in group if c.registry_key), None)
    merged = _Cluster(registry_key=registry_key, country=first.country, fallback_label=first.fallback_label)
    for cluster in group:
        for mention in cluster.mentions:
            merged.add(mention)
        for cls, votes in cluster.votes.items():
            if not any(m.entity_class == cls for m in cluster.mentions):
                merged.votes[cls] += votes  # the class of an actor known only by description
    return merged


def _entity_key_of(cluster: _Cluster, rules: ResolveRules) -> str:
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        return entry.key
    return entity_key(cluster.entity_class(rules.registry), _choose_label(cluster))


# --- one document ---------------------------------------------------------------------------------

def _resolve_document(mentions: list[Mention], rules: ResolveRules) -> list[_Cluster]:
    names = [m for m in mentions if m.kind == "name"]
    nominals = [m for m in mentions if m.kind == "nominal"]
    clusters = _cluster_names(names, rules)
    _resolve_nominals(nominals, clusters, rules)
    _resolve_antecedents([m for m in mentions if m.anchor_kind == "antecedent"], clusters)
    return [c for c in clusters if c.mentions]


def _resolve_antecedents(mentions: list[Mention], clusters: list[_Cluster]) -> None:
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


def _cluster_names(names: list[Mention], rules: ResolveRules) -> list[_Cluster]:
    by_registry: dict[str, _Cluster] = {}
    by_variant: dict[str, _Cluster] = {}
    clusters: list[_Cluster] = []
    for mention in names:
        reg = _registry_key_for(mention, rules)
        if reg is not None:
            cluster = by_registry.get(reg)
            if cluster is None:
                cluster = by_registry[reg] = _Cluster(registry_key=reg)
                clusters.append(cluster)
            cluster.add(mention)
            continue
        vkey = variant_key(mention.text)
        key = vkey if len(vkey) >= MIN_VARIANT_LENGTH else fold(mention.text)
        cluster = by_variant.get(key)
        if cluster is None:
            cluster = by_variant[key] = _Cluster()
            clusters.append(cluster)
        cluster.add(mention)
    _merge_partial_names(clusters, rules)
    _merge_acronyms(clusters, rules)
    # an unregistered cluster whose name turns out to be a registry entry's name joins it
    for cluster in clusters:
        if cluster.registry_key is None and cluster.mentions:
            for name in cluster.names:
                reg = rules.alias_index.get(fold(name))
                if reg and class_group(rules.registry.by_key[reg].entity_class) == class_group(cluster.entity_class(rules.registry)):
                    target = by_registry.get(reg)
                    if target is not None:
                        _absorb(target, cluster)
                    else:
                        cluster.registry_key = reg
                    break
    return [c for c in clusters if c.mentions]


def _absorb(target: _Cluster, source: _Cluster) -> None:
    for mention in source.mentions:
        target.add(mention)
    source.mentions.clear()
    source.votes.clear()


def _tokens(name: str) -> list[str]:
    return fold(name).split()


def _merge_partial_names(clusters: list[_Cluster], rules: ResolveRules) -> None:
    """"Goita" or "Ag Inzoma" joins the one person whose full name ends with those words."""
    people = [c for c in clusters if c.mentions and c.entity_class(rules.registry) == "Person"]
    for short in sorted(people, key=lambda c: min(len(_tokens(n)) for n in c.names or ["x"])):
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
            _absorb(candidates[0], short)


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _merge_acronyms(clusters: list[_Cluster], rules: ResolveRules) -> None:
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
                _absorb(short, candidates[0])
            elif not short.registry_key:
                _absorb(candidates[0], short)


# --- descriptions ---------------------------------------------------------------------------------

def _kind_words(words: Iterable[str], rules: ResolveRules) -> set[str]:
    """Words and the kinds they stand for: "separatist" → {"separatist", "rebel"}."""
    out: set[str] = set()
    for word in words:
        word = word.lower()
        out.add(word)
        for kind, synonyms in rules.kind_synonyms.items():
            if word == kind or word in synonyms:
                out.add(kind)
    return out


def _cluster_words(cluster: _Cluster, rules: ResolveRules) -> set[str]:
    words = set(cluster.descriptors)
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        words.update(d.lower() for d in entry.descriptors)
    return _kind_words(words, rules)


def _cluster_countries(cluster: _Cluster, rules: ResolveRules) -> set[str]:
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is None:
        if cluster.country:
            return {cluster.country}
        found = set()
        for name in cluster.names:  # "Sudanese Armed Forces" belongs to Sudan
            words = fold(name).split()
            for n in (1, 2, 3):
                for i in range(len(words) - n + 1):
                    key = rules.country_words.get(" ".join(words[i:i + n]))
                    if key:
                        found.add(key)
        return found
    if entry.entity_class == "Country":
        return {entry.key}
    return {k for k in entry.part_of if _is_country(k, rules)}


def _is_country(key: str, rules: ResolveRules) -> bool:
    """Whether ``key`` is a country of the registry (read from its entry, not from the key)."""
    entry = rules.registry.by_key.get(key)
    return entry is not None and entry.entity_class == "Country"


def _salience(cluster: _Cluster) -> int:
    return len(cluster.mentions)


def _resolve_nominals(nominals: list[Mention], clusters: list[_Cluster], rules: ResolveRules) -> None:
    order = {"country": 0, "name": 1, "possessor": 2, None: 3}
    pending = sorted(nominals, key=lambda m: (order.get(m.anchor_kind, 3), m.provenance.char_start))
    unresolved = []
    for mention in pending:
        target = _nominal_target(mention, clusters, rules)
        if target is not None:
            target.add(mention)
        else:
            unresolved.append(mention)
    _described_groups(sorted(unresolved, key=lambda m: m.provenance.char_start), clusters, rules)


_COUNTED = frozenset({"several", "dozens", "many", "scores", "hundreds", "thousands", "numerous", "two", "three",
                      "four", "five", "six", "seven", "eight", "nine", "ten", "dozen"})
_LEADING = frozenset({"the", "a", "an", "some", "these", "those", "other", "more", "several", "many"})


def _described_groups(mentions: list[Mention], clusters: list[_Cluster], rules: ResolveRules) -> None:
    """Armed groups an article knows only by description ("armed anglophone separatists",
    "suspected jihadists", "Russian mercenary fighters"): one actor per kind per article, named by
    its fullest description; later descriptions of that kind join it."""
    made: list[_Cluster] = []
    for mention in mentions:
        first = mention.text.split()[0].lower() if mention.text.split() else ""
        if mention.entity_class != "ArmedGroup" or mention.kind != "nominal" or first in _COUNTED or first[:1].isdigit():
            continue  # "killed several terrorists": victims counted, not an actor named
        words = _kind_words(mention.descriptors, rules) - {"group", "force", "fighter", "man", "gunman"}
        if not words:
            continue
        target = next((c for c in made if _cluster_words(c, rules) & words), None)
        if target is None:
            target = _Cluster()
            clusters.append(target)
            made.append(target)
        target.add(mention)
    for cluster in made:
        fullest = max(cluster.mentions, key=lambda m: (len(m.text.split()), -m.provenance.char_start))
        words = fullest.text.split()
        while len(words) > 1 and words[0].lower() in _LEADING:
            words = words[1:]
        label = " ".join(words)
        cluster.fallback_label = label[:1].upper() + label[1:]


def _by_registry(clusters: list[_Cluster], key: str) -> _Cluster | None:
    return next((c for c in clusters if c.registry_key == key and c.mentions), None)


def _registry_cluster(clusters: list[_Cluster], entry: RegistryEntry) -> _Cluster:
    found = _by_registry(clusters, entry.key)
    if found is None:
        found = _Cluster(registry_key=entry.key)
        clusters.append(found)
    return found


def _dominant_country(clusters: list[_Cluster], rules: ResolveRules) -> str | None:
    """The country the document is about (``resolve.context``, counted over its clusters)."""
    actors = (
        ArticleActor(c.entity_class(rules.registry), tuple(c.mentions), frozenset(_cluster_countries(c, rules)))
        for c in clusters
    )
    return article_country(actors, CountMode.CLUSTERS)


def _nominal_target(mention: Mention, clusters: list[_Cluster], rules: ResolveRules) -> _Cluster | None:
    cls = mention.entity_class
    words = _kind_words(mention.descriptors, rules)
    live = [c for c in clusters if c.mentions]
    same_class = [c for c in live if c.entity_class(rules.registry) == cls]

    if mention.anchor_kind == "country" and mention.anchor:
        country = mention.anchor
        if cls == "Country":
            entry = rules.registry.by_key.get(country)
            return _registry_cluster(clusters, entry) if entry else None
        if cls in ("StateForce", "Government"):
            in_doc = [c for c in same_class if country in _cluster_countries(c, rules)]
            if len(in_doc) == 1:
                return in_doc[0]
            found = _from_registry(cls, country, words, clusters, rules, strict_kind=False)
            return found if found is not None else _country_actor(cls, country, clusters, rules)
        # an armed group "of" a country: the one affiliated with it, else the text's own groups of
        # that kind, else the registry
        affiliated = [c for c in same_class if country in _cluster_countries(c, rules)]
        if len(affiliated) == 1:
            return affiliated[0]
        best = _best_by_kind(same_class, words, rules, require_kind=True)
        return best or _from_registry(cls, country, words, clusters, rules, strict_kind=True)

    if mention.anchor_kind == "name" and mention.anchor:
        anchor = fold(mention.anchor)
        named = [
            c for c in same_class
            if any(anchor in fold(n) for n in _all_names(c, rules)) or anchor in {fold(w) for w in _cluster_words(c, rules)}
        ]
        if len(named) == 1:
            return named[0]

    if mention.anchor_kind == "possessor" and mention.anchor:
        owners = [c for c in live if c.entity_class(rules.registry) == mention.anchor]
        owner = max(owners, key=_salience, default=None)
        countries = _cluster_countries(owner, rules) if owner else set()
        country = sorted(countries)[0] if countries else _dominant_country(live, rules)
        if country is not None:
            in_doc = [c for c in same_class if country in _cluster_countries(c, rules)]
            if len(in_doc) == 1:
                return in_doc[0]
            found = _from_registry(cls, country, words, clusters, rules, strict_kind=False)
            return found if found is not None else _country_actor(cls, country, clusters, rules)
        return _best_by_kind(same_class, words, rules, require_kind=False)

    best = _best_by_kind(same_class, words, rules, require_kind=cls == "ArmedGroup")
    if best is not None:
        return best
    if cls in ("StateForce", "Government") and not mention.plural:
        country = _dominant_country(live, rules)
        if country is not None:
            found = _from_registry(cls, country, words, clusters, rules, strict_kind=False)
            return found if found is not None else _country_actor(cls, country, clusters, rules)
    return None


def _all_names(cluster: _Cluster, rules: ResolveRules) -> list[str]:
    names = list(cluster.names)
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        names += [entry.label, *entry.aliases]
    return names


def _best_by_kind(candidates: list[_Cluster], words: set[str], rules: ResolveRules, require_kind: bool) -> _Cluster | None:
    """The candidate sharing most kind words with the description, then the most mentioned one."""
    if not candidates:
        return None
    specific = words & set(rules.kind_synonyms)
    scored = []
    for cluster in candidates:
        overlap = len(words & _cluster_words(cluster, rules))
        scored.append((overlap, _salience(cluster), cluster))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    top_overlap = scored[0][0]
    if top_overlap == 0 and require_kind and specific:
        return None
    if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1] == scored[1][1]:
        return None  # two equally good readings: leave the description unresolved
    return scored[0][2]


def _from_registry(
    cls: str, country: str, words: set[str], clusters: list[_Cluster], rules: ResolveRules, strict_kind: bool
) -> _Cluster | None:
    """The registry's one entry of ``cls`` belonging to ``country`` (and of the right kind)."""
    options = [e for e in rules.registry.entries if e.entity_class == cls and country in e.part_of]
    if strict_kind:
        options = [e for e in options if words & _kind_words(e.descriptors, rules) & set(rules.kind_synonyms)]
    if len(options) != 1:
        return None
    return _registry_cluster(clusters, options[0])


_COUNTRY_ACTOR_LABELS = {"StateForce": "Armed forces of {}", "Government": "Government of {}"}


def _country_actor(cls: str, country: str, clusters: list[_Cluster], rules: ResolveRules) -> _Cluster | None:
    """The state force or government of a country the registry has no entry for ("the Sudanese
    army" → "Armed forces of Sudan"), one per country and class."""
    entry = rules.registry.by_key.get(country)
    if entry is None or entry.entity_class != "Country":
        return None
    for cluster in clusters:
        if cluster.country == country and cluster.registry_key is None and cluster.entity_class(rules.registry) == cls:
            return cluster
    cluster = _Cluster(country=country, fallback_label=_COUNTRY_ACTOR_LABELS[cls].format(entry.label))
    cluster.votes[cls] += 1
    clusters.append(cluster)
    return cluster


# --- entities -------------------------------------------------------------------------------------

def _choose_label(cluster: _Cluster) -> str:
    if not cluster.names and cluster.fallback_label:
        return cluster.fallback_label
    names = cluster.names or [m.text for m in cluster.mentions]
    counts = Counter(names)
    return sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))[0]


def _to_entity(cluster: _Cluster, rules: ResolveRules) -> Entity:
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
