"""Drafts written by someone who never saw the code, each with an answer key: the tool must
find the planted defects and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.engine import check_paths
from checker.toolkit import Toolkit

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
KEYS = sorted(UNSEEN.glob("*.key.yaml"))


@pytest.mark.parametrize("key_file", KEYS, ids=[k.name.split(".")[0] for k in KEYS])
def test_planted_defects_are_found_and_nothing_else(key_file: Path):
    key = yaml.safe_load(key_file.read_text())
    report, errors = check_paths([UNSEEN / key["draft"]], Toolkit())
    assert not errors
    # The keys plant structural and header defects; evidence judgements are scored elsewhere.
    found = sorted((f.kind, f.line, f.question) for f in report.files[0].findings if f.kind != "weak-evidence")
    planted = sorted((d["kind"], d["line"], d["question"]) for d in key["defects"])
    assert found == planted
