"""Property tests over generated drafts: nothing raises, every line reported is in the file,
and the same input gives the same bytes out."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import check_document
from checker.load.config import NO_CONFIG
from checker.parse import parse_draft
from checker.read.drafts import DraftText, split_lines
from checker.report.json_report import render
from checker.toolkit import Settings
from tests.conftest import FIXTURES, TOOLKIT

QSET = TOOLKIT.question_set("tip-2010")
SETTINGS = Settings(NO_CONFIG, TOOLKIT.settings_for(FIXTURES).rules, TOOLKIT.settings_for(FIXTURES).detectors, None)

label = st.builds(
    lambda n, letters, sep: f"{n}{letters}{sep}",
    st.sampled_from(["", "2", "5", "29", "6.", "11"]),
    st.sampled_from(["A", "C", "C & D", "C/D", "M", "Q"]),
    st.sampled_from([".", ")", "", ":"]),
)
title = st.sampled_from(
    [
        "Sources of Information",
        "Interagency Coordination",
        "Law Enforcement Statistics",
        "Victim Care Facilities",
        "STAFF TIME",
        "",
        "Wish list",
    ]
)
prose = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80) | st.sampled_from(
    [
        "Police made 101 arrests (see section 4F).",
        "TBD",
        "[insert figures]",
        "see Section 6A and Section 4Q",
        "The Harbor Forum met in May 2009.",
        "XX victims were sheltered.",
    ]
)
line = st.one_of(
    st.builds(lambda lab, t: f"{lab}  {t}", label, title),
    st.builds(lambda n, t: f"{n}.  (SBU) {t.upper()}", st.integers(0, 40), title),
    st.builds(lambda d, lab, t: f"{'#' * d} {lab} {t}", st.integers(1, 7), label, title),
    # plain text numbered as an outline ("2.1.3 Title", or the number alone)
    st.builds(lambda n, t: f"{n} {t}".strip(), st.sampled_from(["1", "2.", "1.1", "2.1.3", "3.2", "1.1.1.1"]), title),
    st.just("PHNOM PENH 00000138  002 OF 019"),
    st.just("-----------"),
    st.just(""),
    st.just("[NOTE: a note"),
    st.just("END NOTE.]"),
    st.just("TAGS: KTIP ELAB"),
    st.just("REF: 09 STATE 5"),
    st.just("O 240836Z FEB 10"),
    st.just("SUBJECT: 2010 TRAFFICKING IN PERSONS REPORT"),
    st.just("```"),
    prose,
)
drafts = st.builds(
    lambda lines, ending: ending.join(lines), st.lists(line, max_size=60), st.sampled_from(["\n", "\r\n", "\r"])
)


def lint(text: str, path: str) -> tuple[int, object, str]:
    document = parse_draft(DraftText(path, text))
    report = check_document(document, QSET, SETTINGS, TOOLKIT)
    out = io.StringIO()
    from checker.model.findings import Report

    render(Report((report,)), out)
    return len(split_lines(text)), report, out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts, st.sampled_from(["draft.txt", "draft.md"]))
def test_any_draft_lints_without_error_and_points_inside_the_file(text, path):
    count, report, first = lint(text, path)
    for finding in report.findings:
        assert 1 <= finding.line <= max(count, 1), finding
        assert finding.column >= 1
    for status in report.questions:
        if status.section is not None:
            assert 1 <= status.section.line <= count
    assert lint(text, path)[2] == first
