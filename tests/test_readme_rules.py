"""The README's "Rules in YAML" examples are the files of samples/rules-in-yaml, word for word,
and those files are valid (tests/test_samples.py checks the findings they give on its draft)."""

from __future__ import annotations

import re

import pytest

from checker.load.bundled import read_bundle
from checker.load.detectors import load_detectors
from checker.load.rules import load_rules, rule_problems
from tests.conftest import ROOT

SAMPLE = ROOT / "samples" / "rules-in-yaml"
EXAMPLES = re.findall(r"```yaml\n# (samples/rules-in-yaml/\S+)\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_shows_every_generic_check_and_a_detector():
    from checker.check.generic import GENERIC

    checks = {re.search(r"^check: (\S+)", text, re.M)[1] for _, text in EXAMPLES if "\ncheck: " in text}
    assert checks == GENERIC
    assert any("/detectors/" in path for path, _ in EXAMPLES)


@pytest.mark.parametrize(("path", "text"), EXAMPLES, ids=[p for p, _ in EXAMPLES])
def test_each_readme_example_is_the_sample_file(path, text):
    assert (ROOT / path).read_text() == text


def test_the_sample_rules_and_detector_load():
    for path in sorted((SAMPLE / "rules").glob("*.yaml")):
        assert rule_problems(path) == []
    assert {r.id for r in load_rules([SAMPLE / "rules"])} >= {"POST001", "POST002", "POST003", "POST004", "POST005"}
    assert "web-address" in load_detectors([SAMPLE / "rules"], read_bundle())
