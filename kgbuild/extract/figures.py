"""Casualty figures: "at least 15 Wagner fighters have been killed and arrested", "the death toll
was at least 17", "“dozens” of fighters ... killed or taken prisoner".

Read from the parse: a number (digits, words, or a vague "dozens") tied to a victim noun, and the
verbs or adjectives around it that say what happened to them. Word lists: ``Lexicon.figures``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from kgbuild.extract.index import mention_index
from kgbuild.types import ClaimMention, FigureMention, Lexicon, Mention, Provenance

__all__ = ["EXTRACTOR", "extract_figures", "parse_number"]

EXTRACTOR = "kgbuild.figures.v1"
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")


def parse_number(text: str, words: Mapping[str, int]) -> int | None:
    """"1,200" → 1200, "seventeen" → 17, "twenty-five" → 25; None when it is not a number."""
    text = text.strip().lower()
    if _DIGITS.match(text):
        return int(text.replace(",", ""))
    if text in words:
        return words[text]
    parts = re.split(r"[-\s]+", text)
    if len(parts) == 2 and parts[0] in words and parts[1] in words and words[parts[0]] >= 20 and words[parts[1]] < 10:
        return words[parts[0]] + words[parts[1]]
    return None


def _categories(token: Token, table: Mapping[str, str]) -> list[str]:
    """What happened to the victims: the verbs governing them and their conjuncts, and "dead"."""
    found: list[str] = []
    while token.dep_ == "conj" and token.head is not token:
        token = token.head  # "50 women and 21 children": the children share the women's fate
    if token.dep_ == "pobj" and token.head.lower_ == "including" and token.head.head.pos_ in ("NOUN", "PROPN"):
        return _categories(token.head.head, table)  # "136 civilians, including 50 women, killed"
    verb = token.head if token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "attr") else token
    left_with = token.dep_ == "dobj"
    if token.dep_ == "pobj" and verb.head.dep_ in ("nsubj", "nsubjpass", "dobj"):
        left_with = verb.head.dep_ == "dobj"  # "left a total of eight soldiers dead"
        verb = verb.head.head  # "dozens of fighters ... were killed"
    for candidate in [verb] + list(verb.conjuncts):
        lemma = candidate.lemma_.lower()
        if lemma in table:
            found.append(table[lemma])
        elif lemma == "take" and any(c.lemma_.lower() == "prisoner" for c in candidate.children):
            found.append("captured")
        elif left_with:  # "left six soldiers dead": what the verb left them
            found += [table[c.lemma_.lower()] for c in candidate.children
                      if c.dep_ in ("oprd", "acomp") and c.lemma_.lower() in table]
    for child in token.children:  # "dead civilians", "civilians killed in the raid"
        if child.dep_ in ("amod", "acl") and child.lemma_.lower() in table:
            found.append(table[child.lemma_.lower()])
    return list(dict.fromkeys(found))


def _category_name(found: list[str]) -> str | None:
    if not found:
        return None
    if "killed" in found and "captured" in found:
        return "killed or captured"
    return found[0]


def _victim_noun(token: Token, is_vague: bool, victims: frozenset[str]) -> Token | None:
    """The victims a number counts: "17 soldiers", "dozens of fighters"."""
    if token.dep_ == "nummod" and token.head.lemma_.lower() in victims:
        return token.head
    if token.dep_ == "compound":  # "Seventeen Niger soldiers": the parser hangs the number on the name
        head = token.head
        while head.dep_ == "compound" and head.head is not head:
            head = head.head
        if head.lemma_.lower() in victims and head.pos_ == "NOUN":
            return head
    if is_vague or token.dep_ in ("nsubj", "nsubjpass", "dobj"):
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        target = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if target is not None and target.lemma_.lower() in victims:
            return target
    return None


def _toll_category(token: Token, lex: Mapping[str, Any]) -> str | None:
    """A number without victims that is still a toll: "the death toll was at least 17", "the death
    toll rose to 30", "a death toll of 38", "the toll stood at 38", "17 dead"."""
    toll_nouns: frozenset[str] = lex["toll_nouns"]
    head = token.head
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None) if head.lemma_ == "be" else None
    if subject is not None and subject.lemma_.lower() in toll_nouns:
        return "killed"
    if head.lemma_ == "to" and head.head.lemma_.lower() in lex["rising_verbs"] and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in toll_nouns for c in head.head.children
    ):
        return "killed"
    if head.lemma_.lower() == "reach" and any(c.dep_ == "nsubj" and c.lemma_.lower() == "toll" for c in head.children):
        return "killed"
    if head.lower_ == "of" and head.head.lemma_.lower() == "toll":
        return "killed"  # "gave a provisional death toll of 38"
    if head.lower_ == "at" and head.head.lemma_.lower() == "stand" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in toll_nouns for c in head.head.children):
        return "killed"  # "the death toll stood at 38"
    if head.lower_ == "at" and head.head.lemma_.lower() in lex["toll_setting_verbs"]:
        told = next((c for c in head.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if told is not None and (told.lemma_.lower() in toll_nouns or told.lower_ == "it" and any(
                t.lemma_.lower() in toll_nouns for t in token.sent)):
            return "killed"  # "residents put the toll at 100", "the toll was put at 52", "... put it at 100"
    if head.lemma_.lower() in lex["casualty_adjectives"] and token.dep_ in ("npadvmod", "nummod"):
        return lex["categories"].get(head.lemma_.lower())
    return None


def _bare_count_category(token: Token, lex: Mapping[str, Any]) -> str | None:
    """A number standing alone for the victims of a casualty verb: "an attack that killed 25 and
    injured at least 140", "with six seriously injured", "20 soldiers were wounded, six seriously"."""
    table: Mapping[str, str] = lex["categories"]
    head = token.head
    if head is token or token.pos_ != "NUM" and not token.like_num:
        return None
    if token.dep_ in ("dobj", "nsubj", "nsubjpass", "dep", "appos", "npadvmod") and head.pos_ == "VERB":
        return table.get(head.lemma_.lower())
    adjectives = lex["casualty_adjectives"]
    if token.dep_ == "nsubj" and head.pos_ == "ADJ" and head.lower_ in adjectives:
        return table.get(head.lower_)  # "left six soldiers dead and four wounded"
    said = next((c.lower_ for c in token.children if c.dep_ in ("amod", "acomp") and c.lower_ in adjectives), None)
    if said is not None:
        return table.get(said)  # the same, parsed with "wounded" on the number
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if token.dep_ == "conj" and head.lower_ in adjectives and after is not None and after.lower_ in adjectives:
        return table.get(after.lower_)  # the same, parsed with "four" a conjunct of "dead" and "wounded" elsewhere
    if any(c.dep_ == "advmod" and c.lower_ in lex["severity_adverbs"] for c in token.children):
        for up in list(token.ancestors)[:3]:  # "wounded near Gao, five seriously": the parser hangs it low
            if up.pos_ == "VERB" and up.lemma_.lower() in table:
                return table[up.lemma_.lower()]
    return None


def _qualifier(token: Token, qualifiers: Mapping[str, str]) -> tuple[str | None, int]:
    """The qualifier words just before the number ("at least"), and the index the figure starts at."""
    doc = token.doc
    end = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ in ("a", "an") else token.i  # "more than a hundred"
    for size in (2, 1):
        words_before = doc[max(0, end - size): end]
        phrase = " ".join(t.lower_ for t in words_before if not t.is_punct)
        if len(words_before) == size and phrase in qualifiers:
            return qualifiers[phrase], end - size
    return None, end


def _victim_side(victim: Token | None, index: dict[int, Mention]) -> int | None:
    """The one actor the victims belong to ("15 Wagner fighters"), by its mention's start."""
    if victim is None:
        return None
    sides = {m.provenance.char_start for t in victim.subtree if (m := index.get(t.i)) is not None
             and m.entity_class not in ("Place", "Country")}
    return sides.pop() if len(sides) == 1 and not list(victim.conjuncts) else None


def _bounds(value: int | None, qualifier: str | None) -> tuple[int | None, int | None, int | None]:
    """(count, min_count, max_count) of a number and its qualifier."""
    if value is None:
        return None, None, None
    if qualifier in ("at least", "more than"):
        return None, value, None
    if qualifier == "up to":
        return None, None, value
    return value, None, None


def extract_figures(
    doc: Doc, mentions: Sequence[Mention], claims: Sequence[ClaimMention], lexicon: Lexicon,
    sentence_of: Callable[[Token], Span],
) -> list[FigureMention]:
    """Every casualty figure of ``doc``, in text order."""
    lex = lexicon.figures
    words: Mapping[str, int] = lex["number_words"]
    table: Mapping[str, str] = lex["categories"]
    index = {i: m for i, m in mention_index(doc, mentions).items() if m.kind != "pronoun"}
    out: list[FigureMention] = []
    for token in doc:
        lower = token.lower_
        is_vague = lower in lex["vague_numbers"] and token.pos_ in ("NOUN", "ADJ", "NUM")
        value = parse_number(token.text, words) if token.like_num or lower in words else None
        if value is None and not is_vague or token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
            continue
        victim = _victim_noun(token, is_vague, lex["victim_nouns"])
        if victim is None:
            category = _toll_category(token, lex) or _bare_count_category(token, lex)
        else:
            counted = token.dep_ in ("nummod", "compound")
            category = _category_name(_categories(victim if counted else token, table))
            if category is None and not counted:
                category = _category_name(_categories(token, table))
            if category is None and victim.lemma_.lower() in lex["remains_nouns"]:
                category = "killed"  # "seven other bodies had been discovered"
        if category is None:
            continue
        qualifier, start = _qualifier(token, lex["qualifiers"])
        figure_span = doc[start: token.i + 1]
        count, min_count, max_count = _bounds(value, qualifier)
        start_char, end_char = figure_span.start_char, figure_span.end_char
        claim = next((c.key for c in claims if c.provenance.char_start <= start_char < c.provenance.char_end + 1), None)
        out.append(
            FigureMention(
                figure_text=figure_span.text,
                category=category,
                provenance=Provenance(
                    doc_id=doc.user_data.get("kg_doc_id", ""),
                    char_start=start_char,
                    char_end=end_char,
                    sentence=sentence_of(token).text.strip(),
                    extractor=EXTRACTOR,
                    confidence=0.75,
                ),
                count=count,
                min_count=min_count,
                max_count=max_count,
                qualifier=qualifier,
                victim=_victim_side(victim, index),
                claim=claim,
            )
        )
    return out
