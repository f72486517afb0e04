"""Every bundled rule carries examples (`examples:` in its file, shown by `checker rule`), and
they tell the truth: the failing draft gives the rule's finding, the passing one does not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from checker.examples import example_findings
from checker.toolkit import Options, Toolkit

TOOLKIT = Toolkit(Options(use_config=False))
RULES = TOOLKIT.settings_for(Path.cwd()).rules


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_the_failing_example_gives_the_finding_and_the_passing_one_does_not(rule):
    assert rule.examples is not None, f"{rule.path}: add examples: {{questions: ..., fail: ..., pass: ...}}"
    failing = example_findings(rule, rule.examples.fail, TOOLKIT, rule.examples.questions)
    assert failing, f"{rule.path}: the failing example gives no {rule.id} finding"
    passing = example_findings(rule, rule.examples.passing, TOOLKIT, rule.examples.questions)
    assert not passing, f"{rule.path}: the passing example gives {[f.message for f in passing]}"


def test_a_rule_turned_off_still_shows_its_example():
    rule = next(r for r in RULES if r.id == "CQ202")
    off = replace(rule, enabled=False)
    assert [f.code for f in example_findings(off, rule.examples.fail, TOOLKIT, "tip-2010")] == ["CQ202"]


def test_waivers_in_examples_act_on_the_other_rules_findings():
    # CQ002's passing example waives a real placeholder: CQ202 runs beside it, so the waiver is used.
    rule = next(r for r in RULES if r.id == "CQ002")
    assert "TBD" in rule.examples.passing and "ignore CQ202" in rule.examples.passing
    assert example_findings(rule, rule.examples.passing, TOOLKIT, "tip-2010") == ()
