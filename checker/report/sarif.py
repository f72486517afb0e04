"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub and others)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TextIO

from checker import __version__
from checker.model.findings import Finding, Report
from checker.model.rules import RuleSpec
from checker.model.severity import Severity
from checker.read.discovery import absolute
from checker.report.escape import json_text, uri_path

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def relative_path(path: str) -> str:
    """Paths relative to the working folder (the repository root in CI), with forward slashes."""
    full = absolute(path)
    try:
        return full.relative_to(absolute(Path.cwd())).as_posix()
    except ValueError:
        return Path(os.path.relpath(full)).as_posix() if Path(path).is_absolute() else Path(path).as_posix()


def _rule(rule: RuleSpec) -> dict[str, Any]:
    first = rule.description.split(". ")[0].rstrip(".") + "."
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.name.split("-")),
        "shortDescription": {"text": first},
        "fullDescription": {"text": rule.description},
        "help": {"text": f"{rule.description} Rule {rule.id} ({rule.name}); see `checker rules list`."},
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.enabled},
        "properties": {"tags": ["reporting-instructions", rule.kind], "precision": "high"},
    }


def _result(f: Finding, path: str, index: dict[str, int], reason: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    # a URI reference: '#', '?', '%', spaces and non-ASCII letters in a file name escaped
                    "artifactLocation": {"uri": uri_path(relative_path(path)), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }
            }
        ],
        "partialFingerprints": {"checkerFingerprint/v1": f.fingerprint},
        "properties": {"kind": f.kind, "question": f.question, "label": f.label, "expected": f.expected},
    }
    if reason is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": reason}]
    return result


def rules_of(report: Report) -> tuple[RuleSpec, ...]:
    """The rules the drafts were checked with, each once, by code: drafts in one run may come from
    projects that configure a rule apart; the first draft's setting describes it."""
    rules: dict[str, RuleSpec] = {}
    for fr in report.files:
        for rule in fr.rules:
            rules.setdefault(rule.id, rule)
    return tuple(sorted(rules.values(), key=lambda r: r.id))


def to_sarif(report: Report) -> dict[str, Any]:
    rules = rules_of(report)
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for fr in report.files:
        results += [_result(f, fr.path, index) for f in fr.findings]
        results += [_result(f, fr.path, index, reason) for f, reason in fr.suppressed]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "checker",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "results": results,
                # A draft that could not be read is no finding, but the run did not check everything.
                "invocations": [
                    {
                        "executionSuccessful": not report.unreadable,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": problem}} for problem in report.unreadable
                        ],
                    }
                ],
                # Which instruction each draft was held to, and why (chosen from the draft, or given).
                "properties": {
                    "questionSets": [
                        {
                            "uri": uri_path(relative_path(fr.path)),
                            "questionSet": fr.question_set,
                            "chosenBy": fr.chosen_by,
                        }
                        for fr in report.files
                    ]
                },
            }
        ],
    }


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    stream.write(json_text(to_sarif(report)) + "\n")
