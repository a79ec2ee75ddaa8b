"""One JSON codec for the records of ``kgbuild/types.py`` (frozen dataclasses, enums, tuples).

Records cross two borders as JSON data: the on-disk store of ``kgbuild build --store``
(``graph/store.py``) and the worker processes of ``nlp.pipe(n_process=...)``, where they ride on
spaCy Docs (``extract/components.py``). The codec is generic: it walks a dataclass's fields and
decodes each one by its type hint, so a field or enum added to a record needs no change here. It
sits beside ``types.py`` rather than in ``graph/`` because the extract stage needs it too and may
not import ``graph/``.

Encoding: a dataclass becomes an object of its fields (``dataclasses.asdict`` gives the same JSON
for records without enums), an enum its value, a tuple, list or set a list (sets sorted), a dict
an object. Decoding inverts that, led by the hints: lists back to tuples, values back to enums,
objects back to records. Numbers and strings come back as they went in (an int stays an int in a
float field), so a record makes the round trip unchanged and a graph built from decoded records
is byte-identical to one built from the originals.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import json
import types
import typing
from collections import abc
from typing import Any

__all__ = ["encode_record", "decode_record", "encode_tagged", "decode_tagged", "is_record", "TAG"]

TAG = "__kgbuild_record__"
"""Key of the object that names a record's class when the reader does not know it beforehand."""

_NONE = type(None)
_PRIMITIVES = (str, int, float, bool)


def is_record(value: Any) -> bool:
    """Whether ``value`` is an instance of one of kgbuild's record classes."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type) and _is_kgbuild(type(value).__module__)


def encode_record(value: Any) -> Any:
    """``value`` (a record, or anything a record's field holds) as JSON data."""
    if isinstance(value, enum.Enum):
        return encode_record(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode_record(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if value is None or isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, (tuple, list)):
        return [encode_record(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((encode_record(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, abc.Mapping):
        return {_encode_key(k): encode_record(v) for k, v in value.items()}
    raise TypeError(f"cannot encode a {type(value).__name__} as JSON (records hold dataclasses, enums, "
                    "tuples, lists, sets, dicts, strings, numbers and None)")


def decode_record(data: Any, hint: Any) -> Any:
    """The value of type ``hint`` (a record class, or a field's type) that ``data`` encodes.

    Raises ValueError when ``data`` does not fit the type (a damaged or foreign record)."""
    if hint is Any or hint is object or isinstance(hint, (typing.TypeVar, str)):
        return data
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        return _decode_union(data, args)
    if origin is typing.Literal:
        if data not in args:
            raise ValueError(f"{data!r} is none of {args!r}")
        return data
    if origin is not None:
        return _decode_generic(data, origin, args)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            return _decode_dataclass(data, hint)
        if issubclass(hint, enum.Enum):
            return hint(data)
        if hint in (tuple, list, set, frozenset, dict):
            return _decode_generic(data, hint, ())
        return _check_primitive(data, hint)
    return data


def encode_tagged(record: Any) -> dict[str, Any]:
    """A record as JSON data that also names its class, for readers that do not know the class."""
    cls = type(record)
    return {TAG: f"{cls.__module__}:{cls.__qualname__}", "fields": encode_record(record)}


def decode_tagged(data: dict[str, Any]) -> Any:
    """The record that :func:`encode_tagged` made ``data`` from (only kgbuild's own classes)."""
    return decode_record(data["fields"], _record_class(data[TAG]))


# --- decoding by type hint ---------------------------------------------------------------------

def _decode_union(data: Any, args: tuple[Any, ...]) -> Any:
    if data is None and _NONE in args:
        return None
    problems = []
    for arg in args:
        if arg is _NONE:
            continue
        try:
            return decode_record(data, arg)
        except (ValueError, TypeError) as exc:
            problems.append(str(exc))
    raise ValueError(f"{data!r} fits none of {args!r} ({'; '.join(problems)})")


def _decode_generic(data: Any, origin: Any, args: tuple[Any, ...]) -> Any:
    if origin in (dict, abc.Mapping, abc.MutableMapping):
        if not isinstance(data, dict):
            raise ValueError(f"expected an object, got {data!r}")
        key_hint, value_hint = args if len(args) == 2 else (Any, Any)
        return {_decode_key(k, key_hint): decode_record(v, value_hint) for k, v in data.items()}
    if not isinstance(data, (list, tuple)):  # msgpack readers may give arrays as tuples
        raise ValueError(f"expected a list, got {data!r}")
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode_record(v, args[0]) for v in data)
        if not args:
            return tuple(data)
        if len(args) != len(data):
            raise ValueError(f"expected {len(args)} items, got {data!r}")
        return tuple(decode_record(v, a) for v, a in zip(data, args))
    item = args[0] if args else Any
    items = [decode_record(v, item) for v in data]
    if origin in (set, frozenset, abc.Set):
        return frozenset(items) if origin is not set else set(items)
    return items


def _decode_dataclass(data: Any, cls: type) -> Any:
    if not isinstance(data, dict):
        raise ValueError(f"expected an object for a {cls.__name__}, got {data!r}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValueError(f"a {cls.__name__} has no field {unknown[0]!r}")
    missing = [n for n, f in fields.items() if n not in data and _required(f)]
    if missing:
        raise ValueError(f"a {cls.__name__} lacks its field {missing[0]!r}")
    hints = _hints(cls)
    return cls(**{name: decode_record(data[name], hints[name]) for name in fields if name in data})


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _check_primitive(data: Any, hint: type) -> Any:
    # JSON has no int/float distinction worth losing: an int is kept in a float field as it was
    fits = isinstance(data, hint) and (hint is bool or not isinstance(data, bool))
    if hint is float and isinstance(data, int) and not isinstance(data, bool):
        fits = True
    if hint is _NONE:
        fits = data is None
    if not fits:
        raise ValueError(f"expected a {hint.__name__}, got {data!r}")
    return data


def _encode_key(key: Any) -> str:
    encoded = encode_record(key)
    return encoded if isinstance(encoded, str) else json.dumps(encoded, sort_keys=True)


def _decode_key(key: str, hint: Any) -> Any:
    try:
        return decode_record(key, hint)
    except (ValueError, TypeError):
        return decode_record(json.loads(key), hint)


@functools.lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_kgbuild(module: str) -> bool:
    return module == "kgbuild" or module.startswith("kgbuild.")


def _record_class(name: str) -> type:
    module, _, qualname = str(name).partition(":")
    if not _is_kgbuild(module) or not qualname:
        raise ValueError(f"{name!r} is not a kgbuild record class")
    cls: Any = importlib.import_module(module)
    for part in qualname.split("."):
        cls = getattr(cls, part, None)
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"{name!r} is not a kgbuild record class")
    return cls
