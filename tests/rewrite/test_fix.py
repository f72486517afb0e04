"""checker fix: touches only what it reports, is idempotent, leaves no claimed finding and
brings none, and writes atomically."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import check_paths
from checker.errors import CheckerError
from checker.rewrite.fix import plan_fixes, write_fixes
from checker.toolkit import Toolkit
from tests.conftest import ROOT, SEED, needs_shared

SAMPLES = ROOT / "samples" / "tip-2010"


def changed_lines(before: bytes, after: bytes) -> list[int]:
    a, b = before.split(b"\n"), after.split(b"\n")
    assert len(a) == len(b)
    return [i + 1 for i, (x, y) in enumerate(zip(a, b)) if x != y]


def fix(path):
    return subprocess.run(
        [sys.executable, "-m", "checker", "fix", "--write", str(path)], capture_output=True, text=True
    )


@needs_shared
def test_real_cable_labels_and_references_are_fixed_and_nothing_else(tmp_path):
    copy = tmp_path / "cable.txt"
    shutil.copy(SEED, copy)
    copy.chmod(0o644)  # the reference copy is read-only, and fix --write refuses read-only drafts
    before = copy.read_bytes()
    result = fix(copy)
    assert result.returncode == 1, result.stderr  # the header's errors are the drafter's to repair
    assert result.stderr.endswith("error-level finding(s) remain in 1 draft(s); fix cannot repair them\n")
    assert changed_lines(before, copy.read_bytes()) == [1355, 1458, 1510, 1568]
    after = check_paths([copy], Toolkit())[0].files[0]
    assert not [f for f in after.findings if f.kind in ("misnumbered", "misdirected-xref")]
    assert b"5C.  RGC Interagency" not in copy.read_bytes() and b"\nC.  RGC Interagency" in copy.read_bytes()
    assert plan_fixes(str(copy), Toolkit()).edits == ()  # a second run changes nothing


def test_flawed_sample(tmp_path):
    copy = tmp_path / "flawed.txt"
    shutil.copy(SAMPLES / "flawed-draft.txt", copy)
    plan = plan_fixes(str(copy), Toolkit())
    assert sorted((e.finding.code, e.finding.line, e.new) for e in plan.edits) == [
        ("CQ102", 808, "C"),
        ("CQ402", 870, "4G"),
    ]
    assert {f.code for f in plan.left} >= {"CQ101", "CQ103", "CQ104", "CQ202", "CQ301"}
    write_fixes(plan)
    assert plan_fixes(str(copy), Toolkit()).edits == ()


def test_every_other_byte_is_kept(tmp_path):
    """CRLF line ends, cp1252 text, a BOM-less legacy file with trailing spaces and the clutter
    of a saved web page around the cable."""
    text = (SAMPLES / "flawed-draft.txt").read_text()
    text = "Browse by tag\r\nKTIP ELAB – keep me\r\n" + text.replace("\n", "\r\n").replace("Varnholm", "Várnholm")
    copy = tmp_path / "legacy.txt"
    copy.write_bytes(text.encode("cp1252"))
    copy.chmod(0o640)
    before = copy.read_bytes()
    write_fixes(plan_fixes(str(copy), Toolkit()))
    after = copy.read_bytes()
    assert after.count(b"\r\n") == before.count(b"\r\n")
    assert changed_lines(before, after) == [810, 872]  # the label and the reference; two clutter lines above
    assert b"\r\nC.  Interagency" in after and "Várnholm".encode("cp1252") in after
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["legacy.txt"]


def test_utf8_byte_order_mark_is_kept(tmp_path):
    copy = tmp_path / "bom.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "flawed-draft.txt").read_bytes())
    write_fixes(plan_fixes(str(copy), Toolkit()))
    assert copy.read_bytes().startswith(b"\xef\xbb\xbf")


def test_without_write_nothing_changes_and_a_diff_is_shown(tmp_path):
    copy = tmp_path / "flawed.txt"
    shutil.copy(SAMPLES / "flawed-draft.txt", copy)
    before = copy.read_bytes()
    result = subprocess.run([sys.executable, "-m", "checker", "fix", str(copy)], capture_output=True, text=True)
    assert result.returncode == 1  # errors remain that fix cannot repair (the header's)
    assert "-5C.  Interagency" in result.stdout and "+C.  Interagency" in result.stdout
    assert "left for the drafter" in result.stdout
    assert copy.read_bytes() == before


def test_the_diff_counts_lines_as_patch_does_when_the_draft_has_form_feeds(tmp_path):
    # Cables carry form feeds between pages; str.splitlines broke lines there too.
    text = (SAMPLES / "flawed-draft.txt").read_text()
    copy = tmp_path / "flawed.txt"
    copy.write_text(text.replace("\n\n", "\n\x0c\n", 3).replace("SUBJECT:", "\x0cSUBJECT:"))
    real = (
        copy.read_text()
        .split("\n")
        .index(next(line for line in copy.read_text().split("\n") if line.startswith("5C.  Interagency")))
        + 1
    )
    diff = subprocess.run([sys.executable, "-m", "checker", "fix", str(copy)], capture_output=True, text=True).stdout
    line = None
    for row in diff.split("\n"):
        if row.startswith("@@"):
            line = int(re.match(r"@@ -(\d+)", row)[1])
        elif row.startswith("-5C.  Interagency"):
            break
        elif line is not None and not row.startswith("+"):
            line += 1
    assert line == real


def test_a_failed_write_leaves_the_original(tmp_path, monkeypatch):
    copy = tmp_path / "flawed.txt"
    shutil.copy(SAMPLES / "flawed-draft.txt", copy)
    before = copy.read_bytes()
    plan = plan_fixes(str(copy), Toolkit())

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(CheckerError, match="flawed.txt: cannot write .the disk is full.; the draft is unchanged"):
        write_fixes(plan)
    assert copy.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["flawed.txt"]


CLEAN = (SAMPLES / "clean-draft.txt").read_text()
ITEM = re.compile(r"^([A-M])\.  ", re.M)
BLOCK_OF = {}  # line index -> block number, for relabelling items with last cycle's numbers
_block = None
for _i, _line in enumerate(CLEAN.split("\n")):
    _m = re.match(r"^(\d{1,2})\.  \(", _line)
    if _m:
        _block = int(_m[1])
    BLOCK_OF[_i] = _block


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.sets(st.integers(0, 200), max_size=4), st.sampled_from(["\n", "\r\n"]))
def test_fix_touches_only_what_it_reports_and_is_idempotent(tmp_path_factory, picks, ending):
    """Random items of blocks 3-6 relabelled with last cycle's number, as drafters leave them: one
    a block at most, so each block's other items still show its labelling style (bare letters)."""
    lines = CLEAN.split("\n")
    items = [i for i, line in enumerate(lines) if ITEM.match(line) and BLOCK_OF[i] in (3, 4, 5, 6)]
    chosen = {BLOCK_OF[i]: i for i in (items[pick % len(items)] for pick in sorted(picks))}
    for i in chosen.values():
        lines[i] = f"{BLOCK_OF[i] - 1}{lines[i]}"
    path = tmp_path_factory.mktemp("prop") / "draft.txt"
    path.write_bytes(ending.join(lines).encode())
    before = path.read_bytes()
    plan = plan_fixes(str(path), Toolkit())
    assert len(plan.edits) == len(chosen)
    write_fixes(plan)
    after = path.read_bytes()
    edited = {e.finding.line for e in plan.edits}
    assert set(changed_lines(before.replace(b"\r\n", b"\n"), after.replace(b"\r\n", b"\n"))) == edited
    assert after == CLEAN.replace("\n", ending).encode()  # back to the clean draft, byte for byte
    assert plan_fixes(str(path), Toolkit()).edits == ()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["fix"], ["migrate", "--from", "tip-2009", "--to", "tip-2010"]])
def test_a_named_pipe_is_refused_rather_than_waited_on(tmp_path, command):
    pipe = tmp_path / "draft.txt"
    os.mkfifo(pipe)
    result = subprocess.run(
        [sys.executable, "-m", "checker", *command, str(pipe)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"{pipe}: is not a regular file (a pipe or device); save the draft to a file and check that"
    )


@pytest.mark.parametrize("command", [["fix", "--write"], ["migrate", "--from", "tip-2009", "--to", "tip-2010"]])
def test_an_empty_draft_is_refused_as_lint_refuses_it(tmp_path, command):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    result = subprocess.run([sys.executable, "-m", "checker", *command, str(empty)], capture_output=True, text=True)
    assert (result.returncode, result.stderr.strip()) == (
        2,
        f"{empty}: the draft is empty; write it, or leave it out of the run",
    )
    assert empty.read_text() == "  \n\n"
