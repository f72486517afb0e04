from __future__ import annotations

from pathlib import Path

import pytest

from checker.check import CHECKS
from checker.check.generic import GENERIC
from checker.errors import ConfigError
from checker.load.bundled import builtin_dir
from checker.load.rules import load_rules, rule_problems
from checker.model.severity import Severity

GOOD = """\
id: CQ901
name: test-rule
kind: missing
check: missing
severity: warning
description: A rule written for a test.
message: "no answer to {question}"
"""


def write(tmp_path: Path, text: str, name: str = "CQ901-test-rule.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_bundled_rules_load_and_use_every_check():
    rules = load_rules()
    assert len({r.id for r in rules}) == len(rules) == len({r.name for r in rules})
    # The generic checks are for a project's own rules (tests/rule_cases/generic); none is bundled.
    assert {r.check for r in rules} == set(CHECKS) - GENERIC
    for path in builtin_dir("rules").glob("*.yaml"):
        assert rule_problems(path) == []


def test_a_project_folder_overrides_a_bundled_rule_by_id(tmp_path):
    text = (builtin_dir("rules") / "CQ202-placeholder-text.yaml").read_text()
    write(tmp_path, text.replace("severity: warning", "severity: error"), "CQ202-placeholder-text.yaml")
    rule = next(r for r in load_rules([tmp_path]) if r.id == "CQ202")
    assert rule.severity is Severity.ERROR


def test_confidence_lowers_severity():
    rule = next(r for r in load_rules() if r.id == "CQ102")
    assert rule.severity_for("V") is Severity.ERROR
    assert rule.severity_for("R") is Severity.WARNING


def test_an_unanswered_required_question_is_an_error_however_sure_the_set_is():
    """Missing, empty or placeholder-only: a draft leaving a required question unanswered is not
    finished, and the hook must refuse it (a project may lower this in its configuration)."""
    rules = {r.id: r for r in load_rules()}
    for code in ("CQ101", "CQ201", "CQ205"):
        assert rules[code].severity_for("V") is Severity.ERROR
        assert rules[code].severity_for("R") is Severity.ERROR


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("check: missing", "check: nonsense", "$.check: unknown check 'nonsense'"),
        ("{question}", "{questoin}", "$.message: unknown field(s) {questoin}"),
        ("severity: warning", "severity: fatal", "$.severity: 'fatal' is not one of"),
        ("id: CQ901", "id: CQ902", "$.id: file name should start with the rule id 'CQ902'"),
        (
            "check: missing",
            "check: placeholder\nparams: {patterns: ['[unclosed']}",
            "$.params.patterns[0]: '[unclosed': invalid regular expression",
        ),
        ("check: missing", "check: placeholder\nparams: {pattern: TBD}", "$.params: 'patterns' is a required property"),
        (
            "check: missing",
            "check: placeholder\nparams: {patterns: ['(?P<x>TBD)', '(?P<x>XX)']}",
            "$.params.patterns[1]: '(?P<x>XX)': has a capturing group or a backreference; use (?:...) instead of (...)",
        ),
        (
            "check: missing",
            "check: placeholder\nparams: {patterns: ['(TBD)', '(Q)\\1']}",
            "$.params.patterns[1]: '(Q)\\\\1': has a capturing group or a backreference",
        ),
        (
            "check: missing",
            "check: placeholder\nparams: {patterns: ['TBD', '(?i)']}",
            "$.params.patterns[1]: '(?i)': matches empty text, so it would report every line",
        ),
        ("{question}", "{question:d}", "$.message: {question:d}: only plain fields are allowed; write {name}"),
        ("{question}", "{question!z}", "$.message: {question!z}: only plain fields"),
        ("{question}", "{title:%Y}", "$.message: {title:%Y}: only plain fields"),
        ("{question}", "{question.nope}", "$.message: {question.nope}: only plain fields"),
        ("{question}", "{question[100]}", "$.message: {question[100]}: only plain fields"),
    ],
)
def test_invalid_rules_name_file_line_and_fix(tmp_path, old, new, expected):
    path = write(tmp_path, GOOD.replace(old, new))
    problems = rule_problems(path)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{path.resolve()}:") for p in problems)


def test_broken_rule_in_project_folder_stops_the_run(tmp_path):
    write(tmp_path, GOOD.replace("severity: warning", "severity: loud"))
    with pytest.raises(ConfigError):
        load_rules([tmp_path])
    with pytest.raises(ConfigError, match="not a folder of rule files"):
        load_rules([tmp_path / "nowhere"])


def test_verbose_placeholder_patterns_join_into_one_that_compiles(tmp_path):
    from checker.load.rules import load_rule

    text = (builtin_dir("rules") / "CQ202-placeholder-text.yaml").read_text()
    start = text.index("  patterns:")
    path = write(tmp_path, text[:start] + "  patterns: ['(?x)TBD # note)', 'XX']\n", "CQ202-placeholder-text.yaml")
    assert rule_problems(path) == []
    (joined,) = load_rule(path.resolve()).prepared["patterns"]
    assert joined.findall("TBD and XX") == ["TBD", "XX"]


def test_a_users_placeholder_pattern_that_backtracks_stops_the_draft_not_the_run(tmp_path):
    from checker.engine import check_paths
    from checker.toolkit import Options, Toolkit

    text = (builtin_dir("rules") / "CQ202-placeholder-text.yaml").read_text()
    start = text.index("  patterns:")
    (tmp_path / "rules").mkdir()
    write(tmp_path / "rules", text[:start] + "  patterns: ['(?:1|11)+\\s+TBD']\n", "CQ202-placeholder-text.yaml")
    slow = tmp_path / "slow.md"
    slow.write_text("## 2. Situation\n### 2A. Sources\n" + "1" * 60 + "\n")
    quick = tmp_path / "quick.md"
    quick.write_text("## 2. Situation\n### 2A. Sources\nTBD\n")
    report, errors = check_paths([slow, quick], Toolkit(Options(rule_dirs=(tmp_path / "rules",), time_limit=1)))
    assert [fr.path for fr in report.files] == [str(quick)]
    assert errors == [
        f"{slow}: checking stopped after 1 s; a pattern of {tmp_path / 'rules' / 'CQ202-placeholder-text.yaml'}: "
        "rule CQ202 takes too long on this draft's text (it backtracks); simplify it, such as a repeat inside "
        "a repeat, or report it"
    ]


def test_a_params_problem_names_the_fix_as_a_files_problem_does():
    from checker.load.rules import param_problems

    assert param_problems("existence", {"phrases": [""]}) == [
        ("$.params.phrases[0]", "'' does not match '\\\\S'; write some text here, or leave the entry out")
    ]
    assert param_problems("substitution", {"swap": {"1": 2}}) == [
        ("$.params.swap['1']", "2 is not of type 'string'; it reads as a number: quote it")
    ]
