"""`checker coverage --format markdown`: fits a pull-request comment or a CI job summary."""

from __future__ import annotations

from pathlib import PurePath
from typing import TextIO

from checker.model.findings import Report
from checker.report.escape import markdown as _md
from checker.score.summary import found_text, missing_text, summarize

MARK = {"complete": "✅", "partial": "🟡", "weak": "🟠", "empty": "🔴", "missing": "🔴"}


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    coverage = summarize(report)
    out = stream.write
    if len(coverage.files) == 1:
        f = coverage.files[0]
        out(f"## Evidence coverage: {_md(f.path)}\n\n")
        out(
            f"**{f.overall}/100** against `{f.question_set.replace('`', '')}`: "
            + ", ".join(f"{n} {s}" for s, n in f.counts.items() if n)
            + "\n\n"
        )
        out("| ID | Title | Status | Score | Evidence found | What is missing |\n|---|---|---|---:|---|---|\n")
        for row in f.rows:
            e = row.evidence
            if e is None:
                out(f"| {_md(row.question.id)} | {_md(row.question.title)} | optional | | | |\n")
                continue
            out(
                f"| {_md(row.question.id)} | {_md(row.question.title)} | {MARK[e.status]} {e.status} | {e.score} | "
                f"{_md(found_text(e))} | {_md(missing_text(e))} |\n"
            )
        return
    names = [PurePath(f.path).name for f in coverage.files]
    out(f"## Evidence coverage of {len(names)} drafts\n\n")
    out("| ID | Title | " + " | ".join(_md(n) for n in names) + " | Mean | Weak in |\n")
    out("|---|---|" + "---:|" * (len(names) + 2) + "\n")
    for q in coverage.questions:
        cells = ["" if c is None else f"{MARK[c.status]} {c.score}" for c in q.cells]
        out(
            f"| {_md(q.id)} | {_md(q.title)} | "
            + " | ".join(cells)
            + f" | {'' if q.mean is None else q.mean} | {q.weak} |\n"
        )
    out(
        "| | **Overall** | "
        + " | ".join(f"**{f.overall}**" for f in coverage.files)
        + f" | **{coverage.overall}** | |\n\n"
    )
    out("✅ complete · 🟡 partial · 🟠 weak · 🔴 empty or missing\n")
