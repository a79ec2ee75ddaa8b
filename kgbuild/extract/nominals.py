"""Descriptions of actors in a parsed Doc: "Malian troops", "the junta's military", "Wagner fighters".

A noun chunk whose head is a description noun of the lexicon (``nominal_heads``) becomes a mention
of kind ``nominal``, with the words that tie it to another entity (a demonym or country: "Malian";
a name: "the CSP"; a possessor: "the junta's") and the kind words that describe it. A description of
a group's members ("Wagner fighters") is instead a mention of the group's name. Extract stage:
plain functions over a Doc; word lists come from ``ontologies/lexicon.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.furniture import Line
from kgbuild.extract.index import Sentences, clause_subject
from kgbuild.extract.mention_rules import (
    KG_LABELS, MentionRules, has_class, in_lines, mention_provenance, qualifies_with_participle,
)
from kgbuild.types import FoundBy, Lexicon, Mention

__all__ = ["nominal_mentions", "kind_of_attack_mentions"]

_NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")
_GROUP_LABELS = ("ArmedGroup", "StateForce", "Government", "Organization", "ORG")
_PLURAL_TAGS = ("NNS", "NNPS")


@dataclass
class _Reading:
    """What the words of one description say, read left to right."""

    entity_class: str
    kinds: list[str]
    descriptors: list[str]
    anchor: str | None = None
    anchor_kind: str | None = None
    used: set[int] = field(default_factory=set)
    """Token indices of the names the description took in (they give no name mention)."""
    member_of: Span | None = None
    """The group whose members it describes ("Wagner fighters")."""
    shared: set[int] = field(default_factory=set)
    """Token indices of names inside the description that are named in their own right too (the
    country of "Mozambique's army")."""


def nominal_mentions(
    doc: Doc, ents: list[Span], sentences: Sentences, rules: MentionRules, furniture: Sequence[Line], skip: set[int]
) -> list[tuple[Mention, set[int]]]:
    """Every description of an actor in ``doc`` outside ``furniture`` and the ``skip`` tokens, with
    the token indices of the names it took in."""
    lex = rules.lexicon
    full = doc.text  # Doc.text is rebuilt from the tokens on every access
    ent_at = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    out: list[tuple[Mention, set[int]]] = []
    roles = _role_modifiers(doc, lex)
    for chunk in [*doc.noun_chunks, *(doc[start:end] for start, end in roles)]:
        # an apposition's words describe the name before it, but the actor in "X, army spokesman"
        # is read all the same
        role_head = roles.get((chunk.start, chunk.end))
        found = _description_head(chunk, ent_at, lex, set() if role_head else skip,
                                  role_head or _described_name(chunk, ent_at, rules) or _led_body(chunk, lex))
        if found is None and role_head is not None and role_head.is_lower:  # the model's "army" ORG
            found = _description_head(chunk, {}, lex, set(), role_head)
        if found is None:
            if role_head is None:
                out += _forces_of_several_countries(doc, chunk, ent_at, rules, sentences, furniture, skip)
            continue
        head, head_key, entry = found
        words = list(chunk)
        cut = max((t.i for t in words if t.i < head.i and t.dep_ == "compound" and t.pos_ == "NOUN"
                   and t.lemma_.lower() in lex.events["nouns"]), default=None)
        if cut is not None:  # "to help Mozambique's army battle jihadists", the verb parsed as a noun: "jihadists"
            words = [t for t in words if t.i > cut]
        head_words = {head.i}
        if " " in head_key:
            head_words.update(c.i for c in head.children if c.i < head.i and c.dep_ in ("amod", "compound") and c.lemma_.lower() == head_key.split()[0])
        reading = _read_modifiers(words, head, head_words, head_key, entry, ent_at, rules)
        origin = _from_where(head, ent_at, rules) if reading.anchor is None and reading.member_of is None else None
        if origin is not None:  # "troops from former colonial power France", "fighters from the Wagner group"
            _read_name(reading, origin, entry, rules)
            reading.shared.update(range(origin.start, origin.end))  # France is named in its own right too
        owner = _pronoun_owner(chunk, ent_at, lex) if reading.anchor is None and entry["class"] == "StateForce" else None
        if owner is not None:  # "The United States has agreed to withdraw its troops"
            _read_name(reading, owner, entry, rules)
            reading.shared.update(range(owner.start, owner.end))
        if head.i in ent_at:  # a capitalised description gives no name mention besides
            reading.used.update(range(ent_at[head.i].start, ent_at[head.i].end))
        definite = any(t.lower_ in lex.mentions["definite_determiners"] for t in words if t.dep_ == "det") or (
            head.dep_ == "compound" and head.head.lemma_.lower() in lex.relations["role_nouns"])  # "army spokesman"
        if not _is_an_actor(reading, entry, head, head_key, definite):
            continue
        first = _description_start(words, head, head_words, reading.used, lex)
        start_char, end_char = doc[first].idx, head.idx + len(head)
        if origin is not None and reading.member_of is None:
            end_char = origin.end_char
        if entry.get("needs_attire"):
            attire = _attire(head, lex)
            if attire is None:
                continue  # "men" alone are anyone
            end_char = attire.right_edge.idx + len(attire.right_edge)  # "men wearing army fatigues"
        if in_lines(start_char, end_char, furniture):
            continue
        mention = _mention(doc, reading, head, full[start_char:end_char], start_char, sentences)
        out.append((mention, reading.used - reading.shared))
    return out


def _led_body(chunk: Span, lex: Lexicon) -> Token | None:
    """The force whose leaders a chunk names ("the Russian army leadership", "the army high
    command"; lexicon mentions.leadership_nouns): the description is that force's."""
    root = chunk.root
    if root.lemma_.lower() not in lex.mentions["leadership_nouns"]:
        return None
    return next((c for c in reversed(list(root.lefts)) if c.dep_ == "compound" and c.pos_ == "NOUN"
                 and _head_entry(c, lex) is not None), None)


def _described_name(chunk: Span, ent_at: dict[int, Span], rules: MentionRules) -> Token | None:
    """The head of a description of a country's that a name opens with ("the *Russian* mercenary
    *group* Wagner"): a description of the named actor of its own, which ties it to the country."""
    root = chunk.root
    ent = ent_at.get(root.i)
    if ent is None or not has_class(ent):
        return None
    head = next((c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < ent.start
                 and _head_entry(c, rules.lexicon) is not None), None)
    if head is None or not any(t.lower_ in rules.demonyms for t in head.lefts):
        return None
    return head


def _pronoun_owner(chunk: Span, ent_at: dict[int, Span], lex: Lexicon) -> Span | None:
    """The country whose forces "its" describes: the named subject of the nearest clause above
    the pronoun ("The United States agreed to withdraw its troops", "Rwanda rejects claims that
    thousands of its troops are fighting"); None when that subject is no country's name."""
    pronoun = next((t for t in chunk if t.lower_ in ("its", "their")), None)
    subject = clause_subject(pronoun) if pronoun is not None else None
    ent = ent_at.get(subject.i) if subject is not None else None
    return ent if ent is not None and ent.label_ in ("Country", "GPE") and ent.end == subject.i + 1 else None


def _from_where(head: Token, ent_at: dict[int, Span], rules: MentionRules) -> Span | None:
    """The country or group a force's members come "from" ("troops from France", "mercenaries
    from the Wagner group"), when one name says it; not a town ("fighters from Tessit")."""
    lex = rules.lexicon
    if not lex.nominal_heads.get(_lemma(head), {}).get("member") or any(
            t.lower_ in lex.mentions["possessive_pronouns"] for t in head.lefts):
        return None  # "its 500 troops from Niger": the troops are its, and leave Niger
    verb = head.head if head.dep_ in ("dobj", "nsubjpass") else None
    if verb is not None and (lex.events["verbs"].get(verb.lemma_.lower()) == "Withdrawal"
                             or verb.lemma_.lower() in lex.events["exit_verbs"]):
        return None  # "withdraw troops from Niger": where they leave
    state = lex.nominal_heads[_lemma(head)]["class"] == "StateForce"
    for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "from"):
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        ent = ent_at.get(pobj.i) if pobj is not None else None
        if ent is None or list(pobj.conjuncts) or ent.end != pobj.i + 1:
            return None
        if state and (ent.text.lower() in rules.countries or ent.label_ == "Country") or ent.label_ in _GROUP_LABELS:
            return ent
    return None


def _forces_of_several_countries(
    doc: Doc, chunk: Span, ent_at: dict[int, Span], rules: MentionRules, sentences: Sentences,
    furniture: Sequence[Line], skip: set[int],
) -> list[tuple[Mention, set[int]]]:
    """"Rwandan and Mozambican security forces", "French and Malian troops", "US and French
    soldiers": one description shared by the forces of several countries is a mention of each, the
    last with the description's words ("Mozambican security forces"), the others the country's word
    alone ("Rwandan"). Only countries are shared out: "separatist and jihadist forces" stays unread."""
    head = chunk.root
    found = _head_entry(head, rules.lexicon) if head.i not in skip else None
    if found is None or found[1]["class"] != "StateForce" or found[1].get("needs_attire"):
        return []
    head_key, entry = found
    countries: list[tuple[Span, str]] = []  # each country word (a name may be several tokens)
    i, stop = chunk.start, head.i
    while i < stop:
        tok = doc[i]
        unit = ent_at.get(i)
        unit = unit if unit is not None and unit.start == i and unit.end <= stop else doc[i:i + 1]
        words = unit.text.lower().replace("’", "'")
        country = rules.demonyms.get(words) or rules.countries.get(words)
        if country is not None:
            countries.append((unit, country))
        elif tok.dep_ not in ("det", "cc", "punct") or not countries and tok.dep_ != "det":
            break  # the description's own words ("security") come after the last country only
        i = unit.end
    rest = doc[i:head.i + 1]
    if len(countries) < 2 or len({c for _, c in countries}) < len(countries) or any(
        t.dep_ in ("cc", "conj") or t.lower_ in rules.demonyms for t in rest
    ):
        return []
    if not any(unit[-1].dep_ == "conj" for unit, _ in countries[1:]):
        return []  # "US Africa Command forces": no coordination, one force
    out = []
    for n, (unit, country) in enumerate(countries):
        span = doc[unit.start:head.i + 1] if n == len(countries) - 1 else unit
        if in_lines(span.start_char, span.end_char, furniture):
            return []
        reading = _Reading("StateForce", [k for k in [entry.get("kind")] if k], [head_key], country, "country")
        out.append((_mention(doc, reading, head, span.text, span.start_char, sentences), set(range(unit.start, unit.end))))
    return out


def _role_modifiers(doc: Doc, lex: Lexicon) -> dict[tuple[int, int], Token]:
    """Descriptions that modify a role noun inside a larger noun chunk ("government spokesman
    Patrick Muyaya", "Sudan's army chief", "the army's spokesperson"): the chunk's root is the
    person, not the actor. The role's possessor is the description's too ("Burkina Faso's junta
    leader": Burkina Faso's junta)."""
    roles = lex.relations["role_nouns"]
    out = {}
    for token in doc:
        if token.dep_ in ("compound", "poss") and token.pos_ == "NOUN" and token.head.lemma_.lower() in roles:
            owner = [c for c in token.head.children if c.dep_ == "poss" and c.i < token.i] if token.dep_ == "compound" else []
            start = min(t.i for t in [*token.subtree, *(t for c in owner for t in c.subtree)])
            out[(start, token.i + 1)] = token
    return out


def _lemma(token: Token) -> str:
    """The token's lemma, lower-cased; a capitalised plural the model left as it is ("Helmets")
    loses its "s"."""
    lemma = token.lemma_.lower()
    if token.tag_ in ("NNP", "NNPS") and lemma == token.lower_ and len(lemma) > 3 and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


def _head_entry(head: Token, lex: Lexicon) -> tuple[str, Mapping[str, Any]] | None:
    """The lexicon entry of a description's head: two words ("armed group") before one."""
    heads = lex.nominal_heads
    lemma = _lemma(head)
    for child in head.children:
        if child.i < head.i and child.dep_ in ("amod", "compound"):
            two = f"{_lemma(child)} {lemma}"
            if two in heads:
                return two, heads[two]
    if lemma in heads:
        return lemma, heads[lemma]
    if head.lower_ in heads:
        return head.lower_, heads[head.lower_]
    return None


def _attire(head: Token, lex: Lexicon) -> Token | None:
    """The phrase that dresses "men" as fighters: "men wearing army fatigues", "men in military
    garb" (a participle or "in" whose words hold an attire noun of the lexicon)."""
    nouns = lex.mentions["attire_nouns"]
    for child in head.children:
        if child.i > head.i and (child.dep_ == "acl" or child.dep_ == "prep" and child.lower_ == "in"):
            if any(t.lemma_.lower() in nouns or t.lower_ in nouns for t in child.subtree):
                return child
    return None


def _description_head(
    chunk: Span, ent_at: dict[int, Span], lex: Lexicon, skip: set[int], head: Token | None = None
) -> tuple[Token, str, Mapping[str, Any]] | None:
    """The chunk's head (its root unless given), its lexicon key and entry, when the chunk can
    describe one actor."""
    head = chunk.root if head is None else head
    if head.i in skip or head.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    found = _head_entry(head, lex)
    if found is None:
        return None
    head_key, entry = found
    ent = ent_at.get(head.i)
    if ent is not None and has_class(ent) and not _capitalised_description(ent, head_key):
        return None  # "the Malian army" is a name the registry knows: read as a name, not twice
    if head.dep_ == "pobj" and head.head.head.lemma_.lower() in lex.mentions["collective_nouns"] and (
            found[1]["class"] != "StateForce" or _pronoun_owner(chunk, ent_at, lex) is None):
        return None  # "dozens of fighters" are anyone's; "thousands of its troops" are Rwanda's
    if head.dep_ == "conj" and head.head.tag_ == "NN" and head.head.lemma_.lower() in lex.modifier_kinds:
        return None  # "separatist and jihadist forces", with "separatist" misread as a noun
    words = list(chunk)
    if any(t.lower_ in lex.mentions["possessive_pronouns"] for t in words) and not entry.get("possessive_ok") and (
            entry["class"] != "StateForce" or _pronoun_owner(chunk, ent_at, lex) is None):
        return None
    if any(t.dep_ == "cc" and t.head.i != head.i for t in words) or any(
        t.dep_ == "conj" and t.head.i != head.i and t.i < head.i for t in words
    ):
        return None  # "separatist and jihadist forces": several actors at once
    return head, head_key, entry


def _capitalised_description(ent: Span, head_key: str) -> bool:
    """A description the model took for a name because it is capitalised ("our Blue Helmets"):
    its words are the description's head, and no registry name."""
    return ent.label_ not in KG_LABELS and " ".join(_lemma(t) for t in ent) == head_key


def _read_modifiers(
    words: list[Token], head: Token, head_words: set[int], head_key: str, entry: Mapping[str, Any],
    ent_at: dict[int, Span], rules: MentionRules,
) -> _Reading:
    """The anchor, class and kind words the modifiers of a description give it."""
    reading = _Reading(entry["class"], [k for k in [entry.get("kind")] if k], [head_key])
    for tok in words:
        if tok.i in head_words or tok.dep_ in ("det", "punct", "case", "nummod", "quantmod", "advmod"):
            continue
        ent = ent_at.get(tok.i)
        if ent is not None and ent.text[:1].islower() and ent.label_ not in KG_LABELS:
            ent = None  # "jihadist" tagged NORP: an adjective, read as a modifier word below (not "al Qaeda")
        if ent is not None and ent.label_ not in _NOT_NAMES:
            if ent.end <= head.i and qualifies_with_participle(ent, rules.lexicon):
                reading.used.update(range(ent.start, ent.end))  # the relation patterns read it by name
                reading.anchor, reading.anchor_kind = ent.text, "qualifier"
            elif ent.end <= head.i:
                _read_name(reading, ent, entry, rules)
        else:
            _read_word(reading, tok, rules)
    return reading


def _read_name(reading: _Reading, ent: Span, entry: Mapping[str, Any], rules: MentionRules) -> None:
    """A name inside a description: a country ("Malian"), a group whose members it describes, a
    people, or another name it is tied to."""
    reading.used.update(range(ent.start, ent.end))
    ent_lower = ent.text.lower()
    if len(ent) == 1 and ent.label_ not in KG_LABELS and ent[0].lemma_.lower() in rules.lexicon.modifier_kinds:
        _read_word(reading, ent[0], rules)  # "Islamist insurgents": a kind of insurgent, not a group named Islamist
    elif ent_lower in rules.demonyms:
        reading.anchor, reading.anchor_kind = rules.demonyms[ent_lower], "country"
    elif ent_lower in rules.countries or ent.label_ == "Country":
        reading.anchor, reading.anchor_kind = rules.countries.get(ent_lower, ent.ent_id_ or ent.text), "country"
        if ent.end < len(ent.doc) and ent.doc[ent.end].dep_ == "case":
            reading.shared.update(range(ent.start, ent.end))  # "Mozambique's army": Mozambique is named too
    elif ent_lower in rules.regions:
        reading.used.difference_update(range(ent.start, ent.end))
    elif ent.label_ in _GROUP_LABELS and entry.get("member"):
        reading.member_of = ent
    elif ent.label_ == "EthnicGroup":
        reading.used.difference_update(range(ent.start, ent.end))
        reading.descriptors.append(ent.text)
    else:
        reading.anchor, reading.anchor_kind = ent.text, "name"


def _read_word(reading: _Reading, tok: Token, rules: MentionRules) -> None:
    """A plain word inside a description: a demonym, a region, or a modifier kind ("separatist")."""
    lower, lemma = tok.lower_, tok.lemma_.lower()
    modifier_kinds = rules.lexicon.modifier_kinds
    if qualifies_with_participle(tok.doc[tok.i:tok.i + 1], rules.lexicon):
        return  # "Turkish-made drones" are not Turkey's
    if lower in rules.demonyms:
        reading.anchor, reading.anchor_kind = rules.demonyms[lower], "country"
    elif lower in rules.regions or lemma in rules.regions:
        reading.anchor, reading.anchor_kind = "", "region"
    elif lemma in modifier_kinds:
        mod = modifier_kinds[lemma]
        reading.descriptors.append(lemma)
        if mod.get("possessor"):
            reading.anchor, reading.anchor_kind = mod["possessor"], "possessor"
            reading.entity_class = mod["class"]
        elif mod["class"] != reading.entity_class and reading.entity_class != "Country":
            reading.entity_class = mod["class"]
            reading.kinds = []  # "jihadist forces" are not an army
        if mod.get("kind"):
            reading.kinds.append(mod["kind"])


def _is_an_actor(reading: _Reading, entry: Mapping[str, Any], head: Token, head_key: str, definite: bool) -> bool:
    """Whether the description refers to one actor, as its entry requires."""
    anchored = reading.anchor is not None or reading.member_of is not None
    if reading.anchor_kind == "region":
        return False  # "Western governments", "African armies": not one actor
    if entry.get("needs_anchor") and not anchored:
        return False
    if entry.get("needs_country") and reading.anchor_kind not in ("country", "possessor"):
        return False  # "French aircraft", "the junta's drones"; not "Turkish-made drones", "Super Tucano jets"
    if entry.get("needs_plural") and head.tag_ not in _PLURAL_TAGS:
        return False  # "state authority" is a notion; "the authorities" are the government
    if entry.get("needs_kind") and not (reading.anchor or [k for k in reading.kinds if k != entry.get("kind")]):
        return False  # "an armed group", "the rebel alliance"; not "the group", "a new alliance"
    if not (reading.kinds or reading.anchor or reading.member_of is not None or definite or entry.get("perpetrator")
            or entry.get("plural_actor") and head.tag_ in _PLURAL_TAGS):
        return False  # "fighters" alone may be anyone's; "gunmen" are the attackers of the story, and
        # "armed groups" the story's armed groups ("an armed group" is only the description of a name)
    # a bare singular "separatist" is an adjective the parser took for a noun
    return not (entry.get("member") and head.tag_ == "NN" and not definite and not anchored)


def _description_start(words: list[Token], head: Token, head_words: set[int], used: set[int], lex: Lexicon) -> int:
    """The first token of the description proper: the head and the modifiers to its left, without
    numbers, quantifiers, possessive pronouns or quotation marks ("at least 15 Wagner fighters" →
    "Wagner fighters")."""
    first = head.i
    for tok in reversed(words[: words.index(head)]):
        if tok.dep_ == "case" and tok.head.i not in used and tok.head.lemma_.lower() not in lex.modifier_kinds:
            break  # "the West African country's military leaders": the possessor is not part of the name
        hyphen = tok.text == "-" and not tok.whitespace_
        if tok.like_num or tok.lower_ in lex.figures["number_words"]:
            break  # "Seventeen Niger soldiers": a count, not part of the description
        if tok.lower_ in lex.mentions["possessive_pronouns"]:
            break  # "his presidential guard": the guard is named "presidential guard"
        if hyphen or tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss", "case") or tok.i in used or tok.i in head_words:
            first = tok.i
        else:
            break
    return first


def _mention(doc: Doc, reading: _Reading, head: Token, text: str, start: int, sentences: Sentences) -> Mention:
    """The description's mention (``text`` from ``start``); for a group's members ("Wagner
    fighters"), a mention of the group itself, whose evidence points at the name."""
    end = start + len(text)
    member_of = reading.member_of
    if member_of is not None:
        return Mention(
            text=member_of.text,
            entity_class=member_of.label_ if member_of.label_ in KG_LABELS else "Organization",
            kind="name",
            provenance=mention_provenance(doc, member_of.start_char, member_of.end_char, sentences.of(head), FoundBy.NOMINAL),
            found_by=FoundBy.NOMINAL,
            registry_key=member_of.ent_id_ or None,
            anchor=text,
            anchor_kind="member",
        )
    return Mention(
        text=text,
        entity_class=reading.entity_class,
        kind="nominal",
        provenance=mention_provenance(doc, start, end, sentences.of(head), FoundBy.NOMINAL),
        found_by=FoundBy.NOMINAL,
        anchor=reading.anchor,
        anchor_kind=reading.anchor_kind,
        descriptors=tuple(dict.fromkeys(reading.descriptors + reading.kinds)),
        plural=head.tag_ in _PLURAL_TAGS,
    )


def kind_of_attack_mentions(doc: Doc, rules: MentionRules, sentences: Sentences, furniture: Sequence[Line],
                            taken: set[int]) -> list[Mention]:
    """"A *jihadist* attack", "a *rebel* raid": the kind word before an event noun stands for the
    group of that kind (kind ``nominal``, ``anchor_kind`` "kind": it joins the article's group of
    that kind and never makes one of its own)."""
    lex = rules.lexicon
    event_nouns = lex.events["nouns"]
    out = []
    for token in doc:
        if token.dep_ not in ("amod", "compound") or token.i > token.head.i or token.i in taken:
            continue
        entry = lex.modifier_kinds.get(token.lemma_.lower())
        if (entry is None or entry.get("class") != "ArmedGroup" or token.text[:1].isupper()
                or token.head.lemma_.lower() not in event_nouns):
            continue
        start, end = token.idx, token.idx + len(token)
        if in_lines(start, end, furniture):
            continue
        out.append(Mention(
            text=token.text,
            entity_class="ArmedGroup",
            kind="nominal",
            provenance=mention_provenance(doc, start, end, sentences.of(token), FoundBy.NOMINAL),
            found_by=FoundBy.NOMINAL,
            descriptors=tuple(dict.fromkeys([token.lemma_.lower()] + [k for k in [entry.get("kind")] if k])),
            plural=True,
            anchor_kind="kind",
        ))
    return out
