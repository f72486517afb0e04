"""Each escaping rule, on its own: what a hostile draft, file name or data file can put in front
of a terminal, a Markdown renderer, a spreadsheet, a browser or a CI tool."""

from __future__ import annotations

import json
import os
import re

import pytest

from checker.report import escape


@pytest.mark.parametrize(
    "text",
    [
        "\x1b[2J\x1b[H",  # clear the screen
        "\x1b]0;title\x07",  # set the window title
        "\x9b2J",  # a one-character CSI
        "a\rb",  # rewrite the line
        "a\nb",  # a second, made-up line
        "\x08\x7f",
        "\u202eevil",  # right-to-left override
        "\u2066x\u2069",
        os.fsdecode(b"caf\xe9"),  # a file name byte that is not UTF-8
    ],
)
def test_terminal_text_holds_no_control_character(text):
    shown = escape.terminal(text)
    assert all(c == "\t" or (c.isprintable() and c not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2069") for c in shown)
    shown.encode("utf-8")  # no lone surrogate left


def test_terminal_keeps_ordinary_text_and_tabs_as_they_are():
    text = "Café — 2010 TIP report\t§ 4(b) «quoted» 日本"
    assert escape.terminal(text) == text


def test_terminal_block_keeps_line_ends_only():
    assert escape.terminal_block("a\x1b[2J\r\nb\n\x1bc") == "a\ufffd[2J\r\nb\n\ufffdc"


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("a<!--.md", "a&lt;!--.md"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("![t](https://tracker.example/p.png)", "!\\[t\\](https://tracker.example/p.png)"),
        ("a|b", "a\\|b"),
        ("`code", "\\`code"),
        ("line\nbreak\r\nhere", "line break here"),
        ("back\\slash", "back\\\\slash"),
        # An entity would show as another name: a&lt;b.md and a<b.md must not look the same.
        ("a&lt;b.md", "a&amp;lt;b.md"),
        ("a&#60;b.md", "a&amp;#60;b.md"),
        ("**urgent** _x_ ~~old~~.md", "\\*\\*urgent\\*\\* \\_x\\_ \\~\\~old\\~\\~.md"),
    ],
)
def test_markdown_text_is_shown_not_interpreted(text, rendered):
    assert escape.markdown(text) == rendered


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(start):
    assert escape.csv_cell(f'{start}HYPERLINK("http://x")') == f'\'{start}HYPERLINK("http://x")'


def test_csv_cells_hold_no_line_break_and_stay_text():
    # A carriage return that would start a formula is still refused, and made a space like any line break.
    assert escape.csv_cell('\rHYPERLINK("http://x")') == '\' HYPERLINK("http://x")'
    assert escape.csv_cell("a\r\nb\nc\u2028d\x0be") == "a b c d e"


def test_csv_keeps_other_cells_and_numbers():
    assert [escape.csv_cell(v) for v in ("drafts/a.txt", 12, "", "2A")] == ["drafts/a.txt", 12, "", "2A"]


def test_html_escapes_markup_and_characters_xml_cannot_hold():
    assert escape.html('"><script>x</script>\x0b' + os.fsdecode(b"\xff")) == (
        "&quot;&gt;&lt;script&gt;x&lt;/script&gt;\ufffd\ufffd"
    )


def test_json_holds_any_file_name_and_gives_it_back():
    name = os.fsdecode(b"drafts/caf\xe9.txt")
    text = escape.json_text({"path": name})
    text.encode("utf-8")
    assert os.fsencode(json.loads(text)["path"]) == b"drafts/caf\xe9.txt"


def test_uri_percent_encodes_the_bytes_of_any_file_name():
    assert escape.uri_path(os.fsdecode(b"d/caf\xe9 #1.txt")) == "d/caf%E9%20%231.txt"
    assert escape.uri_path("d/été.txt") == "d/%C3%A9t%C3%A9.txt"


def test_github_commands_cannot_be_ended_or_forged():
    assert escape.github_data("x\n::error::forged\x1b[31m") == "x%0A::error::forged\ufffd[31m"
    assert escape.github_property("a,b:c") == "a%2Cb%3Ac"


def test_a_diff_header_names_any_file_on_one_inert_line_as_git_does():
    assert escape.patch_name("a/drafts/reply 2010.txt") == "a/drafts/reply 2010.txt"
    assert escape.patch_name('a/x\n\x1b[2J"q".txt') == '"a/x\\n\\033[2J\\"q\\".txt"'
    assert escape.patch_name("a/" + os.fsdecode(b"caf\xe9.txt")) == '"a/caf\\351.txt"'


def test_the_diff_of_a_strangely_named_draft_still_applies(tmp_path):
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT

    name = 'x\n\x1b[31mred "q".txt'
    shutil.copy(ROOT / "samples" / "tip-2010" / "flawed-draft.txt", tmp_path / name)
    diff = subprocess.run(
        [sys.executable, "-m", "checker", "fix", "--no-config", name], cwd=tmp_path, capture_output=True, check=False
    ).stdout
    assert b"\x1b" not in diff.split(b"@@")[0]  # the header holds no escape sequence
    if shutil.which("git"):
        applied = subprocess.run(["git", "apply", "--check", "-"], input=diff, cwd=tmp_path, capture_output=True)
        assert applied.returncode == 0, applied.stderr


def test_csv_cells_hold_no_escape_sequence_for_a_terminal():
    # `checker coverage -f csv drafts/` on a terminal: a file name or an answer with an escape
    # sequence in it must not clear the screen; a tab is CSV's own, a line break becomes a space.
    cell = "a\x1b[2J\x1b]0;t\x07b\u202ec\x9bd\ud8ff\te\nf"
    assert escape.csv_cell(cell) == "a\ufffd[2J\ufffd]0;t\ufffdb\ufffdc\ufffdd\ufffd\te f"
    assert escape.csv_cell("\x1b=cmd") == "\ufffd=cmd"


def test_csv_names_stay_apart_and_inert():
    # bad\xff.txt and bad\xfe.txt both came out as bad\ufffd.txt, nl\nline.txt as "nl line.txt":
    # two drafts' rows under one name, in a file keyed by name and question.
    names = ["bad\udcff.txt", "bad\udcfe.txt", "nl\nline.txt", "nl line.txt", "esc\x1b[2J.txt", "x\u2028y.txt"]
    shown = [escape.csv_name(n) for n in names]
    assert shown == [
        "bad\\xff.txt",
        "bad\\xfe.txt",
        "nl\\x0aline.txt",
        "nl line.txt",
        "esc\\x1b[2J.txt",
        "x\\u2028y.txt",
    ]
    assert len(set(shown)) == len(names)
    assert all(c.isprintable() for n in shown for c in n)
    assert escape.csv_name("=cmd.txt") == "'=cmd.txt" and escape.csv_name("drafts/a.txt") == "drafts/a.txt"


def test_html_shows_no_bidirectional_control():
    # A draft named post-1<U+202E>txt.cod showed on the coverage page as post-1doc.txt, on the
    # terminal and in CSV as post-1\ufffdtxt.cod.
    name = "post-1\u202etxt.cod \u2066x\u2069"
    assert escape.html(name) == "post-1\ufffdtxt.cod \ufffdx\ufffd"
    embedded = escape.script_json({"path": name})
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", embedded)
    assert json.loads(embedded)["path"] == "post-1\ufffdtxt.cod \ufffdx\ufffd"
