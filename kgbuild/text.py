"""Name normalisation shared by every stage: folding, slugs and spelling-variant keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Collection

__all__ = ["fold", "slugify", "variant_key", "strip_accents", "region_stem"]

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")
_LEADING_ARTICLE = re.compile(r"^(?:(?:the|a|an)\s+)+")
# letters that Unicode decomposition leaves as they are
_ASCII_LETTERS = str.maketrans({"ø": "o", "ß": "ss", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                                "þ": "th", "ı": "i", "ħ": "h"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Transliterations of one sound that outlets write differently (French vs English spelling of
# Berber, Arabic and Songhai names): Tinzaouaten / Tinzawaten / Tinzahuaten.
_VARIANT_RULES = (
    (re.compile(r"ou(?=[aeiy])"), "w"),
    (re.compile(r"hu(?=[aeiy])"), "w"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"sh"), "ch"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"e$"), ""),
)


def strip_accents(text: str) -> str:
    """``Goïta`` → ``Goita``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Case, accent and punctuation folding, without a leading article: the matching form of a name."""
    text = strip_accents(text).lower().replace("’", "'")
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return _LEADING_ARTICLE.sub("", text)


def slugify(text: str) -> str:
    """A readable ASCII IRI segment: ``Assimi Goïta`` → ``assimi-goita``. A name with no Latin
    letters at all gets a short hash of itself, so distinct names keep distinct slugs."""
    folded = fold(text)
    slug = _NOT_SLUG.sub("-", folded.translate(_ASCII_LETTERS)).strip("-")
    if slug:
        return slug
    if folded:
        return "x-" + hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12]
    return "unnamed"


def variant_key(text: str) -> str:
    """A key shared by the usual spelling variants of one transliterated name."""
    key = fold(text).replace(" ", "")
    for pattern, replacement in _VARIANT_RULES:
        key = pattern.sub(replacement, key)
    return key


def region_stem(name: str, region_nouns: Collection[str]) -> str | None:
    """"Cabo Delgado" for "Cabo Delgado province": the name without the region noun it ends with,
    or None when it ends with none."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in region_nouns else None
