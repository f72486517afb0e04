"""The project's own code passes its linters: ruff (lint, and format on checker/) and mypy."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    done = _run("ruff", "check", "checker", "tests", "benchmarks")
    assert done.returncode == 0, done.stdout + done.stderr


def test_checker_is_formatted():
    done = _run("ruff", "format", "--check", "checker")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
