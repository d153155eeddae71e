"""Records to JSON values and back, driven by their type hints (one codec for every record).

`to_json` turns dataclasses, enums, tuples and paths into plain JSON values; `from_json`
rebuilds a record of a given type from them and raises `RecordError` naming the field path
when the value has the wrong shape, so a file written by someone else (a cache entry, an old
report) is validated as it is read, never trusted.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar, cast

T = TypeVar("T")

# Deeper than any record we write: a hostile file nested deeper is refused, not recursed into.
MAX_DEPTH = 64


class RecordError(ValueError):
    """A JSON value does not have the shape of the record it should hold."""


def to_json(obj: Any) -> Any:
    """Plain JSON values (dict, list, str, int, float, bool, None) for a record."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, bytes):
        return None
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(tp: type[T], data: Any, *, strict: bool = True) -> T:
    """A value of type `tp` rebuilt from JSON values; RecordError on any mismatch.

    `strict=False` ignores fields a record does not know (a file from a newer version) but
    still checks the type of every field it does.
    """
    token = _STRICT.set(strict)
    try:
        return cast(T, _decode(tp, data, "$", 0))
    except RecursionError:
        raise RecordError("$: nested too deeply") from None
    finally:
        _STRICT.reset(token)


_STRICT: contextvars.ContextVar[bool] = contextvars.ContextVar("strict", default=True)


def _decode(tp: Any, data: Any, where: str, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise RecordError(f"{where}: nested deeper than {MAX_DEPTH} levels")
    origin = typing.get_origin(tp)
    if tp is Any:
        return data
    if origin in (typing.Union, types.UnionType):
        return _decode_union(tp, data, where, depth)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _decode_record(tp, data, where, depth)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError as err:
            raise RecordError(f"{where}: {err}") from None
    if origin is tuple:
        return _decode_tuple(tp, data, where, depth)
    if origin is list:
        (item,) = typing.get_args(tp)
        return [
            _decode(item, v, f"{where}[{i}]", depth + 1) for i, v in enumerate(_list(data, where))
        ]
    if origin is dict:
        key_tp, value_tp = typing.get_args(tp)
        if not isinstance(data, dict):
            raise RecordError(f"{where}: expected an object, got {type(data).__name__}")
        return {
            _decode(key_tp, k, where, depth + 1): _decode(value_tp, v, f"{where}.{k}", depth + 1)
            for k, v in data.items()
        }
    return _decode_scalar(tp, data, where)


def _list(data: Any, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise RecordError(f"{where}: expected a list, got {type(data).__name__}")
    return data


def _decode_union(tp: Any, data: Any, where: str, depth: int) -> Any:
    args = typing.get_args(tp)
    if data is None and type(None) in args:
        return None
    errors = []
    for arg in (a for a in args if a is not type(None)):
        try:
            return _decode(arg, data, where, depth)
        except RecordError as err:
            errors.append(str(err))
    raise RecordError(errors[0] if len(errors) == 1 else f"{where}: no type fits ({errors[0]})")


def _decode_tuple(tp: Any, data: Any, where: str, depth: int) -> tuple[Any, ...]:
    args = typing.get_args(tp)
    items = _list(data, where)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], v, f"{where}[{i}]", depth + 1) for i, v in enumerate(items))
    if len(items) != len(args):
        raise RecordError(f"{where}: expected {len(args)} items, got {len(items)}")
    return tuple(
        _decode(a, v, f"{where}[{i}]", depth + 1)
        for i, (a, v) in enumerate(zip(args, items, strict=True))
    )


def _decode_record(cls: type, data: Any, where: str, depth: int) -> Any:
    if not isinstance(data, dict):
        raise RecordError(f"{where}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = set(data) - set(fields)
    if unknown and _STRICT.get():
        raise RecordError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    values = {}
    for name, field in fields.items():
        if name in data:
            values[name] = _decode(hints[name], data[name], f"{where}.{name}", depth + 1)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise RecordError(f"{where}: missing field {name!r}")
    return cls(**values)


_SCALARS: dict[type, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (int, float),
    bool: (bool,),
    type(None): (type(None),),
}


def _decode_scalar(tp: Any, data: Any, where: str) -> Any:
    if tp is Path:
        if not isinstance(data, str):
            raise RecordError(f"{where}: expected a path string, got {type(data).__name__}")
        return Path(data)
    if tp is bytes:
        return b""
    accepted = _SCALARS.get(tp)
    if accepted is None:
        raise RecordError(f"{where}: cannot decode values of type {tp!r}")
    # bool is an int in Python; a JSON true is not a count.
    if not isinstance(data, accepted) or (tp in (int, float) and isinstance(data, bool)):
        raise RecordError(f"{where}: expected {tp.__name__}, got {type(data).__name__}")
    return float(cast(float, data)) if tp is float else data
