"""Quality stage: reading and checking gold annotation files (``shared/gold/README.md``).

A gold file is what a careful analyst reads out of one article: its entities (with every alias
the text uses), noise strings, relations and events. :func:`load_gold` reads one file and
:func:`validate_gold` checks its shape, so that scoring (:mod:`kgbuild.quality.score`) can trust
every id it meets. :func:`normalise_label` is the one folding under which output labels and gold
aliases are compared.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kgbuild.errors import InputError
from kgbuild.ontology import RELATION_PROPERTIES

__all__ = [
    "RELATION_PREDICATES",
    "SYMMETRIC_PREDICATES",
    "normalise_label",
    "validate_gold",
    "load_gold",
]

RELATION_PREDICATES: tuple[str, ...] = tuple(p for p in RELATION_PROPERTIES if p not in ("near", "formerAllyOf"))
"""Local names of the ``kg:`` predicates a gold file's ``relations[]`` may use (all but kg:near and kg:formerAllyOf)."""

SYMMETRIC_PREDICATES: frozenset[str] = frozenset({"allyOf", "enemyOf"})
"""Predicates always matched in either direction, whatever the gold ``symmetric`` flag says."""

_APOSTROPHES = frozenset("'\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032")
"""Characters deleted outright (not turned into a space) when normalising."""


def normalise_label(text: str) -> str:
    """Fold a label or alias for comparison under the gold matching rule.

    Case is folded, accents are removed (NFKD, combining marks dropped), apostrophes are
    deleted, every other punctuation or symbol character (hyphens, quotes, dots, slashes...)
    becomes a space, whitespace is collapsed, and a leading "the " is dropped. So
    "Ukrainian-Americans" and "Ukrainian Americans" both read "ukrainian americans",
    "Tin-Zaouatene" reads "tin zaouatene", and "Assimi Goïta" reads "assimi goita".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    chars: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) or char in _APOSTROPHES:
            continue
        category = unicodedata.category(char)
        chars.append(" " if category[0] in "PSZC" else char)
    folded = " ".join("".join(chars).casefold().split())
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


# --- checking ------------------------------------------------------------------------------------


class _Checker:
    """Checks one gold document; every failure is an InputError naming the source, problem and fix."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.ids: set[str] = set()

    def fail(self, problem: str, fix: str) -> InputError:
        return InputError(f"{self.source}: {problem}; {fix}")

    def objects(self, items: list, name: str, fix: str, what: str = "") -> Iterator[tuple[str, dict]]:
        """``(where, item)`` for each item of the list ``name``, which must be an object; with
        ``what``, each must also have an ``id`` and a ``type`` string."""
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            if not isinstance(item, dict):
                raise self.fail(f"{where} is not an object", fix)
            for key in ("id", "type") if what else ():
                if not isinstance(item.get(key), str) or not item[key]:
                    raise self.fail(f'{where} has no "{key}" string', f'add "{key}" to that {what}')
            yield where, item

    def require_ids(self, value: Any, where: str) -> None:
        """``value`` must be a list of entity ids already seen."""
        if not _is_str_list(value) or any(item not in self.ids for item in value):
            raise self.fail(f"{where} is not a list of entity ids", "list entity ids there")

    def require_list(self, gold: dict, key: str, example: str) -> list:
        """``gold[key]`` (absent: empty) must be a list."""
        value = gold.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f'"{key}" is not a list', f'write "{key}": {example}')
        return value

    def entities(self, entities: list) -> None:
        for where, entity in self.objects(entities, "entities", "give each entity id, type and aliases", "entity"):
            if not _is_str_list(entity.get("aliases")):
                raise self.fail(
                    f'{where} ({entity["id"]}) has no "aliases" list of strings',
                    'add "aliases": ["name as written", ...]',
                )
            if "core" in entity and not isinstance(entity["core"], bool):
                raise self.fail(f'{where} ({entity["id"]}): "core" is not true/false', "use true or false")
            if entity["id"] in self.ids:
                raise self.fail(f'entity id "{entity["id"]}" is used twice', "give each entity its own id")
            self.ids.add(entity["id"])

    def relations(self, relations: list) -> None:
        for where, relation in self.objects(relations, "relations", "give each relation s, p and o"):
            for key in ("s", "o"):
                if relation.get(key) not in self.ids:
                    raise self.fail(
                        f'{where} "{key}" is {relation.get(key)!r}, not an entity id',
                        "use the id of an entity listed in entities",
                    )
            if relation.get("p") not in RELATION_PREDICATES:
                raise self.fail(
                    f'{where} "p" is {relation.get("p")!r}', f"use one of {', '.join(RELATION_PREDICATES)}"
                )
            self.require_ids(relation.get("alt_o", []), f'{where} "alt_o"')

    def events(self, events: list) -> None:
        for where, event in self.objects(events, "events", "give each event id and type", "event"):
            place = event.get("place")
            if place is not None and place not in self.ids:
                raise self.fail(f'{where} "place" is {place!r}, not an entity id', "use an entity id or null")
            self.require_ids(event.get("participants", []), f'{where} "participants"')


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def validate_gold(gold: Any, source: str = "gold") -> dict:
    """Check that ``gold`` has the shape described in ``shared/gold/README.md``; return it.

    ``source`` names the file in error messages. Raises :class:`~kgbuild.errors.InputError`
    on the first problem found, with a one-line message naming the source, the problem and the
    fix. Only ``entities`` is required; ``noise``, ``relations`` and ``events`` are optional.
    """
    check = _Checker(source)
    if not isinstance(gold, dict):
        raise check.fail("the gold file is not a JSON object", 'write it as {"entities": [...], ...}')
    entities = gold.get("entities")
    if not isinstance(entities, list):
        raise check.fail(
            'missing "entities" list', 'add "entities": [{"id": ..., "type": ..., "aliases": [...]}, ...]'
        )
    check.entities(entities)
    if "noise" in gold and not _is_str_list(gold["noise"]):
        raise check.fail('"noise" is not a list of strings', 'write "noise": ["Kyiv Post", ...]')
    check.relations(check.require_list(gold, "relations", '[{"s": ..., "p": ..., "o": ...}]'))
    check.events(check.require_list(gold, "events", '[{"id": ..., "type": ...}]'))
    return gold


# --- reading -------------------------------------------------------------------------------------


def load_gold(path: Path) -> dict:
    """Read and validate a gold JSON file; raise :class:`~kgbuild.errors.InputError` if unusable."""
    path = Path(path)
    check = _Checker(str(path))
    if not path.exists():
        raise check.fail("gold file not found", "check the path (gold files live in shared/gold/)")
    if not path.is_file():
        raise check.fail("not a file", "give the path of a gold .json file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise check.fail(
            f"cannot be read ({exc.__class__.__name__}: {exc})", "check the file's permissions and UTF-8 encoding"
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise check.fail(
            f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})", "fix the JSON syntax there"
        ) from exc
    return validate_gold(data, str(path))
