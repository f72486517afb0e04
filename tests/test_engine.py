from __future__ import annotations

import textwrap

from checker.drafts import DraftText
from checker.engine import choose_question_set, exit_code
from checker.models import FileReport, Finding, Report, Severity
from checker.parsers import parse_draft


def doc(text: str):
    return parse_draft(DraftText("d.txt", textwrap.dedent(text)))


def test_question_set_from_subject_line():
    qset, why = choose_question_set(doc("SUBJECT: 2009 TRAFFICKING IN PERSONS REPORT FOR KESTRIA\n"), None)
    assert qset.id == "tip-2009" and "subject line" in why


def test_question_set_from_markdown_title():
    qset, why = choose_question_set(doc("# Trafficking in Persons report 2010: Marrovia\n## 2. Situation\n"), None)
    assert qset.id == "tip-2010" and "title" in why


def test_latest_set_when_nothing_names_a_cycle():
    qset, why = choose_question_set(doc("## 2. Situation\n### A. Sources\nText.\n"), None)
    assert qset.id == "tip-2010" and "pick one with -q" in why


def test_requested_set_wins():
    qset, why = choose_question_set(doc("SUBJECT: 2010 TRAFFICKING IN PERSONS REPORT\n"), "tip-2009")
    assert qset.id == "tip-2009" and why == "given with --questions"


def _report(*severities: Severity) -> Report:
    findings = tuple(Finding("CQ101", "x", "missing", s, "m", 1) for s in severities)
    return Report((FileReport("d", "tip-2010", "", (), findings),))


def test_exit_code_fails_only_on_errors():
    assert exit_code(_report()) == 0
    assert exit_code(_report(Severity.WARNING, Severity.INFO)) == 0
    assert exit_code(_report(Severity.WARNING, Severity.ERROR)) == 1
