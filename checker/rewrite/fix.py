"""`checker fix`: repair what lint can repair mechanically (labels carrying another question's
number, cross-references whose intended target lint named), touching only those spans.

Every other byte of the draft stays as it was: encoding, byte-order mark, line endings, trailing
spaces, the web page around a saved cable. A plan is verified before anything is written: after
it, lint must report none of the findings it fixes and nothing new."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checker.engine import check_draft
from checker.errors import DraftError
from checker.model.findings import FileReport, Finding
from checker.model.totals import fixable
from checker.read.docx import is_docx
from checker.read.drafts import (
    Decoded,
    DraftText,
    Lines,
    decode_exactly,
    draft_file,
    empty_draft,
)
from checker.read.files import Snapshot
from checker.toolkit import Toolkit


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement in the draft's text: characters start to end become `new`."""

    start: int
    end: int
    new: str
    finding: Finding | None = None  # the finding it repairs (fix), or None (migrate)
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FixPlan:
    """What fix or migrate would write, the edits that make it, and what is left for the drafter."""

    path: str
    decoded: Decoded
    edits: tuple[Edit, ...]
    left: tuple[Finding, ...]  # for the drafter: what no mechanical change can repair
    fixed_text: str
    notes: tuple[str, ...] = ()  # what the drafter must still do by hand, in words
    read: Snapshot | None = None  # the draft as it was read: it is written over only if still that
    summary: str = ""  # what was done, in words, when more than the command's name says ("migrated to ... from ...")

    @property
    def changed(self) -> bool:
        return bool(self.edits)

    def diff(self) -> str:
        before, after = _patch_lines(self.decoded.text), _patch_lines(self.fixed_text)
        from checker.report.escape import patch_name

        name = self.path.lstrip("/")
        return "".join(difflib.unified_diff(before, after, patch_name(f"a/{name}"), patch_name(f"b/{name}")))


def _patch_lines(text: str) -> list[str]:
    """Lines as patch and git count them, each with its line feed: str.splitlines also breaks at
    form feeds and other separators cables carry, and the diff's line numbers would drift."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _lint(path: str, text: str, toolkit: Toolkit) -> FileReport:
    return check_draft(DraftText(path, text), toolkit)


def _span(lines: Lines, f: Finding) -> tuple[int, int] | None:
    """Where the finding's label stands in the draft, as a whole token, or None."""
    if not f.label or f.line > len(lines):
        return None
    line = lines[f.line - 1]
    for m in re.finditer(re.escape(f.label), line):
        if m.start() < f.column - 1:
            continue
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        if not before.isalnum() and not after.isalnum():
            offset = lines.offset(f.line - 1)
            return offset + m.start(), offset + m.end()
    return None


def read_for_rewrite(path: str, command: str) -> tuple[Decoded, Snapshot | None]:
    data, read = draft_file(path)
    if is_docx(data):
        raise DraftError(f"{path}: checker {command} does not edit Word documents; make the changes in Word")
    decoded = decode_exactly(data, path)
    if not decoded.text.strip():  # as lint says: there is nothing to repair or carry forward
        raise empty_draft(path)
    return decoded, read


def apply_edits(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.new + text[edit.end :]
    return text


def plan_fixes(path: str, toolkit: Toolkit) -> FixPlan:
    decoded, read = read_for_rewrite(path, "fix")
    report = _lint(path, decoded.text, toolkit)
    lines = Lines(decoded.text)
    edits: dict[tuple[int, int], Edit] = {}
    left = []
    for f in report.findings:
        span = _span(lines, f) if fixable(f) else None
        if span is None:
            left.append(f)
        elif span not in edits:
            edits[span] = Edit(span[0], span[1], f.fix, f)  # type: ignore[arg-type]
    ordered = sorted(edits.values(), key=lambda e: e.start)
    plan = FixPlan(path, decoded, tuple(ordered), tuple(left), apply_edits(decoded.text, ordered), read=read)
    _verify(plan, report, toolkit)
    return plan


def _verify(plan: FixPlan, before: FileReport, toolkit: Toolkit) -> None:
    """Refuse a plan that leaves what it fixes, or brings anything new."""
    if not plan.changed:
        return
    after = _lint(plan.path, plan.fixed_text, toolkit)
    fixed = {id(e.finding) for e in plan.edits if e.finding is not None}
    # By rule and question only: a finding's fingerprint holds its heading, which a fix may retitle.
    expected = Counter((f.code, f.question) for f in before.findings if id(f) not in fixed)
    got = Counter((f.code, f.question) for f in after.findings)
    if got - expected:
        surprise = next(iter(got - expected))
        raise DraftError(
            f"{plan.path}: fixing would leave or bring {surprise[0]} for {surprise[1] or 'the draft'}; "
            "nothing was changed, make these edits by hand"
        )


def write_fixes(plan: FixPlan, force: bool = False) -> None:
    """Replace the draft with the plan's text, if it is still the file the plan was made from
    (read-only drafts only when `force`); a CheckerError, the draft untouched, when not."""
    from checker.write.files import replace_draft

    if plan.read is None:
        raise DraftError(f"{plan.path}: is not a regular file (a pipe or device); run without --write to see the diff")
    replace_draft(Path(plan.path), plan.decoded.encode(plan.fixed_text), plan.read, force)
