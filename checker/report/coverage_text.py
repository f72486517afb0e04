"""`checker coverage` on a terminal. One draft: a table of its questions, then what lint reports.
Several: the cycle at a glance (spread of overall scores, weakest drafts and questions, late and
structurally broken replies), then the questions x drafts matrix when it fits the terminal, or
with --matrix (a screenful of drafts per table)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, TextIO

from checker.model.findings import Report
from checker.report.escape import terminal, terminal_block
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

STYLE = {"complete": "green", "partial": "yellow", "weak": "red", "empty": "bold red", "missing": "bold magenta"}
TOP = 10
_WORDS_MIN = 12  # characters: the narrowest a column of words or names is let to be


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items() if n)


def _codes(f: FileCoverage, question: str) -> str:
    return " ".join(x.code for x in f.findings_on(question))


def render(
    report: Report,
    stream: TextIO,
    color: bool = False,
    *,
    width: int | None = None,
    matrix: bool = False,
    top: int = TOP,
    **_: Any,
) -> None:
    from rich.console import Console
    from rich.text import Text

    coverage: Coverage = summarize(report)
    console = Console(file=stream, no_color=not color, force_terminal=color, width=width, highlight=False)
    if not coverage.files:  # every draft was unreadable: the reasons are on stderr
        return
    if len(coverage.files) == 1:
        _one(console, coverage.files[0], color)
        return
    bar = "█" if (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "") in ("utf8", "utf_8") else "#"
    _summary(console, cycle(coverage), color, top, bar)
    if report.unreadable:
        console.print(
            Text(
                f"{len(report.unreadable)} other draft(s) could not be checked (why: on standard error), "
                "so are in none of these figures."
            )
        )
    names = [PurePath(f.path).name for f in coverage.by_name]
    fits = sum(len(n) + 3 for n in names) + 60 <= console.width
    if matrix or fits:
        console.print()
        _matrix(console, coverage, color)
    else:
        console.print(
            Text(
                "The full questions x drafts matrix: add --matrix; every ask's evidence and lint's findings per "
                "draft: checker coverage -f html -o coverage.html ..."
            )
        )


def _cell(text: str, status: str | None, color: bool) -> Any:
    from rich.text import Text

    return Text(text, style=STYLE.get(status or "", "") if color else "")


def _one(console: Any, f: FileCoverage, color: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(terminal(f"{f.path}: evidence coverage {f.overall}/100 against {f.question_set}")),
        title_justify="left",
    )
    for name in ("ID", "Title", "Status", "Score", "Evidence found", "What is missing", "Lint"):
        table.add_column(
            name,
            no_wrap=name in ("ID", "Status", "Score"),
            ratio=2 if "Evidence" in name or "missing" in name else None,
        )
    for row in f.rows:
        e = row.evidence
        codes = Text(_codes(f, row.question.id))
        if e is None:
            table.add_row(
                Text(terminal(row.question.id)),
                Text(terminal_block(row.question.title)),
                _cell("optional", None, color),
                "",
                "",
                "",
                codes,
            )
            continue
        table.add_row(
            Text(terminal(row.question.id)),
            Text(terminal_block(row.question.title)),
            _cell(e.status, e.status, color),
            str(e.score),
            Text(terminal_block(found_text(e))),
            Text(terminal_block(missing_text(e))),
            codes,
        )
    console.print(table)
    console.print(Text(f"Coverage {f.overall}/100: {_counts(f.counts)}"))
    console.print(Text(f"Lint: {lint_summary(f)}"))
    for x in f.findings:
        console.print(Text(terminal(f"  {finding_text(x)}")))


def _summary(console: Any, c: Cycle, color: bool, top: int, bar: str) -> None:
    from rich.table import Table
    from rich.text import Text

    files = c.coverage.files
    sets = ", ".join(sorted({f.question_set for f in files}))
    console.print(Text(terminal(f"Evidence coverage of {len(files)} drafts against {sets}"), style="bold"))
    console.print(Text(terminal(f"Statuses: {thresholds_text(c.coverage)}.")))
    console.print(
        Text(
            f"Overall score: mean {c.mean}, median {c.median}. {len(c.late)} sent late, {len(c.broken)} "
            f"structurally broken, {c.with_errors} with lint errors."
        )
    )
    console.print()
    most = max((b.drafts for b in c.bands), default=0) or 1
    bands = Table(title=Text("Overall scores"), title_justify="left", box=None, show_header=False, pad_edge=False)
    bands.add_column(justify="right")
    bands.add_column(justify="right")
    bands.add_column()
    for b in reversed(c.bands):
        bands.add_row(b.label, str(b.drafts), _cell(bar * round(30 * b.drafts / most), b.status, color))
    console.print(bands)

    shown = c.drafts_ranked[:top]
    rows = [
        (
            str(f.overall),
            "/".join(str(f.counts[s]) for s in ("weak", "empty", "missing")),
            str(f.structural or ""),
            "" if f.late_days is None else str(f.late_days),
            f"{f.errors}/{f.warnings}",
        )
        for f in shown
    ]
    heads = ("Overall", "W/E/M", "Structural", "Late", "E/W")
    figures = [max(1, *(len(r[k]) for r in rows)) for k in range(5)]
    longest = max((len(f.label) for f in shown), default=5)
    widths, boxed, weakest = _fit(console.width, heads, figures, min(longest, 24), longest)
    drafts = _table(
        boxed,
        title=Text(f"Weakest drafts ({len(shown)} of {len(files)})"),
        caption=Text(
            "W/E/M: answers weak, empty, missing. E/W: lint's errors, warnings. Late: days."
            + ("" if weakest else " A wider terminal shows each draft's weakest questions.")
        ),
    )
    drafts.add_column("Draft", no_wrap=True, min_width=widths[0][0], width=widths[0][1])
    for head, (low, fixed) in zip(heads, widths[1:], strict=True):
        drafts.add_column(head, justify="right", no_wrap=True, min_width=low, width=fixed)
    if weakest:
        drafts.add_column("Weakest questions", min_width=_WORDS_MIN)
    for f, row in zip(shown, rows, strict=True):
        label = _tail(terminal(f.label), widths[0][1])
        drafts.add_row(Text(label), *row, *([Text(terminal(weakest_text(f)))] if weakest else []))
    console.print(drafts)

    weak = [q for q in c.questions_ranked if q.weak][:top]
    if weak:
        heads = ("Mean", "Weak", "Empty", "Missing", "Lint findings")
        figures = [
            max(len(str(n)) for n in column)
            for column in zip(
                *((q.mean, q.count("weak"), q.count("empty"), q.count("missing"), q.flagged) for q in weak),
                strict=True,
            )
        ]
        ids = max(len(q.label) for q in weak)
        widths, boxed, title = _fit(console.width, heads, figures, ids, ids)
        questions = _table(
            boxed, title=Text(f"Weakest questions across drafts ({len(weak)} of {len(c.questions_ranked)})")
        )
        questions.add_column("ID", no_wrap=True, min_width=widths[0][0], width=widths[0][1])
        if title:
            questions.add_column("Title", min_width=_WORDS_MIN)
        for head, (low, fixed) in zip(heads, widths[1:], strict=True):
            questions.add_column(head, justify="right", no_wrap=True, min_width=low, width=fixed)
        for q in weak:
            questions.add_row(
                Text(terminal(q.label)),
                *([Text(terminal_block(q.title))] if title else []),
                str(q.mean),
                str(q.count("weak")),
                str(q.count("empty")),
                str(q.count("missing")),
                str(q.flagged),
            )
        console.print(questions)
    else:
        console.print(Text("No question is weak, empty or missing in any draft."))
    if c.late:
        late = _listed([f"{f.label} ({f.late_days}d)" for f in c.late], top * 2)
        console.print(Text(terminal(f"Sent late ({len(c.late)}), latest first: {late}")))
    if c.broken:
        broken = _listed([f"{f.label} ({f.structural})" for f in c.broken], top * 2)
        console.print(
            Text(terminal(f"Structurally broken ({len(c.broken)}), most structural findings first: {broken}"))
        )


def _fit(
    width: int, heads: tuple[str, ...], figures: list[int], name: int, longest: int
) -> tuple[list[tuple[int, int | None]], bool, bool]:
    """How a summary table fits `width`: (min_width, width) of its first column (names, kept whole
    up to `name` characters, shortened down to _WORDS_MIN) and of its figure columns (never cut;
    their headers are shortened first), whether it keeps its borders, and whether its column of
    words (a draft's weakest questions, a question's title) fits too.

    Rich crops a table whose columns will not shrink enough, losing the right-hand figures: the
    widths are fixed here whenever the headers as they are would not fit."""
    columns = len(heads) + 1
    natural = [max(len(h), f) for h, f in zip(heads, figures, strict=True)]
    for boxed, border in ((True, 3 * columns + 1), (False, 3 * columns - 1)):
        for words in (3 + _WORDS_MIN, 0):
            first = min(longest, width - sum(natural) - border - words)
            if first >= name:
                return [(first, first), *((f, None) for f in figures)], boxed, words > 0
        first = min(name, width - sum(figures) - border)
        if first >= min(name, _WORDS_MIN) or not boxed:
            first = max(1, first)
            fixed, left = list(figures), width - first - sum(figures) - border
            for k in sorted(range(len(figures)), key=lambda k: natural[k] - figures[k]):
                if natural[k] - figures[k] <= left:  # what is left shows whole headers, the shortest first
                    left -= natural[k] - figures[k]
                    fixed[k] = natural[k]
            return [(first, first), *((f, f) for f in fixed)], boxed, False
    raise AssertionError("unreachable")


def _tail(name: str, width: int | None) -> str:
    """A name cut to `width` at its start, not its end: replies differ in their last characters
    (2010-tip-reply-post-12.txt, 2010-tip-reply-post-120.txt)."""
    return name if width is None or len(name) <= width else "…" + name[len(name) - width + 1 :]


def _table(fits: bool, **kwargs: Any) -> Any:
    """A summary table: boxed, or, on a terminal too narrow for its borders, without them."""
    from rich import box
    from rich.table import Table

    if fits:
        return Table(title_justify="left", caption_justify="left", **kwargs)
    return Table(title_justify="left", caption_justify="left", box=box.SIMPLE_HEAD, show_edge=False, **kwargs)


def _listed(items: list[str], limit: int) -> str:
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more (-f csv or -f html lists them all)" if more > 0 else "")


def _matrix(console: Any, coverage: Coverage, color: bool) -> None:
    from rich.table import Table
    from rich.text import Text

    files = coverage.by_name
    order = coverage.name_order
    names = [PurePath(f.path).name for f in files]
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
            table.add_column(Text(terminal(heads[i])), justify="right", no_wrap=True)
        if last:
            table.add_column("Mean", justify="right")
            table.add_column("Weak in", justify="right")
        for q in coverage.questions:
            cells = []
            for i in chunk:
                c = q.cells[order[i]]
                flag = "!" if files[i].findings_on(q.id) else ""
                cells.append(
                    _cell("-" if c is None else f"{c.score} {c.status[0]}{flag}", c.status if c else None, color)
                )
            tail = ["" if q.mean is None else str(q.mean), str(q.weak)] if last else []
            table.add_row(Text(terminal(q.label)), Text(terminal_block(q.title)), *cells, *tail)
        table.add_section()
        table.add_row(
            "",
            Text("Overall"),
            *[Text(str(files[i].overall)) for i in chunk],
            *([str(coverage.overall), ""] if last else []),
        )
        console.print(table)
    if numbered:
        for i, f in enumerate(files):
            console.print(Text(terminal(f"#{i + 1}  {f.path}")))
        if len(chunks) > 1:
            console.print(Text("For one page with every draft: checker coverage -f html -o coverage.html ..."))
    console.print(
        Text("Cells: score and status (c complete, p partial, w weak, e empty, m missing); ! lint reports a finding.")
    )
