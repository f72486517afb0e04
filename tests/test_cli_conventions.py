"""Command-line conventions, as a new user tries them: help and version everywhere, one meaning
per option across commands, -q for quiet (and the old -q SET still understood), a totals line,
fixable findings marked, `fix --check`, `checker rule`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
import typer

from checker import __version__
from checker.cli import app
from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"
FLAWED, CLEAN, DRAFT = SAMPLES / "flawed-draft.txt", SAMPLES / "clean-draft.txt", SAMPLES / "draft.md"
NOTE = "checker: -q tip-2010 is read as --questions tip-2010; write -Q tip-2010 (-q means --quiet)\n"


def run(*args: object, cwd=None, env=None) -> subprocess.CompletedProcess[str]:
    plain = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    return subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**plain, **(env or {})},
    )


def _command_paths(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_paths(sub, (*path, name))


COMMANDS = list(_command_paths(typer.main.get_command(app)))


def test_version():
    result = run("--version")
    assert (result.returncode, result.stdout) == (0, f"checker {__version__}\n")


def test_command_lists_break_help_lines_only_between_sentences():
    # A group's list of commands shows each first paragraph with its line breaks as written:
    # `checker -h` showed "...and message, with a draft that" / "breaks it and one that does not."
    def helps(command, path=()):
        for name, sub in getattr(command, "commands", {}).items():
            yield (*path, name), (sub.help or "").split("\n\n")[0]
            yield from helps(sub, (*path, name))

    broken = [
        (path, line)
        for path, text in helps(typer.main.get_command(app))
        for line in text.splitlines()
        if not line.rstrip().endswith((".", ":"))
    ]
    assert not broken


def test_coverage_takes_lints_name_for_the_terminals_format():
    # `checker lint -f text` is the terminal's format; `checker coverage -f text` was a usage error.
    table, text = run("coverage", "-f", "table", CLEAN), run("coverage", "-f", "text", CLEAN)
    assert (text.returncode, text.stdout) == (table.returncode, table.stdout) and table.returncode == 0
    assert "evidence coverage" in text.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "checker")
def test_every_command_and_group_takes_h(path):
    short, long = run(*path, "-h", env={"COLUMNS": "100"}), run(*path, "--help", env={"COLUMNS": "100"})
    assert short.returncode == 0 and "Usage:" in short.stdout
    assert short.stdout == long.stdout


def test_the_same_option_has_the_same_short_form_everywhere():
    seen: dict[str, set[str]] = {}
    for path in COMMANDS:
        command = typer.main.get_command(app)
        for name in path:
            command = command.commands[name]
        for param in getattr(command, "params", ()):
            longs = [o for o in param.opts if o.startswith("--")]
            shorts = [o for o in param.opts if not o.startswith("--")]
            for option in longs:
                seen.setdefault(option, set()).update(shorts)
    assert seen["--questions"] == {"-Q"} and seen["--quiet"] == {"-q"}
    assert seen["--output"] == {"-o"} and seen["--format"] == {"-f"}
    owners = {short: [long for long, shorts in seen.items() if short in shorts] for s in seen.values() for short in s}
    assert all(len(longs) == 1 for longs in owners.values()), owners


# ------------------------------------------------------------------------------ -q is --quiet


def test_q_lints_a_draft_quietly_and_prints_nothing_when_all_is_well():
    clean = run("lint", "-q", CLEAN)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    flawed = run("lint", "-q", FLAWED)
    assert flawed.returncode == 1 and flawed.stderr == ""
    *findings, totals = flawed.stdout.splitlines()
    # the findings, then why two of them are only warnings (a lowered severity is said beside them)
    assert all(" CQ" in line and ": note: " not in line for line in findings[:15])
    assert [line.split(": note: ")[1].split(" lowered")[0] for line in findings[15:]] == ["CQ102", "CQ103"]
    assert totals == "5 errors, 10 warnings in 1 draft; 2 fixable with `checker fix` (marked [*])"
    assert "┏" not in flawed.stdout


def test_q_before_an_option_or_a_double_dash_is_quiet(tmp_path):
    assert run("lint", "-q", "--no-config", CLEAN).stdout == ""
    shutil.copy(FLAWED, tmp_path / "-reply.txt")
    result = run("lint", "-q", "--no-config", "--", "-reply.txt", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.endswith("in 1 draft; 2 fixable with `checker fix` (marked [*])\n")


def test_old_q_with_a_bundled_set_picks_it_with_a_note():
    result = run("lint", "-q", "tip-2010", "--no-table", DRAFT)
    assert result.returncode == 1 and result.stderr == NOTE  # the sample leaves 5K unanswered: an error
    assert "note: checked against tip-2010 (given with --questions)" in result.stdout


def test_old_q_with_a_yaml_file_or_a_project_set_picks_it(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "sets").mkdir()
    shutil.copy(ROOT / "question_sets" / "rfc.yaml", tmp_path / "sets" / "house-rfc.yaml")
    text = (tmp_path / "sets" / "house-rfc.yaml").read_text().replace("id: rfc\n", "id: house-rfc\n")
    (tmp_path / "sets" / "house-rfc.yaml").write_text(text)
    draft = tmp_path / "reply.md"
    shutil.copy(ROOT / "samples" / "rfc" / "drafts" / "01-good-pipeline-topic.md", draft)
    by_file = run("lint", "-q", "sets/house-rfc.yaml", "--no-table", "reply.md", cwd=tmp_path)
    assert "note: checked against house-rfc (given with --questions)" in by_file.stdout, by_file.stderr
    assert by_file.stderr.startswith("checker: -q sets/house-rfc.yaml is read as --questions sets/house-rfc.yaml")
    (tmp_path / ".checker.yaml").write_text("question_sets: sets\n")
    by_id = run("lint", "-q", "house-rfc", "--no-table", "reply.md", cwd=tmp_path)
    assert "note: checked against house-rfc (given with --questions)" in by_id.stdout, by_id.stderr
    assert run("lint", "-Q", "house-rfc", "--no-table", "reply.md", cwd=tmp_path).stdout == by_id.stdout


def test_q_with_a_name_that_is_no_set_is_quiet_and_the_name_a_draft():
    result = run("lint", "-q", "tip-1999", DRAFT)
    assert result.returncode == 2
    assert result.stderr == "tip-1999: no such file; check the path\n"


def test_new_short_form_is_silent():
    result = run("lint", "-Q", "tip-2010", "--no-table", DRAFT)
    assert result.returncode == 1 and result.stderr == ""


@pytest.mark.parametrize(
    "args",
    [["new", "-q", "tip-2010"], ["questions", "show", "6C", "-q", "tip-2010"], ["coverage", "-q", "tip-2010", DRAFT]],
)
def test_commands_without_quiet_still_read_old_q_as_the_set(args):
    result = run(*args)
    assert result.returncode == 0 and result.stderr == NOTE


# ------------------------------------------------------------------------------ totals, marks, -o


def test_totals_in_every_mode():
    table = run("lint", DRAFT).stdout.splitlines()
    no_table = run("lint", "--no-table", DRAFT).stdout.splitlines()
    assert table[-1] == no_table[-1] == "1 error, 2 warnings in 1 draft"
    assert run("lint", CLEAN).stdout.splitlines()[-1] == "No findings in 1 draft"
    two = run("lint", "--no-table", FLAWED, DRAFT).stdout.splitlines()[-1]
    assert two == "6 errors, 12 warnings in 2 drafts; 2 fixable with `checker fix` (marked [*])"


def test_fixable_findings_are_marked_and_only_those():
    lines = run("lint", "--no-table", FLAWED).stdout.splitlines()
    marked = [line.split(": ", 2)[1].split()[0] for line in lines if "] [*] " in line]
    assert marked == ["CQ102", "CQ402"]


def test_lint_writes_any_format_to_a_file(tmp_path):
    target = tmp_path / "out.sarif"
    result = run("lint", "-f", "sarif", "-o", target, FLAWED)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    text = tmp_path / "out.txt"
    assert run("lint", "-o", text, "--no-table", DRAFT, env={"FORCE_COLOR": "1"}).returncode == 1
    assert "\x1b[" not in text.read_text() and text.read_text().endswith("1 error, 2 warnings in 1 draft\n")
    assert run("lint", "-o", "-", "--no-table", DRAFT).stdout == run("lint", "--no-table", DRAFT).stdout


@pytest.mark.parametrize("command", [["lint", "-f", "json"], ["coverage", "-f", "csv"], ["new", "-Q", "rfc"]])
def test_output_dash_is_standard_output(tmp_path, command):
    drafts = [] if command[0] == "new" else [DRAFT]
    result = run(*command, "-o", "-", *drafts, cwd=tmp_path)
    assert (
        result.returncode == (1 if command[0] == "lint" else 0)
        and result.stdout == run(*command, *drafts, cwd=tmp_path).stdout != ""
    )
    assert list(tmp_path.iterdir()) == []


def test_lint_never_writes_its_report_over_a_draft(tmp_path):
    draft = tmp_path / "reply.txt"
    shutil.copy(FLAWED, draft)
    result = run("lint", "-o", draft, draft)
    assert result.returncode == 2 and draft.read_bytes() == FLAWED.read_bytes()


# ------------------------------------------------------------------------------ fix


def test_fix_check_lists_the_changes_writes_nothing_and_exits_1(tmp_path):
    draft = tmp_path / "reply.txt"
    shutil.copy(FLAWED, draft)
    result = run("fix", "--check", draft)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{draft}:808:1: CQ102 would change '5C' to 'C'",
        f"{draft}:870:33: CQ402 would change '6A' to '4G'",
    ]
    assert "2 change(s) to make in 1 of 1 draft(s)" in result.stderr
    assert draft.read_bytes() == FLAWED.read_bytes()


def test_fix_check_exits_0_when_nothing_would_change_even_with_errors_left():
    result = run("fix", "--check", "--no-config", DRAFT)
    assert (result.returncode, result.stdout) == (0, "")


def test_fix_exits_1_while_errors_remain_and_0_when_none_do(tmp_path):
    draft = tmp_path / "reply.txt"
    shutil.copy(FLAWED, draft)
    shown = run("fix", draft)
    assert shown.returncode == 1 and "5 error-level finding(s) remain in 1 draft(s)" in shown.stderr
    written = run("fix", "--write", draft)
    assert written.returncode == 1 and draft.read_bytes() != FLAWED.read_bytes()
    assert run("fix", "--check", draft).returncode == 0  # a second run changes nothing
    assert run("fix", DRAFT).returncode == 1  # 5K unanswered: an error fix cannot repair
    warned = tmp_path / "warned.txt"  # warnings only: a finished reply with a figure still to check
    warned.write_text(CLEAN.read_text().replace("In October 2009, the GOK", "In October 2009 [check], the GOK", 1))
    assert run("fix", warned).returncode == 0


def test_fix_quiet_leaves_out_what_is_left_for_the_drafter():
    result = run("fix", "-q", FLAWED)
    assert "left for the drafter" not in result.stdout and result.stdout.startswith("--- a/")


def test_fix_check_and_write_together_is_a_usage_error():
    result = run("fix", "--check", "--write", DRAFT)
    assert result.returncode == 2 and "choose one" in result.stderr


# ------------------------------------------------------------------------------ checker rule


@pytest.mark.parametrize("name", ["CQ102", "cq102", "misnumbered-label"])
def test_rule_explains_a_rule_by_code_or_name(name):
    result = run("rule", name, "--no-config", env={"COLUMNS": "100"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("CQ102 misnumbered-label\n")
    assert "carries another's number" in out
    assert "severity: error; warning where the question is reconstructed (R)" in out
    assert "message:  '{label}' answers {question} ({title}), but {why}; relabel it {relabel}" in out
    assert "Fails against tip-2010:" in out and "Passes against tip-2010:" in out
    assert "    ### 5C. Interagency coordination" in out
    assert "gives: line 6: CQ102 [warning] [*] '5C' answers 6C" in out
    assert "gives no CQ102 finding" in out


def test_rule_shows_params_as_in_the_rule_file():
    out = run("rule", "CQ501", "--no-config").stdout
    assert "  params:\n    complete: 75\n    partial: 45\n    caps:\n      merged: 60\n" in out


def test_unknown_rule_is_one_line_and_exit_2():
    result = run("rule", "CQ999")
    assert (result.returncode, result.stderr) == (
        2,
        "CQ999: no such rule; `checker rules list` shows every code and name\n",
    )


def test_rules_validate_holds_a_rule_to_its_examples(tmp_path):
    text = (ROOT / "rules" / "CQ202-placeholder-text.yaml").read_text()
    broken = tmp_path / "CQ202-placeholder-text.yaml"
    broken.write_text(text.replace("Police opened 12 investigations", "Police opened XX investigations"))
    result = run("rules", "validate", broken)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{broken.resolve()}:") and ": $.examples.pass: gives CQ202 (placeholder 'XX'" in line
