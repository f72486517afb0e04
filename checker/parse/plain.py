"""Plain-text drafts numbered as an outline ("1 Overview", "2.1 Storage", "2.1.3 Backups"), as
people write replies to a numbered template in a plain editor or an e-mail.

Such a draft is read as Markdown whose headings are those numbered lines, each at the depth its
number gives, so that one reader serves outlines of any depth. The lines are rewritten in place,
one for one, so every line number stays the draft's."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A number of one to six parts, an optional full stop, then a title on the rest of the line
# (a number of two parts or more may stand alone: "2.1.3").
_NUMBERED = re.compile(r"^[ \t]{0,3}(?P<number>\d{1,3}(?:\.\d{1,3}){0,5})\.?(?:[ \t]+(?P<title>\S.*))?[ \t]*$")
_MIN_HEADINGS = 3  # fewer numbered lines are a list inside an answer, not the draft's outline
_MIN_NESTED = 2  # and an outline has parts inside parts ("2.1"), which a cable's blocks never do


def _is_title(title: str) -> bool:
    """Names a topic: short, not a sentence (no full stop inside or at its end, no comma or
    semicolon at its end)."""
    if len(title) > 100 or re.search(r"[.;,]$", title) or re.search(r"[.!?]\s+\S", title):
        return False
    return any(c.isalpha() for c in title)


def as_markdown(lines: Sequence[str], paragraphs: bool = False) -> list[str] | None:
    """`lines` with each numbered heading written as a Markdown heading one level deeper than
    its number's parts ("2.1 Storage" -> "### 2.1 Storage"), or None when the draft is not a
    plain-text outline. `paragraphs`: each line is a paragraph of its own (a Word file's), so
    a heading needs no blank line before it, and numbered lines in a row are a table of contents
    only when their numbers come again later."""
    numbered: dict[int, tuple[int, ...]] = {}
    lone: set[int] = set()  # a whole number alone on its line: "3", or a page number
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line)
        title = (m["title"] or "").rstrip() if m else ""
        if m and (not title or _is_title(title)):
            numbered[i] = tuple(int(n) for n in m["number"].split("."))
            if not title and "." not in m["number"]:
                lone.add(i)
    found: dict[int, int] = {}  # line -> depth
    last: tuple[int, ...] = ()  # the outline's last number
    in_list = 0  # the last number of a list restarted at 1 inside an answer; 0 outside one
    at = list(numbered)
    in_run = _in_runs(at)
    listed = _contents(at, numbered, in_run) if paragraphs else in_run  # lines of a list or contents
    # For each numbered line, the next number after it other than a list's "1" (lists restarted
    # at 1 inside an answer say nothing of the outline), worked out in one pass from the end.
    later: list[tuple[int, ...] | None] = [None] * len(at)
    for k in range(len(at) - 2, -1, -1):
        after = numbered[at[k + 1]]
        later[k] = after if after != (1,) else later[k + 1]
    for k, i in enumerate(at):
        number = numbered[i]
        if listed[k]:
            continue  # three or more numbered lines in a row: a list, or a table of contents
        if not paragraphs and i and lines[i - 1].strip() and i - 1 not in found:
            continue  # a line running on from the text above
        following = numbered[at[k + 1]] if k + 1 < len(at) else ()
        if i in lone and not _next_part(number, last, later[k]):
            continue
        opens_parts = len(following) > len(number) and following[: len(number)] == number  # "2", then "2.1"
        restarts = number == (1,) and last and number <= last
        if restarts or in_list and number == (in_list + 1,) and not opens_parts:
            in_list = number[0]  # "1. Primary storage", "2. Backup" inside part 5.1: a list in its answer
            continue
        found[i], last, in_list = len(number), number, 0
    if len(found) < _MIN_HEADINGS or sum(1 for depth in found.values() if depth > 1) < _MIN_NESTED:
        return None
    return ["#" * min(6, found[i] + 1) + " " + line.strip() if i in found else line for i, line in enumerate(lines)]


def _next_part(number: tuple[int, ...], last: tuple[int, ...], later: tuple[int, ...] | None) -> bool:
    """Is a whole number alone on its line ("3") the outline's next top-level part rather than a
    page number? It must follow the last part's number ("2.4", then "3"), and the outline must
    go on from it (`later`: the next number in the draft): its own parts ("3.1") or a later
    one, never back ("2.5" after a page number "3")."""
    if number != (last[0] + 1 if last else 1,):
        return False
    return later is None or later > number


def _contents(at: list[int], numbered: dict[int, tuple[int, ...]], in_run: list[bool]) -> list[bool]:
    """Of the lines in runs of numbered lines, those of a table of contents: in a run whose first
    number is given again later, each line whose number is (a contents list runs straight into
    the first heading in a Word file; a list inside an answer starts at a number not given again)."""
    last = {numbered[i]: k for k, i in enumerate(at)}  # where each number is last given
    flags = [False] * len(at)
    contents = False
    for k, (i, flag) in enumerate(zip(at, in_run)):
        if flag and (k == 0 or not in_run[k - 1] or at[k - 1] != i - 1):  # a run starts
            contents = last[numbered[i]] > k
        flags[k] = flag and contents and last[numbered[i]] > k
    return flags


def _in_runs(at: list[int]) -> list[bool]:
    """For each numbered line (`at`, ascending), is it one of three or more in a row?"""
    flags = [False] * len(at)
    first = 0
    for k in range(1, len(at) + 1):
        if k == len(at) or at[k] != at[k - 1] + 1:
            if k - first >= 3:
                flags[first:k] = [True] * (k - first)
            first = k
    return flags
