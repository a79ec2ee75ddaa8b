"""Relations and event roles from declarative constructions: spaCy ``DependencyMatcher`` patterns
kept as data in ``ontologies/patterns/<language>/*.json`` (loaded by kgbuild/knowledge.py and
handed in; this module reads no files).

A construction names the relation it yields and which of its pattern's nodes are the subject and
the object (``"yields": {"relation": "allyOf", "subject": "client", "object": "backer"}``), or the
event role a node fills for the event whose trigger is the node ``trigger``
(``"yields": {"event_role": "place", "filler": "place"}``). A node is tied to the mention that covers
it (or covers a compound or possessive dependent of it); a country named only by a demonym inside
another mention ("*Rwandan*-backed rebels") is handed on by its words, for the resolver to look up.

What patterns cannot say stays in Python: coordination (each conjunct of a matched node gets the
relation too), negation and modality (a construction under a negated or modal verb yields
nothing), and claims (a fact inside a claim's statement carries that claim).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kgbuild.extract.index import antecedent, covering, may_be, mention_index, named_mentions
from kgbuild.types import ClaimMention, EventMention, Mention, Provenance, RelationMention

__all__ = ["EXTRACTOR", "Construction", "compile_constructions", "match_relations", "fill_event_roles"]

EXTRACTOR = "kgbuild.constructions.v1"
_TRIGGER = "kg_event_trigger"
_NEGATIONS = frozenset({"not", "never", "n't", "no"})

if not Token.has_extension(_TRIGGER):
    Token.set_extension(_TRIGGER, default=False)


@dataclass(frozen=True, slots=True)
class Construction:
    """One pattern of a pattern file, checked when it is loaded."""

    id: str
    pattern: tuple[dict[str, Any], ...]
    relation: str | None = None
    subject: str | None = None
    object: str | None = None
    subject_classes: frozenset[str] = frozenset()
    object_classes: frozenset[str] = frozenset()
    event_role: str | None = None
    filler: str | None = None
    filler_classes: frozenset[str] = frozenset()
    event_classes: frozenset[str] = frozenset()
    """Event classes the role applies to (empty: every class)."""
    coordinate: bool = True
    """Conjuncts of the object (and of an event filler) get the relation too."""
    override: bool = False
    """An event place that replaces the one the rules found ("the town of X" is more precise than
    the region after it)."""
    shared_subject: bool = False
    """The subject may be that of the verb the pattern's verb is coordinated with ("the rebels
    attacked and seized Gao"): matched by a second pattern, so only where it pays."""


_ACTORS = frozenset({"Person", "ArmedGroup", "StateForce", "Government", "Organization", "Country", "EthnicGroup"})
_PLACES = frozenset({"Place", "Country"})
# a subject pronoun and the classes of what it can stand for ("it" for a group or a country,
# "he" for a person); "they" is left alone: it as often means the people of a place
_PRONOUNS = {"it": _ACTORS - {"Person", "EthnicGroup"}, "he": frozenset({"Person"}), "she": frozenset({"Person"})}
_CLASS_SETS = {"actor": _ACTORS, "organisation": _ACTORS - {"Person", "EthnicGroup"}, "place": _PLACES,
               "person": frozenset({"Person"}), "town": frozenset({"Place"}), "country": frozenset({"Country"}),
               "force": frozenset({"ArmedGroup", "StateForce"})}


def _classes(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    names = [value] if isinstance(value, str) else list(value)
    out: set[str] = set()
    for name in names:
        out |= _CLASS_SETS.get(name, frozenset({name}))
    return frozenset(out)


def compile_constructions(entries: Iterable[Mapping[str, Any]]) -> tuple[Construction, ...]:
    """Pattern-file entries → checked records. Raises ValueError with the pattern's id on a bad entry."""
    out = []
    for entry in entries:
        pid = entry.get("id", "?")
        yields = entry.get("yields") or {}
        nodes = {node.get("RIGHT_ID") for node in entry.get("pattern", ())}
        named = [yields.get(k) for k in ("subject", "object", "filler") if yields.get(k)]
        if not entry.get("pattern") or any(n not in nodes for n in named):
            raise ValueError(f"pattern '{pid}': 'yields' names a node the pattern does not have")
        if bool(yields.get("relation")) == bool(yields.get("event_role")):
            raise ValueError(f"pattern '{pid}': yields either a 'relation' or an 'event_role'")
        if yields.get("event_role") and "trigger" not in nodes:
            raise ValueError(f"pattern '{pid}': an event-role pattern needs a node named 'trigger'")
        out.append(Construction(
            id=pid,
            pattern=tuple(entry["pattern"]),
            relation=yields.get("relation"),
            subject=yields.get("subject"),
            object=yields.get("object"),
            subject_classes=_classes(yields.get("subject_classes", "actor")),
            object_classes=_classes(yields.get("object_classes", "actor")),
            event_role=yields.get("event_role"),
            filler=yields.get("filler"),
            filler_classes=_classes(yields.get("filler_classes", "actor")),
            event_classes=frozenset(yields.get("event_classes", ())),
            coordinate=bool(yields.get("coordinate", True)),
            override=bool(yields.get("override", False)),
            shared_subject=bool(yields.get("shared_subject", False)),
        ))
    return tuple(out)


_SUBJECTS = ("nsubj", "nsubjpass")


def _shared_subject(pattern: Sequence[Mapping[str, Any]], controlled: bool = False) -> tuple[tuple, str] | None:
    """The pattern for a verb that shares its subject with the verb it is coordinated with ("the
    rebels attacked and took control of Gao": "took" has no subject of its own), and the name of
    that verb's node; None when the pattern names no subject of a verb. ``controlled``: the
    pattern for a verb without a subject below a verb that has one ("the rebels claimed to have
    captured the hub", "seeking to seize the hub since taking Goma")."""
    nodes = [dict(node) for node in pattern]
    subject = next((n for n in nodes if n.get("REL_OP") == ">" and n.get("RIGHT_ATTRS", {}).get("DEP") in _SUBJECTS), None)
    if subject is None:
        return None
    verb_name = subject["LEFT_ID"]
    at = next(i for i, n in enumerate(nodes) if n["RIGHT_ID"] == verb_name)
    verb = nodes[at]
    if "DEP" in verb.get("RIGHT_ATTRS", {}):
        return None
    shared = f"{verb_name}_shared"
    dep = {"IN": sorted(_CONTROLLED)} if controlled else "conj"
    nodes[at] = {**verb, "RIGHT_ATTRS": {**verb.get("RIGHT_ATTRS", {}), "DEP": dep}}
    nodes.insert(at + 1, {"LEFT_ID": verb_name, "REL_OP": "<<" if controlled else "<", "RIGHT_ID": shared,
                          "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}})
    subject["LEFT_ID"] = shared
    return tuple(nodes), verb_name


_CONTROLLED = frozenset({"xcomp", "pcomp", "advcl"})
"""How a verb without a subject of its own hangs below the verb whose subject it shares."""


def _controller(verb: Token, intent_verbs: Collection[str]) -> Token | None:
    """The nearest verb above ``verb`` with a subject, through non-finite links only ("claimed to
    have captured", "seeking to seize ... since taking"); None when a clause with a subject of
    its own or a relative clause comes between, or when the verb is only wanted ("the rebels
    want to take Gao", "seeking to seize the hub")."""
    token, told = verb, False
    while token.dep_ in _CONTROLLED or token.dep_ == "prep" and token.i != verb.i:
        if token.dep_ == "xcomp" and not told and token.head.lemma_.lower() in intent_verbs:
            return None
        told = told or token.dep_ in ("pcomp", "prep", "advcl")  # "since taking Goma" happened
        token = token.head
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in token.children):
            return token
    return None


def _right_after_and(verb: Token) -> bool:
    """The verb follows its "and" (or comma) directly, an adverb, auxiliary or the verb's own time
    or place phrase aside: "attacked and then seized", "announced ... and on Tuesday had clashed";
    not "attacked Gao and the Free Front took", a subject the parse took for an object."""
    own = {t.i for c in verb.children if c.i < verb.i and c.dep_ in _BEFORE_A_VERB for t in c.subtree}
    before = verb.i - 1
    while before > verb.head.i and (verb.doc[before].pos_ in ("ADV", "AUX", "PART") or before in own):
        before -= 1
    return before > verb.head.i and verb.doc[before].pos_ in ("CCONJ", "PUNCT")


_BEFORE_A_VERB = frozenset({"aux", "auxpass", "advmod", "npadvmod", "prep", "neg"})


def _needed_words(pattern: Sequence[Mapping[str, Any]]) -> tuple[frozenset[str], ...]:
    """For each node that names its words (LEMMA or LOWER), those words: a Doc without one of
    them anywhere cannot match the pattern, which is then not run on it."""
    needs = []
    for node in pattern:
        for attr in ("LEMMA", "LOWER"):
            value = node.get("RIGHT_ATTRS", {}).get(attr)
            words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) else None
            if words:
                needs.append(frozenset(w.lower() for w in words))
    return tuple(needs)


_Compiled = tuple[DependencyMatcher, Construction, tuple, "str | None", tuple[frozenset[str], ...]]
_MATCHERS: dict[tuple[int, tuple[str, ...]], list[_Compiled]] = {}


def _matcher(vocab: Vocab, constructions: Sequence[Construction]) -> list[_Compiled]:
    """One DependencyMatcher per pattern (and per shared-subject variant), with the words it needs."""
    key = (id(vocab), tuple(c.id for c in constructions))
    cached = _MATCHERS.get(key)
    if cached is None:
        cached = []
        for construction in constructions:
            variants = [(construction.pattern, None)]
            if construction.shared_subject:
                for controlled in (False, True):
                    found = _shared_subject(construction.pattern, controlled)
                    if found is not None:
                        variants.append((found[0], (found[1], controlled)))
            for pattern, verb in variants:
                matcher = DependencyMatcher(vocab)
                matcher.add(construction.id, [list(pattern)])
                cached.append((matcher, construction, tuple(pattern), verb, _needed_words(pattern)))
        _MATCHERS[key] = cached
    return cached


def _matches(doc: Doc, constructions: Sequence[Construction],
             intent_verbs: Collection[str] = ()) -> list[tuple[Construction, dict[str, Token]]]:
    if not constructions:
        return []
    words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
    found = []
    for matcher, construction, pattern, verb, needs in _matcher(doc.vocab, constructions):
        if not all(need & words for need in needs):
            continue  # a word the pattern needs is nowhere in the Doc
        for _, token_ids in matcher(doc):
            nodes = {node["RIGHT_ID"]: doc[i] for node, i in zip(pattern, token_ids)}
            if verb is not None:
                name, controlled = verb
                own = nodes[name]
                if any(c.dep_ in _SUBJECTS for c in own.children):
                    continue  # "the army attacked and the rebels took Gao": "took" has a subject of its own
                if controlled:
                    lender = _controller(own, intent_verbs)
                    if lender is None or lender.i != nodes[f"{name}_shared"].i:
                        continue  # only the nearest verb with a subject lends it
                elif not _right_after_and(own):
                    continue
                nodes.pop(f"{name}_shared", None)
            found.append((construction, nodes))
    found.sort(key=lambda item: (min(t.i for t in item[1].values()), item[0].id))
    return found


def _negated(tokens: Iterable[Token]) -> bool:
    """The construction sits under a negated or modal verb ("did not seize", "may have captured")."""
    for token in tokens:
        up = token
        for _ in range(3):
            if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in ("will", "would", "could", "may", "might"))
                   for c in up.children):
                return True
            if up.head is up or up.pos_ in ("NOUN", "PROPN") and up is not token:
                break
            up = up.head
    return False


class _Filler:
    """Ties pattern nodes to mentions."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], settlement_nouns: Collection[str] = (),
                 quantity_nouns: Collection[str] = ()):
        self.settlement_nouns = settlement_nouns
        self.quantity_nouns = quantity_nouns
        indexed = mention_index(doc, mentions)
        self.index = {i: m for i, m in indexed.items() if m.kind != "pronoun"}
        self.named = named_mentions(mentions)
        self.by_start = {m.provenance.char_start: m for m in self.named}
        # pronouns the speech rules tied to who they stand for: "he added", and "we" in a
        # spokesman's words for the body the speaker speaks for (speech.voice_mentions)
        self.voices = {i: self.by_start[int(m.anchor)] for i, m in indexed.items()
                       if m.kind == "pronoun" and m.anchor_kind == "antecedent" and m.anchor is not None
                       and int(m.anchor) in self.by_start}

    def town_of(self, mention: Mention) -> Mention:
        """The town a facility lies in ("the camp of Ber": Ber), else the mention itself."""
        if mention.anchor_kind == "facility" and mention.anchor is not None:
            return self.by_start.get(int(mention.anchor), mention)
        return mention

    def mentions(self, token: Token, classes: frozenset[str], coordinate: bool) -> list[Mention]:
        if token.i in self.voices:
            return [self.voices[token.i]] if may_be(self.voices[token.i], classes) else []
        if token.lower_ in ("which", "who", "that") and token.head.dep_ == "relcl":
            token = token.head.head  # "the militia, which is fighting ...": the militia
        elif token.lower_ in ("which", "who") and token.head.dep_ == "ccomp" and token.head.head.dep_ == "relcl":
            token = token.head.head.head  # "a militia, which it says is fighting alongside ...": the militia
        if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
            found = antecedent(self.named, token, classes & _PRONOUNS[token.lower_])
            return [found] if found is not None else []
        tokens = [token] + ([c for c in token.conjuncts if c.i > token.i] if coordinate else [])
        if coordinate:  # "Mali and Burkina Faso", parsed with "Mali" a modifier of "Faso" that has an "and";
            # "Chadian and Nigerien soldiers", where "Chadian" is a mention of its own
            tokens += [c for c in token.children if c.dep_ in ("nmod", "amod", "compound") and c.i < token.i
                       and any(g.dep_ == "cc" for g in c.children)]
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.settlement_nouns and (of := [
                t for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.children if t.dep_ == "pobj"]):
            # "took the city of Goma": Goma; "attacked the northern Mali town of Anefis": Anefis, not Mali
            return self._covering(of, classes)
        found = self._covering(tokens, classes)
        if not found and token.pos_ == "NOUN" and token.lemma_.lower() in self.quantity_nouns:
            # "thousands of its troops are fighting alongside M23": its troops
            found = self._covering([t for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                                    for t in c.children if t.dep_ == "pobj"], classes)
        if not found and token.dep_ in ("appos", "nmod", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
            found = self._covering([token.head], classes)  # "the Free Front, a militia backed by ..."
        if not found and token.pos_ == "NOUN":
            found = self._covering(_name_hung_inside(token, self.index), classes)
        if not found and token.pos_ == "NOUN" and token.dep_ in _SUBJECTS:
            found = self._covering(_known_as(token), classes)  # "One faction is backed by IS and is known as ISWAP"
        if not found and token.dep_ == "attr" and token.head.lemma_ == "be":
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:  # "El-Fasher is the only city still held by the army": El-Fasher
                found = self._covering([subject], classes)
        return found

    def _covering(self, tokens: list[Token], classes: frozenset[str]) -> list[Mention]:
        return covering(self.index, tokens, classes)


_NAMING_VERBS = frozenset({"know", "call", "name", "dub"})


def _known_as(subject: Token) -> list[Token]:
    """The name a description is said to be known by, in its own clause or one coordinated with it
    ("One faction is backed by IS and is known as ISWAP": ISWAP; "the group, known as X" is the
    apposition's, read elsewhere)."""
    verb = subject.head
    for clause in (verb, *verb.conjuncts):
        if clause.lemma_.lower() in _NAMING_VERBS and any(c.dep_ == "auxpass" for c in clause.children):
            return [t for c in clause.children if c.dep_ == "prep" and c.lower_ == "as"
                    for t in c.children if t.dep_ == "pobj"]
    return []


def _name_hung_inside(description: Token, index: Mapping[int, Mention]) -> list[Token]:
    """"An armed group linked to al-Qaeda, JNIM, claimed ...", parsed with JNIM in apposition to
    al-Qaeda: a name set off after another actor's name inside the description's own phrase names
    the description (one actor's name is never set beside another of its names)."""
    for phrase in (c for c in description.children if c.dep_ in ("acl", "prep") and c.i > description.i):
        for token in phrase.subtree:
            inner = index.get(token.i)
            if inner is None or inner.kind != "name":
                continue
            named = [c for c in token.children if c.dep_ == "appos" and c.i > token.i
                     and (m := index.get(c.i)) is not None and m.kind == "name" and m is not inner]
            if named:
                return named
    return []


def _span_of(tokens: Iterable[Token], mentions: Iterable[Mention]) -> tuple[int, int]:
    starts = [t.idx for t in tokens] + [m.provenance.char_start for m in mentions]
    ends = [t.idx + len(t) for t in tokens] + [m.provenance.char_end for m in mentions]
    return min(starts), max(ends)


def _name_of(token: Token) -> str:
    """The words of the name a token is part of ("Islamic State" for "State")."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return ent.text if ent is not None else token.text


def match_relations(
    doc: Doc, mentions: Sequence[Mention], claims: Sequence[ClaimMention],
    constructions: Sequence[Construction], sentence_of: Callable[[Token], Span],
    settlement_nouns: Collection[str] = (), intent_verbs: Collection[str] = (), quantity_nouns: Collection[str] = (),
) -> list[RelationMention]:
    """Relations the relation constructions find in ``doc``, in text order (``settlement_nouns``:
    the nouns that stand for the place they are "of", "the town of X"; ``intent_verbs``: the verbs
    whose infinitive is only wanted, "vowed to take Gao"; ``quantity_nouns``: "thousands of X"
    stands for X)."""
    filler = _Filler(doc, mentions, settlement_nouns, quantity_nouns)
    doc_id = doc.user_data.get("kg_doc_id", "")
    found: dict[tuple[str, int, int | str], RelationMention] = {}
    for construction, nodes in _matches(doc, [c for c in constructions if c.relation], intent_verbs):
        if _negated(nodes.values()):
            continue
        subject_token, object_token = nodes[construction.subject], nodes[construction.object]
        # "The army and its Wagner allies are fighting the CMA": each conjunct of the subject, unless
        # the object is one of them or the same word ("fighting between the army and the CMA")
        both = (construction.coordinate and object_token is not subject_token
                and object_token not in subject_token.conjuncts)
        subjects = filler.mentions(subject_token, construction.subject_classes, both)[: None if both else 1]
        objects = [m for m in filler.mentions(object_token, construction.object_classes, construction.coordinate)
                   if m not in subjects]
        if construction.relation == "locatedIn":  # "the camp of Ber in northern Mali": Ber is in Mali
            subjects = [filler.town_of(s) for s in subjects]
            objects = [o for o in objects if o not in subjects]
        if object_token is subject_token and construction.coordinate and objects:
            # "the leaders of Niger, Burkina Faso and Mali signed a pact": every pair of the sides
            sides = subjects + objects
            pairs: list[tuple[Mention, Mention | None]] = [(a, b) for i, a in enumerate(sides) for b in sides[i + 1:]]
        else:
            pairs = [(a, b) for a in subjects for b in objects]
        if not pairs and object_token.is_alpha and (object_token.is_title or object_token.is_upper):
            pairs = [(a, None) for a in subjects]  # a name no mention covers: the resolver looks it up
        for subject, obj in pairs:
            name = None if obj is not None else _name_of(object_token)
            start, end = _span_of(nodes.values(), [subject] + ([obj] if obj else []))
            claim = next((c.key for c in claims
                          if c.provenance.char_start <= start and end <= c.provenance.char_end + 1), None)
            key = (construction.relation, subject.provenance.char_start, obj.provenance.char_start if obj else name)
            if key in found:
                continue
            found[key] = RelationMention(
                predicate=construction.relation,
                subject=subject.provenance.char_start,
                object=obj.provenance.char_start if obj else -1,
                object_name=name,
                provenance=Provenance(doc_id=doc_id, char_start=start, char_end=end,
                                      sentence=sentence_of(object_token).text.strip(),
                                      extractor=EXTRACTOR, confidence=0.7),
                claim=claim,
            )
    return sorted(found.values(), key=lambda r: (r.provenance.char_start, r.predicate, r.subject, r.object))


def fill_event_roles(
    doc: Doc, mentions: Sequence[Mention], events: Sequence[EventMention],
    constructions: Sequence[Construction], trigger_tokens: Sequence[Token],
) -> list[EventMention]:
    """``events`` with the places and participants the event-role constructions find for their
    triggers: a place only where the event has none (or only a country), participants added."""
    role_constructions = [c for c in constructions if c.event_role]
    if not role_constructions or not events:
        return list(events)
    for token in trigger_tokens:
        token._.set(_TRIGGER, True)
    filler = _Filler(doc, mentions)
    by_trigger = {t.i: n for n, t in enumerate(trigger_tokens)}
    updated = list(events)
    try:
        for construction, nodes in _matches(doc, role_constructions):
            n = by_trigger.get(nodes["trigger"].i)
            if n is None:
                continue
            event = updated[n]
            if construction.event_classes and event.event_class not in construction.event_classes:
                continue
            found = filler.mentions(nodes[construction.filler], construction.filler_classes, construction.coordinate)
            if found:
                updated[n] = _with_role(event, construction.event_role, found, mentions, construction.override)
    finally:
        for token in trigger_tokens:
            token._.set(_TRIGGER, False)
    return updated


def _with_role(event: EventMention, role: str, found: list[Mention], mentions: Sequence[Mention],
               override: bool = False) -> EventMention:
    starts = tuple(m.provenance.char_start for m in found)
    if role == "place":
        current = next((m for m in mentions if m.provenance.char_start == event.place), None)
        if event.place is None or override or (current is not None and current.entity_class == "Country"
                                   and found[0].entity_class == "Place"):
            return replace(event, place=starts[0])
        return event
    if role in ("actors", "attackers", "targets"):
        taken = set(event.actors) | set(event.attackers) | set(event.targets)
        new = tuple(s for s in starts if s not in taken)
        return replace(event, **{role: getattr(event, role) + new}) if new else event
    raise ValueError(f"unknown event role '{role}'")


_COMPILED: dict[int, tuple[Any, tuple[Construction, ...]]] = {}


def compiled(files: Mapping[str, Sequence[Mapping[str, Any]]]) -> tuple[Construction, ...]:
    """The constructions of every pattern file (``{"relations": [...], "events": [...]}``),
    compiled once per loaded lexicon."""
    key = id(files)
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not files:
        entries = [entry for name in sorted(files) for entry in files[name]]
        cached = _COMPILED[key] = (files, compile_constructions(entries))
    return cached[1]


def trigger_tokens(doc: Doc, events: Sequence[EventMention]) -> list[Token]:
    """The trigger token of each event mention (the first token of its words inside its span)."""
    out = []
    for event in events:
        start, end = event.provenance.char_start, event.provenance.char_end
        span = doc.char_span(start, end, alignment_mode="expand")
        tokens = list(span) if span is not None else []
        out.append(next((t for t in tokens if t.text == event.trigger), tokens[0] if tokens else doc[0]))
    return out
