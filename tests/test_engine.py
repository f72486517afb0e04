from __future__ import annotations

import re
import signal
import textwrap
import time

import pytest

from checker.engine import (
    CheckTimeout,
    Options,
    check_path,
    choose_question_set,
    exit_code,
    time_limit,
    within,
)
from checker.errors import ConfigError
from checker.model.findings import FileReport, Finding, Report, Severity
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from tests.test_batch import SAMPLES, slow_rules_and_draft


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


def _alarm_state():
    return signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")
def test_the_time_bound_stops_a_match_and_puts_the_alarm_back():
    before = _alarm_state()
    assert within(5, lambda: re.match(r"(a|a)*b", "a" * 20)) is None  # done in time
    assert _alarm_state() == before
    started = time.monotonic()
    with pytest.raises(CheckTimeout):
        within(0.2, lambda: re.match(r"(a|a)*b", "a" * 40))  # hours without the bound
    assert time.monotonic() - started < 10
    assert _alarm_state() == before
    assert not issubclass(CheckTimeout, Exception)  # no `except Exception` takes it for a failure


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")
def test_the_time_bound_leaves_an_earlier_alarm_as_it_was():
    def earlier(signum, frame):
        raise AssertionError("the earlier alarm went off")

    previous = signal.signal(signal.SIGALRM, earlier)
    try:
        signal.setitimer(signal.ITIMER_REAL, 100)
        with pytest.raises(CheckTimeout):
            within(0.2, lambda: re.match(r"(a|a)*b", "a" * 40))
        assert signal.getsignal(signal.SIGALRM) is earlier
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers here")
def test_checking_a_draft_past_its_time_limit_is_a_one_line_error(tmp_path, monkeypatch):
    rules, slow = slow_rules_and_draft(tmp_path)
    options = Options(questions="tip-2010", rule_dirs=(rules,))
    before = _alarm_state()
    monkeypatch.setenv("CHECKER_TIME_LIMIT", "0.5")
    report, error = check_path(str(slow), options)
    assert report is None
    assert error.startswith(f"{slow}: checking stopped after 0.5 s; a pattern in the rules")
    assert _alarm_state() == before
    monkeypatch.delenv("CHECKER_TIME_LIMIT")
    report, error = check_path(str(SAMPLES / "draft.md"), options)
    assert error is None and report.questions
    assert _alarm_state() == before


def test_the_time_limit_grows_with_the_draft_and_can_be_set(monkeypatch):
    monkeypatch.delenv("CHECKER_TIME_LIMIT", raising=False)
    assert time_limit(0) == 30 and time_limit(50_000_000) == 130
    monkeypatch.setenv("CHECKER_TIME_LIMIT", "7.5")
    assert time_limit(50_000_000) == 7.5
    monkeypatch.setenv("CHECKER_TIME_LIMIT", "soon")
    with pytest.raises(ConfigError, match="CHECKER_TIME_LIMIT"):
        time_limit(0)
