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

    # Warnings alone do not block: a finished draft with a figure still to check.
    text = (SAMPLES / "clean-draft.txt").read_text()
    (repo / "reply.txt").write_text(text.replace("In October 2009, the GOK", "In October 2009 [check], the GOK", 1))
    git(repo, "add", "reply.txt")
    warned = subprocess.run(
        ["git", "commit", "-m", "a figure to check"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert warned.returncode == 0, warned.stdout + warned.stderr

    # A missing answer blocks, reconstructed item or not: the Markdown sample leaves 5K out.
    shutil.copy(SAMPLES / "draft.md", repo / "reply.md")
    git(repo, "add", "reply.md")
    missing = subprocess.run(
        ["git", "commit", "-m", "markdown draft"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert missing.returncode != 0
    assert "reply.md:193:1: CQ101 [error] no answer to 5K" in missing.stdout + missing.stderr


def drafts_repository(tmp_path, hook: str = "") -> tuple:
    """A git repository using this checkout's hook (at HEAD), pre-commit installed in it."""
    head = git(ROOT, "rev-parse", "HEAD").stdout.strip()
    repo = tmp_path / "drafts"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "drafter@example.invalid")
    git(repo, "config", "user.name", "Drafter")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n    hooks:\n      - id: checker\n{hook}"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stderr
    git(repo, "add", ".pre-commit-config.yaml")
    return repo, env


def commit(repo, env, *names: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "--", *names)
    return subprocess.run(["git", "commit", "-m", "drafts"], cwd=repo, env=env, capture_output=True, text=True)


def test_the_hook_refuses_an_unfilled_skeleton_and_passes_what_is_no_draft(tmp_path):
    repo, env = drafts_repository(tmp_path)
    new = subprocess.run(
        [sys.executable, "-m", "checker", "new", "--questions", "tip-2010", "-o", str(repo / "reply.txt")],
        capture_output=True,
        text=True,
    )
    assert new.returncode == 0, new.stderr
    refused = commit(repo, env, "reply.txt")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "reply.txt:13:1: CQ205 [error] 'A' (2A, Sources of information) holds only the placeholder" in output
    assert output.count("CQ205 [error]") == 47 and "Traceback" not in output
    git(repo, "rm", "-q", "--cached", "reply.txt")
    (repo / "reply.txt").unlink()

    # The repository's README, and notes kept beside the drafts, are not replies: they pass.
    (repo / "README.md").write_text(
        "# Drafts of the 2010 TIP reply\n\n## How we work\n\nEach officer keeps a draft in drafts/.\n\n"
        "## Checking\n\nThe pre-commit hook runs checker on every commit.\n"
    )
    (repo / "notes.md").write_text("# Notes\n\n- ask the ministry for the 2009 conviction figures\n")
    (repo / "call-2010-01-12.txt").write_text("Call with the IOM office, 12 January: shelter figures by Friday.\n")
    passed = commit(repo, env, "README.md", "notes.md", "call-2010-01-12.txt")
    assert passed.returncode == 0, passed.stdout + passed.stderr

    # A clean draft whose name starts with a dash passes, and so does the README beside it.
    shutil.copy(SAMPLES / "clean-draft.txt", repo / "-final.txt")
    (repo / "README.md").write_text((repo / "README.md").read_text() + "\nThe final reply is -final.txt.\n")
    accepted = commit(repo, env, "-final.txt", "README.md")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # A broken draft is still a draft: no header, headings out of shape, but labels a set knows.
    (repo / "broken.md").write_text("## 2. Situation\n\n### 2A. Sources\n\nTBD\n")
    broken = commit(repo, env, "broken.md")
    assert broken.returncode != 0
    assert "broken.md" in broken.stdout + broken.stderr and "skipped" not in broken.stdout + broken.stderr


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
