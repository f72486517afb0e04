from __future__ import annotations

import json
import textwrap

import pytest

from checker.check.baseline import load_baseline, without_baselined, write_baseline
from checker.engine import check_paths
from checker.errors import ConfigError
from checker.toolkit import Toolkit

DRAFT = textwrap.dedent("""\
    ## 2. Laws
    ### A. Existing laws
    The statute of 2008, article 4. TBD
    ### C. Court statistics
    Courts convicted 9 traffickers in 2019, according to the ministry.
    """)


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "drafts" / "d.md"
    path.parent.mkdir()
    path.write_text(DRAFT)
    return path


def lint(path):
    from checker.toolkit import Options
    from tests.conftest import FIXTURES

    report, _ = check_paths([path], Toolkit(Options(questions=str(FIXTURES / "question_sets" / "mini-2020.yaml"))))
    return report


def test_baseline_hides_known_findings_and_shows_new_ones(draft, tmp_path):
    base = tmp_path / "baseline.json"
    first = lint(draft)
    assert write_baseline(first, base) == len(first.files[0].findings) > 0
    assert without_baselined(first, base).files[0].findings == ()
    # A new placeholder in another item is new; the old one stays hidden.
    draft.write_text(DRAFT.replace("according to the ministry.", "according to XX."))
    again = without_baselined(lint(draft), base).files[0]
    assert [(f.code, f.question) for f in again.findings] == [("CQ202", "2C")]
    assert again.baselined == len(first.files[0].findings)


def test_rewrapping_and_moving_text_does_not_resurrect_findings(draft, tmp_path):
    base = tmp_path / "baseline.json"
    write_baseline(lint(draft), base)
    rewrapped = "Intro line.\n\n" + DRAFT.replace(
        "The statute of 2008, article 4. TBD", "The statute of\n2008, article 4.\nTBD"
    )
    draft.write_text(rewrapped)
    assert without_baselined(lint(draft), base).files[0].findings == ()


def test_a_second_identical_finding_is_new(draft, tmp_path):
    base = tmp_path / "baseline.json"
    write_baseline(lint(draft), base)
    draft.write_text(DRAFT.replace("article 4. TBD", "article 4. TBD and TBD again\nTBD"))
    new = without_baselined(lint(draft), base).files[0].findings
    assert [f.code for f in new] == ["CQ202"]


def test_baseline_paths_are_relative_to_the_baseline(draft, tmp_path):
    base = tmp_path / "baseline.json"
    write_baseline(lint(draft), base)
    data = json.loads(base.read_text())
    assert {e["path"] for e in data["findings"]} == {"drafts/d.md"}
    assert all("line" not in e for e in data["findings"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "baseline not found; create it with --write-baseline"),
        ("{not json", "not a readable baseline"),
        ('{"version": 9, "findings": []}', "not a checker baseline"),
    ],
)
def test_unusable_baselines_are_clear_errors(tmp_path, text, message):
    path = tmp_path / "b.json"
    if text is not None:
        path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_baseline(path)


def test_a_baseline_nested_too_deeply_for_json_is_a_clear_error(tmp_path):
    path = tmp_path / "b.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ConfigError) as err:
        load_baseline(path)
    assert str(err.value) == f"{path}: not a checker baseline (version 1); write it again with --write-baseline"
