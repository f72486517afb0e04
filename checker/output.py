"""Writing files without ever losing what was there: a temporary file beside the target,
then an atomic rename. An interrupted run leaves the old file whole."""

from __future__ import annotations

import os
import tempfile
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
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
