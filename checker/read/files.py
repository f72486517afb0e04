"""Reading the data files checker is given (question sets, rules, detectors, configuration,
baselines) without ever waiting forever on one."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class NotARegularFile(OSError):
    """A pipe, socket or device where a file was expected."""


def is_special(path: Path | str) -> bool:
    """A pipe, socket or device: reading one can wait forever. (A folder, or a path that cannot
    be looked at, is not: reading it says what is wrong.)"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def read_bytes(path: Path | str) -> bytes:
    """Path.read_bytes, refusing what is not a regular file with an OSError the callers already
    turn into one line: a named pipe waits for a writer that may never come, and /dev/zero never
    ends."""
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(status.st_mode):
        raise NotARegularFile(errno.EINVAL, "not a regular file (a pipe or device)", str(path))
    return Path(path).read_bytes()


def read_text(path: Path | str, encoding: str = "utf-8") -> str:
    return read_bytes(path).decode(encoding)
