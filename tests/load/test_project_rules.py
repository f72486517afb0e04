"""A project's own rules and detectors: codes with a prefix of their own, a kind of their own,
and evidence kinds that come from the detector files loaded."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.load.bundled import builtin_dir, read_bundle
from checker.load.detectors import load_detectors
from checker.load.rules import load_rules, rule_problems

RULE = """\
id: DMP001
name: dmp-missing
kind: dmp-gap
check: missing
severity: warning
description: A rule of a project's own, with a code of its own.
message: "no answer to {question}"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def test_a_rule_with_a_new_prefix_adds_to_the_bundled_rules(tmp_path):
    write(tmp_path, "DMP001-dmp-missing.yaml", RULE)
    bundled = load_rules(bundle=read_bundle())
    rules = load_rules([tmp_path], read_bundle())
    assert [r.id for r in rules] == sorted([r.id for r in bundled] + ["DMP001"])
    mine = next(r for r in rules if r.id == "DMP001")
    assert (mine.kind, mine.bundled) == ("dmp-gap", False)


def test_a_rule_with_a_bundled_code_still_replaces_it(tmp_path):
    text = RULE.replace("DMP001", "CQ101").replace("dmp-missing", "missing-answer")
    write(tmp_path, "CQ101-missing-answer.yaml", text)
    rules = load_rules([tmp_path], read_bundle())
    assert len(rules) == len(load_rules(bundle=read_bundle()))
    assert next(r for r in rules if r.id == "CQ101").kind == "dmp-gap"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: DMP001", "id: dmp001", "$.id: 'dmp001' does not match"),
        ("id: DMP001", "id: DMP01", "$.id: 'DMP01' does not match"),
        ("id: DMP001", "id: ABCDEFGHI001", "$.id: 'ABCDEFGHI001' does not match"),
        ("id: DMP001", "id: D-1001", "$.id: 'D-1001' does not match"),
        ("kind: dmp-gap", "kind: Data Gap", "$.kind: 'Data Gap' does not match"),
    ],
)
def test_codes_and_kinds_are_checked(tmp_path, old, new, expected):
    path = write(tmp_path, "DMP001-dmp-missing.yaml", RULE.replace(old, new))
    problems = rule_problems(path)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("code", ["A001", "RFC010", "ABCDEFGH999"])
def test_any_uppercase_prefix_of_one_to_eight_letters(tmp_path, code):
    path = write(tmp_path, f"{code}-dmp-missing.yaml", RULE.replace("DMP001", code))
    assert rule_problems(path) == []


def test_the_configuration_addresses_a_project_rule_by_its_code(tmp_path):
    from checker.toolkit import Options, Toolkit

    write(tmp_path / "rules", "DMP001-dmp-missing.yaml", RULE)
    write(tmp_path, ".checker.yaml", "rules_dir: rules\nrules:\n  DMP001: error\n")
    rules = Toolkit(Options()).settings_for(tmp_path / "draft.md").rules
    assert next(r for r in rules if r.id == "DMP001").severity.word == "error"


VERSION = """\
kind: version
description: A software version number, such as 3.11 or v2.0.1.
patterns:
  - 'v?[0-9]+\\.[0-9]+(?:\\.[0-9]+)?(?![0-9.])'
examples:
  match: ["Python 3.11", "release v2.0.1"]
  no_match: ["in 2019", "three versions"]
"""


def test_a_new_evidence_kind_is_a_new_detector_file(tmp_path):
    write(tmp_path / "detectors", "version.yaml", VERSION)
    detectors = load_detectors([tmp_path], read_bundle())
    assert "version" in detectors
    assert set(load_detectors((), read_bundle())) | {"version"} == set(detectors)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("kind: version", "kind: mention", "$.kind: 'mention' is taken"),
        ("kind: version", "kind: Version Number", "$.kind: 'Version Number' does not match"),
        ("kind: version", "kind: count", "a detector for 'count' is already in"),
    ],
)
def test_detector_kinds_are_checked(tmp_path, old, new, expected):
    path = write(tmp_path / "detectors", "version.yaml", VERSION.replace(old, new))
    with pytest.raises(ConfigError) as err:
        load_detectors([tmp_path], read_bundle())
    assert expected in str(err.value)
    assert str(path.resolve()) in str(err.value)


def test_bundled_detectors_still_validate_from_their_files(tmp_path):
    shutil.copytree(builtin_dir("rules") / "detectors", tmp_path / "detectors")
    assert set(load_detectors([tmp_path], read_bundle())) == set(load_detectors((), read_bundle()))


EXISTENCE = """\
id: DMP002
name: vague-quantity
kind: vague
check: existence
severity: warning
description: Vague quantities where a figure is wanted.
message: "'{text}' in {where}: give the figure"
params:
  phrases: [several, a number of]
"""


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ("{}", "$.params: give `phrases`, `patterns` or both: what the rule looks for"),
        ("{phrases: ['  ']}", "$.params.phrases[0]: '  ' does not match"),
        ("{patterns: ['(TBD)']}", "$.params.patterns[0]: '(TBD)': has a capturing group or a backreference"),
        ("{patterns: ['[oops']}", "$.params.patterns[0]: '[oops': invalid regular expression"),
        ("{patterns: ['x*']}", "$.params.patterns[0]: 'x*': matches empty text"),
        ("{phrases: [x], scope: everywhere}", "$.params.scope: 'everywhere' is not one of ['answers', 'draft']"),
        ("{phrases: [x], scope: draft, questions: [2A]}", "$.params.questions: with `scope: draft` the rule reads"),
        ("{phrases: [x], questions: []}", "$.params.questions: [] should be non-empty"),
        ("{phrases: [x], phrase: y}", "Additional properties are not allowed ('phrase' was unexpected)"),
    ],
)
def test_existence_params_are_checked_when_loaded(tmp_path, params, expected):
    text = EXISTENCE[: EXISTENCE.index("params:")] + f"params: {params}\n"
    path = write(tmp_path, "DMP002-vague-quantity.yaml", text)
    problems = rule_problems(path)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{path.resolve()}:") for p in problems)


@pytest.mark.parametrize(
    ("check", "params", "message", "expected"),
    [
        ("occurrence", "{measure: words-per-answer}", "{count}", "$.params: give `min`, `max` or both"),
        (
            "occurrence",
            "{measure: words-per-answer, min: 9, max: 3}",
            "{count}",
            "$.params.min: 9 is more than max (3)",
        ),
        ("occurrence", "{measure: words, max: 3}", "{count}", "$.params.measure: 'words' is not one of"),
        (
            "occurrence",
            "{measure: words-per-answer, max: 0}",
            "{count}",
            "$.params.max: 0 is less than the minimum of 1",
        ),
        ("occurrence", "{measure: words-per-answer, max: 3}", "{text} {wanted}", "unknown field(s) {wanted}"),
        ("required-phrase", "{patterns: ['a|']}", "{wanted}", "$.params.patterns[0]: 'a|': matches empty text"),
        ("substitution", "{swap: {}}", "{replacement}", "$.params.swap: {} should be non-empty"),
        ("substitution", "{swap: {Utilize: use, utilize: use}}", "{text}", "$.params.swap.utilize: the same phrase"),
        ("substitution", "{swap: {e-mail: E-mail}}", "{text}", "$.params.swap.e-mail: the replacement is the phrase"),
    ],
)
def test_generic_params_and_fields_are_checked_when_loaded(tmp_path, check, params, message, expected):
    text = (
        f"id: DMP003\nname: some-rule\nkind: style\ncheck: {check}\nseverity: info\n"
        f"description: A rule written for a test.\nmessage: '{message}'\nparams: {params}\n"
    )
    problems = rule_problems(write(tmp_path, "DMP003-some-rule.yaml", text))
    assert any(expected in p for p in problems), problems


def _mini_project(tmp_path: Path, rule: str, draft: str = "## 2. Laws\n### A. Existing laws\nSeveral laws.\n"):
    from tests.conftest import FIXTURES

    write(tmp_path / "rules", "DMP002-vague-quantity.yaml", rule)
    for name in ("mini-2019.yaml", "mini-2020.yaml"):
        shutil.copy(FIXTURES / "question_sets" / name, tmp_path / name)
    write(tmp_path, ".checker.yaml", "questions: mini-2020.yaml\nrules_dir: rules\n")
    return write(tmp_path, "draft.md", draft)


def test_a_rule_naming_a_question_the_set_lacks_stops_the_run(tmp_path):
    from checker.engine import check_paths
    from checker.toolkit import Toolkit

    draft = _mini_project(tmp_path, EXISTENCE + "  questions: [2A, 9Z]\n")
    with pytest.raises(ConfigError) as err:
        check_paths([draft], Toolkit())
    rule = (tmp_path / "rules" / "DMP002-vague-quantity.yaml").resolve()
    assert str(err.value) == (
        f"{rule}:10: $.params.questions[1]: question set 'mini-2020' ({(tmp_path / 'mini-2020.yaml').resolve()}) "
        "has no question '9Z'; name one of its questions (2A, 2B, 2C, 3A, 3B, 3C), or list in `question_sets` "
        "the sets this rule is for"
    )


def test_a_rule_for_other_question_sets_is_not_held_to_their_questions(tmp_path):
    from checker.engine import check_paths
    from checker.toolkit import Toolkit

    draft = _mini_project(tmp_path, EXISTENCE + "  questions: [2A, 9Z]\n  question_sets: [dmp]\n")
    report, errors = check_paths([draft], Toolkit())
    assert not errors and not [f for f in report.files[0].findings if f.code == "DMP002"]
    draft = _mini_project(tmp_path / "b", EXISTENCE + "  questions: [2A]\n  question_sets: [dmp, mini-2020]\n")
    report, errors = check_paths([draft], Toolkit())
    assert [f.line for f in report.files[0].findings if f.code == "DMP002"] == [3]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_names_the_rule_file_and_exits_2(tmp_path, jobs):
    import subprocess
    import sys

    draft = _mini_project(tmp_path, EXISTENCE + "  questions: [9Z]\n")
    other = write(tmp_path, "other.md", draft.read_text())
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--jobs", jobs, str(draft), str(other)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "$.params.questions[0]: question set 'mini-2020'" in lines[0], result.stderr


def _with_kind(tmp_path: Path, kind: str):
    """mini-2020 with 2C's `period` evidence asking for `kind` instead, in memory and in a file (the
    question-set schema of today lists the kinds; the check here must not depend on it)."""
    from dataclasses import replace

    from tests.conftest import FIXTURES, fixture_qset

    path = tmp_path / "mini-2020.yaml"
    shutil.copy(FIXTURES / "question_sets" / "mini-2019.yaml", tmp_path)
    path.write_text(
        (FIXTURES / "question_sets" / "mini-2020.yaml").read_text().replace("kind: period", f"kind: {kind}")
    )
    qset = fixture_qset("mini-2020")

    def need(n):
        return replace(n, kind=kind) if n.kind == "period" else n

    blocks = tuple(
        replace(b, questions=tuple(replace(q, evidence=tuple(map(need, q.evidence))) for q in b.questions))
        for b in qset.blocks
    )
    return replace(qset, blocks=blocks, path=str(path))


def test_an_evidence_kind_no_detector_finds_is_refused_with_the_place_and_the_fix(tmp_path):
    from checker.toolkit import Toolkit, fit_problems

    qset = _with_kind(tmp_path, "version")
    settings = Toolkit().settings_for(tmp_path)
    (problem,) = fit_problems(settings, qset)
    assert problem.startswith(
        f"{qset.path}:41: $.sections[0].items[2].evidence[1].kind: no detector finds evidence of kind 'version'; "
        "add a detector file with `kind: version` in the detectors/ folder of your rules folder"
    )
    assert "or use one of body, code, count, date" in problem and "\n" not in problem
    with pytest.raises(ConfigError, match="no detector finds evidence of kind 'version'"):
        Toolkit().require_fit(settings, qset)


def test_a_detector_file_of_the_projects_serves_a_new_evidence_kind(tmp_path):
    from checker.engine import check_document
    from checker.parse import parse_draft
    from checker.read.drafts import DraftText
    from checker.toolkit import Options, Toolkit, fit_problems

    write(tmp_path / "rules" / "detectors", "version.yaml", VERSION)
    qset = _with_kind(tmp_path, "version")
    toolkit = Toolkit(Options(rule_dirs=(tmp_path / "rules",)))
    settings = toolkit.settings_for(tmp_path)
    assert fit_problems(settings, qset) == []
    draft = "## 2. Laws\n### C. Court statistics\nCourts convicted 9 people (ministry figures, v2.1 of the register).\n"
    report = check_document(parse_draft(DraftText("d.md", draft)), qset, settings, toolkit)
    score = next(s for s in report.questions if s.question.id == "2C").evidence
    assert [(e.need, e.kind, e.words) for e in score.found if e.kind == "version"] == [("period", "version", "v2.1")]


def test_bundled_question_sets_ask_only_for_kinds_bundled_detectors_find():
    from checker.load.make_bundle import build

    build()  # raises ConfigError listing each evidence kind without a detector
