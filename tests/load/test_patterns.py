"""Regular expression helpers: the safety check on user patterns, and leads, which lets a
detector skip trying a pattern at words its matches cannot begin with."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.load.detectors import load_detectors
from checker.load.patterns import as_group, leads, regex_problem

BUNDLED = [p for d in load_detectors().values() for p in d.patterns]


@pytest.mark.parametrize(("pattern", "problem"), [
    ("(a+)+b", "nests one unbounded repetition"),
    ("(unclosed", "invalid regular expression"),
])
def test_regex_problem_explains_unusable_patterns(pattern, problem):
    assert problem in regex_problem(pattern)


@pytest.mark.parametrize(("pattern", "problem"), [
    # each hangs re on a short line (39 a's then c; an ordinary draft; 40 digits then x)
    ("(a|a)*b", "alternatives that can begin alike"),
    ("(.*a){20}$", "nests an unbounded repetition inside a repetition of up to 20"),
    (r"(\d|\d)*%", "alternatives that can begin alike"),
    ("(?:a|ab)*c", "alternatives that can begin alike"),
    ("(?:x|)*y", "alternatives that can begin alike"),
    ("(?i)(?:ab|AB)*c", "alternatives that can begin alike"),
    ("(a|a){0,30}b", "alternatives that can begin alike"),
    (r"(?:\s*\w+){0,12}x", "nests an unbounded repetition inside a repetition of up to 12"),
])
def test_regex_problem_refuses_patterns_that_backtrack_without_end(pattern, problem):
    assert problem in (regex_problem(pattern) or "")


@pytest.mark.parametrize(("pattern", "problem"), [
    # each took minutes on a line of 50,000 a's or digits: polynomial, not exponential, but of a
    # high degree (the rounds, or the repeats in a row, share a run out in every way)
    ("(?:a+){10}b", "nests an unbounded repetition inside a repetition of up to 10"),
    (r"(?:\w+,?){10}$", "nests an unbounded repetition inside a repetition of up to 10"),
    (r"(?:\w*\s*){1,10}!", "nests an unbounded repetition inside a repetition of up to 10"),
    ("(?:x+){3}(?:y+){3}z", "nests an unbounded repetition inside a repetition of up to 3"),
    ("(?:a+){2}", "nests an unbounded repetition inside a repetition of up to 2"),
    ("a*a*a*a*b", "two unbounded repetitions in a row"),
    (r"\d+\d+\d+\d+x", "two unbounded repetitions in a row"),
    (r"\d+,?\d+x", "two unbounded repetitions in a row"),
    (r"\w+\s*\d+x", "two unbounded repetitions in a row"),
    ("(?i)[A-Z]+[a-z]+x", "two unbounded repetitions in a row"),
    ("x(?:a*?b?a+)", "two unbounded repetitions in a row"),
])
def test_regex_problem_refuses_repeats_that_share_text_out_many_ways(pattern, problem):
    assert problem in (regex_problem(pattern) or "")


@pytest.mark.parametrize("pattern", [
    r"(?:Law|Act)\s+\d+",
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,4}",
    r"(?:of|on|in)*x",
    r"(?:\w|\d)*x",
    r"(?:\s+(?:of|and|the|[A-Z][\w-]{0,30})){0,12}[A-Za-z]",
    # a repeat inside a repeat that must end where it does: the next round, or what follows, cannot
    # begin with a character it takes
    r"(?:\s+\w+){2,3}",
    r"(?:\w+\s+){3}x",
    r"(?:\d+\.){3}\d+",
    # unbounded repeats in a row that take different characters, or with one between them
    r"\w*\s*x",
    r"[A-Z]+[a-z]+",
    r"\d+,\d+",
    "a+(?:b|c)a+",
])
def test_regex_problem_accepts_ordinary_patterns(pattern):
    assert regex_problem(pattern) is None


def test_every_bundled_pattern_and_anchor_passes_the_safety_check():
    detectors = load_detectors().values()
    assert all(regex_problem(p.pattern) is None for d in detectors for p in d.patterns)
    assert all(regex_problem(d.anchors.pattern) is None for d in detectors if d.anchors)


def test_a_verbose_pattern_keeps_its_comment_inside_its_own_group():
    joined = re.compile("|".join(map(as_group, ["(?x)TBD # note)", "(?i)(?x) x x", "QQ"])))
    assert joined.findall("TBD, xX and QQ") == ["TBD", "xX", "QQ"]


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
