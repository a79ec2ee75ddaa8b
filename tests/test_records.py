"""Tests of kgbuild.records: every record of kgbuild.types makes the JSON round trip unchanged.

The hypothesis strategies are made from the records' own fields and type hints, like the codec, so
a field added to kgbuild/types.py is covered without touching this file.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kgbuild.types as records_module
from kgbuild.records import TAG, decode_record, decode_tagged, encode_record, encode_tagged, is_record

# the records that travel between processes and into the store; the Lexicon travels as its own
# JSON config (Lexicon.to_config / from_config, tested in tests/test_knowledge.py)
RECORD_CLASSES = [
    getattr(records_module, name) for name in records_module.__all__
    if dataclasses.is_dataclass(getattr(records_module, name)) and name != "Lexicon"
]


INTEGERS = st.integers(-(2**63), 2**63 - 1)
"""What msgpack carries (offsets and counts are far smaller)."""


def strategy(hint: Any) -> st.SearchStrategy:
    """Values of type ``hint``, built by walking it as the codec does."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of([strategy(a) for a in args])
    if origin is Literal:
        return st.sampled_from(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(strategy(args[0]), max_size=3).map(tuple)
        return st.tuples(*(strategy(a) for a in args))
    if origin is list:
        return st.lists(strategy(args[0]), max_size=3)
    if origin in (frozenset, set):
        return st.frozensets(strategy(args[0]), max_size=3).map(origin)
    if origin is dict:
        return st.dictionaries(strategy(args[0]), strategy(args[1]), max_size=3)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return st.builds(hint, **{f.name: strategy(hints[f.name]) for f in dataclasses.fields(hint) if f.init})
    simple = {
        str: st.text(max_size=12),
        int: INTEGERS,
        # an int in a float field must come back an int, not 17.0 (it would change the graph)
        float: st.floats(allow_nan=False) | INTEGERS,
        bool: st.booleans(),
        type(None): st.none(),
        Any: INTEGERS | st.text(max_size=5),
    }
    return simple[hint]


def json_round_trip(value: Any, cls: type) -> Any:
    return decode_record(json.loads(json.dumps(encode_record(value), ensure_ascii=False)), cls)


def same(a: Any, b: Any) -> bool:
    """Equal, and equal as JSON text (which tells 17 from 17.0 and True from 1)."""
    return a == b and json.dumps(encode_record(a), sort_keys=True) == json.dumps(encode_record(b), sort_keys=True)


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_every_record_makes_the_json_round_trip(cls: type, data: st.DataObject) -> None:
    record = data.draw(strategy(cls))
    back = json_round_trip(record, cls)
    assert same(back, record)
    assert type(back) is cls


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda c: c.__name__)
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_record_makes_the_tagged_round_trip(cls: type, data: st.DataObject) -> None:
    # the form records take on Docs between worker processes (the msgpack hooks of
    # extract/components.py, tested there), here through JSON text
    record = data.draw(strategy(cls))
    back = decode_tagged(json.loads(json.dumps(encode_tagged(record))))
    assert same(back, record)


# --- the kinds of field the codec must handle, whether or not types.py uses them today -----------

class How(enum.Enum):
    NER = "ner"
    RULER = "ruler"


class Rank(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclass(frozen=True, slots=True)
class Inner:
    at: int
    how: How = How.NER


@dataclass(frozen=True, slots=True)
class Outer:
    name: str
    how: How
    inners: tuple[Inner, ...] = ()
    maybe_how: How | None = None
    rank: Rank = Rank.LOW
    span: tuple[int, int] = (0, 0)
    tags: frozenset[str] = frozenset()
    by_key: dict[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)
    by_number: dict[int, Inner] = dataclasses.field(default_factory=dict)
    mode: Literal["a", "b"] = "a"
    score: float = 0.5
    items: list[Inner | None] = dataclasses.field(default_factory=list)


TABLE = [
    Outer(name="plain", how=How.RULER),
    Outer(name="nested", how=How.NER, inners=(Inner(3), Inner(7, How.RULER)), maybe_how=How.RULER),
    Outer(name="containers", how=How.NER, span=(4, 9), tags=frozenset({"b", "a"}),
          by_key={"x": (1, 2), "y": ()}, by_number={2: Inner(2)}, mode="b", rank=Rank.HIGH),
    Outer(name="numbers", how=How.NER, score=17, items=[None, Inner(1, How.RULER)]),
]


@pytest.mark.parametrize("record", TABLE, ids=lambda r: r.name)
def test_enums_tuples_and_nested_records_round_trip(record: Outer) -> None:
    back = json_round_trip(record, Outer)
    assert same(back, record)
    assert isinstance(back.inners, tuple) and all(type(i) is Inner for i in back.inners)
    assert type(back.how) is How and type(back.rank) is Rank
    assert isinstance(back.span, tuple) and isinstance(back.tags, frozenset)
    assert all(isinstance(v, tuple) for v in back.by_key.values())
    assert all(isinstance(k, int) for k in back.by_number)


def test_enums_are_written_as_their_values() -> None:
    data = encode_record(TABLE[1])
    assert data["how"] == "ner" and data["maybe_how"] == "ruler" and data["inners"][1] == {"at": 7, "how": "ruler"}
    assert encode_record(TABLE[2])["tags"] == ["a", "b"]


def test_a_field_left_out_takes_its_default() -> None:
    # a field added to a record with a default reads older JSON that lacks it
    assert decode_record({"name": "old", "how": "ner"}, Outer) == Outer(name="old", how=How.NER)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "how": "ner", "colour": 1}, "no field 'colour'"),
        ({"name": "x"}, "lacks its field 'how'"),
        ({"name": "x", "how": "sideways"}, "sideways"),
        ({"name": 3, "how": "ner"}, "expected a str"),
        ({"name": "x", "how": "ner", "span": [1]}, "expected 2 items"),
        ({"name": "x", "how": "ner", "inners": {"at": 1}}, "expected a list"),
    ],
)
def test_data_that_does_not_fit_is_refused(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        decode_record(data, Outer)


def test_records_without_enums_encode_as_asdict_did() -> None:
    # so stores written before the codec existed still read
    provenance = records_module.Provenance("d", 1, 5, "A sentence.", "kgbuild.entities.v1", 0.9)
    mention = records_module.Mention(text="Wagner", entity_class="ArmedGroup", kind="name", provenance=provenance,
                                     found_by=records_module.FoundBy.NER, descriptors=("group",))
    extraction = records_module.Extraction("d", mentions=(mention,))
    assert json.dumps(encode_record(extraction), sort_keys=True) == json.dumps(asdict(extraction), sort_keys=True)


def test_only_kgbuild_records_are_tagged_and_read_back() -> None:
    provenance = records_module.Provenance("d", 1, 5, "A sentence.", "kgbuild.entities.v1", 1)
    assert is_record(provenance) and not is_record(Inner(1)) and not is_record(records_module.Provenance)
    assert encode_tagged(provenance)[TAG] == "kgbuild.types:Provenance"
    for foreign in ("os:system", "kgbuild.types:no_such_record", "kgbuild.records:TAG"):
        with pytest.raises(ValueError, match="not a kgbuild record class"):
            decode_tagged({TAG: foreign, "fields": {}})


def test_values_that_are_not_record_data_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot encode a object"):
        encode_record(object())
