"""`checker coverage --format csv`: one row per draft and question, for spreadsheets."""

from __future__ import annotations

import csv
from typing import TextIO

from checker.model.findings import Report
from checker.report.escape import csv_cell
from checker.score.summary import missing_text, summarize

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
)


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in summarize(report).files:
        for row in f.rows:
            e = row.evidence
            writer.writerow(
                csv_cell(cell)
                for cell in [
                    f.path,
                    f.question_set,
                    row.question.id,
                    row.question.title,
                    "yes" if row.required else "no",
                    e.status if e else "optional",
                    e.score if e else "",
                    " | ".join(f"{x.line}: {x.words}" for x in e.found) if e else "",
                    missing_text(e),
                    row.section.line if row.section else "",
                ]
            )
