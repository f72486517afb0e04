"""Builds the section tree both parsers produce, so they share one notion of block and item."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from checker.model.document import EMPTY_SPAN, Document, Header, Section, TextSpan
from checker.parse.labels import Label


def span_of(content: list[tuple[int, str]]) -> TextSpan:
    """Join (line index, text) pieces into one TextSpan that remembers each piece's line."""
    if not content:
        return EMPTY_SPAN
    texts, starts, lines = [], array("q"), array("q")  # compact: a large draft has a million lines
    offset = 0
    for index, text in content:
        starts.append(offset)
        lines.append(index + 1)
        texts.append(text)
        offset += len(text) + 1
    return TextSpan("\n".join(texts), starts, lines)


@dataclass
class _Open:
    """A section still being read: its lines and children are added until the next heading."""

    level: str
    label: Label | None
    title: str
    line: int
    column: int
    classification: str | None
    body: TextSpan = EMPTY_SPAN
    end_line: int = 0
    children: list[Section] = field(default_factory=list)

    def freeze(self, block_number: str | None = None) -> Section:
        label = self.label
        return Section(
            level=self.level,  # type: ignore[arg-type]
            label=label.text if label else "",
            number=label.number if label else None,
            letters=label.letters if label else (),
            title=self.title,
            line=self.line,
            column=self.column,
            end_line=max(self.end_line, self.line),
            body=self.body,
            block_number=block_number,
            classification=self.classification,
            children=tuple(self.children),
        )


class SectionBuilder:
    """Receives headings and content in reading order; returns the Document."""

    def __init__(self, path: str, lines: Sequence[str]) -> None:
        self.path = path
        self.lines = lines
        self.preamble: list[Section] = []
        self.blocks: list[Section] = []
        self._block: _Open | None = None
        self._item: _Open | None = None
        self._titled_block_seen = False

    def open(
        self, level: str, label: Label | None, title: str, line: int, column: int, classification: str | None = None
    ) -> None:
        if level == "block":
            self._close_block()
            if not title and not self._titled_block_seen:
                level = "preamble"  # a numbered prose paragraph before the first question block: the intro
            else:
                self._titled_block_seen = True
            self._block = _Open(level, label, title, line, column, classification)
            return
        self._close_item()
        if self._block is None or self._block.level == "preamble":
            # Items before any block heading: keep them under an unlabelled block.
            self._close_block()
            self._block = _Open("block", None, "", line, column, None)
        self._item = _Open("item", label, title, line, column, classification)

    def close(self, content: list[tuple[int, str]]) -> None:
        """Attach the content read since the last heading to the section that heading opened."""
        target = self._item or self._block
        if target is None:
            return
        target.body = span_of(content)
        if content:
            target.end_line = content[-1][0] + 1

    def _close_item(self) -> None:
        if self._item is not None and self._block is not None:
            number = self._block.label.number if self._block.label else None
            self._block.children.append(self._item.freeze(block_number=number))
            self._block.end_line = max(self._block.end_line, self._item.end_line, self._item.line)
        self._item = None

    def _close_block(self) -> None:
        self._close_item()
        if self._block is not None:
            section = self._block.freeze()
            (self.preamble if section.level == "preamble" else self.blocks).append(section)
        self._block = None

    def document(self, fmt: Literal["cable", "markdown"], header: Header, notes: tuple[str, ...]) -> Document:
        self._close_block()
        return Document(
            self.path,
            fmt,
            self.lines,
            header,
            tuple(self.preamble),
            tuple(self.blocks),
            notes,
        )
