"""Default output: one line per finding, worst first, then the coverage table per draft, then
one line of totals."""

from __future__ import annotations

from typing import TextIO

from checker.check.severities import lowered_notes
from checker.model.findings import FileReport, Finding, Report
from checker.model.severity import Severity
from checker.model.totals import Totals, fixable, totals
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
FIXABLE_MARK = "[*]"  # as ruff marks what its --fix repairs


def _notes(fr: FileReport, table: bool, notes: bool) -> tuple[str, ...]:
    """The notes on a draft; without the table (whose title names it), also the set it was
    checked against and why. Why a finding is below its rule's severity is said even in quiet
    output: it stands beside the findings it explains."""
    lowered = lowered_notes(fr)
    if not notes:
        return lowered
    chosen = () if table else (f"checked against {fr.question_set} ({fr.chosen_by})",)
    return (*fr.notes, *lowered, *chosen)


def _parts(fr: FileReport, f: Finding) -> tuple[str, str, str]:
    """A finding line in three parts: before its severity, the severity, and the rest (the mark
    of a finding `checker fix` repairs, and the message). Control characters quoted from a draft
    would act on the terminal (an escape sequence can hide or rewrite lines) or break a finding
    over two lines: escape.terminal."""
    mark = f" {FIXABLE_MARK}" if fixable(f) else ""
    before = terminal(f"{fr.path}:{f.line}:{f.column}: {f.code} ")
    return before, f"[{f.severity.word}]", mark + terminal(f" {f.message}")


def finding_lines(fr: FileReport) -> list[str]:
    return ["".join(_parts(fr, f)) for f in fr.findings]


def _summary(fr: FileReport) -> str:
    counts = {s: sum(1 for f in fr.findings if f.severity == s) for s in Severity}
    required = [q for q in fr.questions if q.required]
    answered = sum(1 for q in required if q.status in ("answered", "merged"))
    return terminal(
        f"{fr.path}: {answered} of {len(required)} required questions answered; "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info"
    )


def _counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def totals_line(t: Totals) -> str:
    """'3 errors, 5 warnings in 2 drafts; 2 fixable with `checker fix` (marked [*])'."""
    counts = [_counted(n, w) for n, w in ((t.errors, "error"), (t.warnings, "warning"), (t.infos, "info")) if n]
    line = f"{', '.join(counts) or 'No findings'} in {_counted(t.drafts, 'draft')}"
    if t.unreadable:
        line += f"; {_counted(t.unreadable, 'draft')} could not be checked"
    if t.fixable:
        line += f"; {t.fixable} fixable with `checker fix` (marked {FIXABLE_MARK})"
    if t.baselined:
        line += f"; {t.baselined} more recorded in the baseline, not shown"
    return line


def render(
    report: Report,
    stream: TextIO,
    color: bool = False,
    *,
    table: bool = True,
    width: int | None = None,
    quiet: bool = False,
) -> None:
    """`quiet`: the finding lines and the totals, and nothing at all when there are no findings
    (for hooks); it leaves out the table and the notes."""
    counted = totals(report)
    if not counted.drafts or (quiet and not counted.findings):  # no draft checked: stderr says why
        return
    table = table and not quiet
    notes = not quiet
    if not color:
        # Plain lines need no console: a hook or a pipe gets them without loading rich.
        for fr in report.files:
            stream.writelines(f"{line}\n" for line in finding_lines(fr))
            stream.writelines(terminal(f"{fr.path}: note: {note}") + "\n" for note in _notes(fr, table, notes))
        if not table:
            stream.write(totals_line(counted) + "\n")
            return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=stream,
        no_color=not color,
        force_terminal=color,
        width=width,
        highlight=False,
        soft_wrap=True,
    )
    for fr in report.files if color else ():
        for f in fr.findings:
            before, severity, message = _parts(fr, f)
            console.print(Text.assemble(before, (severity, _SEVERITY_STYLE[f.severity]), message))
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
    if table:
        console.print()
    console.print(Text(totals_line(counted), style="bold" if color else ""))
