"""Mentions of actors and places in a parsed Doc: names, descriptions and demonyms.

Plain functions over a spaCy ``Doc`` (tested on Docs made by the real model); the component in
``components.py`` only calls :func:`extract_mentions` and stores the result. Word lists come from
``ontologies/lexicon.json``; nothing here names a particular actor or place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.furniture import Line
from kgbuild.extract.index import Sentences, span_of
from kgbuild.extract.mention_rules import (
    EXTRACTOR,
    KG_LABELS,
    NER_CLASSES,
    MentionRules,
    has_class,
    in_lines,
    mention_provenance,
    qualifies_with_participle,
)
from kgbuild.extract.nominals import kind_of_attack_mentions, nominal_mentions
from kgbuild.extract.place_names import (
    facilities,
    conjuncts_of_places,
    coordinated_names,
    compass_of_after,
    in_a_country_after,
    is_a_place_noun_s_subject,
    longer_place_names,
    places_the_model_missed,
    regions_named,
)
from kgbuild.extract.speech import speaker_mentions
from kgbuild.text import region_stem
from kgbuild.types import FoundBy, Lexicon, Mention

__all__ = ["EXTRACTOR", "NER_CLASSES", "KG_LABELS", "MentionRules", "extract_mentions"]


def _strip_title(tokens: list[Token], titles: set[str]) -> list[Token]:
    """"Colonel Assimi Goita" → "Assimi Goita"; also a role word the model took into the name
    ("Spokesman Mohamed Ramadan")."""
    while len(tokens) > 1 and tokens[0].lower_ in titles:
        tokens = tokens[1:]
    return tokens


def _person_tokens(ent: Span, titles: set[str]) -> list[Token]:
    """A PERSON span widened over adjacent proper nouns the model left out ("Mohamed Elmaould" +
    "Ramadan"), never over a title ("Zamfara State Governor X": the title starts another name)."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while (end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_alpha and doc[end].ent_type_ in ("", "PERSON")
           and doc[end].lower_ not in titles):
        end += 1
    while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_alpha and doc[start - 1].is_title
           and doc[start - 1].ent_type_ in ("", "PERSON") and doc[start - 1].lower_ not in titles):
        start -= 1
    return list(doc[start:end])


def _appositive(ent_tokens: Sequence[Token]) -> Token | None:
    """The head noun of an apposition right after a name: "X, a spokesman for ..."."""
    head = ent_tokens[-1]
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i:
            return child
    doc = head.doc
    nxt = head.i + 1
    if nxt < len(doc) and doc[nxt].text == ",":
        for tok in doc[nxt + 1: nxt + 6]:
            if tok.pos_ in ("NOUN", "PROPN"):
                return tok if tok.head.i in (t.i for t in ent_tokens) or tok.dep_ == "appos" else None
            if tok.is_punct:
                return None
    return None


def _descriptor_words(head: Token, known: frozenset[str]) -> tuple[str, ...]:
    """Kind words found in an apposition's subtree ("a coalition of ... separatist armed groups")."""
    found = [t.lemma_.lower() for t in head.subtree if t.lemma_.lower() in known]
    found += [t.text for t in head.subtree if t.ent_type_ in ("EthnicGroup", "NORP")]
    return tuple(dict.fromkeys(found))


def _beside_place_noun(tokens: Sequence[Token], lex: Lexicon) -> bool:
    """The name is the modifier of a place noun ("Zamzam camp", "Léré town"), in apposition to one
    ("the capital, Niamey"), or has one in apposition ("Bunia, the capital of Ituri")."""
    places = lex.place_head_nouns
    root = max(tokens, key=lambda t: t.i)
    first = min(tokens, key=lambda t: t.i)
    doc = root.doc
    if first.i >= 2 and doc[first.i - 1].text == "," and doc[first.i - 2].lemma_.lower() in places \
            and doc[first.i - 2].pos_ == "NOUN" and first.lower_ not in lex.person_titles:
        return True  # "the largest city, Goma," however the parser attached it
    if root.dep_ == "compound" and root.head.lemma_.lower() in lex.mentions["inhabitant_nouns"]:
        return True  # "Goma residents"
    head = root
    while head.dep_ == "compound" and 0 < head.head.i - head.i <= 2:  # "Zamzam displacement camp"
        head = head.head
        if head.lemma_.lower() in places and head.pos_ == "NOUN":
            return True
    if root.dep_ == "appos" and root.head.lemma_.lower() in places and root.head.pos_ == "NOUN":
        return True
    if is_a_place_noun_s_subject(root, lex):
        return True  # "El-Fasher is the only state capital still held by the army"
    return any(c.dep_ in ("appos", "compound") and c.lemma_.lower() in places and c.pos_ == "NOUN"
               and not any(g.dep_ == "poss" for g in c.children) for c in root.children)  # "the capital Niamey"


def _group_noun_after(tokens: Sequence[Token], lex: Lexicon) -> str | None:
    """ArmedGroup when the name modifies a noun of an armed group of a known kind ("M23 rebels",
    "al-Shabaab militants"): such a name is a group, whatever the model called it."""
    root = max(tokens, key=lambda t: t.i)
    if root.dep_ != "compound" or not 0 < root.head.i - root.i <= 2:
        return None
    head = lex.nominal_heads.get(root.head.lemma_.lower())
    if head is not None and head.get("class") == "ArmedGroup" and head.get("kind") and root.head.pos_ == "NOUN":
        return "ArmedGroup"
    return None


def _possessive(last: Token) -> bool:
    nxt = last.nbor(1) if last.i + 1 < len(last.doc) else None
    return nxt is not None and nxt.tag_ == "POS"


def _ner_class(ent: Span, tokens: Sequence[Token], rules: MentionRules) -> tuple[str | None, FoundBy]:
    """The class of a named entity and how it was decided."""
    if ent.label_ in KG_LABELS:
        return ent.label_, FoundBy.REGISTRY
    lex = rules.lexicon
    text = " ".join(t.text for t in tokens)
    lower = text.lower()
    first = tokens[0]
    i = first.i - 1
    while i >= 0 and first.doc[i].lower_ in lex.mentions["articles"]:
        i -= 1
    prev = first.doc[i] if i >= 0 else None
    if lower in rules.countries:
        return "Country", FoundBy.REGISTRY
    if ent.label_ != "NORP" and lower in rules.regions:
        return "Place", FoundBy.REGISTRY
    if ent.label_ == "NORP":
        if lower in rules.demonyms or lower in rules.regions:
            return None, FoundBy.NER
    if ent.label_ in ("PERSON", "GPE", "LOC") and region_stem(text, lex.mentions["region_nouns"]) is not None:
        return "Place", FoundBy.CONTEXT  # "Zamfara State", "Ituri province": no person's name ends so
    if prev is not None and prev.lower_ in lex.person_titles and ent.label_ == "PERSON":
        return "Person", FoundBy.CONTEXT  # "Borno state Gov X": the title decides, not the place before it
    if prev is not None and prev.lower_ == "of" and prev.i > 0 and prev.doc[prev.i - 1].lemma_.lower() in lex.place_head_nouns:
        return "Place", FoundBy.CONTEXT  # "the town of Rubaya"
    if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP") and _beside_place_noun(tokens, lex):
        return "Place", FoundBy.CONTEXT  # "Zamzam camp", "the capital, Niamey", "Bunia, the capital of Ituri"
    if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC") and (
            in_a_country_after(tokens, rules) or compass_of_after(tokens, lex)):
        return "Place", FoundBy.CONTEXT  # "Diboli in western Mali", "Gogoui, northwest of the capital"
    group = _group_noun_after(tokens, lex)
    if group is not None and ent.label_ in ("ORG", "PERSON", "GPE", "LOC", "FAC"):
        return group, FoundBy.CONTEXT  # "M23 rebels", "Boko Haram militants"
    called = _called_class(ent, lex)
    if called is not None and ent.label_ in ("ORG", "PERSON", "GPE", "LOC", "FAC", "NORP"):
        return called, FoundBy.CONTEXT  # "a civilian militia force called the Volunteers for ..."
    if prev is not None and ent.label_ in ("ORG", "PERSON", "NORP") and prev.lemma_.lower() in lex.modifier_kinds:
        kind = lex.modifier_kinds[prev.lemma_.lower()]
        if kind["class"] == "ArmedGroup":
            return "ArmedGroup", FoundBy.CONTEXT  # "the paramilitary Rapid Support Forces"
    if prev is not None and (prev.lower_ in lex.person_titles or (
            prev.lemma_.lower() in lex.person_roles and prev.pos_ == "NOUN")):
        return "Person", FoundBy.CONTEXT  # "Colonel X", "M23 spokesperson X"
    appos = _appositive(tokens)
    if appos is not None and appos.lemma_.lower() in lex.person_roles:
        return "Person", FoundBy.CONTEXT
    if prev is not None and prev.lower_ in lex.mentions["compass_adjectives"] and prev.i > 0:
        prev = prev.doc[prev.i - 1]  # "in central Douna": the preposition before the bearing
    if prev is not None and prev.lower_ in lex.place_prepositions and ent.label_ in ("PERSON", "NORP", "GPE", "LOC", "FAC") and (
            ent.label_ != "PERSON" or prev.lower_ in lex.strong_place_prepositions) and not _possessive(tokens[-1]):
        return "Place", FoundBy.PREPOSITION  # "in Bukavu"; not "to Muyaya", "in Biden's view"
    if ent.label_ in ("ORG", "PERSON", "GPE", "LOC", "FAC") and any(
            f" {lower}".endswith(f" {w}") for w in lex.mentions["facility_name_endings"]):
        return "Place", FoundBy.CONTEXT  # "the French Embassy", "Independence Square": a place, not who is there
    if ent.label_ == "ORG":
        singular = " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in lower.split())
        for keywords in lex.mentions["organization_keywords"]:
            cls, words = keywords["class"], keywords["words"]
            if any(f" {w} " in f" {lower} " or f" {w} " in f" {singular} " for w in words):
                return cls, FoundBy.NER
        # "in El Fasher": the small model often calls a town an organisation; acronyms stay organisations
        if prev is not None and prev.lower_ in lex.strong_place_prepositions and not text.isupper() and len(tokens) <= 3:
            return "Place", FoundBy.PREPOSITION
        return "Organization", FoundBy.NER
    if ent.label_ == "NORP":
        # a people ("the Fulani"), not an adjective of faith or creed ("Islamic", "jihadist")
        return ("EthnicGroup", FoundBy.NER) if first.is_title and tokens[-1].pos_ != "ADJ" else (None, FoundBy.NER)
    return NER_CLASSES.get(ent.label_), FoundBy.NER


def _names_the_model_missed(doc: Doc, ents: list[Span], lex: Lexicon) -> list[Span]:
    """Runs of capitalised proper nouns outside every entity that the context shows to be a person:
    a title before them ("Colonel X Y"), a role in apposition ("X Y, a spokesman for ..."), or a
    speech verb they are the subject of ("..., said X Y")."""
    covered = {i for ent in ents if has_class(ent) for i in range(ent.start, ent.end)}
    titles = {t.lower() for t in lex.person_titles}
    roles = lex.person_roles
    verbs = lex.speech_verbs
    found: list[Span] = []
    i = 0
    while i < len(doc):
        if i in covered or doc[i].pos_ != "PROPN" or not doc[i].is_title:
            i += 1
            continue
        j = i
        while j < len(doc) and j not in covered and doc[j].pos_ == "PROPN" and (doc[j].is_title or doc[j].is_upper):
            j += 1
        # a first name the tagger misread ("Amadou" as a verb) still hangs on the name as a compound
        while i > 0 and i - 1 not in covered and doc[i - 1].is_title and doc[i - 1].dep_ == "compound" and i <= doc[i - 1].head.i < j:
            i -= 1
        span = doc[i:j]
        prev = doc[i - 1] if i > 0 else None
        appos = _appositive(list(span))
        head = span.root
        cue = (
            (prev is not None and prev.lower_ in titles)
            or (appos is not None and appos.lemma_.lower() in roles)
            or (len(span) >= 2 and head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in verbs)
        )
        if cue:
            found.append(Span(doc, i, j, label="PERSON"))
        i = j
    return found


_FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _split_at_verbs(ents: list[Span]) -> list[Span]:
    """Two names the model ran together over the verb between them ("Traore accused Damiba" as
    one organisation) are two names, of the label the model gave the whole."""
    out: list[Span] = []
    for ent in ents:
        verbs = [t for t in ent[1:-1] if t.tag_ in _FINITE_VERB_TAGS] if len(ent) > 2 else []
        if len(verbs) != 1 or ent.label_ in KG_LABELS:
            out.append(ent)
            continue
        verb = verbs[0]
        parts = (ent.doc[ent.start:verb.i], ent.doc[verb.i + 1:ent.end])
        if all(all(t.pos_ == "PROPN" for t in part) for part in parts):
            out.extend(Span(ent.doc, part.start, part.end, label=ent.label_) for part in parts)
        else:
            out.append(ent)
    return out


def _organisations_named_after_countries(doc: Doc, ents: list[Span], lex: Lexicon) -> list[Span]:
    """"Rwanda Defense Force", "Mali Defence Ministry": a country's name that begins a longer
    capitalised name ending in an organisation's word is that organisation's name, not the country;
    and an acronym that qualifies a role ("CISC President X") is an organisation's name."""
    words = {w for k in lex.mentions["organization_keywords"] for w in k["words"] if " " not in w}
    words |= {w + "s" for w in words}
    roles = lex.relations["role_nouns"]
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    out: list[Span] = []
    for ent in ents:
        j = ent.end
        while j < len(doc) and j not in covered and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        if ent.label_ == "Country" and j > ent.end and doc[j - 1].lower_ in words:
            out.append(Span(doc, ent.start, j, label="ORG"))
        else:
            out.append(ent)
    for token in doc:
        if (token.is_upper and len(token) >= 2 and token.pos_ == "PROPN" and token.dep_ == "compound"
                and token.head.lemma_.lower() in roles):
            # the model's own reading of a lone acronym ("KDHR" as a nationality) gives way
            own = [e for e in out if e.start <= token.i < e.end]
            if own and (len(own[0]) > 1 or own[0].label_ not in ("NORP", "GPE", "LOC", "PERSON")):
                continue
            out = [e for e in out if e not in own] + [Span(doc, token.i, token.i + 1, label="ORG")]
    return sorted(out, key=lambda e: e.start)


def _organisations_for_the(doc: Doc, ents: list[Span]) -> list[Span]:
    """"the local NGO Convention for the Respect of Human Rights", of which the model reads only
    "Respect of Human Rights": capitalised proper nouns before "for (the)" and an organisation's
    name are the start of that name."""
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    out: list[Span] = []
    for ent in ents:
        k = ent.start - 1
        if ent.label_ == "ORG" and k >= 0 and doc[k].lower_ == "the":
            k -= 1
        start = k
        if ent.label_ == "ORG" and k >= 1 and doc[k].lower_ == "for":
            while start - 1 >= 0 and start - 1 not in covered and doc[start - 1].tag_ in ("NNP", "NNPS") \
                    and doc[start - 1].is_title:
                start -= 1
        out.append(Span(doc, start, ent.end, label="ORG") if start < k else ent)
    return out


_NAME_LINKS = frozenset({"of", "for", "and", "the", "al", "wal", "el", "de", "du", "des", "la", "le", "-", "'", "’"})
"""Lower-case words inside a long name ("Support Group for Islam and Muslims", "Jama'at Nusrat
al-Islam wal-Muslimin")."""


def _parenthesised_acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """"Support Group for Islam and Muslims (GSIM)": the capitalised words before an acronym in
    brackets are one name, however the model cut them up."""
    out = list(ents)
    for i in range(1, len(doc) - 2):
        acronym = doc[i + 1]
        if doc[i].text != "(" or doc[i + 2].text != ")" or not (acronym.is_upper and 2 <= len(acronym) <= 8):
            continue
        start = i
        while start > 0 and (doc[start - 1].text[:1].isupper() and doc[start - 1].pos_ in ("PROPN", "NOUN")
                             or doc[start - 1].lower_ in _NAME_LINKS or not doc[start - 1].whitespace_
                             and not doc[start - 1].is_punct) and doc[start - 1].sent == doc[i].sent:
            start -= 1
        while start < i and (doc[start].lower_ in _NAME_LINKS or doc[start].is_sent_start and doc[start].lower_ in ("the", "a")):
            start += 1
        words = [t for t in doc[start:i] if t.lower_ not in _NAME_LINKS]
        if len(words) < 2 or sum(1 for t in words if t.text[:1].isupper()) < 2:
            continue
        inside = [e for e in out if start <= e.start and e.end <= i]
        if len(inside) == 1 and (inside[0].start, inside[0].end) == (start, i):
            continue  # the model read it whole
        if any(e.start < start < e.end or e.start < i < e.end for e in out):
            continue  # an entity reaching across the edge: leave the model's reading
        out = [e for e in out if e not in inside] + [Span(doc, start, i, label="ORG")]
    return sorted(out, key=lambda e: e.start)


def _aliases_introduced(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """"Mohamed Hamdan Dagalo, widely known as Hemedti": the second name becomes another name of the
    first (kind ``alias``, anchored to the first mention), whatever class the model gave it."""
    cues = [tuple(c.split()) for c in lex.alias_cues]
    full = doc.text  # Doc.text is rebuilt from the tokens on every access
    ordered = sorted(mentions, key=lambda m: m.provenance.char_start)
    out: list[Mention] = []
    for index, mention in enumerate(ordered):
        span = span_of(doc, mention)
        before = [t.lower_ for t in doc[max(0, span.start - 3): span.start]] if span is not None else []
        bracketed = _bracketed_after(full, mention, ordered[index + 1:])
        if bracketed is not None and bracketed.registry_key and not mention.registry_key:
            # "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)": the long name is another name of the known one
            out.append(replace(mention, kind="alias", entity_class=bracketed.entity_class,
                               anchor=str(bracketed.provenance.char_start), anchor_kind="antecedent"))
            continue
        if mention.kind == "name" and index > 0 and _bracketed_after(full, ordered[index - 1], [mention]) is mention \
                and not mention.registry_key:
            antecedent = ordered[index - 1]  # "the Rapid Support Forces (RSF)"
            out.append(replace(mention, kind="alias", entity_class=antecedent.entity_class,
                               anchor=str(antecedent.provenance.char_start), anchor_kind="antecedent"))
            continue
        if mention.kind == "name" and any(tuple(before[-len(c):]) == c for c in cues):
            sentence = mention.provenance.sentence
            antecedent = next(
                (m for m in reversed(ordered[:index]) if m.kind == "name" and m.provenance.sentence == sentence),
                None,
            )
            if antecedent is not None and not _modifies_a_noun(doc, antecedent):
                mention = replace(
                    mention,
                    kind="alias",
                    entity_class=antecedent.entity_class,
                    registry_key=None,
                    anchor=str(antecedent.provenance.char_start),
                    anchor_kind="antecedent",
                )
        out.append(mention)
    return out


def _modifies_a_noun(doc: Doc, mention: Mention) -> bool:
    """"The UN mission in Mali, known as Minusma": the name before the cue ends a phrase that
    describes another noun ("mission ... in Mali"), so the new name is that noun's, not Mali's."""
    span = span_of(doc, mention)
    if span is None:
        return False
    preposition = span.root.head
    return (span.root.dep_ == "pobj" and preposition.dep_ == "prep"
            and preposition.head.pos_ in ("NOUN", "PROPN") and preposition.head not in span)


def _bracketed_after(full: str, mention: Mention, later: list[Mention]) -> Mention | None:
    """The all-capitals name in brackets right after ``mention`` ("... Forces (RSF)") in the
    document's text ``full``, if any."""
    if mention.kind != "name" or not later:
        return None
    nxt = later[0]
    between = full[mention.provenance.char_end:nxt.provenance.char_start]
    after = full[nxt.provenance.char_end:nxt.provenance.char_end + 1]
    if (nxt.kind == "name" and between.strip() == "(" and after == ")" and nxt.text.isupper()
            and len(mention.text.split()) >= 2 and mention.entity_class not in ("Country", "Place")):
        # not "GOMA, Congo (AP)": a wire service after a dateline
        return nxt
    return None


def _is_dateline(tokens: Sequence[Token]) -> bool:
    """"NIAMEY, Niger (AP) —": the capitalised place a wire story opens with, not part of the story."""
    first = tokens[0]
    line_start = first.i == 0 or "\n" in first.doc[first.i - 1].text_with_ws
    text = "".join(t.text_with_ws for t in tokens).strip()
    nxt = first.doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(first.doc) else None
    return line_start and text.isupper() and len(text) >= 3 and nxt is not None and nxt.text in (",", "(", "-", "—", "–")


_NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X", "NUM"})


def _usable_name(tokens: Sequence[Token]) -> bool:
    text = "".join(t.text_with_ws for t in tokens).strip()
    if not text or "\n" in text or text.startswith("@") or "@" in text:
        return False
    return any(c.isupper() for c in text) and any(c.isalpha() for c in text)


def extract_mentions(doc: Doc, rules: MentionRules, furniture: Sequence[Line] = ()) -> list[Mention]:
    """Every mention of an actor or place in ``doc`` outside ``furniture`` lines, in text order."""
    lex = rules.lexicon
    ents = _organisations_named_after_countries(doc, _split_at_verbs(list(doc.ents)), lex)
    ents = _parenthesised_acronyms(doc, _organisations_for_the(doc, ents))
    ents = coordinated_names(doc, longer_place_names(doc, ents), lex)
    missed = _names_the_model_missed(doc, ents, lex) + places_the_model_missed(doc, ents, rules)
    ents = sorted(ents + missed, key=lambda e: e.start)
    sentences = Sentences(doc)
    descriptors_for, skip_chunks = _appositions(ents, rules)
    mentions: list[Mention] = []
    consumed: set[int] = set()
    for mention, used in nominal_mentions(doc, ents, sentences, rules, furniture, skip_chunks):
        mentions.append(mention)
        consumed.update(used)
    mentions += kind_of_attack_mentions(doc, rules, sentences, furniture, consumed)
    names = _NameReader(doc, rules, sentences, furniture, descriptors_for)
    for ent in ents:
        if not has_class(ent):
            continue
        if not any(t.i in consumed for t in ent):
            mention = names.mention(ent, consumed)
            if mention is not None:
                mentions.append(mention)
    mentions = conjuncts_of_places(doc, regions_named(doc, _aliases_introduced(doc, mentions, lex), lex))
    mentions = facilities(doc, mentions, lex)
    mentions += speaker_mentions(doc, mentions, lex, EXTRACTOR, sentences.of)
    return _most_confident(mentions)


_CALLED = frozenset({"called", "named", "dubbed"})


def _calling_words(ent: Span) -> list[str]:
    """The words of the description a name is introduced by, its head first: "a civilian militia
    force called the Volunteers for the Defence of Niger" (read from the words, which the parser
    often gets wrong here); empty when there is none."""
    doc = ent.doc
    i = ent.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in _CALLED or doc[i - 1].pos_ != "NOUN":
        return []
    j = i - 1
    words = []
    while j >= 0 and doc[j].pos_ in ("NOUN", "ADJ") and (j == i - 1 or doc[j].dep_ in ("compound", "amod")):
        words.append(doc[j].lemma_.lower())
        j -= 1
    return words


def _described_as_called(ent: Span, known: frozenset[str]) -> tuple[str, ...]:
    words = _calling_words(ent)
    return tuple(dict.fromkeys(w for k, w in enumerate(words) if k == 0 or w in known))


def _called_class(ent: Span, lex: Lexicon) -> str | None:
    """The class the introducing description gives ("a militia force called X": an armed group, as
    any armed-group word among them outweighs the head)."""
    classes = [entry["class"] for w in _calling_words(ent)
               if (entry := lex.nominal_heads.get(w) or lex.modifier_kinds.get(w)) is not None
               and not entry.get("perpetrator")]  # "a man called X" is anyone
    if not classes:
        return None
    return "ArmedGroup" if "ArmedGroup" in classes else classes[0]


def _appositions(ents: list[Span], rules: MentionRules) -> tuple[dict[int, tuple[str, ...]], set[int]]:
    """Appositions describe the name before them: their kind words by the name's first token, and
    the tokens of the descriptions, which are not read as separate mentions ("the CSP-DPA, a
    coalition of ... armed groups"); a role ("X, a spokesman") stays readable."""
    descriptors_for: dict[int, tuple[str, ...]] = {}
    skip: set[int] = set()
    for ent in ents:
        described = _described_as_called(ent, rules.known_words)
        if described:  # "a civilian militia force called the Volunteers for ...": before the name
            descriptors_for[ent.start] = described
            continue
        appos = _appositive(list(ent))
        if appos is not None:
            descriptors_for[ent.start] = tuple(dict.fromkeys((appos.lemma_.lower(), *_descriptor_words(appos, rules.known_words))))
            if appos.lemma_.lower() not in rules.lexicon.person_roles:
                other = set()
                if appos.lemma_.lower() in rules.lexicon.mentions["relational_appositions"]:
                    # "X, a close ally of the Chadian army": the army is an actor of its own
                    other = {t.i for c in appos.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree}
                skip.update(t.i for t in appos.subtree if t.i not in other)
    return descriptors_for, skip


class _NameReader:
    """Makes the mention of a named entity: its tokens trimmed, its class decided, a person's title
    kept as another name."""

    def __init__(self, doc: Doc, rules: MentionRules, sentences: Sentences, furniture: Sequence[Line],
                 descriptors_for: dict[int, tuple[str, ...]]):
        self.doc, self.rules, self.sentences, self.furniture = doc, rules, sentences, furniture
        self.descriptors_for = descriptors_for
        self.full = doc.text  # Doc.text is rebuilt from the tokens on every access
        lex = rules.lexicon
        self.titles = {t.lower() for t in lex.person_titles}
        self.leading_words = self.titles | {r.lower() for r in lex.person_roles if " " not in r}

    def tokens(self, ent: Span, consumed: set[int]) -> list[Token]:
        """The name's tokens: a person's widened over proper nouns the model left out, without a
        leading article or a trailing line break or punctuation."""
        tokens = _person_tokens(ent, self.titles) if ent.label_ == "PERSON" else list(ent)
        if any(t.i in consumed for t in tokens):
            tokens = list(ent)
        bracket = next((k for k, t in enumerate(tokens) if t.text == "(" and k > 0), None)
        if bracket is not None:
            tokens = tokens[:bracket]  # "Patriotic Movement for ... (MPSR": the acronym is a name of its own
        while len(tokens) > 1 and (tokens[0].lower_ in self.rules.lexicon.mentions["articles"]
                                   or not any(c.isalnum() for c in tokens[0].text)):
            tokens = tokens[1:]  # "the", and the bullet of a list ("• Molodo"); not "Jama’at"
        while len(tokens) > 2 and tokens[0].lower_ in self.titles and tokens[1].is_title and tokens[1].pos_ == "PROPN":
            tokens = tokens[1:]  # "Gov Babagana Zulum" as one name: the title is the context, not the name
        while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in (".",)
                          or tokens[-1].tag_ == "POS" or tokens[-1].lower_ in ("'s", "’s")
                          or tokens[-1].pos_ == "CCONJ"):
            tokens = tokens[:-1]  # "Holmenkollen\n", "Kinshasa’s", "Nioro du Sahel and": the model takes these in
        return tokens

    def _part_of_a_title(self, tokens: list[Token]) -> bool:
        """"*Defense* Minister X", "*Nigerien Prime* Minister X", "Secretary of *State* X": words of a
        portfolio (lexicon mentions.portfolio_words) or a demonym that the model took for a name of
        their own, inside an office's title."""
        portfolio, demonyms = self.rules.lexicon.mentions["portfolio_words"], self.rules.demonyms
        if not all(t.lower_ in portfolio or t.lower_ in demonyms for t in tokens):
            return False
        doc = self.doc
        after = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
        before = doc[tokens[0].i - 2: tokens[0].i] if tokens[0].i >= 2 else None
        return (after is not None and after.lower_ in self.leading_words) or (
            before is not None and before[1].lower_ == "of" and before[0].lower_ in self.leading_words)

    def _country_owner(self, tokens: list[Token]) -> Token | None:
        """The first word of the country whose body a name without one is ("*Rwanda*'s Ministry
        of Foreign Affairs", "*Burkina Faso*'s Defence Ministry"; lexicon
        mentions.government_bodies), or None."""
        doc, i = self.doc, tokens[0].i - 1
        bodies = self.rules.lexicon.mentions["government_bodies"]
        if i < 1 or doc[i].lower_ not in ("'s", "’s") or not any(t.lower_ in bodies for t in tokens):
            return None
        return next((doc[start] for start in range(max(0, i - 4), i)
                     if doc[start:i].text.lower() in self.rules.countries), None)

    def mention(self, ent: Span, consumed: set[int]) -> Mention | None:
        doc = self.doc
        tokens = self.tokens(ent, consumed)
        if not tokens:
            return None
        start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if in_lines(start_char, end_char, self.furniture) or not _usable_name(tokens) or _is_dateline(tokens):
            return None
        if ent.label_ not in KG_LABELS and self._part_of_a_title(tokens):
            return None
        entity_class, how = _ner_class(ent, tokens, self.rules)
        if entity_class is None:
            return None
        if entity_class == "Person" and not any(t.pos_ in _NAME_POS for t in tokens):
            return None  # "Africa Corps Will Stay": a title-case headline's verbs are no one's name
        if entity_class == "Person":
            tokens = _strip_title(tokens, self.leading_words)
            start_char = tokens[0].idx
        owner = self._country_owner(tokens) if entity_class == "Government" else None
        if owner is not None:  # "Mali's Ministry of Defence": that country's ministry, not any
            start_char = owner.idx
        text = self.full[start_char:end_char]
        prev = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        patron = entity_class == "Country" and self._patron(tokens)
        raw = text
        if prev is not None and prev.lower_ in self.titles and entity_class == "Person":
            raw = f"{prev.text} {text}"  # "Colonel Assimi Goita": kept as another name
        return Mention(
            text=text,
            entity_class=entity_class,
            kind="name",
            provenance=mention_provenance(doc, start_char, end_char, self.sentences.of(tokens[0]), how),
            found_by=how,
            registry_key=(ent.ent_id_ or None) if ent.label_ in KG_LABELS else None,
            descriptors=self.descriptors_for.get(ent.start, ()),
            anchor=raw if raw != text else None,
            anchor_kind="title" if raw != text else "patron" if patron else None,
        )

    def _patron(self, tokens: list[Token]) -> bool:
        """Whether a country is named as a group's patron ("*Russia*'s Wagner Group", "the
        *Russia*-backed Wagner Group"), which says whose the group is, not where the story is."""
        doc, last = self.doc, tokens[-1]
        if qualifies_with_participle(doc[tokens[0].i:last.i + 1], self.rules.lexicon):
            return True
        owned = last.head if last.dep_ == "poss" else None
        return owned is not None and owned.ent_type_ == "ArmedGroup"


def _most_confident(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text, in text order: the most confident reading wins."""
    best: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        span = (mention.provenance.char_start, mention.provenance.char_end)
        if span not in best or mention.provenance.confidence > best[span].provenance.confidence:
            best[span] = mention
    return [best[span] for span in sorted(best)]
