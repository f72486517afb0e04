"""Markdown drafts: `##`/`###` headings labelled `2.`, `2A.`, `A.`, `6.C`, or carrying only a title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

from checker.deadline import NO_DEADLINE, Deadline
from checker.model.document import Document
from checker.parse.header import parse_header
from checker.parse.labels import (
    Label,
    read_block_label,
    read_item_label,
    strip_classification,
)
from checker.parse.outline import build_outline, read_outline
from checker.parse.outline import title_of as _title
from checker.parse.sections import SectionBuilder

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_COMMENT_LINE = re.compile(r"^\s*<!--.*-->\s*$")  # notes to the drafter, waivers: not answer text


def looks_like_markdown(text: str) -> int:
    """Evidence, in points, that `text` is a Markdown draft."""
    return sum(2 for line in text[:400_000].splitlines()[:4000] if _HEADING.match(line))


def _heading_label(text: str) -> tuple[str, Label | None, str]:
    """(level guess: 'block' | 'item' | '', label, title) of one heading's text."""
    text = _EMPHASIS.sub("", text.strip())
    item = read_item_label(text, need_terminator=False)
    if item is not None:
        return "item", item, strip_classification(item.rest)[0]
    block = read_block_label(text)
    if block is not None:
        return "block", block, strip_classification(block.rest)[0].lstrip("-:– ").strip()
    return "", None, text


def parse_markdown(
    lines: Sequence[str], path: str, notes: tuple[str, ...] = (), deadline: Deadline = NO_DEADLINE
) -> Document:
    outline = read_outline(lines, deadline)
    headings: list[tuple[int, int, str, Label | None, str]] = []  # (index, depth, kind, label, title)
    for mark in outline.headings:
        kind, label, title = _heading_label(mark.text)
        headings.append((mark.line, mark.level, kind, label, title))

    block_depth, item_depth = _depths(headings)
    roles: dict[int, tuple[str, Label | None, str]] = {}
    for index, depth, kind, label, title in headings:
        if kind == "block" and depth <= item_depth - 1 or (not kind and depth == block_depth):
            roles[index] = ("block", label, title)
        elif kind == "item" or (not kind and depth == item_depth):
            roles[index] = ("item", label, title)
        elif kind == "block":
            roles[index] = ("block", label, title)
        # deeper unlabelled headings, and a document title above the blocks, stay as text

    first_block = min((i for i, r in roles.items()), default=len(lines))
    header = parse_header([(i + 1, lines[i]) for i in range(first_block) if i not in outline.hidden])

    def is_text(i: int) -> bool:
        return bool(lines[i].strip()) and i not in outline.hidden and not _COMMENT_LINE.match(lines[i])

    builder = SectionBuilder(path, lines)
    # Text before the first block heading (after the document title) is the intro.
    intro = [
        (i, lines[i].strip())
        for i in range(first_block)
        if is_text(i) and i not in outline.heading_lines and not _is_header_line(lines[i])
    ]
    if intro:
        builder.open("block", None, "", intro[0][0] + 1, 1)
    content: list[tuple[int, str]] = intro
    for i in range(first_block, len(lines)):
        if i in roles:
            builder.close(content)
            content = []
            level, label, title = roles[i]
            builder.open(level, label, title, i + 1, 1)
            continue
        if is_text(i):
            content.append((i, lines[i].strip()))
    builder.close(content)
    document = builder.document("markdown", header, notes + tuple(outline.notes))
    return replace(
        document,
        outline=build_outline(outline, lines, is_text),
        metadata=MappingProxyType(outline.metadata),
        title=_title(outline),
        contents=tuple(sorted(outline.contents)),
    )


def _is_header_line(line: str) -> bool:
    return bool(
        re.match(r"^[\s*_>-]*(TAGS|SUBJECT|SUBJ|REFS?|REFTEL|DATE|SENT|E\.O\.)\s*[*_]*\s*:", line, re.I)
        or re.match(r"^[\s*_>-]*(STATE|DEPT)\s+FOR\b", line, re.I)
    )


def _depths(headings: list[tuple[int, int, str, Label | None, str]]) -> tuple[int, int]:
    """Heading depths used for blocks and for items: from the labelled headings when there are
    any, else the two shallowest depths below a lone document title."""
    blocks = Counter(d for _, d, kind, _, _ in headings if kind == "block")
    items = Counter(d for _, d, kind, _, _ in headings if kind == "item")
    if blocks and items:
        return blocks.most_common(1)[0][0], items.most_common(1)[0][0]
    if items:
        depth = items.most_common(1)[0][0]
        return depth - 1, depth
    if blocks:
        depth = blocks.most_common(1)[0][0]
        return depth, depth + 1
    depths = sorted({d for _, d, _, _, _ in headings})
    if len(depths) > 1 and sum(1 for _, d, _, _, _ in headings if d == depths[0]) == 1:
        depths = depths[1:]  # a single top heading is the document's title
    if not depths:
        return 2, 3
    return depths[0], (depths[1] if len(depths) > 1 else depths[0] + 1)
