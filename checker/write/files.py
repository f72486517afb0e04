"""Writing files without ever losing what was there.

Every write goes to a temporary file beside the target, which is then renamed over it: the old
file stays whole until the new one is complete, whatever happens (a full disk, a size limit, a
signal). A draft is replaced only if it is still the file that was read (nobody saved it in
between), is not read-only (unless forced), has one name (renaming would leave a hard link's other
name with the old text) and can keep its owner and group. Every failure is one line naming the
file, what went wrong and what to do, with the target untouched."""

from __future__ import annotations

import errno
import glob
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from checker.errors import CheckerError
from checker.read.files import Snapshot, same_as_read, user_name


def write_atomic(path: Path, text: str) -> None:
    """An output file (a report, a baseline): the file at `path` replaced, or created."""
    # A file name's non-UTF-8 byte that a reporter let through is escaped, as on a terminal.
    write_atomic_bytes(path, text.encode("utf-8", "backslashreplace"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    _write(path, data, what="output")


def write_new(path: Path, text: str) -> None:
    """A file that must not exist yet (checker new): never written over one, even one made meanwhile."""
    _write(path, text.encode("utf-8", "backslashreplace"), what="new")


def replace_draft(path: Path, data: bytes, read: Snapshot, force: bool = False) -> None:
    """The draft at `path`, read as `read`, replaced by `data`; refused if it changed since."""
    _write(path, data, what="draft", read=read, force=force)


# ------------------------------------------------------------------------------------------------


def _write(path: Path, data: bytes, *, what: str, read: Snapshot | None = None, force: bool = False) -> None:
    target = _target(path, what)
    with _signals_deferred():
        existing = _existing(path, target, what)
        if existing is not None:
            _may_replace(path, target, existing, what, read, force)
        fd, temp = _temporary(path, target, what)
        try:
            with open(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
                _keep_attributes(path, out.fileno(), existing, what)
            if read is not None and not same_as_read(target, read):  # saved while the new text was written
                raise _changed(path)
            if what == "new":
                _link_new(path, temp, target)
            else:
                os.replace(temp, target)
            _sync_folder(target.parent)
        except OSError as exc:
            raise _failure(exc, path, target, what) from None
        finally:
            Path(temp).unlink(missing_ok=True)
    _remove_leftovers(target)


def _target(path: Path, what: str) -> Path:
    """The file to write. A draft given as a symbolic link is followed (the link stays, pointing at
    the new text). An output never is: a link committed where a report goes (coverage.html ->
    ~/.ssh/authorized_keys) would have checker write a file that a draft's text partly fills."""
    if what != "draft" and os.path.islink(path):
        raise CheckerError(
            f"{path}: is a symbolic link; checker does not write outputs through links; give the real path"
        )
    if what != "draft":
        _refuse_folder_links_out(path)
    try:
        return path.resolve() if what == "draft" else Path(os.path.abspath(path))
    except (OSError, RuntimeError):  # a loop of links: say so when it is opened
        return Path(os.path.abspath(path))


def _refuse_folder_links_out(path: Path) -> None:
    """Refuse an output whose folder, inside a repository, is reached through a link leading out of
    it: a repository can commit `reports -> ~/.config/autostart`, and `-o reports/coverage.html`
    would then write there. (Outside any repository, and links that stay inside, are followed.)"""
    folders = [*Path(os.path.abspath(path)).parents]
    root = next((i for i, f in enumerate(folders) if os.path.lexists(f / ".git")), None)
    if root is None:
        return
    inside = Path(os.path.realpath(folders[root]))
    for folder in folders[:root]:
        if os.path.islink(folder) and not Path(os.path.realpath(folder)).is_relative_to(inside):
            raise CheckerError(
                f"{path}: {folder} is a link leading outside the repository ({folders[root]}); checker does "
                "not write outputs through links; give the real path"
            )


def _existing(path: Path, target: Path, what: str) -> os.stat_result | None:
    try:
        status = os.stat(target)
    except FileNotFoundError:
        if what == "draft":
            raise CheckerError(
                f"{path}: no longer exists (moved or deleted since checker read it); nothing was written"
            ) from None
        return None
    except OSError as exc:
        raise _failure(exc, path, target, what) from None
    if stat.S_ISDIR(status.st_mode):
        raise CheckerError(f"{path}: is a directory; give a file name for the output")
    if what == "new":
        raise _exists(path)
    if not stat.S_ISREG(status.st_mode):
        raise CheckerError(f"{path}: is not a regular file (a pipe or device); give the name of a file to write")
    return status


def _may_replace(
    path: Path, target: Path, status: os.stat_result, what: str, read: Snapshot | None, force: bool
) -> None:
    if read is not None and not same_as_read(target, read):
        raise _changed(path)
    if _read_only_file_system(target):
        raise _failure(OSError(errno.EROFS, os.strerror(errno.EROFS)), path, target, what)
    if status.st_uid != os.geteuid() and os.geteuid() != 0:
        # Renaming a new file over it would change its owner to you (only root can give it back).
        raise CheckerError(
            f"{path}: belongs to {user_name(status.st_uid)}, and the new file would belong to you; nothing was "
            f"written; run checker as {user_name(status.st_uid)}"
            + (", or apply the diff by hand" if what == "draft" else ", or give another file name")
        )
    writable = os.access(target, os.W_OK, effective_ids=os.access in os.supports_effective_ids)
    if not force and (not writable or not status.st_mode & 0o222):
        fix = (
            "make it writable (chmod u+w), or pass --force to replace it anyway"
            if what == "draft"
            else ("make it writable (chmod u+w) or give another file name")
        )
        raise CheckerError(f"{path}: is read-only; nothing was written; {fix}")
    if status.st_nlink > 1:
        instead = "apply the diff by hand" if what == "draft" else "remove the other names"
        raise CheckerError(
            f"{path}: has {status.st_nlink} names (hard links), and replacing it would leave the others with the "
            f"old text; nothing was written; {instead}, or make it a file of its own "
            f"(cp {path} copy && mv copy {path}) first"
        )


def _temporary(path: Path, target: Path, what: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _failure(exc, path, target, what) from None


def _read_only_file_system(target: Path) -> bool:
    try:
        return bool(os.statvfs(target).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def _temporary_prefix(target: Path) -> str:
    """Hidden, and named after the target; cut short, so that a target whose name is near the
    longest a folder allows (255 bytes) still has room for one."""
    return f".{target.name[:60]}."


def _keep_attributes(path: Path, fd: int, existing: os.stat_result | None, what: str) -> None:
    """A replaced file keeps its permissions, owner and group; a new one gets the permissions the
    umask gives (mkstemp makes it private), so a team or CI can read the report."""
    if existing is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (existing.st_uid, existing.st_gid):
        return
    try:
        os.fchown(fd, existing.st_uid, existing.st_gid)
    except PermissionError:
        raise CheckerError(
            f"{path}: its group is {_group(existing.st_gid)}, which you cannot give the new file; nothing was "
            "written; " + ("apply the diff by hand" if what == "draft" else "give another file name")
        ) from None
    os.fchmod(fd, stat.S_IMODE(existing.st_mode))  # chown clears set-id bits: put back what was there


def _link_new(path: Path, temp: str, target: Path) -> None:
    """Give the complete file its name only if no file has it: a hard link fails where one exists."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: claim the name, then rename the complete file over it.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise _exists(path) from None
        os.replace(temp, target)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system can sync a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------------------------


def _changed(path: Path) -> CheckerError:
    return CheckerError(
        f"{path}: changed since checker read it (saved in an editor meanwhile?); nothing was written, "
        "so your changes are kept; run checker again"
    )


def _exists(path: Path) -> CheckerError:
    return CheckerError(f"{path}: already exists; checker new never writes over a draft, choose another name")


# errno -> (what happened, what to do)
_WHY = {
    errno.ENOSPC: ("the disk is full", "free some space and run again"),
    errno.EDQUOT: ("your disk quota is used up", "free some space, or ask for a larger quota, and run again"),
    errno.EFBIG: (
        "larger than this process may write (ulimit -f)",
        "raise the limit (ulimit -f unlimited) and run again",
    ),
    errno.EROFS: ("the file system is read-only", "write somewhere else"),
    errno.EACCES: ("permission denied", "make the folder writable, or write somewhere else"),
    errno.EPERM: ("operation not permitted", "check the file's and folder's permissions and attributes"),
    errno.ENOENT: ("no such folder", "create the folder, or check the path"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long", "give a shorter name"),
    errno.EIO: ("an input/output error", "check the disk"),
}


def _failure(exc: OSError, path: Path, target: Path, what: str) -> CheckerError:
    """One line: the file, what went wrong, that nothing changed, and what to do."""
    why, fix = _WHY.get(exc.errno or 0, (exc.strerror or str(exc), "check the path and the disk"))
    if exc.errno in (errno.EACCES, errno.EPERM) and os.path.isdir(target.parent):
        reach = "writable" if os.access(target.parent, os.X_OK) else "open to you"
        why = f"the folder {target.parent} is not {reach} ({why})"
    kept = {"draft": "the draft is unchanged", "new": "nothing was written"}.get(
        what, "the old file is unchanged" if os.path.exists(target) else "nothing was written"
    )
    return CheckerError(f"{path}: cannot write ({why}); {kept}; {fix}")


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the write is done or undone, then act as they would
    have: a temporary file is never left behind, nor a file half-written. A size limit (ulimit -f)
    makes the write fail with EFBIG rather than kill the process with SIGXFSZ."""
    if threading.current_thread() is not threading.main_thread():  # handlers can only be set there
        yield
        return
    caught: list[int] = []
    record: Callable[[int, object], None] = lambda number, frame: caught.append(number)  # noqa: E731
    names = ("SIGINT", "SIGTERM", "SIGHUP")
    held = {number: signal.signal(number, record) for number in (getattr(signal, n, None) for n in names) if number}
    size_limit = getattr(signal, "SIGXFSZ", None)
    before = signal.signal(size_limit, signal.SIG_IGN) if size_limit else None
    try:
        yield
    finally:
        if size_limit:
            signal.signal(size_limit, before if before is not None else signal.SIG_DFL)
        for number, handler in held.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        for number in dict.fromkeys(caught):  # each as it would have acted, now the write is over
            signal.raise_signal(number)


def _remove_leftovers(target: Path) -> None:
    """Temporary files of earlier writes that were killed outright (nothing could tidy them then):
    hidden, but a `git add .` would still pick them up. Only those over an hour old, which no
    write still running can own."""
    cutoff = time.time() - 3600
    for leftover in target.parent.glob(f"{glob.escape(_temporary_prefix(target))}*.tmp"):
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
