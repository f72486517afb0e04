"""Evidence detectors: every example in their YAML, plus cases written here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import ConfigError
from checker.load.bundled import builtin_dir
from checker.load.detectors import (
    Detector,
    Found,
    find_evidence,
    find_in_texts,
    load_detectors,
)

DETECTORS = load_detectors()
FILES = [p for p in sorted((builtin_dir("rules") / "detectors").glob("*.yaml")) if p.stem != "vocabulary"]


def _examples(which: str):
    for path in FILES:
        data = yaml.safe_load(path.read_text())
        for example in data["examples"][which]:
            yield pytest.param(data["kind"], example, id=f"{data['kind']}:{example[:30]}")


@pytest.mark.parametrize(("kind", "text"), list(_examples("match")))
def test_detector_finds_its_positive_examples(kind, text):
    assert DETECTORS[kind].find(text)


@pytest.mark.parametrize(("kind", "text"), list(_examples("no_match")))
def test_detector_ignores_its_negative_examples(kind, text):
    assert not DETECTORS[kind].find(text)


@pytest.mark.parametrize(("kind", "text", "words"), [
    ("count", "Over the year the shelter office took in two victims from the border.", "two victims"),
    ("count", "an estimated 90 NGOs work on trafficking", "an estimated 90 NGOs"),
    ("money", "The ministry gave USD 250,000.", "USD 250,000"),
    ("period", "Statistics cover April 2009 - March 2010.", "April 2009 - March 2010"),
    ("law", "under Articles 172-181 of the Labor Law", "Articles 172-181"),
    ("penalty", "punishable by seven to 15 years", "seven to 15 years"),
    ("body", "the Ministry of Women's Affairs coordinated", "Ministry"),
    ("hours", "80 hours by one FSN-9 political assistant", "80 hours"),
])
def test_detector_reports_the_words_that_count(kind, text, words):
    assert words in [m.group(0) for m in DETECTORS[kind].find(text)][0]


def test_years_are_not_counts_and_counts_are_not_years():
    assert not DETECTORS["count"].find("In 2009 the committee met.")
    assert [m.group(0) for m in DETECTORS["date"].find("101 arrests in 2009")] == ["2009"]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules" / "detectors"
    shutil.copytree(builtin_dir("rules") / "detectors", folder)
    return tmp_path / "rules"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("kind: hours", "kind: hours\nextra: 1", "Additional properties are not allowed"),
    (r"<<NUMBER>>\s+(?:hours?|hrs?)", r"<<NUMBER>>\s+(?:hours?|hrs?", "invalid regular expression"),
    (r"<<NUMBER>>\s+(?:hours?|hrs?)", r"<<NUMBERS>>\s+(?:hours?|hrs?)", "unknown vocabulary NUMBERS"),
    ('"four hours"', '"four days"', "no pattern finds 'four days'"),
    ('"office hours"', '"office 9 hours"', "'9 hours' found in 'office 9 hours'"),
    # would hang on some text, or break the one pattern the anchors are joined into
    (r"<<NUMBER>>\s+(?:hours?|hrs?)", r"(\d|\d)*\s+hours", "$.patterns[0]: repeats a choice between alternatives"),
    ("anchors: ['<<NUMSTART>>']", "anchors: ['(?P<n>[0-9])', '(?P<n><<NUMSTART>>)']",
     "$.anchors[0]: has a capturing group or a backreference; use (?:...) instead of (...)"),
])
def test_a_broken_detector_is_refused_with_its_file_and_line(tmp_path, old, new, expected):
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(ConfigError) as err:
        load_detectors([rules])
    assert expected in str(err.value)
    assert str(path.resolve()) in str(err.value)


def _fresh(kind: str):
    """The detector with nothing remembered from earlier texts."""
    from dataclasses import replace

    from checker.load.detectors import _WordsSeen

    detector = DETECTORS[kind]
    return replace(detector, seen=_WordsSeen(len(detector.patterns)))


@pytest.mark.parametrize("kind", sorted(DETECTORS))
def test_what_a_detector_finds_does_not_depend_on_the_texts_it_saw_before(kind):
    earlier = ("Police made 101 arrests in March 2009 under the 2008 TIP Law; the Ministry of Justice "
               "reported fines of up to USD 5,000 and sentences of 15 years.")
    text = ("According to the Ministry, 45 percent of the 212 victims were repatriated between "
            "2008 and 2009; the Penal Code sets 7 to 15 years, and HK$ 20,000 was paid for 80 hours.")
    warmed = _fresh(kind)
    warmed.find(earlier)
    assert [m.span() for m in warmed.find(text)] == [m.span() for m in _fresh(kind).find(text)]


def test_what_a_detector_finds_does_not_depend_on_it_having_forgotten_past_its_limit(monkeypatch):
    # A long batch: past the limit the detector forgets every word, and the next draft's words
    # it knew before must be judged again, not skipped as known.
    import checker.load.detectors as evidence

    text = "Police made 101 arrests; the Ministry of Justice cited Article 15 of the Penal Code in 2009."
    expected = {kind: [m.span() for m in _fresh(kind).find(text)] for kind in DETECTORS}
    monkeypatch.setattr(evidence, "_SEEN_LIMIT", 30)
    for kind in DETECTORS:
        detector = _fresh(kind)
        detector.find(text)
        detector.find(" ".join(f"w{i}" for i in range(40)))  # takes it past the limit
        assert [m.span() for m in detector.find(text + " Afterwards")] == expected[kind], kind


def test_anchors_let_patterns_start_only_at_words_they_accept():
    # A currency sign in the middle of a word still starts money; a number glued to a word does not.
    assert [m.group(0) for m in DETECTORS["money"].find("HK$20,000 in aid")] == ["$20,000"]
    assert not DETECTORS["count"].find("FSN9 staff")


PIECES = ["a", "b", " ", "Ministry", "2009", "of", ".", ";", "\n", "$5", "%", "Law", "USD", " 15 years", "Article 3",
          " the ", "three", "March", "reported", ","]
ANSWERS = st.lists(st.lists(st.sampled_from(PIECES), max_size=14).map("".join), max_size=6)


@settings(max_examples=150, deadline=None)
@given(answers=ANSWERS)
def test_scanning_answers_together_finds_what_scanning_each_alone_finds(answers):
    together = find_in_texts(DETECTORS.values(), answers)
    for text, hits in zip(answers, together):
        alone = {kind: [Found(m.start(), m.group(0)) for m in found]
                 for kind, found in find_evidence(DETECTORS.values(), text).items()}
        assert hits == alone


def test_a_pattern_that_reads_across_answers_is_run_on_each_answer_alone():
    greedy = Detector("count", "reads anything between a and b", (re.compile(r"a[\s\S]{0,20}b"),), "test")
    first, second = find_in_texts((greedy,), ["an a", "then b"])
    assert first["count"] == [] and second["count"] == []
    # The match that reads across also hid one inside the next answer: that answer is read again.
    first, second, third = find_in_texts((greedy,), ["xa", "b, then ab", "nothing"])
    assert (first["count"], second["count"], third["count"]) == ([], [Found(8, "ab")], [])


def test_numbers_in_other_scripts_digits_are_still_counted():
    # \d matches every script's digits; the beginnings a pattern is tried at list only ASCII ones
    assert [m.group(0) for m in _fresh("count").find("Police freed ٣٢ victims.")] == ["٣٢ victims"]


def test_a_verbose_anchor_keeps_its_comment_inside_its_own_group(tmp_path):
    rules = _copy(tmp_path)
    path = rules / "detectors" / "hours.yaml"
    path.write_text(path.read_text().replace("anchors: ['<<NUMSTART>>']", "anchors: ['(?x)<<NUMSTART>> # a number']"))
    assert [m.group(0) for m in load_detectors([rules])["hours"].find("paid for 80 hours")] == ["80 hours"]
