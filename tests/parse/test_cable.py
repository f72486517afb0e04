from __future__ import annotations

import textwrap
from datetime import date

from checker.parse import detect_format, parse_draft
from checker.read.drafts import DraftText

CABLE = textwrap.dedent("""\
    Browse by tag
    A B C D E F
    1. Home  2. About
    VZCZCXRO1726
    P 110730Z FEB 10
    FM AMEMBASSY VARNHOLM
    UNCLAS SECTION 01 OF 03 VARNHOLM 000212

    STATE FOR G/TIP, G-LAURA PENA
    TAGS: KTIP ELAB PHUM
    KMCA, SMIG
    SUBJECT: 2010 TRAFFICKING IN PERSONS REPORT FOR KESTRIA
    REF: A. 10 STATE 2094
    B. 09 VARNHOLM 55

    1.  (U) This is the reply, covering April 2009 - March 2010.

    2.  (SBU) KESTRIA'S TIP SITUATION
    ---------------------------------

    A.  Sources of Information

    Police reported 40 cases in the
    period.  The ministry reported figures from

    VARNHOLM 00000212  002 OF 003


    B.  smith and others during the year.

    5C.  Interagency Coordination

    [NOTE: The council met twice.
    A.  This line sits inside a note.
    END NOTE.]

    C & D.  Conditions and Vulnerability

    Victims worked in fishing.

    E.  In 2009 the traffickers changed their methods
    and routes across the border.

    3.  (SBU) SETTING THE SCENE
    ---------------------------
    """)


def parse(text: str = CABLE):
    return parse_draft(DraftText("cable.txt", text))


def test_format_is_read_from_content_not_suffix():
    assert detect_format(CABLE, "draft.md") == "cable"
    assert detect_format("# Title\n## 2. Laws\n### 2A. Laws\n", "draft.txt") == "markdown"


def test_web_page_clutter_is_skipped_and_header_read():
    doc = parse()
    h = doc.header
    assert h.tags == ("KTIP", "ELAB", "PHUM", "KMCA", "SMIG")
    assert h.tags_line.line == 10
    assert h.subject.text == "2010 TRAFFICKING IN PERSONS REPORT FOR KESTRIA"
    assert [(r.letter, r.text) for r in h.refs] == [("A", "10 STATE 2094"), ("B", "09 VARNHOLM 55")]
    assert h.sent == date(2010, 2, 11) and h.sent_line.line == 5
    assert h.addressees.line == 9


def test_intro_paragraph_is_preamble_not_a_block():
    doc = parse()
    assert [p.line for p in doc.preamble] == [16]
    assert [b.number for b in doc.blocks] == ["2", "3"]


def test_items_labels_titles_and_line_numbers():
    items = parse().blocks[0].children
    got = [(i.line, i.label, i.number, i.letters, i.title) for i in items]
    assert got == [
        (21, "A.", None, ("A",), "Sources of Information"),
        (31, "5C.", "5", ("C",), "Interagency Coordination"),
        (37, "C & D.", None, ("C", "D"), "Conditions and Vulnerability"),
        (41, "E.", None, ("E",), ""),
    ]


def test_page_break_in_mid_sentence_is_removed_and_does_not_start_a_heading():
    a = parse().blocks[0].children[0]
    # "B.  smith ..." follows a page break in mid-sentence: it continues 2A, it is no heading.
    assert "figures from\nB.  smith and others" in a.body.text
    assert "VARNHOLM 00000212" not in a.body.text
    assert a.body.line_at(a.body.text.index("smith")) == 29


def test_note_blocks_never_hold_headings():
    c = parse().blocks[0].children[1]
    assert "This line sits inside a note" in c.body.text


def test_untitled_item_keeps_its_first_line_as_answer():
    e = parse().blocks[0].children[3]
    assert e.title == "" and e.body.text.startswith("In 2009 the traffickers")
    assert e.body.lines[0] == 41


def test_dashed_underline_is_not_text():
    block = parse().blocks[0]
    assert block.title == "KESTRIA'S TIP SITUATION" and block.classification == "SBU"
    assert "---" not in block.body.text


def test_crlf_and_lone_cr_keep_line_numbers():
    crlf = parse(CABLE.replace("\n", "\r\n"))
    cr = parse(CABLE.replace("\n", "\r"))
    assert [i.line for i in crlf.blocks[0].children] == [21, 31, 37, 41]
    assert [i.line for i in cr.blocks[0].children] == [21, 31, 37, 41]


def test_an_answer_begun_right_under_a_title_in_capitals_is_not_taken_into_the_title():
    doc = parse_draft(
        DraftText(
            "report.txt",
            "QUARTERLY REPORT\n\n1. SUMMARY OF PROGRESS\nWe completed the survey.\n\n"
            "2.  (SBU) PROSECUTION AND\nCONVICTION DATA\n\nNo cases.\n",
        )
    )
    assert [(b.title, b.body.text) for b in doc.blocks] == [
        ("SUMMARY OF PROGRESS", "We completed the survey."),
        ("PROSECUTION AND CONVICTION DATA", "No cases."),
    ]
