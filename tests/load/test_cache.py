"""The disk cache: entries are read back, and the folder does not grow for ever."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time

import pytest

from checker.load import cache
from tests.conftest import ROOT


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(tmp_path))
    return tmp_path


def _age(path, days):
    then = time.time() - days * 24 * 3600
    os.utime(path, (then, then))


def test_an_entry_is_read_back_for_the_same_inputs_only(folder):
    cache.write_entry("rules", b"one", {"a": 1})
    assert cache.read_entry("rules", b"one") == {"a": 1}
    assert cache.read_entry("rules", b"two") is None


def test_writing_an_entry_deletes_ours_unused_for_a_month_and_keeps_the_rest(folder):
    cache.write_entry("rules", b"old", 1)
    cache.write_entry("rules", b"used", 2)
    for entry in folder.iterdir():
        _age(entry, 40)
    assert cache.read_entry("rules", b"used") == 2  # a run uses it: it is fresh again
    killed = folder / f"rules-{'0' * 40}.4242.tmp"  # left by a run killed while writing
    killed.write_bytes(b"half")
    _age(killed, 1)
    theirs = folder / "notes.pickle"  # the user's own file, in a folder they chose
    theirs.write_bytes(b"keep")
    _age(theirs, 400)

    cache.write_entry("rules", b"new", 3)

    assert cache.read_entry("rules", b"old") is None
    assert (cache.read_entry("rules", b"used"), cache.read_entry("rules", b"new")) == (2, 3)
    assert not killed.exists()
    assert theirs.read_bytes() == b"keep"


def test_a_temporary_file_of_a_run_still_writing_is_left_alone(folder):
    writing = folder / f"learned-{'a' * 40}.4242.tmp"
    writing.write_bytes(b"in progress")
    cache.write_entry("rules", b"x", 1)
    assert writing.exists()


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CHECKER_CACHE_DIR", str(blocker / "cache"))
    cache.write_entry("rules", b"x", 1)
    assert cache.read_entry("rules", b"x") is None


@pytest.mark.parametrize("stranger", [
    pickle.dumps(42), pickle.dumps([1, 2]), pickle.dumps({"a": 1}),
    pickle.dumps(42) + pickle.dumps(("checker-cache-entry", "rule", "0" * 64)),  # labelled for other inputs
], ids=["int", "list", "dict", "mislabelled"])
def test_entries_overwritten_with_another_pickle_are_recomputed(tmp_path, stranger):
    draft = str(ROOT / "samples" / "tip-2010" / "draft.md")

    def lint(cache_dir: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "checker", "lint", draft], capture_output=True, text=True,
                              env={**os.environ, "CHECKER_CACHE_DIR": cache_dir})

    folder = tmp_path / "cache"
    first = lint(str(folder))
    entries = sorted(folder.glob("*.pickle"))
    kinds = {p.name.rsplit("-", 1)[0] for p in entries}
    assert {"rule", "question_set", "detectors", "learned", "regex-code"} <= kinds
    for entry in entries:
        entry.write_bytes(stranger)
    uncached = lint("")
    again = lint(str(folder))
    assert (again.returncode, again.stdout, again.stderr) == (uncached.returncode, uncached.stdout, "")
    assert (first.returncode, first.stdout) == (uncached.returncode, uncached.stdout)
    assert all(p.read_bytes() != stranger for p in entries)  # repaired, not just skipped


def test_a_folder_where_an_entry_should_go_leaves_no_temporary_files(folder):
    cache.write_entry("rules", b"x", 1)
    (entry,) = folder.glob("rules-*.pickle")
    entry.unlink()
    entry.mkdir()  # something else has taken the entry's name
    cache.write_entry("rules", b"x", 1)
    assert sorted(p.name for p in folder.iterdir()) == [entry.name]


def test_a_home_that_does_not_exist_is_not_created(tmp_path, monkeypatch):
    monkeypatch.delenv("CHECKER_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "nobody"))
    cache.write_entry("rules", b"x", 1)
    assert cache.cache_dir() is None and not (tmp_path / "nobody").exists()
