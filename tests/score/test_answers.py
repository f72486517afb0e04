from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.deadline import NO_DEADLINE
from checker.parse.sections import span_of
from checker.read.drafts import split_lines
from checker.score.answers import score_answer
from tests.conftest import FIXTURES, TOOLKIT

DETECTORS = TOOLKIT.settings_for(FIXTURES).detectors
PARAMS = next(r for r in TOOLKIT.settings_for(FIXTURES).rules if r.check == "weak-evidence").params

STATISTICS = (
    "From April 2009 through March 2010, police made 87 arrests and opened 112 investigations. "
    "Prosecutors charged 41 suspects; courts convicted 23 traffickers and acquitted two. "
    "Sentences ranged from five to 15 years in prison. "
    "According to the Ministry of Justice, 14 of the convictions were for labor trafficking."
)


def score(question, text):
    return score_answer(question, span_of(list(enumerate(split_lines(text)))), DETECTORS, PARAMS, NO_DEADLINE)


def test_full_statistics_answer_is_complete(tip2010):
    result = score(tip2010.question("4E"), STATISTICS)
    assert result.status == "complete" and result.score >= 90
    assert {f.need for f in result.found} >= {
        "investigations",
        "prosecutions",
        "convictions",
        "sentences",
        "period",
        "source",
    }
    assert result.missing == ()


def test_each_missing_piece_is_named(tip2010):
    result = score(tip2010.question("4E"), "Police made 87 arrests. Courts convicted 23 traffickers.")
    assert "no prosecution count" in result.missing
    assert "no time window for the statistics" in result.missing
    assert result.score < 75


def test_one_thin_sentence_scores_weak(tip2010):
    result = score(tip2010.question("6F"), "There are no reports of nationals taking part in sex tourism abroad.")
    assert result.thin and result.status == "weak" and result.score <= PARAMS["thin"]["cap"]


def test_empty_answer(tip2010):
    assert score(tip2010.question("4E"), "").status == "empty"


def test_evidence_is_located_by_line(tip2010):
    result = score(tip2010.question("4E"), STATISTICS.replace(". ", ".\n"))
    lines = {f.need: f.line for f in result.found}
    assert lines["convictions"] == 2 and lines["sentences"] == 3


def test_terms_match_other_forms_of_the_word(tip2010):
    # "reports" is a listed term; "reported" must count too.
    result = score(tip2010.question("4I"), "Media reported that two border officials took bribes in 2009.")
    assert "finding" in {f.need for f in result.found}


SENTENCES = [s.strip() + "." for s in re.split(r"\.\s+", STATISTICS) if s.strip(". ")] + [
    "The Ministry of Interior runs a database.",
    "No figures exist for 2008.",
    "TBD.",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8), st.data())
def test_deleting_evidence_never_raises_the_score(tip2010, sentences, data):
    full = score(tip2010.question("4E"), " ".join(sentences)).score
    drop = data.draw(st.integers(0, len(sentences) - 1))
    fewer = sentences[:drop] + sentences[drop + 1 :]
    assert score(tip2010.question("4E"), " ".join(fewer)).score <= full


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
    from checker.score.answers import _stem, terms_pattern

    terms = ("victims", "trafficking", "firm estimates", "ſuspect")
    text = "".join(pieces)
    start = min(start, len(text))
    end = min(len(text), start + width)
    stems = dict.fromkeys(map(_stem, terms))
    pattern = re.compile(r"(?i)\b(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in stems) + r")[\w'-]*")
    m = pattern.search(text, start, end)
    found = terms_pattern(terms).search(text, start, end)
    assert ((found.span(), found.group(0)) if found else None) == ((m.span(), m.group(0)) if m else None)
