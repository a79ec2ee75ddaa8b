"""Mentions of actors and places in a parsed Doc: names, descriptions and demonyms.

Plain functions over a spaCy ``Doc`` (tested on Docs made by the real model); the component in
``components.py`` only calls :func:`extract_mentions` and stores the result. Word lists come from
``ontologies/lexicon.json``; nothing here names a particular actor or place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.furniture import Line
from kgbuild.extract.index import Sentences
from kgbuild.extract.speech import speaker_mentions
from kgbuild.types import FoundBy, Lexicon, Mention, Provenance

__all__ = ["EXTRACTOR", "NER_CLASSES", "MentionRules", "extract_mentions"]

EXTRACTOR = "kgbuild.entities.v1"

NER_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "EthnicGroup",
}
"""The statistical model's labels as vocabulary classes, before context corrects them."""

KG_LABELS = frozenset(
    {"Person", "ArmedGroup", "StateForce", "Government", "Organization", "EthnicGroup", "Place", "Country"}
)


@dataclass(frozen=True, slots=True)
class MentionRules:
    """The lexicon and gazetteer facts the rules need, as plain values.

    ``lexicon`` may be given as the JSON values of a spaCy config: it is made a :class:`Lexicon`."""

    lexicon: Lexicon
    demonyms: dict[str, str]
    """Lower-case demonym → registry key of the country."""
    regions: frozenset[str]
    countries: dict[str, str]
    """Lower-case country name or alias → registry key."""
    known_words: frozenset[str] = field(default=frozenset(), compare=False)
    """Every kind word of the lexicon (modifiers, heads, synonyms): derived from ``lexicon``."""

    def __post_init__(self) -> None:
        if isinstance(self.lexicon, Mapping):
            object.__setattr__(self, "lexicon", Lexicon.from_config(self.lexicon))
        lex = self.lexicon
        known = set(lex.modifier_kinds) | set(lex.nominal_heads)
        for words in lex.kind_synonyms.values():
            known.update(words)
        object.__setattr__(self, "known_words", frozenset(known))


def _provenance(doc: Doc, start: int, end: int, sent: Span, how: FoundBy) -> Provenance:
    return Provenance(
        doc_id=doc.user_data.get("kg_doc_id", ""),
        char_start=start,
        char_end=end,
        sentence=sent.text.strip(),
        extractor=EXTRACTOR,
        confidence=how.confidence,
    )


def _in_lines(start: int, end: int, lines: Sequence[Line]) -> bool:
    return any(s <= start and end <= e for s, e in lines)


def _strip_title(tokens: list[Token], titles: set[str]) -> list[Token]:
    """"Colonel Assimi Goita" → "Assimi Goita"; also a role word the model took into the name
    ("Spokesman Mohamed Ramadan")."""
    while len(tokens) > 1 and tokens[0].lower_ in titles:
        tokens = tokens[1:]
    return tokens


def _person_tokens(ent: Span) -> list[Token]:
    """A PERSON span widened over adjacent proper nouns the model left out ("Mohamed Elmaould" +
    "Ramadan")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_alpha and doc[end].ent_type_ in ("", "PERSON"):
        end += 1
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_alpha and doc[start - 1].ent_type_ in ("", "PERSON") and doc[start - 1].is_title:
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
    if root.dep_ == "compound" and root.head.lemma_.lower() in places and root.head.i == root.i + 1:
        return True
    if root.dep_ == "appos" and root.head.lemma_.lower() in places and root.head.pos_ == "NOUN":
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in places and c.pos_ == "NOUN"
               and not any(g.dep_ == "poss" for g in c.children) for c in root.children)


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
    if prev is not None and prev.lower_ == "of" and prev.i > 0 and prev.doc[prev.i - 1].lemma_.lower() in lex.place_head_nouns:
        return "Place", FoundBy.CONTEXT  # "the town of Rubaya"
    if ent.label_ in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP") and _beside_place_noun(tokens, lex):
        return "Place", FoundBy.CONTEXT  # "Zamzam camp", "the capital, Niamey", "Bunia, the capital of Ituri"
    if prev is not None and ent.label_ in ("ORG", "PERSON", "NORP") and prev.lemma_.lower() in lex.modifier_kinds:
        kind = lex.modifier_kinds[prev.lemma_.lower()]
        if kind["class"] == "ArmedGroup":
            return "ArmedGroup", FoundBy.CONTEXT  # "the paramilitary Rapid Support Forces"
    if prev is not None and prev.lower_ in lex.person_titles:
        return "Person", FoundBy.CONTEXT
    appos = _appositive(tokens)
    if appos is not None and appos.lemma_.lower() in lex.person_roles:
        return "Person", FoundBy.CONTEXT
    if prev is not None and prev.lower_ in lex.place_prepositions and ent.label_ in ("PERSON", "NORP", "GPE", "LOC", "FAC"):
        return "Place", FoundBy.CONTEXT
    if ent.label_ == "ORG":
        singular = " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in lower.split())
        for keywords in lex.mentions["organization_keywords"]:
            cls, words = keywords["class"], keywords["words"]
            if any(f" {w} " in f" {lower} " or f" {w} " in f" {singular} " for w in words):
                return cls, FoundBy.NER
        # "in El Fasher": the small model often calls a town an organisation; acronyms stay organisations
        if prev is not None and prev.lower_ in lex.strong_place_prepositions and not text.isupper() and len(tokens) <= 3:
            return "Place", FoundBy.CONTEXT
        return "Organization", FoundBy.NER
    if ent.label_ == "NORP":
        # a people ("the Fulani"), not an adjective of faith or creed ("Islamic", "jihadist")
        return ("EthnicGroup", FoundBy.NER) if first.is_title and tokens[-1].pos_ != "ADJ" else (None, FoundBy.NER)
    return NER_CLASSES.get(ent.label_), FoundBy.NER


def _names_the_model_missed(doc: Doc, ents: list[Span], lex: Lexicon) -> list[Span]:
    """Runs of capitalised proper nouns outside every entity that the context shows to be a person:
    a title before them ("Colonel X Y"), a role in apposition ("X Y, a spokesman for ..."), or a
    speech verb they are the subject of ("..., said X Y")."""
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
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


def _aliases_introduced(doc: Doc, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """"Mohamed Hamdan Dagalo, widely known as Hemedti": the second name becomes another name of the
    first (kind ``alias``, anchored to the first mention), whatever class the model gave it."""
    cues = [tuple(c.split()) for c in lex.alias_cues]
    ordered = sorted(mentions, key=lambda m: m.provenance.char_start)
    out: list[Mention] = []
    for index, mention in enumerate(ordered):
        span = doc.char_span(mention.provenance.char_start, mention.provenance.char_end, alignment_mode="expand")
        before = [t.lower_ for t in doc[max(0, span.start - 3): span.start]] if span is not None else []
        if mention.kind == "name" and any(tuple(before[-len(c):]) == c for c in cues):
            sentence = mention.provenance.sentence
            antecedent = next(
                (m for m in reversed(ordered[:index]) if m.kind == "name" and m.provenance.sentence == sentence),
                None,
            )
            if antecedent is not None:
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


def _is_dateline(tokens: Sequence[Token]) -> bool:
    """"NIAMEY, Niger (AP) —": the capitalised place a wire story opens with, not part of the story."""
    first = tokens[0]
    line_start = first.i == 0 or "\n" in first.doc[first.i - 1].text_with_ws
    text = "".join(t.text_with_ws for t in tokens).strip()
    nxt = first.doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(first.doc) else None
    return line_start and text.isupper() and len(text) >= 3 and nxt is not None and nxt.text in (",", "(", "-", "—", "–")


def _usable_name(tokens: Sequence[Token]) -> bool:
    text = "".join(t.text_with_ws for t in tokens).strip()
    if not text or "\n" in text or text.startswith("@") or "@" in text:
        return False
    return any(c.isupper() for c in text) and any(c.isalpha() for c in text)


def extract_mentions(doc: Doc, rules: MentionRules, furniture: Sequence[Line] = ()) -> list[Mention]:
    """Every mention of an actor or place in ``doc`` outside ``furniture`` lines, in text order."""
    lex = rules.lexicon
    full = doc.text  # Doc.text is rebuilt from the tokens on every access
    ents = list(doc.ents)
    ents = sorted(ents + _names_the_model_missed(doc, ents, lex), key=lambda e: e.start)
    sentences = Sentences(doc)
    mentions: list[Mention] = []
    consumed: set[int] = set()
    descriptors_for: dict[int, tuple[str, ...]] = {}
    skip_chunks: set[int] = set()

    # Appositions describe the name before them: harvest their kind words, and do not read the
    # description itself as a separate mention ("the CSP-DPA, a coalition of ... armed groups").
    for ent in ents:
        appos = _appositive(list(ent))
        if appos is not None:
            descriptors_for[ent.start] = tuple(dict.fromkeys((appos.lemma_.lower(), *_descriptor_words(appos, rules.known_words))))
            if appos.lemma_.lower() not in lex.person_roles:
                skip_chunks.update(t.i for t in appos.subtree)

    for mention, used in _nominal_mentions(doc, ents, sentences, rules, furniture, skip_chunks):
        mentions.append(mention)
        consumed.update(used)

    titles = {t.lower() for t in lex.person_titles}
    leading_words = titles | {r.lower() for r in lex.person_roles if " " not in r}
    for ent in ents:
        if ent.label_ not in KG_LABELS and ent.label_ not in NER_CLASSES:
            continue
        if any(t.i in consumed for t in ent):
            continue
        tokens = _person_tokens(ent) if ent.label_ == "PERSON" else list(ent)
        if any(t.i in consumed for t in tokens):
            tokens = list(ent)
        while len(tokens) > 1 and tokens[0].lower_ in lex.mentions["articles"]:
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in (".",)):
            tokens = tokens[:-1]  # "Holmenkollen\n": the model sometimes takes the line break in
        if not tokens:
            continue
        start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if _in_lines(start_char, end_char, furniture) or not _usable_name(tokens) or _is_dateline(tokens):
            continue
        entity_class, how = _ner_class(ent, tokens, rules)
        if entity_class is None:
            continue
        if entity_class == "Person":
            tokens = _strip_title(tokens, leading_words)
            start_char = tokens[0].idx
        text = full[start_char:end_char]
        prev = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        raw = text
        if prev is not None and prev.lower_ in titles and entity_class == "Person":
            raw = f"{prev.text} {text}"  # "Colonel Assimi Goita": kept as another name
        mentions.append(
            Mention(
                text=text,
                entity_class=entity_class,
                kind="name",
                provenance=_provenance(doc, start_char, end_char, sentences.of(tokens[0]), how),
                found_by=how,
                registry_key=ent.ent_id_ or None,
                descriptors=descriptors_for.get(ent.start, ()),
                anchor=raw if raw != text else None,
                anchor_kind="title" if raw != text else None,
            )
        )
    mentions = _aliases_introduced(doc, mentions, lex)
    mentions += speaker_mentions(doc, mentions, lex, EXTRACTOR, sentences.of)
    # one mention per stretch of text: the most confident reading wins
    best: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        span = (mention.provenance.char_start, mention.provenance.char_end)
        if span not in best or mention.provenance.confidence > best[span].provenance.confidence:
            best[span] = mention
    return [best[span] for span in sorted(best)]


def _head_entry(head: Token, lex: Lexicon) -> tuple[str, Mapping[str, Any]] | None:
    heads = lex.nominal_heads
    lemma = head.lemma_.lower()
    for child in head.children:
        if child.i < head.i and child.dep_ in ("amod", "compound"):
            two = f"{child.lemma_.lower()} {lemma}"
            if two in heads:
                return two, heads[two]
    if lemma in heads:
        return lemma, heads[lemma]
    if head.lower_ in heads:
        return head.lower_, heads[head.lower_]
    return None


def _nominal_mentions(
    doc: Doc, ents: list[Span], sentences: Sentences, rules: MentionRules, furniture: Sequence[Line], skip: set[int]
) -> list[tuple[Mention, set[int]]]:
    """Descriptions such as "Malian troops", "the junta's military", "Wagner fighters"."""
    lex = rules.lexicon
    full = doc.text
    ent_at = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    out: list[tuple[Mention, set[int]]] = []
    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.i in skip or head.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        found = _head_entry(head, lex)
        if found is None:
            continue
        head_key, entry = found
        if head.i in ent_at and ent_at[head.i].label_ in KG_LABELS | set(NER_CLASSES):
            continue  # "the Malian army" is a name the registry knows: read as a name, not twice
        if head.dep_ == "pobj" and head.head.head.lemma_.lower() in lex.mentions["collective_nouns"]:
            continue
        if head.dep_ == "conj" and head.head.tag_ == "NN" and head.head.lemma_.lower() in lex.modifier_kinds:
            continue  # "separatist and jihadist forces", with "separatist" misread as a noun
        words = list(chunk)
        if any(t.lower_ in lex.mentions["possessive_pronouns"] for t in words) and not entry.get("possessive_ok"):
            continue
        if any(t.dep_ == "cc" and t.head.i != head.i for t in words) or any(
            t.dep_ == "conj" and t.head.i != head.i and t.i < head.i for t in words
        ):
            continue  # "separatist and jihadist forces": several actors at once
        entity_class = entry["class"]
        kinds = [k for k in [entry.get("kind")] if k]
        descriptors = [head_key]
        anchor = anchor_kind = None
        used: set[int] = set()
        member_of: Span | None = None
        definite = any(t.lower_ in lex.mentions["definite_determiners"] for t in words if t.dep_ == "det")
        head_words = {head.i}
        if " " in head_key:
            head_words.update(c.i for c in head.children if c.i < head.i and c.dep_ in ("amod", "compound") and c.lemma_.lower() == head_key.split()[0])
        for tok in words:
            if tok.i in head_words or tok.dep_ in ("det", "punct", "case", "nummod", "quantmod", "advmod"):
                continue
            lower = tok.lower_
            ent = ent_at.get(tok.i)
            if ent is not None and ent.text[:1].islower():
                ent = None  # "jihadist" tagged NORP: an adjective, read as a modifier word below
            if ent is not None and ent.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"):
                if ent.end > head.i:
                    continue
                used.update(range(ent.start, ent.end))
                ent_lower = ent.text.lower()
                if ent_lower in rules.demonyms:
                    anchor, anchor_kind = rules.demonyms[ent_lower], "country"
                elif ent_lower in rules.countries or ent.label_ == "Country":
                    anchor, anchor_kind = rules.countries.get(ent_lower, ent.ent_id_ or ent.text), "country"
                elif ent_lower in rules.regions:
                    used.difference_update(range(ent.start, ent.end))
                elif ent.label_ in ("ArmedGroup", "StateForce", "Government", "Organization", "ORG") and entry.get("member"):
                    member_of = ent
                elif ent.label_ == "EthnicGroup":
                    used.difference_update(range(ent.start, ent.end))
                    descriptors.append(ent.text)
                else:
                    anchor, anchor_kind = ent.text, "name"
            elif lower in rules.demonyms:
                anchor, anchor_kind = rules.demonyms[lower], "country"
            elif lower in rules.regions or tok.lemma_.lower() in rules.regions:
                anchor, anchor_kind = "", "region"
            elif tok.lemma_.lower() in lex.modifier_kinds:
                mod = lex.modifier_kinds[tok.lemma_.lower()]
                descriptors.append(tok.lemma_.lower())
                if mod.get("possessor"):
                    anchor, anchor_kind = mod["possessor"], "possessor"
                    entity_class = mod["class"]
                elif mod["class"] != entity_class and entity_class != "Country":
                    entity_class = mod["class"]
                    kinds = []  # "jihadist forces" are not an army
                if mod.get("kind"):
                    kinds.append(mod["kind"])
        if anchor_kind == "region":
            continue  # "Western governments", "African armies": not one actor
        if entry.get("needs_anchor") and anchor is None and member_of is None:
            continue
        if entry.get("needs_plural") and head.tag_ not in ("NNS", "NNPS"):
            continue  # "state authority" is a notion; "the authorities" are the government
        if head_key == "group" and not (anchor or kinds):
            continue
        if not (kinds or anchor or member_of is not None or definite):
            continue
        if entry.get("member") and head.tag_ == "NN" and not definite and anchor is None and member_of is None:
            continue  # a bare singular "separatist" is an adjective the parser took for a noun
        # the description proper: the head and the modifiers to its left, without numbers,
        # quantifiers or quotation marks ("at least 15 Wagner fighters" → "Wagner fighters")
        first = head.i
        for tok in reversed(words[: words.index(head)]):
            if tok.dep_ == "case" and tok.head.i not in used and tok.head.lemma_.lower() not in lex.modifier_kinds:
                break  # "the West African country's military leaders": the possessor is not part of the name
            hyphen = tok.text == "-" and not tok.whitespace_
            if hyphen or tok.dep_ in ("amod", "compound", "nmod", "npadvmod", "poss", "case") or tok.i in used or tok.i in head_words:
                first = tok.i
            else:
                break
        content = list(doc[first: head.i + 1])
        start_char = content[0].idx
        end_char = content[-1].idx + len(content[-1])
        if _in_lines(start_char, end_char, furniture):
            continue
        text = full[start_char:end_char]
        prov = _provenance(doc, start_char, end_char, sentences.of(head), FoundBy.NOMINAL)
        if member_of is not None:
            # "Wagner fighters": a mention of Wagner itself; the evidence points at the name
            cls = member_of.label_ if member_of.label_ in KG_LABELS else "Organization"
            name_prov = _provenance(doc, member_of.start_char, member_of.end_char, sentences.of(head), FoundBy.NOMINAL)
            out.append(
                (
                    Mention(
                        text=member_of.text,
                        entity_class=cls,
                        kind="name",
                        provenance=name_prov,
                        found_by=FoundBy.NOMINAL,
                        registry_key=member_of.ent_id_ or None,
                        anchor=text,
                        anchor_kind="member",
                    ),
                    used,
                )
            )
            continue
        out.append(
            (
                Mention(
                    text=text,
                    entity_class=entity_class,
                    kind="nominal",
                    provenance=prov,
                    found_by=FoundBy.NOMINAL,
                    anchor=anchor,
                    anchor_kind=anchor_kind,
                    descriptors=tuple(dict.fromkeys(descriptors + kinds)),
                    plural=head.tag_ in ("NNS", "NNPS"),
                ),
                used,
            )
        )
    return out
