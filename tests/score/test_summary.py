"""The coverage summary: what a reviewer of a whole cycle is told, computed once from lint's Report."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from checker.model.findings import Report, Severity
from checker.score.summary import Thresholds, cycle, natural_key, short_names, summarize
from tests.conftest import ROOT, bundled_rules
from tests.report.cycle_drafts import write_cycle
from tests.report.test_coverage_reporters import MERGED, late, one, small_cycle


def test_names_sort_as_people_sort_them():
    names = ["p10.txt", "p2.txt", "P1.txt", "p1b.txt", "p100.txt", "a.txt"]
    assert sorted(names, key=natural_key) == ["a.txt", "P1.txt", "p1b.txt", "p2.txt", "p10.txt", "p100.txt"]


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30, unique=True))
def test_numbered_names_sort_by_number(numbers):
    names = [f"post-{n}.txt" for n in numbers]
    assert sorted(names, key=natural_key) == [f"post-{n}.txt" for n in sorted(numbers)]


def test_drafts_are_named_without_the_folders_they_share():
    assert short_names(["cycle/a/p1.txt", "cycle/b/p1.txt"]) == ["a/p1.txt", "b/p1.txt"]
    assert short_names(["cycle/p1.txt", "cycle/p2.txt"]) == ["p1.txt", "p2.txt"]
    assert short_names(["p1.txt", "x/p2.txt"]) == ["p1.txt", "x/p2.txt"]


def test_a_draft_carries_lints_findings_by_question_and_its_counts(tip2010):
    first = one(tip2010)
    draft = replace(first, findings=(late("2010-02-24", 9), MERGED, *first.findings))
    f = summarize(Report((draft,))).files[0]
    assert [x.code for x in f.findings_on("6C")] == ["CQ106", "CQ102"]
    assert [x.code for x in f.draft_findings] == ["CQ303"]
    assert f.late_days == 9
    # Misnumbered and merged are structural; a missing answer is counted as missing, not here.
    assert [x.code for x in f.structural_findings] == ["CQ106", "CQ102"] and f.broken
    assert (f.errors, f.warnings) == (1, 4)
    assert [r.question.id for r in f.weakest] == ["7B", "6D", "6C"]
    assert f.counts == {"complete": 1, "partial": 1, "weak": 1, "empty": 0, "missing": 1}


def test_an_info_level_structural_finding_does_not_make_a_draft_broken(tip2010):
    first = one(tip2010)
    quiet = replace(first, findings=tuple(replace(x, severity=Severity.INFO) for x in first.findings))
    assert not summarize(Report((quiet,))).files[0].broken


def test_thresholds_come_from_rule_cq501_of_each_draft(tip2010):
    assert Thresholds.of(bundled_rules()) == Thresholds(
        "CQ501", 75, 45, (("duplicate", 70), ("merged", 60), ("out-of-order", 85)), 25
    )
    assert Thresholds.of(()) is None


def test_the_cycle_ranks_the_weakest_drafts_and_questions(tip2010):
    c = cycle(summarize(small_cycle(tip2010)))
    overall = [f.overall for f in c.drafts_ranked]
    assert overall == sorted(overall)
    assert sum(b.drafts for b in c.bands) == 12
    assert [q.id for q in c.questions_ranked[:3]] == ["7B", "6D", "6B"]  # missing in 12, weak in 12, weak in 6
    assert [f.label for f in c.late] == ["post-12.txt", "post-8.txt", "post-4.txt"]  # latest first
    assert c.broken[0].label in ("post-5.txt", "post-10.txt")  # two structural findings each
    assert [f.label for f in c.coverage.by_name][:3] == ["post-1.txt", "post-2.txt", "post-3.txt"]


def test_json_order_and_figures_are_unchanged_by_the_summary(tip2010):
    report = small_cycle(tip2010)
    coverage = summarize(report)
    assert [f.path for f in coverage.files] == [fr.path for fr in report.files]  # the report's own order


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "CI": "1"},
        timeout=300,
    )


def test_coverage_and_lint_agree_on_every_status_score_and_finding(tmp_path):
    drafts = [str(p) for p in write_cycle(tmp_path / "replies", 12)]
    lint = json.loads(_run("lint", "-f", "json", "--no-config", *drafts).stdout)
    rows = list(csv.DictReader(io.StringIO(_run("coverage", "-f", "csv", "--no-config", *drafts).stdout)))
    assert len(rows) == 12 * 48
    by_lint = {}
    for f in lint["files"]:
        codes: dict[str | None, list[str]] = {}
        for x in f["findings"]:
            codes.setdefault(x["question"], []).append(x["code"])
        for q in f["questions"]:
            by_lint[(f["path"], q["id"])] = (
                q["coverage"] or "optional",
                "" if q["score"] is None else str(q["score"]),
                q["status"],
                " ".join(codes.get(q["id"], [])),
                str(f["coverage"]["overall"]),
                str(sum(1 for x in f["findings"] if x["severity"] == "error")),
            )
    by_coverage = {
        (r["path"], r["question"]): (
            r["status"],
            r["score"],
            r["lint_status"],
            r["finding_codes"],
            r["draft_overall"],
            r["draft_errors"],
        )
        for r in rows
    }
    assert by_coverage == by_lint
    statuses = {v[0] for v in by_lint.values()}
    assert {"complete", "partial", "weak", "empty", "missing"} <= statuses  # the cycle has every kind


def test_the_same_id_in_two_question_sets_is_two_questions(tip2010):
    # A cycle holding a reply to last year's set (a late post, a copy not yet migrated) and one to
    # this year's: 5C of tip-2009 is not 5C of tip-2010, yet they were one row, their scores
    # averaged together, the title of whichever came first, lint's findings on either counted.
    first = one(tip2010)
    weak_6b = tuple(
        replace(r, evidence=replace(r.evidence, score=10, status="weak")) if r.question.id == "6B" else r
        for r in first.questions
    )
    old = replace(first, path="cycle/old.txt", question_set="tip-2009", questions=weak_6b, findings=(MERGED,))
    new = replace(first, path="cycle/new.txt", findings=())
    coverage = summarize(Report((old, new)))
    rows = [q for q in coverage.questions if q.id == "6B"]
    assert [(q.question_set, q.label) for q in rows] == [("tip-2009", "6B (tip-2009)"), ("tip-2010", "6B (tip-2010)")]
    by_set = {q.question_set: q for q in rows}
    new_score = next(r.evidence.score for r in first.questions if r.question.id == "6B")
    assert (by_set["tip-2009"].mean, by_set["tip-2009"].weak) == (10, 1)
    assert (by_set["tip-2010"].mean, by_set["tip-2010"].weak) == (new_score, 0)
    assert [c is None for c in by_set["tip-2010"].cells] == [True, False]
    flagged = {q.question_set: q.flagged for q in coverage.questions if q.id == "6C"}
    assert flagged == {"tip-2009": 1, "tip-2010": 0}  # MERGED is on 6C of the old reply only
    assert len(coverage.questions) == 2 * len(first.questions)
    # one set: ids as they are
    assert all(q.label == q.id for q in summarize(Report((new,))).questions)
