"""Rule behaviour as data: tests/rule_cases/<ID>.yaml, one per rule, sqlfluff style."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.load.rules import load_rules
from tests.conftest import fixture_qset, lint_text

CASES_DIR = Path(__file__).parent.parent / "rule_cases"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for name, case in data["cases"].items():
            yield pytest.param(data["rule"], data["question_set"], case, id=f"{data['rule']}:{name}")


@pytest.mark.parametrize(("rule", "qset_name", "case"), list(_cases()))
def test_rule_case(rule, qset_name, case):
    report = lint_text(case["draft"], fixture_qset(qset_name), path=case.get("path", "case.md"))
    found = [f for f in report.findings if f.code == rule]
    assert [f.line for f in found] == [e["line"] for e in case["expect"]], [f.message for f in report.findings]
    for finding, expected in zip(found, case["expect"]):
        for key in ("question", "label", "expected"):
            if key in expected:
                assert getattr(finding, key) == str(expected[key]), finding
        if "message_contains" in expected:
            assert expected["message_contains"] in finding.message, finding.message


def test_every_rule_has_cases_that_fire_and_cases_that_pass():
    by_rule: dict[str, list[dict]] = {}
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        by_rule[data["rule"]] = list(data["cases"].values())
    for rule in load_rules():
        cases = by_rule.get(rule.id)
        assert cases, f"{rule.id} has no tests/rule_cases file"
        assert any(c["expect"] for c in cases), f"{rule.id}: no case expects a finding"
        assert any(not c["expect"] for c in cases), f"{rule.id}: no case expects silence"
