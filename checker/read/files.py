"""Reading the data files checker is given (question sets, rules, detectors, configuration,
baselines) without ever waiting forever on one."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path


class NotARegularFile(OSError):
    """A pipe, socket or device where a file was expected."""


class TooLarge(OSError):
    """A data file larger than the limit its reader sets (its strerror says how large)."""


def is_special(path: Path | str) -> bool:
    """A pipe, socket or device: reading one can wait forever. (A folder, or a path that cannot
    be looked at, is not: reading it says what is wrong.)"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def read_bytes(path: Path | str, limit: int | None = None) -> bytes:
    """Path.read_bytes, refusing what is not a regular file with an OSError the callers already
    turn into one line: a named pipe waits for a writer that may never come, and /dev/zero never
    ends. With `limit`, a file of more bytes is refused (TooLarge) after reading no more than that:
    a data file a repository brings can be gigabytes that git stores in a few kilobytes."""
    return _read_regular(path, limit)[0]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as it was read: enough to tell, before writing over it, whether anyone saved it since
    (the time alone can miss a save within its resolution; the digest cannot)."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: bytes


def read_with_snapshot(path: Path | str) -> tuple[bytes, Snapshot]:
    """read_bytes, and the Snapshot of what was read: the status as opened and the digest of the
    bytes read. A file saved while it was read no longer has that status, and a later look sees it."""
    data, status = _read_regular(path)
    return data, Snapshot(
        status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, hashlib.sha256(data).digest()
    )


def same_as_read(path: Path | str, snapshot: Snapshot) -> bool:
    """Whether the file at `path` is still the one `snapshot` was taken of, byte for byte."""
    try:
        data, status = _read_regular(path)
    except OSError:
        return False
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns) == (
        snapshot.device,
        snapshot.inode,
        snapshot.size,
        snapshot.mtime_ns,
    ) and hashlib.sha256(data).digest() == snapshot.sha256


def _read_regular(path: Path | str, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file and its status as it was opened (the status of what is open,
    so that the file cannot be swapped for a pipe between the look and the read). Opened without
    waiting: a named pipe with no writer would otherwise block the open itself."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file (a pipe or device)", str(path))
        with open(fd, "rb", closefd=False) as stream:
            data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise TooLarge(errno.EFBIG, f"larger than {limit // 1_000_000} MB", str(path))
        return data, status
    finally:
        os.close(fd)


def read_text(path: Path | str, encoding: str = "utf-8", limit: int | None = None) -> str:
    return read_bytes(path, limit).decode(encoding)


def user_name(uid: int) -> str:
    """A file owner, in words: `user alice`, or `user 1001` when the system does not know the number."""
    try:
        import pwd

        return f"user {pwd.getpwuid(uid).pw_name}"
    except (ImportError, KeyError):
        return f"user {uid}"
