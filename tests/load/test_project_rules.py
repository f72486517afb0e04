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
