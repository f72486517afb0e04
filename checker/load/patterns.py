"""Regular expressions that come from data files, and running them within a draft's deadline.

Two sources, two engines:
- patterns in checker's own bundled files are compiled with `re`, like the patterns in its code:
  the test suite runs each of them on hostile text, and `re` is many times quicker at the
  word-by-word matching the detectors do;
- patterns a user writes (their rules, detectors, question sets, configuration) are compiled with
  the `regex` package, whose `timeout=` stops a search that backtracks for hours on unlucky text.
  Every search with one gets what is left of the draft's Deadline, so such a pattern ends in a
  one-line "took too long" for that draft instead of a hung commit.

Callers never need to know which engine a pattern has: they search through the functions here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from checker.deadline import Deadline, OutOfTime

if TYPE_CHECKING:
    import regex

    Pattern = re.Pattern[str] | regex.Pattern[str]
    Match = re.Match[str] | regex.Match[str]
else:
    Pattern = Any
    Match = Any

Compile = Callable[[str], Pattern]


def compile_bundled(source: str) -> re.Pattern[str]:
    """A pattern from checker's own data files."""
    return re.compile(source)


def compile_users(source: str) -> Pattern:
    """A pattern a user wrote: compiled with `regex` (imported only when there is one)."""
    import regex

    # VERSION0 is the `re`-compatible dialect, so a rule copied from the bundled files means the same.
    return regex.compile(source, regex.VERSION0)


def compiler(bundled: bool) -> Compile:
    return compile_bundled if bundled else compile_users


def pattern_problem(source: str) -> str | None:
    """Why a user's pattern cannot be used, in words, or None."""
    try:
        compile_users(source)
    except Exception as exc:  # noqa: BLE001 - regex.error, and odd inputs (a NUL in a character class...)
        return f"invalid regular expression: {exc}"
    return None


def joinable_problem(source: str) -> str | None:
    """Why `source` (which compiles) cannot be one branch of an alternation of several, or None:
    a group of its own would be numbered after the others' groups, and a name may clash."""
    if compile_users(source).groups:
        return (
            "has a capturing group or a backreference; use (?:...) instead of (...) here: "
            "the patterns are combined into one"
        )
    return None


_LEADING_FLAGS = re.compile(r"(?:\(\?[aiLmsux]+\))+")


def as_group(source: str) -> str:
    """`source` as a group that can join others in one alternation: leading flags such as (?i)
    become the group's own."""
    flags = _LEADING_FLAGS.match(source)
    if not flags:
        return f"(?:{source})"
    letters = "".join(sorted(set(flags[0]) - set("(?)")))
    # In verbose mode a comment runs to the end of the line: it must not swallow the group's end.
    end = "\n)" if "x" in letters else ")"
    return f"(?{letters}:{source[flags.end() :]}{end}"


# The longest timeout handed to `regex`: past about 1e12 seconds its timer overflows and every
# search times out at once (CHECKER_TIME_LIMIT=1e20 stopped every draft). A year is no bound.
_LONGEST_TIMEOUT = 365 * 24 * 3600.0


def _timeout(deadline: Deadline) -> float | None:
    """What is left of `deadline`, as `regex`'s timeout= (None: unbounded)."""
    left = deadline.left()
    return None if left is None or left > _LONGEST_TIMEOUT else left


def matcher(pattern: Pattern, deadline: Deadline) -> Callable[[str, int], Match | None]:
    """pattern.match(text, pos) as a function: the pattern's own method for a bundled pattern (the
    detectors call it thousands of times a draft), one bounded by the deadline for a user's."""
    if isinstance(pattern, re.Pattern):
        return pattern.match
    bounded = pattern  # a user's pattern, on `regex`

    def match(text: str, pos: int) -> Match | None:
        try:
            return bounded.match(text, pos, timeout=_timeout(deadline))
        except TimeoutError:
            raise OutOfTime(deadline.seconds, "pattern") from None

    return match


def search(pattern: Pattern, text: str, deadline: Deadline) -> Match | None:
    """pattern.search(text), within the deadline."""
    if isinstance(pattern, re.Pattern):
        return pattern.search(text)
    try:
        return pattern.search(text, timeout=_timeout(deadline))
    except TimeoutError:
        raise OutOfTime(deadline.seconds, "pattern") from None


def finditer(pattern: Pattern, text: str, deadline: Deadline) -> Iterator[Match]:
    """pattern.finditer(text), within the deadline."""
    if isinstance(pattern, re.Pattern):
        yield from pattern.finditer(text)
        return
    try:
        for found in pattern.finditer(text, timeout=_timeout(deadline)):
            deadline.check()  # the timeout bounds each search; the deadline bounds them all
            yield found
    except TimeoutError:
        raise OutOfTime(deadline.seconds, "pattern") from None


def findall(pattern: Pattern, text: str, deadline: Deadline) -> list[Any]:
    """pattern.findall(text), within the deadline."""
    if isinstance(pattern, re.Pattern):
        return pattern.findall(text)
    try:
        return pattern.findall(text, timeout=_timeout(deadline))
    except TimeoutError:
        raise OutOfTime(deadline.seconds, "pattern") from None


@contextmanager
def blamed_on(whose: str) -> Iterator[None]:
    """A user's pattern that runs out of time inside this block is `whose` ("rules/X001-y.yaml:
    rule X001"), so the one line that stops the draft names the file to fix."""
    try:
        yield
    except OutOfTime as exc:
        if exc.args[1:] == ("pattern",):
            raise OutOfTime(exc.args[0], "pattern", whose) from None
        raise
