"""Reporters render a fixed Report built here, so their golden files do not move when the
parser or matcher changes."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from checker.load.schemas import validate_instance
from checker.model.document import EMPTY_SPAN, Section
from checker.model.findings import (
    AskScore,
    EvidenceFound,
    FileReport,
    Finding,
    QuestionScore,
    QuestionStatus,
    Report,
    Severity,
)
from checker.report.json_report import render as render_json
from checker.report.text import render as render_text

GOLDEN = Path(__file__).parent.parent / "golden"


def fixed_report(tip2010) -> Report:
    def section(label: str, line: int) -> Section:
        return Section("item", label, None, (label[0],), "Title", line, 1, line + 3, EMPTY_SPAN, "6")

    q = tip2010.question
    statuses = (
        QuestionStatus(
            q("6B"),
            "answered",
            section("B.", 1433),
            "label B. under block 6",
            0.97,
            QuestionScore(
                82,
                "complete",
                (
                    EvidenceFound("systems", "mention", 1436, "computerized"),
                    EvidenceFound("figures", "count", 1440, "10 licensed companies"),
                ),
                (),
                143,
                3,
                2,
            ),
        ),
        QuestionStatus(
            q("6C"),
            "answered",
            section("5C.", 1458),
            "label 5C. (5C is the 2009 number of 6C)",
            0.83,
            QuestionScore(
                55,
                "partial",
                (EvidenceFound("bodies", "body", 1461, "National Committee"),),
                ("not said how often the bodies meet",),
                65,
                4,
                1,
                asks=(
                    AskScore("bodies", "Which bodies coordinate?", 0.85, 1461, "National Committee"),
                    AskScore("meetings", "How often do they meet?", 0.0, lacking="not said how often the bodies meet"),
                ),
                capped="out-of-order",
            ),
        ),
        QuestionStatus(
            q("6D"),
            "placeholder",
            section("D.", 1470),
            "label D. under block 6",
            0.9,
            QuestionScore(12, "weak", (), ("no plan title or period", "no budget"), 1, 0, 0, True),
        ),
        QuestionStatus(
            q("7B"),
            "missing",
            None,
            "",
            None,
            QuestionScore(0, "missing", (), ("no statement of assistance given to other countries",)),
        ),
        QuestionStatus(q("10A"), "omitted", None, "", None, required=False),
    )
    findings = (
        Finding(
            "CQ101",
            "missing-answer",
            "missing",
            Severity.ERROR,
            "no answer to 7B (International assistance); add an item labelled 7B here, in block 7",
            1579,
            1,
            "7B",
            None,
            "7B",
        ),
        Finding(
            "CQ102",
            "misnumbered-label",
            "misnumbered",
            Severity.WARNING,
            "'5C' answers 6C (Interagency coordination), but 5C is the 2009 number of 6C; relabel it 6C",
            1458,
            1,
            "6C",
            "5C",
            "6C",
            fix="6C",
        ),
        Finding(
            "CQ202",
            "placeholder-text",
            "placeholder",
            Severity.WARNING,
            "placeholder 'TBD' in 6D (National plan of action); replace it with the real text",
            1472,
            5,
            "6D",
            "D",
            None,
        ),
    )
    return Report(
        (
            FileReport(
                "drafts/cable.txt",
                "tip-2010",
                "given with --questions",
                statuses,
                findings,
                ("not valid UTF-8 (first bad byte on line 3); read as cp1252",),
            ),
        ),
        ("drafts/scan.txt: looks like a binary file, not a text draft; export it as plain text or Markdown",),
    )


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CHECKER_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_text_output(tip2010):
    out = io.StringIO()
    render_text(fixed_report(tip2010), out, False, width=100)
    check_golden("report.txt", out.getvalue())


def test_text_output_without_table(tip2010):
    out = io.StringIO()
    render_text(fixed_report(tip2010), out, False, table=False, width=100)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "drafts/cable.txt:1579:1: CQ101 [error] no answer to 7B (International assistance); "
        "add an item labelled 7B here, in block 7"
    )
    assert len(lines) == 6
    assert lines[-2] == "drafts/cable.txt: note: checked against tip-2010 (given with --questions)"
    assert lines[-1] == (
        "1 error, 2 warnings in 1 draft; 1 draft could not be checked; 1 fixable with `checker fix` (marked [*])"
    )


def test_json_output(tip2010):
    out = io.StringIO()
    render_json(fixed_report(tip2010), out)
    check_golden("report.json", out.getvalue())
    assert validate_instance("report", json.loads(out.getvalue())) == []


@pytest.mark.parametrize(
    "broken",
    [
        {"version": 2, "files": []},
        {"version": 1, "files": [{"path": "x", "question_set": "t", "questions": [], "findings": [{"code": "X1"}]}]},
    ],
)
def test_report_schema_rejects_what_breaks_the_contract(broken):
    assert validate_instance("report", broken)


def test_finding_lines_show_control_characters_from_the_draft_as_replacement_marks():
    from dataclasses import replace

    from checker.engine import check_paths
    from checker.report.text import finding_lines
    from checker.toolkit import Toolkit
    from tests.conftest import ROOT

    fr = check_paths([ROOT / "samples" / "tip-2010" / "flawed-draft.txt"], Toolkit())[0].files[0]
    fr = replace(fr, findings=(replace(fr.findings[0], message="placeholder '\x1b]0;owned\x07TBD\nnext' left"),))
    (line,) = finding_lines(fr)
    assert line.endswith("placeholder '\ufffd]0;owned\ufffdTBD\ufffdnext' left")
