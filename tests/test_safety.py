"""The adversarial battery: checker run as a hostile or unlucky user would run it, from the outside
(real processes). Each test names the class of failure it guards against; the write, signal,
configuration and hook batteries live beside the modules they test (tests/write, tests/load,
tests/test_precommit.py, tests/test_batch.py) and this file holds the rest."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"
ESC = b"\x1b"


def run(*args: str | os.PathLike[str] | bytes, cwd: Path | None = None, env: dict[str, str] | None = None):
    """checker as a process; output as bytes, so that nothing is decoded away."""
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert b"Exception ignored" not in result.stderr, result.stderr.decode(errors="replace")


# ----------------------------------------------------------------------------- hostile draft text


def hostile_draft(tmp_path: Path) -> Path:
    """The sample Markdown draft with escape sequences in its subject line, a heading and a placeholder."""
    text = (SAMPLES / "draft.md").read_text(encoding="utf-8")
    text = text.replace("REPORT FOR MARROVIA", "REPORT\x1b[2J\x1b[1A\x1b]0;owned\x07 FOR MARROVIA", 1)
    text = text.replace("### 2A. Sources of Information", "### 2A. Sources\x1b[8m of Information", 1)
    text = text.replace("[insert treaty list]", "[insert treaty\x1b[1A\x1b[2K\u202e list]", 1)
    draft = tmp_path / "hostile.md"
    draft.write_text(text, encoding="utf-8")
    return draft


@pytest.mark.parametrize(
    "command",
    [
        ["lint"],
        ["lint", "--no-table"],
        ["coverage"],
        ["fix"],
        ["migrate", "--from", "tip-2009", "--to", "tip-2010"],
    ],
)
def test_escape_sequences_in_a_draft_never_reach_the_terminal(tmp_path, command):
    draft = hostile_draft(tmp_path)
    result = run(*command, "--no-config", draft)
    no_traceback(result)
    assert ESC not in result.stdout and ESC not in result.stderr
    assert "\u202e".encode() not in result.stdout
    if command[0] in ("lint", "fix"):  # they quote the placeholder
        assert "'[insert treaty\ufffd[1A\ufffd[2K\ufffd list]'".encode() in result.stdout


def test_escape_sequences_in_a_file_name_never_reach_the_terminal(tmp_path):
    draft = tmp_path / "x\x1b[2Jy.md"
    shutil.copy(SAMPLES / "draft.md", draft)
    missing = tmp_path / "gone\x1b]0;t\x07.md"
    result = run("lint", "--no-config", draft, missing)
    no_traceback(result)
    assert result.returncode == 2
    assert ESC not in result.stdout and ESC not in result.stderr
    assert b"no such file" in result.stderr


def test_escape_sequences_in_a_file_name_never_reach_the_terminal_in_csv(tmp_path):
    draft = tmp_path / "x\x1b[2Jy.md"
    shutil.copy(SAMPLES / "draft.md", draft)
    result = run("coverage", "-f", "csv", "--no-config", draft)
    no_traceback(result)
    assert result.returncode == 0 and ESC not in result.stdout
    assert b"x\\x1b[2Jy.md" in result.stdout  # CSV writes it as an escape: a name keys its rows


# ----------------------------------------------------------------------------- outputs a name can break


def two_drafts(tmp_path: Path, name: str) -> list[Path]:
    first, second = tmp_path / name, tmp_path / "other.md"
    shutil.copy(SAMPLES / "draft.md", first)
    shutil.copy(SAMPLES / "draft.md", second)
    return [first, second]


@pytest.mark.parametrize("count", [1, 2])
def test_a_file_name_cannot_open_an_html_comment_or_tag_in_markdown(tmp_path, count):
    drafts = two_drafts(tmp_path, "a<!--<img src=x>.md")[:count]
    result = run("coverage", "-f", "markdown", "--no-config", *drafts)
    no_traceback(result)
    assert b"<!--" not in result.stdout and b"<img" not in result.stdout
    assert b"a&lt;!--&lt;img src=x&gt;.md" in result.stdout


def test_a_file_name_is_never_a_live_formula_in_csv(tmp_path):
    drafts = two_drafts(tmp_path, "=HYPERLINK(1)+2.md")
    result = run("coverage", "-f", "csv", "--no-config", "=HYPERLINK(1)+2.md", "other.md", cwd=tmp_path)
    no_traceback(result)
    rows = list(csv.reader(io.StringIO(result.stdout.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert rows[1][0] == "'=HYPERLINK(1)+2.md"
    assert drafts[0].exists()


def test_html_report_escapes_a_hostile_file_name(tmp_path):
    drafts = two_drafts(tmp_path, '"><script>alert(1)<\\script>.md')
    result = run("coverage", "-f", "html", "--no-config", *drafts)
    no_traceback(result)
    # The page's own two script elements (its data and its code), and none from the name.
    assert result.stdout.count(b"<script") == 2 and result.stdout.count(b"</script>") == 2
    assert b"<script>alert(1)" not in result.stdout
    assert b"&lt;script&gt;" in result.stdout  # the name in the table
    assert b"\\u003cscript\\u003ealert(1)" in result.stdout  # and in the detail's data


NOT_UTF8 = os.fsdecode(b"caf\xe9-draft.md")


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["lint", "-f", "sarif"], None),
        (["lint", "-f", "json"], None),
        (["lint", "-f", "junit"], None),
        (["lint", "-f", "github"], None),
        (["lint"], None),
        (["lint", "--write-baseline", "{out}"], "baseline.json"),
        (["coverage", "-f", "json", "-o", "{out}"], "cov.json"),
        (["coverage", "-f", "html", "-o", "{out}"], "cov.html"),
        (["coverage", "-f", "markdown", "-o", "{out}"], "cov.md"),
        (["coverage", "-f", "csv", "-o", "{out}"], "cov.csv"),
        (["coverage", "-f", "table", "-o", "{out}"], "cov.txt"),
    ],
)
def test_a_file_name_that_is_not_utf8_never_crashes_an_output(tmp_path, command, output):
    draft = tmp_path / NOT_UTF8
    shutil.copy(SAMPLES / "draft.md", draft)
    args = [str(tmp_path / output) if a == "{out}" else a for a in command]
    result = run(*args, "--no-config", NOT_UTF8, cwd=tmp_path)
    no_traceback(result)
    assert result.returncode in (0, 1), result.stderr
    written = (tmp_path / output).read_bytes() if output else result.stdout
    written.decode("utf-8")
    if command[-1] == "sarif":
        uri = json.loads(written)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uri"] == "caf%E9-draft.md"
    if output == "baseline.json":  # the name comes back as the same bytes, so the baseline matches
        again = run("lint", "--baseline", str(tmp_path / output), "--no-config", "--no-table", NOT_UTF8, cwd=tmp_path)
        no_traceback(again)
        assert again.returncode == 0 and b"CQ" not in again.stdout


# ----------------------------------------------------------------------------- clean ends


@pytest.mark.parametrize(
    "command",
    [
        ["coverage"],
        ["coverage", "-f", "csv"],
        ["lint"],
        ["lint", "-f", "json"],
        ["lint", "--jobs", "2"],
        ["fix"],
    ],
)
def test_a_reader_that_stops_early_ends_checker_quietly(tmp_path, command):
    """`checker ... | head -1`: exit 0 or 141 (SIGPIPE), as Unix tools do; no traceback, no
    'Exception ignored', and never 1, which means findings."""
    drafts = [tmp_path / f"reply-{i}.txt" for i in range(12)]
    for draft in drafts:
        shutil.copy(SAMPLES / "flawed-draft.txt", draft)
    line = " ".join([sys.executable, "-m", "checker", *command, "--no-config", *map(str, drafts)])
    result = subprocess.run(
        ["bash", "-c", f'{line} | head -1; echo "status ${{PIPESTATUS[0]}}" >&2'], capture_output=True, timeout=120
    )
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.decode().splitlines() in (["status 0"], ["status 141"]), result.stderr.decode()
