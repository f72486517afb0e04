"""Expected failures: bad input the user can fix. Anything else is a bug and may traceback."""

from __future__ import annotations

from checker.read.files import NotARegularFile


class CheckerError(Exception):
    """An expected failure; the CLI prints it as one line and exits 2."""


class ConfigError(CheckerError):
    """A question set, rule file or option is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class DraftError(CheckerError):
    """A draft cannot be read at all (missing, a directory, binary, no permission)."""


class NotADraft(CheckerError):
    """A file given or found that is not a reply (a README, a licence, notes): skipped, with a note."""


def unreadable(exc: OSError, where: str, directory_fix: str) -> str:
    """One line saying why `where` could not be read, and what to do about it."""
    if isinstance(exc, FileNotFoundError):
        if where.startswith("-"):  # only after `--` can an option reach here as a file name
            return (
                f"{where}: no such file; after --, every argument is a file name: put options before --"
                " (for the pre-commit hook, in .checker.yaml)"
            )
        return f"{where}: no such file; check the path"
    if isinstance(exc, IsADirectoryError):
        return f"{where}: is a directory; {directory_fix}"
    if isinstance(exc, PermissionError):
        return f"{where}: permission denied; make the file readable"
    if isinstance(exc, NotARegularFile):
        return f"{where}: is not a regular file (a pipe or device); give the path of a file"
    return f"{where}: cannot read ({exc.strerror or exc}); check the path"
