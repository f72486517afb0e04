"""What one run learns about words and titles is saved and reused by the next, without changing
a single byte of what checker reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = [ROOT / "samples" / "tip-2010" / "flawed-draft.txt", ROOT / "samples" / "tip-2010" / "draft.md"]


def _lint(cache: str, *drafts: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHECKER_CACHE_DIR": cache}
    return subprocess.run([sys.executable, "-m", "checker", "lint", "--format", "json", "--no-config", "-j", "1",
                           *map(str, drafts)], capture_output=True, text=True, env=env, cwd=ROOT)


@pytest.fixture(scope="module")
def uncached() -> subprocess.CompletedProcess[str]:
    return _lint("", *DRAFTS)


def test_a_run_that_reuses_what_the_last_one_learned_reports_the_same(tmp_path, uncached):
    first = _lint(str(tmp_path), *DRAFTS)
    assert list(tmp_path.glob("learned-*.pickle")), "the first run saves what it learned"
    second = _lint(str(tmp_path), *DRAFTS)
    assert (first.stdout, first.returncode) == (uncached.stdout, uncached.returncode)
    assert (second.stdout, second.returncode) == (uncached.stdout, uncached.returncode)


def test_learning_from_one_draft_does_not_change_the_report_on_another(tmp_path, uncached):
    _lint(str(tmp_path), DRAFTS[0])  # learns the cable's words only
    assert _lint(str(tmp_path), *DRAFTS).stdout == uncached.stdout


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])  # the last: a pickled 1
def test_a_damaged_file_of_learned_words_is_ignored(tmp_path, uncached, content):
    _lint(str(tmp_path), *DRAFTS)
    for saved in tmp_path.glob("learned-*.pickle"):
        saved.write_bytes(content)
    again = _lint(str(tmp_path), *DRAFTS)
    assert (again.stdout, again.returncode, again.stderr) == (uncached.stdout, uncached.returncode, "")


def _saved_size(cache: Path) -> int:
    import pickle

    (saved,) = cache.glob("learned-*.pickle")
    data = pickle.loads(saved.read_bytes())
    return (len(data["titles"]) + len(data["block_titles"]) + len(data["keywords"])
            + sum(len(known) for known, _, _ in data["words"].values()))


def test_once_full_the_saved_file_is_dropped_so_the_next_run_starts_afresh(tmp_path, uncached):
    _lint(str(tmp_path), DRAFTS[0])
    limit = _saved_size(tmp_path) + 1  # the next draft's words take it past this
    env = {**os.environ, "CHECKER_CACHE_DIR": str(tmp_path)}
    full = subprocess.run([sys.executable, "-c", f"import checker.memo as m; m.LIMIT = {limit}; "
                           "from checker.cli import main; main()", "lint", "--format", "json", "--no-config",
                           "-j", "1", *map(str, DRAFTS)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert (full.stdout, full.returncode) == (uncached.stdout, uncached.returncode)
    assert not list(tmp_path.glob("learned-*.pickle")), "a full file is dropped, not read by every later run"
    _lint(str(tmp_path), DRAFTS[1])
    assert 0 < _saved_size(tmp_path) < limit, "the next run saves its own draft's words afresh"
