"""Page furniture and unrelated sidebars in scraped text: the lines that must give no entities.

Generic rules, driven by the word lists in ``ontologies/lexicon.json`` (``furniture``):

* a call to action or a stand-alone widget line ("Join us on Telegram", "Follow our coverage at
  @handle", "Advertisement", "Read more: ..."), a strip of widget labels joined by separators
  ("ADVERTISEMENT - CONTINUE READING BELOW"), or a nameless notice that ends in a call to action
  ("We use cookies ... Accept all cookies"); quoted speech ("'Join us or leave,' fighters told
  villagers") is never a widget;
* a credit: a byline ("By Jane Doe"), a wire credit ("(Reporting by ...; Editing by ...)"), a
  photo caption credit ("REUTERS/Jane Doe/File Photo") or a copyright line;
* a sidebar: a short heading line ("Other topics of interest", "Related stories") and the block
  after it whose proper names never occur in the rest of the article. The block ends where the
  story's own names come back.
"""

from __future__ import annotations

import re
from typing import Collection, Mapping, Sequence

from spacy.tokens import Doc

__all__ = ["Line", "split_lines", "find_furniture"]

_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_TERMINAL = (".", "!", "?", "”", '"', "’", "'", ":", ";")
_QUOTES = ('"', "“", "”", "‘", "'", "«")
_SEPARATOR = re.compile(r"\s+[-–—|•·]\s+|\s*[|•·]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PHOTO_CREDIT = re.compile(r"\b[A-Z]{2,}/[A-Z][\w'-]+|/File Photo\b|\bGetty Images\b|\bvia Reuters\b")
_BYLINE = re.compile(r"^By\s+(?:[A-Z][\w.'-]*\s*(?:,|and)?\s*){1,6}$")
MAX_SIDEBAR_LINES = 8
MAX_HEADING_WORDS = 6
MAX_PROMO_WORDS = 16

Line = tuple[int, int]
"""A line of the text as (start, end) character offsets, end exclusive, newline excluded."""

FurnitureWords = Mapping[str, Collection[str]]
"""``Lexicon.furniture`` (or the same word lists as the JSON values of a spaCy config)."""


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of ``text`` as character offsets."""
    lines: list[Line] = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        if part.strip():
            lines.append((start, end))
        start = end + 1
    return lines


def _norm(text: str) -> str:
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("’", "'")).strip()


def _words(text: str) -> list[str]:
    return _norm(text).split()


def _is_promo(text: str, rules: FurnitureWords) -> bool:
    stripped = text.strip()
    if stripped.startswith(_QUOTES):
        return False  # quoted speech: a fighter's "Join us", not a widget
    norm = " ".join(_words(text))
    if not norm:
        return False
    if norm in rules["standalone_lines"] or _is_widget_strip(stripped, rules):
        return True
    words = norm.split()
    if len(words) > MAX_PROMO_WORDS:
        return False
    verbs = rules["call_to_action_verbs"]
    starts = any(norm == v or norm.startswith(v + " ") for v in verbs)
    if not starts:
        return False
    objects = set(rules["call_to_action_objects"])
    return bool(_HANDLE.search(text) or _URL.search(text) or objects.intersection(words))


def _is_widget_strip(text: str, rules: FurnitureWords) -> bool:
    """Short widget labels joined by separators, one of them a stand-alone widget line."""
    if text.endswith(_TERMINAL[:3]):
        return False
    parts = [" ".join(_words(p)) for p in _SEPARATOR.split(text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(p.split()) > MAX_HEADING_WORDS for p in parts):
        return False
    return any(p in rules["standalone_lines"] for p in parts)


def _is_credit(text: str, rules: FurnitureWords) -> bool:
    """Who wrote, edited or photographed it, and who owns it: not part of the story."""
    stripped = text.strip().lstrip("(").strip()
    lower = stripped.lower()
    if any(lower.startswith(prefix) for prefix in rules["credit_prefixes"]):
        return True
    return bool(_BYLINE.match(stripped) or _PHOTO_CREDIT.search(stripped))


def _trailing_promo(text: str, rules: FurnitureWords) -> int | None:
    """Offset in ``text`` of a last sentence that is a call to action ("... Accept all cookies")."""
    stripped = text.rstrip()
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(stripped)]
    if len(starts) < 2 or not _is_promo(stripped[starts[-1]:], rules):
        return None
    return starts[-1]


def _is_heading(text: str, rules: FurnitureWords) -> bool:
    stripped = text.strip()
    if not stripped or stripped.endswith(_TERMINAL[:3]):
        return False
    norm = " ".join(_words(stripped).copy())
    if len(norm.split()) > MAX_HEADING_WORDS:
        return False
    return any(norm == h or norm.startswith(h + " ") for h in rules["sidebar_headings"])


_NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT",
                        "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT"})
"""Entity labels that name no actor or place (the model's and the registry's other labels do)."""


def _line_names(doc: Doc, line: Line) -> set[str]:
    """Folded proper names on a line: the evidence of what the line is about."""
    span = doc.char_span(line[0], line[1], alignment_mode="expand")
    if span is None:
        return set()
    names = {
        t.lower_ for t in span
        if t.pos_ == "PROPN" and t.is_alpha and len(t) > 1 and t.ent_type_ not in ("DATE", "TIME")
    }
    names.update(e.text.lower() for e in span.ents if e.label_ not in _NOT_NAMES)
    return names


def _names_by_line(doc: Doc, lines: Sequence[Line]) -> list[set[str]]:
    """``_line_names`` of every line in one pass over the tokens and entities."""
    from bisect import bisect_right

    starts = [s for s, _ in lines]
    names: list[set[str]] = [set() for _ in lines]

    def line_of(char: int) -> int | None:
        i = bisect_right(starts, char) - 1
        return i if i >= 0 and char < lines[i][1] else None

    for t in doc:
        if t.pos_ == "PROPN" and t.is_alpha and len(t) > 1 and t.ent_type_ not in ("DATE", "TIME"):
            i = line_of(t.idx)
            if i is not None:
                names[i].add(t.lower_)
    for e in doc.ents:
        if e.label_ not in _NOT_NAMES:
            i = line_of(e.start_char)
            if i is not None and e.end_char <= lines[i][1]:
                names[i].add(e.text.lower())
    return names


def find_furniture(doc: Doc, rules: FurnitureWords) -> list[Line]:
    """Lines of ``doc`` that are page furniture or belong to an unrelated sidebar."""
    full = doc.text  # Doc.text is rebuilt from the tokens on every access
    lines = split_lines(full)
    texts = [full[s:e] for s, e in lines]
    furniture = [False] * len(lines)
    for i, text in enumerate(texts):
        if _is_promo(text, rules) or _is_credit(text, rules):
            furniture[i] = True
            continue
        # a notice ending in a button ("We use cookies ... Accept all cookies"); a story paragraph
        # that happens to end in one keeps its names, so it stays
        offset = _trailing_promo(text, rules)
        if offset is not None and not _line_names(doc, (lines[i][0], lines[i][0] + offset)):
            furniture[i] = True
    names = _names_by_line(doc, lines)
    for i, text in enumerate(texts):
        if not _is_heading(text, rules):
            continue
        furniture[i] = True
        block_end = _sidebar_end(i, names, furniture)
        for j in range(i + 1, block_end):
            furniture[j] = True
    return [line for line, flag in zip(lines, furniture) if flag]


def _sidebar_end(heading: int, names: Sequence[set[str]], furniture: Sequence[bool]) -> int:
    """End (exclusive) of the sidebar block after ``heading``: the largest block (of at most
    MAX_SIDEBAR_LINES lines), ending on a line with names, whose names occur nowhere else in the
    article's text."""
    last = min(len(names), heading + 1 + MAX_SIDEBAR_LINES)
    best = heading + 1
    for end in range(heading + 2, last + 1):
        block = set().union(*names[heading + 1:end])
        rest = set()
        for k, line_names in enumerate(names):
            if not furniture[k] and not heading < k < end:
                rest |= line_names
        if block & rest:
            continue
        if names[end - 1] or end == len(names):
            best = end
    return best
