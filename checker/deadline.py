"""How long checking one draft may take.

A draft, a user's rule or a user's detector can each make checking take far too long: a Word
file that unzips to hundreds of thousands of paragraphs, a pattern that backtracks for hours on
unlucky text. Every draft is checked against a Deadline, passed down explicitly: long loops ask
it whether time is up, and users' patterns get what is left of it as the `regex` package's
`timeout=` (see checker.load.patterns). No signals, so it works off the main thread and on
every platform."""

from __future__ import annotations

import time
from dataclasses import dataclass


class OutOfTime(Exception):
    """Checking a draft ran past its deadline; the engine reports that draft as not checked."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """When checking one draft must stop (time.monotonic() seconds), or None for never."""

    ends: float | None
    seconds: float = 0.0  # the bound as given, for messages

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """A deadline `seconds` from now; 0 or less means no bound."""
        return cls(time.monotonic() + seconds, seconds) if seconds > 0 else NO_DEADLINE

    def left(self) -> float | None:
        """Seconds left (None: unbounded); OutOfTime once none are."""
        if self.ends is None:
            return None
        left = self.ends - time.monotonic()
        if left <= 0:
            raise OutOfTime(self.seconds)
        return left

    def check(self) -> None:
        """OutOfTime once the deadline has passed."""
        if self.ends is not None and time.monotonic() >= self.ends:
            raise OutOfTime(self.seconds)


NO_DEADLINE = Deadline(None)
