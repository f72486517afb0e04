"""Which files a command line names: files as given, folders walked for drafts, globs expanded,
in a stable order.

A folder may come from anyone (a pull request, a shared folder): walking it never follows a link
to a file outside its repository (outside any repository, outside the folder), which would have
checker read, and quote in its reports, a file nobody named. A file named on the command line is
the user's own choice and is read as given."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from checker.read.files import is_special

DRAFT_SUFFIXES = {".txt", ".md", ".markdown", ".docx"}
# Files that sit beside drafts but are not replies: skipped with a note, found in a folder or
# named (by pre-commit too), unless one turns out to be a reply after all (checker.match.choose).
NOT_DRAFTS = {
    "readme",
    "changelog",
    "changes",
    "history",
    "license",
    "licence",
    "copying",
    "contributing",
    "code_of_conduct",
    "authors",
    "notes",
    "todo",
}
_GLOB_CHARS = set("*?[")


def absolute(path: Path | str) -> Path:
    """The path resolved where possible; a symlink loop or a vanished folder must not stop the
    run before the draft itself can be reported as unreadable."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def repository_root(start: Path | str) -> Path | None:
    """The nearest folder at or above `start` (links followed) that holds .git (a folder, or the
    file a worktree or submodule has), or None outside any repository."""
    folder = absolute(start)
    return next((f for f in (folder, *folder.parents) if os.path.lexists(f / ".git")), None)


def expand_paths(arguments: Iterable[Path | str]) -> tuple[list[str], list[str]]:
    """(draft paths, problems). A folder gives its drafts (by suffix, hidden folders skipped);
    a pattern such as drafts/**/*.txt is expanded; anything else is passed on as it is, so that
    reading it explains what is wrong with it."""
    found: list[str] = []
    problems: list[str] = []
    for argument in arguments:
        text = str(argument)
        if os.path.isdir(text):
            walked, links_out = _walk(Path(text))
            problems += links_out
            drafts = [str(p) for p in walked]
            if not all(project_file(p) for p in drafts):
                found += drafts
            elif not links_out:  # nothing there but a README and the like
                problems.append(f"{text}: no drafts ({', '.join(sorted(DRAFT_SUFFIXES))}) in this folder")
        elif _GLOB_CHARS & set(text) and not os.path.exists(text):
            try:
                matches = sorted(p for p in glob.glob(text, recursive=True) if os.path.isfile(p))
            except RecursionError:  # glob recurses once per folder level
                problems.append(f"{text}: folders nested too deeply to expand this pattern; name the folder instead")
                continue
            if not matches:
                problems.append(f"{text}: no files match this pattern; check it, or quote it for the shell")
            found += matches
        else:
            found.append(text)
    # One draft, however it was reached (b.txt, /abs/b.txt, the folder holding it): counted twice,
    # it would weigh twice in a cycle's mean, median and ranking. The first name given is kept.
    unique: dict[Path, str] = {}
    for path in found:
        unique.setdefault(absolute(path), path)
    return list(unique.values()), problems


def _walk(folder: Path) -> tuple[list[Path], list[str]]:
    """The drafts in `folder` and the folders below it, in the order os.walk gives (files, then
    each subfolder in name order), found without recursion (a tree thousands of folders deep
    would exhaust Python's); and a problem for each link to a file outside the boundary."""
    root = repository_root(folder)
    boundary = root or absolute(folder)
    area = f"the repository ({boundary})" if root else f"the folder walked ({boundary}, in no repository)"
    out: list[Path] = []
    problems: list[str] = []
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                if not entry.is_symlink():  # as os.walk: a link to a folder is not walked
                    subfolders.append(here / entry.name)
                continue
            path = here / entry.name
            if Path(entry.name).suffix.lower() not in DRAFT_SUFFIXES:
                continue
            if entry.is_symlink() and not absolute(path).is_relative_to(boundary):
                problems.append(
                    f"{path}: a link to a file outside {area}, not followed when walking a folder; "
                    "name the file itself to check it"
                )
                continue
            if not is_special(path):
                out.append(path)
        pending += reversed(subfolders)
    return out, problems


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def project_file(path: Path | str) -> str | None:
    """README, CHANGELOG, LICENSE and the like, by name (README.md, LICENSE.txt, readme.en.md),
    as the name is usually written; None for any other name."""
    name = Path(path).name.split(".")[0]
    return name.upper() if name.lower() in NOT_DRAFTS else None
