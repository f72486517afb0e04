"""Plain-text drafts numbered as an outline are read by their numbers, at any depth, with every
line number kept; numbered lines inside answers and cables are left alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from checker.parse import parse_draft
from checker.parse.plain import as_markdown
from checker.read.drafts import DraftText
from tests.conftest import ROOT

OUTLINE = """\
Data management plan: Kelpwatch

1 Data summary

1.1 Re-use of existing data
We re-use 14 survey series held by the national archive.

1.2 Types and formats

Images (TIFF) and counts (CSV).

2 FAIR data

2.1.1 Persistent identifiers

Each dataset gets a DOI from the university repository.
"""


def test_numbered_lines_become_headings_of_their_depth_line_for_line():
    lines = OUTLINE.splitlines()
    converted = as_markdown(lines)
    assert converted is not None and len(converted) == len(lines)
    headings = {i + 1: line for i, line in enumerate(converted) if line.startswith("#")}
    assert headings == {
        3: "## 1 Data summary",
        5: "### 1.1 Re-use of existing data",
        8: "### 1.2 Types and formats",
        12: "## 2 FAIR data",
        14: "#### 2.1.1 Persistent identifiers",
    }
    assert [line for line in converted if not line.startswith("#")] == [
        line for i, line in enumerate(lines) if i + 1 not in headings
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a numbered list inside an answer: no nested numbers
        "Our steps:\n\n1 Collect\n\n2 Clean\n\n3 Publish\n",
        # figures opening sentences are not headings
        "Summary\n\n2.5 million people moved in 2009.\n\n1.2 percent were children, said the ministry.\n\n"
        "3.1 Shelters, courts and police\n",
        # numbered lines that run on from the line above are not headings
        "Answer text\n1.1 Storage\nmore text\n1.2 Backups\nmore\n2.1 Keys\n",
    ],
)
def test_text_that_is_no_outline_is_left_to_the_plain_reader(text):
    assert as_markdown(text.splitlines()) is None


def test_a_plain_text_outline_is_parsed_into_parts_at_every_depth():
    document = parse_draft(DraftText("plan.txt", OUTLINE))
    assert document.format == "markdown"
    parts = [(s.title, s.line) for s in _walk(document.outline)]
    assert ("Re-use of existing data", 5) in parts and ("Persistent identifiers", 14) in parts


def test_a_cable_is_never_read_as_an_outline():
    cable = (ROOT / "samples" / "tip-2010" / "clean-draft.txt").read_text(encoding="utf-8")
    assert parse_draft(DraftText("reply.txt", cable)).format == "cable"


def _walk(sections):
    for s in sections:
        yield s
        yield from _walk(s.children)


def _findings(path):
    done = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-config", "-f", "json", "-Q", "dmp", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    files = json.loads(done.stdout)["files"]
    return sorted((f["code"], f["line"]) for f in files[0]["findings"]), files[0]["question_set"]


@pytest.mark.parametrize("draft", ["01-good-kelp-headings.md", "06-flawed-solidion-oldnumbers.md"])
def test_the_same_draft_as_plain_text_gets_the_same_findings_as_in_markdown(tmp_path, draft):
    markdown = ROOT / "samples" / "dmp" / "drafts" / draft
    plain = tmp_path / (markdown.stem + ".txt")
    plain.write_text(re.sub(r"(?m)^#{1,6}[ \t]+", "", markdown.read_text(encoding="utf-8")), encoding="utf-8")
    assert _findings(plain) == _findings(markdown)


def test_a_part_number_standing_alone_is_a_heading_and_a_list_restarted_in_an_answer_is_not():
    lines = ["1 Data summary", "", "1.1", "Counts.", "", "1.2", "Images.", "", "1. Primary storage", "",
             "2. Backup", "", "2 FAIR data", "", "2.1", "DOIs."]  # fmt: skip
    converted = as_markdown(lines)
    assert converted is not None
    assert [line for line in converted if line.startswith("#")] == [
        "## 1 Data summary",
        "### 1.1",
        "### 1.2",
        "## 2 FAIR data",
        "### 2.1",
    ]


def test_a_whole_number_alone_is_the_next_part_but_a_page_number_is_not():
    lines = ["1 Aims", "", "1.1", "Text.", "", "1.2", "Text.", "", "2", "", "Text of part 2.", "", "7", "",
             "More text of part 2 after a page number.", "", "2.1", "Text.", "", "3", "", "Last part."]  # fmt: skip
    converted = as_markdown(lines)
    assert converted is not None
    assert [line for line in converted if line.startswith("#")] == [
        "## 1 Aims",
        "### 1.1",
        "### 1.2",
        "## 2",
        "### 2.1",
        "## 3",
    ]
    # "3" before "2.5": the outline goes back after it, so it is a page number in part 2
    paged = ["1 A", "", "1.1", "x", "", "2 B", "", "2.1", "x", "", "3", "", "x", "", "2.2", "x"]
    assert "## 3" not in (as_markdown(paged) or [])
