from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.check.severities import lowered_notes, severity_text
from checker.engine import check_paths
from checker.errors import ConfigError
from checker.load.config import Glob, find_config
from checker.model.severity import Severity
from checker.toolkit import Options, Toolkit
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
    report, errors = check_paths([draft], Toolkit(Options(**options)))
    assert not errors
    return [(f.code, f.severity.word) for f in report.files[0].findings] if report.files else []


def test_config_is_found_by_walking_up_and_changes_rules(tmp_path):
    draft = project(
        tmp_path,
        """\
        rules:
          CQ202: {severity: error}
          missing-answer: off
        """,
    )
    assert find_config(draft) == tmp_path / ".checker.yaml"
    assert codes(draft) == [("CQ202", "error"), ("CQ202", "error")]
    assert ("CQ101", "error") in codes(draft, use_config=False)  # a missing answer fails, reconstructed or not


def test_a_project_lowers_a_rule_and_the_output_says_so(tmp_path):
    draft = project(
        tmp_path,
        """        rules:
          CQ101:
            by_confidence: {R: warning}
          CQ202: info
        """,
    )
    report, _ = check_paths([draft], Toolkit())
    (fr,) = report.files
    found = [(f.code, f.severity.word) for f in fr.findings]
    assert found == [("CQ101", "warning"), ("CQ202", "info"), ("CQ202", "info")]
    config = tmp_path / ".checker.yaml"
    assert lowered_notes(fr) == (
        f"CQ101 lowered from error to warning for 1 reconstructed item (confidence R): by_confidence in {config}:3",
        f"CQ202 lowered from warning to info for this project by {config}:4",
    )
    # what lowers a rule is said in `rules list` too (the same words, from the same records)
    rules = {r.id: r for r in fr.rules}
    assert severity_text(rules["CQ101"]) == f"error (by_confidence in {config}:3: R: warning)"
    assert severity_text(rules["CQ202"]) == f"info (lowered from warning by {config}:4)"


def test_params_are_merged_and_validated(tmp_path):
    draft = project(
        tmp_path,
        """\
        rules:
          placeholder-text:
            params: {patterns: ['\\bTBD\\b']}
        """,
    )
    assert [c for c, _ in codes(draft)].count("CQ202") == 1  # "[insert ...]" is no longer a placeholder here
    bad = project(tmp_path / "b", "rules:\n  CQ202:\n    params: {patterns: ['[oops']}\n")
    with pytest.raises(
        ConfigError, match=r"\.checker\.yaml:3: \$\.rules\.CQ202\.params\.patterns\[0\]: '\[oops': invalid"
    ):
        check_paths([bad], Toolkit())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules:\n  CQ999: off\n", ".checker.yaml:2: $.rules.CQ999: unknown rule 'CQ999'"),
        ("rules:\n  no-such-rule: off\n", "$.rules.no-such-rule: unknown rule 'no-such-rule'"),
        ("question: tip-2010\n", "$: Additional properties are not allowed ('question' was unexpected)"),
        ("rules:\n  CQ202: loud\n", "$.rules.CQ202"),
    ],
)
def test_bad_config_names_file_place_and_problem(tmp_path, text, expected):
    draft = project(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        check_paths([draft], Toolkit())
    assert expected in str(err.value)
    assert str(tmp_path / ".checker.yaml") in str(err.value)


def test_pyproject_tool_checker(tmp_path):
    draft = project(
        tmp_path,
        """\
        [project]
        name = "drafts"

        [tool.checker]
        questions = "tip-2009"
        fail_under = 60

        [tool.checker.rules]
        CQ202 = "info"
        """,
        name="pyproject.toml",
    )
    settings = Toolkit().settings_for(draft)
    assert settings.questions == "tip-2009" and settings.config.fail_under == 60
    assert next(r for r in settings.rules if r.id == "CQ202").severity is Severity.INFO
    assert Toolkit(Options(questions="tip-2010")).settings_for(draft).questions == "tip-2010"  # the flag wins
    bad = project(tmp_path / "b", '[tool.checker.rules]\nCQ999 = "off"\n', name="pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject\.toml:2: \$\.rules\.CQ999: unknown rule"):
        check_paths([bad], Toolkit())


def test_include_and_exclude_globs(tmp_path):
    draft = project(tmp_path, "include: ['drafts/**/*.md']\nexclude: ['drafts/2009/**']\n")
    old = tmp_path / "drafts" / "2009" / "old.md"
    old.parent.mkdir()
    old.write_text(DRAFT)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a draft")
    report, _ = check_paths([draft, old, notes], Toolkit())
    assert [f.path for f in report.files] == [str(draft)]


def test_explicit_config_file(tmp_path):
    draft = project(tmp_path, "rules:\n  CQ202: off\n")
    other = tmp_path / "strict.yaml"
    other.write_text("rules:\n  CQ202: error\n")
    assert ("CQ202", "error") in codes(draft, config=other)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b"# caf\xe9\n[tool.checker]\n",
            "pyproject.toml:1: not UTF-8 text (invalid continuation byte at byte 5); save it as UTF-8",
        ),
        (b"[tool.checker]\nrules = 5\n", "pyproject.toml:2: $.rules: 5 is not of type 'object'"),
        (
            b"[[tool.checker]]\nrules = {}\n",
            "pyproject.toml:1: $: tool.checker must be a table, not an array of tables; "
            "write the settings under one [tool.checker] header",
        ),
        (
            b"[tool.checker]\nx = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
            "pyproject.toml: invalid TOML: nested too deeply; flatten the data",
        ),
    ],
    ids=["not-utf8", "rules-int", "array-of-tables", "deep"],
)
def test_bad_pyproject_is_one_line_naming_it(tmp_path, raw, expected):
    draft = project(tmp_path, "")
    (tmp_path / "pyproject.toml").write_bytes(raw)
    (tmp_path / ".checker.yaml").unlink()
    result = subprocess.run([sys.executable, "-m", "checker", "lint", str(draft)], capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{tmp_path / expected}\n"


def test_every_key_of_a_toml_config_is_type_checked(tmp_path):
    for n, (setting, expected) in enumerate(
        [
            ("questions = 5", "$.questions: 5 is not of type 'string'; it reads as a number: quote it"),
            ("questions = 2010-02-15", "$.questions: datetime.date(2010, 2, 15) is not of type 'string'"),
            ("rules = 5", "$.rules: 5 is not of type 'object'"),
            ('rules = ["CQ202"]', "$.rules: ['CQ202'] is not of type 'object'"),
            ("rules = {CQ202 = 5}", "$.rules.CQ202: 5 is not valid under any of the given schemas"),
            (
                "rules = {CQ202 = {params = 5}}",
                "$.rules.CQ202: {'params': 5} is not valid under any of the given schemas",
            ),
            ("rules_dir = 5", "$.rules_dir: 5 is not of type 'string'; it reads as a number: quote it"),
            ('include = "*.md"', "$.include: '*.md' is not of type 'array'"),
            ("exclude = [5]", "$.exclude[0]: 5 is not of type 'string'; it reads as a number: quote it"),
            ('fail_under = "60"', "$.fail_under: '60' is not of type 'integer'"),
            ("fail_under = nan", "$.fail_under: nan is not of type 'integer'"),
        ]
    ):
        draft = project(tmp_path / str(n), f"[tool.checker]\n{setting}\n", name="pyproject.toml")
        with pytest.raises(ConfigError) as err:
            check_paths([draft], Toolkit())
        assert str(err.value) == f"{tmp_path / str(n) / 'pyproject.toml'}:2: {expected}", setting


def test_a_toml_config_file_is_read_as_toml_from_its_tool_checker_table(tmp_path):
    draft = project(tmp_path, "rules:\n  CQ202: off\n")
    strict = tmp_path / "strict.toml"
    strict.write_text('[tool.checker.rules]\nCQ202 = "error"\n')
    assert ("CQ202", "error") in codes(draft, config=strict)
    flat = tmp_path / "flat.toml"
    flat.write_text('rules = {CQ202 = "error"}\n')
    with pytest.raises(ConfigError) as err:
        check_paths([draft], Toolkit(Options(config=flat)))
    assert str(err.value) == (
        f"{flat}:1: $: no [tool.checker] table; put the settings under [tool.checker], as in pyproject.toml"
    )


def test_yaml_config_value_that_cannot_be_converted(tmp_path):
    draft = project(tmp_path, "questions: 2010-02-30\n")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--config", str(tmp_path / ".checker.yaml"), str(draft)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"{tmp_path / '.checker.yaml'}:1: $.questions: cannot read this value "
        "(day is out of range for month); quote the value to keep it as text\n"
    )


def test_a_toml_config_whose_tool_checker_is_not_a_table_says_what_it_is(tmp_path):
    config = tmp_path / "checker.toml"
    config.write_text("[tool]\nchecker = 5\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checker",
            "lint",
            "--config",
            str(config),
            str(ROOT / "samples" / "tip-2010" / "draft.md"),
        ],
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr.strip()) == (
        2,
        f"{config}:2: $: tool.checker must be a table, not a "
        "number; write the settings under one [tool.checker] header",
    )


def test_an_include_or_exclude_pattern_cannot_hang_the_run(tmp_path):
    # As a regular expression, **a**a...**b backtracked for hours on a file named aaaa...a: a
    # repository's configuration and one file name hung its commit hook.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".checker.yaml").write_text('exclude: ["' + "**a" * 12 + '**b"]\n')
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / ("a" * 200 + ".md")).write_text(DRAFT)
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-table", "d"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode in (0, 1) and "a" * 200 + ".md" in result.stdout, result.stderr


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("drafts/**/*.md", "drafts/x.md", True),
        ("drafts/**/*.md", "drafts/a/b/x.md", True),
        ("drafts/**/*.md", "drafts/a/b/x.txt", False),
        ("drafts/*.md", "drafts/a/x.md", False),
        ("drafts/2009/**", "drafts/2009/old.md", True),
        ("**/old?.md", "a/b/old1.md", True),
        ("**/old?.md", "old/.md", False),
        ("*.md", "a.md", True),
        ("a.md", "aXmd", False),
        ("**", "", True),
    ],
)
def test_globs_match_as_documented(pattern, path, matches):
    assert Glob.compile(pattern).match(path) is matches


@settings(max_examples=300, deadline=None)
@given(st.text("ab/*?.", max_size=8), st.text("ab/.", max_size=10))
def test_globs_match_as_the_regular_expression_they_replace(pattern, path):
    regex = ""
    for token in Glob.compile(pattern).tokens:
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token) or re.escape(token[1:])
    assert Glob.compile(pattern).match(path) is bool(re.fullmatch(regex, path, re.S))


def test_a_pyproject_table_of_many_keys_is_reported_without_hanging(tmp_path):
    # Each key's line was found by a pass over every line: 100,000 keys (1 MB) took hours.
    (tmp_path / ".git").mkdir()
    with (tmp_path / "pyproject.toml").open("w") as out:
        out.write("[tool.checker]\nfail_under = 60\n")
        out.writelines(f"k{i} = 1\n" for i in range(100_000))
    (tmp_path / "d.md").write_text(DRAFT)
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "d.md"], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith(f"{tmp_path / 'pyproject.toml'}:1: $: Additional properties")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("questions: nothere.yaml", "$.questions: 'nothere.yaml' is not a file"),
        ("questions: nope", "$.questions: nope: no such question set; use one of"),
        ("rules_dir: nope", "$.rules_dir: 'nope' is not a folder"),
        ("question_sets: nope", "$.question_sets: 'nope' is not a folder"),
    ],
)
def test_a_file_or_folder_the_configuration_names_wrongly_is_reported_at_its_line(tmp_path, line, says):
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".checker.yaml"
    config.write_text(f"fail_under: 10\n{line}\n")
    draft = tmp_path / "d.md"
    draft.write_text("# Data management plan\n\n## 1 Data\nCSV files.\n")
    with pytest.raises(ConfigError) as err:
        check_paths([draft], Toolkit(Options()))
    (problem,) = err.value.problems
    assert problem.startswith(f"{config}:2: {says}")
