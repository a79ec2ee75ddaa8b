"""Place names the statistical model misses or misreads, read from the words around them.

"Tessit in eastern Mali", "the towns of Kayes and Sandere", "Molodo and Niono", "the Timbuktu
region": plain functions over a parsed ``Doc`` and the mentions read so far, used by
``mentions.extract_mentions``. Word lists come from ``ontologies/lexicon.json``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import span_of
from kgbuild.extract.mention_rules import KG_LABELS, MentionRules, has_class
from kgbuild.types import FoundBy, Lexicon, Mention

__all__ = ["facilities", "compass_of_after", "is_a_place_noun_s_subject", "longer_place_names", "coordinated_names", "conjuncts_of_places", "in_a_country_after",
           "places_the_model_missed", "regions_named"]


def in_a_country_after(tokens: Sequence[Token], rules: MentionRules) -> bool:
    """"Tessit in eastern Mali", "Hombori and Boni in central Mali": a name right before "in" and a
    country, never the subject of what is said ("Ali in Mali said")."""
    doc, last = tokens[0].doc, tokens[-1]
    j = last.i + 1
    if j + 1 < len(doc) and doc[j].pos_ == "CCONJ" and doc[j + 1].pos_ == "PROPN":
        j += 2  # "Hombori and Boni in ...": the place the coordination ends with
    if j >= len(doc) or doc[j].lower_ != "in":
        return False
    j += 1
    while j < len(doc) and doc[j].pos_ == "ADJ":
        j += 1
    return (j < len(doc) and doc[j].text.lower() in rules.countries
            and not (last.dep_ in ("nsubj", "nsubjpass") and last.head.lemma_.lower() in rules.lexicon.speech_verbs))


def compass_of_after(tokens: Sequence[Token], lex: Lexicon) -> bool:
    """"Nioro du Sahel and Gogoui, northwest of the capital": a name (or the coordination it opens)
    followed by a bearing and "of"."""
    doc, last = tokens[0].doc, tokens[-1]
    j = last.i + 1
    if j + 1 < len(doc) and doc[j].pos_ == "CCONJ" and doc[j + 1].pos_ == "PROPN":
        j += 2
        while j < len(doc) and doc[j].pos_ == "PROPN":
            j += 1
    if j < len(doc) and doc[j].text == ",":
        j += 1
    bearings: frozenset[str] = lex.mentions["bearing_words"]
    return j + 1 < len(doc) and doc[j].lower_ in bearings and doc[j + 1].lower_ == "of"


def coordinated_names(doc: Doc, ents: list[Span], lex: Lexicon) -> list[Span]:
    """"the towns of Kayes and Sandere": two names the model read as one are two, when nothing but
    capitalised words stand either side of the "and" (not "Movement for Justice and Equality")."""
    words = {w for k in lex.mentions["organization_keywords"] for w in k["words"] if " " not in w}
    out: list[Span] = []
    for ent in ents:
        cut = next((t.i for t in ent if t.pos_ == "CCONJ" and ent.start < t.i < ent.end - 1), None)
        names = [t for t in ent if t.i != cut and t.is_alpha]
        if (cut is None or ent.label_ in KG_LABELS or not all(t.is_title for t in names)
                or any(t.lower_ in words for t in names)):
            out.append(ent)
            continue
        out += [Span(doc, ent.start, cut, label=ent.label_), Span(doc, cut + 1, ent.end, label=ent.label_)]
    return out


def places_the_model_missed(doc: Doc, ents: list[Span], rules: MentionRules) -> list[Span]:
    """"Molodo and Niono in central Mali", "Tessit in eastern Mali", "the village of Tessit": a
    capitalised name outside every entity, joined by "and" to a place the model did read, right
    before "in" and a country, or named by a place noun, is a place; so is the capitalised subject
    of "is a town" (which the model may take for a common noun at the start of a sentence)."""
    covered = {i: ent for ent in ents if has_class(ent) for i in range(ent.start, ent.end)}
    found: list[Span] = []
    for token in doc:
        if token.i in covered or not token.is_title:
            continue
        if token.pos_ != "PROPN":
            if token.pos_ == "NOUN" and not token.is_stop and is_a_place_noun_s_subject(token, rules.lexicon):
                found.append(Span(doc, token.i, token.i + 1, label="GPE"))
            continue
        if any(c.i in covered and covered[c.i].label_ in ("GPE", "LOC", "Place") for c in token.conjuncts) \
                or in_a_country_after([token], rules) or _named_by_a_place_noun(token, rules) \
                or is_a_place_noun_s_subject(token, rules.lexicon) or _set_beside_a_place_noun(token, rules):
            start = min([token.i] + [c.i for c in token.lefts if c.dep_ == "compound" and c.is_title
                                     and c.i not in covered])
            found.append(Span(doc, start, token.i + 1, label="GPE"))
    return found


def is_a_place_noun_s_subject(token: Token, lex: Lexicon) -> bool:
    """"Tessit is a small town in ...": the subject of "is" whose complement is a place noun."""
    verb = token.head
    return token.dep_ == "nsubj" and verb.lemma_ == "be" and any(
        c.dep_ == "attr" and c.pos_ == "NOUN" and c.lemma_.lower() in lex.place_head_nouns for c in verb.children)


def _set_beside_a_place_noun(token: Token, rules: MentionRules) -> bool:
    """"Djibo, the capital of Soum province, ...": a name whose apposition is a place noun of
    something ("the capital of", "a town in")."""
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in rules.lexicon.place_head_nouns
               and any(g.dep_ == "prep" and g.lower_ in ("of", "in") for g in c.children) for c in token.children)


def _named_by_a_place_noun(token: Token, rules: MentionRules) -> bool:
    """"the village of Tessit", "the town of Kourtiba": the name a place noun is "of"."""
    of = token.head
    return (token.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ == "NOUN"
            and of.head.lemma_.lower() in rules.lexicon.place_head_nouns)


def conjuncts_of_places(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"the towns of Kayes and Sandere", "in Gao and Menaka": a name only the model typed, joined
    by "and" to a name the words around it show to be a place, is a place too; so is the other end
    of a way from or to a place ("the convoy travelled from Djibo to Namsiguia")."""
    spans = {id(m): span_of(doc, m) for m in mentions}  # "Mali's army" and "Mali" start together
    named = {m.text for m in mentions if m.entity_class == "Place" and m.kind == "name"}  # a place once, a place throughout
    places = {t.i for m in mentions if (m.entity_class == "Place" or m.kind == "name" and m.text in named)
              and spans[id(m)] is not None for t in spans[id(m)]}
    out: list[Mention] = []
    for mention in mentions:
        span = spans[id(mention)]
        if (span is not None and mention.kind == "name" and mention.found_by is FoundBy.NER
                and mention.entity_class in ("Organization", "Person")
                and (any(c.i in places for c in span.root.conjuncts) or _other_end_of_a_way(span.root, places))):
            mention = replace(mention, entity_class="Place", found_by=FoundBy.CONTEXT)
        out.append(mention)
    return out


_WAY_ENDS = {"from": "to", "to": "from"}


def _other_end_of_a_way(token: Token, places: set[int]) -> bool:
    """The name after "to" where the same verb or noun goes "from" a place, or the other way round."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in _WAY_ENDS:
        return False
    other = _WAY_ENDS[prep.lower_]
    return any(p.lower_ == other and any(o.dep_ == "pobj" and o.i in places for o in p.children)
               for p in prep.head.children if p is not prep)


def regions_named(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """"the Timbuktu region", "Cabo Delgado province": the region noun is part of the place's name
    (so the region is called as the text calls it), whatever the model cut off."""
    nouns = lex.mentions["region_nouns"]
    out: list[Mention] = []
    for mention in mentions:
        span = span_of(doc, mention)
        after = doc[span.end] if span is not None and span.end < len(doc) else None
        if (mention.kind == "name" and mention.entity_class == "Place" and after is not None
                and after.lower_ in nouns and span.root.head == after and span.root.dep_ == "compound"
                and span[-1].lower_ not in nouns):  # not "the West Region department of X"
            end = after.idx + len(after)
            mention = replace(mention, text=doc.text[mention.provenance.char_start:end],
                              provenance=replace(mention.provenance, char_end=end))
        out.append(mention)
    return out


_PLACE_NAME_LINKS = frozenset({"da", "de", "do", "du", "del", "della", "di", "el", "al", "la", "le"})
"""Lower-case words inside a place's name ("Mocimboa da Praia", "Nioro du Sahel")."""


def longer_place_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """"Mocimboa da Praia": a known place (here Cabo Verde's capital) that ends a longer name is
    that longer name, another place the registry does not know."""
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    out: list[Span] = []
    for ent in ents:
        start = ent.start
        if ent.label_ == "Place" and start >= 2 and doc[start - 1].lower_ in _PLACE_NAME_LINKS \
                and doc[start - 2].is_title and start - 2 not in covered:
            start -= 2
            while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and start - 1 not in covered:
                start -= 1
            ent = Span(doc, start, ent.end, label="GPE")
        out.append(ent)
    return out


def facilities(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """A camp, base or prison in a town is a place of its own, inside the town ("the camp of Ber",
    "the military base of Tessalit"; lexicon mentions.facility_nouns): a mention from the noun
    to the town's name, anchored to the town (``anchor_kind`` "facility": the relations make it
    lie in the town). "The Ber camp" after "the camp of Ber" is that camp again: a description
    anchored to its name. Without "of", a camp named after a place is that place ("Zamzam camp")."""
    nouns = lex.mentions["facility_nouns"]
    towns = {}
    for mention in mentions:
        span = span_of(doc, mention)
        if mention.entity_class == "Place" and span is not None and mention.kind == "name":
            towns[span.root.i] = mention
    out: list[Mention] = []
    named: dict[str, str] = {}  # town key words → the facility's text ("ber" → "camp of Ber")
    found = [t for t in doc if t.pos_ == "NOUN" and t.lemma_.lower() in nouns] if towns else []
    for token in found:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        town = towns.get(inner.i) if inner is not None else None
        if town is None or not any(c.lower_ == "the" for c in token.children):
            continue
        start, end = token.idx, town.provenance.char_end
        text = doc.text[start:end]
        named[town.text.lower()] = text
        out.append(replace(town, text=text, kind="name", found_by=FoundBy.CONTEXT,
                           provenance=replace(town.provenance, char_start=start, char_end=end),
                           registry_key=None, anchor=str(town.provenance.char_start), anchor_kind="facility",
                           descriptors=(token.lemma_.lower(),)))
    for token in found if named else []:  # "the Ber camp", once "the camp of Ber" is known
        town = next((towns[c.i] for c in token.children if c.dep_ == "compound" and c.i in towns), None)
        if town is None or town.text.lower() not in named:
            continue
        start, end = town.provenance.char_start, token.idx + len(token)
        out.append(replace(town, text=doc.text[start:end], kind="nominal", found_by=FoundBy.NOMINAL,
                           provenance=replace(town.provenance, char_start=start, char_end=end),
                           registry_key=None, anchor=named[town.text.lower()], anchor_kind="name",
                           descriptors=(token.lemma_.lower(),)))
    return mentions + out
