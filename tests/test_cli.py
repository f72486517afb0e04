"""The command line as a user meets it: real processes, exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from checker.load.schemas import validate_instance
from tests.conftest import FIXTURES, ROOT, SEED, needs_shared

SAMPLES = ROOT / "samples" / "tip-2010"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def test_clean_draft_exits_0_and_shows_the_coverage_table():
    result = run("lint", str(SAMPLES / "clean-draft.txt"))
    assert result.returncode == 0, result.stderr
    assert "against tip-2010" in result.stdout
    assert "47 of 47 required questions answered; 0 error(s), 0 warning(s)" in result.stdout


def test_flawed_draft_exits_1_with_findings_worst_first():
    result = run("lint", "--no-table", str(SAMPLES / "flawed-draft.txt"))
    assert result.returncode == 1
    *lines, totals = [line for line in result.stdout.splitlines() if ": note: " not in line]
    assert totals == "5 errors, 10 warnings in 1 draft; 2 fixable with `checker fix` (marked [*])"
    assert lines[0].startswith(f"{SAMPLES / 'flawed-draft.txt'}:21:1: CQ301 [error]")
    severities = [line.split("[", 1)[1].split("]", 1)[0] for line in lines]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


def test_warnings_alone_do_not_fail(tmp_path):
    draft = tmp_path / "reply.txt"  # a finished reply but for one figure still to check
    text = (SAMPLES / "clean-draft.txt").read_text()
    draft.write_text(text.replace("In October 2009, the GOK", "In October 2009 [check date], the GOK", 1))
    result = run("lint", str(draft))
    assert result.returncode == 0
    assert "CQ202 [warning]" in result.stdout


def test_an_unanswered_question_fails_and_the_summary_counts_it():
    result = run("lint", str(SAMPLES / "draft.md"))  # 5K missing; 4H and 6D hold placeholders
    assert result.returncode == 1
    assert "CQ101 [error] no answer to 5K" in result.stdout
    assert "44 of 47 required questions answered; 1 error(s), 2 warning(s)" in result.stdout


def test_json_output_follows_the_contract():
    result = run("lint", "--format", "json", str(SAMPLES / "flawed-draft.txt"), str(SAMPLES / "draft.md"))
    data = json.loads(result.stdout)
    assert validate_instance("report", data) == []
    first = data["files"][0]
    misnumbered = next(f for f in first["findings"] if f["kind"] == "misnumbered")
    assert (misnumbered["question"], misnumbered["label"], misnumbered["expected"]) == ("6C", "5C", "6C")
    status = {q["id"]: q["status"] for q in first["questions"]}
    assert status["7B"] == "missing" and status["2D"] == "merged" and status["6F"] == "empty"


@needs_shared
def test_real_cable_from_an_unrelated_directory(tmp_path):
    result = run("lint", "--no-table", str(SEED), cwd=tmp_path)
    assert result.returncode == 1
    assert "CQ102 [warning] [*] '5C' answers 6C" in result.stdout


def test_missing_draft_is_exit_2_but_other_drafts_still_report(tmp_path):
    result = run("lint", "--no-table", str(tmp_path / "nope.txt"), str(SAMPLES / "draft.md"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.txt'}: no such file; check the path"
    assert "CQ202" in result.stdout


def test_bad_question_set_is_one_line_per_problem_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((FIXTURES / "question_sets" / "mini-2019.yaml").read_text().replace('cycle: "2019"', "cycle: 2019"))
    result = run("lint", "-Q", str(bad), str(SAMPLES / "draft.md"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{bad.resolve()}:5: $.cycle: 2019 is not of type 'string'" in result.stderr


def test_unknown_question_set_name():
    result = run("lint", "-Q", "tip-1999", str(SAMPLES / "draft.md"))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("tip-1999: no such question set; use one of")


def test_unknown_format_is_a_usage_error():
    result = run("lint", "--format", "xml", str(SAMPLES / "draft.md"))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_questions_commands():
    listed = run("questions", "list")
    assert listed.returncode == 0 and "tip-2010" in listed.stdout and "tip-2009" in listed.stdout
    shown = run("questions", "show", "29c")
    assert shown.returncode == 0 and shown.stdout.startswith("6C  Interagency coordination")
    assert "5C (2009 number)" in shown.stdout
    assert run("questions", "show", "6Q").returncode == 2
    valid = run("questions", "validate", str(ROOT / "question_sets" / "tip-2010.yaml"))
    assert valid.returncode == 0


def test_questions_show_and_new_take_the_set_the_project_configures(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "mini.yaml").write_text((FIXTURES / "question_sets" / "mini-parts.yaml").read_text())
    (tmp_path / ".checker.yaml").write_text("questions: mini.yaml\n")
    shown = run("questions", "show", "2.1", cwd=tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith("2.1  Findable"), shown.stderr
    skeleton = run("new", cwd=tmp_path)
    assert skeleton.returncode == 0 and "Findable" in skeleton.stdout, skeleton.stderr
    (tmp_path / ".checker.yaml").write_text("rules:\n  CQ202: error\n")
    assert run("questions", "show", "6C", cwd=tmp_path).stdout.startswith("6C  Interagency coordination")
    unknown = run("questions", "show", "9.9", "-Q", str(tmp_path / "mini.yaml"))
    assert unknown.returncode == 2 and "block" not in unknown.stderr and "no such part in mini-parts" in unknown.stderr
    bare = run("new", cwd=tmp_path)
    assert bare.returncode == 2 and bare.stderr.count("\n") == 1 and "-Q" in bare.stderr


def test_questions_validate_reports_every_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: Bad Id\ntitle: x\n")
    result = run("questions", "validate", str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) >= 5 and all(line.startswith(f"{bad.resolve()}:") for line in lines)


def test_rules_commands(tmp_path):
    listed = run("rules", "list")
    assert listed.returncode == 0 and listed.stdout.count("\n") == len(list((ROOT / "rules").glob("*.yaml")))
    bad = tmp_path / "CQ999-x.yaml"
    bad.write_text(
        "id: CQ999\nname: x\nkind: missing\ncheck: missing\nseverity: error\n"
        "description: a broken rule here\nmessage: '{nope}'\n"
    )
    result = run("rules", "validate", str(bad))
    assert result.returncode == 2 and "unknown field(s) {nope}" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["lint", "--help"]])
def test_help(args):
    assert run(*args).returncode == 0


def test_coverage_table_for_one_draft():
    result = run("coverage", str(SAMPLES / "flawed-draft.txt"))
    assert result.returncode == 0, result.stderr
    assert "evidence coverage" in result.stdout and "Coverage " in result.stdout


def test_coverage_of_several_drafts_ranks_them_and_gives_the_matrix_on_request(tmp_path):
    drafts = [str(SAMPLES / name) for name in ("clean-draft.txt", "flawed-draft.txt", "draft.md")]
    ranked = run("coverage", "--top", "1", "--no-config", *drafts)
    assert ranked.returncode == 0, ranked.stderr
    assert "Weakest drafts (1 of 3)" in ranked.stdout and "Sent late (1)" in ranked.stdout
    markdown = run("coverage", "-f", "markdown", "--no-config", *drafts).stdout
    assert "| Draft | Overall | 2A |" in markdown  # 3 drafts: the matrix fits, so it comes
    assert "### Weakest drafts (3 of 3)" in markdown
    # JSON is lint's contract: the layout options change nothing in it.
    plain = run("coverage", "-f", "json", "--no-config", *drafts).stdout
    assert run("coverage", "-f", "json", "--matrix", "--top", "2", "--no-config", *drafts).stdout == plain
    assert json.loads(plain) == json.loads(run("lint", "-f", "json", "--no-config", *drafts).stdout)


def test_coverage_fail_under(tmp_path):
    ok = run("coverage", "--fail-under", "50", str(SAMPLES / "clean-draft.txt"))
    assert ok.returncode == 0
    low = run("coverage", "--fail-under", "99", str(SAMPLES / "flawed-draft.txt"))
    assert low.returncode == 1
    assert "is below --fail-under 99" in low.stderr


def test_coverage_writes_a_file_atomically_and_keeps_its_mode(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report")
    target.chmod(0o640)
    result = run(
        "coverage", "-f", "html", "-o", str(target), str(SAMPLES / "clean-draft.txt"), str(SAMPLES / "draft.md")
    )
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_coverage_output_dash_is_standard_output_as_for_new(tmp_path):
    result = run("coverage", "-f", "markdown", "-o", "-", str(SAMPLES / "draft.md"), cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("## Evidence coverage")
    assert list(tmp_path.iterdir()) == []  # no file named "-"


def test_coverage_into_a_missing_folder_is_exit_2(tmp_path):
    result = run("coverage", "-f", "csv", "-o", str(tmp_path / "no" / "such.csv"), str(SAMPLES / "draft.md"))
    assert result.returncode == 2
    assert result.stderr == (
        f"{tmp_path / 'no' / 'such.csv'}: cannot write (no such folder); nothing was written; "
        "create the folder, or check the path\n"
    )


def test_lint_json_fills_scores_and_evidence():
    data = json.loads(run("lint", "-f", "json", str(SAMPLES / "clean-draft.txt")).stdout)
    stats = next(q for q in data["files"][0]["questions"] if q["id"] == "4E")
    assert stats["score"] >= 75 and stats["coverage"] == "complete"
    assert {e["need"] for e in stats["evidence"]} >= {"convictions", "window"}
    asks = {a["id"]: a for a in stats["asks"]}
    assert asks["convictions"]["strength"] >= 0.5 and asks["convictions"]["words"] and asks["convictions"]["line"]
    assert validate_instance("report", data) == []


def test_baseline_round_trip_on_the_command_line(tmp_path):
    baseline = tmp_path / "baseline.json"
    wrote = run("lint", "--write-baseline", str(baseline), str(SAMPLES / "flawed-draft.txt"))
    assert wrote.returncode == 0 and "recorded" in wrote.stderr
    again = run("lint", "--quiet", "--baseline", str(baseline), str(SAMPLES / "flawed-draft.txt"))
    assert again.returncode == 0 and again.stdout == ""


def test_ci_formats_on_the_command_line():
    sarif = json.loads(run("lint", "-f", "sarif", str(SAMPLES / "flawed-draft.txt"), cwd=ROOT).stdout)
    assert sarif["version"] == "2.1.0"
    assert (
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "samples/tip-2010/flawed-draft.txt"
    )
    assert run("lint", "-f", "github", str(SAMPLES / "flawed-draft.txt")).stdout.startswith("::error ")
    assert "<testsuites" in run("lint", "-f", "junit", str(SAMPLES / "draft.md")).stdout


def test_help_texts_show_their_brackets():
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert "Ignore .checker.yaml and the [tool.checker] table of pyproject.toml." in result.stdout


def test_output_a_terminal_cannot_show_is_escaped_not_a_crash(tmp_path):
    draft = tmp_path / "café draft.md"
    draft.write_text((ROOT / "samples" / "tip-2010" / "draft.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-table", str(draft)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert b"caf\\xe9 draft.md:217:1: CQ202" in result.stdout


def test_a_current_folder_that_was_deleted_is_one_line(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m checker lint -f sarif "$0"'
    result = subprocess.run(
        ["sh", "-c", script, str(ROOT / "samples" / "tip-2010" / "draft.md")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert (result.returncode, result.stderr) == (
        2,
        "checker: the current folder no longer exists; cd to one that does and run again\n",
    )


# Names a hook or a script may pass that look like options: after `--` each is a file.
OPTION_LIKE = ["-2010-final.txt", "--write-baseline=NOTES.md", "-q"]


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "--no-table"],
        ["lint", "-f", "json"],
        ["coverage", "-f", "csv"],
        ["fix"],
        ["fix", "--write"],
        ["migrate", "--from", "tip-2009", "--to", "tip-2010"],
    ],
)
def test_everything_after_a_double_dash_is_a_file(tmp_path, command):
    for name in OPTION_LIKE:
        (tmp_path / name).write_bytes((SAMPLES / "flawed-draft.txt").read_bytes())
    (tmp_path / "NOTES.md").write_text("the team's notes\n")
    result = run(*command, "--no-config", "--", *OPTION_LIKE, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "No such option" not in result.stderr and "Usage" not in result.stderr
    assert (tmp_path / "NOTES.md").read_text() == "the team's notes\n"
    shown = result.stdout + result.stderr
    assert all(name in shown for name in OPTION_LIKE)
    if command == ["lint", "-f", "json"]:
        assert [f["path"] for f in json.loads(result.stdout)["files"]] == OPTION_LIKE


@pytest.mark.parametrize("command", [["questions", "validate"], ["rules", "validate"]])
def test_validate_commands_read_option_like_names_as_files(tmp_path, command):
    (tmp_path / "-q").write_text("not: [a valid file\n")
    result = run(*command, "--", "-q", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path / '-q'}:") or result.stderr.startswith("-q:")


def test_an_option_after_a_double_dash_that_is_no_file_says_why(tmp_path):
    result = run("lint", "--no-config", "--", "-q", "tip-2010", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "-q: no such file; after --, every argument is a file name: put options before -- "
        "(for the pre-commit hook, in .checker.yaml)",
        "tip-2010: no such file; check the path",
    ]
