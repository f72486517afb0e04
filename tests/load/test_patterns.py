"""Patterns from data files: bundled ones run on `re`, a user's on the bounded `regex` engine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import pytest

from checker.deadline import Deadline, OutOfTime
from checker.load.patterns import (
    as_group,
    compile_bundled,
    compile_users,
    finditer,
    joinable_problem,
    matcher,
    pattern_problem,
    search,
)
from tests.conftest import ROOT, TOOLKIT, bundled_rules

# Each takes hours on the text beside it with a backtracking engine and no bound.
CATASTROPHIC = [(r"(?:1|11)+\s+hours", "1" * 60), (r"(a|aa)+c", "a" * 60)]


def test_a_verbose_pattern_keeps_its_comment_inside_its_own_group():
    joined = re.compile("|".join(map(as_group, ["(?x)TBD # note)", "(?i)(?x) x x", "QQ"])))
    assert joined.findall("TBD, xX and QQ") == ["TBD", "xX", "QQ"]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(unclosed", "invalid regular expression"),
        ("[z-a]", "invalid regular expression"),
    ],
)
def test_pattern_problem_explains_unusable_patterns(pattern, problem):
    assert problem in (pattern_problem(pattern) or "")


def test_a_pattern_joined_into_one_may_not_hold_its_own_group():
    assert "capturing group" in (joinable_problem("(x)y") or "")
    assert joinable_problem("(?:x)y") is None


@pytest.mark.parametrize(("pattern", "text"), CATASTROPHIC)
def test_a_users_pattern_that_backtracks_without_end_stops_at_the_deadline(pattern, text):
    users = compile_users(pattern)
    deadline = Deadline.after(0.3)
    with pytest.raises(OutOfTime):
        search(users, text, deadline)
    with pytest.raises(OutOfTime):
        matcher(users, Deadline.after(0.3))(text, 0)
    with pytest.raises(OutOfTime):
        list(finditer(users, text, Deadline.after(0.3)))


def test_a_users_pattern_means_what_the_same_pattern_means_in_re():
    for source in (r"(?i)\bTB[DC]\b", r"\d{1,3}(?:,\d{3})+", r"(?<=\s)x+(?=y)", r"(?P<n>\w+)\s+(?P=n)"):
        text = "tbd 1,000,000 axxxy word word TBC"
        users = [m.span() for m in finditer(compile_users(source), text, Deadline.after(5))]
        assert users == [m.span() for m in compile_bundled(source).finditer(text)]


def test_bundled_patterns_use_re_and_users_use_the_bounded_engine():
    rules = {r.id: r for r in bundled_rules()}
    assert type(rules["CQ202"].prepared["patterns"][0]) is re.Pattern
    assert type(TOOLKIT.question_set("tip-2010").detect) is re.Pattern
    assert type(compile_users("x")) is not re.Pattern


def test_no_bundled_pattern_backtracks_for_long_on_hostile_text():
    """Bundled patterns run on `re`, with no bound but the draft's: run each on text built to make
    a backtracking engine work hard, in a process of its own, and see it finish."""
    script = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        from checker.toolkit import Toolkit
        toolkit = Toolkit()
        settings = toolkit.settings_for(__import__("pathlib").Path(sys.argv[1]))
        patterns = [p for d in settings.detectors.values() for p in (*d.patterns, d.anchors) if p is not None]
        patterns += [p for r in settings.rules for key, value in r.prepared.items() if key == "patterns" for p in value]
        patterns += [p for q in toolkit.bundled_question_sets() for p in (q.detect, q.detect_title) if p is not None]
        pieces = ["1" * 3000, "a" * 3000, " " * 3000, "Ministry " * 400, "1,000 " * 500, "TBD " * 600,
                  "[insert " * 400, "X" * 3000, "Article 1 " * 400, "2009 " * 600, "-" * 3000, "A. " * 800,
                  "USD " * 500, "Law " * 600, "to be " * 500, "January 2009 - " * 200, "$" * 2000]
        for text in pieces + ["".join(pieces)]:
            for pattern in patterns:
                for _ in pattern.finditer(text):
                    pass
        print(len(patterns))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 40


@pytest.mark.parametrize("seconds", [1e13, 1e20, 1e308])
def test_a_time_limit_too_long_for_the_regex_timer_still_lets_patterns_run(seconds):
    # `regex` overflows past about 1e12 s and times out at once: CHECKER_TIME_LIMIT=1e20 stopped every draft.
    pattern = compile_users(r"\bTBD\b")
    deadline = Deadline.after(seconds)
    assert search(pattern, "figures TBD", deadline) is not None
    assert [m.group() for m in finditer(pattern, "TBD and TBD", deadline)] == ["TBD", "TBD"]
    assert matcher(pattern, deadline)("TBD", 0) is not None


def test_a_huge_time_limit_checks_a_project_with_its_own_rules():
    sample = ROOT / "samples" / "rules-in-yaml"
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-table", "draft.md"],
        capture_output=True,
        text=True,
        cwd=sample,
        env={**os.environ, "CHECKER_TIME_LIMIT": "1e20"},
        timeout=120,
    )
    assert "checking stopped" not in result.stdout + result.stderr and "POST001" in result.stdout, result.stderr
