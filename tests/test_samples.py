"""The bundled samples stay honest: each documented defect is found, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.engine import check_paths
from checker.toolkit import Toolkit
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
EXPECTED = sorted(SAMPLES.glob("*/*.expected.yaml"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[p.name for p in EXPECTED])
def test_sample_findings_match_their_annotations(expected_file: Path):
    spec = yaml.safe_load(expected_file.read_text())
    report, errors = check_paths([expected_file.parent / spec["draft"]], Toolkit())
    assert not errors
    (file_report,) = report.files
    assert file_report.question_set == spec["question_set"]
    found = sorted((f.code, f.line, f.question) for f in file_report.findings)
    wanted = sorted((e["code"], e["line"], e["question"]) for e in spec["findings"])
    assert found == wanted


def test_clean_sample_has_no_findings():
    report, errors = check_paths([SAMPLES / "tip-2010" / "clean-draft.txt"], Toolkit())
    assert not errors
    assert report.files[0].findings == ()
    assert {q.status for q in report.files[0].questions} == {"answered"}
