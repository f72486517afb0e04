"""Patterns compiled from code saved by an earlier run match exactly what re.compile's do, and a
damaged or foreign saved table never costs more than compiling afresh."""

from __future__ import annotations

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import compiled
from checker.load.detectors import load_detectors

# Bundled detector patterns (long, with flags, named groups and lookarounds) and small oddities.
PATTERNS = sorted({p.pattern for d in load_detectors().values() for p in d.patterns}) + [
    r"(?P<label>\d+)([A-Z])?", r"(?i)straße", r"(?m)^\s*$", r"a{2,5}?b|[^\W\d]+"]
TEXT = st.text(alphabet=st.sampled_from("aAbB12 ,.-\nſıİß5678–Law Act Article Ministry of Court 2009 "), max_size=80)


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A process that has compiled nothing yet, caching in its own folder."""
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compiled, "_table", None)
    monkeypatch.setattr(compiled, "_changed", False)
    monkeypatch.setattr(compiled, "_usable", compiled._sre is not None)
    return tmp_path


def _next_run(monkeypatch):
    compiled.keep()
    monkeypatch.setattr(compiled, "_table", None)


def test_a_later_run_takes_the_code_from_the_cache_folder(fresh, monkeypatch):
    compiled.regex(r"(?P<n>\d+) arrests", re.I)
    _next_run(monkeypatch)
    assert list(fresh.glob("regex-code-*.pickle"))
    monkeypatch.setattr(compiled, "_generated", lambda *a: pytest.fail("compiled again"))
    pattern = compiled.regex(r"(?P<n>\d+) arrests", re.I)
    assert pattern.search("Police made 101 ARRESTS")["n"] == "101"
    assert pattern.flags == re.compile(r"(?P<n>\d+) arrests", re.I).flags


@settings(max_examples=60, deadline=None)
@given(text=TEXT, index=st.integers(min_value=0, max_value=len(PATTERNS) - 1))
def test_saved_code_matches_what_re_compile_matches(text, index):
    source = PATTERNS[index]
    saved = pickle.loads(pickle.dumps(compiled._generated(source, 0)))  # as a later run reads it
    ours, theirs = compiled._sre.compile(source, *saved), re.compile(source)
    assert (ours.groupindex, ours.groups, ours.flags) == (theirs.groupindex, theirs.groups, theirs.flags)
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_an_invalid_pattern_raises_as_re_compile_does(fresh):
    with pytest.raises(re.error, match="missing \\)"):
        compiled.regex("(unclosed")


@pytest.mark.parametrize("damage", [
    lambda entry: (entry[0], [99999, 1, 2], *entry[2:]),  # code the engine cannot run
    lambda entry: (entry[0], entry[1]),  # the wrong shape
])
def test_a_damaged_entry_is_compiled_afresh(fresh, monkeypatch, damage):
    compiled.regex(r"\bAct\b")
    table = compiled._loaded()
    table[(r"\bAct\b", 0)] = damage(table[(r"\bAct\b", 0)])
    _next_run(monkeypatch)
    assert compiled.regex(r"\bAct\b").search("the Trafficking Act of 2008")


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_file_is_ignored(fresh, monkeypatch, content):
    compiled.regex(r"\d{4}")
    _next_run(monkeypatch)
    for saved in fresh.glob("regex-code-*.pickle"):
        saved.write_bytes(content)
    assert compiled.regex(r"\d{4}").search("in 2009")


def test_with_the_cache_turned_off_nothing_is_written(fresh, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", "")
    compiled.regex(r"\d{4}")
    compiled.keep()
    assert not list(fresh.iterdir())


def test_unexpected_engine_internals_fall_back_to_re_compile(fresh, monkeypatch):
    class Engine:  # as if a later Python changed what its regex engine takes
        @staticmethod
        def compile(*args):
            raise TypeError("compile() takes 7 arguments")

    monkeypatch.setattr(compiled, "_sre", Engine)
    assert compiled.regex(r"Law No\.").search("under Law No. 12")
    assert compiled._usable is False
