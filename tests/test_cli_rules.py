"""`checker rules list` as the project configuration sets the rules, and `checker checks list`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from checker.check import CHECKS
from checker.check.generic import GENERIC
from tests.conftest import ROOT

RULE = """\
id: DMP001
name: vague-quantity
kind: vague
check: existence
severity: warning
description: Vague quantities where the plan wants a figure.
message: "'{text}' in {where}: give the figure"
params:
  phrases: [several, a number of]
"""


RULE_FILE = "DMP001-vague-quantity.yaml"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def rows(stdout: str) -> dict[str, list[str]]:
    return {line.split("\t")[0]: line.split("\t") for line in stdout.splitlines()}


def project(tmp_path: Path) -> Path:
    (tmp_path / "checker-rules").mkdir(parents=True)
    (tmp_path / "checker-rules" / "DMP001-vague-quantity.yaml").write_text(RULE)
    (tmp_path / ".checker.yaml").write_text(
        textwrap.dedent(
            """\
            rules_dir: checker-rules
            rules:
              CQ202: error
              DMP001: {by_confidence: {R: info}}
              out-of-order: off
            """
        )
    )
    (tmp_path / "drafts").mkdir()
    return tmp_path


def test_rules_list_follows_the_project_configuration_found_from_the_current_folder(tmp_path):
    root = project(tmp_path)
    result = run("rules", "list", cwd=root / "drafts")
    assert result.returncode == 0, result.stderr
    listed = rows(result.stdout)
    bundled = len(list((ROOT / "rules").glob("*.yaml")))
    assert len(listed) == bundled + 1
    assert listed["DMP001"] == [
        "DMP001",
        "vague-quantity",
        "vague",
        f"warning (by_confidence in {root.resolve() / '.checker.yaml'}:4: R: info)",
        f"Vague quantities where the plan wants a figure. [{root.resolve() / 'checker-rules' / RULE_FILE}]",
    ]
    assert listed["CQ202"][3] == f"error (raised from warning by {root.resolve() / '.checker.yaml'}:3)"
    assert listed["CQ104"][3] == "warning (disabled)"
    # what lowers a bundled rule is named too: `error` here and `warning` in lint never disagree unexplained
    assert listed["CQ102"][3] == "error (by_confidence in rules/CQ102-misnumbered-label.yaml: R: warning, ?: info)"
    # from the project's own folder, the rule file is shown relative to it
    assert run("rules", "list", cwd=root).stdout.count("[checker-rules/DMP001-vague-quantity.yaml]") == 1


def test_rules_list_takes_no_config_config_and_rules_as_lint_does(tmp_path):
    root = project(tmp_path / "p")
    plain = rows(run("rules", "list", "--no-config", cwd=root).stdout)
    assert "DMP001" not in plain and plain["CQ202"][3] == "warning" and plain["CQ104"][3] == "warning"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert "DMP001" in rows(run("rules", "list", "--config", str(root / ".checker.yaml"), cwd=elsewhere).stdout)
    other = tmp_path / "other-rules"
    other.mkdir()
    (other / "RFC010-long-sentence.yaml").write_text(
        RULE.replace("DMP001", "RFC010").replace("vague-quantity", "long-sentence")
    )
    listed = rows(run("rules", "list", "--rules", str(other), "--no-config", cwd=root).stdout)
    assert "RFC010" in listed and "DMP001" not in listed


def test_rules_list_stops_on_a_broken_project_rule(tmp_path):
    root = project(tmp_path)
    (root / "checker-rules" / "DMP001-vague-quantity.yaml").write_text(RULE.replace("phrases:", "phrase:"))
    result = run("rules", "list", cwd=root)
    assert result.returncode == 2
    assert "DMP001-vague-quantity.yaml:9: $.params: Additional properties are not allowed" in result.stderr


def test_checks_list_shows_every_check_its_params_and_message_fields(tmp_path):
    result = run("checks", "list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    assert [b.splitlines()[0].split(" ")[0] for b in blocks] == sorted(CHECKS)
    by_name = {b.splitlines()[0].split(" ")[0]: b for b in blocks}
    for name in GENERIC:
        assert "(generic: configured entirely by the rule file)" in by_name[name].splitlines()[0]
    existence = by_name["existence"]
    assert "    phrases (list of text): Plain text, matched as whole words" in existence
    assert "    scope (answers | draft; default answers): " in existence
    assert "  message fields: {label}, {question}, {text}, {title}, {where}" in existence
    assert (
        "    measure (words-per-answer | sentences-per-answer | words-per-sentence; required): "
        in by_name["occurrence"]
    )
    assert "    max (integer >= 1): The most allowed" in by_name["occurrence"]
    assert "  bundled rules: CQ202 placeholder-text" in by_name["placeholder"]
    assert "    thin.cap (integer >= 0 <= 100; required): " in by_name["weak-evidence"]
    for block in blocks:  # every parameter described, every check saying what it does
        lines = block.splitlines()
        assert lines[1].strip() and "(no description)" not in lines[1]
        assert all(not line.endswith(": -") for line in lines), block


def test_a_projects_codes_and_kinds_fit_the_json_report_contract():
    import json

    from checker.load.schemas import validate_instance

    sample = ROOT / "samples" / "rules-in-yaml"
    result = run("lint", "--format", "json", "draft.md", cwd=sample)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert validate_instance("report", report) == []
    assert {(f["code"], f["kind"]) for f in report["files"][0]["findings"]} >= {
        ("POST001", "vague-quantity"),
        ("POST002", "classification"),
    }
