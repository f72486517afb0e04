"""Word drafts (.docx): each paragraph becomes one line, headings become Markdown headings, and
automatically numbered paragraphs get their number written out ("2.", "A."), so the Markdown
parser reads them. Line numbers in findings are therefore paragraph numbers."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from checker.deadline import NO_DEADLINE, Deadline
from checker.errors import DraftError

_HEADING_STYLE = re.compile(r"^(?:Heading|Überschrift|Titre)\s*(\d)$", re.I)
_FORMATS = {"decimal": lambda n: str(n), "upperLetter": lambda n: chr(ord("A") + n - 1),
            "lowerLetter": lambda n: chr(ord("a") + n - 1), "upperRoman": lambda n: _roman(n),
            "lowerRoman": lambda n: _roman(n).lower()}


# Word drafts run to a few megabytes unzipped, images included; a file claiming more is a zip bomb
# (a 1 MB file can inflate to gigabytes, and python-docx holds every part in memory).
MAX_UNZIPPED = 200_000_000
_DEEPEST = 8  # Word's list levels are 0 to 8; a paragraph claiming another is read unnumbered
_READ_CHUNK = 1 << 20


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def is_docx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and b"word/" in data[:4096]


def docx_lines(data: bytes, where: str, deadline: Deadline = NO_DEADLINE) -> list[str]:
    try:
        import docx  # python-docx: imported only for Word drafts; it pulls in lxml
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - a dependency, but say so plainly if it was removed
        raise DraftError(f"{where}: reading Word drafts needs python-docx; pip install python-docx") from None
    try:
        _check_size(data, where)
        return _lines(docx.Document(io.BytesIO(data)), qn)
    except DraftError:
        raise
    except Exception as exc:  # python-docx and zipfile raise many kinds of error, some only when a part is read
        raise DraftError(f"{where}: not a readable Word document ({exc.__class__.__name__}); "
                         "open and save it again in Word, or export it as plain text") from None


def _lines(document: Any, qn: Any) -> list[str]:
    formats = _numbering_formats(document, qn)
    counters: dict[str, dict[int, int]] = {}  # list id -> level -> paragraphs so far
    state = {"depth": 1}  # depth of the last heading, for headings Word numbered itself
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append(_paragraph(element, document, formats, counters, state, qn))
        elif element.tag == qn("w:tbl"):
            for row in element.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))).strip() for cell in row.iter(qn("w:tc"))]
                lines.append(" | ".join(cells))
    return lines


def _check_size(data: bytes, where: str) -> None:
    """Refuse a package that unzips to more than MAX_UNZIPPED, before python-docx unzips it all
    into memory. The sizes in the zip's directory can lie, so the parts are also inflated here in
    chunks that are counted and dropped: the limit holds whatever zipfile does with a lying size."""
    too_big = DraftError(f"{where}: unzips to more than {MAX_UNZIPPED // 1_000_000} MB, too large for a draft; "
                         "save it again in Word without embedded media, or export it as plain text")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
        if sum(part.file_size for part in parts) > MAX_UNZIPPED:
            raise too_big
        total = 0
        for part in parts:
            with package.open(part) as stream:
                while chunk := stream.read(_READ_CHUNK):
                    total += len(chunk)
                    if total > MAX_UNZIPPED:
                        raise too_big


def _paragraph(p: Any, document: Any, formats: dict[tuple[str, int], str],
               counters: dict[str, dict[int, int]], state: dict[str, int], qn: Any) -> str:
    text = "".join(t.text or "" for t in p.iter(qn("w:t"))).strip()
    style_id = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else None
    style_obj = document.styles.get_by_id(style_id, 1) if style_id else None  # 1: WD_STYLE_TYPE.PARAGRAPH
    style = style_obj.name if style_obj is not None else ""
    heading = _HEADING_STYLE.match(style or "")
    label = ""
    num = p.pPr.numPr if p.pPr is not None else None
    if num is None and style_obj is not None and style_obj.element.pPr is not None:
        num = style_obj.element.pPr.numPr  # numbering that comes with the style ("List Number")
    # Numbering Word never writes (a level or list id of "abc") counts as none: the paragraph is
    # still read, just unnumbered. A level missing or without a value is level 0, as in Word.
    num_id = _attribute(num.numId, qn) if num is not None else None
    level = _number(_attribute(num.ilvl, qn) or "0") if num is not None else None
    if _number(num_id) is not None and level is not None and level <= _DEEPEST and text:
        # Counted per list: a document with thousands of lists made every numbered paragraph
        # walk all of their counters.
        levels = counters.setdefault(num_id, {})
        levels[level] = levels.get(level, 0) + 1
        for deeper in [d for d in levels if d > level]:
            del levels[deeper]
        fmt = formats.get((num_id, level), "decimal")
        if fmt in _FORMATS:
            label = _FORMATS[fmt](levels[level]) + "."
    # The document title takes "#", so Word's Heading 1 is "##": blocks and items sit below it.
    if heading:
        state["depth"] = int(heading[1]) + 1
        return "#" * state["depth"] + " " + " ".join(x for x in (label, text) if x)
    if style == "Title" and text:
        return "# " + text
    if label and len(text) <= 100 and not text.endswith("."):
        # A short numbered paragraph is a heading numbered by Word: one level below the last heading.
        # Its number is kept where it can be a label (a block number at the top, a letter below);
        # "1., 2." under a block are the drafter's own list, and the title alone is matched.
        depth = min(6, state["depth"] + 1)
        keep = label[0].isalpha() or depth <= 2
        return "#" * depth + " " + (f"{label} {text}" if keep else text)
    return f"{label} {text}".strip()


def _numbering_formats(document: Any, qn: Any) -> dict[tuple[str, int], str]:
    """(numId, level) -> number format ("decimal", "upperLetter", ...) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for a in numbering.iter(qn("w:abstractNum")):
        levels = {}
        for lvl in a.iter(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            level = _number(lvl.get(qn("w:ilvl")))
            if level is not None:
                levels[level] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[a.get(qn("w:abstractNumId"))] = levels
    out = {}
    for num in numbering.iter(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        for level, fmt in abstract.get(ref.get(qn("w:val")) if ref is not None else "", {}).items():
            out[(num.get(qn("w:numId")), level)] = fmt
    return out


def _attribute(element: Any, qn: Any) -> str | None:
    """The w:val of `element`, read raw: python-docx's typed properties raise on odd values."""
    return element.get(qn("w:val")) if element is not None else None


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdecimal() else None
