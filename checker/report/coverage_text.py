"""`checker coverage` on a terminal: a table per draft, or a drafts x questions matrix."""

from __future__ import annotations

from pathlib import PurePath
from typing import TextIO

from checker.model.findings import Report
from checker.report.escape import terminal, terminal_block
from checker.score.summary import Coverage, found_text, missing_text, summarize

STYLE = {"complete": "green", "partial": "yellow", "weak": "red", "empty": "bold red", "missing": "bold red"}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items() if n)


def render(report: Report, stream: TextIO, color: bool = False, *, width: int | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    coverage: Coverage = summarize(report)
    console = Console(file=stream, no_color=not color, force_terminal=color, width=width, highlight=False)

    def cell(text: str, status: str | None) -> Text:
        return Text(text, style=STYLE.get(status or "", "") if color else "")

    def line(text: str) -> Text:  # a file name, or a line holding one
        return Text(terminal(text))

    def plain(text: str) -> Text:  # text from a draft or a question set, which may span lines
        return Text(terminal_block(text))

    if not coverage.files:  # every draft was unreadable: the reasons are on stderr
        return
    if len(coverage.files) == 1:
        f = coverage.files[0]
        table = Table(
            title=line(f"{f.path}: evidence coverage {f.overall}/100 against {f.question_set}"), title_justify="left"
        )
        for name in ("ID", "Title", "Status", "Score", "Evidence found", "What is missing"):
            table.add_column(
                name,
                no_wrap=name in ("ID", "Status", "Score"),
                ratio=2 if "Evidence" in name or "missing" in name else None,
            )
        for row in f.rows:
            e = row.evidence
            if e is None:
                table.add_row(line(row.question.id), plain(row.question.title), cell("optional", None), "", "", "")
                continue
            table.add_row(
                line(row.question.id),
                plain(row.question.title),
                cell(e.status, e.status),
                str(e.score),
                plain(found_text(e)),
                plain(missing_text(e)),
            )
        console.print(table)
        console.print(Text(f"Coverage {f.overall}/100: {_counts(f.counts)}"))
        return

    names = [PurePath(f.path).name for f in coverage.files]
    # Drafts are columns; when they do not all fit the terminal, they are numbered (#1, #2...),
    # named in a key, and shown a screenful of columns per table.
    numbered = sum(len(n) + 3 for n in names) + 60 > console.width
    heads = [f"#{i + 1}" for i in range(len(names))] if numbered else names
    per_table = max(1, (console.width - 36) // 8) if numbered else len(names)
    chunks = [range(i, min(i + per_table, len(names))) for i in range(0, len(names), per_table)]
    for n, chunk in enumerate(chunks):
        last = n == len(chunks) - 1
        title = f"Evidence coverage of {len(names)} drafts" + (
            f" ({n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
        )
        table = Table(title=Text(title), title_justify="left")
        table.add_column("ID", no_wrap=True)
        table.add_column("Title", max_width=24 if numbered else None)
        for i in chunk:
            table.add_column(line(heads[i]), justify="right", no_wrap=True)
        if last:
            table.add_column("Mean", justify="right")
            table.add_column("Weak in", justify="right")
        for q in coverage.questions:
            cells = [
                cell("-" if c is None else f"{c.score} {c.status[0]}", c.status if c else None)
                for c in (q.cells[i] for i in chunk)
            ]
            tail = ["" if q.mean is None else str(q.mean), str(q.weak)] if last else []
            table.add_row(line(q.id), plain(q.title), *cells, *tail)
        table.add_section()
        table.add_row(
            "",
            Text("Overall"),
            *[Text(str(coverage.files[i].overall)) for i in chunk],
            *([str(coverage.overall), ""] if last else []),
        )
        console.print(table)
    if numbered:
        for i, f in enumerate(coverage.files):
            console.print(line(f"#{i + 1}  {f.path}"))
        if len(chunks) > 1:
            console.print(Text("For one page with every draft: checker coverage -f html -o coverage.html ..."))
    console.print(Text("Cells: score and status (c complete, p partial, w weak, e empty, m missing)."))
