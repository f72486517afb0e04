"""Acceptance on the real 2010 reply in ../shared/seeds (skipped where that folder is absent)."""

from __future__ import annotations

import pytest

from checker.engine import check_paths
from checker.toolkit import Toolkit
from tests.conftest import SEED, needs_shared

pytestmark = needs_shared


@pytest.fixture(scope="module")
def seed_report():
    report, errors = check_paths([SEED], Toolkit())
    assert not errors
    return report.files[0]


def test_question_set_is_chosen_from_the_subject_line(seed_report):
    assert seed_report.question_set == "tip-2010"
    assert "subject line" in seed_report.chosen_by


def test_stray_2009_labels_in_prevention_block_are_misnumbered(seed_report):
    misnumbered = {(f.question, f.label, f.line) for f in seed_report.findings if f.kind == "misnumbered"}
    assert misnumbered == {("6C", "5C", 1458), ("6G", "5G", 1510)}
    messages = [f.message for f in seed_report.findings if f.kind == "misnumbered"]
    assert all("2009 number" in m for m in messages)


def test_every_item_from_2A_to_10A_is_found(seed_report):
    kinds = {f.kind for f in seed_report.findings}
    assert not kinds & {"missing", "duplicate", "out-of-order", "unexpected", "empty", "merged"}
    statuses = {q.question.id: q.status for q in seed_report.questions}
    assert len(statuses) == 48
    assert set(statuses.values()) == {"answered"}


def test_ref_line_is_flagged_for_not_citing_the_2010_instruction(seed_report):
    header = [f for f in seed_report.findings if f.code == "CQ302"]
    assert header[0].line == 71 and "10 STATE 2094" in header[0].message
    assert "08 STATE 132759" in header[0].message


def test_statistics_score_high_and_one_sentence_answers_weak(seed_report):
    scores = {q.question.id: q.evidence for q in seed_report.questions}
    assert scores["4E"].status == "complete" and scores["4E"].score >= 90
    assert {f.need for f in scores["4E"].found} >= {"investigations", "convictions", "window", "source"}
    for qid in ("5E", "6F"):
        assert scores[qid].status == "weak" and scores[qid].thin


def test_nothing_spurious(seed_report):
    """Every finding on the real cable, each a real defect of it."""
    assert sorted((f.code, f.line, f.question) for f in seed_report.findings) == [
        ("CQ102", 1458, "6C"),  # 5C. inside block 6
        ("CQ102", 1510, "6G"),  # 5G. inside block 6
        ("CQ302", 71, None),  # REFS cite 08 STATE 132759, not 10 STATE 2094
        ("CQ302", 82, None),  # "Responses follow the questions outlined in Ref B" (the 2009 instruction)
        ("CQ303", 48, None),  # sent 24 Feb 2010, due 15 Feb
        ("CQ402", 1355, "5L"),  # "Section 4B" for the Poipet Transit Center: 4B is the 2009 number of 5B
        ("CQ402", 1568, "7B"),  # "Section 6A" for the Inter-Country Consultative Dialogue, described in 7A
        ("CQ501", 1195, "5E"),  # one sentence on long-term shelter
        ("CQ501", 1505, "6F"),  # one sentence on nationals in sex tourism
    ]
    # 5C names its providers and a count but no legal, medical or psychological service: partial
    # (reviewers rate it 3), so it is shown as lacking in coverage, not reported as weak.
    five_c = next(q for q in seed_report.questions if q.question.id == "5C").evidence
    assert five_c.status == "partial" and "no services described" in five_c.missing
    xref = next(f for f in seed_report.findings if f.line == 1355)
    assert xref.expected == "5B" and "2009 number" in xref.message
