"""Checks on regular expressions users write into rule, detector and question set files: they
must compile, and must not backtrack without end on unlucky text, which would hang a commit:
no unbounded repetition inside another repetition (`(a+)+`, `(.*a){20}`, `(?:a+){3}`) unless it must
end where it does, no two unbounded repetitions in a row that can take the same characters
(`a*a*`), and no repetition of a choice between alternatives that can begin alike (`(a|ab)*`).
These checks cannot catch everything: engine.py also bounds the time one draft may take."""

from __future__ import annotations

import re
from itertools import dropwhile
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
# A repeated choice of more rounds than this, between alternatives that can begin alike, can be
# tried each way in each round: twice the work a round. (An unbounded repeat inside a repeat of
# even two rounds is refused: `(?:a+){10}b` takes time growing with the text's length to the tenth.)
_MANY = 10


def regex_problem(pattern: str) -> str | None:
    """Why `pattern` is unusable, in words, or None."""
    try:
        regex(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    outer = _nested(list(parsed), outer=0)
    if outer > _UNBOUNDED:
        return ("nests one unbounded repetition inside another, which can take exponential time on some "
                "text; rewrite it without the outer repetition or bound the inner one, e.g. {0,20}")
    if outer:
        return (f"nests an unbounded repetition inside a repetition of up to {outer}, which can take very long "
                "on some text (the rounds can share its characters out in many ways); bound the inner one, "
                "e.g. {0,20}, or end it where the next round cannot go on, as in (?:\\s+\\w+){0,3}")
    if _repeats_in_a_row(list(parsed), bool(parsed.state.flags & _IGNORECASE)):
        return ("has two unbounded repetitions in a row that can take the same characters (a*a*, \\d+\\d+), "
                "which can take very long on some text; make them one, or put a character between them "
                "that neither takes")
    if _ambiguous_choice(list(parsed), bool(parsed.state.flags & _IGNORECASE), repeated=False):
        return ("repeats a choice between alternatives that can begin alike, which can take exponential time "
                "on some text; make the alternatives exclusive (none starting the way another does) or use a "
                "character class, e.g. [ab] rather than (a|b|ab)")
    return None


def joinable_problem(pattern: str) -> str | None:
    """Why `pattern` (which compiles) cannot be one branch of an alternation of several, or None:
    a group of its own would be numbered after the others' groups, and a name may clash."""
    if regex(pattern).groups:
        return ("has a capturing group or a backreference; use (?:...) instead of (...) here: "
                "the patterns are combined into one")
    return None


_LEADING_FLAGS = regex(r"(?:\(\?[aiLmsux]+\))+")


def as_group(pattern: str) -> str:
    """`pattern` as a group that can join others in one alternation: leading flags such as (?i)
    become the group's own."""
    flags = _LEADING_FLAGS.match(pattern)
    if not flags:
        return f"(?:{pattern})"
    letters = "".join(sorted(set(flags[0]) - set("(?)")))
    # In verbose mode a comment runs to the end of the line: it must not swallow the group's end.
    end = "\n)" if "x" in letters else ")"
    return f"(?{letters}:{pattern[flags.end():]}{end}"


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


def _nested(items: list[Any], outer: int, after: list[Any] | None = None) -> int:
    """The largest count (MAXREPEAT: unbounded) of a repeat of more than one round that holds an
    unbounded repeat among `items` (inside a repeat of `outer` rounds), or 0 when there is none.
    `after` is what may follow `items`: the next round of the repeat around them, or what comes
    after that repeat (_END: the pattern's end). A possessive repeat never gives back what it
    took, so it is harmless either way."""
    after = [_END] if after is None else after
    worst = 0
    for i, (op, av) in enumerate(items):
        high = av[1] if op in _REPEATS else 0
        rest = items[i + 1:] + after
        if high > _UNBOUNDED and outer > 1 and (outer > _UNBOUNDED or not _stops_by_itself(av[2], rest)):
            return outer
        if op in _REPEATS or op == _POSSESSIVE:
            # after a round: another round, or what follows the repeat
            inner = [(sre_constants.BRANCH, (None, [list(av[2]), rest]))] if av[1] > 1 else rest
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            inner = [_END]
        else:
            inner = rest
        for child in _children(op, av):
            worst = max(worst, _nested(child, max(outer, high), inner))
    return worst


def _stops_by_itself(body: Any, following: list[Any]) -> bool:
    """Whether a repeat of one character class, such as the \\s+ of (?:\\s+[A-Z]\\w*){0,12}, must end
    just where it does: when what must follow it cannot begin with a character it takes. Then
    the rounds of an outer repeat cannot share its text out in different ways."""
    if len(body) != 1 or body[0][0] not in (sre_constants.LITERAL, sre_constants.IN):
        return False
    taken, _ = _firsts(list(body), ignorecase=True)
    after, can_be_empty = _firsts(following, ignorecase=True)
    return not can_be_empty and not _overlap(taken, after)


def _repeats_in_a_row(items: list[Any], ignorecase: bool) -> bool:
    """Whether an unbounded repeat of one character class is followed, with nothing between
    but what can be empty, by another unbounded repeat that can take the same characters:
    `a*a*b` tries every way of sharing a run of a's between them, as many as its length squared."""
    for i, (op, av) in enumerate(items):
        if op in _REPEATS and av[1] > _UNBOUNDED and len(av[2]) == 1 and av[2][0][0] in _ONE_CHARACTER:
            taken, _ = _firsts(list(av[2]), ignorecase)
            for op2, av2 in items[i + 1:]:
                if op2 in _ZERO_WIDTH:
                    continue
                if op2 in _REPEATS and av2[1] > _UNBOUNDED and _overlap(taken, _firsts(list(av2[2]), ignorecase)[0]):
                    return True
                if not _firsts([(op2, av2)], ignorecase)[1]:
                    break
        inner = ignorecase
        if op == sre_constants.SUBPATTERN:
            inner = (ignorecase or bool(av[1] & _IGNORECASE)) and not av[2] & _IGNORECASE
        for child in [list(av)] if op == _ATOMIC else _children(op, av):
            if _repeats_in_a_row(child, inner):
                return True
    return False


_ANY = None  # for first characters: any character at all
_END = (sre_constants.IN, [])  # the end of the pattern, or of a lookaround: no character follows
_CATEGORIES = {sre_constants.CATEGORY_DIGIT: r"\d", sre_constants.CATEGORY_WORD: r"\w",
               sre_constants.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}
_ATOMIC = getattr(sre_constants, "ATOMIC_GROUP", None)
_ONE_CHARACTER = {sre_constants.LITERAL, sre_constants.IN}


def _ambiguous_choice(items: list[Any], ignorecase: bool, repeated: bool) -> bool:
    """Whether a choice inside a repeat of more than _MANY rounds has two alternatives that can
    begin alike: then a failing match can try each round both ways, twice the work a round."""
    for op, av in items:
        if op == sre_constants.BRANCH and repeated:
            branches = [list(branch) for branch in av[1]]
            if any(_alike(a, b, ignorecase) for i, a in enumerate(branches) for b in branches[i + 1:]):
                return True
        inner = ignorecase
        if op == sre_constants.SUBPATTERN:
            inner = (ignorecase or bool(av[1] & _IGNORECASE)) and not av[2] & _IGNORECASE
        many = op in _REPEATS and av[1] > _MANY  # (a|a){0,30} is 2**30 tries too
        # A lookaround, atomic group or possessive repeat never goes back on a choice once made
        # (though a repeat inside one can still go back and forth within it).
        settled = op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) or op in (_POSSESSIVE, _ATOMIC)
        for child in [list(av)] if op == _ATOMIC else _children(op, av):
            if _ambiguous_choice(child, inner, (repeated or many) and not settled):
                return True
    return False


def _alike(a: list[Any], b: list[Any], ignorecase: bool) -> bool:
    """Whether alternatives `a` and `b` can begin with the same text, as far as their first
    characters tell: `of|on` cannot, `a|ab` and `\\w+|x` can. One that can be empty is like any."""
    while True:
        a = list(dropwhile(lambda item: item[0] in _ZERO_WIDTH, a))
        b = list(dropwhile(lambda item: item[0] in _ZERO_WIDTH, b))
        if not (a and b and a[0][0] in _ONE_CHARACTER and b[0][0] in _ONE_CHARACTER):
            break
        if not _overlap(_firsts(a[:1], ignorecase)[0], _firsts(b[:1], ignorecase)[0]):
            return False
        a, b = a[1:], b[1:]
    first_a, empty_a = _firsts(a, ignorecase)
    first_b, empty_b = _firsts(b, ignorecase)
    return empty_a or empty_b or _overlap(first_a, first_b)


def _firsts(items: list[Any], ignorecase: bool) -> tuple[set[Any] | None, bool]:
    """The characters a match of `items` can begin with (single characters, and \\d \\w \\s by
    name; None: any), and whether it can be empty. Errs towards more characters."""
    c = sre_constants
    found: set[Any] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        empty = False
        chars: set[Any] | None = set()
        if op == c.LITERAL:
            _add(chr(av), ignorecase, chars)
        elif op == c.IN:
            members = _class_members(av, ignorecase)
            if members is None or not members[1] <= _CATEGORIES.keys():
                chars = _ANY
            else:
                chars = members[0] | {_CATEGORIES[category] for category in members[1]}
        elif op == c.SUBPATTERN:
            _, add, remove, sub = av
            chars, empty = _firsts(list(sub), (ignorecase or bool(add & _IGNORECASE)) and not remove & _IGNORECASE)
        elif op == c.BRANCH:
            for branch in av[1]:
                more, can_be_empty = _firsts(list(branch), ignorecase)
                chars = _ANY if chars is _ANY or more is _ANY else chars | more
                empty = empty or can_be_empty
        elif op in _REPEATS or op == _POSSESSIVE:
            chars, empty = _firsts(list(av[2]), ignorecase)
            empty = empty or av[0] == 0
        elif op == _ATOMIC:
            chars, empty = _firsts(list(av), ignorecase)
        else:  # ANY, NOT_LITERAL, a backreference...
            chars = _ANY
        if chars is _ANY:
            return _ANY, False
        found |= chars
        if not empty:
            return found, False
    return found, True


def _overlap(a: set[Any] | None, b: set[Any] | None) -> bool:
    if a is _ANY or b is _ANY or a & b:
        return True
    return any(_meets(x, y) for x in a for y in b)


def _meets(x: str, y: str) -> bool:
    """Whether first characters `x` and `y` (a character or a category such as \\d) can be one."""
    if len(x) == 1 and len(y) == 1:
        return x == y
    if len(x) == 1 or len(y) == 1:
        char, category = (x, y) if len(x) == 1 else (y, x)
        return regex(category).fullmatch(char) is not None
    return x == y or {x, y} == {r"\d", r"\w"}


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


def _class_members(items: Any, ignorecase: bool) -> tuple[set[str], set[Any]] | None:
    """The characters a character class lists (each case, when case is ignored) and the categories
    it names (\\d, \\w...); None when it holds anything else (a negation, a wide range)."""
    c = sre_constants
    chars: set[str] = set()
    categories: set[Any] = set()
    for kind, value in items:
        if kind == c.LITERAL:
            _add(chr(value), ignorecase, chars)
        elif kind == c.RANGE and value[1] - value[0] <= _MAX_RANGE:
            for code in range(value[0], value[1] + 1):
                _add(chr(code), ignorecase, chars)
        elif kind == c.CATEGORY:
            categories.add(value)
        else:
            return None
    return chars, categories


def _item_leads(op: Any, av: Any, ignorecase: bool) -> set[tuple[str, bool]] | None:
    c = sre_constants
    if op == c.LITERAL:
        chars: set[str] = set()
        _add(chr(av), ignorecase, chars)
        return {(ch, True) for ch in chars}
    if op == c.IN:
        members = _class_members(av, ignorecase)
        if members is None or not members[1] <= {c.CATEGORY_DIGIT}:
            return None
        # \d lists only the ASCII digits, so a beginning ends at one (a word that starts with
        # another script's digit is never ruled out by its beginning: see Detector).
        digits = {(d, False) for d in "0123456789"} if members[1] else set()
        return {(ch, True) for ch in members[0]} | digits
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
