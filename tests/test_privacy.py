"""Drafts are often sensitive: checking one writes nothing of it anywhere the user did not ask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SECRET = "Quorvathine"  # a word found nowhere but in the draft


def _draft(folder: Path) -> Path:
    text = (ROOT / "samples" / "tip-2010" / "flawed-draft.txt").read_text(encoding="utf-8")
    draft = folder / "reply.txt"
    draft.write_text(text.replace("Kestria", SECRET), encoding="utf-8")
    return draft


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "command",
    [
        ["lint"],
        ["lint", "--format", "json"],
        ["lint", "--jobs", "2"],
        ["coverage"],
        ["coverage", "--format", "html"],
        ["fix"],
        ["migrate", "--from", "tip-2009", "--to", "tip-2010"],
    ],
)
def test_checking_a_draft_writes_nothing_of_it_anywhere(tmp_path, command):
    home, cache, temp, work = (tmp_path / name for name in ("home", "cache", "tmp", "work"))
    for folder in (home, cache, temp, work):
        folder.mkdir()
    draft = _draft(work)
    second = work / "second.txt"
    second.write_text(draft.read_text(encoding="utf-8"), encoding="utf-8")
    before = _files(tmp_path)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
        "CHECKER_CACHE_DIR": str(cache),
        "TMPDIR": str(temp),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "checker", *command, str(draft), str(second)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr  # both drafts were read and checked
    assert _files(tmp_path) == before  # not a file added, removed or changed


def test_an_output_file_is_written_only_where_asked(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    draft = _draft(work)
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir()
    before = _files(tmp_path)
    subprocess.run(
        [sys.executable, "-m", "checker", "coverage", "-f", "html", "-o", str(report), str(draft)],
        cwd=work,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        check=False,
    )
    after = _files(tmp_path)
    assert set(after) - set(before) == {report}
    assert SECRET in report.read_text(encoding="utf-8")
