"""The hook as a team uses it: the real pre-commit, a real git repository, real commits."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None or not (ROOT / ".git").exists(),
    reason="needs git, pre-commit and a git checkout of checker",
)


def git(repo, *args, check=True):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=check)


def test_commit_of_a_flawed_draft_is_refused_and_a_fixed_one_accepted(tmp_path):
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "drafts"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "drafter@example.invalid")
    git(repo, "config", "user.name", "Drafter")
    (repo / ".pre-commit-config.yaml").write_text(
        textwrap.dedent(f"""\
        repos:
          - repo: {ROOT}
            rev: {head}
            hooks:
              - id: checker
        """)
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    git(repo, "add", ".pre-commit-config.yaml")

    shutil.copy(SAMPLES / "flawed-draft.txt", repo / "reply.txt")
    git(repo, "add", "reply.txt")
    refused = subprocess.run(["git", "commit", "-m", "draft"], cwd=repo, env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "reply.txt:21:1: CQ301 [error] TAGS line lacks KMCA" in output
    assert "Traceback" not in output

    shutil.copy(SAMPLES / "clean-draft.txt", repo / "reply.txt")
    git(repo, "add", "reply.txt")
    accepted = subprocess.run(["git", "commit", "-m", "draft"], cwd=repo, env=env, capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "Passed" in accepted.stdout + accepted.stderr

    # Warnings alone do not block: a draft with only placeholders and a missing reconstructed item.
    shutil.copy(SAMPLES / "draft.md", repo / "reply.md")
    git(repo, "add", "reply.md")
    warned = subprocess.run(
        ["git", "commit", "-m", "markdown draft"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert warned.returncode == 0, warned.stdout + warned.stderr


def test_staged_files_named_like_options_are_checked_as_files(tmp_path):
    """A draft named -2010-final.txt blocked every commit with 'No such option', and one named
    --write-baseline=NOTES.md made the hook overwrite NOTES.md: the entry ends with `--`."""
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "drafts"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "drafter@example.invalid")
    git(repo, "config", "user.name", "Drafter")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: checker\n        exclude: ^NOTES\\.md$\n"
    )
    (repo / ".checker.yaml").write_text("questions: tip-2010\n")  # where a hook's settings go
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    (repo / "NOTES.md").write_text("# Notes\n\nthe team's notes\n")
    shutil.copy(SAMPLES / "flawed-draft.txt", repo / "-2010-final.txt")
    shutil.copy(SAMPLES / "clean-draft.txt", repo / "--write-baseline=NOTES.md")
    git(repo, "add", "--", ".")
    refused = subprocess.run(["git", "commit", "-m", "drafts"], cwd=repo, env=env, capture_output=True, text=True)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "-2010-final.txt:21:1: CQ301 [error] TAGS line lacks KMCA" in output
    assert "No such option" not in output and "Traceback" not in output
    assert (repo / "NOTES.md").read_text() == "# Notes\n\nthe team's notes\n"

    shutil.copy(SAMPLES / "clean-draft.txt", repo / "-2010-final.txt")
    git(repo, "add", "--", ".")
    accepted = subprocess.run(["git", "commit", "-m", "drafts"], cwd=repo, env=env, capture_output=True, text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert (repo / "NOTES.md").read_text() == "# Notes\n\nthe team's notes\n"
