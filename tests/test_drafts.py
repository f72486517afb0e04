from __future__ import annotations

import pytest

from checker.drafts import read_draft, split_lines
from checker.errors import DraftError


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


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p, "no such file"),
    (lambda p: (p.mkdir(), p)[1], "is a directory"),
    (lambda p: (p.write_bytes(b"PK\x03\x04\x00\x00binary"), p)[1], "binary file"),
])
def test_unreadable_drafts_give_one_clear_line(tmp_path, make, message):
    path = make(tmp_path / "draft")
    with pytest.raises(DraftError) as err:
        read_draft(path)
    assert message in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_every_line_ending_counts():
    assert split_lines("a\r\nb\rc\nd") == ("a", "b", "c", "d")
    assert split_lines("a\x0cb\n") == ("a\x0cb",)  # a form feed is not a line break for an editor
