from __future__ import annotations

import textwrap

import pytest

from checker.engine import check_path, choose_question_set, exit_code, time_limit, time_limit_from
from checker.errors import ConfigError
from checker.model.findings import FileReport, Finding, Report
from checker.model.severity import Severity
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from checker.toolkit import Options, Toolkit
from tests.test_batch import SAMPLES, slow_rules_and_draft


def doc(text: str):
    return parse_draft(DraftText("d.txt", textwrap.dedent(text)))


def test_question_set_from_subject_line():
    qset, why = choose_question_set(doc("SUBJECT: 2009 TRAFFICKING IN PERSONS REPORT FOR KESTRIA\n"), Toolkit(), None)
    assert qset.id == "tip-2009" and "subject line" in why


def test_question_set_from_markdown_title():
    qset, why = choose_question_set(
        doc("# Trafficking in Persons report 2010: Marrovia\n## 2. Situation\n"), Toolkit(), None
    )
    assert qset.id == "tip-2010" and "title" in why


def test_latest_set_when_nothing_names_a_cycle():
    qset, why = choose_question_set(doc("## 2. Situation\n### A. Sources\nText.\n"), Toolkit(), None)
    assert qset.id == "tip-2010" and "pick one with --questions" in why


def test_requested_set_wins():
    qset, why = choose_question_set(doc("SUBJECT: 2010 TRAFFICKING IN PERSONS REPORT\n"), Toolkit(), "tip-2009")
    assert qset.id == "tip-2009" and why == "given with --questions"


def test_a_set_the_configuration_names_is_not_said_to_be_given_with_questions(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".checker.yaml").write_text("questions: tip-2009\n")
    draft = tmp_path / "d.txt"
    draft.write_text("SUBJECT: 2010 TRAFFICKING IN PERSONS REPORT\n\n2. Situation\n")
    report, error = check_path(str(draft), Toolkit())
    assert error is None and report.chosen_by == f"named in {tmp_path / '.checker.yaml'}"
    report, error = check_path(str(draft), Toolkit(Options(questions="tip-2009")))
    assert error is None and report.chosen_by == "given with --questions"


def _report(*severities: Severity) -> Report:
    findings = tuple(Finding("CQ101", "x", "missing", s, "m", 1) for s in severities)
    return Report((FileReport("d", "tip-2010", "", (), findings),))


def test_exit_code_fails_only_on_errors():
    assert exit_code(_report()) == 0
    assert exit_code(_report(Severity.WARNING, Severity.INFO)) == 0
    assert exit_code(_report(Severity.WARNING, Severity.ERROR)) == 1


def test_checking_a_draft_past_its_time_limit_is_a_one_line_error(tmp_path):
    rules, slow = slow_rules_and_draft(tmp_path)
    options = Options(questions="tip-2010", rule_dirs=(rules,), time_limit=0.5)
    report, error = check_path(str(slow), Toolkit(options))
    assert report is None
    rule = rules / "CQ202-placeholder-text.yaml"
    assert error.startswith(f"{slow}: checking stopped after 0.5 s; a pattern of {rule}: rule CQ202 takes too long")
    report, error = check_path(str(SAMPLES / "draft.md"), Toolkit(options))
    assert error is None and report.questions


def test_a_draft_too_large_for_its_time_is_a_one_line_error_naming_the_bound(tmp_path):
    big = tmp_path / "big.md"
    big.write_text("## 2. Situation\n### 2A. Sources\n" + "The ministry reported figures.\n" * 200_000)
    report, error = check_path(str(big), Toolkit(Options(time_limit=0.01)))
    assert report is None
    assert error == (
        f"{big}: checking stopped after 0.01 s; the draft is too large to check against its question set in that time; "
        "split it, or set CHECKER_TIME_LIMIT to more seconds (0: no limit)"
    )


def test_the_time_limit_grows_with_the_draft_and_can_be_set():
    assert time_limit(0) == 30 and time_limit(50_000_000) == 130
    assert time_limit(50_000_000, 7.5) == 7.5
    assert time_limit_from({}) is None and time_limit_from({"CHECKER_TIME_LIMIT": "7.5"}) == 7.5
    assert time_limit_from({"CHECKER_TIME_LIMIT": "0"}) == 0
    for wrong in ("soon", "-1", "nan", "inf"):
        with pytest.raises(ConfigError, match="CHECKER_TIME_LIMIT"):
            time_limit_from({"CHECKER_TIME_LIMIT": wrong})


@pytest.mark.parametrize("what", ["rule", "detector"])
def test_a_users_rule_or_detector_that_backtracks_is_named_in_the_one_line(tmp_path, what):
    (tmp_path / "rules" / "detectors").mkdir(parents=True)
    if what == "rule":
        file = tmp_path / "rules" / "SLW001-slow.yaml"
        file.write_text(
            "id: SLW001\nname: slow\nkind: slow\ncheck: existence\nseverity: warning\n"
            "description: A pattern that backtracks.\nmessage: \"'{text}'\"\n"
            "params:\n  patterns: ['(?:a|aa)+c']\n  scope: draft\n"
        )
    file = tmp_path / "rules" / "detectors" / "slow.yaml" if what == "detector" else file
    if what == "detector":
        file.write_text(
            "kind: slow-thing\ndescription: A detector that backtracks.\npatterns: ['(?:a|aa)+c']\n"
            "examples:\n  match: [aac]\n  no_match: [aa]\n"
        )
    qset = tmp_path / "set.yaml"
    evidence = "  evidence:\n  - {id: s, kind: slow-thing, missing: none}\n" if what == "detector" else ""
    qset.write_text(
        "schema_version: 2\nid: slow\ntitle: Slow\nstyle: titled\nparts:\n"
        f"- id: a\n  title: Alpha\n  question: What?\n{evidence}- id: b\n  title: Beta\n  question: What?\n"
    )
    draft = tmp_path / "d.md"
    draft.write_text("# Slow\n\n## Alpha\n" + "a" * 5000 + "\n\n## Beta\nText.\n")
    options = Options(questions=str(qset), rule_dirs=(tmp_path / "rules",), time_limit=0.5)
    report, error = check_path(str(draft), Toolkit(options))
    assert report is None
    whose = "rule SLW001" if what == "rule" else "detector slow-thing"
    assert error.startswith(f"{draft}: checking stopped after 0.5 s; a pattern of {file}: {whose} takes too long")


def test_an_answer_that_is_only_a_placeholder_is_left_alone_by_phrase_and_length_rules(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    common = "kind: k\nseverity: warning\ndescription: A rule of the project.\nmessage: '{question}'\n"
    (rules / "PRJ001-says-years.yaml").write_text(
        f"id: PRJ001\nname: says-years\ncheck: required-phrase\n{common}params:\n  phrases: [years]\n"
    )
    (rules / "PRJ002-long-enough.yaml").write_text(
        f"id: PRJ002\nname: long-enough\ncheck: occurrence\n{common}params:\n  measure: words-per-answer\n  min: 5\n"
    )
    qset = tmp_path / "set.yaml"
    qset.write_text(
        "schema_version: 2\nid: s\ntitle: S\nstyle: titled\nparts:\n"
        "- id: a\n  title: Alpha\n  question: What?\n- id: b\n  title: Beta\n  question: What?\n"
    )
    draft = tmp_path / "d.md"
    draft.write_text("# S\n\n## Alpha\n[insert answer]\n\n## Beta\nShort.\n")
    report, error = check_path(str(draft), Toolkit(Options(questions=str(qset), rule_dirs=(rules,))))
    assert error is None
    assert sorted((f.code, f.question) for f in report.findings) == [
        ("CQ205", "a"),
        ("PRJ001", "b"),
        ("PRJ002", "b"),
    ]


def test_a_runs_state_does_not_leak_from_one_draft_into_the_next():
    """One Toolkit serves every draft of a run: whatever order the drafts come in, and however
    often, each report is the one a fresh Toolkit gives for that draft alone."""
    import random

    from checker.engine import check_paths
    from checker.toolkit import Toolkit
    from tests.conftest import ROOT

    drafts = sorted(
        str(p)
        for folder in ("tip-2010", "tip-2009", "dmp/drafts", "rfc/drafts")
        for p in (ROOT / "samples" / folder).glob("*")
        if p.suffix in (".txt", ".md") and p.name != "README.md"
    )
    assert len(drafts) > 20
    alone = {}
    for d in drafts:
        report, errors = check_paths([d], Toolkit())
        alone[d] = (report.files, report.unreadable, report.skipped, errors)
    shuffled = drafts + drafts[::-1]
    random.Random(7).shuffle(shuffled)
    shared = Toolkit()
    for d in shuffled:
        report, errors = check_paths([d], shared)
        assert (report.files, report.unreadable, report.skipped, errors) == alone[d], d
