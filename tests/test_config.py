from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.config import find_config
from checker.engine import Options, check_paths, settings_for
from checker.errors import ConfigError
from checker.models import Severity
from tests.conftest import ROOT

DRAFT = (ROOT / "samples" / "tip-2010" / "draft.md").read_text()


def project(tmp_path: Path, config: str, name: str = ".checker.yaml") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(textwrap.dedent(config))
    drafts = tmp_path / "drafts" / "2010"
    drafts.mkdir(parents=True)
    draft = drafts / "marrovia.md"
    draft.write_text(DRAFT)
    return draft


def codes(draft: Path, **options) -> list[tuple[str, str]]:
    report, errors = check_paths([draft], Options(**options))
    assert not errors
    return [(f.code, f.severity.word) for f in report.files[0].findings] if report.files else []


def test_config_is_found_by_walking_up_and_changes_rules(tmp_path):
    draft = project(tmp_path, """\
        rules:
          CQ202: {severity: error}
          missing-answer: off
        """)
    assert find_config(draft) == tmp_path / ".checker.yaml"
    assert codes(draft) == [("CQ202", "error"), ("CQ202", "error")]
    assert ("CQ101", "warning") in codes(draft, use_config=False)


def test_params_are_merged_and_validated(tmp_path):
    draft = project(tmp_path, """\
        rules:
          placeholder-text:
            params: {patterns: ['\\bTBD\\b']}
        """)
    assert [c for c, _ in codes(draft)].count("CQ202") == 1  # "[insert ...]" is no longer a placeholder here
    bad = project(tmp_path / "b", "rules:\n  CQ202:\n    params: {patterns: ['[oops']}\n")
    with pytest.raises(ConfigError, match=r"\.checker\.yaml:3: \$\.rules\.CQ202\.params\.patterns\[0\]: '\[oops': invalid"):
        check_paths([bad])


@pytest.mark.parametrize(("text", "expected"), [
    ("rules:\n  CQ999: off\n", ".checker.yaml:2: $.rules.CQ999: unknown rule 'CQ999'"),
    ("rules:\n  no-such-rule: off\n", "$.rules.no-such-rule: unknown rule 'no-such-rule'"),
    ("question: tip-2010\n", "$: Additional properties are not allowed ('question' was unexpected)"),
    ("rules:\n  CQ202: loud\n", "$.rules.CQ202"),
])
def test_bad_config_names_file_place_and_problem(tmp_path, text, expected):
    draft = project(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        check_paths([draft])
    assert expected in str(err.value)
    assert str(tmp_path / ".checker.yaml") in str(err.value)


def test_pyproject_tool_checker(tmp_path):
    draft = project(tmp_path, """\
        [project]
        name = "drafts"

        [tool.checker]
        questions = "tip-2009"
        fail_under = 60

        [tool.checker.rules]
        CQ202 = "info"
        """, name="pyproject.toml")
    settings = settings_for(draft, Options())
    assert settings.questions == "tip-2009" and settings.config.fail_under == 60
    assert next(r for r in settings.rules if r.id == "CQ202").severity is Severity.INFO
    assert settings_for(draft, Options(questions="tip-2010")).questions == "tip-2010"  # the flag wins
    bad = project(tmp_path / "b", '[tool.checker.rules]\nCQ999 = "off"\n', name="pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject\.toml:2: \$\.rules\.CQ999: unknown rule"):
        check_paths([bad])


def test_include_and_exclude_globs(tmp_path):
    draft = project(tmp_path, "include: ['drafts/**/*.md']\nexclude: ['drafts/2009/**']\n")
    old = tmp_path / "drafts" / "2009" / "old.md"
    old.parent.mkdir()
    old.write_text(DRAFT)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a draft")
    report, _ = check_paths([draft, old, notes])
    assert [f.path for f in report.files] == [str(draft)]


def test_explicit_config_file(tmp_path):
    draft = project(tmp_path, "rules:\n  CQ202: off\n")
    other = tmp_path / "strict.yaml"
    other.write_text("rules:\n  CQ202: error\n")
    assert ("CQ202", "error") in codes(draft, config=other)
