from __future__ import annotations

import textwrap

from checker.parse import parse_draft
from checker.read.drafts import DraftText


def parse(text: str):
    return parse_draft(DraftText("draft.md", textwrap.dedent(text)))


def test_label_styles():
    doc = parse("""\
        # 2010 report
        TAGS: KTIP ELAB KMCA

        Intro paragraph.

        ## 2. Situation
        ### 2A. Sources
        Text.
        ### B. Patterns
        Text.
        ## 3. Scene
        ### 3.A Acknowledgement
        Text.
        ### C & D. Merged
        Text.
        #### A sub-heading inside the answer
        More text.
        """)
    assert doc.format == "markdown"
    assert doc.header.tags == ("KTIP", "ELAB", "KMCA")
    assert [p.body.text for p in doc.preamble] == ["Intro paragraph."]
    items = [(i.line, i.number, i.letters, i.title, i.block_number) for b in doc.blocks for i in b.children]
    assert items == [
        (7, "2", ("A",), "Sources", "2"),
        (9, None, ("B",), "Patterns", "2"),
        (12, "3", ("A",), "Acknowledgement", "3"),
        (14, None, ("C", "D"), "Merged", "3"),
    ]
    assert "#### A sub-heading inside the answer" in doc.blocks[1].children[1].body.text


def test_headings_with_titles_only():
    doc = parse("""\
        # Report
        ## Situation
        ### Sources of information
        Text.
        ### Patterns of trafficking
        Text.
        ## Prevention
        ### Public awareness
        Text.
        """)
    assert [b.title for b in doc.blocks] == ["Situation", "Prevention"]
    assert [[i.title for i in b.children] for b in doc.blocks] == [
        ["Sources of information", "Patterns of trafficking"],
        ["Public awareness"],
    ]


def test_code_fences_and_comments_hold_no_headings():
    doc = parse("""\
        ## 2. Situation
        ### 2A. Sources
        ```
        ### 2B. not a heading
        ```
        <!--
        ### 2C. nor this
        -->
        """)
    assert [i.label for b in doc.blocks for i in b.children] == ["2A."]


def test_a_contents_list_under_its_heading_is_no_answer_even_naming_a_part_the_draft_lacks():
    doc = parse("""\
        # Quarterly report

        ## Contents
        - 1. Summary
        - 2. Milestones
        - 3. Risks
        - 4. Budget

        ## 1. Summary
        Text.
        ## 2. Milestones
        Text.
        ## 3. Risks
        Text, and the budget with it.
        """)
    assert set(range(3, 7)) <= set(doc.contents) and 2 in doc.contents


def test_a_questionnaire_answered_line_by_line_in_one_paragraph_opens_a_part_on_each_line():
    doc = parse("""\
        # Vendor risk questionnaire

        Retention: 30 days, then deleted.
        Location: EU region datacenter.
        Security contact: the CISO. See also: the annex.
        """)
    (title,) = doc.outline
    assert [(s.form, s.line, s.title) for s in title.children] == [
        ("line", 3, "Retention"),
        ("line", 4, "Location"),
        ("line", 5, "Security contact"),
    ]
