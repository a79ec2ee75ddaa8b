"""The one name lookup: identifiers, labels, other names, spelling variants, parts of labels, and
messages that list close names or the candidates."""

from __future__ import annotations

import pytest

from kgbuild.errors import UsageError
from kgbuild.graph.select import Named, find_named

TINZA = Named(node="p/tinza", label="Tinzaouaten", aliases=("Tinzawatene",), ids=("p/tinza", "kgid:p/tinza"),
              note="Place, kgid:p/tinza")
KIDAL = Named(node="p/kidal", label="Kidal", ids=("p/kidal", "kgid:p/kidal"), note="Place, kgid:p/kidal")
BATTLE = Named(node="e/b1", label="Battle at Tinzaouaten", ids=("e/b1", "b1"), hints=("battle",),
               shown="Battle at Tinzaouaten (b1)", note="b1")
CANDIDATES = [TINZA, KIDAL, BATTLE]


def find(name: str, **options) -> str:
    settings = {"noun": "place", "plural": "places", "listing": "list them with: kgbuild query"} | options
    return find_named(name, CANDIDATES, **settings).node


def test_each_kind_of_name_finds_the_node() -> None:
    assert find("kgid:p/kidal") == "p/kidal"
    assert find("KIDAL") == "p/kidal"
    assert find("tinzawatene") == "p/tinza"  # another name
    assert find("Tinzahuaten") == "p/tinza"  # a spelling variant
    assert find("b1") == "e/b1"


def test_a_part_of_a_label_only_where_allowed() -> None:
    with pytest.raises(UsageError, match="no place called 'at Tinza'"):
        find("at Tinza")
    assert find("battle at", partial=True) == "e/b1"


def test_a_label_wins_over_the_variant_of_another_name() -> None:
    assert find("Battle at Tinzaouaten") == "e/b1"


def test_unknown_names_suggest_close_ones() -> None:
    with pytest.raises(UsageError) as caught:
        find("Kidl")
    assert str(caught.value) == "no place called 'Kidl' in the graph (close matches: Kidal)"
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError, match=r"close matches: Battle at Tinzaouaten \(b1\)"):
        find("Batle")
    with pytest.raises(UsageError, match="no close matches; list them with: kgbuild query"):
        find("Zorglub")
    with pytest.raises(UsageError, match="is not a name"):
        find("...")


def test_ambiguous_names_list_the_candidates() -> None:
    twin = Named(node="p/kidal2", label="Kidal", ids=("p/kidal2", "kgid:p/kidal2"), note="Place, kgid:p/kidal2")
    with pytest.raises(UsageError) as caught:
        find_named("kidal", [KIDAL, twin], noun="place", plural="places", listing="")
    assert str(caught.value) == (
        "'kidal' names 2 places: Kidal (Place, kgid:p/kidal); Kidal (Place, kgid:p/kidal2) "
        "(give the IRI in brackets, e.g. kgid:p/kidal)"
    )
    with pytest.raises(UsageError, match=r"matches 2 places: .*\(give more\)"):
        find_named("tinza", [TINZA, BATTLE], noun="place", plural="places", listing="", partial=True,
                   remedy="give more")
