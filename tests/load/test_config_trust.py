"""The trust boundary of project configuration: a draft, and the folders around it, may come from
anyone. Configuration is searched up to the repository's root and no higher, never taken from a
file another user owns, and may only name files inside its repository; an error about a file
that is not checker's never quotes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.engine import check_paths
from checker.errors import ConfigError
from checker.load import config as config_module
from checker.load.config import find_config
from checker.toolkit import Toolkit
from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"
SECRET = "hunter2-correct-horse-battery"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def repository(tmp_path: Path, config: str | None = None) -> tuple[Path, Path]:
    """tmp_path/repo, a repository (it holds .git) with a draft in drafts/, and its configuration."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "drafts").mkdir()
    draft = repo / "drafts" / "reply.md"
    shutil.copy(SAMPLES / "draft.md", draft)
    if config is not None:
        (repo / ".checker.yaml").write_text(config)
    return repo, draft


def test_configuration_above_the_repository_root_is_never_used(tmp_path):
    (tmp_path / ".checker.yaml").write_text('exclude: ["**"]\n')  # someone else's folder above the checkout
    repo, draft = repository(tmp_path)
    assert find_config(draft) is None
    result = run("lint", "--no-table", draft)
    # checked, not silently excluded (the sample leaves 5K unanswered: exit 1)
    assert result.returncode == 1 and "CQ202 [warning]" in result.stdout


def test_configuration_inside_the_repository_is_still_found_walking_up(tmp_path):
    repo, draft = repository(tmp_path, "rules:\n  CQ202: error\n")
    assert find_config(draft) == repo / ".checker.yaml"
    assert "CQ202 [error]" in run("lint", "--no-table", draft).stdout


def test_a_worktree_or_submodule_whose_git_is_a_file_is_a_repository_root(tmp_path):
    (tmp_path / ".checker.yaml").write_text('exclude: ["**"]\n')
    repo, draft = repository(tmp_path)
    (repo / ".git").rmdir()
    (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n")
    assert find_config(draft) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_configuration_owned_by_another_user_is_skipped_with_a_note(tmp_path):
    repo, draft = repository(tmp_path, 'exclude: ["**"]\n')
    os.chown(repo / ".checker.yaml", 65534, 65534)
    result = run("lint", "--no-table", draft)
    assert result.returncode == 1 and "CQ202 [warning]" in result.stdout
    assert result.stderr.splitlines() == [
        f"checker: note: {repo / '.checker.yaml'} ignored: it belongs to user nobody, not to you; "
        "pass it with --config to use it"
    ]
    given = run("lint", "--no-table", "--config", repo / ".checker.yaml", draft)  # the user's explicit choice
    assert given.returncode == 0 and given.stdout == "" and given.stderr == ""


def test_a_configuration_that_links_out_of_the_repository_is_skipped_with_a_note(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text('exclude: ["**"]\n')
    repo, draft = repository(tmp_path)
    (repo / ".checker.yaml").symlink_to(outside)
    result = run("lint", "--no-table", draft)
    assert "CQ202 [warning]" in result.stdout
    assert result.stderr.splitlines() == [
        f"checker: note: {repo / '.checker.yaml'} ignored: it is a link to a file outside the repository "
        f"({repo}); pass it with --config to use it"
    ]


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        ("questions: /etc/passwd", "'/etc/passwd' is an absolute path"),
        ("questions: ../../secret.yaml", "'../../secret.yaml' leads outside the repository"),
        ("questions: ../secret", "'../secret' leads outside the repository"),
        ("questions: linked.yaml", "'linked.yaml' leads outside the repository"),
        ("rules_dir: /etc", "'/etc' is an absolute path"),
        ("rules_dir: ../..", "'../..' leads outside the repository"),
    ],
)
def test_paths_in_configuration_stay_inside_the_repository(tmp_path, setting, says):
    (tmp_path / "secret.yaml").write_text(f"password: {SECRET}\n")
    (tmp_path / "secret").write_text(f"API_KEY={SECRET}\n")
    repo, draft = repository(tmp_path, setting + "\n")
    (repo / "linked.yaml").symlink_to(tmp_path / "secret.yaml")
    result = run("lint", draft)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{repo / '.checker.yaml'}:1: $.{setting.split(':')[0]}: {says}")
    assert line.endswith("--questions" if setting.startswith("questions") else "--rules")
    assert SECRET not in result.stdout + result.stderr and "root:" not in result.stderr


def test_files_given_on_the_command_line_may_be_anywhere(tmp_path):
    repo, draft = repository(tmp_path, "rules:\n  CQ202: error\n")
    outside = tmp_path / "sets" / "tip-2010.yaml"
    outside.parent.mkdir()
    shutil.copy(ROOT / "question_sets" / "tip-2010.yaml", outside)
    shutil.copy(ROOT / "question_sets" / "tip-2009.yaml", outside.parent / "tip-2009.yaml")
    result = run("lint", "--no-table", "-Q", outside, draft)
    assert result.returncode == 1, result.stderr
    assert "CQ202 [error]" in result.stdout


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.yaml", f"database:\n  password: {SECRET}\n"),  # a mapping, but nothing of a question set
        (".env", f"API_KEY={SECRET}\nOTHER=1\n"),  # a scalar as YAML
        ("broken.yaml", f"password: {SECRET}\n  bad: [indent\n"),  # a syntax error
        ("tab.yaml", f"key: {SECRET}\n\tx: 1\n"),
        ("list.yaml", f"- {SECRET}\n- two\n"),
    ],
)
def test_a_file_that_is_not_checkers_is_never_quoted_in_an_error(tmp_path, name, content):
    repo, draft = repository(tmp_path, f"questions: {name}\n")
    (repo / name).write_text(content)
    result = run("lint", draft)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(str(repo / name))
    assert SECRET not in result.stdout + result.stderr


def test_a_rules_folder_of_other_files_is_never_quoted(tmp_path):
    repo, draft = repository(tmp_path, "rules_dir: ci\n")
    (repo / "ci").mkdir()
    (repo / "ci" / "deploy.yaml").write_text(f"token: {SECRET}\nhost: example.invalid\n")
    result = run("lint", draft)
    assert result.returncode == 2
    assert SECRET not in result.stdout + result.stderr
    assert "deploy.yaml:1: $: not a rule file" in result.stderr


def test_an_unreadable_pyproject_above_the_draft_is_one_line(tmp_path, monkeypatch):
    repo, draft = repository(tmp_path)
    (repo / "pyproject.toml").write_text("[tool.checker]\n")
    real = config_module.read_bytes

    def refuse(path):
        if Path(path).name == "pyproject.toml":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(config_module, "read_bytes", refuse)  # root reads anything: the refusal is simulated
    with pytest.raises(ConfigError) as refused:
        check_paths([draft], Toolkit())
    assert refused.value.problems == [
        f"{repo / 'pyproject.toml'}: cannot be read (permission denied), so checker cannot tell whether it "
        "configures checker; make it readable, or pass --config FILE or --no-config"
    ]


def can_run_as_nobody() -> bool:
    return (
        hasattr(os, "geteuid")
        and os.geteuid() == 0
        and shutil.which("setpriv") is not None
        and subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", "import checker"],
            capture_output=True,
        ).returncode
        == 0
    )


@pytest.mark.skipif(not can_run_as_nobody(), reason="needs root and setpriv to run as another user")
def test_an_unreadable_pyproject_is_one_line_for_a_real_user(tmp_path):
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="checker-trust-", dir="/tmp"))
    try:
        base.chmod(0o755)
        repo, draft = repository(base)
        for folder in (repo, repo / ".git", repo / "drafts"):
            os.chown(folder, 65534, 65534)
        os.chown(draft, 65534, 65534)
        (repo / "pyproject.toml").write_text("[tool.checker]\n")
        os.chown(repo / "pyproject.toml", 65534, 65534)
        (repo / "pyproject.toml").chmod(0o000)
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "checker"]
            + ["lint", str(draft)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"{repo / 'pyproject.toml'}: cannot be read (permission denied), so checker cannot tell whether it "
            "configures checker; make it readable, or pass --config FILE or --no-config"
        ]
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_outside_any_repository_a_configuration_names_files_in_its_own_folder(tmp_path):
    (tmp_path / "shared.yaml").write_text(f"password: {SECRET}\n")
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(SAMPLES / "draft.md", folder / "reply.md")
    (folder / ".checker.yaml").write_text("questions: ../shared.yaml\n")
    result = run("lint", folder / "reply.md")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{folder / '.checker.yaml'}:1: $.questions: '../shared.yaml' leads outside its folder ({folder}, in no "
        "repository); a configuration names files inside it; give a file elsewhere on the command line with --questions"
    ]
