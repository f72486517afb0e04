"""Evidence detectors: every example in their YAML, plus cases written here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.deadline import NO_DEADLINE, Deadline
from checker.errors import ConfigError
from checker.load.bundled import EMPTY_BUNDLE, builtin_dir, read_bundle
from checker.load.detectors import load_detectors
from checker.model.detectors import Detector
from checker.score.evidence import Found, find_evidence, find_in_texts

DETECTORS = load_detectors((), read_bundle())


def find(detector: Detector, text: str) -> list[Found]:
    return find_evidence((detector,), text, NO_DEADLINE)[detector.kind]


FILES = [p for p in sorted((builtin_dir("rules") / "detectors").glob("*.yaml")) if p.stem != "vocabulary"]


def _examples(which: str):
    for path in FILES:
        data = yaml.safe_load(path.read_text())
        for example in data["examples"][which]:
            yield pytest.param(data["kind"], example, id=f"{data['kind']}:{example[:30]}")


@pytest.mark.parametrize(("kind", "text"), list(_examples("match")))
def test_detector_finds_its_positive_examples(kind, text):
    assert find(DETECTORS[kind], text)


@pytest.mark.parametrize(("kind", "text"), list(_examples("no_match")))
def test_detector_ignores_its_negative_examples(kind, text):
    assert not find(DETECTORS[kind], text)


@pytest.mark.parametrize(
    ("kind", "text", "words"),
    [
        ("count", "Over the year the shelter office took in two victims from the border.", "two victims"),
        ("count", "an estimated 90 NGOs work on trafficking", "an estimated 90 NGOs"),
        ("money", "The ministry gave USD 250,000.", "USD 250,000"),
        ("period", "Statistics cover April 2009 - March 2010.", "April 2009 - March 2010"),
        ("law", "under Articles 172-181 of the Labor Law", "Articles 172-181"),
        ("penalty", "punishable by seven to 15 years", "seven to 15 years"),
        ("body", "the Ministry of Women's Affairs coordinated", "Ministry"),
        ("hours", "80 hours by one FSN-9 political assistant", "80 hours"),
    ],
)
def test_detector_reports_the_words_that_count(kind, text, words):
    assert words in [m.text for m in find(DETECTORS[kind], text)][0]


def test_years_are_not_counts_and_counts_are_not_years():
    assert not find(DETECTORS["count"], "In 2009 the committee met.")
    assert [m.text for m in find(DETECTORS["date"], "101 arrests in 2009")] == ["2009"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules" / "detectors"
    shutil.copytree(builtin_dir("rules") / "detectors", folder)
    return tmp_path / "rules"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("kind: hours", "kind: hours\nextra: 1", "Additional properties are not allowed"),
        (r"<<NUMBER>>\s+(?:hours?|hrs?)", r"<<NUMBER>>\s+(?:hours?|hrs?", "invalid regular expression"),
        (r"<<NUMBER>>\s+(?:hours?|hrs?)", r"<<NUMBERS>>\s+(?:hours?|hrs?)", "unknown vocabulary NUMBERS"),
        ('"four hours"', '"four days"', "no pattern finds 'four days'"),
        ('"office hours"', '"office 9 hours"', "'9 hours' found in 'office 9 hours'"),
        # would break the one pattern the anchors are joined into
        (
            "anchors: ['<<NUMSTART>>']",
            "anchors: ['(?P<n>[0-9])', '(?P<n><<NUMSTART>>)']",
            "$.anchors[0]: has a capturing group or a backreference; use (?:...) instead of (...)",
        ),
    ],
)
def test_a_broken_detector_is_refused_with_its_file_and_line(tmp_path, old, new, expected):
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(ConfigError) as err:
        load_detectors([rules], read_bundle())
    assert expected in str(err.value)
    assert str(path.resolve()) in str(err.value)


# A second pattern that takes hours on a long number not followed by "hours".
SLOW_HOURS = "patterns:\n  - '(?:1|11)+\\s+hours'"


def test_a_users_detector_that_backtracks_without_end_is_stopped_at_its_examples(tmp_path, monkeypatch):
    import checker.load.detectors

    monkeypatch.setattr(checker.load.detectors, "EXAMPLES_TIME", 0.5)
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    text = path.read_text().replace("patterns:", SLOW_HOURS)
    path.write_text(text.replace('"office hours"', '"' + "1" * 60 + '"'))
    with pytest.raises(ConfigError, match=r"took over 0 s; a pattern backtracks without end"):
        load_detectors([rules], read_bundle())


def test_a_users_detector_is_bounded_by_the_drafts_deadline(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    path.write_text(path.read_text().replace("patterns:", SLOW_HOURS))
    hours = load_detectors([rules], read_bundle())["hours"]
    assert type(hours.patterns[0]) is not re.Pattern  # a user's file: the bounded engine
    from checker.deadline import OutOfTime

    with pytest.raises(OutOfTime):
        find_evidence((hours,), "paid " + "1" * 60 + " euros", Deadline.after(0.3))


def test_bundled_detectors_use_re_and_an_edited_bundled_file_is_validated_like_a_users():
    assert all(type(p) is re.Pattern for d in DETECTORS.values() for p in d.patterns)
    # Without the bundle every file is validated here, and finds the same.
    validated = load_detectors((), EMPTY_BUNDLE)
    text = "Police made 101 arrests in March 2009; the Ministry paid USD 5,000 under Article 15."
    for kind, detector in DETECTORS.items():
        assert find(validated[kind], text) == find(detector, text)


def test_anchors_let_patterns_start_only_at_words_they_accept():
    # A currency sign in the middle of a word still starts money; a number glued to a word does not.
    assert [m.text for m in find(DETECTORS["money"], "HK$20,000 in aid")] == ["$20,000"]
    assert not find(DETECTORS["count"], "FSN9 staff")


PIECES = [
    "a",
    "b",
    " ",
    "Ministry",
    "2009",
    "of",
    ".",
    ";",
    "\n",
    "$5",
    "%",
    "Law",
    "USD",
    " 15 years",
    "Article 3",
    " the ",
    "three",
    "March",
    "reported",
    ",",
]
ANSWERS = st.lists(st.lists(st.sampled_from(PIECES), max_size=14).map("".join), max_size=6)


@settings(max_examples=150, deadline=None)
@given(answers=ANSWERS)
def test_scanning_answers_together_finds_what_scanning_each_alone_finds(answers):
    together = find_in_texts(DETECTORS.values(), answers, NO_DEADLINE)
    for text, hits in zip(answers, together):
        assert hits == find_evidence(DETECTORS.values(), text, NO_DEADLINE)


def test_a_pattern_that_reads_across_answers_is_run_on_each_answer_alone():
    greedy = Detector("count", "reads anything between a and b", (re.compile(r"a[\s\S]{0,20}b"),), "test")
    first, second = find_in_texts((greedy,), ["an a", "then b"], NO_DEADLINE)
    assert first["count"] == [] and second["count"] == []
    # The match that reads across also hid one inside the next answer: that answer is read again.
    first, second, third = find_in_texts((greedy,), ["xa", "b, then ab", "nothing"], NO_DEADLINE)
    assert (first["count"], second["count"], third["count"]) == ([], [Found(8, "ab")], [])


def test_numbers_in_other_scripts_digits_are_still_counted():
    assert [m.text for m in find(DETECTORS["count"], "Police freed ٣٢ victims.")] == ["٣٢ victims"]


def test_a_verbose_anchor_keeps_its_comment_inside_its_own_group(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    path.write_text(path.read_text().replace("anchors: ['<<NUMSTART>>']", "anchors: ['(?x)<<NUMSTART>> # a number']"))
    hours = load_detectors([rules], read_bundle())["hours"]
    assert [m.text for m in find(hours, "paid for 80 hours")] == ["80 hours"]
