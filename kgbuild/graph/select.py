"""Graph stage: find a node by a name a person typed, or say which names come close.

One lookup serves every command that takes a name (``view --focus`` and ``--event``,
``analyze --path``). A name is tried, in order, as

1. an identifier of the node (its IRI, the IRI with a prefix, the key after ``kgid:``; an event's
   key);
2. its label, then one of its other names, compared case-, accent- and punctuation-insensitively
   (:func:`kgbuild.text.fold`);
3. a spelling variant of its label or of another name (:func:`kgbuild.text.variant_key`:
   "Tinzawaten" for "Tinzaouaten");
4. where the caller allows it, a part of its label ("tinzaouaten" for "Battle at Tinzaouaten").

The first step that finds exactly one node wins; one that finds several raises a
:class:`~kgbuild.errors.UsageError` listing them; a name nothing matches raises one listing up to
five close names (near spellings, names containing it, names sharing a word with it).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kgbuild.errors import UsageError
from kgbuild.text import fold, variant_key

__all__ = ["Named", "find_named"]

_SHOWN = 5
_LISTED = 8


@dataclass(frozen=True, slots=True)
class Named:
    """One node that can be found by name.

    ``shown`` is how a suggestion names it (its label when empty), ``note`` what follows its label
    in a list of candidates (its class and IRI, or its key), ``hints`` further names that only
    suggest it (the words of an event's label, the names of its place).
    """

    node: str
    label: str
    aliases: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    shown: str = ""
    note: str = ""


def find_named(
    name: str,
    candidates: Sequence[Named],
    *,
    noun: str,
    plural: str,
    listing: str,
    partial: bool = False,
    remedy: str = "",
) -> Named:
    """The candidate that ``name`` names (see the module docstring for the order of the tries).

    ``noun`` and ``plural`` name what is looked for in messages ("entity", "entities"); ``listing``
    says how to list the names ("list the events with: kgbuild query GRAPH --name timeline");
    ``partial`` lets a part of a label match when nothing matches in full; ``remedy`` says what to
    give instead of an ambiguous name (by default: the IRI or key of one, with an example).
    """
    ordered = sorted(candidates, key=lambda c: c.node)
    for candidate in ordered:
        if name in candidate.ids:
            return candidate
    wanted = fold(name)
    if not wanted:
        raise UsageError(f"'{name}' is not a name (give the label or the IRI of an {noun})")
    variant = variant_key(name)
    tiers: list[tuple[str, Callable[[Named], bool]]] = [
        ("names", lambda c: fold(c.label) == wanted),
        ("names", lambda c: any(fold(a) == wanted for a in c.aliases)),
        ("names", lambda c: any(variant_key(n) == variant for n in (c.label, *c.aliases))),
    ]
    if partial:
        tiers.append(("matches", lambda c: wanted in fold(c.label)))
    for verb, test in tiers:
        found = [c for c in ordered if test(c)]
        if len(found) == 1:
            return found[0]
        if found:
            raise UsageError(_ambiguous(name, verb, found, plural, remedy))
    suggestions = _suggest(wanted, ordered)
    hint = (f"close matches: {', '.join(suggestions)}" if suggestions
            else f"no close matches; {listing}")
    raise UsageError(f"no {noun} called '{name}' in the graph ({hint})")


def _ambiguous(name: str, verb: str, found: list[Named], plural: str, remedy: str) -> str:
    listed = "; ".join(f"{c.label} ({c.note})" if c.note else c.label for c in found[:_LISTED])
    more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    if not remedy:
        example = next((c.ids[-1] for c in found if c.ids), "")
        remedy = f"give the IRI in brackets, e.g. {example}" if example else "give the full label of one"
    return f"'{name}' {verb} {len(found)} {plural}: {listed}{more} ({remedy})"


def _suggest(wanted: str, candidates: Sequence[Named]) -> list[str]:
    """Up to five names close to ``wanted``, one per node: near spellings first, then names that
    contain it, then names that share a word (of more than three letters) with it."""
    by_folded: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for c in candidates:
        shown = c.shown or c.label
        names = [(c.label, shown)] + [(a, f"{a} ({shown})") for a in c.aliases if a != c.label]
        names += [(h, shown) for h in c.hints]
        for text, display in names:
            if fold(text):
                by_folded[fold(text)].append((display, c.node))
    keys = sorted(by_folded)
    words = {word for word in wanted.split() if len(word) > 3}
    close = difflib.get_close_matches(wanted, keys, n=_SHOWN, cutoff=0.6)
    close += [k for k in keys if wanted in k and k not in close]
    close += [k for k in keys if words & set(k.split()) and k not in close]
    shown: list[str] = []
    nodes: set[str] = set()
    for key in close:
        for display, node in by_folded[key]:
            if node not in nodes:
                nodes.add(node)
                shown.append(display)
    return shown[:_SHOWN]
