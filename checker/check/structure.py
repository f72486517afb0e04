"""Checks on which questions are answered where: missing, misnumbered, duplicate,
out-of-order, unexpected and merged answers."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from checker.check.base import (
    NO_PARAMS,
    CheckContext,
    Hit,
    answered_neighbours,
    excerpt,
    hit_on,
    label_of,
    missing_lines,
)
from checker.model.matches import Match
from checker.model.questions import Question


class Missing:
    NAME = "missing"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"question", "title", "block", "fix"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if not ctx.matches.missing:
            return
        # Found once a draft, not once a missing part: a set may hold thousands of parts.
        lines = missing_lines(ctx)
        answered = {m.question.id: m for m in ctx.matches.matches if m.role == "answer" and m.question}
        near = answered_neighbours([p.id for p in ctx.question_set.parts], answered)
        by_id = {p.id: p for p in ctx.question_set.parts}
        for q in ctx.matches.missing:
            fix = _how_to_add(ctx, q, *near.get(q.id, (None, None)), by_id)
            yield Hit(
                lines[q.id],
                {"question": q.id, "title": q.title, "block": q.parent or q.number, "fix": fix},
                question=q,
                expected=q.id,
            )


def _how_to_add(
    ctx: CheckContext, q: Question, before: Match | None, after: Match | None, by_id: Mapping[str, Question]
) -> str:
    """Where and how to add a missing answer, in the terms of the set's style: a label for a
    lettered or numbered set, a heading for a titled one (`before` and `after`: the nearest
    answered parts around it)."""
    qset = ctx.question_set
    if not qset.parts:
        return f"add an item labelled {q.id} here, in block {q.number}"
    if qset.style == "titled":
        near = before or after
        level = near.section.depth if near is not None and near.section.form == "heading" else 2
        heading = "#" * max(1, min(6, level))
        # Named as the draft writes its parts: a draft answering line by line gets a line to add.
        new = f"a `{q.title}: ...` line" if near is not None and near.section.form == "line" else None
        new = new or f"a `{heading} {q.title}` section"

        def shown(m: Match) -> str:
            s = m.section
            return f"`{heading} {s.title}`" if s.form == "heading" else f"'{s.title}'"

        if before is not None:
            return f"add {new} after {shown(before)}"
        if after is not None:
            return f"add {new} before {shown(after)}"
        return f"add {new}"
    name = " ".join(x for x in (q.number, q.title) if x)
    parent = by_id.get(q.parent) if q.parent else None
    inside = f", in {' '.join(x for x in (parent.number, parent.title) if x)}" if parent is not None else ""
    return f"add '{name}' here{inside}"


class Misnumbered:
    NAME = "misnumbered"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "why", "expected", "how", "relabel"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        by_paragraph = any(
            bm.block and any(a.origin == "paragraph" and a.label == bm.section.number for a in bm.block.aliases)
            for bm in ctx.matches.blocks
        )
        for bm in ctx.matches.blocks:
            s, block = bm.section, bm.block
            if block is None or s.number is None or s.number == block.number:
                continue
            alias = next((a for a in block.aliases if a.label == s.number), None)
            if alias is not None and alias.origin == "paragraph":
                continue  # the instruction's own paragraph numbers are accepted
            if by_paragraph and alias is None and not any(a.origin == "paragraph" for a in block.aliases):
                continue  # numbered by paragraphs, and this block's paragraph number is unknown: cannot tell
            why = (
                f"{s.number} is the {alias.cycle} number of this block"
                if alias
                else f"block {s.number} is {ctx.question_set.block(s.number).title.lower()}"  # type: ignore[union-attr]
                if ctx.question_set.block(s.number)
                else f"there is no block {s.number}"
            )
            yield Hit(
                s.line,
                {
                    "label": s.label.rstrip(".):"),
                    "question": block.number,
                    "title": block.title,
                    "why": why,
                    "expected": block.number,
                    "how": bm.how,
                    "relabel": f"'{block.number}.'",
                },
                column=s.column,
                label=s.label.rstrip(".):"),
                expected=block.number,
                confidence=block.confidence,
                fix=block.number,
            )
        yield from _misnumbered_parts(ctx)
        for m in ctx.matches.matches:
            q = m.question
            if m.role != "answer" or q is None or m.section.level != "item" or not m.section.letters:
                continue
            if m.section.number is None and m.context == q.number and m.section.letters[0] == q.letter:
                continue  # a bare letter under a block that answers q's block; a wrong block number is reported once
            written = m.section.written_id
            if written == q.id or m.section.letters[0] != q.letter and q.letter in m.section.letters:
                continue
            alias = next((a for a in q.aliases if a.label == written), None)
            if alias is not None and alias.origin == "paragraph":
                continue
            if alias is not None:
                why = f"{written} is the {alias.cycle} number of {q.id}"
            elif ctx.question_set.question(written):
                why = f"{written} is the item on {ctx.question_set.question(written).title.lower()}"  # type: ignore[union-attr]
            else:
                why = f"there is no item {written}"
            relabel, new_label = _relabel(ctx, m, q.id, q.letter)
            hit = hit_on(m, q, q.id, why=why, how=m.how, relabel=relabel)
            yield replace(hit, fix=new_label)


def _misnumbered_parts(ctx: CheckContext) -> Iterator[Hit]:
    """Parts of a numbered set answered under another number (version 2 sets)."""
    qset = ctx.question_set
    if not qset.parts or qset.style != "numbered":
        return
    numbers = {p.number: p for p in qset.parts if p.number}
    for m in ctx.matches.matches:
        q, s = m.question, m.section
        written = (s.number or "").rstrip(".")
        if m.role != "answer" or q is None or not written or not q.number or written == q.number:
            continue
        if q.number in s.letters:
            continue  # a merged label naming it among others: reported as merged
        alias = next((a for a in q.aliases if a.label == written), None)
        other = numbers.get(written)
        if alias is not None:
            why = f"{written} is its number in {alias.source}"
        elif other is not None:
            why = f"{written} is the number of {other.title.lower()}"
        else:
            why = f"there is no part {written}"
        hit = hit_on(m, q, q.id, why=why, how=m.how, relabel=f"'{q.number}'")
        yield replace(hit, label=s.label.rstrip(".):"), fix=q.number)


def _relabel(ctx: CheckContext, m: Match, qid: str, letter: str) -> tuple[str, str]:
    """(advice, new label) in the draft's own style: bare letters if the block's other items use them."""
    siblings = [
        o.section
        for o in ctx.matches.matches
        if o is not m and o.context == m.context and o.section.level == "item" and o.section.letters
    ]
    bare = sum(s.number is None for s in siblings)
    if siblings and bare * 2 > len(siblings):
        return f"'{letter}.' ({qid}), as the other items of block {m.context} are labelled", letter
    return f"'{qid}.'", qid


class Duplicate:
    NAME = "duplicate"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "expected", "first_line"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for m in ctx.matches.matches:
            if m.role != "duplicate" or m.question is None:
                continue
            first = ctx.matches.answer(m.question.id)
            yield hit_on(m, m.question, m.question.id, first_line=first.section.line if first else "?")


class OutOfOrder:
    NAME = "out-of-order"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "expected", "how", "where"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for m in ctx.matches.matches:
            if m.role == "answer" and m.out_of_order and m.question is not None:
                # `where`: only where it stands ("after 3C and before 3D, out of the instructions' order").
                where = next((p.removeprefix("stands ") for p in m.how.split("; ") if p.startswith("stands ")), "")
                yield hit_on(m, m.question, m.question.id, how=m.how, where=where or "out of the instructions' order")


class Unexpected:
    NAME = "unexpected"
    PARAMS_SCHEMA: Mapping[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["ignore_titles"],
        "properties": {
            "ignore_titles": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "description": "Titles of sections every reply may carry (a title that starts with one, any case).",
            }
        },
    }
    MESSAGE_FIELDS = frozenset({"label", "heading", "how"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        # The rule's titles, and those the question set allows beside its parts.
        ignore = [t.casefold() for t in (*params["ignore_titles"], *ctx.question_set.allowed_sections)]

        def ignored(text: str) -> bool:
            words = text.casefold()
            return any(words.startswith(t) or t == words.strip(" :.") for t in ignore)

        # Items of a block every reply may carry (an abbreviations list) are not unexpected either.
        ignored_blocks = {
            id(item) for block in ctx.document.blocks if block.title and ignored(block.title) for item in block.children
        }
        for m in ctx.matches.matches:
            if m.role != "unexpected":
                continue
            s = m.section
            if ignored(s.title or s.body.text[:60]) or id(s) in ignored_blocks:
                continue
            yield Hit(
                s.line,
                {"label": label_of(m), "heading": s.heading or excerpt(s.body.text, 50), "how": m.how},
                column=s.column,
                label=label_of(m),
                key=s.heading or s.body.text[:80],
            )


class Merged:
    NAME = "merged"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "questions", "title", "expected", "own"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for m in ctx.matches.matches:
            if m.role != "answer" or m.question is None or (len(m.section.letters) < 2 and not m.also_answers):
                continue
            order = {q.id: k for k, q in enumerate(ctx.question_set.questions)}
            covered = sorted([m.question, *m.also_answers], key=lambda q: order.get(q.id, len(order)))
            for q in m.also_answers or covered[:1]:
                # What each part needs of its own: a label in a numbered set, a heading in a titled one.
                own = "heading" if ctx.question_set.style == "titled" else "label"
                yield hit_on(m, q, q.id, questions=" and ".join(x.id for x in covered), own=own)


class Retitled:
    """A titled set's part answered under a heading that is not the template's title."""

    NAME = "retitled"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "written", "heading"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        qset = ctx.question_set
        if qset.style != "titled" or not qset.parts:
            return
        for m in ctx.matches.matches:
            q, s = m.question, m.section
            if m.role != "answer" or q is None or s.form != "heading" or not s.title or m.also_answers:
                continue
            if _plain(s.title) in {_plain(t) for t in (q.title, *q.synonyms, q.text)}:
                continue  # its title, a synonym, or the question itself as the heading
            heading = "#" * max(1, min(6, s.depth or 2)) + " " + q.title
            hit = hit_on(m, q, q.id, written=s.title, heading=heading)
            yield replace(hit, label=s.title, fix=q.title)


def _plain(title: str) -> str:
    """A title as compared with the template's: case, punctuation and "&" for "and" set aside."""
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower().replace("&", " and ")).split())
