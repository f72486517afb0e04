"""Batches: folders and patterns expand in a stable order, and parallel runs give the same
bytes as serial ones."""

from __future__ import annotations

import io
import shutil

from checker.discovery import expand_paths
from checker.engine import check_paths
from checker.reporters.json_report import render
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
    assert names == ["2010/reply-0.txt", "2010/reply-1.txt", "2010/reply-2.txt", "2010/reply-3.txt",
                     "2010/post/reply.md"]
    assert not problems
    pattern, _ = expand_paths([f"{drafts}/**/*.md"])
    assert [p.removeprefix(str(drafts) + "/") for p in pattern] == ["2010/README.md", "2010/post/reply.md"]


def test_parallel_output_is_the_same_as_serial(tmp_path):
    drafts = folder_of_drafts(tmp_path)

    def rendered(jobs):
        report, errors = check_paths([drafts], jobs=jobs)
        out = io.StringIO()
        render(report, out)
        return out.getvalue(), errors

    serial, parallel = rendered(1), rendered(2)
    assert serial == parallel
    assert serial[0].count('"path"') == 5
