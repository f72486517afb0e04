"""Which question set a draft answers, and in plain words why.

In order: the set named with --questions (or in the project's configuration); a set whose detection
pattern matches the draft's subject line or title; a set whose cycle is the year the subject or
title names; the set whose part titles the draft's headings name most. When none of these holds
there is no guessing: the draft is not checked, and the user is asked for --questions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

from checker.deadline import NO_DEADLINE, Deadline
from checker.errors import DraftError
from checker.load.patterns import blamed_on, search
from checker.match.similarity import MatchIndex, title_words
from checker.model.document import Document, Section
from checker.model.questions import QuestionSet

_YEAR = re.compile(r"\b(20\d\d)\b")
# A heading names a part when its title is this close to one of the part's titles.
NAMES = 0.85


def choose_question_set(
    document: Document,
    candidates: Iterable[QuestionSet],
    index_of: Callable[[QuestionSet], MatchIndex],
    deadline: Deadline = NO_DEADLINE,
) -> tuple[QuestionSet, str]:
    """The set among `candidates` (the bundled sets and the project's own) that `document`
    answers, and why; a DraftError asking for --questions when none can be told. `index_of` gives a
    candidate's MatchIndex (worked out only if its headings have to be compared)."""
    sets = sorted(candidates, key=lambda s: s.cycle, reverse=True)  # the latest cycle first
    subject = document.header.subject.text if document.header.subject else ""
    title = _title(document)
    for where, text in (("subject line", subject), ("title", title)):
        for qset in sets:
            for pattern in (qset.detect, qset.detect_title if where == "title" else None):
                with blamed_on(f"{qset.path}: detect"):
                    found = bool(text) and pattern is not None and search(pattern, text, deadline)
                if found:
                    named = "names its cycle" if qset.cycle else f"names {qset.id}"
                    return qset, f"the {where} '{text[:60]}' {named}"
    years = set(_YEAR.findall(f"{subject} {title}"))
    for qset in sets:
        if qset.cycle in years:
            return qset, f"the year {qset.cycle} in the {('subject line' if subject else 'title')}"
    recognised = [
        (hits, qset) for qset in sets if (hits := named_parts(document, qset, index_of(qset))) >= _needed(qset)
    ]
    if recognised:
        hits, qset = max(recognised, key=lambda r: r[0])  # the first of equals: the latest cycle
        # Cycles of one instruction share most titles: the latest of them the headings name.
        family = [(h, s) for h, s in recognised if s is not qset and _related(s, qset, sets)]
        if family:
            hits, qset = recognised[min(recognised.index((hits, qset)), *(recognised.index(f) for f in family))]
            return qset, (
                f"the draft's headings name {hits} of its parts; nothing names a cycle, so the latest "
                "was used; pick one with --questions"
            )
        return qset, f"the draft's headings name {hits} of its parts"
    known = ", ".join(s.id for s in sets) or "none"
    raise DraftError(
        f"{document.path}: no question set recognises this draft (its subject, title and headings "
        f"name none of {known}); pick one with --questions SET, or name the set in .checker.yaml"
    )


def not_a_reply(
    document: Document,
    candidates: Iterable[QuestionSet],
    index_of: Callable[[QuestionSet], MatchIndex],
    named_as: str | None = None,
    deadline: Deadline = NO_DEADLINE,
) -> str | None:
    """None when `document` is a reply to one of `candidates` (however badly drafted), else in
    plain words why it is taken for something else. A reply has a header (a SUBJECT or TAGS
    line), or a subject or title a set recognises, or a heading that names one of a set's
    questions, blocks or parts. A file named like a project file (`named_as`: README, CHANGELOG,
    LICENSE...) is a reply only with a header, or headings naming as many parts as it takes to
    choose a set by them."""
    header = document.header
    if header.subject is not None or header.tags_line is not None:
        return None
    title = _title(document) if named_as is None else ""
    sets = []
    for qset in candidates:  # one at a time: the first that recognises the draft ends the search
        sets.append(qset)
        with blamed_on(f"{qset.path}: detect"):
            if any(
                title and pattern is not None and search(pattern, title, deadline)
                for pattern in (qset.detect, qset.detect_title)
            ):
                return None
        if named_parts(document, qset, index_of(qset)) >= (_needed(qset) if named_as else 1):
            return None
    if named_as:
        return f"a {named_as} file, not a reply (no SUBJECT or TAGS line, and its headings are not a question set's)"
    known = ", ".join(dict.fromkeys(s.id for s in sorted(sets, key=lambda s: s.cycle, reverse=True))) or "none"
    return f"not a reply (no SUBJECT or TAGS line, and no heading names a question of {known})"


def _title(document: Document) -> str:
    """The document's title, or else its first line."""
    return document.title or next((line.lstrip("# ").strip() for line in document.lines[:40] if line.strip()), "")


def _headings(document: Document) -> list[Section]:
    out: list[Section] = []

    def walk(sections: tuple[Section, ...]) -> None:
        for s in sections:
            if s.title:
                out.append(s)
            walk(s.children)

    walk(document.outline or document.all_sections())
    return out[:400]  # a reply has about fifty; a pasted archive is not read heading by heading here


def named_parts(document: Document, qset: QuestionSet, index: MatchIndex) -> int:
    """How many of the set's parts (or items and blocks) the draft's headings name, by title or,
    for a lettered set, by label (2A, or A. under block 2)."""
    titles = [words for words in (title_words(s.title, qset.title_stopwords) for s in _headings(document)) if words]
    named: set[str] = set()
    if qset.parts:
        for words in titles:
            scores = [(index.part_title(words, part), part.id) for part in qset.parts]
            score, pid = max(scores, default=(0.0, ""))
            if score >= NAMES:
                named.add(pid)
        return len(named)
    ids = {q.id for q in qset.questions} | {a.label for q in qset.questions for a in q.aliases}
    named |= {item.written_id for item in document.items()[:400] if item.written_id in ids}
    for words in titles:
        for table, names in (
            (index.titles, [q.id for q in qset.questions]),
            (index.block_titles, [f"block {b.number}" for b in qset.blocks]),
        ):
            row = table.row(words)
            if row and max(row) >= NAMES:
                named.add(names[row.index(max(row))])
    return len(named)


def _needed(qset: QuestionSet) -> int:
    """How many parts a draft's headings must name for the set to be recognised by them."""
    if qset.detect_headings is not None:
        return qset.detect_headings
    top = len(qset.children(None)) if qset.parts else len(qset.blocks)
    return max(2, math.ceil(0.3 * top)) if qset.parts else 2


def _related(a: QuestionSet, b: QuestionSet, sets: list[QuestionSet]) -> bool:
    """Whether two sets are cycles of one instruction (one names the other, or a chain of them does)."""
    by_id = {s.id: s for s in sets}

    def chain(s: QuestionSet) -> set[str]:
        seen = {s.id}
        while s.previous and s.previous in by_id and s.previous not in seen:
            s = by_id[s.previous]
            seen.add(s.id)
        return seen

    return bool(chain(a) & chain(b))
