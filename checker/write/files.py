"""Writing files without ever losing what was there: a temporary file beside the target,
then an atomic rename. An interrupted run leaves the old file whole."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from checker.errors import CheckerError


def write_atomic(path: Path, text: str) -> None:
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    target = path.resolve()
    if target.is_dir():
        raise CheckerError(f"{path}: is a directory; give a file name for the output")
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else None
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise CheckerError(f"{path}: cannot write there ({exc.strerror or exc}); check the folder exists") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # mkstemp makes the file private (0600); a new file gets the usual permissions instead,
        # so a team or CI can read the report, and a replaced one keeps its own.
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _remove_leftovers(target)


def _remove_leftovers(target: Path) -> None:
    """Temporary files of earlier writes that were killed outright (nothing could tidy them then):
    hidden, but a `git add .` would still pick them up. Only those over an hour old, which no
    write still running can own."""
    cutoff = time.time() - 3600
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


def refuse_to_overwrite_drafts(path: Path, drafts: Iterable[str]) -> None:
    """Raise if `path` is one of the drafts just checked: an output option given a draft's name by
    mistake would otherwise replace the draft with a report."""
    for draft in drafts:
        try:
            same = os.path.samefile(path, draft)
        except OSError:  # one of them does not exist (yet): not the same file
            continue
        if same:
            raise CheckerError(f"{path}: is one of the drafts being checked; give another file name for the output")
