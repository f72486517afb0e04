"""`checker migrate`: turn last cycle's draft into this cycle's layout.

Blocks, items and the cross-references inside the text are renumbered through the question
sets' mapping, headings are inserted for questions new this cycle (with a placeholder, so lint
flags them until answered), the REF and TAGS lines are brought up to date, and what no longer
exists or must still be done by hand is listed. Only the spans it names are touched."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from checker.deadline import Deadline, OutOfTime
from checker.engine import (
    check_document,
    choose_question_set,
    stopped_error,
    time_limit,
)
from checker.errors import DraftError
from checker.match.align import match_sections
from checker.model.document import Document, Section
from checker.model.matches import MatchResult
from checker.model.questions import Block, Question, QuestionSet
from checker.parse import parse_draft
from checker.parse.labels import XREF
from checker.read.drafts import Decoded, DraftText, Lines
from checker.rewrite.fix import Edit, FixPlan, apply_edits, read_for_rewrite
from checker.rewrite.skeleton import PLACEHOLDER
from checker.rewrite.transitions import Transition, transition
from checker.toolkit import Toolkit


def _token(lines: Lines, line: int, token: str, column: int = 1) -> tuple[int, int] | None:
    text = lines[line - 1]
    for m in re.finditer(re.escape(token), text):
        if (
            m.start() >= column - 1
            and (m.start() == 0 or not text[m.start() - 1].isalnum())
            and (m.end() == len(text) or not text[m.end()].isalnum())
        ):
            return lines.offset(line - 1) + m.start(), lines.offset(line - 1) + m.end()
    return None


def plan_migration(path: str, old_id: str, new_id: str, toolkit: Toolkit) -> FixPlan:
    decoded, read = read_for_rewrite(path, "migrate")
    old, new = toolkit.question_set(old_id), toolkit.question_set(new_id)
    deadline = Deadline.after(time_limit(len(decoded.text), toolkit.options.time_limit))
    try:
        return replace(_plan(path, decoded, old, new, toolkit, deadline), read=read)
    except OutOfTime as exc:
        raise stopped_error(path, exc) from None


def _plan(
    path: str, decoded: Decoded, old: QuestionSet, new: QuestionSet, toolkit: Toolkit, deadline: Deadline
) -> FixPlan:
    t = transition(old, new)
    document = parse_draft(DraftText(path, decoded.text), deadline=deadline)
    if choose_question_set(document, toolkit, None, deadline)[0].id == new.id:
        # Already this cycle's draft (its subject names the new cycle): a second run changes nothing.
        return FixPlan(path, decoded, (), (), decoded.text, (f"already laid out for {new.id}; nothing to migrate",))
    lines = Lines(decoded.text)
    result = match_sections(document, old, toolkit.match_index(old))
    edits: list[Edit] = []
    notes: list[str] = []

    # A block last cycle did not ask for (an abbreviations list, say) takes the number this
    # cycle's set gives it, if it asks for it.
    this_cycle = {id(bm.section): bm.block for bm in match_sections(document, new, toolkit.match_index(new)).blocks}
    for bm in result.blocks:  # block numbers
        s = bm.section
        target = t.blocks.get(bm.block.number) if bm.block else None
        if bm.block is None and this_cycle.get(id(s)) is not None:
            target = this_cycle[id(s)].number  # type: ignore[union-attr]
        if s.number and target and target != s.number and (span := _token(lines, s.line, s.number, s.column)):
            edits.append(Edit(*span, target, reason=f"block {s.number} is {target} in {new.id}"))
    for m in result.matches:  # item labels that carry a number, or a letter that moved
        q, s = m.question, m.section
        target = t.items.get(q.id) if q and m.role == "answer" else None
        if q is None or target is None or s.level != "item" or not s.letters:
            continue
        written = f"{s.number}{s.letters[0]}" if s.number else s.letters[0]
        wanted = target if s.number else target[-1]
        if written != wanted and (span := _token(lines, s.line, written, s.column)):
            edits.append(Edit(*span, wanted, reason=f"{q.id} is {target} in {new.id}"))
    for retired in t.retired:
        answer = result.answer(retired.id)
        where = f"line {answer.section.line}" if answer else "not answered"
        notes.append(f"{retired.id} ({retired.title}) is no longer asked in {new.id} ({where}); remove or move it")
    edits += _cross_references(document, lines, t)
    edits += _header(document, lines, old, new, notes)
    edits += _new_questions(document, decoded.text, result, t, new)
    text = apply_edits(decoded.text, edits)
    _verify(path, text, new, toolkit, deadline)
    return FixPlan(path, decoded, tuple(sorted(edits, key=lambda e: e.start)), (), text, tuple(notes))


def _cross_references(document: Document, lines: Lines, t: Transition) -> list[Edit]:
    edits = []
    first = min((b.line for b in document.blocks), default=len(lines) + 1)
    for index in range(first - 1, len(lines)):
        for m in XREF.finditer(lines[index]):
            old_id = f"{m['number']}{m['letter'].upper()}"
            target = t.items.get(old_id)
            if target and target != old_id:
                start = lines.offset(index) + m.start("number")
                edits.append(
                    Edit(
                        start,
                        start + len(m["number"]),
                        target[:-1],
                        reason=f"reference to {old_id} is {target} in {t.new.id}",
                    )
                )
    return edits


def _header(document: Document, lines: Lines, old: QuestionSet, new: QuestionSet, notes: list[str]) -> list[Edit]:
    header, edits = document.header, []
    if header.ref_line is not None:
        for cable in (old.header.instruction_cable, *new.header.previous_cables):
            span = _token(lines, header.ref_line.line, cable)
            if span:
                edits.append(Edit(*span, new.header.instruction_cable, reason="this cycle's instruction cable"))
                break
        else:
            notes.append(f"line {header.ref_line.line}: cite {new.header.instruction_cable} in the REF line")
    missing = [tag for tag in new.header.required_tags if tag not in header.tags]
    if missing and header.tags_line is not None:
        end = lines.offset(header.tags_line.line - 1) + len(lines[header.tags_line.line - 1].rstrip())
        edits.append(Edit(end, end, " " + " ".join(missing), reason="tags required this cycle"))
    if header.subject is not None and old.cycle in header.subject.text:
        span = _token(lines, header.subject.line, old.cycle)
        if span:
            edits.append(Edit(*span, new.cycle, reason="this cycle's year"))
    if new.header.due:
        notes.append(f"due {new.header.due.isoformat()}: send the reply by then (the date-time group is set when sent)")
    if new.header.period:
        notes.append(f"this cycle covers {new.header.period}: update the period in the introduction and the figures")
    return edits


def _new_questions(document: Document, text: str, result: MatchResult, t: Transition, new: QuestionSet) -> list[Edit]:
    """Headings, with placeholders, for required questions new this cycle, where they belong."""
    added = [q for q in t.added if q.required]
    if not added:
        return []
    ending = "\r\n" if "\r\n" in text else "\n"
    cable = document.format == "cable"
    present = _blocks_by_new_number(result, t)
    order = [b.number for b in new.blocks]
    inserts: dict[int, list[tuple[str, str]]] = {}  # position -> (text, reason), in this cycle's order
    for block in new.blocks:
        wanted = [q for q in added if q.number == block.number]
        if not wanted:
            continue
        if block.number in present:  # the block is there: its new items go at its end
            section = present[block.number]
            where = _line_start_after(text, section.end_line)
            body = "".join(_item(q, cable, bare=True) for q in wanted)
        else:  # a new block: before the next block the draft has, else at the end
            following = [present[n] for n in order[order.index(block.number) + 1 :] if n in present]
            where = _line_start(text, following[0].line) if following else len(text)
            body = _block(block, wanted, cable)
        inserts.setdefault(where, []).append((body, ", ".join(q.id for q in wanted)))
    edits = []
    for where, parts in inserts.items():  # one edit per place, so new blocks keep their order
        body = "".join(b for b, _ in parts).replace("\n", ending)
        if where == len(text) and text and not text.endswith(("\n", "\r")):
            body = ending + body
        edits.append(Edit(where, where, body, reason=f"new in {new.id}: " + ", ".join(r for _, r in parts)))
    return edits


def _blocks_by_new_number(result: MatchResult, t: Transition) -> dict[str, Section]:
    """This cycle's block number -> the draft's block that answers it."""
    return {
        t.blocks[bm.block.number]: bm.section
        for bm in result.blocks
        if bm.block is not None and bm.block.number in t.blocks
    }


def _item(q: Question, cable: bool, bare: bool) -> str:
    if cable:
        return f"{q.letter}.  {q.title}\n\n{PLACEHOLDER}\n\n"
    return f"### {q.letter if bare else q.id}. {q.title}\n{PLACEHOLDER}\n\n"


def _block(block: Block, questions: list[Question], cable: bool) -> str:
    if cable:
        heading = f"{block.number}.  (SBU) {block.title.upper()}"
        return f"{heading}\n{'-' * len(heading)}\n\n" + "".join(_item(q, True, True) for q in questions)
    return f"## {block.number}. {block.title}\n\n" + "".join(_item(q, False, False) for q in questions)


def _line_start(text: str, line: int) -> int:
    return Lines(text).offset(line - 1)


def _line_start_after(text: str, line: int) -> int:
    lines = Lines(text)
    return lines.offset(line) if line < len(lines) else len(text)


def _verify(path: str, text: str, new: QuestionSet, toolkit: Toolkit, deadline: Deadline) -> None:
    report = check_document(
        parse_draft(DraftText(path, text), deadline=deadline),
        new,
        toolkit.settings_for(Path(path)),
        toolkit,
        "",
        deadline,
    )
    wrong = [f for f in report.findings if f.kind in ("misnumbered", "out-of-order", "duplicate")]
    if wrong:
        f = wrong[0]
        raise DraftError(
            f"{path}: after migration line {f.line} would still be {f.kind} ({f.message}); "
            "nothing was changed, fix that section by hand and run migrate again"
        )
