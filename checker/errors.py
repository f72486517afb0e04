"""Expected failures: bad input the user can fix. Anything else is a bug and may traceback."""

from __future__ import annotations


class CheckerError(Exception):
    """An expected failure; the CLI prints it as one line and exits 2."""


class ConfigError(CheckerError):
    """A question set, rule file or option is invalid. Carries every problem found, not just the first."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class DraftError(CheckerError):
    """A draft cannot be read at all (missing, a directory, binary, no permission)."""
