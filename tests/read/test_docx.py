"""Word drafts, built here with python-docx: headings and numbered paragraphs become sections,
and findings point at paragraph numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

docx = pytest.importorskip("docx")

from checker.engine import check_paths  # noqa: E402
from checker.errors import DraftError  # noqa: E402
from checker.parse import parse_draft  # noqa: E402
from checker.read.drafts import read_draft  # noqa: E402
from checker.toolkit import Toolkit  # noqa: E402
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
    from_word = check_paths([word], Toolkit())[0].files[0]
    from_markdown = check_paths([MARKDOWN], Toolkit())[0].files[0]
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


def rezip(source, out, **replacements):
    """A copy of the Word file `source` with some parts' text replaced: {part: (old, new)}."""
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            name = info.filename.replace("/", "_").replace(".", "_")
            if name in replacements:
                before, after = replacements[name]
                assert before.encode() in data
                data = data.replace(before.encode(), after.encode())
            new.writestr(info.filename, data)
    return out


def numbered_docx(tmp_path):
    document = docx.Document()
    document.add_heading("2. The country's situation", level=1)
    document.add_paragraph("Sources of information", style="List Number")
    document.add_paragraph("Police and IOM reported 40 cases in 2009.")
    document.save(tmp_path / "numbered.docx")
    return tmp_path / "numbered.docx"


STYLED = '<w:pStyle w:val="ListNumber"/>'


@pytest.mark.parametrize(
    "part, before, after",
    [
        ("word_document_xml", STYLED, '<w:numPr><w:ilvl w:val="abc"/><w:numId w:val="5"/></w:numPr>'),
        ("word_document_xml", STYLED, '<w:numPr><w:ilvl/><w:numId w:val="5"/></w:numPr>'),
        ("word_document_xml", STYLED, '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="abc"/></w:numPr>'),
        ("word_numbering_xml", 'w:ilvl="0"', ""),
        ("word_numbering_xml", 'w:ilvl="0"', 'w:ilvl="abc"'),
    ],
)
def test_damaged_numbering_still_reads_the_paragraph(tmp_path, part, before, after):
    damaged = rezip(numbered_docx(tmp_path), tmp_path / "damaged.docx", **{part: (before, after)})
    draft = read_draft(damaged)
    assert "Sources of information" in draft.text
    assert "Police and IOM reported 40 cases in 2009." in draft.text


def test_a_list_level_word_never_writes_reads_the_paragraph_unnumbered(tmp_path):
    # Word's levels are 0 to 8; thousands of made-up levels also made each paragraph slow to read.
    odd = rezip(
        numbered_docx(tmp_path),
        tmp_path / "odd.docx",
        word_document_xml=(STYLED, '<w:numPr><w:ilvl w:val="400000"/><w:numId w:val="1"/></w:numPr>'),
    )
    line = next(x for x in read_draft(odd).text.splitlines() if "Sources of information" in x)
    assert line == "Sources of information"


def test_malformed_word_xml_is_a_clear_error_not_a_traceback(tmp_path):
    damaged = rezip(numbered_docx(tmp_path), tmp_path / "damaged.docx", word_document_xml=(STYLED, "<w:pStyle/>"))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-table", str(damaged)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"{damaged}: not a readable Word document (InvalidXmlError); "
        "open and save it again in Word, or export it as plain text"
    )


def test_a_word_file_that_unzips_to_too_much_is_refused(tmp_path, monkeypatch):
    from checker.read import docx as word

    padded = rezip(
        numbered_docx(tmp_path), tmp_path / "padded.docx", word_document_xml=("<w:body>", "<w:body>" + " " * 3_000_000)
    )
    assert padded.stat().st_size < 100_000
    monkeypatch.setattr(word, "MAX_UNZIPPED", 1_000_000)
    with pytest.raises(DraftError, match=r"padded.docx: unzips to more than 1 MB, too large for a draft; save it"):
        read_draft(padded)
    # Sizes in the zip's directory that understate the part are not believed.
    data = bytearray(padded.read_bytes())
    entry = next(
        i
        for i in range(len(data))
        if data.startswith(b"PK\x01\x02", i) and data[i + 46 : i + 46 + 17] == b"word/document.xml"
    )
    data[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
    lying = tmp_path / "lying.docx"
    lying.write_bytes(bytes(data))
    with pytest.raises(DraftError, match="lying.docx: "):
        read_draft(lying)
