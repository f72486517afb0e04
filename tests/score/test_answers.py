from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.parse.sections import span_of
from checker.read.drafts import split_lines
from checker.score.answers import score_answers
from tests.conftest import FIXTURES, TOOLKIT

DETECTORS = TOOLKIT.settings_for(FIXTURES).detectors
PARAMS = next(r for r in TOOLKIT.settings_for(FIXTURES).rules if r.check == "weak-evidence").params
PERIOD = (date(2009, 4, 1), date(2010, 3, 31))

STATISTICS = (
    "From April 2009 through March 2010, police made 87 arrests and opened 112 investigations. "
    "Prosecutors charged 41 suspects; courts convicted 23 traffickers and acquitted two. "
    "Sentences ranged from five to 15 years in prison. "
    "According to the Ministry of Justice, 14 of the convictions were for labor trafficking."
)


def span(text):
    return span_of(list(enumerate(split_lines(text))))


def score_all(pairs):
    return score_answers([(q, span(t)) for q, t in pairs], DETECTORS, PARAMS, period=PERIOD)


def score(question, text):
    return score_all([(question, text)])[0]


def ask(result, ask_id):
    return next(a for a in result.asks if a.id == ask_id)


def test_full_statistics_answer_is_complete_and_every_ask_is_answered(tip2010):
    result = score(tip2010.question("4E"), STATISTICS)
    assert result.status == "complete" and result.score >= PARAMS["complete"]
    assert {a.id for a in result.asks if a.strength >= 0.5} >= {
        "investigations",
        "prosecutions",
        "convictions",
        "sentences",
        "window",
        "source",
    }
    assert result.missing == ()


def test_each_missing_ask_is_named(tip2010):
    result = score(tip2010.question("4E"), "Police made 87 arrests. Courts convicted 23 traffickers.")
    assert "no count of prosecutions" in result.missing
    assert "no time window for the statistics" in result.missing
    assert result.score < 75


def test_a_count_answers_only_the_ask_for_what_it_counts(tip2010):
    # "83 victims" is a figure, but not a count of prosecutions.
    result = score(tip2010.question("4E"), "In 2009 police identified 83 victims and courts heard many cases.")
    assert ask(result, "prosecutions").strength == 0 and ask(result, "convictions").strength == 0


def test_a_thin_answer_is_capped(tip2010):
    result = score(tip2010.question("6F"), "There are no reports of nationals taking part in sex tourism abroad.")
    assert result.thin and result.score <= PARAMS["thin"]["cap"]


def test_empty_and_bare_not_applicable_answers_score_nothing(tip2010):
    assert score(tip2010.question("4E"), "").status == "empty"
    bare = score(tip2010.question("4E"), "N/A.")
    assert bare.status == "empty" and bare.score == 0


def test_evidence_is_located_by_line(tip2010):
    result = score(tip2010.question("4E"), STATISTICS.replace(". ", ".\n"))
    assert ask(result, "convictions").line == 2 and ask(result, "sentences").line == 3


def test_terms_match_other_forms_of_the_word(tip2010):
    # "reports" is a listed term; "reported" must count too.
    result = score(tip2010.question("4I"), "Media reported that two border officials took bribes in 2009.")
    assert any(a.strength > 0 for a in result.asks)


def test_hedged_facts_count_for_less(tip2010):
    plain = score(tip2010.question("4E"), "In 2009 police arrested 87 suspects.")
    hedged = score(tip2010.question("4E"), "In 2009 police reportedly arrested 87 suspects.")
    assert ask(hedged, "investigations").strength < ask(plain, "investigations").strength


def test_what_others_did_counts_for_less_where_the_government_is_asked(tip2010):
    own = score(tip2010.question("4E"), "In 2009 police arrested 87 suspects.")
    others = score(tip2010.question("4E"), "In 2009 an NGO arrested 87 suspects.")
    assert ask(others, "investigations").strength < ask(own, "investigations").strength


def test_facts_outside_the_reporting_period_count_for_less(tip2010):
    inside = score(tip2010.question("4E"), "In 2009 police arrested 87 suspects.")
    before = score(tip2010.question("4E"), "In 2003 police arrested 87 suspects.")
    assert ask(before, "investigations").strength < ask(inside, "investigations").strength


def test_a_fact_repeated_under_another_question_counts_once(tip2010):
    line = "In 2009 police arrested 87 suspects and courts convicted 23 traffickers."
    alone = score(tip2010.question("4E"), line)
    first, second = score_all([(tip2010.question("4E"), line), (tip2010.question("4E"), line)])
    assert first.score == alone.score and second.score < alone.score


def test_template_notes_and_placeholders_are_never_evidence(tip2010):
    note = score(tip2010.question("4E"), "[NOTE: Give figures, e.g. police made 87 arrests in 2009. END NOTE.]")
    assert note.score == 0 and not note.found


def test_optional_asks_only_help(tip2010):
    without = score(tip2010.question("4E"), STATISTICS.replace(" for labor trafficking", ""))
    with_split = score(tip2010.question("4E"), STATISTICS)
    assert with_split.score >= without.score


SENTENCES = [s.strip() + "." for s in re.split(r"\.\s+", STATISTICS) if s.strip(". ")] + [
    "The Ministry of Interior runs a database.",
    "No figures exist for 2008.",
    "Reportedly 40 people were arrested.",
    "TBD.",
]


STATISTICS_QUESTION = TOOLKIT.question_set("tip-2010").question("4E")


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8), st.data())
def test_deleting_evidence_never_raises_the_score(sentences, data):
    full = score(STATISTICS_QUESTION, " ".join(sentences)).score
    drop = data.draw(st.integers(0, len(sentences) - 1))
    fewer = sentences[:drop] + sentences[drop + 1 :]
    assert score(STATISTICS_QUESTION, " ".join(fewer)).score <= full


TERM_PIECES = [
    "victim",
    "Victims",
    "VICTIMS",
    "trafficking",
    "firm",
    "estimates",
    "un",
    "-",
    "'",
    " ",
    "\n",
    "  ",
    ".",
    "İ",
    "ı",
    "ſ",
    "x",
    "é",
    "ß",
]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(TERM_PIECES), max_size=12), start=st.integers(0, 60), width=st.integers(0, 60))
def test_terms_are_found_where_a_case_insensitive_word_start_pattern_finds_them(pieces, start, width):
    from checker.score.terms import stem, terms_pattern

    terms = ("victims", "trafficking", "firm estimates", "ſuspect")
    text = "".join(pieces)
    start = min(start, len(text))
    end = min(len(text), start + width)
    stems = dict.fromkeys(map(stem, terms))
    pattern = re.compile(r"(?i)\b(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in stems) + r")[\w'-]*")
    m = pattern.search(text, start, end)
    found = terms_pattern(terms).search(text, start, end)
    assert ((found.span(), found.group(0)) if found else None) == ((m.span(), m.group(0)) if m else None)


def test_a_sentence_pasted_under_several_questions_counts_once(tip2010):
    pasted = "The National Committee coordinates all anti-trafficking work and meets every month in the capital."
    alone = score(tip2010.question("6C"), pasted)
    first, second, third = score_all(
        [(tip2010.question("6C"), pasted), (tip2010.question("6C"), pasted), (tip2010.question("6C"), pasted)]
    )
    assert first.score == alone.score > 0
    assert second.score < alone.score and third.score < alone.score


def test_not_applicable_with_its_reason_is_an_answer_without_one_it_is_not(tip2010):
    reasoned = score(tip2010.question("4K"), "Not applicable: Kestria has never sent troops or police on missions.")
    assert reasoned.status == "complete" and all(a.strength > 0.5 for a in reasoned.asks)
    assert score(tip2010.question("4K"), "N/A").status == "empty"
    assert score(tip2010.question("4K"), "Not applicable.").score == 0


def test_the_bundled_kinds_are_those_of_checkers_own_detectors():
    from checker.load.detectors import load_detectors
    from checker.score.answers import BUNDLED_KINDS

    assert set(load_detectors((), TOOLKIT.bundle)) == BUNDLED_KINDS


def test_a_short_answer_holding_the_fact_a_projects_own_detector_finds_is_not_thin(tmp_path):
    from checker.engine import check_path
    from checker.toolkit import Options, Toolkit

    (tmp_path / "rules" / "detectors").mkdir(parents=True)
    (tmp_path / "rules" / "detectors" / "version-number.yaml").write_text(
        "kind: version-number\ndescription: A version number.\npatterns: ['\\bv\\d+\\.\\d+\\b']\n"
        "examples:\n  match: [v1.2]\n  no_match: [v1]\n"
    )
    qset = tmp_path / "set.yaml"
    qset.write_text(
        "schema_version: 2\nid: s\ntitle: S\nstyle: titled\nparts:\n- id: a\n  title: Release\n"
        "  question: Which version was released?\n"
        "  evidence:\n  - {id: v, kind: version-number, missing: no version}\n"
    )
    draft = tmp_path / "d.md"
    draft.write_text("# S\n\n## Release\nWe released v1.2.\n")
    report, error = check_path(str(draft), Toolkit(Options(questions=str(qset), rule_dirs=(tmp_path / "rules",))))
    (status,) = [q for q in report.questions if q.question.id == "a"]
    assert error is None and not status.evidence.thin and status.evidence.score > 45


def test_a_length_of_time_is_a_figure_and_an_age_is_not():
    from checker.deadline import NO_DEADLINE
    from checker.score.evidence import find_evidence

    detectors = [TOOLKIT.settings_for(FIXTURES).detectors["duration"]]
    found = find_evidence(detectors, "Records are kept for ten years; a girl of 15 years old was moved.", NO_DEADLINE)
    assert [f.text for f in found["duration"]] == ["ten years"]
