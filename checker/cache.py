"""A disk cache of validated data files, keyed by their content: YAML parsing and JSON Schema
validation are most of a cold start, and a pre-commit hook starts cold on every commit.

Only data that passed validation is stored; anything odd about the cache (unreadable, stale,
from another version) means the file is simply validated again. Set CHECKER_CACHE_DIR to move
the cache, or to an empty string to turn it off."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from checker import __version__
from checker.resources import schema_path

T = TypeVar("T")
FORMAT = 3  # bump whenever a cached record (such as evidence._Spec) changes shape


def cache_dir() -> Path | None:
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "checker"


@cache
def schema_digest(schema: str) -> bytes:
    return hashlib.sha256(schema_path(schema).read_bytes()).digest()


def validated(path: Path, schema: str, load: Callable[[], T]) -> T:
    """`load()` (which validates `path` against `schema`), or its result from an earlier run."""
    try:
        content = path.read_bytes()
    except OSError:
        return load()  # let load() explain the problem
    return remembered(schema, schema_digest(schema) + content, load)


def remembered(kind: str, inputs: bytes, load: Callable[[], T]) -> T:
    """`load()`, or its result from an earlier run given the same `inputs` (everything the result
    depends on: file contents, schema digests)."""
    found = read_entry(kind, inputs)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = load()
    write_entry(kind, inputs, value)
    return value


def _entry(kind: str, inputs: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{FORMAT}|{__version__}|{kind}|".encode() + inputs).hexdigest()
    return folder / f"{kind}-{key[:40]}.pickle"


def read_entry(kind: str, inputs: bytes) -> object | None:
    """What write_entry stored for these inputs, or None (nothing, or anything odd about it)."""
    entry = _entry(kind, inputs)
    if entry is None:
        return None
    try:
        return pickle.loads(entry.read_bytes())  # noqa: S301 - our own cache file
    except Exception:  # missing, truncated or from another Python
        return None


def write_entry(kind: str, inputs: bytes, value: object) -> None:
    """Store `value` for these inputs: to a temporary file, then renamed over the old entry."""
    entry = _entry(kind, inputs)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temp = entry.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, entry)
    except OSError:
        pass  # a read-only home is no reason to fail
