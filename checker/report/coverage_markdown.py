"""`checker coverage --format markdown`: sized for a pull-request comment or a CI job summary
(GitHub takes 65,536 characters at most; a 180-draft cycle stays far below).

One draft: its questions with status, score, evidence, gaps and lint's findings. Several: the
cycle at a glance, the weakest drafts and questions, then every draft ranked, inside <details>;
the full drafts x questions matrix up to MATRIX_UP_TO drafts, or with --matrix."""

from __future__ import annotations

from typing import Any, TextIO

from checker.model.findings import Report
from checker.report.escape import markdown as _md
from checker.score.summary import (
    Coverage,
    Cycle,
    FileCoverage,
    cycle,
    finding_text,
    found_text,
    lint_summary,
    missing_text,
    summarize,
    thresholds_text,
    weakest_text,
)

MARK = {"complete": "✅", "partial": "🟡", "weak": "🟠", "empty": "🔴", "missing": "⛔"}
TOP = 10
MATRIX_UP_TO = 10  # drafts: above, the full matrix only with --matrix


def _code(text: str) -> str:
    return "`" + text.replace("`", "") + "`"


def render(
    report: Report, stream: TextIO, color: bool = False, *, matrix: bool = False, top: int = TOP, **_: Any
) -> None:
    coverage = summarize(report)
    out = stream.write
    if not coverage.files:
        out("## Evidence coverage\n\nNo draft could be read.\n")
        _unreadable(out, report)
        return
    if len(coverage.files) == 1:
        _one(out, coverage.files[0])
        _unreadable(out, report)
        return
    c = cycle(coverage)
    _summary(out, c, top)
    _unreadable(out, report)
    if matrix or len(coverage.files) <= MATRIX_UP_TO:
        _matrix(out, coverage, folded=len(coverage.files) > MATRIX_UP_TO)
    out(f"\n{' · '.join(f'{MARK[s]} {s}' for s in MARK)} · ❗ lint reports a finding on the answer\n")


def _one(out: Any, f: FileCoverage) -> None:
    out(f"## Evidence coverage: {_md(f.path)}\n\n")
    counts = ", ".join(f"{n} {s}" for s, n in f.counts.items() if n)
    out(f"**{f.overall}/100** against {_code(f.question_set)}: {counts}. Lint: {_md(lint_summary(f))}.\n\n")
    out("| ID | Title | Status | Score | Evidence found | What is missing | Lint |\n|---|---|---|---:|---|---|---|\n")
    for row in f.rows:
        e = row.evidence
        codes = _md(" ".join(x.code for x in f.findings_on(row.question.id)))
        if e is None:
            out(f"| {_md(row.question.id)} | {_md(row.question.title)} | optional | | | | {codes} |\n")
            continue
        out(
            f"| {_md(row.question.id)} | {_md(row.question.title)} | {MARK[e.status]} {e.status} | {e.score} | "
            f"{_md(found_text(e))} | {_md(missing_text(e))} | {codes} |\n"
        )
    if f.findings:
        out(f"\n<details><summary>What lint reports ({len(f.findings)})</summary>\n\n")
        for x in f.findings:
            out(f"- {_md(finding_text(x))}\n")
        out("\n</details>\n")


def _unreadable(out: Any, report: Report) -> None:
    """The drafts that could not be read: in none of the figures, so named where the reader looks."""
    if report.unreadable:
        out(f"\n**{len(report.unreadable)}** could not be checked, and are in none of the figures:\n\n")
        out("".join(f"- {_md(line)}\n" for line in report.unreadable))


def _draft_row(f: FileCoverage, rank: int | None = None) -> str:
    late = "" if f.late_days is None else str(f.late_days)
    cells = [
        *([str(rank)] if rank is not None else []),
        _md(f.label),
        f"**{f.overall}**",
        *(str(f.counts[s] or "") for s in ("weak", "empty", "missing")),
        str(f.structural or ""),
        late,
        str(f.errors or ""),
        str(f.warnings or ""),
        _md(weakest_text(f)),
    ]
    return "| " + " | ".join(cells) + " |\n"


_DRAFT_HEAD = (
    "Draft | Overall | Weak | Empty | Missing | Structural | Days late | Errors | Warnings | Weakest questions |\n"
)
_DRAFT_RULE = "---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"


def _summary(out: Any, c: Cycle, top: int) -> None:
    files = c.coverage.files
    sets = ", ".join(_code(s) for s in sorted({f.question_set for f in files}))
    out(f"## Evidence coverage of {len(files)} drafts\n\n")
    out(
        f"Against {sets}: overall score mean **{c.mean}**, median **{c.median}** · **{len(c.late)}** sent late · "
        f"**{len(c.broken)}** structurally broken · **{c.with_errors}** with lint errors\n\n"
    )
    out(f"Statuses: {_md(thresholds_text(c.coverage))}.\n\n")
    most = max((b.drafts for b in c.bands), default=0) or 1
    out("| Overall score | Drafts | |\n|---:|---:|---|\n")
    for b in reversed(c.bands):
        out(f"| {b.label} | {b.drafts} | {'█' * round(20 * b.drafts / most)} |\n")
    shown = c.drafts_ranked[:top]
    out(f"\n### Weakest drafts ({len(shown)} of {len(files)})\n\n| {_DRAFT_HEAD}|{_DRAFT_RULE}")
    for f in shown:
        out(_draft_row(f))
    weak = [q for q in c.questions_ranked if q.weak][:top]
    out(f"\n### Weakest questions across drafts ({len(weak)} of {len(c.questions_ranked)})\n\n")
    if weak:
        out("| ID | Title | Mean | Weak | Empty | Missing | Lint findings |\n|---|---|---:|---:|---:|---:|---:|\n")
        for q in weak:
            out(
                f"| {_md(q.label)} | {_md(q.title)} | {q.mean} | {q.count('weak')} | {q.count('empty')} | "
                f"{q.count('missing')} | {q.flagged} |\n"
            )
    else:
        out("No question is weak, empty or missing in any draft.\n")
    if c.late:
        out(f"\n<details><summary>Sent late ({len(c.late)})</summary>\n\n| Draft | Days late |\n|---|---:|\n")
        out("".join(f"| {_md(f.label)} | {f.late_days} |\n" for f in c.late) + "\n</details>\n")
    if c.broken:
        out(f"\n<details><summary>Structurally broken ({len(c.broken)})</summary>\n\n")
        out("| Draft | Structural findings |\n|---|---|\n")
        for f in c.broken:
            codes = ", ".join(f"{x.code} line {x.line}" for x in f.structural_findings)
            out(f"| {_md(f.label)} | {_md(codes)} |\n")
        out("\n</details>\n")
    out(f"\n<details><summary>Every draft, weakest first ({len(files)})</summary>\n\n")
    out(f"| # | {_DRAFT_HEAD}|---:|{_DRAFT_RULE}")
    for rank, f in enumerate(c.drafts_ranked, 1):
        out(_draft_row(f, rank))
    out("\n</details>\n")


def _matrix(out: Any, coverage: Coverage, folded: bool) -> None:
    files = coverage.by_name
    order = coverage.name_order
    if folded:
        out(f"\n<details><summary>Every draft by every question ({len(files)} x {len(coverage.questions)})</summary>\n")
    out("\n| Draft | Overall | " + " | ".join(_md(q.label) for q in coverage.questions) + " |\n")
    out("|---|---:|" + "---:|" * len(coverage.questions) + "\n")
    for f, k in zip(files, order):
        cells = []
        for q in coverage.questions:
            c = q.cells[k]
            flag = "❗" if f.findings_on(q.id) else ""
            cells.append("" if c is None else f"{MARK[c.status]}{c.score}{flag}")
        out(f"| {_md(f.label)} | **{f.overall}** | " + " | ".join(cells) + " |\n")
    means = " | ".join("" if q.mean is None else str(q.mean) for q in coverage.questions)
    out(f"| **Mean** | **{coverage.overall}** | {means} |\n")
    if folded:
        out("\n</details>\n")
