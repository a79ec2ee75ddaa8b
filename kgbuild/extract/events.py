"""Events from their triggers ("fighting", "captured", "seized power", "emergency landing"), with
their participants, place, time expressions and casualty figures, read from the parse.

Plain functions over a parsed Doc, its mentions, claims and figures; trigger words come from
``ontologies/lexicon.json`` (``events``). Negated, hypothetical and infinitive triggers ("did not
attack", "will attack", "vowed to retake") give no event.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import antecedent, child as _child, covering, mention_index, named_mentions, pobjs as _pobjs
from kgbuild.text import fold, region_stem
from kgbuild.types import ClaimMention, EventMention, FigureMention, Lexicon, Mention, Provenance

__all__ = ["EXTRACTOR", "extract_events", "town_by_town"]

EXTRACTOR = "kgbuild.events.v1"
_ACTORS = frozenset({"Person", "ArmedGroup", "StateForce", "Government", "Organization", "Country", "EthnicGroup"})
_PLACES = frozenset({"Place", "Country"})
_FORCES = frozenset({"ArmedGroup", "StateForce", "Organization"})
"""Who withdraws from a place: groups, forces and missions."""


class _Reader:
    def __init__(self, doc: Doc, mentions: Sequence[Mention], lexicon: Lexicon):
        self.doc = doc
        self.lex = lexicon.events
        self.place_nouns = lexicon.place_head_nouns
        self.region_nouns: frozenset[str] = lexicon.mentions["region_nouns"]
        self.place_preps: frozenset[str] = self.lex["place_prepositions"]
        self.frame_nouns: frozenset[str] = self.lex["frame_nouns"]
        self.collective_nouns: frozenset[str] = lexicon.mentions["collective_nouns"]
        self.settlement_nouns: frozenset[str] = self.lex["settlement_nouns"]
        self.index = mention_index(doc, mentions)
        self.named = named_mentions(mentions)
        self.speech_verbs = lexicon.speech_verbs
        self.outlets = frozenset(fold(name) for name in lexicon.mentions["news_outlets"])

    def mentions_of(self, token: Token | None, classes: frozenset[str]) -> list[Mention]:
        """Mentions for a role filler and its conjuncts ("between troops and separatists")."""
        if token is None:
            return []
        found = covering(self.index, [token] + [c for c in token.conjuncts if c.i > token.i], classes)
        # a news outlet reports the event and takes no part ("(AFP) - The RSF have taken ...")
        return [m for m in found if (m.kind != "pronoun" or m.entity_class in _ACTORS)
                and not (m.entity_class == "Organization" and fold(m.text) in self.outlets)]


def _subject(token: Token) -> Token | None:
    subject = _child(token, ("nsubj", "nsubjpass"))
    if subject is not None and subject.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
        return token.head  # "the leaders, who seized power": the leaders
    if subject is None and token.dep_ in ("conj", "xcomp", "advcl"):
        return _subject(token.head) if token.head.pos_ in ("VERB", "AUX") else None
    if subject is None and token.dep_ == "relcl":
        return token.head
    if subject is None and token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.pos_ in ("VERB", "AUX"):
        return _subject(token.head.head)  # "have held Kidal since taking it": those who hold it
    return subject


def _trigger_class(token: Token, r: _Reader) -> str | None:
    lemma = token.lemma_.lower()
    lex = r.lex
    if token.pos_ == "VERB":
        obj = _child(token, ("dobj",))
        if lemma in lex["power_verbs"] and obj is not None and obj.lemma_.lower() == "power":
            return "Coup"
        if lemma == "come" and any(p.lemma_.lower() == "power" for p in _pobjs(token, ("to",))):
            return "Coup"
        if lemma in lex["control_phrase_verbs"] and obj is not None and obj.lemma_.lower() in lex["control_nouns"]:
            has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in list(obj.children) + list(token.children))
            return "Capture" if has_of else None
        if lemma == "lose" and obj is not None and obj.lemma_.lower() == "control":
            return "Capture"  # the subject is the side that lost the place
        if lemma == "land" and any(c.lemma_.lower() in lex["landing_modifiers"] for c in token.children):
            return "Crash"
        if lemma in lex["exit_verbs"]:  # "Wagner is leaving Mali"; not "the attack left 12 dead"
            return "Withdrawal" if _leavers(token, r) and r.mentions_of(obj, _PLACES) else None
        if lemma in lex["presence_verbs"]:  # "the Africa Corps will stay in the country"; not "it remains unclear"
            return "Deployment" if _leavers(token, r) and _pobjs(token, ("in",)) else None
        if lemma in lex["sending_verbs"]:  # "France sent troops to Mali", "French troops sent to Mali"; not "sent a letter"
            return "Deployment" if r.mentions_of(_sent(token), _FORCES) and _pobjs(token, ("to", "into")) else None
        if lemma in lex["entry_verbs"]:
            return "Capture" if _enters_town(token, obj, lex["entry_verbs"][lemma], r) else None
        cls = lex["verbs"].get(lemma)
        if cls == "Coup" and any(m.entity_class == "ArmedGroup" for m in r.mentions_of(obj, frozenset({"ArmedGroup"}))):
            return None  # "French troops ousted the rebels from Konna": a rout, not a coup
        if cls == "Capture" and lemma in lex["place_taking_verbs"] and not r.mentions_of(obj, _PLACES) and not (
            obj is not None and obj.lemma_.lower() in r.place_nouns
        ):
            return None  # "seized weapons": not a place taken
        return cls
    if token.pos_ in ("NOUN", "PROPN") or (token.dep_ in ("amod", "compound") and token.head.lemma_.lower() in r.frame_nouns):
        if lemma == "strike":
            mods = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
            return "AirStrike" if mods & lex["strike_modifiers"] else None
        if lemma == "landing":
            mods = {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")}
            return "Crash" if mods & lex["landing_modifiers"] else None
        if lemma in lex["detention_nouns"]:  # "called for the immediate release of President X": he is held
            return "Arrest" if _demanded(token, lex) and _held(token, r) else None
        cls = lex["nouns"].get(lemma)
        if cls == "Attack" and {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")} \
                & lex["strike_modifiers"]:
            return "AirStrike"  # "air attacks", "a drone attack"
        return cls
    return None


def _demanded(noun: Token, lex: Mapping[str, Any]) -> bool:
    """The noun is what someone calls for or demands ("called for the release of X", "demanded X's
    release")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head.pos_ in ("VERB", "NOUN") and head.lemma_.lower() in lex["demand_words"]


def _held(release: Token, r: _Reader) -> list[Mention]:
    """The people whose release a noun names ("the release of President X")."""
    return r.mentions_of(next(iter(_pobjs(release, ("of",))), None), frozenset({"Person"}))


def _counted_subject(token: Token, r: _Reader) -> Token | None:
    """The subject, or what it counts: "dozens of rebels marched into X"."""
    subject = _subject(token)
    if subject is not None and subject.lemma_.lower() in r.collective_nouns:
        return next(iter(_pobjs(subject, ("of",))), subject)
    return subject


def _leavers(token: Token, r: _Reader) -> list[Mention]:
    """The groups, forces or missions a verb of leaving says leave: its subject, or the one an "it"
    subject stands for ("Wagner said it is leaving Mali")."""
    subject = _counted_subject(token, r)
    found = r.mentions_of(subject, _FORCES)
    if not found and subject is not None and subject.lower_ == "it":
        found = [m for m in [antecedent(r.named, subject, _FORCES)] if m is not None]
    return found


def _sent(token: Token) -> Token | None:
    """What a verb of sending sends: its object, or the noun a participle describes ("troops sent to Mali")."""
    obj = _child(token, ("dobj",))
    if obj is None and token.dep_ == "acl" and token.tag_ == "VBN":
        return token.head
    return obj


def _enters_town(token: Token, obj: Token | None, prep: str, r: _Reader) -> bool:
    """"M23 rebels advanced into the centre of Bukavu", "troops entered Kidal": an armed group or
    state force moving into a town (not a country)."""
    if not r.mentions_of(_counted_subject(token, r), frozenset({"ArmedGroup", "StateForce"})):
        return False
    phrases = _pobjs(token, (prep,)) if prep else [obj] if obj is not None else []
    return any(m.entity_class == "Place" for t in phrases for m in _named_place(t, r))


def _hypothetical(token: Token, lex: Mapping[str, Any]) -> bool:
    """Negated, modal or infinitive ("did not attack", "will attack", "to retake")."""
    intent_nouns = lex["intent_nouns"]
    head_lemma = token.head.lemma_.lower()
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.lower_ in lex["modal_verbs"] and not (
            child.lower_ == "will" and token.lemma_.lower() in lex["presence_verbs"]
        ):
            return True  # but "the contingent will remain in Mali" says it is there
        if child.dep_ == "aux" and child.lower_ == "to" and (head_lemma in lex["intent_verbs"] or head_lemma in intent_nouns):
            return True  # "vowed to retake"; but "causing it to crash" happened
    return token.dep_ in ("xcomp", "acl", "relcl") and head_lemma in intent_nouns


@dataclass
class _Roles:
    """The participants and place found so far for one trigger."""

    actors: list[Mention] = field(default_factory=list)
    attackers: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    place: Mention | None = None
    within: bool = False
    """The event happened at an unnamed town inside ``place``."""
    fillers: list[Token] = field(default_factory=list)
    """Tokens of role fillers, whose own prepositional phrases may give the place."""

    def everyone(self) -> list[Mention]:
        return self.actors + self.attackers + self.targets + ([self.place] if self.place else [])


def extract_events(
    doc: Doc,
    mentions: Sequence[Mention],
    claims: Sequence[ClaimMention],
    figures: Sequence[FigureMention],
    lexicon: Lexicon,
    sentence_of: Callable[[Token], Span],
) -> tuple[list[EventMention], list[FigureMention]]:
    """Event mentions of ``doc``, each with the figures of its sentence; and the figures no event
    of their sentence could take (the caller gives them to the document's main event)."""
    r = _Reader(doc, mentions, lexicon)
    doc_id = doc.user_data.get("kg_doc_id", "")
    found: list[tuple[Token, EventMention]] = []
    figure_starts = [f.provenance.char_start for f in figures]
    for token in doc:
        cls = _trigger_class(token, r)
        if cls is None or _hypothetical(token, r.lex):
            continue
        if token.dep_ in ("compound", "amod") and token.head.lemma_.lower() not in r.frame_nouns:
            continue  # "the fighting zone": a place described, not an event told
        if _counts_a_figure(token, cls, figure_starts):
            continue  # "15 fighters have been killed and arrested": a casualty figure, not an arrest
        framed = _anchors(token, r)
        if framed is None:
            continue
        anchors, verb = framed
        roles = _Roles()
        if token.pos_ == "VERB":
            _verb_roles(token, cls, r, mentions, roles)
        _phrase_roles(token, cls, anchors, verb, r, roles)
        if roles.place is None:
            roles.place, roles.within = _filler_place(roles.fillers, r)
        _implicit_actors(token, cls, verb, r, roles)
        if cls == "Withdrawal" and roles.actors and all(m.entity_class == "Person" for m in roles.actors + roles.attackers):
            continue  # civilians fleeing: not a force withdrawing
        found.append((token, _event_mention(token, cls, anchors, roles, claims, sentence_of(token), doc_id)))
    return _give_figures(found, figures, r.lex["violent_classes"] | {"Capture"}, sentence_of)  # "the capture of Goma, when 3,000 were killed"


def town_by_town(doc: Doc, mentions: Sequence[Mention], events: Sequence[EventMention], lexicon: Lexicon,
                 sentence_of: Callable[[Token], Span]) -> list[EventMention]:
    """``events`` with each one a sentence counts town by town split into one event per town."""
    if not any(len(e.figures) > 1 for e in events):
        return list(events)
    r = _Reader(doc, mentions, lexicon)
    return [part for event in events for part in _town_by_town(event, r, sentence_of)]


def _town_by_town(event: EventMention, r: _Reader, sentence_of: Callable[[Token], Span]) -> list[EventMention]:
    """One sentence that counts its event's dead town by town ("killing six in Dinguiri, two in
    Mene", "left 13 dead on March 17 in the city of X, and killed 14 on March 23 in Y") tells one
    event at each town: each takes the figures told before it (since the town before), and the dates
    told among them. A town no figure comes before is a landmark of the one before ("in X near
    Gao"); the figures after the last town are an event at no town ("and three on the road
    between X and Y")."""
    if len(event.figures) < 2:
        return [event]
    doc = r.doc
    span = doc.char_span(event.provenance.char_start, event.provenance.char_end, alignment_mode="expand")
    if span is None or not len(span):
        return [event]
    sent = sentence_of(span[0])
    figures = sorted(event.figures, key=lambda f: f.provenance.char_start)
    parts: list[tuple[list, Mention, int]] = []  # (its figures, its town, where its words end)
    pending: list = []
    for token in sent:
        pending += [f for f in figures if f not in pending and not any(f in p[0] for p in parts)
                    and f.provenance.char_end <= token.idx]
        town = _town_in(token, r)
        if town is not None and pending and town.provenance.char_start == token.idx:
            parts.append((pending, town, town.provenance.char_end))
            pending = []
    if len(parts) < 2 or len({town.provenance.char_start for _, town, _ in parts}) < len(parts):
        return [event]
    out, begin = [], sent.start_char
    for own, town, end in parts:
        dates = tuple(e.text for e in sent.ents if e.label_ == "DATE" and begin <= e.start_char < end)
        out.append(replace(event, place=town.provenance.char_start, place_within=False,
                           times=dates or event.times, figures=tuple(own)))
        begin = end
    after = tuple(f for f in figures if f.provenance.char_start >= begin)
    if after:  # "... and three on the road between X and Y": counted at no town
        dates = tuple(e.text for e in sent.ents if e.label_ == "DATE" and e.start_char >= begin)
        out.append(replace(event, place=None, place_within=False, times=dates or event.times, figures=after))
    return out


def _town_in(token: Token, r: _Reader) -> Mention | None:
    """The named town or region a token starts that the sentence puts something "in" or "at" ("in
    Dinguiri", "in the northern city of X")."""
    places = [m for m in r.mentions_of(token, frozenset({"Place"})) if m.provenance.char_start == token.idx]
    if not places:
        return None
    root = token
    while root.dep_ == "compound" and root.head is not root:
        root = root.head
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and prep.lower_ == "of" and prep.head.lemma_.lower() in r.settlement_nouns:
        prep = prep.head.head if prep.head.dep_ == "pobj" else None  # "in the northern city of X"
    return places[0] if prep is not None and prep.lower_ in ("in", "at") else None


def _counts_a_figure(token: Token, cls: str, figure_starts: list[int]) -> bool:
    """An arrest or capture verb whose subject holds a casualty figure ("15 fighters have been
    killed and arrested")."""
    subject = _subject(token)
    return cls in ("Arrest", "Capture") and token.pos_ == "VERB" and subject is not None and any(
        subject.left_edge.idx <= f < subject.right_edge.idx + len(subject.right_edge) for f in figure_starts
    )


def _anchors(token: Token, r: _Reader) -> tuple[list[Token], Token | None] | None:
    """The tokens the event's phrases hang on: the trigger, the noun it frames ("a “pullback”
    operation") and a light verb ("launched an attack"); and the verb governing the trigger's noun.
    None when that verb is hypothetical ("planned to launch an attack")."""
    frame = token.head if token.dep_ in ("amod", "compound") else None
    anchors = [token] + ([frame] if frame is not None else [])
    head_noun = frame if frame is not None else token
    verb = head_noun.head if head_noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and head_noun.head.pos_ in ("VERB", "AUX") else None
    if verb is not None and (verb.lemma_.lower() in r.lex["light_verbs"] or head_noun.dep_ in ("nsubj", "nsubjpass")):
        if _hypothetical(verb, r.lex):
            return None
        anchors.append(verb)
    for up in [a for a in anchors if a.pos_ in ("VERB", "AUX")]:  # "the attack was in February, leaving 23 dead in X"
        anchors += [c for c in up.children if c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in r.lex["outcome_verbs"]]
    if (verb is None and head_noun.dep_ == "pobj" and head_noun.head.lower_ in ("in", "during")
          and head_noun.head.head.pos_ == "VERB" and not _hypothetical(head_noun.head.head, r.lex)):
        anchors.append(head_noun.head.head)  # "killed in air attacks on a market in X": the killing's places
    return anchors, verb


def _verb_roles(token: Token, cls: str, r: _Reader, mentions: Sequence[Mention], roles: _Roles) -> None:
    """Participants and place read from a trigger verb's subject, object and agent."""
    subject = _counted_subject(token, r)
    obj = _child(token, ("dobj",))
    agent = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if cls in ("Battle",):
        roles.actors += r.mentions_of(subject, _ACTORS) + r.mentions_of(obj, _ACTORS)
    elif cls in ("Attack", "AirStrike", "Capture", "Arrest", "ViolenceAgainstCivilians"):
        passive = _child(token, ("nsubjpass",)) is not None or (subject is not None and subject.dep_ == "nsubjpass")
        if passive:  # "The army was ambushed near Gao": the army is the target
            roles.targets += [m for m in r.mentions_of(subject, _ACTORS) if m.entity_class not in _PLACES]
        else:
            roles.attackers += r.mentions_of(subject if token.dep_ != "ROOT" or not agent else None, _ACTORS - {"Country"})
        for a in agent:
            roles.attackers += r.mentions_of(a, _ACTORS)
        roles.targets += [m for m in r.mentions_of(obj, _ACTORS) if m.entity_class not in _PLACES]
        places = _object_places(token, obj, r, mentions)
        if places:
            roles.place = places[0]
    else:
        roles.actors += r.mentions_of(subject, _ACTORS)
        if cls == "Coup" and token.lemma_.lower() in r.lex["verbs"]:  # "the officers ousted Damiba"
            roles.targets += [m for m in r.mentions_of(obj, _ACTORS) if m.entity_class not in _PLACES]
        if cls == "Deployment" and token.lemma_.lower() in r.lex["sending_verbs"]:
            roles.actors += r.mentions_of(_sent(token), _FORCES)  # the sender (its subject) and the force sent
        if cls == "Deployment" and not roles.actors and token.lemma_.lower() in r.lex["presence_verbs"]:
            roles.actors += _leavers(token, r)  # "it will stay"
        if cls == "Withdrawal" and token.lemma_.lower() in r.lex["exit_verbs"]:
            if not roles.actors:
                roles.actors += _leavers(token, r)  # "it is leaving"
            roles.place = next(iter(r.mentions_of(obj, _PLACES)), None)  # "leaving Mali"
    if token.lemma_.lower() == "lose":
        roles.targets += r.mentions_of(subject, _ACTORS)
        roles.attackers = [m for m in roles.attackers if m not in roles.targets]


def _object_places(token: Token, obj: Token | None, r: _Reader, mentions: Sequence[Mention]) -> list[Mention]:
    """The places an object names: "attacked Gao", "the town of X", "taken control of X"."""
    places = r.mentions_of(obj, _PLACES)
    if not places and obj is not None and obj.lemma_.lower() in r.place_nouns:
        places = r.mentions_of(next(iter(_pobjs(obj, ("of",))), None), _PLACES)  # "the town of X"
    if obj is not None and obj.lemma_.lower() in r.lex["control_nouns"]:
        places = r.mentions_of(next(iter(_pobjs(obj, ("of",)) + _pobjs(token, ("of",))), None), _PLACES)
        if not places:  # "taken control of In Afaraq": the parser often drops the name's head
            places = [m for m in mentions if m.entity_class in _PLACES
                      and obj.idx < m.provenance.char_start < obj.idx + 40]
    return places


def _phrase_roles(token: Token, cls: str, anchors: list[Token], verb: Token | None, r: _Reader, roles: _Roles) -> None:
    """Participants and place read from the prepositional phrases of the anchors ("fighting
    between X and Y", "an attack against X", "ambushed by X", "clashes in Y")."""
    if token.pos_ != "VERB":
        # "an attack on an army base in Mansila": the target's own place
        roles.fillers += _pobjs(token, ("on", "against"))
        if cls == "Arrest" and token.lemma_.lower() in r.lex["detention_nouns"]:
            roles.targets += _held(token, r)
    else:
        obj = _child(token, ("dobj",))
        if obj is not None:
            roles.fillers += [obj] + list(obj.conjuncts)  # "attacked a base near Gao", "fought Wagner near Menaka"
    for anchor in anchors:
        for prep in ("between", "with"):
            for t in _pobjs(anchor, (prep,)):
                roles.actors += r.mentions_of(t, _ACTORS)
                roles.fillers += [t] + list(t.conjuncts)
        for t in _pobjs(anchor, ("against",)):
            roles.targets += r.mentions_of(t, _ACTORS)
            roles.fillers.append(t)
        for t in _pobjs(anchor, ("by",)):
            roles.attackers += r.mentions_of(t, _ACTORS)
            roles.fillers.append(t)
        if anchor is verb and verb.lemma_.lower() in r.lex["attacker_light_verbs"]:
            roles.attackers += r.mentions_of(_subject(verb), _ACTORS)
        if roles.place is None and anchor.pos_ in ("NOUN", "PROPN"):  # "Bukavu's capture"
            roles.place = next((m for c in anchor.children if c.dep_ == "poss"
                                for m in r.mentions_of(c, frozenset({"Place"}))), None)
        if roles.place is None:
            extra = {"Capture": ("of",), "Withdrawal": ("from",), "Deployment": ("to",)}.get(cls, ())
            heads = [anchor] + ([o for o in anchor.children if o.dep_ == "dobj"] if cls in ("Withdrawal", "Deployment") else [])
            # "withdraw its troops from Niger", "sent warplanes to Niger": on the verb or on its object
            phrases = [t for h in heads for t in _pobjs(h, r.place_preps.union(extra) if h is anchor else extra)]
            roles.place, roles.within = _phrase_place(phrases, r)


def _phrase_place(phrases: list[Token], r: _Reader) -> tuple[Mention | None, bool]:
    """The place the phrases of an event name, the most precise first: "killed in attacks on a market
    in the village of X, in the Y region" happened in X. True with it when the event happened at an
    unnamed town inside that place ("in a camp in North Darfur state")."""
    found: list[tuple[Mention, bool]] = []
    for t in phrases:
        places = [(m, False) for m in _named_place(t, r)]
        if not places and t.pos_ in ("NOUN", "PROPN"):  # "a market in the village of X"
            within = t.lemma_.lower() in r.settlement_nouns
            places = [(m, within) for inner in _pobjs(t, r.place_preps) for m in _named_place(inner, r)][:1]
        found += places[:1]
    towns = [f for f in found if region_stem(f[0].text, r.region_nouns) is None]
    return (towns or found or [(None, False)])[0]


def _named_place(t: Token, r: _Reader) -> list[Mention]:
    places = r.mentions_of(t, _PLACES)
    if not places and t.lemma_.lower() in r.place_nouns:  # "in the region of Barsalogho"
        places = r.mentions_of(next(iter(_pobjs(t, ("of",))), None), _PLACES)
    return places


def _filler_place(fillers: list[Token], r: _Reader) -> tuple[Mention | None, bool]:
    """"between troops and separatists in Tinzawaten": a place attached to a participant (True with
    it when the filler is an unnamed town inside it: "an assault on a village in northern Nigeria")."""
    for m_tok in fillers:
        for t in _pobjs(m_tok, r.place_preps):
            places = r.mentions_of(t, _PLACES)
            if places:
                return places[0], m_tok.lemma_.lower() in r.settlement_nouns and not r.mentions_of(m_tok, _PLACES)
    return None, False


def _implicit_actors(token: Token, cls: str, verb: Token | None, r: _Reader, roles: _Roles) -> None:
    """Actors the trigger's own phrases did not name: a coup's subject, the subject up the clause
    ("separatists rammed the helicopter, causing it to crash"), a junta's leader."""
    if cls == "Coup" and not roles.actors:
        roles.actors += r.mentions_of(_subject(token), _ACTORS)
    if not (roles.actors or roles.attackers or roles.targets) and (token.pos_ == "VERB" or verb is not None):
        up = token
        for _ in range(4):
            if up.head is up:
                break
            up = up.head
            if up.lemma_.lower() in r.lex["commenting_verbs"]:
                break  # "the CISC recalls that these massacres ...": who comments on it took no part
            subject = _child(up, ("nsubj",))
            speaker = up.lemma_.lower() in r.speech_verbs
            if subject is not None:
                # "drone strikes killed nine civilians, Amnesty said": who reports it took no part,
                # unless a force tells of its own operation ("the army said strikes hit the rebels")
                roles.actors += [m for m in r.mentions_of(subject, _ACTORS) if m.entity_class != "Country"
                                 and (not speaker or m.entity_class in ("ArmedGroup", "StateForce"))]
                if roles.actors:
                    break
    if cls == "Coup":
        roles.actors += _coup_leaders(_subject(token), r, roles.actors)


def _coup_leaders(subject: Token | None, r: _Reader, actors: list[Mention]) -> list[Mention]:
    """The leader named with the junta takes part ("a junta led by Colonel X came to power"); not
    someone a relative clause mentions ("after ousting X")."""
    leaders: list[Mention] = []
    if subject is None:
        return leaders
    for t in subject.subtree:
        m = r.index.get(t.i)
        if m is None or m.entity_class != "Person" or m in actors or m in leaders:
            continue
        path, up = [], t
        while up.i != subject.i and up.head is not up:
            path.append(up.dep_)
            up = up.head
        if not set(path) & {"relcl", "advcl", "ccomp", "dobj"}:
            leaders.append(m)
    return leaders


def _event_mention(
    token: Token, cls: str, anchors: list[Token], roles: _Roles, claims: Sequence[ClaimMention], sent: Span,
    doc_id: str,
) -> EventMention:
    """The event mention: its participants, the dates attached to it, the claim it is told in, and
    the span from the trigger over the participants of its sentence."""
    times = tuple(
        e.text for e in sent.ents
        if e.label_ == "DATE" and (_attached(e, anchors, sent, _in_main_clause(token, sent)) or _frames(e, sent))
    )
    claim = next((c for c in claims if c.provenance.char_start <= token.idx < c.provenance.char_end + 1), None)
    in_sentence = [m for m in roles.everyone() if sent.start_char <= m.provenance.char_start < sent.end_char]
    start = min([token.idx] + [m.provenance.char_start for m in in_sentence])
    end = max([token.idx + len(token)] + [m.provenance.char_end for m in in_sentence])
    return EventMention(
        event_class=cls,
        trigger=token.text,
        provenance=Provenance(doc_id=doc_id, char_start=start, char_end=end, sentence=sent.text.strip(),
                              extractor=EXTRACTOR, confidence=0.7 if claim is None else 0.6),
        actors=_starts(roles.actors),
        attackers=_starts(roles.attackers),
        targets=_starts(roles.targets),
        place=roles.place.provenance.char_start if roles.place is not None else None,
        place_within=roles.place is not None and roles.within,
        times=times,
        claim=claim.key if claim is not None else None,
        hedged=bool(claim and claim.hedged),
    )


def _give_figures(
    found: list[tuple[Token, EventMention]], figures: Sequence[FigureMention], violent: frozenset[str],
    sentence_of: Callable[[Token], Span],
) -> tuple[list[EventMention], list[FigureMention]]:
    """Each figure goes to the nearest violent event of its sentence; the rest are returned."""
    events: list[EventMention] = []
    taken: set[int] = set()
    for token, event in found:
        if event.event_class in violent:
            sent = sentence_of(token)
            own = []
            for i, figure in enumerate(figures):
                if i in taken or not sent.start_char <= figure.provenance.char_start < sent.end_char:
                    continue
                rivals = [t for t, e in found if e.event_class in violent and sentence_of(t) == sent]
                nearest = min(rivals, key=lambda t: abs(t.idx - figure.provenance.char_start))
                if nearest is token:
                    own.append(figure)
                    taken.add(i)
            if own:
                event = replace(event, figures=tuple(own))
        events.append(event)
    rest = [f for i, f in enumerate(figures) if i not in taken]
    return events, rest


def _starts(mentions: list[Mention]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(m.provenance.char_start for m in mentions))


def _in_main_clause(token: Token, sent: Span) -> bool:
    """No clause boundary between the trigger and the sentence's main verb."""
    while token.i != sent.root.i and token.head is not token:
        if token.dep_ in ("advcl", "ccomp", "relcl", "acl", "xcomp", "csubj"):
            return False
        token = token.head
    return True


def _frames(ent: Span, sent: Span) -> bool:
    """A date opening the sentence ("In 2023, ...") frames every event the sentence tells."""
    first = sent.start + (1 if sent[0].is_punct or sent[0].is_space else 0)
    return ent.start - first <= 1


def _attached(ent: Span, anchors: list[Token], sent: Span, main_clause: bool) -> bool:
    """A date that modifies the trigger or its verb, or the main verb when the trigger is in the
    main clause."""
    targets = {a.i for a in anchors} | ({sent.root.i} if main_clause else set())
    token = ent.root
    for _ in range(4):
        if token.i in targets:
            return True
        if token.head is token or _earlier_event(token):
            return False  # "the massacres came after a jihadist attack on April 15": the attack's date
        token = token.head
    return token.i in targets


_BEFORE_AND_AFTER = frozenset({"after", "before", "since", "following"})


def _earlier_event(token: Token) -> bool:
    """The noun of another event that a time word is told against ("after the attack of ...")."""
    return token.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ in _BEFORE_AND_AFTER
