"""`--format json`: a contract other tools read. Validated against schemas/report.schema.json in tests."""

from __future__ import annotations

from typing import Any, TextIO

from checker.check.severities import lowered_notes
from checker.model.findings import FileReport, Finding, QuestionStatus, Report
from checker.report.escape import json_text
from checker.score.summary import FileCoverage, summarize

VERSION = 1


def _question(s: QuestionStatus) -> dict[str, Any]:
    e = s.evidence
    return {
        "id": s.question.id,
        "title": s.question.title,
        "status": s.status,
        "required": s.required,
        "confidence": s.question.confidence,
        "label": (s.section.label.rstrip(".):") or None) if s.section else None,
        "line": s.section.line if s.section else None,
        "score": e.score if e else None,
        "coverage": e.status if e else None,
        "evidence": [{"need": f.need, "kind": f.kind, "line": f.line, "words": f.words} for f in e.found] if e else [],
        "lacking": list(e.lacking) if e else [],
        "asks": [
            {
                "id": a.id,
                "ask": a.text,
                "strength": a.strength,
                "line": a.line or None,
                "words": a.words,
                "lacking": a.lacking,
            }
            for a in e.asks
        ]
        if e
        else [],
        "capped": e.capped if e else None,
        "match": {"how": s.how, "certainty": s.confidence} if s.section else None,
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "rule": f.name,
        "kind": f.kind,
        "severity": f.severity.word,
        "line": f.line,
        "column": f.column,
        "question": f.question,
        "label": f.label,
        "expected": f.expected,
        "message": f.message,
    }


def _file(fr: FileReport, summary: FileCoverage) -> dict[str, Any]:
    return {
        "path": fr.path,
        "question_set": fr.question_set,
        "question_set_chosen_by": fr.chosen_by,
        "notes": [*fr.notes, *lowered_notes(fr)],
        "coverage": {"overall": summary.overall, **summary.counts},
        "questions": [_question(s) for s in fr.questions],
        "findings": [_finding(f) for f in fr.findings],
    }


def to_dict(report: Report) -> dict[str, Any]:
    coverage = summarize(report)
    return {
        "version": VERSION,
        "files": [_file(fr, c) for fr, c in zip(report.files, coverage.files)],
        "unreadable": list(report.unreadable),
        "skipped": list(report.skipped),
    }


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    stream.write(json_text(to_dict(report)) + "\n")
