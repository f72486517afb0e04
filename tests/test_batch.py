"""Batches: folders and patterns expand in a stable order, and parallel runs give the same
bytes as serial ones."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys

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
        "2010/reply-0.txt",
        "2010/reply-1.txt",
        "2010/reply-2.txt",
        "2010/reply-3.txt",
        "2010/post/reply.md",
    ]
    assert not problems
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
            "-q",
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
            f"{slow}: checking stopped after 2 s; a pattern in the rules, detectors or question set takes too long "
            "on this draft's text; simplify the patterns given with --rules or -q, or report it"
        )
    ]
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(good)]
    assert report["unreadable"] == result.stderr.strip().splitlines()
