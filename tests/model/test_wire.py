"""What a batch worker sends its parent: checker's records as JSON, rebuilt as they were, and
nothing else rebuilt at all."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from checker.engine import outcome_of, without_answer_text
from checker.model import wire
from checker.model.severity import Severity
from tests.conftest import ROOT, TOOLKIT

SAMPLES = ROOT / "samples"


@pytest.mark.parametrize(
    "draft", ["tip-2010/flawed-draft.txt", "tip-2010/draft.md", "rfc/drafts/01-good-pipeline-topic.md"]
)
def test_a_report_comes_back_equal_to_what_was_sent(draft):
    path = SAMPLES / draft
    report, error, note = outcome_of(str(path), TOOLKIT)
    assert report is not None
    sent = (replace(without_answer_text(report), rules=()), error, note)
    back = wire.loads(wire.dumps(sent))
    assert back == sent
    assert [f.severity for f in back[0].findings] == [f.severity for f in report.findings]
    assert all(isinstance(f.severity, Severity) for f in back[0].findings)


def test_a_file_name_with_a_byte_that_is_not_utf8_travels_unchanged():
    name = "replies/" + os.fsdecode(b"caf\xe9.txt")
    assert wire.loads(wire.dumps((name, [1, 2.5, None, True], {"k": frozenset({"a"})}))) == (
        name,
        [1, 2.5, None, True],
        {"k": frozenset({"a"})},
    )


@pytest.mark.parametrize(
    "message",
    [
        {"r": "Popen", "a": [["sh", "-c", "echo hi"]]},  # a class that is not a record
        {"r": "Severity", "a": ["error"]},  # an enumeration asked for as a record
        {"e": "FileReport", "v": "x"},  # a record asked for as an enumeration
        {"x": 1},  # no known kind
        {"r": "Finding", "a": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]},
    ],
)
def test_a_message_that_is_no_record_is_refused_without_building_anything(message):
    with pytest.raises(wire.WireError):
        wire.loads(json.dumps(message).encode())


def test_only_records_are_sent():
    with pytest.raises(wire.WireError):
        wire.dumps(object())
    with pytest.raises(wire.WireError):
        wire.dumps(ValueError("x"))
