"""Entity-ruler patterns made from the registry's names (data in, pattern dicts out)."""

from __future__ import annotations

from typing import Any, Iterable

from kgbuild.types import RegistryEntry

__all__ = ["registry_patterns", "name_variants"]

_SMALL = frozenset({"of", "the", "for", "and", "in", "de", "du", "des", "la", "le", "l", "al", "wal"})


def name_variants(name: str) -> list[str]:
    """The name as written, in title case, and with only its first word capitalised: outlets
    differ in how they capitalise "Malian army" / "Malian Army" and a long acronym ("MINUSMA" /
    "Minusma"); and with a typographic apostrophe where it has a straight one ("Jama’at Nusrat
    al-Islam wal-Muslimin")."""
    words = name.split()
    titled = " ".join(w if w.lower() in _SMALL or not w.isalpha() else w[:1].upper() + w[1:] for w in words)
    first_only = " ".join([words[0]] + [w.lower() if w.isalpha() and not w.isupper() else w for w in words[1:]])
    variants = [name, titled, first_only]
    if name.isalpha() and name.isupper() and len(name) > 4:
        variants.append(name.capitalize())  # "Minusma", "Ecowas": long acronyms written as words
    return list(dict.fromkeys([*variants, *(v.replace("'", "\u2019") for v in variants)]))


def registry_patterns(entries: Iterable[RegistryEntry]) -> list[dict[str, Any]]:
    """One phrase pattern per name variant of every entry, labelled with its class and keyed by id."""
    patterns: list[dict[str, Any]] = []
    for entry in entries:
        for name in (entry.label, *entry.aliases):
            for variant in name_variants(name):
                patterns.append({"label": entry.entity_class, "pattern": variant, "id": entry.key})
    return patterns
