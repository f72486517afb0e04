"""Waivers written in a draft: read however loosely they are spaced, and never slowly."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

MINI = FIXTURES / "question_sets" / "mini-2020.yaml"
DRAFT = """## 2. Laws
### A. Existing laws
The statute of 2008, article 4. TBD
{waiver}
"""


def _lint(tmp_path, waiver: str) -> subprocess.CompletedProcess[str]:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT.format(waiver=waiver))
    # A timeout rather than a hang if a waiver ever makes matching slow again.
    return subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--format", "json", "--no-config", "-Q", str(MINI), str(draft)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _codes(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return sorted(f["code"] for f in json.loads(result.stdout)["files"][0]["findings"])


@pytest.mark.parametrize(
    "waiver",
    [
        "<!-- checker: ignore CQ202 -- figures arrive on 10 February -->",
        "<!--   checker :   ignore    CQ202    for   2 . a    --    figures arrive on 10 February   -->",
        "[checker: waive placeholder-text because the figures arrive on 10 February]",
    ],
)
def test_a_waiver_with_a_reason_waives_however_it_is_spaced(tmp_path, waiver):
    assert "CQ202" not in _codes(_lint(tmp_path, waiver))


@pytest.mark.parametrize(
    "waiver",
    [
        "<!-- checker: ignore CQ202" + " " * 5000 + "! -->",
        "<!-- checker: ignore CQ202 for 2" + " " * 5000 + "! -->",
        "<!-- checker: ignore" + " " * 5000,
        "[checker: ignore CQ202" + " a" * 5000,
    ],
)
def test_a_waiver_with_a_long_run_of_spaces_is_read_at_once(tmp_path, waiver):
    # Each took quadratic or worse time to match: 400 spaces already took most of a second.
    result = _lint(tmp_path, waiver)
    assert result.returncode in (0, 1)
    assert "CQ202" in _codes(result)  # none of them is a waiver with a reason


@pytest.mark.parametrize("opener", ["<!-- checker: ignore CQ202 -- ", "[checker: ignore CQ202 -- "])
def test_a_line_of_thousands_of_unclosed_waivers_is_read_at_once(tmp_path, opener):
    result = _lint(tmp_path, opener * 16000)  # each opener looked for its end to the end of the line: quadratic
    assert "CQ202" in _codes(result)


def test_a_waiver_that_does_not_close_within_its_limit_is_no_waiver(tmp_path):
    from checker.check.suppressions import MAX_WAIVER

    reason = "x" * MAX_WAIVER
    assert "CQ202" in _codes(_lint(tmp_path, f"<!-- checker: ignore CQ202 -- {reason} -->"))
    assert "CQ202" not in _codes(_lint(tmp_path, f"<!-- checker: ignore CQ202 -- {reason[:900]} -->"))
