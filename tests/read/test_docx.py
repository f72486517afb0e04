"""Word drafts, built here with python-docx: headings and numbered paragraphs become sections,
and findings point at paragraph numbers."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

docx = pytest.importorskip("docx")

from checker.deadline import Deadline, OutOfTime  # noqa: E402
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


# Word files built part by part with zipfile, for sizes python-docx takes minutes to make.
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DECIMAL_LIST = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
    '<w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)
NUMBERED = (
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    "<w:r><w:t>Numbered item</w:t></w:r></w:p>"
)
PLAIN = "<w:p><w:r><w:t>A paragraph.</w:t></w:r></w:p>"
TWO_ROWS = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"


def word_file(path, body, numbering=None, prolog=""):
    """A .docx of the body XML strings in `body`, written to word/document.xml as they come."""

    def rels(*targets):
        return (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{RELATIONS}{kind}" Target="{target}"/>'
                for i, (kind, target) in enumerate(targets)
            )
            + "</Relationships>"
        )

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("_rels/.rels", rels(("officeDocument", "word/document.xml")))
        package.writestr("word/_rels/document.xml.rels", rels(*[("numbering", "numbering.xml")] * bool(numbering)))
        if numbering:
            package.writestr("word/numbering.xml", numbering)
        with package.open("word/document.xml", "w") as part:
            part.write(f'{prolog}<w:document xmlns:w="{W}"><w:body>'.encode())
            batch = []
            for xml in body:
                batch.append(xml)
                if len(batch) == 10_000:
                    part.write("".join(batch).encode())
                    batch = []
            part.write(("".join(batch) + "</w:body></w:document>").encode())
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")
def test_400000_numbered_paragraphs_are_read_in_little_memory_or_stopped_by_the_deadline(tmp_path):
    # python-docx built the whole tree of this file: 25 s and 820 MB. Now a stream: some seconds.
    path = word_file(tmp_path / "long.docx", (NUMBERED for _ in range(400_000)), numbering=DECIMAL_LIST)
    assert path.stat().st_size < 300_000
    with pytest.raises(OutOfTime):
        read_draft(path, Deadline.after(0.5))
    peak = (
        "import resource, sys\n"
        "from checker.read.drafts import read_draft\n"
        "lines = read_draft(sys.argv[1]).text.splitlines()\n"
        "kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss"
        " // (1024 if sys.platform == 'darwin' else 1)\n"
        "print(len(lines), lines[0], lines[-1], kilobytes // 1024, sep='|')"
    )
    result = subprocess.run(
        [sys.executable, "-c", peak, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    count, first, last, megabytes = result.stdout.strip().split("|")
    assert (int(count), first, last) == (400_000, "1. Numbered item", "400000. Numbered item")
    assert int(megabytes) < 300


def entities(count):
    """A DTD of entities each ten of the one before: &e{count}; is 10**count copies of "lol"."""
    return (
        "<!DOCTYPE w:document ["
        + '<!ENTITY e0 "lol">'
        + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, count + 1))
        + "]>"
    )


@pytest.mark.parametrize(
    "prolog, text",
    [
        (entities(9), "&e9;"),  # a billion laughs: 3 GB of text from 1 KB
        ('<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', "&secret;"),
        ("<!DOCTYPE w:document>", "No entity used, but Word never writes a DTD"),
    ],
)
def test_a_dtd_or_entity_bomb_in_a_word_file_is_refused_in_one_line(tmp_path, prolog, text):
    path = word_file(tmp_path / "bomb.docx", [f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"], prolog=prolog)
    with pytest.raises(DraftError) as error:
        read_draft(path)
    assert str(error.value) == (
        f"{path}: its XML declares a DTD or entities, which Word never writes (the way in for entity-expansion "
        "and external-entity attacks), so it is not read; open and save it again in Word, or export it as plain text"
    )


def test_a_dtd_in_the_styles_part_is_refused_too(tmp_path):
    bomb = rezip(
        numbered_docx(tmp_path),
        tmp_path / "styles-bomb.docx",
        word_styles_xml=("<w:styles ", entities(5).replace("w:document", "w:styles") + "<w:styles "),
    )
    with pytest.raises(DraftError, match="styles-bomb.docx: its XML declares a DTD or entities"):
        read_draft(bomb)


def test_more_paragraphs_and_rows_than_the_cap_are_refused(tmp_path, monkeypatch):
    from checker.read import docx as word

    monkeypatch.setattr(word, "MAX_LINES", 10)
    assert read_draft(word_file(tmp_path / "ten.docx", [PLAIN] * 8 + [TWO_ROWS])).text.count("\n") == 10
    for body in ([PLAIN] * 11, [PLAIN] * 9 + [TWO_ROWS]):
        path = word_file(tmp_path / "eleven.docx", body)
        with pytest.raises(DraftError) as error:
            read_draft(path)
        assert str(error.value) == (
            f"{path}: has more than 10 paragraphs and table rows, too many for a draft; "
            "split it into smaller documents, or export it as plain text"
        )


def test_more_styles_and_lists_than_the_cap_are_refused(tmp_path, monkeypatch):
    from checker.read import docx as word

    monkeypatch.setattr(word, "MAX_DEFINITIONS", 50)  # python-docx's template has 164 styles
    with pytest.raises(DraftError, match=r"numbered.docx: defines more than 50 styles and lists, far more than Word"):
        read_draft(numbered_docx(tmp_path))


def test_elements_nested_deeper_than_python_docx_read_are_refused(tmp_path):
    def nested(depth):  # document, body, p, then smart tags, a run and its text
        tags = depth - 5
        return [f"<w:p>{'<w:smartTag>' * tags}<w:r><w:t>deep</w:t></w:r>{'</w:smartTag>' * tags}</w:p>"]

    assert read_draft(word_file(tmp_path / "256.docx", nested(256))).text == "deep\n"
    with pytest.raises(DraftError, match="257.docx: not a readable Word document"):
        read_draft(word_file(tmp_path / "257.docx", nested(257)))


def test_word_drafts_are_read_without_python_docx_or_lxml(tmp_path):
    path = markdown_to_docx(MARKDOWN, tmp_path / "draft.docx")
    script = (
        "import sys\n"
        "sys.modules['docx'] = sys.modules['lxml'] = None  # importing either now fails\n"
        "from checker.read.drafts import read_draft\n"
        "sys.stdout.write(read_draft(sys.argv[1]).text)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == read_draft(path).text


def test_styles_numbering_and_tables_as_the_python_docx_reader_had_them(tmp_path):
    # Lines the python-docx reader gave for this document, kept now that it is gone.
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Report", style="Title")
    for name in ("Überschrift 1", "Titre 2"):
        document.add_paragraph(name, style=document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:numFmt w:val="{f}"/></w:lvl>'
        for i, f in enumerate(["upperLetter", "lowerRoman", "bullet"])
    )
    numbering.append(parse_xml(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in [(0, "First"), (1, "Sub"), (1, "Sub again."), (2, "Bullet"), (0, "Second"), (1, "Reset")]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )
    paragraph = document.add_paragraph()
    for piece in ("Spl", "it mid-", "word ", "日本"):
        paragraph.add_run(piece)
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 1).text = "Year", "40"
    inner = table.cell(1, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "in", "ner"
    document.add_paragraph("Heading-numbered", style="List Number")
    document.save(tmp_path / "styled.docx")
    assert read_draft(tmp_path / "styled.docx").text.splitlines() == [
        "# Report",
        "## Überschrift 1",
        "### Titre 2",
        "#### A. First",
        "#### i. Sub",
        "ii. Sub again.",
        "Bullet",
        "#### B. Second",
        "#### i. Reset",
        "Split mid-word 日本",
        "",
        "Year | ",
        "inner | in | ner | 40",
        "in | ner",
        "#### Heading-numbered",
    ]


MULTILEVEL = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def _numbered(level: int, text: str) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def _plain(text: str) -> str:
    return f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"


def test_multilevel_numbering_is_shown_as_word_shows_it(tmp_path):
    # Word's heading numbering "%1.%2": the second level reads "1.2", not its own counter "2".
    body = [_numbered(0, "Aims"), _numbered(1, "Scope"), _numbered(1, "Method"), _numbered(0, "Results"),
            _numbered(1, "Data")]  # fmt: skip
    lines = read_draft(word_file(tmp_path / "multi.docx", body, numbering=MULTILEVEL)).text.splitlines()
    assert lines == ["1. Aims", "1.1 Scope", "1.2 Method", "2. Results", "2.1 Data"]


def test_typed_numbers_in_plain_paragraphs_are_the_outline_and_a_word_list_stays_a_list(tmp_path):
    body = [_plain("Annual report"), _plain("1 Aims"), _plain("1.1 Scope"), PLAIN, _plain("1.2 Method"),
            _numbered(0, "first step"), _numbered(0, "second step"), _numbered(0, "third step"),
            _plain("2 Results"), _plain("2.1 Data"), PLAIN]  # fmt: skip
    document = parse_draft(read_draft(word_file(tmp_path / "typed.docx", body, numbering=DECIMAL_LIST)))
    parts = [(s.title, s.line, [c.title for c in s.children]) for s in document.outline]
    assert parts == [("Aims", 2, ["Scope", "Method"]), ("Results", 9, ["Data"])]
    method = document.outline[0].children[1]
    assert "2. second step" in method.body.text
