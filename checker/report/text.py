"""Default output: one line per finding, worst first, then the coverage table per draft."""

from __future__ import annotations

from typing import TextIO

from checker.check.severities import lowered_notes
from checker.model.findings import FileReport, Report
from checker.model.severity import Severity
from checker.report.escape import terminal, terminal_block

_STATUS_STYLE = {
    "answered": "green",
    "missing": "bold red",
    "empty": "red",
    "placeholder": "yellow",
    "merged": "yellow",
    "omitted": "dim",
}
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _notes(fr: FileReport, table: bool, notes: bool) -> tuple[str, ...]:
    """The notes on a draft; without the table (whose title names it), also the set it was
    checked against and why. Why a finding is below its rule's severity is said even in quiet
    output: it stands beside the findings it explains."""
    lowered = lowered_notes(fr)
    if not notes:
        return lowered
    chosen = () if table else (f"checked against {fr.question_set} ({fr.chosen_by})",)
    return (*fr.notes, *lowered, *chosen)


def finding_lines(fr: FileReport) -> list[str]:
    # Control characters quoted from a draft would act on the terminal (an escape sequence can hide
    # or rewrite lines) or break a finding over two lines: checker.report.escape.terminal.
    return [terminal(f"{fr.path}:{f.line}:{f.column}: {f.code} [{f.severity.word}] {f.message}") for f in fr.findings]


def _summary(fr: FileReport) -> str:
    counts = {s: sum(1 for f in fr.findings if f.severity == s) for s in Severity}
    required = [q for q in fr.questions if q.required]
    answered = sum(1 for q in required if q.status in ("answered", "merged"))
    return terminal(
        f"{fr.path}: {answered} of {len(required)} required questions answered; "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} note(s)"
    )


def render(
    report: Report,
    stream: TextIO,
    color: bool = False,
    *,
    table: bool = True,
    width: int | None = None,
    notes: bool = True,
) -> None:
    if not color:
        # Plain lines need no console: a hook or a pipe gets them without loading rich.
        for fr in report.files:
            stream.writelines(f"{line}\n" for line in finding_lines(fr))
            stream.writelines(terminal(f"{fr.path}: note: {note}") + "\n" for note in _notes(fr, table, notes))
        if not table:
            return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=stream,
        no_color=not color,
        force_terminal=color,
        width=width or (None if color else 120),
        highlight=False,
        soft_wrap=True,
    )
    for fr in report.files if color else ():
        for f, line in zip(fr.findings, finding_lines(fr)):
            text = Text(line)
            start = line.index(f"[{f.severity.word}]")
            text.stylize(_SEVERITY_STYLE[f.severity], start, start + len(f.severity.word) + 2)
            console.print(text)
        for note in _notes(fr, table, notes):
            console.print(Text(terminal(f"{fr.path}: note: {note}")))
    for fr in report.files:
        if not table:
            break
        console.print()
        grid = Table(
            title=Text(terminal(f"{fr.path} against {fr.question_set} ({fr.chosen_by})")), title_justify="left"
        )
        for name in ("Question", "Title", "Label found", "Line", "Status"):
            grid.add_column(name, no_wrap=name != "Title")
        for s in fr.questions:
            label = s.section.label.rstrip(".):") if s.section else ""
            grid.add_row(
                terminal(s.question.id),
                Text(terminal_block(s.question.title)),
                Text(terminal(label) or ("-" if not s.section else "(title)")),
                str(s.section.line) if s.section else "",
                Text(s.status, style=_STATUS_STYLE.get(s.status, "") if color else ""),
            )
        console.print(grid, soft_wrap=False)
        console.print(Text(_summary(fr)))
