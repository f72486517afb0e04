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
