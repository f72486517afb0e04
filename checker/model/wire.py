"""Records as JSON, for a batch worker to send its report to the process that forked it.

Only checker's own records travel, as plain JSON: a record is its class's name and its fields
in order, and is rebuilt only if that name is one of the record classes below. Nothing received
can name any other class or run code (pickle could do both, so checker does not use it)."""

from __future__ import annotations

import dataclasses
import enum
import json
from datetime import date
from types import MappingProxyType
from typing import Any

from checker.model import detectors, document, findings, matches, questions, rules, severity, totals

_MODULES = (detectors, document, findings, matches, questions, rules, severity, totals)


def _records() -> dict[str, type]:
    """Every record and enum class the model defines, by name."""
    found: dict[str, type] = {}
    for module in _MODULES:
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__:
                if dataclasses.is_dataclass(value) or issubclass(value, enum.Enum):
                    found[name] = value
    return found


RECORDS: MappingProxyType[str, type] = MappingProxyType(_records())
# What is sent of each record: the fields its constructor takes, in order.
_FIELDS = MappingProxyType(
    {
        kind: tuple(f.name for f in dataclasses.fields(kind) if f.init)
        for kind in RECORDS.values()
        if dataclasses.is_dataclass(kind)
    }
)
_ENUMS = frozenset(kind for kind in RECORDS.values() if issubclass(kind, enum.Enum))
_SCALARS = frozenset({type(None), bool, int, float, str})


class WireError(ValueError):
    """A message that is not a record checker sends (a bug, or not from a worker)."""


def dumps(value: Any) -> bytes:
    """`value` (records, tuples, lists, mappings, sets, dates, enums, scalars) as JSON bytes."""
    # ASCII: a lone surrogate (a file name's undecodable byte) travels as \udcXX and comes back.
    return json.dumps(_encode(value), ensure_ascii=True, separators=(",", ":")).encode("ascii")


def loads(data: bytes) -> Any:
    """The value `dumps` encoded, rebuilt from record classes only."""
    try:
        return json.loads(data, object_hook=_decode)
    except (ValueError, TypeError, KeyError, RecursionError) as problem:
        raise WireError(f"not a record checker sends: {problem}") from None


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _FIELDS.get(kind)
    if names is not None:
        return {"r": kind.__name__, "a": [_encode(getattr(value, name)) for name in names]}
    if kind is tuple:
        return {"t": [_encode(v) for v in value]}
    if kind is list:
        return [_encode(v) for v in value]
    if kind in _ENUMS:
        return {"e": kind.__name__, "v": value.value}
    if kind is dict or kind is MappingProxyType:
        return {"m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if kind is frozenset or kind is set:
        return {"s": [_encode(v) for v in value]}
    if kind is date:
        return {"d": value.isoformat()}
    raise WireError(f"a {kind.__name__} is not one of checker's records and cannot be sent between processes")


def _decode(value: dict[str, Any]) -> Any:
    """One JSON object, its contents already rebuilt (json calls this innermost first)."""
    if "r" in value:
        record = RECORDS[value["r"]]
        if record not in _FIELDS:
            raise TypeError(f"{value['r']} is not a record")
        return record(*value["a"])
    if "t" in value:
        return tuple(value["t"])
    if "e" in value:
        kind = RECORDS[value["e"]]
        if kind not in _ENUMS:
            raise TypeError(f"{value['e']} is not an enumeration")
        return kind(value["v"])
    if "m" in value:
        return {k: v for k, v in value["m"]}
    if "s" in value:
        return frozenset(value["s"])
    if "d" in value:
        return date.fromisoformat(value["d"])
    raise TypeError("an object of no known kind")
