"""On a real terminal (a pseudo-terminal, as a user's shell gives) and in a pipe: colours unless
NO_COLOR says no, FORCE_COLOR in a pipe, and tables as wide as the terminal, or as COLUMNS says."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

DRAFT = ROOT / "samples" / "tip-2010" / "draft.md"
ESCAPE = "\x1b["
TABLE_ROW = re.compile(r"^[│┃┏┡└]")
STYLE = re.compile(r"\x1b\[[0-9;]*m")  # a colour or weight: takes no room on the screen


def _env(extra: dict[str, str]) -> dict[str, str]:
    plain = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CI")}
    return {**plain, "TERM": "xterm-256color", **extra}


def on_terminal(*args: str, columns: int = 100, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run checker with stdin, stdout and stderr on a pseudo-terminal `columns` wide; what it showed."""
    import struct

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", *args], stdin=slave, stdout=slave, stderr=slave, env=_env(env or {})
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed, the run is over
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout=120), shown.decode("utf-8").replace("\r\n", "\n")


def piped(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_env(env or {}),
    )


def _table_width(text: str) -> int:
    """The width of the widest row of the tables shown, as the screen shows it."""
    return max(len(line) for line in STYLE.sub("", text).splitlines() if TABLE_ROW.match(line))


def test_a_terminal_gets_colours():
    code, shown = on_terminal("lint", str(DRAFT))
    assert code == 1 and ESCAPE in shown  # the sample leaves 5K unanswered: an error
    assert "\x1b[33m[warning]\x1b[0m" in shown or "[33m" in shown


@pytest.mark.parametrize("value", ["1", "true", "0"])  # any value that is not empty says no
def test_no_color_leaves_a_terminal_without_any_escape(value):
    code, shown = on_terminal("lint", str(DRAFT), env={"NO_COLOR": value})
    assert code == 1 and "1 error, 2 warnings in 1 draft" in shown
    assert ESCAPE not in shown and "\x1b" not in shown


def test_an_empty_no_color_is_not_set():
    assert ESCAPE in on_terminal("lint", str(DRAFT), env={"NO_COLOR": ""})[1]


def test_no_color_wins_over_force_color():
    assert "\x1b" not in on_terminal("lint", str(DRAFT), env={"NO_COLOR": "1", "FORCE_COLOR": "1"})[1]


def test_a_pipe_gets_no_colours_unless_forced():
    assert ESCAPE not in piped("lint", str(DRAFT)).stdout
    assert ESCAPE in piped("lint", str(DRAFT), env={"FORCE_COLOR": "1"}).stdout
    assert ESCAPE in piped("coverage", str(DRAFT), env={"FORCE_COLOR": "1"}).stdout


def test_tables_fit_the_terminal():
    narrow, wide = on_terminal("lint", str(DRAFT), columns=70)[1], on_terminal("lint", str(DRAFT), columns=160)[1]
    assert _table_width(narrow) <= 70
    assert _table_width(wide) > 70  # titles no longer wrapped
    coverage = on_terminal("coverage", str(DRAFT), columns=90, env={"NO_COLOR": "1"})[1]
    assert _table_width(coverage) <= 90


def test_columns_sets_the_width_in_a_pipe():
    for columns in (60, 90, 200):
        lint = piped("lint", str(DRAFT), env={"COLUMNS": str(columns)}).stdout
        coverage = piped("coverage", str(DRAFT), env={"COLUMNS": str(columns)}).stdout
        assert _table_width(lint) <= columns and _table_width(coverage) <= columns
    assert _table_width(piped("coverage", str(DRAFT), env={"COLUMNS": "200"}).stdout) > 120  # no fixed width
    assert _table_width(piped("lint", str(DRAFT)).stdout) <= 80  # a pipe with no COLUMNS: 80


def test_columns_wins_over_the_terminal_size():
    assert _table_width(on_terminal("lint", str(DRAFT), columns=160, env={"COLUMNS": "70"})[1]) <= 70
