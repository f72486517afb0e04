"""Word drafts (.docx): each paragraph becomes one line, headings become Markdown headings, and
automatically numbered paragraphs get their number written out ("2.", "A."), so the Markdown
parser reads them. Line numbers in findings are therefore paragraph numbers.

Read as a stream: zipfile inflates word/document.xml a chunk at a time and defusedxml's expat
parser hands each tag to _Document below, which keeps only the paragraph or table row it is in.
No element tree is built (python-docx built one: 400,000 short numbered paragraphs took 25 to 45 s
and up to 820 MB; now 4 to 6 s and 55 MB), so memory is the lines made so far, and the deadline is
asked after every chunk. The styles and
numbering parts are read the same way. What is read is what the python-docx reader read: the
body's own paragraphs and tables (not those inside content controls), the first w:pPr, w:pStyle
and w:numPr of a paragraph, and all the w:t text below a paragraph or a table cell."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import Any

from checker.deadline import NO_DEADLINE, Deadline, OutOfTime
from checker.errors import DraftError

_HEADING_STYLE = re.compile(r"^(?:Heading|Überschrift|Titre)\s*(\d)$", re.IGNORECASE)
_FORMATS = {
    "decimal": lambda n: str(n),
    "upperLetter": lambda n: chr(ord("A") + n - 1),
    "lowerLetter": lambda n: chr(ord("a") + n - 1),
    "upperRoman": lambda n: _roman(n),
    "lowerRoman": lambda n: _roman(n).lower(),
}


# Word drafts run to a few megabytes unzipped, images included; a file claiming more is a zip bomb
# (a 1 MB file can inflate to gigabytes).
MAX_UNZIPPED = 200_000_000
# Paragraphs and table rows: a long report has some thousands. The lines are kept in memory, so
# this bounds it even when no deadline does (a 200 KB file can hold 400,000 paragraphs).
MAX_LINES = 1_000_000
# Styles and lists (w:style, w:abstractNum, w:num) in styles.xml and numbering.xml: Word writes
# hundreds, a few thousand in a much-edited document. Each is kept while the body is read.
MAX_DEFINITIONS = 200_000
_DEEPEST = 8  # Word's list levels are 0 to 8; a paragraph claiming another is read unnumbered
# Elements inside one another, at most: python-docx's parser (libxml2) refused more, and tables
# nested deeper would make rows of ever more cells (each row lists the nested tables' cells too).
_MAX_NESTING = 256
_READ_CHUNK = 1 << 16  # inflated bytes parsed at a time (a few thousand tags); the deadline is asked after each

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT, _BODY, _P, _PPR, _PSTYLE, _NUMPR, _NUMID, _ILVL, _T, _TBL, _TR, _TC = (
    _W + name for name in ("document", "body", "p", "pPr", "pStyle", "numPr", "numId", "ilvl", "t", "tbl", "tr", "tc")
)
_STYLE, _NAME, _STYLE_ID, _TYPE, _DEFAULT, _VAL = (
    _W + name for name in ("style", "name", "styleId", "type", "default", "val")
)
_ABSTRACT_NUM, _ABSTRACT_NUM_ID, _NUM, _LVL, _NUM_FMT, _LVL_TEXT = (
    _W + name for name in ("abstractNum", "abstractNumId", "num", "lvl", "numFmt", "lvlText")
)
# A level's text naming the counters of its own and outer levels ("%1.%2", Word's multilevel
# heading numbering): "%1" is level 0's counter, in level 0's format.
_LEVEL_COUNTER = re.compile(r"%([1-9])")
# numId -> level -> (format, level text), from numbering.xml.
_Formats = dict[str | None, dict[int, tuple[str | None, str | None]]]
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MAIN, _STYLES, _NUMBERING = (_RELATION + kind for kind in ("officeDocument", "styles", "numbering"))

# python-docx's names for the built-in styles Word writes in lower case (its BabelFish).
_UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)} | {
    "caption": "Caption",
    "footer": "Footer",
    "header": "Header",
}
_STYLE_TYPES = ("paragraph", "character", "table", "numbering")
_ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}
_NO_VAL: Any = object()  # a w:name with no w:val: an error once the style is used


class InvalidXmlError(Exception):
    """A part is well-formed XML but holds what Word never writes: a required w:val missing, a
    style type or on/off value it does not have. (The name is python-docx's, kept for the message.)"""


def _too_deep() -> InvalidXmlError:
    return InvalidXmlError(f"elements nested more than {_MAX_NESTING} deep")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def is_docx(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and b"word/" in data[:4096]


def docx_lines(data: bytes, where: str, deadline: Deadline = NO_DEADLINE) -> list[str]:
    """The draft's lines; a one-line DraftError when the file cannot be read as a Word document,
    OutOfTime (untouched) once `deadline` passes."""
    # Imported only for Word drafts, to keep `import checker` light.
    from defusedxml import DefusedXmlException

    try:
        return _Package(data, where, deadline).lines()
    except (DraftError, OutOfTime):
        raise
    except DefusedXmlException:
        raise DraftError(
            f"{where}: its XML declares a DTD or entities, which Word never writes (the way in for "
            "entity-expansion and external-entity attacks), so it is not read; open and save it "
            "again in Word, or export it as plain text"
        ) from None
    except Exception as exc:  # noqa: BLE001 - zipfile, zlib and expat raise many kinds for a damaged file
        raise DraftError(
            f"{where}: not a readable Word document ({exc.__class__.__name__}); "
            "open and save it again in Word, or export it as plain text"
        ) from None


class _Package:
    """The zip file: its parts found through their relationships, as python-docx found them,
    and parsed as they inflate, counted against MAX_UNZIPPED."""

    def __init__(self, data: bytes, where: str, deadline: Deadline) -> None:
        self.where, self.deadline = where, deadline
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        # Unzipped size as the zip's directory says, part by part; a part that inflates to more
        # (the directory can lie) counts what it inflated to once it has been read.
        self.unzipped = sum(part.file_size for part in self.zip.infolist())
        if self.unzipped > MAX_UNZIPPED:
            raise self._too_big()
        self.definitions = 0

    def lines(self) -> list[str]:
        main = self._relations("", (_MAIN,)).get(_MAIN)
        if main is None:
            raise KeyError("no officeDocument relationship")  # python-docx's error too
        related = self._relations(main, (_STYLES, _NUMBERING))
        # No styles part: python-docx's default one, where every style is "Normal".
        styles = self._parse(related[_STYLES], _Styles(self.define)) if _STYLES in related else _Styles.normal()
        numbering = self._parse(related[_NUMBERING], _Numbering(self.define)) if _NUMBERING in related else None
        return self._parse(main, _Document(styles, numbering.formats() if numbering else {}, self.where)).lines

    def define(self) -> None:
        """One more style or list kept."""
        self.definitions += 1
        if self.definitions > MAX_DEFINITIONS:
            raise DraftError(
                f"{self.where}: defines more than {MAX_DEFINITIONS:,} styles and lists, far more than "
                "Word writes; copy its text into a new Word document, or export it as plain text"
            )

    def _relations(self, source: str, kinds: tuple[str, ...]) -> dict[str, str]:
        """The parts that `source` ("" for the package) relates to, for each kind of relationship
        in `kinds` that it has (the first of each): zip names, resolved as python-docx does."""
        folder, name = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        if rels not in self.zip.namelist():
            return {}
        found = self._parse(rels, _Relationships(kinds)).found
        return {kind: posixpath.normpath(posixpath.join("/" + folder, target))[1:] for kind, target in found.items()}

    def _parse(self, name: str, target: Any) -> Any:
        """`target` after the part `name` has been fed to it, tag by tag."""
        from defusedxml.ElementTree import DefusedXMLParser

        part = self.zip.getinfo(name)  # KeyError when the part is missing, as python-docx
        # No DTD at all: Word never writes one, and entity declarations are how XML bombs work.
        parser = DefusedXMLParser(target=target, forbid_dtd=True)
        others = self.unzipped - part.file_size
        inflated = 0
        with self.zip.open(part) as stream:
            while chunk := stream.read(_READ_CHUNK):
                inflated += len(chunk)
                if others + inflated > MAX_UNZIPPED:
                    raise self._too_big()
                parser.feed(chunk)
                self.deadline.check()
        parser.close()
        self.unzipped = others + max(inflated, part.file_size)
        return target

    def _too_big(self) -> DraftError:
        return DraftError(
            f"{self.where}: unzips to more than {MAX_UNZIPPED // 1_000_000} MB, too large for a draft; "
            "save it again in Word without embedded media, or export it as plain text"
        )


class _Relationships:
    """A .rels part: the target of the first internal relationship of each kind asked for."""

    def __init__(self, kinds: tuple[str, ...]) -> None:
        self.kinds, self.depth = kinds, 0
        self.found: dict[str, str] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > _MAX_NESTING:
            raise _too_deep()
        kind = attrs.get("Type")
        if (
            self.depth == 2
            and tag == _RELATIONSHIP
            and kind in self.kinds
            and kind not in self.found
            and attrs.get("TargetMode") != "External"
            and "Target" in attrs
        ):
            self.found[kind] = attrs["Target"]

    def end(self, tag: str) -> None:
        self.depth -= 1


class _Style:
    """One w:style, its values raw: python-docx checked them only when a paragraph used the style."""

    __slots__ = ("default", "kind", "name", "numbering")

    def __init__(self, kind: str | None, default: str | None) -> None:
        self.kind, self.default = kind, default
        self.name: str | None = None
        self.numbering: list[str | None] | None = None  # [numId, ilvl] of its w:pPr/w:numPr

    def type(self) -> str | None:
        if self.kind is not None and self.kind not in _STYLE_TYPES:
            raise InvalidXmlError(f"style type {self.kind!r}")
        return self.kind

    def ui_name(self) -> str | None:
        if self.name is _NO_VAL:
            raise InvalidXmlError("w:name without w:val")
        return _UI_NAMES.get(self.name, self.name) if self.name is not None else None


class _Styles:
    """styles.xml: the styles that are the root's children, found by id as python-docx found them."""

    def __init__(self, define: Callable[[], None]) -> None:
        self.define = define
        self.by_id: dict[str, _Style] = {}  # the first style with each id
        self.all: list[_Style] = []
        self.depth = 0
        self.style: _Style | None = None  # the one being read
        self.seen: set[str] = set()  # its first w:name, w:pPr, w:numPr, w:numId, w:ilvl are read
        self.in_ppr = self.in_numpr = False
        self._default: tuple[_Style | None] | None = None

    @classmethod
    def normal(cls) -> _Styles:
        styles = cls(lambda: None)
        styles._default = (_Style("paragraph", "1"),)
        styles._default[0].name = "Normal"
        return styles

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > _MAX_NESTING:
            raise _too_deep()
        if self.depth == 2:
            if tag == _STYLE:
                self.define()
                self.style = _Style(attrs.get(_TYPE), attrs.get(_DEFAULT))
                self.all.append(self.style)
                if (style_id := attrs.get(_STYLE_ID)) is not None:
                    self.by_id.setdefault(style_id, self.style)
                self.seen.clear()
            return
        style = self.style
        if style is None or tag in self.seen:
            return
        if self.depth == 3 and tag in (_NAME, _PPR):
            self.seen.add(tag)
            if tag == _NAME:
                style.name = attrs.get(_VAL, _NO_VAL)
            else:
                self.in_ppr = True
        elif self.depth == 4 and self.in_ppr and tag == _NUMPR:
            self.seen.add(tag)
            self.in_numpr = True
            style.numbering = [None, None]
        elif self.depth == 5 and self.in_numpr and tag in (_NUMID, _ILVL):
            self.seen.add(tag)
            style.numbering[tag == _ILVL] = attrs.get(_VAL)  # type: ignore[index]

    def end(self, tag: str) -> None:
        self.depth -= 1
        if self.depth == 1:
            self.style = None
        elif self.depth == 2:
            self.in_ppr = False
        elif self.depth == 3:
            self.in_numpr = False

    def paragraph_style(self, style_id: str) -> _Style | None:
        """The paragraph style `style_id` names; the default paragraph style when it names none."""
        style = self.by_id.get(style_id)
        return style if style is not None and style.type() == "paragraph" else self._fallback()

    def _fallback(self) -> _Style | None:
        """The last paragraph style marked default, as the spec says (and python-docx read)."""
        if self._default is None:
            defaults = [s for s in self.all if s.type() == "paragraph" and _on(s.default)]
            self._default = (defaults[-1] if defaults else None,)
        return self._default[0]


def _on(value: str | None) -> bool:
    if value is None:
        return False
    if value not in _ON_OFF:
        raise InvalidXmlError(f"on/off value {value!r}")
    return _ON_OFF[value]


class _Abstract:
    __slots__ = ("id", "levels")

    def __init__(self, abstract_id: str | None) -> None:
        self.id = abstract_id
        self.levels: dict[int, _Level] = {}


class _Level:
    __slots__ = ("format", "formatted", "text")

    def __init__(self) -> None:
        self.format: str | None = "decimal"  # a level without a w:numFmt
        self.formatted = False
        self.text: str | None = None  # its w:lvlText ("%1.%2."), the first one given


class _List:
    __slots__ = ("abstract", "id", "referred")

    def __init__(self, num_id: str | None) -> None:
        self.id, self.referred = num_id, False
        self.abstract: str | None = ""  # "": no w:abstractNumId; None: one without a value


class _Numbering:
    """numbering.xml: the number format of each list (w:num) at each level, taken from the
    abstract list it refers to. Every w:abstractNum and w:num in the part counts, in order."""

    def __init__(self, define: Callable[[], None]) -> None:
        self.define = define
        self.stack: list[_Abstract | _Level | _List | None] = []  # what each open element is
        self.abstracts: list[_Abstract] = []
        self.lists: list[_List] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if len(self.stack) >= _MAX_NESTING:
            raise _too_deep()
        parent = self.stack[-1] if self.stack else None
        item: _Abstract | _Level | _List | None = None
        if tag == _ABSTRACT_NUM:
            self.define()
            item = _Abstract(attrs.get(_ABSTRACT_NUM_ID))
            self.abstracts.append(item)
        elif tag == _NUM:
            self.define()
            item = _List(attrs.get(_NUMID))
            self.lists.append(item)
        elif tag == _LVL:
            # A level belongs to every abstract list it is inside. One no paragraph is numbered
            # at (not a number, or above 8) is not kept.
            level = _number(attrs.get(_ILVL))
            if level is not None and level <= _DEEPEST:
                item = _Level()
                for outer in self.stack:
                    if isinstance(outer, _Abstract):
                        outer.levels[level] = item
        elif tag == _NUM_FMT and isinstance(parent, _Level) and not parent.formatted:
            parent.format, parent.formatted = attrs.get(_VAL), True
        elif tag == _LVL_TEXT and isinstance(parent, _Level) and parent.text is None:
            parent.text = attrs.get(_VAL) or ""
        elif tag == _ABSTRACT_NUM_ID and isinstance(parent, _List) and not parent.referred:
            parent.abstract, parent.referred = attrs.get(_VAL), True
        self.stack.append(item)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def formats(self) -> _Formats:
        """numId -> level -> (format, level text). The last abstract list with an id, and the last
        list with a numId, win (a level at a time), as python-docx's reader had it."""
        abstract = {a.id: a.levels for a in self.abstracts}
        out: _Formats = {}
        for num in self.lists:
            levels = abstract.get(num.abstract, {})
            if levels:
                out.setdefault(num.id, {}).update((level, (item.format, item.text)) for level, item in levels.items())
        return out


class _Paragraph:
    """What a body paragraph has given so far: its text, its first w:pPr's style and numbering."""

    __slots__ = ("in_numpr", "in_ppr", "numbering", "seen", "style_id", "texts")

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.style_id: str | None = None
        self.numbering: list[str | None] | None = None  # [numId, ilvl] of w:pPr/w:numPr
        self.seen: set[str] = set()  # first w:pPr, w:pStyle, w:numPr, w:numId, w:ilvl already read
        self.in_ppr = self.in_numpr = False


class _Table:
    """A body table's rows, each `cell | cell`. Like python-docx's reader, a row is every w:tr
    below the table (a nested table's too), its cells every w:tc below the row, and a cell's text
    every w:t below it. Rows wait until the outermost row around them ends, to keep their order."""

    __slots__ = ("open_cells", "open_rows", "rows")

    def __init__(self) -> None:
        self.rows: list[list[list[str]]] = []  # started, not yet written: cells, each its texts
        self.open_rows: list[list[list[str]]] = []
        self.open_cells: list[list[str]] = []


_PROPERTY_DEPTH = {_PPR: 4, _PSTYLE: 5, _NUMPR: 5, _NUMID: 6, _ILVL: 6}  # where a body paragraph's are read


class _Document:
    """word/document.xml, tag by tag: a line for each paragraph of the body and each table row.
    Called for every tag of the document, hence the plain code."""

    def __init__(self, styles: _Styles, formats: _Formats, where: str) -> None:
        self.styles, self.formats, self.where = styles, formats, where
        self.lines: list[str] = []
        self.counters: dict[str, dict[int, int]] = {}  # list id -> level -> paragraphs so far
        self.heading_depth = 1  # depth of the last heading, for headings Word numbered itself
        self.headed = False  # a paragraph in a heading style seen: Word-numbered ones below it are its parts
        # Paragraph style id -> its name, heading match and numbering ([numId, ilvl] or None).
        self.used_styles: dict[str | None, tuple[str | None, re.Match[str] | None, list[str | None] | None]] = {
            None: ("", None, None),
            "": ("", None, None),
        }
        self.depth = 0  # elements open
        self.body = "before"  # the first w:body of the root: "before", "in", "after"
        self.paragraph: _Paragraph | None = None  # the body paragraph or table being read
        self.table: _Table | None = None
        self.text = False  # in a w:t of either, before any child of it (python-docx's .text)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        depth = self.depth = self.depth + 1
        self.text = False
        if depth > 3:
            if depth > _MAX_NESTING:
                raise _too_deep()
            if (p := self.paragraph) is not None:
                if tag == _T:
                    self.text = True
                elif _PROPERTY_DEPTH.get(tag) == depth and tag not in p.seen:
                    self._property(p, tag, attrs)
            elif (table := self.table) is not None:
                if tag == _T:
                    self.text = True
                elif tag == _TR:
                    if len(self.lines) + len(table.rows) >= MAX_LINES:  # rows wait in memory too
                        raise self._too_many()
                    row: list[list[str]] = []
                    table.rows.append(row)
                    table.open_rows.append(row)
                elif tag == _TC:
                    cell: list[str] = []
                    for row in table.open_rows:
                        row.append(cell)
                    table.open_cells.append(cell)
        elif depth == 3:
            if self.body == "in":
                if tag == _P:
                    self.paragraph = _Paragraph()
                elif tag == _TBL:
                    self.table = _Table()
        elif depth == 2:
            if tag == _BODY and self.body == "before":
                self.body = "in"
        elif tag != _DOCUMENT:
            raise InvalidXmlError("the main part is not a w:document")

    @staticmethod
    def _property(p: _Paragraph, tag: str, attrs: dict[str, str]) -> None:
        """A body paragraph's first w:pPr, its first w:pStyle and w:numPr, and their values."""
        if tag == _PPR:
            p.in_ppr = True
        elif tag == _PSTYLE and p.in_ppr:
            if (style_id := attrs.get(_VAL)) is None:
                raise InvalidXmlError("w:pStyle without w:val")
            p.style_id = style_id
        elif tag == _NUMPR and p.in_ppr:
            p.in_numpr, p.numbering = True, [None, None]
        elif p.in_numpr and p.numbering is not None:
            p.numbering[tag == _ILVL] = attrs.get(_VAL)
        else:
            return
        p.seen.add(tag)

    def data(self, text: str) -> None:
        if self.text:
            if self.paragraph is not None:
                self.paragraph.texts.append(text)
            elif self.table is not None:
                for cell in self.table.open_cells:
                    cell.append(text)

    def end(self, tag: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        self.text = False
        if depth > 3:
            if (p := self.paragraph) is not None:
                if depth == 4:
                    p.in_ppr = False
                elif depth == 5:
                    p.in_numpr = False
            elif (table := self.table) is not None:
                if tag == _TC:
                    table.open_cells.pop()
                elif tag == _TR:
                    table.open_rows.pop()
                    if not table.open_rows:
                        for row in table.rows:
                            self._add(" | ".join("".join(cell).strip() for cell in row))
                        table.rows.clear()
        elif depth == 3:
            if self.paragraph is not None:
                self._add(self._line(self.paragraph))
                self.paragraph = None
            self.table = None
        elif depth == 2 and self.body == "in":
            self.body = "after"

    def close(self) -> None:
        if self.body == "before":
            raise InvalidXmlError("no w:body")  # python-docx's reader failed on it too

    def _add(self, line: str) -> None:
        if len(self.lines) >= MAX_LINES:
            raise self._too_many()
        self.lines.append(line)

    def _too_many(self) -> DraftError:
        return DraftError(
            f"{self.where}: has more than {MAX_LINES:,} paragraphs and table rows, too many for "
            "a draft; split it into smaller documents, or export it as plain text"
        )

    def _style(self, style_id: str) -> tuple[str | None, re.Match[str] | None, list[str | None] | None]:
        """What a paragraph needs of the style `style_id`, found once."""
        style = self.styles.paragraph_style(style_id)
        name = style.ui_name() if style is not None else ""
        self.used_styles[style_id] = name, _HEADING_STYLE.match(name or ""), style.numbering if style else None
        return self.used_styles[style_id]

    def _line(self, p: _Paragraph) -> str:
        text = "".join(p.texts).strip()
        style, heading, style_numbering = self.used_styles.get(p.style_id) or self._style(p.style_id)  # type: ignore[arg-type]
        label = ""
        # Numbering of the paragraph's own, else the style's ("List Number"). Numbering Word never
        # writes (a level or list id of "abc") counts as none: the paragraph is still read, just
        # unnumbered. A level missing or without a value is level 0, as in Word.
        num = p.numbering if p.numbering is not None else style_numbering
        num_id = num[0] if num is not None else None
        level = _number(num[1] or "0") if num is not None else None
        if _number(num_id) is not None and level is not None and level <= _DEEPEST and text:
            # Counted per list: a document with thousands of lists made every numbered paragraph
            # walk all of their counters.
            levels = self.counters.setdefault(num_id, {})  # type: ignore[arg-type]
            levels[level] = levels.get(level, 0) + 1
            for deeper in [d for d in levels if d > level]:
                del levels[deeper]
            label = _label(self.formats.get(num_id, {}), levels, level)
        # The document title takes "#", so Word's Heading 1 is "##": blocks and items sit below it.
        if heading:
            self.heading_depth, self.headed = int(heading[1]) + 1, True
            return "#" * self.heading_depth + " " + " ".join(x for x in (label, text) if x)
        if style == "Title" and text:
            return "# " + text
        if label and self.headed and len(text) <= 100 and not text.endswith("."):
            # A short numbered paragraph is a heading numbered by Word: one level below the last heading.
            # With no heading above it, it is a list, or an outline numbered in plain paragraphs,
            # which is read by its numbers (checker.parse.plain).
            # Its number is kept where it can be a label (a block number at the top, a letter below);
            # "1., 2." under a block are the drafter's own list, and the title alone is matched.
            depth = min(6, self.heading_depth + 1)
            keep = label[0].isalpha() or depth <= 2
            return "#" * depth + " " + (f"{label} {text}" if keep else text)
        return f"{label} {text}".strip()


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdecimal() else None


def _label(formats: dict[int, tuple[str | None, str | None]], counters: dict[int, int], level: int) -> str:
    """The number Word shows on a paragraph at `level` of a list: "3." for a list of one level,
    or, where the level's text names outer levels' counters ("%1.%2"), all of them as Word
    writes them ("2.1"). An outer level with no paragraph yet counts as 1; a format checker does
    not know (bullets) gives no number."""
    fmt, text = formats.get(level, ("decimal", None))
    if fmt not in _FORMATS:
        return ""
    named = [int(n) - 1 for n in _LEVEL_COUNTER.findall(text or "")]
    shapes = {n: formats.get(n, ("decimal", None))[0] for n in named}
    if len(named) < 2 or any(n > level or shapes[n] not in _FORMATS for n in named):
        return _FORMATS[fmt](counters[level]) + "."

    def counter(m: re.Match[str]) -> str:
        n = int(m[1]) - 1
        return _FORMATS[shapes[n] or "decimal"](counters.get(n, 1))

    return _LEVEL_COUNTER.sub(counter, text or "").strip()
