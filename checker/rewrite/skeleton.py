"""`checker new`: a skeleton draft with every block and item heading in order, each with its
question and the evidence it demands as guidance for the drafter to delete, and a placeholder
that lint reports until it is replaced."""

from __future__ import annotations

import re

from checker.model.questions import Question, QuestionSet

PLACEHOLDER = "[insert answer]"


def _guidance(q: Question) -> str:
    """The question and the asks its answer is scored by, for a note the drafter deletes. A set may
    come with a repository: its text must not end the Markdown comment the note is (`-->` would let
    what follows, an image from a tracker, say, show in the draft), so runs of hyphens are spaced."""
    # The asks the answer is scored by, so the drafter sees what a complete answer holds.
    # A part that lists only `evidence:` has no asks in words, only what is said when one is missing.
    asks = " ".join(_sentence(a.text) for a in q.all_asks() if not a.optional)
    lead = " Answer each:" if q.asks else " A complete answer leaves none of these gaps:"
    optional = "" if q.required else " (Optional.)"
    return _HYPHENS.sub("- ", f"{q.text}{optional}" + (f"{lead} {asks}" if asks else ""))


def _sentence(text: str) -> str:
    """`text` ending as a sentence does, so the next one does not run on from it."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


_HYPHENS = re.compile(r"-(?=-)")


def _one_line(text: str) -> str:
    """A title or value from a set, on the one line a heading or a front matter entry takes."""
    return " ".join(text.split())


def _header(qset: QuestionSet) -> list[str]:
    h = qset.header
    lines = []
    if h.addressees:
        lines.append(f"STATE FOR {', '.join(h.addressees)}")
    if h.required_tags:
        lines.append(f"TAGS: {' '.join(h.required_tags)}")
    lines.append(f"SUBJECT: {h.subject or f'{qset.cycle} REPORT FOR [COUNTRY]'}")
    lines.append(f"REF: {h.instruction_cable}")
    return lines


def cable_skeleton(qset: QuestionSet) -> str:
    period = f" ({qset.header.period})" if qset.header.period else ""
    out = [*_header(qset), "", f"1.  (U) [insert the introduction: the post and the period covered{period}]", ""]
    for block in qset.blocks:
        heading = f"{block.number}.  (SBU) {_one_line(block.title).upper()}"
        out += [heading, "-" * len(heading), ""]
        for q in block.questions:
            out += [
                f"{q.letter}.  {_one_line(q.title)}",
                "",
                PLACEHOLDER,
                f"[NOTE: {_guidance(q)} Delete this note. END NOTE.]",
                "",
            ]
    return "\n".join(out) + "\n"


def markdown_skeleton(qset: QuestionSet) -> str:
    if qset.parts:
        return _parts_skeleton(qset)
    out = [f"# {_one_line(qset.title)}: [Country]", ""]
    for line in _header(qset):
        out += [line, ""]
    period = f" ({qset.header.period})" if qset.header.period else ""
    out += [f"[insert the introduction: the post and the period covered{period}]", ""]
    for block in qset.blocks:
        out += [f"## {block.number}. {_one_line(block.title)}", ""]
        for q in block.questions:
            out += [f"### {q.id}. {_one_line(q.title)}", f"<!-- {_guidance(q)} Delete this note. -->", PLACEHOLDER, ""]
    return "\n".join(out) + "\n"


def _parts_skeleton(qset: QuestionSet) -> str:
    """A set of parts as Markdown: its metadata as front matter, then every part as a heading one
    level below its parent's (numbered or titled as the set is), each answerable part with its
    question as a comment and the placeholder."""
    out: list[str] = []
    if qset.metadata_keys:
        out += [
            "---",
            *(_metadata_line(key, values, meaning) for key, values, meaning in qset.metadata_keys),
            "---",
            "",
        ]
    out += [f"# {_one_line(qset.title)}", ""]
    for part in qset.parts:
        title = f"{part.number} {part.title}" if qset.style == "numbered" and part.number else part.title
        out += [f"{'#' * min(6, part.depth + 1)} {_one_line(title)}", ""]
        if not part.group:
            when = f" (Required when {' and '.join(map(str, part.required_when))}.)" if part.required_when else ""
            out += [f"<!-- {_guidance(part)}{when} Delete this note. -->", PLACEHOLDER, ""]
    return "\n".join(out)


def _metadata_line(key: str, values: tuple[str, ...], meaning: str) -> str:
    note = _one_line(" | ".join(values) + (f" ({meaning})" if meaning else "") if values else meaning)
    return f"{key}:   # {note}" if note else f"{key}:"
