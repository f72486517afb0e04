"""Command line. Wiring only; the one place where expected errors become exit code 2."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from checker.errors import CheckerError, ConfigError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Check drafts of replies to reporting instructions: every question answered, under its right number.",
)
questions_app = typer.Typer(no_args_is_help=True, help="List, show and validate question sets.")
rules_app = typer.Typer(no_args_is_help=True, help="List and validate rules.")
checks_app = typer.Typer(no_args_is_help=True, help="List the checks a rule file can use.")
app.add_typer(questions_app, name="questions")
app.add_typer(rules_app, name="rules")
app.add_typer(checks_app, name="checks")


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
        "-q",
        help="Question set id (e.g. tip-2010) or path to a YAML file. Default: chosen from the draft.",
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
        report, errors = check_paths(drafts, toolkit, jobs=workers)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("checking drafts", total=None, visible=False)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, visible=total >= 20)

            report, errors = check_paths(drafts, toolkit, jobs=workers, progress=advance)
    return report, errors


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


@app.command()
def lint(
    drafts: DraftsArgument,
    questions: QuestionsOption = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.text,
    rules: RulesOption = None,
    no_table: Annotated[bool, typer.Option("--no-table", help="Only the finding lines, no coverage table.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="Only the finding lines, nothing when there are none (for hooks).")
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
    if output_format is not OutputFormat.text:
        _out(lambda stream: get_reporter(output_format.value)(report, stream, False))
    else:
        from checker.report.text import render

        color = sys.stdout.isatty()
        _out(lambda stream: render(report, stream, color, table=not (no_table or quiet), notes=not quiet), color)
    if errors:
        _fail(errors)
    raise typer.Exit(exit_code(report))


class CoverageFormat(str, Enum):
    table = "table"
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
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")
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

    reporter = get_reporter(output_format.value)
    # JSON is lint's contract, as it is; the other coverage formats take the layout options.
    options: dict[str, Any] = {} if output_format is CoverageFormat.json else {"matrix": matrix, "top": top}

    def render(stream: TextIO, color: bool) -> None:
        reporter(report, stream, color, **options)

    if output is None:
        color = sys.stdout.isatty() and output_format is CoverageFormat.table
        _out(lambda stream: render(stream, color), color)
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
    drafts: list[Path], toolkit: Any, plan_for: Callable[[str], Any], write: bool, done: str, force: bool
) -> None:
    """Shared by fix and migrate: plan each draft, then show the diff or write it. A draft that
    cannot be planned or written is one line; the others still are."""
    from checker.read.discovery import expand_paths

    paths, errors = expand_paths(drafts)
    with _notes_of(toolkit):
        _rewrite_each(paths, errors, plan_for, write, done, force)
    if errors:
        _fail(errors)


def _rewrite_each(
    paths: list[str], errors: list[str], plan_for: Callable[[str], Any], write: bool, done: str, force: bool
) -> None:
    from checker.report.escape import terminal_block
    from checker.rewrite.fix import write_fixes

    for path in paths:
        try:
            plan = plan_for(path)
            if plan.changed and write:
                write_fixes(plan, force)
        except CheckerError as exc:
            if isinstance(exc, ConfigError):  # the same for every draft: said once, and the run ends
                raise
            errors.append(str(exc))
            continue
        if plan.changed and write:
            _say(f"{path}: {done} ({len(plan.edits)} change(s))")
        elif plan.changed:
            # A diff piped on is a patch, byte for byte; on a terminal, the draft's text is shown inert.
            diff = plan.diff() if not sys.stdout.isatty() else terminal_block(plan.diff())
            _out(_text(diff))
        for f in plan.left:
            _say(f"{path}:{f.line}:{f.column}: {f.code} [{f.severity.word}] left for the drafter: {f.message}")
        for note in plan.notes:
            _say(f"{path}: to do: {note}")


@app.command()
def fix(
    drafts: DraftsArgument,
    write: Annotated[bool, typer.Option("--write", help="Apply the changes (default: show them as a diff).")] = False,
    force: ForceOption = False,
    questions: QuestionsOption = None,
    rules: RulesOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Repair what lint can repair mechanically: stale labels and misdirected cross-references."""
    from checker.rewrite.fix import plan_fixes

    toolkit = _toolkit(questions, rules, config, no_config)
    _rewrite(drafts, toolkit, lambda path: plan_fixes(path, toolkit), write, "fixed", force)


@app.command()
def migrate(
    drafts: DraftsArgument,
    from_set: Annotated[str, typer.Option("--from", help="Last cycle's question set, e.g. tip-2009.")],
    to_set: Annotated[str, typer.Option("--to", help="This cycle's question set, e.g. tip-2010.")],
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
        f"migrated to {to_set}",
        force,
    )


class SkeletonFormat(str, Enum):
    cable = "cable"
    markdown = "markdown"


@app.command()
def new(
    questions: Annotated[str, typer.Option("--questions", "-q", help="Question set id or path.")],
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

    qset = _toolkit().question_set(questions)
    if skeleton_format is None:
        skeleton_format = SkeletonFormat.markdown if qset.parts else SkeletonFormat.cable
    if skeleton_format is SkeletonFormat.cable and qset.parts:
        _fail(
            [f"{questions}: {qset.id} is not laid out as a cable (it has parts, not lettered items); use -f markdown"]
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


@questions_app.command("list")
def questions_list() -> None:
    """List the bundled question sets."""
    for qset in _toolkit().bundled_question_sets():
        required = sum(q.required for q in qset.questions)
        _say(f"{qset.id}\t{qset.title}\t{len(qset.questions)} items ({required} required)")


@questions_app.command("show")
def questions_show(
    question_id: Annotated[str, typer.Argument(help="A question id such as 6C, or a block number such as 6.")],
    questions: Annotated[str, typer.Option("--questions", "-q", help="Question set id or path.")] = "tip-2010",
) -> None:
    """Show one question (or a block of them): its question, keywords, evidence and aliases."""
    from checker.model.questions import CONFIDENCE_WORDS

    qset = _toolkit().question_set(questions)
    if qset.parts:  # a set of parts: by id or number, a group showing the parts inside it
        inside = {question_id}
        for part in qset.parts:
            if part.parent in inside:
                inside.add(part.id)
        chosen = tuple(q for q in qset.questions if q.id in inside or q.number == question_id)
    else:
        wanted = question_id.upper().replace(".", "").replace(" ", "")
        block = qset.block(wanted)
        chosen = (
            block.questions
            if block
            else tuple(q for q in qset.questions if q.id == wanted or any(a.label == wanted for a in q.aliases))
        )
    if not chosen:
        _fail(
            [
                f"{question_id}: no such question in {qset.id}; run `checker questions show N -q {qset.id}` "
                "for a block's items"
            ]
        )
    for q in chosen:
        _say(f"{q.id}  {q.title}  [{'required' if q.required else 'optional'}, {CONFIDENCE_WORDS[q.confidence]}]")
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
        if q.synonyms:
            _say("    titles: " + "; ".join(q.synonyms))
        _say("    keywords: " + ", ".join(q.keywords))
        for e in q.evidence:
            _say(
                f"    evidence: {e.kind}{' (' + ', '.join(e.terms[:4]) + ')' if e.terms else ''}"
                f"{' optional' if e.optional else ''}: else '{e.missing}'"
            )


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
    """List the rules in force here: code, name, kind, severity (as the project configuration found
    from the current folder sets it) and what each reports; a project's own rule file is named."""
    from checker.load.bundled import builtin_dir

    bundled = builtin_dir("rules").resolve()
    for r in _toolkit(None, rules, config, no_config).settings_for(Path.cwd()).rules:
        severity = r.severity.word
        if r.by_confidence:
            severity += f" ({', '.join(f'{k}: {v.word}' for k, v in sorted(r.by_confidence.items()))})"
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
    """Validate rule files; print every problem as file:line: $.path: message."""
    from checker.load.rules import rule_problems

    _report_validation(files, rule_problems, "rule")


@checks_app.command("list")
def checks_list() -> None:
    """List the checks a rule file can name in `check:`: what each does, its parameters (type,
    description, default) and the fields its message can use."""
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
        app()
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
