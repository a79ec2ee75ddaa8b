"""Resolve stage: descriptions ("the army", "Malian troops", "the separatist movement") join the
entity they describe.

Within one document, after its names are clustered: a description anchored by a country ("Malian
troops") joins that country's actor of its class, found in the document, else in the registry,
else made ("Armed forces of Sudan"); one anchored by a name ("the CSP fighters") joins the entity of
that name; one anchored by a possessor ("the junta's military") joins the actor of the possessor's
country. Otherwise it joins the document's entity of its class that shares most kind words with it,
then the most mentioned; a state actor with no better clue belongs to the country of the article
(``resolve.context``). Two equally good readings leave a description unresolved.
"""

from __future__ import annotations

from typing import Iterable

from kgbuild.resolve.clusters import Cluster, ResolveRules
from kgbuild.resolve.context import ArticleActor, CountMode, article_country
from kgbuild.text import fold
from kgbuild.types import Mention, RegistryEntry

__all__ = ["resolve_nominals"]


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


def _body_words(words: Iterable[str], rules: ResolveRules) -> set[str]:
    """The words of ``words`` that name one body of a state ("Defence Ministry")."""
    return {w.lower() for w in words} & rules.government_bodies


def _cluster_words(cluster: Cluster, rules: ResolveRules) -> set[str]:
    words = set(cluster.descriptors)
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        words.update(d.lower() for d in entry.descriptors)
    return _kind_words(words, rules)


def _cluster_countries(cluster: Cluster, rules: ResolveRules) -> set[str]:
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


def _salience(cluster: Cluster) -> int:
    return len(cluster.mentions)


_LEFT_OPEN = Cluster()
"""What a description resolves to when two readings are equally good and neither is taken."""


def resolve_nominals(nominals: list[Mention], clusters: list[Cluster], rules: ResolveRules) -> None:
    order = {"country": 0, "name": 1, "possessor": 2, None: 3}
    pending = sorted(nominals, key=lambda m: (order.get(m.anchor_kind, 3), m.provenance.char_start))
    unresolved = []
    for mention in pending:
        if set(mention.descriptors) & rules.perpetrator_heads and _counted(mention):
            continue  # "neutralised several armed men": victims counted, not the attackers
        words = mention.text.split()
        if {w.lower() for w in words} & rules.distinct_modifiers:  # "a similar militia group": not the one named
            other = Cluster(fallback_label=" ".join(w for w in words if w.lower() not in rules.distinct_modifiers))
            other.add(mention)
            clusters.append(other)
            continue
        if mention.entity_class == "Government" and {w.lower() for w in words} & rules.former_government:
            # "the civilian government was kicked out": not the junta that rules now
            kinds = _kind_words(mention.descriptors, rules)
            target = next((c for c in clusters if c.former and _kind_words(c.descriptors, rules) & kinds), None)
            if target is None:
                target = Cluster(fallback_label=" ".join(w for w in words if w.lower() not in _LEADING), former=True)
                clusters.append(target)
            target.add(mention)
            continue
        target = _nominal_target(mention, clusters, rules)
        if target is _LEFT_OPEN:
            continue
        if target is not None:
            target.add(mention)
        else:
            unresolved.append(mention)
    _described_groups(sorted(unresolved, key=lambda m: m.provenance.char_start), clusters, rules)


_COUNTED = frozenset({"several", "dozens", "many", "scores", "hundreds", "thousands", "numerous", "two", "three",
                      "four", "five", "six", "seven", "eight", "nine", "ten", "dozen"})
_GENERIC = frozenset({"group", "force", "fighter", "man"})
def _counted(mention: Mention) -> bool:
    """The description starts with a count ("several terrorists", "12 gunmen"): victims, not an actor."""
    words = mention.text.split()
    first = words[0].lower() if words else ""
    return first in _COUNTED or first[:1].isdigit()


_LEADING = frozenset({"the", "a", "an", "some", "these", "those", "other", "more", "several", "many"})


def _described_groups(mentions: list[Mention], clusters: list[Cluster], rules: ResolveRules) -> None:
    """Armed groups an article knows only by description ("armed anglophone separatists",
    "suspected jihadists", "Russian mercenary fighters"), and forces such as "UN peacekeepers"
    where no mission is named: one actor per kind per article, named by its fullest description;
    later descriptions of that kind join it."""
    made: list[Cluster] = []
    kinds: list[Mention] = []
    named = [c for c in clusters if c.mentions and c.entity_class(rules.registry) == "ArmedGroup"]
    for mention in mentions:
        if mention.entity_class not in ("ArmedGroup", "Organization") or mention.kind != "nominal" or _counted(mention):
            continue  # "killed several terrorists": victims counted, not an actor named
        if mention.anchor_kind == "kind":
            kinds.append(mention)  # "a jihadist attack" alone names no group
            continue
        words = _kind_words(mention.descriptors, rules) - _GENERIC - rules.perpetrator_heads
        if not words and (mention.entity_class != "ArmedGroup" or not set(mention.descriptors) & rules.perpetrator_heads):
            continue  # kind words, or for an armed group the words of attackers, name an actor
        if not words:  # "the attackers": the article's one armed group, else a group of their own
            candidates = named + made
            if len(candidates) > 1:
                continue
            target = candidates[0] if candidates else None
        else:
            if any(_named_in_its_sentence(mention, c) for c in named if _cluster_words(c, rules) & words):
                continue  # "militants crossing from Nigeria, the cradle of Boko Haram's campaign": that group's, maybe
            target = next((c for c in made if _cluster_words(c, rules) & words
                           and c.entity_class(rules.registry) == mention.entity_class), None)
        if target is None:
            target = Cluster()
            clusters.append(target)
            made.append(target)
        target.add(mention)
    for mention in kinds:  # the one group, named or described, of the kind the word gives
        words = _kind_words(mention.descriptors, rules) & set(rules.kind_synonyms)
        fitting = [c for c in named + made if _cluster_words(c, rules) & words]
        if len(fitting) == 1:
            fitting[0].add(mention)
    for cluster in made:
        fullest = max(cluster.mentions, key=lambda m: (len(m.text.split()), -m.provenance.char_start))
        words = fullest.text.split()
        while len(words) > 1 and words[0].lower() in _LEADING:
            words = words[1:]
        label = " ".join(words)
        cluster.fallback_label = label[:1].upper() + label[1:]


def _named_in_its_sentence(mention: Mention, cluster: Cluster) -> bool:
    """Whether ``cluster`` is named in the sentence of ``mention``."""
    doc, sentence = mention.provenance.doc_id, mention.provenance.sentence
    return any(m.kind == "name" and m.provenance.doc_id == doc and m.provenance.sentence == sentence
               for m in cluster.mentions)


def _by_registry(clusters: list[Cluster], key: str) -> Cluster | None:
    return next((c for c in clusters if c.registry_key == key and c.mentions), None)


def _registry_cluster(clusters: list[Cluster], entry: RegistryEntry) -> Cluster:
    found = _by_registry(clusters, entry.key)
    if found is None:
        found = Cluster(registry_key=entry.key)
        clusters.append(found)
    return found


def _dominant_country(clusters: list[Cluster], rules: ResolveRules) -> str | None:
    """The country the document is about (``resolve.context``, counted over its clusters)."""
    actors = (
        ArticleActor(c.entity_class(rules.registry), tuple(c.mentions), frozenset(_cluster_countries(c, rules)))
        for c in clusters
    )
    return article_country(actors, CountMode.CLUSTERS)


def _nominal_target(mention: Mention, clusters: list[Cluster], rules: ResolveRules) -> Cluster | None:
    cls = mention.entity_class
    if mention.plural and mention.descriptors[:1] in (("group",), ("armed group",)) and not mention.anchor:
        return None  # "insurgent groups linked to Islamic State and al Qaeda": several groups, none named
    words = _kind_words(mention.descriptors, rules)
    live = [c for c in clusters if c.mentions and not c.former]
    same_class = [c for c in live if c.entity_class(rules.registry) == cls]
    if cls == "StateForce":  # "Niger's gendarmerie" is not Niger's army
        same_class = [c for c in same_class if rules.force_kind(_cluster_words(c, rules)) == rules.force_kind(words)]
    if not _body_words(mention.text.split(), rules):  # "the junta" is not the ministry named before it
        same_class = [c for c in same_class if not any(_body_words(n.split(), rules) for n in _all_names(c, rules))]
    back = _referred_back(mention, live, same_class, rules) or _name_opened_by(mention, same_class)
    if back is not None:
        return back
    if mention.anchor_kind == "qualifier" and mention.anchor:  # "Islamic State-linked extremists" are not IS
        patron = fold(mention.anchor)
        same_class = [c for c in same_class if patron not in {fold(n) for n in _all_names(c, rules)}]

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
            return found if found is not None else _country_actor(cls, country, words, clusters, rules)
        # an armed group "of" a country: the one affiliated with it, else the text's own groups of
        # that kind, else the registry
        affiliated = [c for c in same_class if country in _cluster_countries(c, rules)]
        if len(affiliated) == 1:
            return affiliated[0]
        best = _best_by_kind(same_class, words, rules, require_kind=True)
        return best or _from_registry(cls, country, words, clusters, rules, strict_kind=True)

    if mention.anchor_kind == "name" and mention.anchor:
        found = _by_name(mention, same_class, live, clusters, rules)
        if found is not None:
            return found

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
            return found if found is not None else _country_actor(cls, country, words, clusters, rules)
        return _best_by_kind(same_class, words, rules, require_kind=False)

    home = _dominant_country(live, rules) if cls in ("StateForce", "Government") else None
    if home is not None:  # "the army" in a story about Mali is not the Russian army
        same_class = [c for c in same_class if not (countries := _cluster_countries(c, rules)) or home in countries]
    best = _best_by_kind(same_class, words, rules, require_kind=cls in ("ArmedGroup", "Organization"))
    if best is not None and cls in ("ArmedGroup", "Organization") and _named_here_instead(mention, words, best, same_class, rules):
        return _LEFT_OPEN
    if best is not None:
        return best
    if home is not None and not mention.plural:
        found = _from_registry(cls, home, words, clusters, rules, strict_kind=False)
        return found if found is not None else _country_actor(cls, home, words, clusters, rules)
    return None


def _named_here_instead(mention: Mention, words: set[str], best: Cluster, same_class: list[Cluster],
                        rules: ResolveRules) -> bool:
    """"M23's spokesman said the militia was in the city", a Hutu militia named three sentences
    before: the kind word points at one group, the group named in the description's own sentence
    at another. Two readings: the description is left open (it joins no group and makes none).
    A group named beside it whose kind is another one ("fighters of the Wagner Group took the town
    that separatists had held") is no second reading."""
    doc, start, sentence = mention.provenance.doc_id, mention.provenance.char_start, mention.provenance.sentence

    def named_here(cluster: Cluster) -> int:
        return max((m.provenance.char_start for m in cluster.mentions if m.kind == "name" and m.provenance.doc_id == doc
                    and m.provenance.sentence == sentence and m.provenance.char_start < start), default=-1)

    nearest = max(same_class, key=named_here, default=None)
    if nearest is None or nearest is best or named_here(nearest) < 0 or named_here(best) >= 0:
        return False
    kinds, own = _cluster_words(nearest, rules) & set(rules.kind_synonyms), words & set(rules.kind_synonyms)
    return not kinds or not own or bool(kinds & own) or own <= rules.broad_kinds


def _name_opened_by(mention: Mention, same_class: list[Cluster]) -> Cluster | None:
    """"the Russian mercenary group Tamesna Brigade": the description a name opens with (read as a
    mention of its own for the country it names) is the named actor."""
    doc, end = mention.provenance.doc_id, mention.provenance.char_end
    return next((c for c in same_class for m in c.mentions if m.kind == "name" and m.provenance.doc_id == doc
                 and 0 <= m.provenance.char_start - end <= 1), None)


def _referred_back(mention: Mention, live: list[Cluster], same_class: list[Cluster], rules: ResolveRules) -> Cluster | None:
    """A bare description ("the force") the lexicon lets name an actor of another class (a
    peacekeeping mission): that actor when it was named more recently than any actor of the
    description's own class."""
    fitting = rules.refers_back.get(mention.text.lower())
    if not fitting or mention.anchor:
        return None
    start = mention.provenance.char_start

    def last_before(cluster: Cluster) -> int:
        return max((m.provenance.char_start for m in cluster.mentions if m.provenance.char_start < start
                    and m.kind == "name"), default=-1)

    others = [c for c in live if c not in same_class and (entry := rules.registry.by_key.get(c.registry_key or ""))
              and set(entry.descriptors) & fitting]
    best = max(others, key=last_before, default=None)
    if best is None or last_before(best) < 0:
        return None
    own = max((last_before(c) for c in same_class), default=-1)
    return best if last_before(best) > own else None


def _by_name(mention: Mention, same_class: list[Cluster], live: list[Cluster], clusters: list[Cluster],
             rules: ResolveRules) -> Cluster | None:
    """The entity a description anchored by a name ("the CSP fighters", "M23 rebels") describes:
    the one of its class so named; else the name the model mistyped; else, for a group, the group
    the name names (made when no other mention names it). None: read it as unanchored."""
    cls = mention.entity_class
    anchor = fold(mention.anchor or "")
    named = [
        c for c in same_class
        if any(anchor in fold(n) for n in _all_names(c, rules)) or anchor in {fold(w) for w in _cluster_words(c, rules)}
    ]
    if len(named) == 1:
        return named[0]
    if named or cls not in ("ArmedGroup", "StateForce"):
        return None
    mistyped = _mistyped_name(anchor, live, rules)
    if mistyped is not None:  # "M23 rebels": "M23" is the group, not the place the model saw
        mistyped.context[cls] += 1
        return mistyped
    # "Al-Shabab insurgents", no other mention of the name: the group the name names
    made = next((c for c in live if not c.registry_key and c.fallback_label
                 and fold(c.fallback_label) == anchor and c.entity_class(rules.registry) == cls), None)
    if made is None:
        made = Cluster(fallback_label=mention.anchor)
        made.context[cls] += 1
        clusters.append(made)
    return made


def _mistyped_name(anchor: str, live: list[Cluster], rules: ResolveRules) -> Cluster | None:
    """The one cluster named exactly ``anchor`` whose class only the model decided (no registry
    entry, nothing in the text around its names), when it is not a country."""
    found = [c for c in live if not c.registry_key and not c.context and anchor in {fold(n) for n in c.names}
             and c.entity_class(rules.registry) != "Country"]
    return found[0] if len(found) == 1 else None


def _all_names(cluster: Cluster, rules: ResolveRules) -> list[str]:
    names = list(cluster.names)
    entry = rules.registry.by_key.get(cluster.registry_key or "")
    if entry is not None:
        names += [entry.label, *entry.aliases]
    return names


def _best_by_kind(candidates: list[Cluster], words: set[str], rules: ResolveRules, require_kind: bool) -> Cluster | None:
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
    tied = [c for overlap, salience, c in scored if (overlap, salience) == scored[0][:2]]
    if len(tied) > 1:
        # "militants" where the article names a local affiliate and the network it belongs to
        # (JNIM, "an al-Qaeda affiliate", and al-Qaeda): the affiliate fights on the ground
        tied = [c for c in tied if not _patron_of(c, tied, rules)]
        return tied[0] if len(tied) == 1 else None  # two equally good readings: leave it unresolved
    return scored[0][2]


def _patron_of(cluster: Cluster, others: list[Cluster], rules: ResolveRules) -> bool:
    """Whether another of ``others`` is described by ``cluster``'s name (al-Qaeda for JNIM,
    whose registry descriptors hold "al-Qaeda")."""
    names = {fold(n) for n in _all_names(cluster, rules)}
    return any(names & {fold(w) for w in _cluster_words(o, rules)} for o in others if o is not cluster)


def _from_registry(
    cls: str, country: str, words: set[str], clusters: list[Cluster], rules: ResolveRules, strict_kind: bool
) -> Cluster | None:
    """The registry's one entry of ``cls`` belonging to ``country`` (and of the right kind)."""
    options = [e for e in rules.registry.entries if e.entity_class == cls and country in e.part_of
               and rules.force_kind(_kind_words(e.descriptors, rules)) == rules.force_kind(words)]
    if strict_kind:
        options = [e for e in options if words & _kind_words(e.descriptors, rules) & set(rules.kind_synonyms)]
    if len(options) != 1:
        return None
    return _registry_cluster(clusters, options[0])


_COUNTRY_ACTOR_LABELS = {"StateForce": "Armed forces of {}", "Government": "Government of {}"}


def _country_actor(cls: str, country: str, words: set[str], clusters: list[Cluster],
                   rules: ResolveRules) -> Cluster | None:
    """The state force or government of a country the registry has no entry for ("the Sudanese
    army" → "Armed forces of Sudan"), one per country and class, and for a force other than the
    army one per kind too ("Niger's presidential guard" → "Presidential guard of Niger")."""
    entry = rules.registry.by_key.get(country)
    if entry is None or entry.entity_class != "Country":
        return None
    kind = rules.force_kind(words) if cls == "StateForce" else frozenset()
    for cluster in clusters:
        if cluster.country == country and cluster.registry_key is None and cluster.entity_class(rules.registry) == cls \
                and (cls != "StateForce" or rules.force_kind(_cluster_words(cluster, rules)) == kind):
            return cluster
    label = _COUNTRY_ACTOR_LABELS[cls].format(entry.label)
    if kind:
        label = f"{min(kind).capitalize()} of {entry.label}"
    cluster = Cluster(country=country, fallback_label=label)
    cluster.votes[cls] += 1
    clusters.append(cluster)
    return cluster
