from __future__ import annotations

import subprocess
import sys

import pytest

from checker.errors import DraftError
from checker.read.drafts import read_draft, split_lines
from tests.conftest import ROOT


def test_cp1252_text_is_read_with_a_note(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes("line one\nthe minister\x92s office \x96 2009\n".encode("latin-1"))
    draft = read_draft(path)
    assert "minister’s office – 2009" in draft.text
    assert draft.notes == ("not valid UTF-8 (first bad byte on line 2); read as cp1252",)


def test_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "d.md"
    path.write_bytes("\ufeff## 2. Laws\n".encode())
    assert read_draft(path).text == "## 2. Laws\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_unicode_from_notepad_is_read_with_a_note(tmp_path, encoding):
    path = tmp_path / "d.txt"
    path.write_bytes("\ufeff## 2. Laws\r\nthe minister’s office\r\n".encode(encoding))
    draft = read_draft(path)
    assert draft.text == "## 2. Laws\r\nthe minister’s office\r\n"
    assert draft.notes == (f"{encoding[:6].upper()} with a byte-order mark, not UTF-8; read as {encoding}",)


def test_fix_writes_utf16_back_as_utf16(tmp_path):
    flawed = (ROOT / "samples" / "tip-2010" / "flawed-draft.txt").read_text()
    plain, wide = tmp_path / "plain.txt", tmp_path / "wide.txt"
    plain.write_text(flawed)
    wide.write_bytes("\ufeff".encode("utf-16-le") + flawed.encode("utf-16-le"))
    for path in (plain, wide):
        result = subprocess.run(
            [sys.executable, "-m", "checker", "fix", "--write", str(path)], capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 1, result.stderr  # written; errors fix cannot repair remain
    assert plain.read_text() != flawed  # there was something to fix
    assert wide.read_bytes() == b"\xff\xfe" + plain.read_text().encode("utf-16-le")


def test_utf16_that_is_not_is_a_clear_error(tmp_path):
    path = tmp_path / "d.txt"
    path.write_bytes(b"\xff\xfe" + "## 2. Laws\n".encode("utf-16-le") + b"\x00\xd8")  # half a surrogate pair
    with pytest.raises(DraftError, match=r"d.txt: marked as UTF-16 but not valid UTF-16 \(byte 24\); save it again"):
        read_draft(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.mkdir(), p)[1], "is a directory"),
        (lambda p: (p.write_bytes(b"PK\x03\x04\x00\x00binary"), p)[1], "binary file"),
    ],
)
def test_unreadable_drafts_give_one_clear_line(tmp_path, make, message):
    path = make(tmp_path / "draft")
    with pytest.raises(DraftError) as err:
        read_draft(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_every_line_ending_counts():
    assert split_lines("a\r\nb\rc\nd") == ("a", "b", "c", "d")
    assert split_lines("a\x0cb\n") == ("a\x0cb",)  # a form feed is not a line break for an editor
