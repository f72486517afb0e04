"""Plain-text cables as they really arrive: web-page clutter around them, a routing header,
page-break lines in mid-sentence, classification markers, dashed underlines, numbered blocks
and lettered items."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from checker.check.suppressions import directive_line_indexes, is_directive_line
from checker.deadline import NO_DEADLINE, Deadline
from checker.model.document import Document, Section
from checker.parse.header import parse_header
from checker.parse.labels import (
    Label,
    read_block_label,
    read_item_label,
    strip_classification,
)
from checker.parse.sections import SectionBuilder
from checker.read.drafts import lines_matching

# Lines the cable system adds: "PHNOM PENH 00000138  002 OF 019", "UNCLAS SECTION 01 OF 19 ...".
_PAGE_BREAK = re.compile(r"^\s*[A-Z][A-Z .'-]*\s+0*\d{2,}\s+\d{1,3}\s+OF\s+\d{1,3}\s*$")
_SECTION_MARK = re.compile(
    r"^\s*(?:UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)?\s*(?:E F T O\s+)?"
    r"SECTION\s+\d+\s+OF\s+\d+\b.*$"
)
_UNDERLINE = re.compile(r"^\s*(?=.*-{3})[-=_ ]+\s*$")
# Where the cable itself starts inside a saved web page.
_CABLE_START = re.compile(
    r"^\s*(?:VZCZC|UNCLAS\b|CONFIDENTIAL\b|SECRET\b|FM\s|TO\s|TAGS:|SUBJECT:|SUBJ:|E\.O\.|DE\s+RUE|(?:STATE|DEPT)\s+FOR\s|[OPRZ]{1,2}\s+\d{6}Z\s)"
)
_NOTE_OPEN = re.compile(r"\[\s*NOTE\b|^\s*(?:BEGIN|START)\s+(?:NOTE|TEXT)\b", re.I)
_NOTE_CLOSE = re.compile(r"END\s+(?:NOTE|TEXT)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?:;\"')\]]\s*$")


# One match a line: a page break or a header field is strong evidence of a cable (two points);
# a classified paragraph number or a cable-style item label is some (one point).
_CABLE_LINE = re.compile(
    rf"(?P<strong>{_PAGE_BREAK.pattern}|TAGS:|SUBJECT:|E\.O\.)|(?P<some>\d{{1,2}}\.\s+\((?:U|SBU|C|S)\)|[A-Z]\.\s{{2}}\S)"
)


def _may_open_note(stripped: str) -> bool:
    """A cheap test of every line: _NOTE_OPEN needs a bracket, or BEGIN or START first."""
    return "[" in stripped or stripped[:5].upper() in ("BEGIN", "START")


def looks_like_cable(text: str) -> int:
    """Evidence, in points, that `text` is a plain-text cable."""
    score = 0
    for m in filter(None, map(_CABLE_LINE.match, text[:400_000].splitlines()[:4000])):
        score += 2 if m.lastgroup == "strong" else 1
    return score


def _is_title(first: str, following: list[str]) -> bool:
    """Does the text after a label name a topic (a heading) rather than start the answer?"""
    if not first:
        return False
    letters = "".join(filter(str.isalpha, first))
    if letters and sum(map(str.isupper, letters)) / len(letters) > 0.8 and len(first) <= 120:
        return True
    if len(first) > 100 or re.search(r"[.;,]\s*$", first) or re.search(r"\.\s+[A-Z]", first):
        return False
    # A heading stands alone: the next line is blank (or the title wraps once, then a blank).
    if not following or not following[0].strip():
        return True
    return (
        len(following) > 1
        and not following[1].strip()
        and len(first) + len(following[0]) <= 110
        and not re.search(r"[.;,]\s*$", following[0])
    )


def _continues_title(title: str, line: str) -> bool:
    """Can `line`, right under a heading, be the rest of its title? Not when it opens with a label
    of its own, nor, under a title in capitals, when it is written in ordinary case or ends as a
    sentence does: that is the answer, begun without a blank line."""
    if not line or read_block_label(line) is not None or re.match(r"^\d+(?:\.\d+)+\s", line):
        return False
    letters = "".join(filter(str.isalpha, title))
    if letters and sum(map(str.isupper, letters)) / len(letters) > 0.8:
        more = "".join(filter(str.isalpha, line))
        return bool(more) and sum(map(str.isupper, more)) / len(more) > 0.8 and not re.search(r"[.;]\s*$", line)
    return True


def parse_cable(
    text_lines: Sequence[str], path: str, notes: tuple[str, ...] = (), deadline: Deadline = NO_DEADLINE
) -> Document:
    start = next((i for i, line in enumerate(text_lines) if _CABLE_START.match(line)), 0)
    noise = _noise_lines(text_lines, start)
    first_para = next(
        (
            i
            for i in range(start, len(text_lines))
            if i not in noise
            and read_block_label(text_lines[i].strip()) is not None
            and re.match(r"^\s{0,3}\d", text_lines[i])
        ),
        len(text_lines),
    )
    header = parse_header([(i + 1, text_lines[i]) for i in range(start, first_para) if i not in noise])

    builder = SectionBuilder(path, text_lines)
    content: list[tuple[int, str]] = []  # (line index, text) read since the last heading
    in_note = False
    skip: set[int] = set()
    prev_text: int | None = None  # index of the previous non-blank, non-noise line
    for i in range(first_para, len(text_lines)):
        if not i & 4095:
            deadline.check()
        raw = text_lines[i]
        if i in noise or i in skip:
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        if in_note:
            in_note = not _NOTE_CLOSE.search(raw)
            content.append((i, stripped))
            prev_text = i
            continue
        if _may_open_note(stripped) and _NOTE_OPEN.search(raw) and not _NOTE_CLOSE.search(raw):
            in_note = True
        heading = None
        if _starts_paragraph(text_lines, noise, prev_text, i) and not raw.startswith((" " * 4, "\t")):
            heading = _read_heading(text_lines, noise, i)
        if heading is None:
            content.append((i, stripped))
            prev_text = i
            continue
        builder.close(content)
        content = []
        level, label, title, classification, answer = heading
        wrapped = _following(text_lines, noise, i, 1)
        if (
            title
            and wrapped
            and _continues_title(title, wrapped[0].strip())
            and _is_title(title, _following(text_lines, noise, i))
        ):
            # The title wraps onto the next line: take it, and don't read it as answer text.
            title = f"{title} {wrapped[0].strip()}"
            skip.add(next(j for j in range(i + 1, len(text_lines)) if j not in noise))
        builder.open(level, label, title, i + 1, len(raw) - len(raw.lstrip()) + 1, classification)
        if answer:
            content.append((i, answer))
        prev_text = i
    builder.close(content)
    document = builder.document("cable", header, notes)
    return replace(document, outline=tuple(_as_part(block, 1) for block in (*document.preamble, *document.blocks)))


def _as_part(section: Section, depth: int) -> Section:
    """A block or item of the cable as a part of its outline (blocks at depth 1, items at 2), for
    question sets of any shape."""
    return replace(
        section,
        level="part",
        depth=depth,
        form="heading",
        children=tuple(_as_part(child, depth + 1) for child in section.children),
    )


_NOISE = re.compile("|".join(p.pattern for p in (_PAGE_BREAK, _SECTION_MARK, _UNDERLINE)))
_MAY_BE_NOISE = re.compile("OF|---")  # every line _NOISE matches holds one: found in one scan


def _noise_lines(lines: Sequence[str], start: int) -> set[int]:
    noise = set(range(start))
    noise.update(i for i in lines_matching(lines, _MAY_BE_NOISE) if i >= start and _NOISE.match(lines[i]))
    noise.update(i for i in directive_line_indexes(lines) if i >= start and is_directive_line(lines[i]))
    return noise


def _starts_paragraph(lines: Sequence[str], noise: set[int], prev_text: int | None, i: int) -> bool:
    """A heading begins a paragraph: a blank line precedes it, or a page break that follows the
    end of a sentence (a break in mid-sentence is no paragraph break)."""
    if prev_text is None:
        return True
    between = range(prev_text + 1, i)
    if not between:
        return False
    if any(j in noise and _PAGE_BREAK.match(lines[j]) for j in between):
        return bool(_SENTENCE_END.search(lines[prev_text])) or _is_heading_line(lines[prev_text])
    return True


def _is_heading_line(line: str) -> bool:
    return read_item_label(line.strip(), need_terminator=True) is not None


def _following(lines: Sequence[str], noise: set[int], i: int, count: int = 2) -> list[str]:
    out = []
    for j in range(i + 1, len(lines)):
        if j in noise:
            continue
        out.append(lines[j])
        if len(out) == count:
            break
    return out


def _read_heading(lines: Sequence[str], noise: set[int], i: int) -> tuple[str, Label, str, str | None, str] | None:
    """(level, label, title, classification, answer text on the heading line) or None."""
    text = lines[i].strip()
    following = _following(lines, noise, i)
    item = read_item_label(text, need_terminator=True)
    if item is not None:
        rest, classification = strip_classification(item.rest)
        if _is_title(rest, following):
            return "item", item, rest, classification, ""
        if rest and not rest[0].isupper() and not rest[0].isdigit() and rest[0] not in "\"'(":
            return None  # "A. smith said": not a label
        return "item", item, "", classification, rest
    block = read_block_label(text)
    if block is not None and block.text[0].isdigit():
        rest, classification = strip_classification(block.rest)
        if _is_title(rest, following):
            return "block", block, rest, classification, ""
        return "block", block, "", classification, rest
    return None
