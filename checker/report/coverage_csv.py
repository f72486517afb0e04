"""`checker coverage --format csv`: tidy data for spreadsheets, one row per draft and question
(drafts in name order), every cell on one line. A draft's own figures (overall score, lint's
counts, days late, findings on the draft as a whole) repeat on each of its rows, so any row can be
filtered or pivoted alone."""

from __future__ import annotations

import csv
from typing import Any, TextIO

from checker.model.findings import Report
from checker.report.escape import csv_cell, csv_name
from checker.score.summary import finding_text, missing_text, summarize

COLUMNS = (
    "path",
    "question_set",
    "question",
    "title",
    "required",
    "status",
    "score",
    "evidence_found",
    "missing",
    "line",
    # added with lint's findings (columns are only ever added, at the end)
    "lint_status",  # lint's word for the answer: answered, placeholder, merged, empty, missing, omitted
    "capped",
    "finding_codes",  # lint's findings on this answer: codes, space-separated
    "findings",  # the same, each with severity, line and message, " | " between them
    "draft_overall",
    "draft_errors",
    "draft_warnings",
    "draft_structural",
    "draft_late_days",
    "draft_findings",  # findings on the draft as a whole (header, sections answering nothing): code and line
)


def render(report: Report, stream: TextIO, color: bool = False, **_: Any) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in summarize(report).by_name:
        whole = "; ".join(f"{x.code} line {x.line}" for x in f.draft_findings)
        for row in f.rows:
            e = row.evidence
            mine = f.findings_on(row.question.id)
            writer.writerow(
                csv_cell(cell)
                for cell in [
                    csv_name(f.path),
                    f.question_set,
                    row.question.id,
                    row.question.title,
                    "yes" if row.required else "no",
                    e.status if e else "optional",
                    e.score if e else "",
                    " | ".join(f"{x.line}: {x.words}" for x in e.found) if e else "",
                    missing_text(e),
                    row.section.line if row.section else "",
                    row.status,
                    (e.capped or "") if e else "",
                    " ".join(x.code for x in mine),
                    " | ".join(finding_text(x) for x in mine),
                    f.overall,
                    f.errors,
                    f.warnings,
                    f.structural,
                    "" if f.late_days is None else f.late_days,
                    whole,
                ]
            )
