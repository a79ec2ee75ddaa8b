"""Relations between mentions, read from the parse: appositions ("X, a spokesman for Y"),
participles ("a junta led by X"), coordination with possessive allies ("X and their Russian
allies"), alliances ("abandoned its alliance with X in favour of Y"), control ("X control Y"),
and places ("X, a crossing in Y"; "X, near Y").

Plain functions over a parsed Doc and its mentions; role nouns and verbs come from
``ontologies/lexicon.json`` (``relations``). Facts inside a claim's statement carry that claim.
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Collection, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import antecedent, clause_subject, may_be, mention_index, named_mentions, pobjs, span_of
from kgbuild.text import region_stem
from kgbuild.types import ClaimMention, Lexicon, Mention, Provenance, RelationMention

__all__ = ["EXTRACTOR", "extract_relations", "listed_places"]

EXTRACTOR = "kgbuild.relations.v1"
_ORGS = frozenset({"ArmedGroup", "StateForce", "Government", "Organization", "Country"})
_LED = _ORGS | {"Place"}  # what a leader may lead: "Borno state Gov X" leads the state
_ACTORS = _ORGS | {"Person", "EthnicGroup"}
_PLACES = frozenset({"Place", "Country"})


class _Reader:
    """The Doc, its mentions and claims, and the relations found so far."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], claims: Sequence[ClaimMention],
                 lexicon: Lexicon, sentence_of: Callable[[Token], Span]):
        self.doc = doc
        self.words = lexicon.relations
        self.titles = frozenset(t for t in lexicon.person_titles if " " not in t) | {"-"}
        self.kinds = frozenset(lexicon.nominal_heads) | frozenset(lexicon.modifier_kinds)
        """Words of a description ("junta", "army"): a role they qualify is in what they name."""
        self.index = {i: m for i, m in mention_index(doc, mentions).items() if m.kind != "pronoun"}
        self.named = named_mentions(mentions)
        self.starts = Counter(m.provenance.char_start for m in mentions)
        """How many mentions start at each offset (a relation names its ends by their offsets)."""
        self.group_nouns: frozenset[str] = lexicon.mentions["collective_nouns"]
        self.region_nouns: frozenset[str] = lexicon.mentions["region_nouns"]
        self.claims = claims
        self.sentence_of = sentence_of
        self.found: dict[tuple[str, int, int], RelationMention] = {}

    def mention(self, token: Token | None, classes: frozenset[str] = _ACTORS) -> Mention | None:
        if token is None:
            return None
        found = self.index.get(token.i)
        return found if found is not None and may_be(found, classes) else None

    def add(self, predicate: str, subject: Mention, obj: Mention, tokens: Sequence[Token], ended: bool = False,
            confidence: float = 0.75) -> None:
        if subject.provenance.char_start == obj.provenance.char_start:
            return
        self._add(predicate, subject, obj, tokens, ended, confidence, of_the_country=False)

    def add_named_subject(self, predicate: str, name: Token, obj: Mention, tokens: Sequence[Token]) -> None:
        """A relation from what a word no mention covers names (a demonym) to a mention."""
        self._add(predicate, obj, obj, tokens, False, 0.7, of_the_country=False, subject_name=name)

    def add_fallback(self, predicate: str, subject: Mention, obj: Mention, tokens: Sequence[Token]) -> None:
        """A relation that stands only where no other one of ``predicate`` leaves ``subject``."""
        self._add(predicate, subject, obj, tokens, False, 0.6, of_the_country=False, fallback=True)

    def add_named(self, predicate: str, subject: Mention, name: Token, tokens: Sequence[Token]) -> None:
        """A relation to what a word no mention covers names (a demonym: the resolver looks it up)."""
        self._add(predicate, subject, None, tokens, False, 0.7, of_the_country=False, name=name)

    def add_of_the_country(self, predicate: str, subject: Mention, tokens: Sequence[Token], ended: bool = False) -> None:
        """A relation to the country of the article, which the sentence leaves unsaid."""
        self._add(predicate, subject, subject, tokens, ended, 0.7, of_the_country=True)

    def _add(self, predicate: str, subject: Mention, obj: Mention | None, tokens: Sequence[Token], ended: bool,
             confidence: float, of_the_country: bool, name: Token | None = None, fallback: bool = False,
             subject_name: Token | None = None) -> None:
        ends = [subject] + ([obj] if obj is not None else [])
        start = min([t.idx for t in tokens] + [m.provenance.char_start for m in ends])
        end = max([t.idx + len(t) for t in tokens] + [m.provenance.char_end for m in ends])
        claim = next(
            (c.key for c in self.claims if c.provenance.char_start <= start and end <= c.provenance.char_end + 1),
            None,
        )
        target = -1 if of_the_country else obj.provenance.char_start if obj is not None else name.idx
        key = (predicate, subject_name.idx if subject_name is not None else subject.provenance.char_start, target)
        if key in self.found:
            return
        self.found[key] = RelationMention(
            predicate=predicate,
            subject=subject.provenance.char_start,
            object=obj.provenance.char_start if obj is not None else -1,
            object_name=name.text if name is not None else None,
            provenance=Provenance(
                doc_id=subject.provenance.doc_id,
                char_start=start,
                char_end=end,
                sentence=self.sentence_of(tokens[0]).text.strip(),
                extractor=EXTRACTOR,
                confidence=confidence,
            ),
            ended=ended,
            claim=claim,
            of_the_country=of_the_country,
            fallback=fallback,
            subject_name=subject_name.text if subject_name is not None else None,
        )


def _pobj(token: Token, preps: Sequence[str]) -> Token | None:
    found = pobjs(token, preps)
    return found[0] if found else None


def _conjuncts(token: Token) -> list[Token]:
    return [token] + [t for t in token.conjuncts if t.i > token.i]


def _role_relations(r: _Reader) -> None:
    """"X, a spokesman for Y", "a spokesman for Y, X", "Y spokesman X", "X, a member of Y"; "X,
    the head of the Y delegation" (affiliated with Y);
    "President X" with no organisation named leads the country of the article."""
    roles: Mapping[str, str] = r.words["role_nouns"]
    for token in r.doc:
        predicate = roles.get(token.lemma_.lower())
        if predicate is None or token.pos_ not in ("NOUN", "PROPN"):
            continue
        org = r.mention(_pobj(token, ("for", "of", "in", "with", "at")), _ORGS)
        between: Token | None = None
        if org is None:  # "CSP spokesman Mohamed ...": the organisation as a modifier of the role
            org, between = _modifying_organisation(r, token, _LED if predicate == "leaderOf" else _ORGS)
        if org is None:
            org = _the_group_s(r, token) or _org_of_the_conjunct(r, token) or _org_after_participle(r, token)
        person = _role_holder(r, token)
        if person is None:
            continue
        if org is None and (unit := _pobj(token, ("of", "for"))) is not None:
            # "the head of the European Union delegation": affiliated with the EU, heading a part of it
            owner = next((m for c in unit.children if c.dep_ in ("compound", "nmod") and c.i < unit.i
                          and (m := r.mention(c, _ORGS)) is not None), None)
            if owner is not None:
                r.add("affiliatedWith", person, owner, [token, unit], confidence=0.7)
                continue
        if org is not None and between is not None:
            # "EU foreign policy chief X" heads a portfolio of the EU, not the EU; "Mali's junta
            # leader X", "Sudan's army chief X" lead what the word between names, not the country
            if predicate == "leaderOf" and between.lemma_.lower() not in r.kinds:
                r.add("memberOf", person, org, [token], confidence=0.7)
        elif org is not None:
            r.add(predicate, person, org, [token], confidence=0.8)
        elif predicate in ("leaderOf", "memberOf") and _the_noun_s(token, r.words["country_nouns"]) is not None:
            r.add_of_the_country(predicate, person, [token])  # "the West African country's new strongman"
        elif (country := _country_word(token)) is not None:
            # "French Defense Minister X" is affiliated with France; "French President X" leads it
            leads = token.lower_ in r.words["head_of_state_titles"]
            r.add_named("leaderOf" if leads else "affiliatedWith", person, country, [country, token])
        elif predicate == "memberOf" and token.lemma_.lower() in r.words["state_office_roles"] and not any(
                c.dep_ == "poss" for c in token.children):
            # "David Dibango, local prefect for the department of X": an office of the state
            r.add_of_the_country(predicate, person, [token])
        elif token.lower_ in r.words["head_of_state_titles"] and all(
                c.dep_ not in ("amod", "compound", "poss") or c.lower_ in r.words["term_modifiers"] for c in token.children):
            # "President X", "elected president X", "former president X" (whose term is over)
            ended = any(c.lower_ in r.words["ended_term_modifiers"] for c in token.children)
            r.add_of_the_country(predicate, person, [token], ended=ended)


def _org_after_participle(r: _Reader, role: Token) -> Mention | None:
    """"a researcher specialising in X at the Institute for Y", "an analyst based at Z": the
    organisation a participle after the role places its holder at or with (not what the holder
    studies: "specialising in X")."""
    return next((org for c in role.children if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")
                 for prep in c.subtree if prep.dep_ == "prep" and prep.lower_ in ("at", "with", "for")
                 for obj in prep.children if obj.dep_ == "pobj"
                 and (org := r.mention(obj, _ORGS)) is not None), None)


def _country_word(role: Token) -> Token | None:
    """A demonym or country name qualifying a role noun ("*French* Defense Minister"), when no
    organisation is named there: the resolver looks it up as a country."""
    return next((c for c in role.lefts if c.dep_ in ("amod", "compound", "nmod") and c.ent_type_ in ("NORP", "GPE")
                 and c.is_title), None)


def _modifying_organisation(r: _Reader, role: Token, classes: frozenset[str]) -> tuple[Mention | None, Token | None]:
    """The organisation (or, for a leader, the place: "Borno state Gov X") named among the words
    before a role noun, nearest first, and the noun between the two when there is one ("policy"
    in "EU foreign policy chief")."""
    between: Token | None = None
    before = [c for c in role.children if c.dep_ in _ROLE_MODIFIERS and c.i < role.i]
    if role.dep_ == "compound" and not before:  # "Borno state Gov X": the words hang on the name
        before = [c for c in role.head.children if c.dep_ in _ROLE_MODIFIERS and c.i < role.i]
    for child in reversed(before):
        org = r.mention(child, classes)
        if org is not None:
            portfolio = org.kind == "nominal" and child.lemma_.lower() not in r.kinds  # "foreign policy"
            return org, between or (child if portfolio else None)
        if child.pos_ in ("NOUN", "PROPN"):
            between = between or child
            inner = next((m for c in reversed(list(child.lefts))
                          if c.dep_ in _ROLE_MODIFIERS and (m := r.mention(c, classes)) is not None), None)
            if inner is not None:
                return inner, between
    return None, None


_ROLE_MODIFIERS = ("compound", "nmod", "poss")
_GROUPS = frozenset({"ArmedGroup", "Organization"})


def _org_of_the_conjunct(r: _Reader, role: Token) -> Mention | None:
    """"Wagner founder X and commander Y": a role before a name joined to a name whose role names
    the organisation holds in that organisation."""
    name = role.head
    if role.dep_ != "compound" or name.dep_ != "conj":
        return None
    first = name.head
    other = next((c for c in first.children if c.dep_ == "compound" and c.lemma_.lower() in r.words["role_nouns"]), None)
    return _modifying_organisation(r, other, _ORGS)[0] if other is not None else None


def _the_group_s(r: _Reader, role: Token) -> Mention | None:
    """"the group's longtime leader": the group named last before it, in its sentence or the one
    before."""
    owner = _the_noun_s(role, r.group_nouns)
    return antecedent(r.named, owner, _GROUPS) if owner is not None else None


def _the_noun_s(role: Token, nouns: Collection[str]) -> Token | None:
    """The possessor of a role that is "the" one of ``nouns`` ("the group's", "the country's")."""
    return next((c for c in role.children if c.dep_ == "poss" and c.lemma_.lower() in nouns
                 and any(d.lower_ == "the" for d in c.children)), None)


def _role_holder(r: _Reader, token: Token) -> Mention | None:
    """The person a role noun is said of: in apposition either way, or named right after it,
    titles between ("spokesman colonel X", "Lt. Col. X")."""
    people = frozenset({"Person"})
    if token.dep_ == "appos":
        person = r.mention(token.head, people)
        if person is not None:
            return person
    person = next((r.mention(c, people) for c in token.children
                   if c.dep_ == "appos" and r.mention(c, people) is not None), None)
    if person is not None:
        return person
    person = _named_after_the_phrase(r, token)
    if person is not None:
        return person
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ == "VERB":
        # "introduced Captain X as the country's new strongman", "X was named as prime minister"
        named = next((c for c in token.head.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        person = r.mention(named, people)
        if person is not None:
            return person
    of = _pobj(token, ("of", "for"))  # "the chairman of Bama's local government, Modu Gujja": the
    if of is not None:                # parser hangs the name on the organisation
        person = next((r.mention(c, people) for c in of.children
                       if c.dep_ == "appos" and c.i > of.i and r.mention(c, people) is not None), None)
        if person is not None:
            return person
    self_named = _declared_himself(r, token)
    if self_named is not None:
        return self_named
    titles = r.titles
    i = token.i + 1
    while i < len(r.doc) and i <= token.i + 5 and (r.doc[i].lower_ in titles or r.doc[i].lower_ + "." in titles
                                                          or r.doc[i].text == "."):
        i += 1
    return r.mention(r.doc[i], people) if i < len(r.doc) else None  # "RSF commander Dagalo"


def _declared_himself(r: _Reader, role: Token) -> Mention | None:
    """"X declared himself last month the head of a transitional government", however the parser
    hung the role: a reflexive object a few words before the role stands for the verb's subject."""
    doc = r.doc
    for k in range(role.i - 1, max(-1, role.i - 6), -1):
        if doc[k].lower_ in ("himself", "herself") and doc[k].dep_ == "dobj":
            subject = next((c for c in doc[k].head.children if c.dep_ == "nsubj"), None)
            return r.mention(subject, frozenset({"Person"}))
        if doc[k].is_punct or doc[k].pos_ == "VERB":
            return None
    return None


def _named_after_the_phrase(r: _Reader, role: Token) -> Mention | None:
    """"the prime minister of the junta, Ali Zeine, told ...": the name set off by commas right
    after the role's phrase, however the parser attached it (not "..., X said", where X speaks)."""
    doc = r.doc
    comma = role.right_edge.i + 1
    if comma + 1 >= len(doc) or doc[comma].text != ",":
        return None
    person = r.mention(doc[comma + 1], frozenset({"Person"}))
    span = span_of(doc, person) if person is not None else None
    if span is None:
        return None
    return person if span.end >= len(doc) or doc[span.end].text in (",", ".", ";") else None


def _led_by(r: _Reader) -> None:
    """"a junta led by X", "the group, headed by X" (participle with an agent)."""
    verbs: Mapping[str, str] = r.words["leading_verbs"]
    for token in r.doc:
        predicate = verbs.get(token.lemma_.lower())
        if predicate is None or token.dep_ not in ("acl", "relcl", "ROOT", "conj"):
            continue
        leader = r.mention(_pobj(token, ("by",)) or next(
            (g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None),
            frozenset({"Person"}))
        group = r.mention(token.head if token.dep_ in ("acl", "relcl") else None, _ORGS)
        if group is None and token.dep_ in ("acl", "relcl") and token.head.dep_ == "appos":
            group = r.mention(token.head.head, _ORGS)  # "JNIM, a group led by X"
        if leader is not None and group is not None:
            r.add(predicate, leader, group, [token], confidence=0.8)


def _subject_of(verb: Token) -> Token | None:
    while True:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ != "conj":
            return subject
        verb = verb.head


def _allies(r: _Reader) -> None:
    """"X and their Russian allies"; "X's allies Y"; "abandoned its alliance with F in favour of R"."""
    end_verbs = r.words["ending_verbs"]
    for token in r.doc:
        lemma = token.lemma_.lower()
        if lemma == "ally" and token.dep_ == "conj":
            partner = r.mention(token.head, _ORGS)
            ally = r.mention(token, _ORGS)
            if partner is not None and ally is not None:
                r.add("allyOf", partner, ally, [token.head, token], confidence=0.7)
        elif lemma in r.words["alliance_nouns"] and token.head.pos_ == "VERB":
            verb = token.head
            owner = r.mention(_subject_of(verb), _ORGS)
            if owner is None:
                continue
            ended = verb.lemma_.lower() in end_verbs
            for partner_token in _conjuncts(_pobj(token, ("with",))) if _pobj(token, ("with",)) is not None else []:
                partner = r.mention(partner_token, _ORGS)
                if partner is not None:
                    r.add("allyOf", owner, partner, [verb, token], ended=ended, confidence=0.7)
            favour = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"
                           for g in c.children if g.lemma_.lower() in r.words["favour_nouns"]), None)
            new_partner = r.mention(_pobj(favour, ("of",)), _ORGS) if favour is not None else None
            if new_partner is not None and ended:
                r.add("allyOf", owner, new_partner, [verb, favour], confidence=0.7)


def _control(r: _Reader) -> None:
    """"X control(s)/hold(s) Y (and Z)"."""
    verbs = r.words["control_verbs"]
    for token in r.doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in verbs or token.tag_ not in ("VBP", "VBZ", "VBG"):
            continue
        actor = r.mention(_subject_of(token), _ACTORS - {"Person"})
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        if actor is None or obj is None:
            continue
        for place_token in _conjuncts(obj):
            place = r.mention(place_token, _PLACES)
            if place is not None:
                r.add("controls", actor, place, [token], confidence=0.7)


def _places(r: _Reader) -> None:
    """"P, a (commercial) crossing in Q" → P locatedIn Q; "P, Mali" → P locatedIn Mali;
    "P, near Q" → P near Q. Read on the tokens after the place name, since the small model often
    attaches these phrases elsewhere."""
    heads = r.words["place_description_nouns"]
    doc = r.doc
    for i, token in enumerate(doc):
        place = r.mention(token, frozenset({"Place"}))
        if place is None or (i + 1 < len(doc) and r.index.get(i + 1) is place):
            continue  # act once, on the last token of the name
        j = i + 1
        if j >= len(doc) or doc[j].text != ",":
            continue
        window = list(doc[j + 1: min(len(doc), j + 10)])
        if not window:
            continue
        country = r.mention(window[0], frozenset({"Country"}))
        if country is not None and (len(window) == 1 or window[1].is_punct):
            r.add("locatedIn", place, country, [token, window[0]], confidence=0.7)
            continue
        if window[0].lower_ == "near":
            other = next((r.mention(t, _PLACES) for t in window[1:] if r.mention(t, _PLACES) is not None), None)
            if other is not None:
                r.add("near", place, other, [token, window[0]], confidence=0.7)
            continue
        if window[0].lower_ not in ("a", "an", "the"):
            continue
        for k, t in enumerate(window):
            if t.is_punct or t.pos_ == "VERB":
                break
            if t.lemma_.lower() in heads and k + 2 < len(window) and window[k + 1].lower_ in ("in", "of", "near"):
                other = r.mention(window[k + 2], _PLACES) or (
                    r.mention(window[k + 3], _PLACES) if k + 3 < len(window) and window[k + 2].lower_ == "the" else None)
                if other is not None:
                    predicate = "near" if window[k + 1].lower_ == "near" else "locatedIn"
                    r.add(predicate, place, other, [token, t], confidence=0.7)
                break


def _capital_of_the_article(r: _Reader) -> None:
    """"the capital Niamey", "east of capital Kinshasa", "reinforced the capital, Bamako": a capital
    no one's ("Chad's capital", "the capital of Chad" and "the Malian capital" are the patterns')
    is the capital of the country the article is about."""
    places = frozenset({"Place"})
    for token in r.doc:
        if token.lemma_.lower() != "capital" or token.pos_ != "NOUN":
            continue
        if any(c.dep_ in ("poss", "amod", "nmod") or (c.dep_ == "prep" and c.lower_ == "of") for c in token.children):
            continue
        town = r.mention(token.head, places) if token.dep_ == "compound" else None
        if town is None:
            town = next((r.mention(c, places) for c in token.children if c.dep_ in ("appos", "conj")
                         and c.i > token.i and r.mention(c, places) is not None), None)
        if town is not None:
            r.add_of_the_country("locatedIn", town, [token])


def _the_town_s(r: _Reader) -> None:
    """"A fire at the city's Munzenze prison", "fighters in the provincial capital's central
    Independence Square": a place "the city" is the possessor of lies in the town named last, in
    its sentence or the one before (lexicon relations.town_nouns; never a country or a region)."""
    nouns = r.words["town_nouns"]
    places = frozenset({"Place"})
    for token in r.doc:
        if token.dep_ != "poss" or token.lemma_.lower() not in nouns or not any(c.lower_ == "the" for c in token.children):
            continue
        place = r.mention(token.head, places) or next(  # "the city's Munzenze prison", the name read alone
            (r.mention(c, places) for c in token.head.children if c.dep_ == "compound" and r.mention(c, places)), None)
        if place is None or place.kind != "name":
            continue
        town = _town_named_last(r, token)
        if town is not None:
            r.add("locatedIn", place, town, [token, token.head], confidence=0.6)


def _capital_of_a_region(r: _Reader) -> None:
    """"Gunshots rang out across Goma before rebels marched into the capital of North Kivu
    province": a capital of a place that no name stands beside is the town named last, in its
    sentence or the one before, and that town lies in the place."""
    places = frozenset({"Place", "Country"})
    for token in r.doc:
        if token.lemma_.lower() != "capital" or token.pos_ != "NOUN" or not any(c.lower_ == "the" for c in token.children):
            continue
        if any(c.dep_ in ("appos", "poss") for c in token.children) or token.dep_ in ("appos", "attr", "compound"):
            continue  # "the capital of Chad, N'Djamena", "Gao, the capital of ...": the patterns' own
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        outer = next((r.mention(c, places) for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if outer is None or outer.kind != "name":
            continue
        town = _town_named_last(r, token, exclude=outer)
        if town is not None:
            r.add("locatedIn", town, outer, [token], confidence=0.6)


def _town_named_last(r: _Reader, token: Token, exclude: Mention | None = None) -> Mention | None:
    """The town named last before ``token``, in its sentence or the one before (no country, region
    or facility)."""
    places = frozenset({"Place"})
    sentence = r.sentence_of(token)
    since = r.sentence_of(r.doc[sentence.start - 1]).start_char if sentence.start > 0 else sentence.start_char
    towns = [m for m in r.named if since <= m.provenance.char_start and m.provenance.char_end <= token.idx
             and m is not exclude and may_be(m, places) and m.entity_class != "Country"
             and m.anchor_kind != "facility" and region_stem(m.text, r.region_nouns) is None]
    return towns[-1] if towns else None


def _settlement_of_the_article(r: _Reader) -> None:
    """"An ambush near the town of Koutougou", "the attack took place in the region of Barsalogho":
    a town or region that the reporter introduces by its kind, with nothing to say where it lies,
    lies in the country the story happens in (``_story_country``). Resolution keeps this only
    where no other rule places it."""
    nouns = r.words["town_nouns"] | r.region_nouns
    places = frozenset({"Place"})
    country: Mention | None = None
    for token in r.doc:
        if token.lemma_.lower() not in nouns or token.pos_ != "NOUN" or not any(c.lower_ == "the" for c in token.children):
            continue
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        place = next((r.mention(c, places) for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if place is None or place.kind != "name" or place.entity_class == "Country":
            continue
        country = country or _story_country(r)
        if country is not None:
            r.add_fallback("locatedIn", place, country, [token])


def _story_country(r: _Reader) -> Mention | None:
    """The country the article's events happen in: the one named most often as a noun phrase of
    its own ("Niger was long a linchpin", "fighting in Niger"), never as the modifier that says
    whose an actor is ("US troops", "Russia's Wagner Group"); a tie goes to the one more often
    named as where something happens ("in northeastern DR Congo"); still tied, None. Its first
    mention."""
    named: dict[str, list[Mention]] = {}
    located: dict[str, int] = {}
    for mention in r.named:
        if mention.entity_class != "Country" or mention.kind != "name" or mention.anchor_kind == "patron":
            continue
        span = span_of(r.doc, mention)
        if span is None or span.root.dep_ in ("compound", "nmod", "amod"):
            continue
        key = mention.registry_key or mention.text.casefold().removeprefix("the ")
        named.setdefault(key, []).append(mention)
        where = span.root.dep_ == "pobj" and span.root.head.lower_ in r.words["located_prepositions"]
        located[key] = located.get(key, 0) + where
    ranked = sorted(named, key=lambda k: (len(named[k]), located[k]), reverse=True)
    if not ranked or (len(ranked) > 1 and (len(named[ranked[1]]), located[ranked[1]]) == (len(named[ranked[0]]), located[ranked[0]])):
        return None
    # a mention no description starts at ("Burkina Faso's junta" starts where its country does)
    return next((m for m in named[ranked[0]] if r.starts[m.provenance.char_start] == 1), None)


def _country_s_base(r: _Reader) -> None:
    """"The French base at Kamboinsin", "a Russian military base in Gao": the country a demonym or
    country name before a base noun names controls the place the base is at (lexicon
    relations.base_nouns)."""
    nouns = r.words["base_nouns"]
    places = frozenset({"Place"})
    for token in r.doc:
        if token.lemma_.lower() not in nouns or token.pos_ != "NOUN":
            continue
        owner = next((c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i
                      and c.text[:1].isupper() and r.index.get(c.i) is None), None)
        at = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("at", "in", "of")), None)
        place = next((r.mention(c, places) for c in at.children if c.dep_ == "pobj"), None) if at is not None else None
        if owner is not None and place is not None and place.kind == "name":
            r.add_named_subject("controls", owner, place, [owner, token])


def _facilities(r: _Reader) -> None:
    """"the camp of Ber" lies in Ber (the facility mentions of ``place_names.facilities``)."""
    by_start = {m.provenance.char_start: m for m in r.named}
    for mention in r.named:
        if mention.anchor_kind == "facility" and mention.anchor is not None and int(mention.anchor) in by_start:
            span = span_of(r.doc, mention)
            if span is not None:
                r.add("locatedIn", mention, by_start[int(mention.anchor)], list(span), confidence=0.8)


def _people_s_forces(r: _Reader) -> None:
    """"Kabore was taken away by his presidential guard", "Haftar's forces": a force a person is
    the possessor of is affiliated with that person ("his" stands for the subject of its clause)."""
    forces = frozenset({"StateForce", "ArmedGroup"})
    people = frozenset({"Person"})
    for token in r.doc:
        force = r.mention(token.head, forces) if token.dep_ == "poss" else None
        if force is None or force.kind != "nominal":
            continue
        person = r.mention(token, people)
        if person is None and token.lower_ in ("his", "her"):
            person = r.mention(clause_subject(token), people)
        if person is not None:
            r.add("affiliatedWith", force, person, [token, token.head], confidence=0.7)


RULES = (_role_relations, _led_by, _allies, _control, _places, _capital_of_the_article, _the_town_s,
         _capital_of_a_region, _settlement_of_the_article, _country_s_base, _facilities, _people_s_forces)


def extract_relations(
    doc: Doc, mentions: Sequence[Mention], claims: Sequence[ClaimMention], lexicon: Lexicon,
    sentence_of: Callable[[Token], Span],
) -> list[RelationMention]:
    """Every relation stated in ``doc`` between two of its mentions, in text order."""
    reader = _Reader(doc, mentions, claims, lexicon, sentence_of)
    for rule in RULES:
        rule(reader)
    return sorted(reader.found.values(), key=lambda r: (r.provenance.char_start, r.predicate, r.subject, r.object))


def listed_places(doc: Doc, mentions: Sequence[Mention], relations: Sequence[RelationMention],
                  bullets: Collection[str]) -> list[RelationMention]:
    """The towns of a bulleted list whose placed items all lie in one country ("• Diboli in western
    Mali", "• the nearby towns of Kayes and Sandere", "• Molodo and Niono in central Mali") lie in
    it too: each line's unplaced towns get that country, with their line as evidence."""
    if not any(t.text in bullets and (t.i == 0 or "\n" in doc[t.i - 1].whitespace_ or doc[t.i - 1].is_space)
               for t in doc):
        return []  # no line opens with a bullet
    text = doc.text
    lines, at = [], 0
    for line in text.split("\n"):
        lines.append((at, at + len(line), line.strip()[:1] in bullets and line.strip()[1:2].isspace()))
        at += len(line) + 1
    blocks, block = [], []
    for start, end, listed in lines:
        if listed:
            block.append((start, end))
        elif block and text[start:end].strip():
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    country_at = {m.provenance.char_start: m.text for m in mentions if m.entity_class == "Country"}
    out: list[RelationMention] = []
    for block in blocks:
        inside = [m for m in mentions if m.entity_class == "Place" and m.kind == "name"
                  and any(s <= m.provenance.char_start < e for s, e in block)]
        starts = {m.provenance.char_start for m in inside}
        located = [r for r in relations if r.predicate == "locatedIn" and r.subject in starts and not r.fallback]
        placed = [r for r in located if not r.of_the_country]  # "the capital Bamako": of the article's country
        if not placed or any(r.object not in country_at for r in placed) or len({country_at[r.object] for r in placed}) != 1:
            continue
        told = placed[0]
        for town in (m for m in inside if m.provenance.char_start not in {r.subject for r in located}):
            s, e = next((s, e) for s, e in block if s <= town.provenance.char_start < e)
            out.append(RelationMention(
                predicate="locatedIn", subject=town.provenance.char_start, object=told.object,
                provenance=Provenance(doc_id=town.provenance.doc_id, char_start=town.provenance.char_start,
                                      char_end=town.provenance.char_end, sentence=text[s:e].strip(),
                                      extractor=EXTRACTOR, confidence=0.6),
                claim=told.claim,
            ))
    return out
