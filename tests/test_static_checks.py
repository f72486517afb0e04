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


def test_checker_uses_no_private_interpreter_module_nor_pickle():
    """Private CPython modules change in patch releases; pickle runs code named by its input."""
    import ast

    banned = {"pickle", "marshal", "shelve", "_sre", "_pickle", "sre_compile", "sre_parse", "sre_constants"}
    found = []
    for path in sorted((ROOT / "checker").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                if name.split(".")[0] in banned or name.startswith(("re._", "sre_")):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
    assert not found, found
