"""A disk cache of validated data files, keyed by their content: YAML parsing and JSON Schema
validation are most of a cold start, and a pre-commit hook starts cold on every commit.

Only data that passed validation is stored; anything odd about the cache (unreadable, stale,
from another version) means the file is simply validated again. Set CHECKER_CACHE_DIR to move
the cache, or to an empty string to turn it off.

Entries are keyed by content, so every edit of a data file adds one: a run that writes an entry
also deletes those no run has used for a month (each use refreshes an entry's date), and
temporary files left by runs that were killed while writing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from checker import __version__
from checker.load.bundled import schema_path
from checker.read import files

T = TypeVar("T")
FORMAT = 4  # bump whenever a cached record (such as evidence._Spec) or the file's layout changes shape
# An entry is the pickled value followed by a second pickle, (_MARKER, kind, key): a file that
# unpickles but lacks it (overwritten by hand or by another program) is recomputed, not used.
# The value comes first so the file still reads as a plain pickle of it (pickle.loads stops there).
_MARKER = "checker-cache-entry"
UNUSED_FOR = 30 * 24 * 3600  # seconds after which an entry no run has read is deleted
_OURS = r"[a-z][a-z-]*-[0-9a-f]{40}(?:\.pickle|\.\d+\.tmp)"  # the names _entry and write_entry make


def cache_dir() -> Path | None:
    configured = os.environ.get("CHECKER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if not os.path.isdir(home):  # HOME=/nonexistent: keep nothing rather than create it
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "checker"


@cache
def schema_digest(schema: str) -> bytes:
    return hashlib.sha256(schema_path(schema).read_bytes()).digest()


def validated(path: Path, schema: str, load: Callable[[], T]) -> T:
    """`load()` (which validates `path` against `schema`), or its result from an earlier run."""
    try:
        content = files.read_bytes(path)
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


def _entry(kind: str, inputs: bytes) -> tuple[Path, str] | None:
    """The file of an entry, and the key its label (see _MARKER) must carry."""
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(f"{FORMAT}|{__version__}|{kind}|".encode() + inputs).hexdigest()
    return folder / f"{kind}-{key[:40]}.pickle", key


def read_entry(kind: str, inputs: bytes) -> object | None:
    """What write_entry stored for these inputs, or None (nothing, or anything odd about it)."""
    found = _entry(kind, inputs)
    if found is None:
        return None
    entry, key = found
    try:
        stream = io.BytesIO(files.read_bytes(entry))
        unpickler = pickle.Unpickler(stream)  # noqa: S301 - our own cache file
        value, label = unpickler.load(), unpickler.load()
    except Exception:  # missing, truncated, from another Python, or a lone pickle of something else
        return None
    if type(label) is not tuple or label != (_MARKER, kind, key) or stream.read(1):
        return None
    try:
        os.utime(entry)  # in use: not to be pruned
    except OSError:
        pass
    return value


def write_entry(kind: str, inputs: bytes, value: object) -> None:
    """Store `value` for these inputs: to a temporary file, then renamed over the old entry."""
    found = _entry(kind, inputs)
    if found is None:
        return
    entry, key = found
    temp = entry.with_suffix(f".{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                         + pickle.dumps((_MARKER, kind, key), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, entry)
    except OSError:  # a read-only home, or a folder where the entry should go: no reason to fail
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return
    _prune(entry.parent)


def forget_entry(kind: str, inputs: bytes) -> None:
    """Delete what write_entry stored for these inputs, if anything."""
    found = _entry(kind, inputs)
    if found is not None:
        try:
            found[0].unlink()
        except OSError:
            pass


def _prune(folder: Path) -> None:
    """Delete our entries unused for UNUSED_FOR, and our temporary files over an hour old. Only
    names this module writes: the folder may be one the user also keeps other files in."""
    now = time.time()
    try:
        names = [p for p in folder.iterdir() if re.fullmatch(_OURS, p.name)]
    except OSError:
        return
    for path in names:
        try:
            if now - path.stat().st_mtime > (UNUSED_FOR if path.suffix == ".pickle" else 3600):
                path.unlink()
        except OSError:
            pass  # another run pruned it first
