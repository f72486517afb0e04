"""Batches: folders and patterns expand in a stable order, and parallel runs give the same
bytes as serial ones."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from checker.engine import check_paths
from checker.read.discovery import expand_paths
from checker.report.json_report import render
from checker.toolkit import Toolkit
from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"


def folder_of_drafts(tmp_path):
    drafts = tmp_path / "drafts"
    (drafts / "2010" / "post").mkdir(parents=True)
    (drafts / ".hidden").mkdir()
    for i in range(4):
        shutil.copy(SAMPLES / "flawed-draft.txt", drafts / "2010" / f"reply-{i}.txt")
    shutil.copy(SAMPLES / "draft.md", drafts / "2010" / "post" / "reply.md")
    shutil.copy(SAMPLES / "draft.md", drafts / ".hidden" / "skip.md")
    (drafts / "2010" / "README.md").write_text("# Notes for the team\n")
    (drafts / "2010" / "figures.csv").write_text("a,b\n")
    return drafts


def test_folders_and_patterns_expand_in_a_stable_order(tmp_path):
    drafts = folder_of_drafts(tmp_path)
    found, problems = expand_paths([drafts])
    names = [p.removeprefix(str(drafts) + "/") for p in found]
    assert names == [
        "2010/README.md",  # found, and skipped with a note when checked (see below)
        "2010/reply-0.txt",
        "2010/reply-1.txt",
        "2010/reply-2.txt",
        "2010/reply-3.txt",
        "2010/post/reply.md",
    ]
    assert not problems
    report, errors = check_paths([drafts / "2010" / "README.md"], Toolkit())
    assert report.files == () and not errors
    assert report.skipped == (
        f"{drafts}/2010/README.md: skipped, a README file, not a reply (no SUBJECT or TAGS "
        "line, and its headings are not a question set's)",
    )
    pattern, _ = expand_paths([f"{drafts}/**/*.md"])
    assert [p.removeprefix(str(drafts) + "/") for p in pattern] == ["2010/README.md", "2010/post/reply.md"]


def test_parallel_output_is_the_same_as_serial(tmp_path):
    drafts = folder_of_drafts(tmp_path)

    def rendered(jobs):
        report, errors = check_paths([drafts], Toolkit(), jobs=jobs)
        out = io.StringIO()
        render(report, out)
        return out.getvalue(), errors

    serial, parallel = rendered(1), rendered(2)
    assert serial == parallel
    assert serial[0].count('"path"') == 5


def slow_rules_and_draft(tmp_path, pattern=r"(?:a|aa)+c"):
    """A --rules folder whose CQ202 placeholder pattern backtracks for hours on a long run of a's,
    and a draft holding one."""
    rules = tmp_path / "rules"
    rules.mkdir()
    source = (ROOT / "rules" / "CQ202-placeholder-text.yaml").read_text(encoding="utf-8")
    (rules / "CQ202-placeholder-text.yaml").write_text(
        source.split("  patterns:\n")[0] + f"  patterns:\n    - '{pattern}'\n", encoding="utf-8"
    )
    lines = (SAMPLES / "draft.md").read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("### A."))
    draft = tmp_path / "slow.md"
    draft.write_text("\n".join([*lines[: at + 1], "a" * 50_000, *lines[at + 1 :]]), encoding="utf-8")
    return rules, draft


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_draft_that_takes_too_long_is_stopped_and_the_others_still_checked(tmp_path, jobs):
    rules, slow = slow_rules_and_draft(tmp_path)
    good = tmp_path / "good.md"
    shutil.copy(SAMPLES / "draft.md", good)
    env = {**os.environ, "CHECKER_TIME_LIMIT": "2"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "lint",
            "-Q",
            "tip-2010",
            "--format",
            "json",
            "--jobs",
            jobs,
            "--rules",
            str(rules),
            str(slow),
            str(good),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        (
            f"{slow}: checking stopped after 2 s; a pattern of {rules / 'CQ202-placeholder-text.yaml'}: "
            "rule CQ202 takes too long on this draft's text (it backtracks); simplify it, such as a repeat inside "
            "a repeat, or report it"
        )
    ]
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(good)]
    assert report["unreadable"] == result.stderr.strip().splitlines()


# ----------------------------------------------------------------------------- ending a parallel run


def many_drafts(tmp_path, count=240):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(count):
        shutil.copy(
            SAMPLES / ("flawed-draft.txt" if i % 2 else "draft.md"), folder / f"reply-{i:03}.{'txt' if i % 2 else 'md'}"
        )
    return folder


def group_is_gone(group: int, within: float) -> bool:
    """Whether every process of the group (the run and its workers) has ended within `within` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def test_ctrl_c_and_sigterm_end_a_parallel_run_promptly_every_time(tmp_path):
    """In a loop, so that a rare hang shows (a worker blocked handing back its result once kept the
    whole run waiting for ever): Ctrl-C, which a terminal sends to the whole group, and SIGTERM
    sent to the run alone, which must stop its workers itself, by turns, at random moments."""
    folder = many_drafts(tmp_path)
    rng = random.Random(12)
    stopped = 0
    for attempt in range(20):
        number, code = (signal.SIGINT, 130) if attempt % 2 == 0 else (signal.SIGTERM, 143)
        process = subprocess.Popen(
            [sys.executable, "-m", "checker", "lint", "--jobs", "2", "-f", "json", "--no-config", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own group, as a terminal's foreground job is
        )
        time.sleep(rng.uniform(0.3, 1.0))
        sent = time.monotonic()
        if number == signal.SIGINT:
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"{number.name} did not end the run within 10 s")
        assert time.monotonic() - sent < 5
        assert group_is_gone(process.pid, 5), "a worker outlived the run"
        assert b"Traceback" not in err and b"Exception ignored" not in err, err
        if process.returncode == code:
            stopped += 1
            shown = "Ctrl-C" if number == signal.SIGINT else number.name
            assert err.decode().splitlines() == [f"checker: stopped by {shown}; no file was left half-written"]
            assert out == b""  # no report half-written
        else:  # the signal came after the run had finished
            assert process.returncode in (0, 1), err
            json.loads(out)
    assert stopped >= 10


def test_workers_end_when_the_run_is_killed_outright(tmp_path):
    folder = many_drafts(tmp_path, 120)
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "lint", "--jobs", "2", "-f", "json", "--no-config", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(0.8)
    process.kill()  # SIGKILL: nothing of the run can tidy up
    process.wait()
    assert group_is_gone(process.pid, 10), "workers kept running after their parent was killed"


@pytest.mark.parametrize("kind", ["ConfigError", "DraftError", "CheckerError"])
def test_an_expected_error_in_a_worker_reaches_the_parent_as_itself(kind):
    from checker import batch, errors
    from checker.model import wire

    sent = (
        errors.ConfigError(["a.yaml:3: bad", "b.yaml:1: worse"])
        if kind == "ConfigError"
        else getattr(errors, kind)("x")
    )
    index, back = batch._from_wire(wire.loads(wire.dumps(batch._to_wire(4, sent))))
    assert index == 4 and type(back) is type(sent) and str(back) == str(sent)
