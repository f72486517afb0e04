"""`--format junit`: one test case per question, for dashboards. Answered passes; missing, or
with error-level findings, fails; optional and absent is skipped."""

from __future__ import annotations

from typing import Any, TextIO
from xml.etree import ElementTree as ET

from checker.model.findings import FileReport, Report
from checker.model.severity import Severity
from checker.report.escape import xml_document


def _suite(fr: FileReport) -> ET.Element:
    suite = ET.Element("testsuite", name=fr.path)
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="question_set", value=fr.question_set)
    ET.SubElement(properties, "property", name="question_set_chosen_by", value=fr.chosen_by)
    counts = {"tests": 0, "failures": 0, "skipped": 0}
    by_question: dict[str | None, list] = {}
    for f in fr.findings:
        by_question.setdefault(f.question, []).append(f)
    cases: list[tuple[str | None, str, str, list[Any]]] = [
        (s.question.id, f"{s.question.id} {s.question.title}", s.status, by_question.get(s.question.id, []))
        for s in fr.questions
    ]
    cases.append((None, "header and cross-cutting checks", "answered", by_question.get(None, [])))
    for qid, name, status, findings in cases:
        case = ET.SubElement(suite, "testcase", classname=fr.path, name=name)
        counts["tests"] += 1
        errors = [f for f in findings if f.severity == Severity.ERROR]
        if status == "omitted":
            ET.SubElement(case, "skipped", message="optional question, not answered")
            counts["skipped"] += 1
        elif status == "missing" or errors:
            counts["failures"] += 1
            first = (errors or findings or [None])[0]
            message = first.message if first else f"no answer to {qid}"
            failure = ET.SubElement(case, "failure", message=message, type=first.code if first else "missing")
            failure.text = "\n".join(f"line {f.line}: {f.code} [{f.severity.word}] {f.message}" for f in findings)
        if findings and not errors and status != "missing":
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"line {f.line}: {f.code} [{f.severity.word}] {f.message}" for f in findings)
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("errors", "0")
    return suite


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    root = ET.Element("testsuites", name="checker")
    for fr in report.files:
        root.append(_suite(fr))
    if report.unreadable:  # drafts not checked: an error each, so a dashboard does not show all green
        suite = ET.SubElement(
            root,
            "testsuite",
            name="drafts that could not be read",
            tests=str(len(report.unreadable)),
            failures="0",
            skipped="0",
            errors=str(len(report.unreadable)),
        )
        for problem in report.unreadable:
            case = ET.SubElement(suite, "testcase", classname="checker", name=problem)
            ET.SubElement(case, "error", message=problem)
    for key in ("tests", "failures", "skipped", "errors"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(xml_document(ET.tostring(root, encoding="unicode")))
    stream.write("\n")
