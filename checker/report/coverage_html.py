"""`checker coverage --format html`: one self-contained page (no scripts, no network) to open
or mail: the drafts x questions heat map, then each draft's questions with evidence and gaps."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import TextIO

from checker import __version__
from checker.model.findings import QuestionScore, Report
from checker.report.escape import html as escape
from checker.score.summary import STATUSES, Coverage, FileCoverage, lacking_lines, summarize

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1c1c;margin:24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 6px;border-bottom:1px solid #ccc}
.sub{color:#555;margin:0 0 18px}table{border-collapse:collapse;margin:8px 0 16px}
th,td{border:1px solid #d6d6d6;padding:4px 7px;vertical-align:top;text-align:left}
th{background:#f3f3f3;font-weight:600}td.num,th.num{text-align:right;white-space:nowrap}
table.matrix td.cell{text-align:center;font-variant-numeric:tabular-nums;min-width:54px}
.complete{background:#cdebc5}.partial{background:#fbeaa6}.weak{background:#f8c59b}
.empty,.missing{background:#f3a3a3}.none{background:#fafafa;color:#999}
.legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #d6d6d6}
ul{margin:0;padding-left:18px}li{margin:0}.line{color:#666;font-size:12px}
a{color:#0b57d0;text-decoration:none}
"""


def _cell(score: QuestionScore | None) -> str:
    if score is None:
        return '<td class="cell none">–</td>'
    return (
        f'<td class="cell {score.status}" title="{escape(score.status)}">{score.score}'
        f"<br><small>{escape(score.status)}</small></td>"
    )


def _anchor(i: int) -> str:
    return f"draft-{i + 1}"


def _matrix(coverage: Coverage) -> str:
    names = [PurePath(f.path).name for f in coverage.files]
    head = "".join(f'<th class="num"><a href="#{_anchor(i)}">{escape(n)}</a></th>' for i, n in enumerate(names))
    rows = []
    for q in coverage.questions:
        rows.append(
            f"<tr><th>{escape(q.id)}</th><td>{escape(q.title)}</td>{''.join(_cell(c) for c in q.cells)}"
            f'<td class="num">{"" if q.mean is None else q.mean}</td><td class="num">{q.weak}</td></tr>'
        )
    totals = "".join(f'<td class="cell"><b>{f.overall}</b></td>' for f in coverage.files)
    return (
        f'<table class="matrix" id="matrix"><thead><tr><th>ID</th><th>Question</th>{head}'
        f'<th class="num">Mean</th><th class="num">Weak in</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th></th><th>Overall coverage</th>{totals}<td class="num"><b>{coverage.overall}</b></td>'
        f"<td></td></tr></tfoot></table>"
    )


def _draft(i: int, f: FileCoverage) -> str:
    rows = []
    for row in f.rows:
        e = row.evidence
        if e is None:
            rows.append(
                f"<tr><th>{escape(row.question.id)}</th><td>{escape(row.question.title)}</td>"
                '<td class="none">optional</td><td></td><td></td><td></td></tr>'
            )
            continue
        found = "".join(
            f'<li>{escape(x.words)} <span class="line">line {x.line}, {escape(x.kind)}</span></li>' for x in e.found
        )
        missing = "".join(f"<li>{escape(m)}</li>" for m in lacking_lines(e))
        where = f' <span class="line">line {row.section.line}</span>' if row.section else ""
        rows.append(
            f"<tr><th>{escape(row.question.id)}</th><td>{escape(row.question.title)}{where}</td>"
            f'<td class="{e.status}">{escape(e.status)}</td><td class="num">{e.score}</td>'
            f"<td><ul>{found}</ul></td><td><ul>{missing}</ul></td></tr>"
        )
    counts = ", ".join(f"{n} {s}" for s, n in f.counts.items() if n)
    return (
        f'<h2 id="{_anchor(i)}">{escape(f.path)}</h2><p class="sub">Coverage <b>{f.overall}/100</b> against '
        f"{escape(f.question_set)}: {escape(counts)}</p><table><thead><tr><th>ID</th><th>Question</th>"
        '<th>Status</th><th class="num">Score</th><th>Evidence found</th><th>What is missing</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render(report: Report, stream: TextIO, color: bool = False, *, today: date | None = None) -> None:
    coverage = summarize(report)
    when = (today or date.today()).isoformat()
    legend = "".join(f'<span class="{s}">{s}</span>' for s in STATUSES)
    stream.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Evidence coverage</title><style>{CSS}</style></head><body>"
        f'<h1>Evidence coverage</h1><p class="sub">{len(coverage.files)} draft(s), checked {when} by checker '
        f"{__version__}. Each score (0-100) is how many of its question's asks an answer answers, and how "
        "well: with specific, dated, attributed facts, or only with hedged or vague ones; the tables below say "
        "what was found and what is lacking.</p>"
        f'<p class="legend">{legend}</p>{_matrix(coverage)}'
        + "".join(_draft(i, f) for i, f in enumerate(coverage.files))
        + "</body></html>\n"
    )
