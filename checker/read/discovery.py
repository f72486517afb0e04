"""Which files a command line names: files as given, folders walked for drafts, globs expanded,
in a stable order."""

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


def expand_paths(arguments: Iterable[Path | str]) -> tuple[list[str], list[str]]:
    """(draft paths, problems). A folder gives its drafts (by suffix, hidden folders skipped);
    a pattern such as drafts/**/*.txt is expanded; anything else is passed on as it is, so that
    reading it explains what is wrong with it."""
    found: list[str] = []
    problems: list[str] = []
    for argument in arguments:
        text = str(argument)
        if os.path.isdir(text):
            drafts = [str(p) for p in _walk(Path(text))]
            if all(project_file(p) for p in drafts):  # nothing there but a README and the like
                problems.append(f"{text}: no drafts ({', '.join(sorted(DRAFT_SUFFIXES))}) in this folder")
            else:
                found += drafts
        elif _GLOB_CHARS & set(text) and not os.path.exists(text):
            matches = sorted(p for p in glob.glob(text, recursive=True) if os.path.isfile(p))
            if not matches:
                problems.append(f"{text}: no files match this pattern; check it, or quote it for the shell")
            found += matches
        else:
            found.append(text)
    return list(dict.fromkeys(found)), problems


def _walk(folder: Path) -> list[Path]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out += [
            Path(root) / f
            for f in sorted(files)
            if Path(f).suffix.lower() in DRAFT_SUFFIXES and not f.startswith(".") and not is_special(Path(root) / f)
        ]
    return out


def project_file(path: Path | str) -> str | None:
    """README, CHANGELOG, LICENSE and the like, by name (README.md, LICENSE.txt, readme.en.md),
    as the name is usually written; None for any other name."""
    name = Path(path).name.split(".")[0]
    return name.upper() if name.lower() in NOT_DRAFTS else None
