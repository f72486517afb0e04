"""Regular expression helpers: the safety check on user patterns, and first_chars, which lets a
detector skip trying a pattern where it cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.evidence import load_detectors
from checker.regexes import first_chars, leads, regex_problem

BUNDLED = [p for d in load_detectors().values() for p in d.patterns]


@pytest.mark.parametrize(("pattern", "starts", "not_starts"), [
    (r"\b(?:[A-Z][\w'-]*\s+){0,4}Ministry", "AMZ", "am1"),
    (r"(?i)\bfines?\b", "fF", "gx"),
    (r"(?i)(?<![\w.])\d+%", "0", "a"),
    (r"\b(?=x)foo", "f", "x"),
    (r"(?:a|b)?c", "abc", "d"),
    (r"(?:x|)y", "xy", "z"),
    (r"(?i:sub)-decree", "sSſ", "d"),
    (r"(?i)(?:USD|US\$|\$|€)", "uU$€", "x"),
])
def test_first_chars_lists_where_a_match_can_start(pattern, starts, not_starts):
    chars = first_chars(re.compile(pattern))
    assert all(c in chars for c in starts)
    assert not any(c in chars for c in not_starts)


@pytest.mark.parametrize("pattern", [r"a*", r"[^a]b", r".x", r"\w+", r"(a)?\1b", r"(?:x|)\s"])
def test_first_chars_gives_up_when_anything_can_start_a_match(pattern):
    assert first_chars(re.compile(pattern)) is None


def test_unicode_digits_count_as_digits():
    assert "٣" in first_chars(re.compile(r"\d+ arrests"))


TEXT = st.text(alphabet=st.sampled_from(list("aAsSfFuUmMdDpPlL0123456789 ,.-$€%/ſ")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, extra=st.lists(st.sampled_from(["Ministry", "years", "percent", "USD", "March 2009", "Law"]), max_size=4))
def test_no_match_of_a_bundled_pattern_starts_outside_its_first_chars(text, extra):
    sample = " ".join([text, *extra])
    for pattern in BUNDLED:
        chars = first_chars(pattern)
        if chars is None:
            continue
        for m in pattern.finditer(sample):
            if m.group(0):
                assert m.group(0)[0] in chars, (pattern.pattern, m.group(0))


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
])
def test_leads_list_the_beginnings_a_match_can_have(pattern, starts, not_starts):
    beginnings = leads(re.compile(pattern))
    assert all(word.startswith(beginnings) for word in starts)
    assert not any(word.startswith(beginnings) for word in not_starts)


@pytest.mark.parametrize("pattern", [r"\w+ law", r"(?:x|)\s", r".b"])
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
