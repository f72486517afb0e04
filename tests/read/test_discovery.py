"""Which files a folder or a pattern gives: a hostile repository's tree (thousands of folders deep,
links out of it) never ends the run in a traceback nor has checker read files nobody named."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.read.discovery import expand_paths
from tests.conftest import ROOT

DRAFT = ROOT / "samples" / "tip-2010" / "draft.md"
SECRET = "hunter2-correct-horse-battery"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def deep_tree(tmp_path):
    """tmp_path/deep/a/a/.../a/reply.md: deeper than Python's recursion limit (git stores such a
    tree); removed level by level afterwards (shutil.rmtree, and so pytest's clean-up, recurse)."""
    folder = tmp_path / "deep"
    folder.mkdir()
    for _ in range(1100):
        folder = folder / "a"
        folder.mkdir()
    shutil.copy(DRAFT, folder / "reply.md")
    yield folder / "reply.md"
    (folder / "reply.md").unlink()
    while folder != tmp_path:
        folder.rmdir()
        folder = folder.parent


def test_a_folder_thousands_of_levels_deep_is_walked(tmp_path, deep_tree):
    draft = deep_tree
    found, problems = expand_paths([tmp_path / "deep"])
    assert [os.path.samefile(f, draft) for f in found] == [True] and problems == []
    result = run("lint", "--no-config", "--no-table", "deep", cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr


def test_a_pattern_over_a_folder_too_deep_to_expand_is_one_line(tmp_path, deep_tree):
    result = run("lint", "--no-config", "deep/**/*.md", cwd=tmp_path)
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "deep/**/*.md: folders nested too deeply to expand this pattern; name the folder instead"
    ]


def test_the_walk_keeps_its_order_and_skips_hidden_files_and_other_suffixes(tmp_path):
    for name in (
        "b/z.md",
        "b/a.txt",
        "a.md",
        "c/.hidden/x.md",
        ".x.md",
        "README.md",
        "notes.txt",
        "x.yaml",
        "b/c/d.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found, _ = expand_paths([tmp_path])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in found] == [
        "README.md",  # found, and skipped with a note later (checker.match.choose)
        "a.md",
        "notes.txt",
        "b/a.txt",
        "b/z.md",
        "b/c/d.md",
    ]


def hostile_repository(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose drafts folder holds a link to a file outside it (the user's secrets)."""
    secret = tmp_path / "home" / "secrets.md"
    secret.parent.mkdir()
    secret.write_text(DRAFT.read_text(encoding="utf-8").replace("[insert treaty list]", f"[insert {SECRET}]"))
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "drafts").mkdir()
    shutil.copy(DRAFT, repo / "drafts" / "reply.md")
    (repo / "drafts" / "leak.md").symlink_to(secret)
    return repo, secret


def test_walking_a_folder_never_follows_a_link_out_of_the_repository(tmp_path):
    repo, _ = hostile_repository(tmp_path)
    for command in (["lint", "-f", "json"], ["coverage", "-f", "markdown"], ["fix"]):
        result = run(*command, "--no-config", "drafts", cwd=repo)
        assert SECRET not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr and result.returncode == 2
        assert (
            f"drafts/leak.md: a link to a file outside the repository ({repo.resolve()}), not followed when "
            "walking a folder; name the file itself to check it"
        ) in result.stderr.splitlines()
    assert "reply.md" in run("lint", "--no-config", "-f", "json", "drafts", cwd=repo).stdout  # the rest is checked


def test_a_link_out_of_the_repository_named_on_the_command_line_is_read(tmp_path):
    repo, _ = hostile_repository(tmp_path)
    result = run("lint", "--no-config", "--no-table", "drafts/leak.md", cwd=repo)
    assert SECRET in result.stdout  # the user's own choice


def test_links_inside_the_repository_are_followed(tmp_path):
    repo, _ = hostile_repository(tmp_path)
    (repo / "drafts" / "leak.md").unlink()
    (repo / "shared").mkdir()
    shutil.copy(DRAFT, repo / "shared" / "common.md")
    (repo / "drafts" / "common.md").symlink_to(Path("..") / "shared" / "common.md")
    found, problems = expand_paths([repo / "drafts"])
    assert [Path(f).name for f in found] == ["common.md", "reply.md"] and problems == []


def test_outside_any_repository_a_walk_stays_in_the_folder_walked(tmp_path):
    (tmp_path / "outside.md").write_text(DRAFT.read_text(encoding="utf-8"))
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "link.md").symlink_to(tmp_path / "outside.md")
    found, problems = expand_paths([tmp_path / "drafts"])
    assert found == []
    assert problems == [
        f"{tmp_path / 'drafts' / 'link.md'}: a link to a file outside the folder walked "
        f"({(tmp_path / 'drafts').resolve()}, in no repository), not followed when walking a folder; "
        "name the file itself to check it"
    ]


def test_a_draft_named_several_ways_is_one_draft(tmp_path, monkeypatch):
    # `checker coverage b.txt /abs/b.txt .` reported b.txt twice, weighing twice in the cycle.
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found, problems = expand_paths(["b.txt", str(tmp_path / "b.txt"), "./b.txt", ".", "sub/../b.txt"])
    assert (found, problems) == (["b.txt", "a.txt"], [])
