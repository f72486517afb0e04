"""Command line. Wiring only; the one place where expected errors become exit code 2."""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from checker.errors import CheckerError, ConfigError, NotADraft

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Commands and groups below inherit these from the context above them.
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Check drafts of replies to reporting instructions: every question answered, under its right number.",
)
questions_app = typer.Typer(no_args_is_help=True, help="List, show and validate question sets.")
rules_app = typer.Typer(no_args_is_help=True, help="List and validate rules.")
checks_app = typer.Typer(no_args_is_help=True, help="List the checks a rule file can use.")
app.add_typer(questions_app, name="questions")
app.add_typer(rules_app, name="rules")
app.add_typer(checks_app, name="checks")


def _show_version(value: bool) -> None:
    if value:
        from checker import __version__

        typer.echo(f"checker {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show checker's version and exit."),
    ] = False,
) -> None:
    """Check drafts of replies to reporting instructions: every question answered, under its right number."""


def _color() -> bool:
    """Colours on a terminal, unless NO_COLOR is set to anything (https://no-color.org); FORCE_COLOR
    set to anything asks for them anywhere. NO_COLOR wins: it is the user saying no."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _width(to_terminal: bool = True) -> int:
    """How wide tables may be: COLUMNS when set (as POSIX has it, on a terminal too), else the
    terminal's width when standard output is one, else 80."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if to_terminal:
        try:
            return os.get_terminal_size(sys.stdout.fileno()).columns or 80
        except (AttributeError, OSError, ValueError):
            pass
    return 80


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


QuestionsOption = Annotated[
    str | None,
    typer.Option(
        "--questions",
        "-Q",
        help="Question set id (e.g. tip-2010, or one of the project's sets) or path to a YAML file. "
        "Default: chosen from the draft.",
    ),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="Folder of rule files; a rule there replaces the bundled rule with the same id."),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Project configuration to use instead of the .checker.yaml found above the draft."),
]
# Help texts are rich markup, where [name] is a style: a literal bracket is written \[.
NoConfigOption = Annotated[
    bool, typer.Option("--no-config", help=r"Ignore .checker.yaml and the \[tool.checker] table of pyproject.toml.")
]
JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Drafts checked in parallel (default: the number of cores)."),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="With --write: replace read-only drafts too (they are refused otherwise).")
]
DraftsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Drafts (plain-text cables, Markdown, Word), folders of drafts, or patterns such as 'drafts/**/*.txt'."
    ),
]


def _check(drafts: list[Path], toolkit: Any, jobs: int | None) -> Any:
    """Run the checks, with a progress bar on a terminal for long runs (never in pipes or CI logs).
    The report names the drafts that could not be read, for the machine formats; so do the errors
    returned, one line each, for stderr."""
    workers = jobs or os.cpu_count() or 1
    with _notes_of(toolkit):
        report, errors = _check_with_progress(drafts, toolkit, workers)
        toolkit.notes.extend(report.skipped)  # files that are no reply (a README): one line each, on stderr
    return replace(report, unreadable=tuple(errors)), errors


@contextmanager
def _notes_of(toolkit: Any) -> Iterator[None]:
    """The toolkit's notes on how the run was set up, on stderr, however the run goes."""
    try:
        yield
    finally:
        for note in toolkit.notes:
            _say(note, err=True)


def _check_with_progress(drafts: list[Path], toolkit: Any, workers: int) -> tuple[Any, list[str]]:
    from checker.engine import check_paths

    if not sys.stderr.isatty() or os.environ.get("CI"):
        return check_paths(drafts, toolkit, jobs=workers)
    # The bar starts only once there are drafts enough to wait for: a short run writes nothing to
    # the terminal, not even the escapes that hide the cursor.
    shown: dict[str, Any] = {}

    def advance(done: int, total: int) -> None:
        if total < 20:
            return
        if not shown:
            from rich.progress import Progress

            shown["bar"] = Progress(transient=True)
            shown["bar"].start()
            shown["task"] = shown["bar"].add_task("checking drafts", total=total)
        shown["bar"].update(shown["task"], completed=done, total=total)

    try:
        return check_paths(drafts, toolkit, jobs=workers, progress=advance)
    finally:
        if shown:
            shown["bar"].stop()


def _toolkit(
    questions: str | None = None, rules: list[Path] | None = None, config: Path | None = None, no_config: bool = False
) -> Any:
    """The run's Toolkit: the options given here, and CHECKER_TIME_LIMIT, read once."""
    from checker.engine import time_limit_from
    from checker.toolkit import Options, Toolkit

    return Toolkit(Options(questions, tuple(rules or ()), config, not no_config, time_limit_from(os.environ)))


def _say(line: str, err: bool = False) -> None:
    """One line for the user. Everything checker prints may hold a file name or text from a draft
    or a data file: checker.report.escape.terminal keeps it from acting on the terminal."""
    from checker.report.escape import terminal

    typer.echo(terminal(line), err=err)


def _out(render: Callable[[TextIO], object], live: bool = False) -> None:
    """Standard output, written whole or reported: a file on a full disk or past a size limit
    (ulimit -f) takes part of a large write and drops the rest without an error from Python's
    buffered streams, so the text is made first and written here, every byte accounted for.
    `live`: a terminal, written to as it is rendered (colours, the width it has)."""
    if live:
        render(sys.stdout)
        return
    text = io.StringIO()
    render(text)
    data = text.getvalue().encode(sys.stdout.encoding or "utf-8", "backslashreplace")
    sys.stdout.flush()
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's captured output)
        sys.stdout.write(text.getvalue())
        return
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _text(text: str) -> Callable[[TextIO], object]:
    return lambda stream: stream.write(text)


def _fail(problems: list[str]) -> None:
    for problem in problems:
        _say(problem, err=True)
    raise typer.Exit(2)


def _report_validation(files: list[Path], problems_in: Callable[[Path], list[str]], what: str) -> None:
    problems = [p for f in files for p in problems_in(f)]
    if problems:
        _fail(problems)
    _say(f"{len(files)} {what} file(s) valid")


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of standard output.")
]


@app.command()
def lint(
    drafts: DraftsArgument,
    questions: QuestionsOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    output: OutputOption = None,
    rules: RulesOption = None,
    no_table: Annotated[bool, typer.Option("--no-table", help="Only the finding lines and totals, no table.")] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Only the finding lines and totals; nothing when there are none (hooks)."),
    ] = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report only findings this baseline does not already record.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record today's findings in this file (then exit 0).")
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """Report, section by section, which questions a draft answers and what is wrong with its structure."""
    from checker.engine import exit_code
    from checker.report import get_reporter

    report, errors = _check(drafts, _toolkit(questions, rules, config, no_config), jobs)
    if write_baseline is not None:
        from checker.check.baseline import write_baseline as record
        from checker.write.files import refuse_to_overwrite_drafts

        refuse_to_overwrite_drafts(write_baseline, (fr.path for fr in report.files))
        count = record(report, write_baseline)
        _say(
            f"{write_baseline}: recorded {count} finding(s); run with --baseline {write_baseline} to see only new ones",
            err=True,
        )
        if errors:
            _fail(errors)
        raise typer.Exit(0)
    if baseline is not None:
        from checker.check.baseline import without_baselined

        report = without_baselined(report, baseline)
    to_file = output is not None and str(output) != "-"  # "-": the usual name for standard output
    if output_format is not OutputFormat.text:
        reporter = get_reporter(output_format.value)

        def render(stream: TextIO) -> None:
            reporter(report, stream, False)

    else:
        from checker.report.text import render as render_text

        color, width = (False, _width(False)) if to_file else (_color(), _width())

        def render(stream: TextIO) -> None:
            render_text(report, stream, color, table=not no_table, width=width, quiet=quiet)

    if output is not None and to_file:
        _write_report(output, render, report)
    else:
        _out(render, sys.stdout.isatty())
    if errors:
        _fail(errors)
    raise typer.Exit(exit_code(report))


def _write_report(output: Path, render: Callable[[TextIO], object], report: Any) -> None:
    """A report into the file the user named: never over a draft of the run, replaced whole."""
    from checker.write.files import refuse_to_overwrite_drafts, write_atomic

    refuse_to_overwrite_drafts(output, (fr.path for fr in report.files))
    text = io.StringIO()
    render(text)
    write_atomic(output, text.getvalue())


class CoverageFormat(str, Enum):
    table = "table"
    text = "text"  # lint's name for the terminal's format: the same table (-f means the same everywhere)
    markdown = "markdown"
    html = "html"
    json = "json"
    csv = "csv"


@app.command()
def coverage(
    drafts: DraftsArgument,
    questions: QuestionsOption = None,
    output_format: Annotated[
        CoverageFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CoverageFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of the terminal (-: the terminal)."),
    ] = None,
    fail_under: Annotated[
        int | None,
        typer.Option("--fail-under", min=0, max=100, help="Exit 1 when a draft's overall coverage is below this."),
    ] = None,
    matrix: Annotated[
        bool,
        typer.Option(
            "--matrix",
            help="Several drafts, table and markdown: the full questions x drafts matrix too "
            "(shown anyway when it fits: a terminal's width, or up to 10 drafts in Markdown).",
        ),
    ] = False,
    top: Annotated[
        int, typer.Option("--top", min=1, help="Several drafts: how many of the weakest drafts and questions to list.")
    ] = 10,
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
    jobs: JobsOption = None,
) -> None:
    """Score how completely each answer is evidenced: the reviewer's coverage table, with lint's findings.
    Several drafts: the weakest drafts and questions first, late and structurally broken replies."""
    from checker.score.summary import shortfalls, summarize

    report, errors = _check(drafts, _toolkit(questions, rules, config, no_config), jobs)
    from checker.report import get_reporter

    output = None if str(output) == "-" else output  # "-": the usual name for standard output
    if output_format is CoverageFormat.text:
        output_format = CoverageFormat.table
    reporter = get_reporter(output_format.value)
    # JSON is lint's contract, as it is; the other coverage formats take the layout options.
    options: dict[str, Any] = {} if output_format is CoverageFormat.json else {"matrix": matrix, "top": top}
    if output_format is CoverageFormat.table:  # as wide as the terminal, or as COLUMNS says (see _width)
        options["width"] = _width(to_terminal=output is None)

    def render(stream: TextIO, color: bool) -> None:
        reporter(report, stream, color, **options)

    if output is None:
        color = output_format is CoverageFormat.table and _color()
        _out(lambda stream: render(stream, color), sys.stdout.isatty())
    else:
        from checker.write.files import refuse_to_overwrite_drafts, write_atomic

        refuse_to_overwrite_drafts(output, (fr.path for fr in report.files))
        text = io.StringIO()
        render(text, False)
        write_atomic(output, text.getvalue())
    if errors:
        _fail(errors)
    reasons = shortfalls(summarize(report), fail_under)
    for reason in reasons:
        _say(reason, err=True)
    raise typer.Exit(1 if reasons else 0)


def _rewrite(
    drafts: list[Path],
    toolkit: Any,
    plan_for: Callable[[str], Any],
    write: bool,
    done: str,
    force: bool,
    *,
    check: bool = False,
    quiet: bool = False,
) -> list[Any]:
    """Shared by fix and migrate: plan each draft, then show the diff or write it (`check`: list
    each change instead; `quiet`: leave out what is left for the drafter). A draft that cannot be
    planned or written is one line; the others still are. The plans made."""
    from checker.read.discovery import expand_paths

    paths, errors = expand_paths(drafts)
    with _notes_of(toolkit):
        plans = _rewrite_each(paths, errors, plan_for, write, done, force, check, quiet)
    if errors:
        _fail(errors)
    return plans


def _rewrite_each(
    paths: list[str],
    errors: list[str],
    plan_for: Callable[[str], Any],
    write: bool,
    done: str,
    force: bool,
    check: bool = False,
    quiet: bool = False,
) -> list[Any]:
    from checker.report.escape import terminal_block
    from checker.rewrite.fix import write_fixes

    plans = []
    for path in paths:
        try:
            plan = plan_for(path)
            if plan.changed and write:
                write_fixes(plan, force)
        except NotADraft as exc:  # a README or the like: nothing to repair or carry forward
            _say(str(exc), err=True)
            continue
        except CheckerError as exc:
            if isinstance(exc, ConfigError):  # the same for every draft: said once, and the run ends
                raise
            errors.append(str(exc))
            continue
        plans.append(plan)
        if plan.changed and write:
            _say(f"{path}: {plan.summary or done} ({len(plan.edits)} change(s))")
        elif plan.changed and check:
            for line in _changes(plan):
                _say(line)
        elif plan.changed:
            # A diff piped on is a patch, byte for byte; on a terminal, the draft's text is shown inert.
            diff = plan.diff() if not sys.stdout.isatty() else terminal_block(plan.diff())
            _out(_text(diff))
        if quiet or check:
            continue
        for f in plan.left:
            _say(f"{path}:{f.line}:{f.column}: {f.code} [{f.severity.word}] left for the drafter: {f.message}")
        for note in plan.notes:
            _say(f"{path}: to do: {note}")
    return plans


def _changes(plan: Any) -> list[str]:
    """One line per change a plan would make: where, the rule, the text before and after."""
    text = plan.decoded.text
    lines = []
    for edit in plan.edits:
        line = text.count("\n", 0, edit.start) + 1
        column = edit.start - (text.rfind("\n", 0, edit.start) + 1) + 1
        code = f" {edit.finding.code}" if edit.finding is not None else ""
        lines.append(f"{plan.path}:{line}:{column}:{code} would change '{text[edit.start : edit.end]}' to '{edit.new}'")
    return lines


@app.command()
def fix(
    drafts: DraftsArgument,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes (default: show them as a diff).")] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; list each change and exit 1 if there is any (for CI and hooks)."),
    ] = False,
    force: ForceOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Show only the changes, not what is left for the drafter.")
    ] = False,
    questions: QuestionsOption = None,
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Repair what lint can repair mechanically: stale labels and misdirected cross-references.
    Exit 1 when error-level findings remain after fixing (with --check: when anything would change)."""
    from checker.model.severity import Severity
    from checker.rewrite.fix import plan_fixes

    if check and write:
        _fail(["--check and --write: choose one; --check changes nothing, --write applies the changes"])
    toolkit = _toolkit(questions, rules, config, no_config)
    plans = _rewrite(
        drafts, toolkit, lambda path: plan_fixes(path, toolkit), write, "fixed", force, check=check, quiet=quiet
    )
    if check:
        changed = [p for p in plans if p.changed]
        if changed:
            edits = sum(len(p.edits) for p in changed)
            _say(
                f"{edits} change(s) to make in {len(changed)} of {len(plans)} draft(s); "
                "run `checker fix --write` to make them",
                err=True,
            )
        raise typer.Exit(1 if changed else 0)
    left = [p for p in plans if any(f.severity == Severity.ERROR for f in p.left)]
    if left:
        count = sum(f.severity == Severity.ERROR for p in left for f in p.left)
        _say(f"{count} error-level finding(s) remain in {len(left)} draft(s); fix cannot repair them", err=True)
        raise typer.Exit(1)


@app.command()
def migrate(
    drafts: DraftsArgument,
    from_set: Annotated[
        str | None,
        typer.Option(
            "--from", help="Last cycle's question set, e.g. tip-2009. Default: read block by block from the draft."
        ),
    ] = None,
    to_set: Annotated[
        str | None,
        typer.Option(
            "--to", help="This cycle's question set, e.g. tip-2010. Default: the latest cycle of the draft's set."
        ),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes (default: show them as a diff).")] = False,
    force: ForceOption = False,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Turn last cycle's draft into this cycle's layout: renumbered, new headings, header updated."""
    from checker.rewrite.migrate import plan_migration

    toolkit = _toolkit(config=config, no_config=no_config)
    _rewrite(
        drafts,
        toolkit,
        lambda path: plan_migration(path, from_set, to_set, toolkit),
        write,
        "migrated",
        force,
    )


class SkeletonFormat(str, Enum):
    cable = "cable"
    markdown = "markdown"


@app.command()
def new(
    questions: Annotated[
        str | None,
        typer.Option("--questions", "-Q", help="Question set id or path (default: the project's `questions:`)."),
    ] = None,
    skeleton_format: Annotated[
        SkeletonFormat | None,
        typer.Option("--format", "-f", help="Draft format (default: a cable for a lettered set, else Markdown)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the skeleton here (never over an existing file).")
    ] = None,
) -> None:
    """Write a skeleton draft: every heading in order, with its question and the evidence wanted."""
    from checker.rewrite.skeleton import cable_skeleton, markdown_skeleton

    qset = _named_set(questions, None)
    if skeleton_format is None:
        skeleton_format = SkeletonFormat.markdown if qset.parts else SkeletonFormat.cable
    if skeleton_format is SkeletonFormat.cable and qset.parts:
        _fail(
            [
                f"{questions or qset.id}: {qset.id} is not laid out as a cable (it has parts, not lettered items); "
                "use -f markdown"
            ]
        )
    text = cable_skeleton(qset) if skeleton_format is SkeletonFormat.cable else markdown_skeleton(qset)
    if output is None or str(output) == "-":  # "-": the usual name for standard output
        _out(_text(text))
        return
    if output.suffix.lower() == ".docx":
        _fail(
            [
                f"{output}: checker new writes plain text (a cable or Markdown); name it .txt or .md "
                "and paste it into Word if you draft there"
            ]
        )
    if output.exists():
        _fail([f"{output}: already exists; checker new never writes over a draft, choose another name"])
    from checker.write.files import write_new

    write_new(output, text)
    _say(f"{output}: skeleton for {qset.id} written", err=True)


def _named_set(name: str | None, default: str | None = "tip-2010") -> Any:
    """A question set by id (bundled, or one of the sets of the project configured here) or path;
    without one, the set the project configured here names (`questions:`), else `default`."""
    toolkit = _toolkit()
    config = toolkit.config_for(Path.cwd())
    name = name or config.questions or default
    if name is None:
        _fail(["no question set given and none configured here; name one with -Q (--questions), such as -Q tip-2010"])
    return toolkit.question_set(name, config)


@questions_app.command("list")
def questions_list() -> None:
    """List the question sets drafts here may answer: the project's own and the bundled ones.
    The project's come from the configuration found from the current folder, with their files."""
    toolkit = _toolkit()
    bundled = {q.id for q in toolkit.bundled_question_sets()}
    for qset in toolkit.candidate_sets(toolkit.config_for(Path.cwd() / "draft")):
        required = sum(q.required for q in qset.questions)
        origin = "" if qset.bundled and qset.id in bundled else f"\t[{_shown(Path(qset.path))}]"
        _say(f"{qset.id}\t{qset.title}\t{len(qset.questions)} items ({required} required){origin}")


@questions_app.command("show")
def questions_show(
    question_id: Annotated[str, typer.Argument(help="A question id such as 6C, or a block number such as 6.")],
    questions: Annotated[
        str | None,
        typer.Option(
            "--questions", "-Q", help="Question set id or path (default: the project's `questions:`, else tip-2010)."
        ),
    ] = None,
) -> None:
    """Show one question (or a block of them): its question, keywords, evidence and aliases."""
    from checker.model.questions import CONFIDENCE_WORDS

    qset = _named_set(questions)
    if qset.parts:  # a set of parts: by id or number, a group showing the parts inside it
        inside = {question_id}
        for part in qset.parts:
            if part.parent in inside:
                inside.add(part.id)
        chosen = tuple(q for q in qset.parts if q.id in inside or q.number == question_id)
    else:
        wanted = question_id.upper().replace(".", "").replace(" ", "")
        block = qset.block(wanted)
        chosen = (
            block.questions
            if block
            else tuple(q for q in qset.questions if q.id == wanted or any(a.label == wanted for a in q.aliases))
        )
    if not chosen and qset.parts:  # a set of parts: name its top parts, in its own terms
        top = ", ".join(p.id for p in qset.children(None)[:8])
        more = ", ..." if len(qset.children(None)) > 8 else ""
        _fail(
            [
                f"{question_id}: no such part in {qset.id}; give a part's id or number, such as one of its "
                f"top parts ({top}{more}), which shows the parts inside it"
            ]
        )
    if not chosen:
        _fail(
            [
                f"{question_id}: no such question in {qset.id}; run `checker questions show N -Q {qset.id}` "
                "for a block's items"
            ]
        )
    for q in chosen:
        if q.group:
            _say(f"{q.id}  {q.title}  [holds the parts below]")
            continue
        # How sure the set is of a part matters for the TIP sets, which reconstruct most items.
        sure = "" if qset.parts else f", {CONFIDENCE_WORDS[q.confidence]}"
        _say(f"{q.id}  {q.title}  [{'required' if q.required else 'optional'}{sure}]")
        for line in q.text.splitlines() or [""]:
            _say(f"    {line}")
        if q.aliases:
            _say(
                "    also labelled: "
                + ", ".join(
                    f"{a.label} ({'instruction paragraph' if a.origin == 'paragraph' else a.cycle + ' number'})"
                    for a in q.aliases
                )
            )
        if q.required_when:
            _say("    required when: " + " and ".join(map(str, q.required_when)))
        if q.not_applicable:
            _say("    may be answered 'not applicable' with a reason")
        if q.synonyms:
            _say("    titles: " + "; ".join(q.synonyms))
        _say("    keywords: " + ", ".join(q.keywords))
        for a in q.all_asks():
            _say(f"    ask {a.id}{' (optional)' if a.optional else ''}: {a.text}")
            for w in a.ways:
                if w.kind == "mention":
                    _say(f"      answered by: words such as {', '.join(w.terms[:5])}")
                    continue
                counted = f" of {', '.join(w.of[:4])}" if w.of else ""
                beside = f" beside {', '.join(w.terms[:4])}" if w.terms else ""
                _say(f"      answered by: {w.kind}{counted}{beside}")
            _say(f"      else: {a.missing}")


@questions_app.command("diff")
def questions_diff(
    old: Annotated[str, typer.Argument(help="Last cycle's question set (id or path), e.g. tip-2009.")],
    new: Annotated[str, typer.Argument(help="This cycle's question set, e.g. tip-2010.")],
) -> None:
    """What changed between two cycles: renumbered, added, retired and retitled items."""
    from checker.rewrite.transitions import transition

    toolkit = _toolkit()
    t = transition(toolkit.question_set(old), toolkit.question_set(new))
    _say(f"{t.old.id} -> {t.new.id}")
    for title, rows in (
        ("renumbered", [f"{a.id} -> {b.id}  {b.title}" for a, b in t.renumbered]),
        ("added", [f"{q.id}  {q.title}{'' if q.required else ' (optional)'}" for q in t.added]),
        ("retired", [f"{q.id}  {q.title}" for q in t.retired]),
        ("retitled", [f"{b.id}  '{a.title}' -> '{b.title}'" for a, b in t.retitled]),
    ):
        _say("")
        _say(f"{title} ({len(rows)})")
        for row in rows:
            _say(f"  {row}")
    h_old, h_new = t.old.header, t.new.header
    _say("")
    _say("header")
    _say(f"  instruction cable: {h_old.instruction_cable} -> {h_new.instruction_cable}")
    if set(h_new.required_tags) - set(h_old.required_tags):
        _say(f"  newly required tags: {', '.join(sorted(set(h_new.required_tags) - set(h_old.required_tags)))}")
    if h_new.due:
        _say(f"  due: {h_new.due.isoformat()}")


@questions_app.command("validate")
def questions_validate(files: Annotated[list[Path], typer.Argument(help="Question set YAML files.")]) -> None:
    """Validate question set files; print every problem as file:line: $.path: message."""
    _report_validation(files, _toolkit().question_set_problems, "question set")


@rules_app.command("list")
def rules_list(rules: RulesOption = None, config: ConfigOption = None, no_config: NoConfigOption = False) -> None:
    """List the rules in force here: code, name, kind, severity and what each reports.
    Severities as the configuration found from the current folder sets them; a project's own rule file is named."""
    from checker.check.severities import severity_text
    from checker.load.bundled import builtin_dir

    bundled = builtin_dir("rules").resolve()
    for r in _toolkit(None, rules, config, no_config).settings_for(Path.cwd()).rules:
        severity = severity_text(r)
        state = "" if r.enabled else " (disabled)"
        origin = "" if Path(r.path).parent == bundled else f" [{_shown(Path(r.path))}]"
        _say(f"{r.id}\t{r.name}\t{r.kind}\t{severity}{state}\t{r.description}{origin}")


def _shown(path: Path) -> str:
    """A path relative to the current folder when it lies below it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@rules_app.command("validate")
def rules_validate(files: Annotated[list[Path], typer.Argument(help="Rule YAML files.")]) -> None:
    """Validate rule files; print every problem as file:line: $.path: message.
    A rule's examples must hold: the failing one gives its finding, the passing one does not."""
    from checker.load.rules import rule_problems

    toolkit = _toolkit()
    _report_validation(files, lambda path: rule_problems(path) or _example_problems(path, toolkit), "rule")


def _example_problems(path: Path, toolkit: Any) -> list[str]:
    from checker.examples import example_findings
    from checker.load.rules import load_rule
    from checker.load.yaml_files import load_yaml

    path = path.resolve()
    spec = load_rule(path)
    if spec.examples is None:
        return []
    lines = load_yaml(path)[1]
    problems = []
    for key, text, breaks in (("fail", spec.examples.fail, True), ("pass", spec.examples.passing, False)):
        where = f"{path}:{lines.get(f'$.examples.{key}', 1)}: $.examples.{key}"
        try:
            found = example_findings(spec, text, toolkit, spec.examples.questions)
        except CheckerError as exc:
            problems += [f"{where}: {problem}" for problem in str(exc).splitlines()]
            continue
        if breaks and not found:
            problems.append(f"{where}: gives no {spec.id} finding; write a draft that breaks the rule")
        elif found and not breaks:
            problems.append(f"{where}: gives {spec.id} ({found[0].message}); write a draft that keeps the rule")
    return problems


@app.command("rule")
def rule(
    code: Annotated[str, typer.Argument(help="A rule's code (CQ102) or name (misnumbered-label).")],
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Explain a rule: what it reports, its severity, parameters and message.
    With a draft that breaks it and one that does not."""
    toolkit = _toolkit(None, rules, config, no_config)
    with _notes_of(toolkit):
        in_force = toolkit.settings_for(Path.cwd()).rules
    wanted = code.strip()
    spec = next((r for r in in_force if r.id == wanted.upper() or r.name == wanted.lower()), None)
    if spec is None:
        _fail([f"{code}: no such rule; `checker rules list` shows every code and name"])
    for line in _explained(spec, toolkit):
        _say(line)


def _explained(spec: Any, toolkit: Any) -> list[str]:
    from checker.model.questions import CONFIDENCE_WORDS
    from checker.model.totals import FIXABLE_KINDS, fixable

    severity = spec.severity.word + "".join(
        f"; {s.word} where the question is {CONFIDENCE_WORDS.get(k, k)} ({k})"
        for k, s in sorted(spec.by_confidence.items(), key=lambda item: -item[1])
    )
    lines = [
        f"{spec.id} {spec.name}{'' if spec.enabled else ' (turned off here)'}",
        "",
        *_wrapped(spec.description, "  "),
        "",
        f"  severity: {severity}",
        f"  kind:     {spec.kind}"
        + (" (`checker fix` repairs these where lint names the fix; marked [*])" if spec.kind in FIXABLE_KINDS else ""),
        f"  check:    {spec.check} (`checker checks list` says what it does and takes)",
        f"  message:  {spec.message}",
        f"  file:     {_shown(Path(spec.path))}",
    ]
    lines += ["  params:   none"] if not spec.params else ["  params:", *_yaml_like(spec.params, "    ")]
    if spec.examples is None:
        return [*lines, "", "  (no examples in its file)"]
    from checker.examples import example_findings

    against = f" against {spec.examples.questions}" if spec.examples.questions else ""
    for title, text in (("Fails", spec.examples.fail), ("Passes", spec.examples.passing)):
        lines += ["", f"{title}{against}:", ""]
        lines += [f"    {line}" for line in text.rstrip("\n").split("\n")]
        found = example_findings(spec, text, toolkit, spec.examples.questions)
        lines += [""] + [
            f"  gives: line {f.line}: {f.code} [{f.severity.word}]{' [*]' * fixable(f)} {f.message}" for f in found
        ]
        if not found:
            lines.append(f"  gives no {spec.id} finding")
    return lines


def _yaml_like(value: Any, indent: str) -> list[str]:
    """A rule's params as they read in its file: `name: value`, lists one item a line."""
    from collections.abc import Mapping

    lines = []
    for key, item in value.items():
        if isinstance(item, Mapping):
            lines += [f"{indent}{key}:", *_yaml_like(item, indent + "  ")]
        elif isinstance(item, list | tuple):
            lines += [f"{indent}{key}:", *(f"{indent}  - {x}" for x in item)]
        else:
            lines.append(f"{indent}{key}: {item}")
    return lines


def _wrapped(text: str, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=max(40, min(_width(), 100)), initial_indent=indent, subsequent_indent=indent)


@checks_app.command("list")
def checks_list() -> None:
    """List the checks a rule file can name in `check:`: what each does and its parameters.
    Each parameter's type, description and default, and the fields a check's message can use."""
    from checker.check import CHECKS
    from checker.check.catalog import describe
    from checker.load.rules import load_rules

    bundled = load_rules(bundle=_toolkit().bundle)
    for i, name in enumerate(sorted(CHECKS)):
        if i:
            typer.echo("")
        for line in describe(CHECKS[name], bundled):
            _say(line)


class _Stopped(BaseException):
    """A signal that ends the run (Ctrl-C, SIGTERM, SIGHUP), raised where the run is, like
    KeyboardInterrupt: what is being written is finished or undone first (checker.write.files),
    worker processes are stopped (checker.batch), and main says so in one line."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def _stop(number: int, frame: object) -> None:
    raise _Stopped(number)


def _signals() -> None:
    """How checker ends on a signal, as a Unix tool does."""
    # The reader of the output has gone (`checker lint ... | head -1`): end quietly, as `cat` does
    # (exit status 141), rather than with a traceback or "Exception ignored" at exit.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # A size limit (ulimit -f): the write fails with EFBIG and is reported, rather than killing.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        # One ignored already stays ignored: nohup, or a shell's background job, asked for that.
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is not signal.SIG_IGN:
            signal.signal(getattr(signal, name), _stop)


def _stopped(number: int) -> int:
    from checker.__main__ import stopped_message

    _say(stopped_message(number), err=True)
    return 128 + number


def main() -> None:
    # A terminal or pipe that cannot show a character (LANG=C, PYTHONIOENCODING=ascii) gets an
    # escape for it rather than a crash halfway through the report.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    _signals()
    try:
        os.getcwd()
    except FileNotFoundError:  # paths are shown relative to it, and relative ones resolved against it
        _say("checker: the current folder no longer exists; cd to one that does and run again", err=True)
        sys.exit(2)
    code: Any
    try:
        app(args=_old_questions_option(sys.argv[1:]))
        code = 0
    except SystemExit as exc:
        code = exc.code
    except CheckerError as exc:
        for problem in str(exc).splitlines():
            _say(problem, err=True)
        code = 2
    except _Stopped as exc:
        code = _stopped(exc.number)
    except KeyboardInterrupt:  # Ctrl-C before the handler was set, or from code that raises it
        code = _stopped(signal.SIGINT)
    except OSError as exc:
        if exc.errno not in _OUTPUT_FAILURES:
            raise
        code = _output_failed(exc)
    try:
        # Output still buffered is written now, so that a full disk or a size limit is reported
        # here, in one line, rather than lost at exit.
        sys.stdout.flush()
    except OSError as exc:
        code = _output_failed(exc)
    sys.exit(code)


def _old_questions_option(args: list[str]) -> list[str]:
    """`-q` is --quiet; it used to be the short form of --questions, and `-q SET` still picks the set
    (with a note to write -Q) when SET names a question set: a bundled set's id, one of the sets of
    the project configured in the current folder, or a .yaml/.yml file. On a command with no --quiet,
    `-q X` is always the set. Anything else after -q (a draft, an option) is left to be read as it is."""
    if not any(a.startswith("-q") for a in args):
        return args
    command = _command_of(args)
    params = getattr(command, "params", ())
    names = {name for p in params for name in getattr(p, "opts", ())}
    if "--questions" not in names:
        return args
    quiet = "-q" in names
    takes_value = {
        name
        for p in params
        if getattr(p, "param_type_name", "") == "option" and not p.is_flag and not p.count
        for name in p.opts
    }
    out: list[str] = []
    i = 0
    while i < len(args):
        arg, value, step = args[i], None, 1
        if arg == "--":
            out += args[i:]
            break
        if arg == "-q" and i + 1 < len(args):
            value, step = args[i + 1], 2
        elif arg.startswith("-q") and len(arg) > 2:
            value = arg[2:]
        if value is not None and (not quiet or _names_a_question_set(value)):
            _say(f"checker: -q {value} is read as --questions {value}; write -Q {value} (-q means --quiet)", err=True)
            out += ["--questions", value]
        elif arg in takes_value:
            step = 2
            out += args[i : i + 2]
        else:
            step = 1
            out.append(arg)
        i += step
    return out


def _command_of(args: list[str]) -> Any:
    """The command `args` run (None for a group, or an unknown name)."""
    command: Any = typer.main.get_command(app)
    for name in args:
        commands = getattr(command, "commands", None)
        if commands is None:
            return command
        if name.startswith("-"):
            continue
        command = commands.get(name)
    return None if getattr(command, "commands", None) is not None else command


_DRAFT_SUFFIXES = (".txt", ".md", ".markdown", ".docx")


def _names_a_question_set(value: str) -> bool:
    if value.lower().endswith((".yaml", ".yml")):
        return True
    from checker.load.question_sets import bundled_question_sets

    if value in bundled_question_sets():
        return True
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value) or value.lower().endswith(_DRAFT_SUFFIXES):
        return False
    try:
        toolkit = _toolkit()
        config = toolkit.config_for(Path.cwd())
        return config.question_sets is not None and any(q.id == value for q in toolkit.candidate_sets(config))
    except CheckerError:
        return False


# Why writing to standard output can fail when it is a file: the reports themselves are complete.
_OUTPUT_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS}


def _output_failed(exc: OSError) -> int:
    try:
        sys.stdout = open(os.devnull, "w")  # nothing more can go there: nothing to retry at exit
    except OSError:
        pass
    why = {errno.EFBIG: "larger than the size limit, ulimit -f"}.get(exc.errno or 0, exc.strerror or str(exc))
    _say(f"checker: cannot write the output ({why}); it is incomplete; free some space or raise the limit", err=True)
    return 2
