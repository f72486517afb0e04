"""Word drafts, built here with python-docx: headings and numbered paragraphs become sections,
and findings point at paragraph numbers."""

from __future__ import annotations

import re

import pytest

docx = pytest.importorskip("docx")

from checker.drafts import read_draft  # noqa: E402
from checker.engine import check_paths  # noqa: E402
from checker.errors import DraftError  # noqa: E402
from checker.parsers import parse_draft  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

MARKDOWN = ROOT / "samples" / "tip-2010" / "draft.md"


def markdown_to_docx(path, out):
    """The Markdown sample as a Word user would have it: real heading styles, one paragraph each."""
    document = docx.Document()
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            document.add_heading(m[2], level=len(m[1]))
        else:
            document.add_paragraph(line)
    document.save(out)
    return out


def test_word_draft_gives_the_same_findings_as_its_markdown(tmp_path):
    word = markdown_to_docx(MARKDOWN, tmp_path / "draft.docx")
    from_word = check_paths([word])[0].files[0]
    from_markdown = check_paths([MARKDOWN])[0].files[0]
    assert [(f.code, f.question) for f in from_word.findings] == [(f.code, f.question) for f in from_markdown.findings]
    assert "Word document: line numbers are paragraph numbers" in from_word.notes
    # Each location is the paragraph a Word user finds the problem in.
    paragraphs = [p.text for p in docx.Document(word).paragraphs]
    placeholder = next(f for f in from_word.findings if f.question == "4H")
    assert "[insert treaty list]" in paragraphs[placeholder.line - 1]


def test_numbered_paragraphs_become_labelled_sections(tmp_path):
    document = docx.Document()
    document.add_paragraph("2010 Trafficking in Persons report", style="Title")
    document.add_paragraph("TAGS: KTIP ELAB KMCA")
    document.add_heading("2. The country's situation", level=1)
    document.add_paragraph("Sources of information", style="List Number")
    document.add_paragraph("Police and IOM reported 40 cases in 2009.")
    document.add_paragraph("Patterns of trafficking", style="List Number")
    document.add_paragraph("Victims went to the fishing fleet; TBD.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Cases"
    table.cell(1, 0).text, table.cell(1, 1).text = "2009", "40"
    path = tmp_path / "numbered.docx"
    document.save(path)
    parsed = parse_draft(read_draft(path))
    assert parsed.header.tags == ("KTIP", "ELAB", "KMCA")
    items = [(i.label, i.title, i.line) for b in parsed.blocks for i in b.children]
    assert items == [("", "Sources of information", 4), ("", "Patterns of trafficking", 6)]
    assert "2009 | 40" in parsed.blocks[0].children[-1].body.text


def test_damaged_word_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04word/" + b"\x00" * 100)
    with pytest.raises(DraftError, match="not a readable Word document"):
        read_draft(path)
