"""One `parse_draft` in front of one parser per format; the format is read from the content."""

from __future__ import annotations

from pathlib import PurePath

from checker.deadline import NO_DEADLINE, Deadline
from checker.model.document import Document
from checker.parse.cable import looks_like_cable, parse_cable
from checker.parse.markdown import looks_like_markdown, parse_markdown
from checker.parse.plain import as_markdown
from checker.read.drafts import DraftText, split_lines

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}


def detect_format(text: str, path: str = "") -> str:
    """'cable' or 'markdown'. Content decides; the suffix only breaks a tie."""
    return _format_and_cable(text, path)[0]


def _format_and_cable(text: str, path: str) -> tuple[str, int]:
    cable, markdown = looks_like_cable(text), looks_like_markdown(text)
    if cable != markdown:
        return ("cable" if cable > markdown else "markdown"), cable
    return ("markdown" if PurePath(path).suffix.lower() in _MARKDOWN_SUFFIXES else "cable"), cable


def parse_draft(draft: DraftText, fmt: str | None = None, deadline: Deadline = NO_DEADLINE) -> Document:
    lines = split_lines(draft.text)
    fmt = fmt or draft.format
    if fmt == "word":
        # A Word file's paragraphs, headings already marked; typed numbers in plain paragraphs
        # ("1.3 Trustees" in bold Normal text, not a heading style) mark the outline's parts too.
        return parse_markdown(as_markdown(lines, paragraphs=True) or lines, draft.path, draft.notes, deadline)
    if fmt is None:
        fmt, cable = _format_and_cable(draft.text, draft.path)
        # Plain text that is no cable but numbered as an outline ("2.1 Storage") is read by its numbers.
        outline = as_markdown(lines) if fmt == "cable" and not cable else None
        if outline is not None:
            return parse_markdown(outline, draft.path, draft.notes, deadline)
    if fmt == "markdown":
        return parse_markdown(lines, draft.path, draft.notes, deadline)
    return parse_cable(lines, draft.path, draft.notes, deadline)
