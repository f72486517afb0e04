"""The generic checks' behaviour as data: tests/rule_cases/generic/<check>.yaml holds a rule
file (as a project would write it) and cases; a case may change the rule's params, as a
project's configuration would. Each generic check has cases that fire and cases that pass."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml

from checker.check import CHECKS
from checker.check.generic import GENERIC
from checker.load.rules import load_rule, param_problems, prepare_params
from tests.conftest import bundled_rules, fixture_qset, lint_text

CASES_DIR = Path(__file__).parent.parent / "rule_cases" / "generic"


def _files():
    return sorted(CASES_DIR.glob("*.yaml"))


def _cases():
    for path in _files():
        data = yaml.safe_load(path.read_text())
        for name, case in data["cases"].items():
            yield pytest.param(path, case, id=f"{path.stem}:{name}")


def _rule(path: Path, tmp_path: Path, params: dict | None):
    data = yaml.safe_load(path.read_text())
    rule_file = tmp_path / f"{data['rule']['id']}-{data['rule']['name']}.yaml"
    rule_file.write_text(yaml.safe_dump(data["rule"], sort_keys=False))
    rule = load_rule(rule_file)
    if params:
        merged = {k: v for k, v in {**rule.params, **params}.items() if v is not None}  # null: left out
        assert param_problems(rule.check, merged) == []
        rule = replace(rule, params=MappingProxyType(merged), prepared=prepare_params(rule.check, merged, False))
    return data, rule


@pytest.mark.parametrize(("path", "case"), list(_cases()))
def test_generic_rule_case(path, case, tmp_path):
    data, rule = _rule(path, tmp_path, case.get("params"))
    rules = (*bundled_rules(), rule)
    qset = fixture_qset(data["question_set"])
    report = lint_text(case["draft"], qset, rules, path=case.get("path", "case.md"))
    found = [f for f in report.findings if f.code == rule.id]
    got = [(f.line, f.column) if "column" in e else f.line for f, e in zip(found, case["expect"])]
    assert [f.line for f in found] == [e["line"] for e in case["expect"]], [f.message for f in found]
    assert got == [(e["line"], e["column"]) if "column" in e else e["line"] for e in case["expect"]]
    for finding, expected in zip(found, case["expect"]):
        if "question" in expected:
            assert finding.question == (None if expected["question"] is None else str(expected["question"]))
        if "message" in expected:
            assert finding.message == expected["message"]
        if "message_contains" in expected:
            assert expected["message_contains"] in finding.message, finding.message
    # Every field the check offers is there in every hit: a message may use them all.
    every = " ".join("{" + f + "}" for f in sorted(CHECKS[rule.check].MESSAGE_FIELDS))
    report = lint_text(case["draft"], qset, (replace(rule, message=every),), path=case.get("path", "case.md"))
    assert len(report.findings) == len(found)


def test_every_generic_check_has_cases_that_fire_and_cases_that_pass():
    by_check: dict[str, list[dict]] = {}
    for path in _files():
        data = yaml.safe_load(path.read_text())
        by_check.setdefault(data["rule"]["check"], []).extend(data["cases"].values())
    assert set(by_check) == GENERIC
    for check, cases in by_check.items():
        assert any(c["expect"] for c in cases), f"{check}: no case expects a finding"
        assert any(not c["expect"] for c in cases), f"{check}: no case expects silence"


def test_a_groups_id_stands_for_the_parts_inside_it_as_a_blocks_number_does():
    from checker.check.generic import scope_problems, selected

    qset = fixture_qset("mini-parts")
    inside = {p.id for p in qset.parts if p.id.startswith("2.1.") and not p.group}
    assert inside and selected(qset, ["2.1"]) == inside
    rule = replace(bundled_rules()[0], check="required-phrase", enabled=True, params={"questions": ["2.1", "9.9"]})
    (problem,) = scope_problems(rule, qset)
    assert "has no question '9.9'" in problem and "or groups of them (" in problem
