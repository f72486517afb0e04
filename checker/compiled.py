"""Regular expressions compiled once per machine rather than once per run.

`re.compile` parses a pattern and generates the regex engine's code in pure Python: for
checker's 130-odd patterns that was a seventh of a cold `checker lint`, paid again on every
commit by a pre-commit hook. The generated code depends only on the pattern, its flags and the
Python build, so it is kept in the cache folder (keyed by the interpreter's version and the
engine's magic number) and handed straight to the engine by later runs. The engine checks any
code it is given and rejects what it cannot run; anything odd about a saved entry, or an
interpreter whose internals differ, means the pattern is simply compiled the ordinary way."""

from __future__ import annotations

import re
import sys

from checker.load.cache import read_entry, write_entry

try:  # CPython's regex engine and compiler: internal, hence every use below has a fallback
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another interpreter
    _sre = None

KIND = "regex-code"
LIMIT = 5_000  # patterns kept at most: user rules edited many times should not grow the file forever

# (flags, code, groups, groupindex, indexgroup): what _sre.compile takes after the pattern
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_table: dict[tuple[str, int], _Entry] | None = None
_changed = False
_usable = _sre is not None


def _inputs() -> bytes:
    return f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}".encode()


def _loaded() -> dict[tuple[str, int], _Entry]:
    global _table
    if _table is None:
        saved = read_entry(KIND, _inputs())
        _table = saved if isinstance(saved, dict) else {}
    return _table


def regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), with the engine's code from an earlier run when there is one.
    Invalid patterns raise re.error exactly as re.compile does."""
    global _usable, _changed
    if not _usable:
        return re.compile(pattern, flags)
    flags = int(flags)
    table = _loaded()
    key = (pattern, flags)
    entry = table.get(key)
    if entry is not None:
        try:
            return _sre.compile(pattern, *entry)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - a damaged entry: compile afresh below
            del table[key]
    try:
        entry = _generated(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals not as expected: use the public way from now on
        _usable = False
        return re.compile(pattern, flags)
    if len(table) >= LIMIT:
        table.clear()
    table[key] = entry
    _changed = True
    return compiled  # type: ignore[no-any-return]


def _generated(pattern: str, flags: int) -> _Entry:
    """What re._compiler.compile hands the engine for `pattern` (the same steps)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints: the opcodes pickle badly
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def keep() -> None:
    """Save the table if this process compiled patterns it did not have."""
    global _changed
    if _changed and _table is not None:
        write_entry(KIND, _inputs(), _table)
        _changed = False
