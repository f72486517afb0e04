"""A Markdown draft read by a CommonMark parser (markdown-it-py): its headings at every level
(ATX and setext), the text that is never an answer (front matter, HTML comments such as a
template's instructions, a table of contents), and the places that may open an answer without
being a heading: a paragraph opening with a bold or italic lead, a bullet opening with one, a
line opening with a short title and a colon. Headings inside code blocks or HTML are text.

The result is an Outline: the raw material both for the two fixed levels of a lettered reply
(checker.parse.markdown) and for the outline of any depth that any question set is matched
against (Document.outline)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from checker.deadline import NO_DEADLINE, Deadline
from checker.model.document import Section, SectionForm
from checker.parse.sections import span_of
from checker.read.metadata import metadata_from_yaml

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
# A lead: **Title.** / __Title:__ / *Title*: at the start of a paragraph or bullet
_STRONG_LEAD = re.compile(r"^(\*\*|__)(?P<lead>[^*_\n]{2,120}?)\1[ \t]*[:.\u2013\u2014-]?[ \t]*")
_EMPH_LEAD = re.compile(r"^(\*|_)(?P<lead>[^*_\n]{2,120}?)\1[ \t]*[:.\u2013\u2014-][ \t]*")
# A short title and a colon opening a line: "Expected size: about 2 TB".
_COLON_LEAD = re.compile(r"^(?P<lead>[A-Z0-9][^:\n]{1,80}?):[ \t]+(?=\S)")
_LINK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]+\]\(#[^)]*\)\s*$")
_CONTENTS_TITLE = re.compile(r"^(?:table of )?contents$|^outline$|^toc$", re.I)


@dataclass(frozen=True, slots=True)
class Mark:
    """A place that may open an answer: a heading, or a lead in a paragraph, bullet or line."""

    form: str  # heading | lead | bullet | line
    line: int  # 0-based
    level: int  # a heading's level; 0 for a lead (its depth comes from the heading it sits under)
    text: str  # the heading's or lead's text, emphasis removed
    column: int = 1
    rest: str = ""  # for a lead: the rest of its line, which is answer text
    contents: bool = False  # a heading that names a table of contents


@dataclass
class Outline:
    """What the CommonMark parser found, by line (0-based)."""

    marks: list[Mark] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)  # lines that are never answer text (comments, front matter)
    heading_lines: set[int] = field(default_factory=set)  # lines of headings (a setext heading's underline too)
    contents: set[int] = field(default_factory=set)  # lines of a table of contents
    metadata: dict[str, Any] = field(default_factory=dict)
    front_matter: tuple[int, int] | None = None  # lines [start, end) of the front matter
    notes: list[str] = field(default_factory=list)

    @property
    def headings(self) -> list[Mark]:
        return [m for m in self.marks if m.form == "heading"]


def front_matter_end(lines: Sequence[str]) -> int:
    """The line after a YAML front matter block at the top (`---` ... `---`), or 0 when there is none."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, min(len(lines), 500)):
        if _FRONT_MATTER_END.match(lines[i]):
            return i + 1
    return 0


def read_outline(lines: Sequence[str], deadline: Deadline = NO_DEADLINE) -> Outline:
    from markdown_it import MarkdownIt  # CommonMark; imported only for Markdown drafts

    outline = Outline()
    end = front_matter_end(lines)
    if end:
        outline.front_matter = (0, end)
        outline.hidden.update(range(end))
        outline.metadata, note = metadata_from_yaml("\n".join(lines[1 : end - 1]))
        if note:
            outline.notes.append(f"the front matter is {note}")
    # Front matter is blanked rather than cut, so that the parser's line numbers stay the draft's.
    text = "\n".join([""] * end + [lines[i] for i in range(end, len(lines))])
    deadline.check()
    tokens = MarkdownIt("commonmark").parse(text)
    deadline.check()
    _walk(tokens, lines, outline, deadline)
    _find_contents(tokens, lines, outline)
    return outline


def _walk(tokens: Sequence[Any], lines: Sequence[str], outline: Outline, deadline: Deadline) -> None:
    in_item = 0
    for i, token in enumerate(tokens):
        if not i & 1023:
            deadline.check()
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "heading_open" and token.map:
            start, stop = token.map
            title = _EMPHASIS.sub("", tokens[i + 1].content.strip()).strip()
            outline.marks.append(
                Mark("heading", start, int(token.tag[1:]), title, len(lines[start]) - len(lines[start].lstrip()) + 1)
            )
            outline.heading_lines.update(range(start, stop))
        elif token.type == "html_block" and token.map and token.content.lstrip().startswith("<!--"):
            outline.hidden.update(range(*token.map))  # instructions to the drafter, waivers
        elif token.type == "paragraph_open" and token.map and tokens[i + 1].type == "inline":
            mark = _lead(tokens[i + 1].content, token.map[0], lines, "bullet" if in_item else "lead")
            if mark is not None:
                outline.marks.append(mark)
            if mark is not None and mark.form == "line":
                # A questionnaire answered line by line ("Retention: 30 days" then "Location: EU"
                # on the next line) is one paragraph: each further line opening so is a part too.
                for k, more in enumerate(tokens[i + 1].content.split("\n")[1:], start=token.map[0] + 1):
                    further = _lead(more, k, lines, "lead") if _COLON_LEAD.match(more) else None
                    if further is not None and further.form == "line":
                        outline.marks.append(further)


def _lead(content: str, line: int, lines: Sequence[str], form: str) -> Mark | None:
    first = content.split("\n", 1)[0]
    for pattern, kind in ((_STRONG_LEAD, form), (_EMPH_LEAD, form), (_COLON_LEAD, "line" if form == "lead" else form)):
        m = pattern.match(first)
        if m is None:
            continue
        lead = m["lead"].strip().rstrip(".:").strip()
        if pattern is _COLON_LEAD and (len(lead.split()) > 10 or re.search(r"[.;!?]\s", lead)):
            return None  # a sentence that happens to hold a colon, not a title
        raw = lines[line] if line < len(lines) else ""
        column = raw.find(first[:10]) + 1 if first[:10] and first[:10] in raw else 1
        return Mark(kind, line, 0, lead, column, rest=first[m.end() :].strip())
    return None


def _find_contents(tokens: Sequence[Any], lines: Sequence[str], outline: Outline) -> None:
    """A table of contents: a list of links to the draft's own headings, or a list whose items are
    the titles of the draft's headings, main ones among them (at the highest level below a lone
    title), with the heading that names it, if any. A list naming only lesser headings (the
    options a section goes on to discuss one by one) is answer text."""
    levels = sorted({m.level for m in outline.headings})
    if levels and sum(1 for m in outline.headings if m.level == levels[0]) == 1:
        levels = levels[1:]  # a lone top heading is the document's title
    titles = {_normal(m.text) for m in outline.headings}
    main = {_normal(m.text) for m in outline.headings if m.level in levels[:1]}
    depth = 0
    start = None
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            if depth == 0:
                start = i
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and start is not None and tokens[start].map:
                first, last = tokens[start].map
                items = [lines[j] for j in range(first, last) if lines[j].strip()]
                linked = sum(1 for item in items if _LINK_ITEM.match(item))
                named = sum(1 for item in items if _normal(_item_text(item)) in titles)
                named_main = sum(1 for item in items if _normal(_item_text(item)) in main)
                # Under a heading that names it, a contents list may also list parts the draft then
                # lacks or merges (the very defects lint reports): half of it naming headings will do.
                ratio = 0.5 if _under_contents_heading(outline, first) else 0.8
                if len(items) >= 3 and (linked + named) / len(items) >= ratio and (linked or named_main >= 2):
                    outline.contents.update(range(first, last))
                    outline.hidden.update(range(first, last))
                start = None
    for k, mark in enumerate(outline.marks):
        if mark.form == "heading" and _CONTENTS_TITLE.match(mark.text):
            following = next((m for m in outline.marks[k + 1 :] if m.form == "heading"), None)
            listed = [j for j in outline.contents if j > mark.line and (following is None or j < following.line)]
            if listed:
                outline.marks[k] = Mark(mark.form, mark.line, mark.level, mark.text, mark.column, contents=True)
                outline.contents.add(mark.line)


def _under_contents_heading(outline: Outline, line: int) -> bool:
    """Whether the last heading above `line` is titled as a table of contents."""
    above = [m for m in outline.marks if m.form == "heading" and m.line < line]
    return bool(above) and _CONTENTS_TITLE.match(above[-1].text) is not None


def _item_text(line: str) -> str:
    text = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"^\d+(?:\.\d+)*[.)]?\s+", "", text)


def _normal(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", re.sub(r"^\d+(?:\.\d+)*[.)]?\s+", "", title.lower())).split())


_PART_LABEL = re.compile(
    r"^(?:(?:section|part|question|item)\s+)?"
    r"(?P<label>(?P<number>\d{1,3}(?:\.\d{1,3})*)[.)]?|(?P<letter>[A-Z])[.)]|\((?P<paren>[a-zA-Z]|\d{1,2})\))"
    r"(?=\s|$)",
    re.I,
)
_MORE_NUMBERS = re.compile(r"^\s*(?:,|&|and|/)\s*(\d{1,3}(?:\.\d{1,3})*)[.)]?(?=\s|$|,)", re.I)


def read_part_label(text: str) -> tuple[str, str | None, tuple[str, ...], str]:
    """(label as written, its number or letter, further numbers of a merged label, title) of a
    heading's or lead's text: "2.1.3 Search keywords", "2.2.5 and 2.2.6 Access", "(b) Costs"."""
    m = _PART_LABEL.match(text)
    if m is None:
        return "", None, (), text.strip()
    number = m["number"] or m["letter"] or m["paren"]
    rest = text[m.end() :]
    more: list[str] = []
    while m["number"] and (extra := _MORE_NUMBERS.match(rest)):
        more.append(extra[1])
        rest = rest[extra.end() :]
    title = rest.strip().lstrip(":-\u2013\u2014 ").strip().rstrip(".:").strip()
    return text[: len(text) - len(rest)].strip(), number, tuple(more), title


def title_of(outline: Outline) -> str:
    """The document's own title: its first heading, when no other heading is as high."""
    headings = outline.headings
    if not headings:
        return ""
    top = min(m.level for m in headings)
    first = headings[0]
    return first.text if first.level == top and sum(1 for m in headings if m.level == top) == 1 else ""


def build_outline(outline: Outline, lines: Sequence[str], is_text: Callable[[int], bool]) -> tuple[Section, ...]:
    """The outline of any depth: headings nested by level, leads under the heading they sit in,
    each with its own text (up to the next place that may open an answer)."""
    marks = outline.marks
    nodes: list[_Node] = []
    roots: list[_Node] = []
    stack: list[_Node] = []
    heading_depth = 0
    lead_depth: int | None = None
    for k, mark in enumerate(marks):
        end = marks[k + 1].line if k + 1 < len(marks) else len(lines)
        content = [(mark.line, mark.rest)] if mark.form != "heading" and mark.rest else []
        content += [
            (i, lines[i].strip()) for i in range(mark.line + 1, end) if is_text(i) and i not in outline.heading_lines
        ]
        if mark.form == "heading":
            heading_depth = depth = mark.level
            lead_depth = None
        elif mark.form == "lead":
            depth = lead_depth = heading_depth + 1
        else:
            # A bullet or a "Title:" line after a bold lead belongs to the lead's answer (its list
            # of pros and cons, say); straight under a heading, it is a part of its own.
            depth = (lead_depth + 1) if lead_depth is not None else heading_depth + 1
        label, number, more, title = read_part_label(mark.text)
        node = _Node(mark, depth, label, number, more, title, content)
        while stack and stack[-1].depth >= depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        nodes.append(node)
    return tuple(node.freeze() for node in roots)


@dataclass
class _Node:
    mark: Mark
    depth: int
    label: str
    number: str | None
    more: tuple[str, ...]
    title: str
    content: list[tuple[int, str]]
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Section:
        body = span_of(self.content)
        last = max([self.mark.line + 1, *(i + 1 for i, _ in self.content)])
        return Section(
            level="part",
            label=self.label,
            number=self.number,
            letters=(self.number, *self.more) if self.more and self.number else (),
            title=self.title,
            line=self.mark.line + 1,
            column=self.mark.column,
            end_line=last,
            body=body,
            children=tuple(child.freeze() for child in self.children),
            form=cast(SectionForm, self.mark.form),
            depth=self.depth,
        )
