"""Files checker writes: new ones readable as any other file the user makes, and never a draft."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest

from checker.write.files import write_atomic
from tests.conftest import ROOT

DRAFT = ROOT / "samples" / "tip-2010" / "draft.md"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_gets_the_permissions_the_umask_gives(tmp_path, umask_022):
    write_atomic(tmp_path / "report.html", "<p>ok</p>")
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_own_permissions(tmp_path, umask_022):
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert (target.read_text(), stat.S_IMODE(target.stat().st_mode)) == ("new", 0o600)


@pytest.mark.parametrize(
    "command",
    [
        ["lint", "--write-baseline", "{draft}", "{draft}"],
        ["coverage", "--format", "csv", "-o", "{draft}", "{draft}"],
        ["coverage", "-o", "{link}", "{draft}"],  # the same file by another name
    ],
)
def test_an_output_option_naming_a_draft_being_checked_is_refused(tmp_path, command):
    draft = tmp_path / "draft.md"
    shutil.copy(DRAFT, draft)
    (tmp_path / "link.md").symlink_to(draft)
    args = [a.format(draft=draft, link=tmp_path / "link.md") for a in command]
    result = subprocess.run([sys.executable, "-m", "checker", *args, "--no-config"], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"{args[args.index('--write-baseline' if 'lint' in args else '-o') + 1]}: is one of the drafts being checked; "
        "give another file name for the output"
    ]
    assert draft.read_bytes() == DRAFT.read_bytes()


def test_a_write_tidies_the_temporary_files_of_earlier_writes_that_were_killed(tmp_path):
    target = tmp_path / "draft.txt"
    target.write_text("old")
    killed = tmp_path / ".draft.txt.abc123.tmp"
    killed.write_text("half a dra")
    os.utime(killed, (0, 0))
    running = tmp_path / ".draft.txt.def456.tmp"  # a write still going on elsewhere: too recent to touch
    running.write_text("in progress")
    other = tmp_path / ".other.txt.abc123.tmp"
    other.write_text("not ours")
    os.utime(other, (0, 0))
    write_atomic(target, "new")
    assert (target.read_text(), killed.exists(), running.exists(), other.exists()) == ("new", False, True, True)


def test_a_new_file_on_a_file_system_without_hard_links_is_still_never_written_over(tmp_path, monkeypatch):
    import errno

    import checker.write.files as files
    from checker.errors import CheckerError

    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    files.write_new(tmp_path / "draft.txt", "skeleton")
    assert (tmp_path / "draft.txt").read_text() == "skeleton"
    with pytest.raises(CheckerError, match="already exists"):
        files.write_new(tmp_path / "draft.txt", "another")
    assert (tmp_path / "draft.txt").read_text() == "skeleton"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]
