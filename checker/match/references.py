"""Cross-references in answers ("see section 4F", "(section 3A)"), resolved to what they point at."""

from __future__ import annotations

import re

from checker.model.document import Document
from checker.model.matches import CrossRef, Match, MatchResult
from checker.parse.labels import XREF

_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z(\"“])")


def _sentence(text: str, start: int, end: int) -> str:
    begin = 0
    for m in _SENTENCE_BREAK.finditer(text, 0, start):
        begin = m.end()
    stop = _SENTENCE_BREAK.search(text, end)
    return text[begin : stop.start() + 1 if stop else len(text)].replace("\n", " ")


def find_references(document: Document, matches: MatchResult) -> tuple[CrossRef, ...]:
    """The draft's cross-references ("see section 4F"), each resolved in the draft's numbering:
    the answer to that question first (stale labels are relabelled to the question ids, so a
    reference means the question), the draft's own labels only where none answers it."""
    by_label: dict[str, Match] = {}
    for m in matches.matches:
        if m.section.level == "item":
            by_label.setdefault(m.section.written_id, m)
    refs = []
    for m in matches.matches:
        span = m.section.body
        for found in XREF.finditer(span.text):
            label = f"{found['number']}{found['letter'].upper()}"
            hit = matches.answer(label) or by_label.get(label)
            refs.append(
                CrossRef(
                    m,
                    label,
                    span.line_at(found.start()),
                    span.column_at(found.start(), document.lines),
                    _sentence(span.text, found.start(), found.end()),
                    hit.section if hit else None,
                    hit.question if hit else None,
                )
            )
    return tuple(refs)
