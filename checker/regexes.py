"""Checks on regular expressions users write into rule, detector and question set files: they
must compile, and must not nest unbounded repetitions (`(a+)+`), which can take exponential time
on unlucky text and would hang a commit."""

from __future__ import annotations

import re
from typing import Any

try:  # the parser behind re.compile; public as sre_parse before 3.11
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

try:  # characters that match each other when case is ignored beyond lower()/upper() (ſ and s...)
    from re._casefix import _EXTRA_CASES
except ImportError:  # pragma: no cover
    _EXTRA_CASES = {}

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
_UNBOUNDED = 100  # a repeat allowing more than this counts as unbounded


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` is unusable, in words, or None."""
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    if _nested(list(parsed), inside=False):
        return ("nests one unbounded repetition inside another, which can take exponential time on some "
                "text; rewrite it without the outer repetition or bound the inner one, e.g. {0,20}")
    return None


_LEADING_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def as_group(pattern: str) -> str:
    """`pattern` as a group that can join others in one alternation: leading flags such as (?i)
    become the group's own."""
    flags = _LEADING_FLAGS.match(pattern)
    return f"(?{flags[1]}:{pattern[flags.end():]})" if flags else f"(?:{pattern})"


def _children(op: Any, av: Any) -> list[list[Any]]:
    if op in _REPEATS or op == _POSSESSIVE:
        return [list(av[2])]
    if op == sre_constants.SUBPATTERN:
        return [list(av[-1])]
    if op == sre_constants.BRANCH:
        return [list(b) for b in av[1]]
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return [list(av[1])]
    return []


def _nested(items: list[Any], inside: bool) -> bool:
    for op, av in items:
        unbounded = (op in _REPEATS or op == _POSSESSIVE) and op != _POSSESSIVE and (
            av[1] == sre_constants.MAXREPEAT or av[1] > _UNBOUNDED)
        if unbounded and inside:
            return True
        for child in _children(op, av):
            if _nested(child, inside or unbounded):
                return True
    return False


class FirstChars:
    """The characters a pattern's matches can begin with: a set, plus any decimal digit when the
    pattern can begin with \\d. Used to skip trying a pattern where it cannot match."""

    __slots__ = ("chars", "digits")

    def __init__(self, chars: frozenset[str], digits: bool) -> None:
        self.chars, self.digits = chars, digits

    def __contains__(self, char: str) -> bool:
        return char in self.chars or (self.digits and char.isdecimal())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FirstChars) and (self.chars, self.digits) == (other.chars, other.digits)

    def __hash__(self) -> int:
        return hash((self.chars, self.digits))

    def __repr__(self) -> str:
        return f"FirstChars({''.join(sorted(self.chars))!r}, digits={self.digits})"


_IGNORECASE = sre_constants.SRE_FLAG_IGNORECASE
_MAX_RANGE = 400  # a wider character range is not worth listing: any first character will do


def first_chars(pattern: re.Pattern[str]) -> FirstChars | None:
    """What a match of `pattern` can start with, or None when that is anything (or unknown).
    Conservative: every real match starts with one of the returned characters."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    chars: set[str] = set()
    digits = [False]
    nullable = _first(list(parsed), bool(parsed.state.flags & _IGNORECASE), chars, digits)
    if nullable is None or nullable:  # unknown, or the pattern can match the empty string
        return None
    return FirstChars(frozenset(chars), digits[0])


def _first(items: list[Any], ignorecase: bool, chars: set[str], digits: list[bool]) -> bool | None:
    """Add the first characters of the sequence `items` to `chars`; say whether it can match
    empty (True/False), or None when its first characters cannot be listed."""
    for op, av in items:
        nullable = _first_of(op, av, ignorecase, chars, digits)
        if nullable is not True:
            return nullable
    return True


def _first_of(op: Any, av: Any, ignorecase: bool, chars: set[str], digits: list[bool]) -> bool | None:
    c = sre_constants
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: the next item decides
        return True
    if op == c.LITERAL:
        _add(chr(av), ignorecase, chars)
        return False
    if op == c.IN:
        for kind, value in av:
            if kind == c.LITERAL:
                _add(chr(value), ignorecase, chars)
            elif kind == c.RANGE and value[1] - value[0] <= _MAX_RANGE:
                for code in range(value[0], value[1] + 1):
                    _add(chr(code), ignorecase, chars)
            elif kind == c.CATEGORY and value == c.CATEGORY_DIGIT:
                digits[0] = True
            else:  # a negated set, a wide range, \w, \s...
                return None
        return False
    if op == c.BRANCH:
        results = [_first(list(branch), ignorecase, chars, digits) for branch in av[1]]
        return None if None in results else any(results)
    if op == c.SUBPATTERN:
        _, add, remove, sub = av
        scoped = (ignorecase or bool(add & _IGNORECASE)) and not remove & _IGNORECASE
        return _first(list(sub), scoped, chars, digits)
    if op in _REPEATS or op == _POSSESSIVE:
        inner = _first(list(av[2]), ignorecase, chars, digits)
        return None if inner is None else (inner or av[0] == 0)
    if op == getattr(c, "ATOMIC_GROUP", None):
        return _first(list(av), ignorecase, chars, digits)
    return None  # a back reference, a conditional, any character...


def _add(char: str, ignorecase: bool, chars: set[str]) -> None:
    chars.add(char)
    if ignorecase:
        for variant in (char.lower(), char.upper(), char.casefold()):
            if len(variant) == 1:
                chars.add(variant)
        for code in _EXTRA_CASES.get(ord(char.lower()), ()):
            chars.add(chr(code))
