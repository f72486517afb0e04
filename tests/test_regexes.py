"""Regular expression helpers: the safety check on user patterns, and leads, which lets a
detector skip trying a pattern at words its matches cannot begin with."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.evidence import load_detectors
from checker.regexes import leads, regex_problem

BUNDLED = [p for d in load_detectors().values() for p in d.patterns]


@pytest.mark.parametrize(("pattern", "problem"), [
    ("(a+)+b", "nests one unbounded repetition"),
    ("(unclosed", "invalid regular expression"),
])
def test_regex_problem_explains_unusable_patterns(pattern, problem):
    assert problem in regex_problem(pattern)


@pytest.mark.parametrize(("pattern", "starts", "not_starts"), [
    (r"(?i)\b(?:during|in|for)\s+the", ["During", "in", "inside", "FOR"], ["the", "dusk", "f"]),
    (r"\b(?:19[5-9]\d|20[0-4]\d)\b", ["1999", "2010"], ["1890", "2050", "19"]),
    (r"(?i)\b(?:\d+|one|two)\s+victims", ["7", "one", "Two"], ["the", "a"]),
    (r"(?i)(?:USD|US\$|\$)\s?\d", ["$5", "usd", "US"], ["EUR"]),
    (r"(?i:sub)-decree", ["sub", "SUB", "ſub"], ["dub"]),
])
def test_leads_list_the_beginnings_a_match_can_have(pattern, starts, not_starts):
    beginnings = leads(re.compile(pattern))
    assert all(word.startswith(beginnings) for word in starts)
    assert not any(word.startswith(beginnings) for word in not_starts)


@pytest.mark.parametrize("pattern", [r"\w+ law", r"(?:x|)\s", r".b", r"a*", r"[^a]b", r"(a)?\1b"])
def test_leads_give_up_when_a_match_can_begin_anyhow(pattern):
    assert leads(re.compile(pattern)) is None


WORD_TEXT = st.lists(st.sampled_from(["In", "the", "during", "2009", "1999", "one", "Ministry", "UNICEF", "fines",
                                      "of", "$5", "USD", "Law", "Article", "15", "years", "percent", "sub-decree",
                                      "reported", "according", "to", "ſub", "٣", ",", ".", "-", "life"]), max_size=25)


@settings(max_examples=300, deadline=None)
@given(words=WORD_TEXT)
def test_no_match_of_a_bundled_pattern_begins_outside_its_leads(words):
    sample = " ".join(words)
    for pattern in BUNDLED:
        beginnings = leads(pattern)
        if beginnings is None:
            continue
        for m in pattern.finditer(sample):
            word = re.match(r"[$€£]?\w+|[$€£]", sample[m.start():])
            if word and word.group(0)[0].isascii():
                assert word.group(0).startswith(beginnings), (pattern.pattern, m.group(0))
