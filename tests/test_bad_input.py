"""Everything a real user throws at checker: a clear line and exit 2, or findings, never a
traceback, and never a lost file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from checker.engine import check_paths
from checker.errors import DraftError
from checker.read import files
from checker.read.discovery import expand_paths
from checker.read.drafts import read_draft
from checker.toolkit import Toolkit
from checker.write.files import write_atomic
from tests.conftest import FIXTURES, ROOT

SAMPLES = ROOT / "samples" / "tip-2010"


def lint(*args: str, **run: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-table", *args],
        capture_output=True,
        text=True,
        **{"timeout": 300, **run},
    )


def one_line_exit_2(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ["the draft is empty"]),
        (b"  \n\t\n   \r\n", ["the draft is empty"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary file"]),
    ],
)
def test_unusable_files(tmp_path, content, words):
    path = tmp_path / "draft.txt"
    path.write_bytes(content)
    one_line_exit_2(lint(str(path)), str(path), *words)


def test_missing_path_and_empty_folder(tmp_path):
    one_line_exit_2(lint(str(tmp_path / "nope.txt")), "no such file")
    one_line_exit_2(lint(str(tmp_path)), "no drafts")


def test_symlink_loop(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    one_line_exit_2(lint(str(tmp_path / "a.txt")), "cannot read", "a.txt")


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "draft.txt"
    os.mkfifo(pipe)
    one_line_exit_2(
        lint(str(pipe), timeout=60),
        f"{pipe}: is not a regular file (a pipe or device); save the draft to a file and check that",
    )
    # A pipe the shell hands over already open is read as before.
    piped = lint("/dev/stdin", input=(SAMPLES / "draft.md").read_text(), timeout=60)
    assert piped.returncode == 1 and "/dev/stdin:217:1: CQ202" in piped.stdout, piped.stderr


@needs_fifo
def test_a_named_pipe_in_a_folder_is_skipped(tmp_path):
    (tmp_path / "draft.md").write_text((SAMPLES / "draft.md").read_text())
    os.mkfifo(tmp_path / "pipe.md")
    assert expand_paths([tmp_path]) == ([str(tmp_path / "draft.md")], [])
    result = lint(str(tmp_path), timeout=60)
    assert result.returncode == 1 and "draft.md:217:1: CQ202" in result.stdout
    assert "pipe.md" not in result.stdout + result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device):
    one_line_exit_2(lint(device, timeout=60), f"{device}: is not a regular file")


def test_no_read_permission(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "_read_regular", refuse)  # root reads anything; the refusal is simulated
    with pytest.raises(DraftError, match="permission denied; make the file readable"):
        read_draft(path)


def test_one_unreadable_file_among_several(tmp_path):
    result = lint(str(tmp_path / "nope.txt"), str(SAMPLES / "clean-draft.txt"), str(SAMPLES / "flawed-draft.txt"))
    assert result.returncode == 2
    assert "flawed-draft.txt:21:1: CQ301" in result.stdout  # the readable ones were still checked


@pytest.mark.parametrize(("encoding", "note"), [("cp1252", "read as cp1252"), ("latin-1", "read as latin-1")])
def test_legacy_encodings_are_read_with_a_note(tmp_path, encoding, note):
    text = (SAMPLES / "flawed-draft.txt").read_text()
    text = text.replace("Varnholm", "Várnholm") + (
        "\n“quoted” – dash\n" if encoding == "cp1252" else "\n\x81 control\n"
    )
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding, errors="strict"))
    report, errors = check_paths([path], Toolkit())
    assert not errors
    assert any(note in n for n in report.files[0].notes)
    assert {(f.code, f.line) for f in report.files[0].findings} >= {("CQ301", 21), ("CQ102", 808)}


def test_line_endings_and_tabs_keep_line_numbers(tmp_path):
    text = (SAMPLES / "flawed-draft.txt").read_text().replace("5C.  Interagency", "5C.\tInteragency")
    expected = {(f.code, f.line) for f in check_paths([SAMPLES / "flawed-draft.txt"], Toolkit())[0].files[0].findings}
    for ending in ("\r\n", "\r"):
        path = tmp_path / "endings.txt"
        path.write_bytes(text.replace("\n", ending).encode())
        got = {(f.code, f.line) for f in check_paths([path], Toolkit())[0].files[0].findings}
        assert got == expected


def test_a_single_one_megabyte_line(tmp_path):
    path = tmp_path / "long.md"
    path.write_text("## 2. Situation\n### A. Sources\n" + "Police made 12 arrests in 2009 [insert] " * 26000 + "\n")
    report, errors = check_paths([path], Toolkit())
    assert not errors
    assert all(f.line in (1, 2, 3) for f in report.files[0].findings)


def test_ten_thousand_headings(tmp_path):
    path = tmp_path / "headings.md"
    path.write_text(
        "".join(f"## {i % 40 + 1}. Block\n### A. Item\nText.\n#### Deeper\n##### Deeper still\n" for i in range(2000))
    )
    report, errors = check_paths([path], Toolkit())
    assert not errors
    lines = len(path.read_text().splitlines())
    assert all(1 <= f.line <= lines for f in report.files[0].findings)
    assert any("matched by their labels alone" in n for n in report.files[0].notes)


def test_a_fifty_megabyte_draft(tmp_path):
    """Fifty megabytes of pasted replies: it finishes, and the user is told how it was matched.
    (Its time and memory are measured by benchmarks/run.py, not asserted here.)"""
    path = tmp_path / "archive.txt"
    path.write_text((SAMPLES / "clean-draft.txt").read_text() * 1100)
    assert path.stat().st_size > 50_000_000
    result = lint("--format", "json", str(path))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert "matched by their labels alone" in result.stdout


def test_headings_nested_deeper_than_the_instructions_are_answer_text(tmp_path):
    path = tmp_path / "deep.md"
    path.write_text("## 2. Situation\n### A. Sources\nText.\n#### Sub-point\nMore.\n###### Deepest\nMost.\n")
    report, _ = check_paths([path], Toolkit())
    status = {q.question.id: q for q in report.files[0].questions}
    assert "Deepest" in status["2A"].section.body.text


def test_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "baseline.json"
    target.write_text("the old baseline")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "the new baseline")
    assert target.read_text() == "the old baseline"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("rules:\n  CQ202: {severity: error\n", "invalid YAML"),
        ("rules:\n  CQ202: error\n  CQ202: info\n", "duplicate key 'CQ202'"),
        ("fail_under: 1.10\n", "$.fail_under: 1.1 is not of type 'integer'"),
        (
            "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
            "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
            "f: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
            "too large",
        ),
    ],
)
def test_bad_project_config(tmp_path, config, expected):
    (tmp_path / ".checker.yaml").write_text(config)
    draft = tmp_path / "draft.md"
    draft.write_text((SAMPLES / "draft.md").read_text())
    result = lint(str(draft))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert expected in result.stderr and str(tmp_path / ".checker.yaml") in result.stderr


def test_yaml_one_one_booleans_in_a_question_set(tmp_path):
    text = (FIXTURES / "question_sets" / "mini-2019.yaml").read_text().replace("title: Penalties", "title: no")
    path = tmp_path / "mini-2019.yaml"
    path.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "checker", "questions", "validate", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "$.sections[0].items[1].title: False is not of type 'string'" in result.stderr


@needs_fifo
@pytest.mark.parametrize(
    "args",
    [
        ["lint", "--config", "{pipe}.yaml", "{draft}"],
        ["lint", "--config", "{pipe}.toml", "{draft}"],
        ["lint", "-Q", "{pipe}.yaml", "{draft}"],
        ["lint", "--baseline", "{pipe}.json", "{draft}"],
        ["lint", "--rules", "{rules}", "{draft}"],
        ["questions", "validate", "{pipe}.yaml"],
        ["rules", "validate", "{rules}/CQ999-pipe.yaml"],
    ],
)
def test_a_named_pipe_given_as_a_data_file_is_refused_not_waited_on(tmp_path, args):
    for suffix in (".yaml", ".toml", ".json"):
        os.mkfifo(tmp_path / f"pipe{suffix}")
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / "CQ999-pipe.yaml")
    draft = tmp_path / "draft.md"
    draft.write_text((SAMPLES / "draft.md").read_text())
    filled = [a.format(pipe=tmp_path / "pipe", rules=tmp_path / "rules", draft=draft) for a in args]
    result = subprocess.run([sys.executable, "-m", "checker", *filled], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "not a regular file (a pipe or device)" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "csv", "json"])
def test_coverage_of_drafts_none_of_which_can_be_read(tmp_path, fmt):
    result = subprocess.run(
        [sys.executable, "-m", "checker", "coverage", "-f", fmt, str(tmp_path / "gone.md")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    one_line_exit_2(result, f"{tmp_path / 'gone.md'}: no such file; check the path")
