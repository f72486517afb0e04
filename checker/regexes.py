"""Checks on regular expressions users write into rule, detector and question set files: they
must compile, and must not nest unbounded repetitions (`(a+)+`), which can take exponential time
on unlucky text and would hang a commit."""

from __future__ import annotations

import re
from typing import Any

from checker.compiled import regex

try:  # the parser behind re.compile; public as sre_parse before 3.11
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

try:  # characters that match each other when case is ignored beyond lower()/upper() (ſ and s...)
    from re._casefix import _EXTRA_CASES as EXTRA_CASES
except ImportError:  # pragma: no cover
    EXTRA_CASES = {}

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
_POSSESSIVE = getattr(sre_constants, "POSSESSIVE_REPEAT", None)
_UNBOUNDED = 100  # a repeat allowing more than this counts as unbounded


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` is unusable, in words, or None."""
    try:
        regex(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    if _nested(list(parsed), inside=False):
        return ("nests one unbounded repetition inside another, which can take exponential time on some "
                "text; rewrite it without the outer repetition or bound the inner one, e.g. {0,20}")
    return None


_LEADING_FLAGS = regex(r"\(\?([aiLmsux]+)\)")


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


_IGNORECASE = sre_constants.SRE_FLAG_IGNORECASE
_MAX_RANGE = 400  # a wider character range is not worth listing: any beginning will do


def _add(char: str, ignorecase: bool, chars: set[str]) -> None:
    chars.add(char)
    if ignorecase:
        for variant in (char.lower(), char.upper(), char.casefold()):
            if len(variant) == 1:
                chars.add(variant)
        for code in EXTRA_CASES.get(ord(char.lower()), ()):
            chars.add(chr(code))


_LEAD_LENGTH = 3  # characters of a match's beginning worth knowing
_LEADS_LIMIT = 3000  # more distinct beginnings than this are not worth listing


def leads(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Beginnings (up to three characters, within one word) that every match of `pattern`
    starts with, or None when they cannot be listed. Conservative: a word starting with none of
    them cannot start a match, provided it starts with an ASCII character (\\d is listed as the
    ASCII digits only)."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    found = _leads_of(list(parsed), bool(parsed.state.flags & _IGNORECASE))
    if found is None:
        return None
    cut = {_within_word(lead) for lead, _ in found}
    return None if "" in cut else tuple(sorted(cut))


def _within_word(lead: str) -> str:
    """`lead` up to the first character a word (as the detectors split text) cannot hold there."""
    for i, char in enumerate(lead):
        if not (char.isalnum() or char == "_" or (i == 0 and char in "$€£")):
            return lead[:i]
    return lead


def _leads_of(items: list[Any], ignorecase: bool) -> set[tuple[str, bool]] | None:
    """(beginning, whole) pairs for the sequence `items`: whole when the beginning is all the
    sequence can match, so what follows may extend it; None when unknown."""
    partial = {""}  # beginnings of everything so far, each all of it
    done: set[tuple[str, bool]] = set()
    for op, av in items:
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        options = _item_leads(op, av, ignorecase)
        if options is None:
            done |= {(p, False) for p in partial}
            return done if "" not in partial else None
        following = set()
        for p in partial:
            for text, whole in options:
                joined = p + text
                if len(joined) >= _LEAD_LENGTH:
                    done.add((joined[:_LEAD_LENGTH], False))
                elif whole:
                    following.add(joined)
                else:
                    done.add((joined, False))
        partial = following
        if len(partial) + len(done) > _LEADS_LIMIT:
            return None
        if not partial:
            return done
    return done | {(p, True) for p in partial}


def _item_leads(op: Any, av: Any, ignorecase: bool) -> set[tuple[str, bool]] | None:
    c = sre_constants
    if op == c.LITERAL:
        chars: set[str] = set()
        _add(chr(av), ignorecase, chars)
        return {(ch, True) for ch in chars}
    if op == c.IN:
        chars, digits = set(), False
        for kind, value in av:
            if kind == c.LITERAL:
                _add(chr(value), ignorecase, chars)
            elif kind == c.RANGE and value[1] - value[0] <= _MAX_RANGE:
                for code in range(value[0], value[1] + 1):
                    _add(chr(code), ignorecase, chars)
            elif kind == c.CATEGORY and value == c.CATEGORY_DIGIT:
                digits = True
            else:
                return None
        # \d lists only the ASCII digits, so a beginning ends at one (a word that starts with
        # another script's digit is never ruled out by its beginning: see Detector).
        return {(ch, True) for ch in chars} | ({(d, False) for d in "0123456789"} if digits else set())
    if op == c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            found = _leads_of(list(branch), ignorecase)
            if found is None:
                return None
            out |= found
        return out
    if op == c.SUBPATTERN:
        _, add, remove, sub = av
        return _leads_of(list(sub), (ignorecase or bool(add & _IGNORECASE)) and not remove & _IGNORECASE)
    if op in _REPEATS or op == _POSSESSIVE:
        low, high, sub = av
        inner = _leads_of(list(sub), ignorecase)
        if inner is None:
            return None
        once = inner if (low, high) == (1, 1) else {(text, False) for text, _ in inner}
        return once | {("", True)} if low == 0 else once
    return None
