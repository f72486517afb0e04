"""Inline waivers a drafter writes into a draft, each with a reason someone can audit later.

    Markdown:  <!-- checker: ignore CQ202 -- figures arrive from the ministry on 10 Feb -->
    Cable:     [checker: ignore CQ101 for 7B -- post gives no foreign assistance]

Without `for ID` a waiver covers the item it stands in (or, above the first block, the header).
A waiver without a reason waives nothing and is itself reported; so is one that waives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checker.model.document import Document
from checker.model.findings import Finding
from checker.model.matches import MatchResult
from checker.read.drafts import lines_matching

# Written so that no two parts can take the same run of spaces in turn (a body may end only on a
# non-space; spaces before a separator are taken possessively), and so that a waiver left open
# looks no further than MAX_WAIVER characters for its end: a long run of spaces, or thousands of
# unclosed openers on one line, made matching take quadratic time, enough to hang a commit.
MAX_WAIVER = 1000
_DIRECTIVE = re.compile(
    r"(?:<!--|\[)\s*checker\s*:\s*(?:ignore|disable|waive)\b"
    rf"(?P<body>(?:.{{0,{MAX_WAIVER}}}?\S)??)\s{{0,{MAX_WAIVER}}}+(?:-->|\])",
    re.IGNORECASE,
)
_MENTION = re.compile(r"checker", re.IGNORECASE)  # every waiver names checker
_WHOLE_LINE = re.compile(r"^\s*(?:<!--|\[)\s*checker\s*:.*(?:-->|\])\s*$", re.IGNORECASE)
_BODY = re.compile(
    r"^\s*+(?P<codes>[A-Za-z0-9](?:[A-Za-z0-9,\s-]*?[A-Za-z0-9,-])??)\s*+"
    r"(?:\bfor\s++(?P<question>\d{1,2}\s*+(?:\.\s*+)?[A-Za-z])\b\s*+)?"
    r"(?:(?:--|—|:|\bbecause\b)\s*(?P<reason>.*))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Directive:
    """A waiver written in the draft: which rules it silences, where, and why."""

    line: int
    column: int
    codes: tuple[str, ...]  # as written: ids or names
    question: str | None  # the item it covers; None for the header
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class DirectiveStatus:
    """How a waiver fared in a run: codes that name no rule, and findings it waived."""

    directive: Directive
    unknown: tuple[str, ...]  # codes that name no rule
    used: int  # findings it waived


def is_directive_line(line: str) -> bool:
    """Lines the parsers must not read as answer text."""
    return bool(_WHOLE_LINE.match(line)) and bool(_DIRECTIVE.search(line))


def directive_line_indexes(lines: Sequence[str]) -> tuple[int, ...]:
    """The (0-based) lines that can hold a waiver: those that mention checker at all."""
    return lines_matching(lines, _MENTION)


def find_directives(document: Document, matches: MatchResult) -> list[Directive]:
    first_block = min((b.line for b in document.blocks), default=len(document.lines) + 1)
    found = []
    for index in directive_line_indexes(document.lines):
        for m in _DIRECTIVE.finditer(document.lines[index]):
            body = _BODY.match(m["body"])
            if body is None:
                continue
            codes = tuple(c for c in re.split(r"[,\s]+", body["codes"].strip()) if c)
            lineno = index + 1
            question = (body["question"] or "").replace(" ", "").replace(".", "").upper() or None
            if question is None and lineno >= first_block:
                question = _item_at(lineno, matches)
            found.append(Directive(lineno, m.start() + 1, codes, question, (body["reason"] or "").strip(), m.group(0)))
    return found


def _item_at(line: int, matches: MatchResult) -> str | None:
    """The question of the last item heading at or above `line`: the item the waiver stands in."""
    above = [m for m in matches.matches if m.section.line <= line]
    last = max(above, key=lambda m: m.section.line, default=None)
    return last.question.id if last is not None and last.question is not None else None


def apply_suppressions(
    findings: Sequence[Finding], directives: Iterable[Directive], known: dict[str, str]
) -> tuple[list[Finding], list[tuple[Finding, str]], list[DirectiveStatus]]:
    """Split findings into kept and waived; `known` maps rule ids and names to rule ids."""
    kept = list(findings)
    waived: list[tuple[Finding, str]] = []
    statuses = []
    for d in directives:
        codes = {known[c.upper()] if c.upper() in known else known.get(c.lower(), "") for c in d.codes}
        unknown = tuple(c for c in d.codes if c.upper() not in known and c.lower() not in known)
        used = 0
        if d.reason:
            for f in list(kept):
                if f.code in codes and f.question == d.question:
                    kept.remove(f)
                    waived.append((f, d.reason))
                    used += 1
        statuses.append(DirectiveStatus(d, unknown, used))
    return kept, waived, statuses
