"""Drafts as parsed: the text of each answer with its lines, sections, header and the document."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Answer text with the draft line each piece came from, page-break clutter removed."""

    text: str  # content lines joined with "\n"
    starts: Sequence[int]  # offset in `text` where each content line starts
    lines: Sequence[int]  # 1-based draft line of each content line

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 0
        return self.lines[max(0, bisect_right(self.starts, offset) - 1)]

    def column_at(self, offset: int, raw_lines: Sequence[str]) -> int:
        """1-based column of `offset` in the draft's own line (content lines may be stripped)."""
        if not self.lines:
            return 1
        i = max(0, bisect_right(self.starts, offset) - 1)
        piece = self.text[self.starts[i] : self.starts[i] + 40]
        raw = raw_lines[self.lines[i] - 1] if self.lines[i] - 1 < len(raw_lines) else ""
        lead = raw.find(piece[:20]) if piece else -1
        return (lead if lead >= 0 else 0) + (offset - self.starts[i]) + 1

    @property
    def words(self) -> int:
        return len(self.text.split())


EMPTY_SPAN = TextSpan("", (), ())

# preamble/block/item: the two fixed levels of a lettered reply (TIP); part: a place in the
# outline of any draft (see Document.outline), at any depth.
SectionLevel = Literal["preamble", "block", "item", "part"]
# How a part of the outline is written: a heading, a paragraph opening with a bold or italic lead
# ("**2.1 Identifiers.** ..."), a bullet opening with one ("- *Keywords*: ..."), or a line
# opening with a short title and a colon ("Expected size: ...").
SectionForm = Literal["heading", "lead", "bullet", "line"]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the draft and the answer under it. Knows nothing of question sets."""

    level: SectionLevel
    label: str  # exactly as written, e.g. "5C.", "C & D.", "2." ("" when unlabelled)
    number: str | None  # number written in the label ("5" of "5C", "6" of "6."), None for a bare letter
    letters: tuple[str, ...]  # ("C",), ("C", "D") for a merged label, () for a block
    title: str
    line: int
    column: int
    end_line: int
    body: TextSpan
    block_number: str | None = None  # for an item: the number of the block it sits under, as written
    classification: str | None = None
    children: tuple[Section, ...] = ()
    form: SectionForm = "heading"
    depth: int = 0  # in the outline: a heading's level (1-6); a lead's, one below the heading it sits under

    @property
    def written_id(self) -> str:
        """The label read in the draft's own context: `C.` under block 6 reads `6C`."""
        number = self.number if self.number is not None else self.block_number
        if self.level == "item":
            return f"{number or '?'}{self.letters[0] if self.letters else ''}"
        return number or ""

    @property
    def heading(self) -> str:
        return " ".join(p for p in (self.label, self.title) if p)


@dataclass(frozen=True, slots=True)
class CableRef:
    """One entry of a cable's REF line ("08 STATE 132759")."""

    letter: str  # "A", "B", ... as the REF line orders them
    text: str  # "08 STATE 132759"
    year: str | None  # "08"
    origin: str  # "STATE"
    number: int
    line: int


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """A header line as written, and where."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Header:
    """What a draft's header says: tags, subject, references, date and addressees."""

    tags: tuple[str, ...] = ()
    tags_line: HeaderLine | None = None
    subject: HeaderLine | None = None
    refs: tuple[CableRef, ...] = ()
    ref_line: HeaderLine | None = None
    sent: date | None = None
    sent_line: HeaderLine | None = None
    addressees: HeaderLine | None = None

    @property
    def present(self) -> bool:
        return any((self.tags_line, self.subject, self.ref_line, self.sent_line, self.addressees))


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed draft: its header and its sections, block by block."""

    path: str
    format: Literal["cable", "markdown"]
    lines: Sequence[str]  # the draft's lines, for columns and messages
    header: Header
    preamble: tuple[Section, ...]  # numbered paragraphs before the first question block (intro)
    blocks: tuple[Section, ...]
    notes: tuple[str, ...] = ()  # things the reader did that the user should know (encoding fallback)
    # The draft as an outline of any depth: headings nested by level, with the bold leads, bullets
    # and "Title:" lines under each as parts too; each part's body is its own text only (up to the
    # next part). Question sets of any shape are matched against it.
    outline: tuple[Section, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)  # front matter, or the sidecar file's
    title: str = ""  # the document's own title (a lone top heading), if it has one
    contents: tuple[int, ...] = ()  # lines of a table of contents: never an answer

    def items(self) -> tuple[Section, ...]:
        return tuple(item for block in self.blocks for item in block.children)

    def all_sections(self) -> tuple[Section, ...]:
        out: list[Section] = list(self.preamble)
        for block in self.blocks:
            out.append(block)
            out.extend(block.children)
        return tuple(out)
