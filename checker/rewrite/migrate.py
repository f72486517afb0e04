"""`checker migrate`: carry last cycle's draft into this cycle's layout.

The draft is matched to this cycle's questions as lint matches it (labels, titles, content), and
each block is then migrated on its own: one still under an earlier cycle's number (from the
question sets' `previous:` chain and their `successor` mapping) is renumbered, with its items
and the cross-references inside it; one already under this cycle's number is left alone. So a
draft whose header was brought up to date first, the usual start, is migrated as well as an
untouched copy of last year's reply, and lint afterwards finds no block misnumbered. Headings
with a placeholder are inserted for required questions new this cycle, the REF, TAGS and
SUBJECT lines are brought up to date, and what no longer exists or must still be done by hand
is listed. Only the spans it names are touched."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from checker.deadline import Deadline, OutOfTime
from checker.engine import (
    check_document,
    choose_question_set,
    reply_check,
    stopped_error,
    time_limit,
)
from checker.errors import ConfigError, DraftError
from checker.match.align import match_sections
from checker.model.document import Document
from checker.model.findings import Finding
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


def plan_migration(path: str, old_id: str | None, new_id: str | None, toolkit: Toolkit) -> FixPlan:
    """The edits that carry `path` into `new_id`'s layout (default: the latest cycle of the set the
    draft answers), from `old_id` (default: every earlier cycle the sets' `previous:` chain names,
    block by block as the draft's labels show)."""
    decoded, read = read_for_rewrite(path, "migrate")
    deadline = Deadline.after(time_limit(len(decoded.text), toolkit.options.time_limit))
    try:
        document = parse_draft(DraftText(path, decoded.text), deadline=deadline)
        settings = toolkit.settings_for(Path(path))
        reply_check(document, toolkit, settings.questions, deadline)
        config = toolkit.config_for(Path(path))
        new = (
            toolkit.question_set(new_id, config)
            if new_id
            else _latest_cycle(document, toolkit, settings.questions, deadline)
        )
        steps = _transitions(new, toolkit.question_set(old_id, config) if old_id else None, toolkit)
        if not steps:
            raise DraftError(
                f"{path}: {new.id} names no earlier cycle (`previous:`) to migrate from; give --from SET, "
                "last cycle's question set"
            )
        return replace(_plan(path, decoded, document, steps, new, toolkit, deadline), read=read)
    except OutOfTime as exc:
        raise stopped_error(path, exc) from None


def _latest_cycle(document: Document, toolkit: Toolkit, requested: str | None, deadline: Deadline) -> QuestionSet:
    """This cycle's set: the latest of the family of the set the draft answers (a draft that still
    says 2009 answers tip-2009, whose next cycle tip-2010 names it as `previous`)."""
    try:
        chosen, _ = choose_question_set(document, toolkit, requested, deadline)
    except DraftError:
        raise DraftError(
            f"{document.path}: no question set recognises this draft; give the cycle to migrate to with --to SET"
        ) from None
    family = [
        qset
        for qset in toolkit.candidate_sets(toolkit.config_for(Path(document.path)))
        if chosen.id in (s.id for s in _chain(qset, toolkit))
    ]
    return max(family, key=lambda s: s.cycle, default=chosen)


def _chain(qset: QuestionSet, toolkit: Toolkit) -> list[QuestionSet]:
    """`qset` and the cycles before it, as `previous:` names them (the loader refuses a loop)."""
    out = [qset]
    while len(out) < 20 and (before := toolkit.previous(out[-1])) is not None:
        out.append(before)
    return out


def _transitions(new: QuestionSet, given: QuestionSet | None, toolkit: Toolkit) -> list[Transition]:
    """How each earlier cycle's numbers map onto `new`: the one given with --from, else every
    cycle of the `previous:` chain, the nearest first (two cycles back through the one between)."""
    if given is not None:
        return [transition(given, new)]
    out: list[Transition] = []
    chain = _chain(new, toolkit)
    for older, newer in zip(chain[1:], chain):
        try:
            step = transition(older, newer)
        except ConfigError:  # no `successor` mapping between these two: the chain ends here
            break
        if out:  # compose with the steps after it, up to `new`
            last = out[-1]
            step = Transition(
                older,
                new,
                {o: last.items[n] for o, n in step.items.items() if n in last.items},
                {o: last.blocks[n] for o, n in step.blocks.items() if n in last.blocks},
            )
        out.append(step)
    return out


def _plan(
    path: str,
    decoded: Decoded,
    document: Document,
    steps: list[Transition],
    new: QuestionSet,
    toolkit: Toolkit,
    deadline: Deadline,
) -> FixPlan:
    lines = Lines(decoded.text)
    result = match_sections(document, new, toolkit.match_index(new))  # as lint matches it
    layouts = _layouts(result, steps)
    voted = Counter(t.old.id for t in layouts.values() if t is not None)
    main = next((t for t in steps if t.old.id == voted.most_common(1)[0][0]), steps[0]) if voted else steps[0]
    edits: list[Edit] = []
    notes: list[str] = []
    targets: set[str] = set()  # the blocks and items renumbered: none may stay misnumbered

    for bm in result.blocks:  # block numbers
        s, block, t = bm.section, bm.block, layouts.get(id(bm.section))
        if block is None or not s.number or s.number == block.number:
            continue
        if t is None and voted and main.old.block(s.number) is None:
            # A block the earlier cycle did not ask for (a list of abbreviations), under a number
            # this cycle gives another block: it takes the number this cycle gives it.
            t, layouts[id(s)] = main, main
        if t is None:
            continue  # a wrong number of this cycle: lint reports it, `checker fix` relabels it
        if span := _token(lines, s.line, s.number, s.column):
            was = f"its {t.old.id} number" if t.blocks.get(s.number) == block.number else f"not a block in {t.old.id}"
            edits.append(Edit(*span, block.number, reason=f"block {s.number} is {block.number} in {new.id} ({was})"))
            targets.add(block.number)
    parents = {id(item): block for block in document.blocks for item in block.children}
    for m in result.matches:  # item labels that carry a number, or a letter that moved
        q, s = m.question, m.section
        if q is None or m.role != "answer" or s.level != "item" or not s.letters:
            continue
        parent = parents.get(id(s))
        t = layouts.get(id(parent)) if parent is not None else None
        if s.number:  # the item writes its own number ("5C." in block 6, "### 5C.")
            written, wanted = f"{s.number}{s.letters[0]}", q.id
            t = next((x for x in steps if x.items.get(written) == q.id), None) if written != q.id else None
            others = [c for c in parent.children if c is not s and c.letters] if parent is not None else []
            if others and sum(c.number is None for c in others) * 2 > len(others):
                wanted = q.letter  # labelled as the other items of its block are: a bare letter
        else:  # a bare letter: its number is its block's, renumbered above
            written, wanted = s.letters[0], q.letter
            if t is not None and t.items.get(f"{s.block_number}{written}") != q.id:
                t = None
        if t is not None and written != wanted and (span := _token(lines, s.line, written, s.column)):
            edits.append(Edit(*span, wanted, reason=f"{q.id} was {t.old.id}'s {s.written_id}"))
            targets.add(q.id)
    edits += _cross_references(document, lines, layouts)
    edits += _header(document, lines, [t.old for t in steps], new, notes)
    edits += _new_questions(document, decoded.text, result, main, new)
    if not edits:
        return FixPlan(path, decoded, (), (), decoded.text, (f"already laid out for {new.id}; nothing to migrate",))
    for retired in main.retired:
        answer = match_sections(document, main.old, toolkit.match_index(main.old)).answer(retired.id)
        where = f"line {answer.section.line}" if answer else "not answered"
        notes.append(f"{retired.id} ({retired.title}) is no longer asked in {new.id} ({where}); remove or move it")
    if new.header.due:
        notes.append(f"due {new.header.due.isoformat()}: send the reply by then (the date-time group is set when sent)")
    if new.header.period:
        notes.append(f"this cycle covers {new.header.period}: update the period in the introduction and the figures")
    text = apply_edits(decoded.text, edits)
    left = _verify(path, document, text, new, targets, toolkit, deadline)
    moved = sorted({t.old.id for t in layouts.values() if t is not None})
    summary = f"migrated to {new.id}" + (f" from {', '.join(moved)}" if moved else "")
    return FixPlan(
        path, decoded, tuple(sorted(edits, key=lambda e: e.start)), left, text, tuple(notes), summary=summary
    )


def _layouts(result: MatchResult, steps: list[Transition]) -> dict[int, Transition | None]:
    """Each draft block's numbering (by id of its section): the earlier cycle whose number it
    still carries for the block it answers, or None (this cycle's number, or none to tell)."""
    out: dict[int, Transition | None] = {}
    for bm in result.blocks:
        s, block = bm.section, bm.block
        if block is None or not s.number or s.number == block.number:
            out[id(s)] = None
            continue
        out[id(s)] = next((t for t in steps if t.blocks.get(s.number) == block.number), None)
    return out


def _cross_references(document: Document, lines: Lines, layouts: dict[int, Transition | None]) -> list[Edit]:
    """References inside a block still under an earlier cycle's numbers ("see section 2B") use
    that cycle's numbers too: renumbered with it. A block already renumbered keeps its references
    as they are (lint checks where they point)."""
    edits = []
    for block in document.blocks:
        t = layouts.get(id(block))
        if t is None:
            continue
        end = min(block.end_line, len(lines))
        for index in range(block.line - 1, end):
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


def _header(
    document: Document, lines: Lines, earlier: list[QuestionSet], new: QuestionSet, notes: list[str]
) -> list[Edit]:
    header, edits = document.header, []
    if header.ref_line is not None and not _token(lines, header.ref_line.line, new.header.instruction_cable):
        cables = dict.fromkeys(
            c for qset in earlier for c in (qset.header.instruction_cable, *new.header.previous_cables) if c
        )
        for cable in cables:
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
    if header.subject is not None and new.cycle not in header.subject.text:
        for qset in earlier:
            span = _token(lines, header.subject.line, qset.cycle) if qset.cycle else None
            if span:
                edits.append(Edit(*span, new.cycle, reason="this cycle's year"))
                break
    return edits


def _new_questions(document: Document, text: str, result: MatchResult, t: Transition, new: QuestionSet) -> list[Edit]:
    """Headings, with placeholders, for required questions new this cycle that the draft does not
    answer yet, where they belong."""
    added = [q for q in t.added if q.required and result.answer(q.id) is None and result.merged_into(q.id) is None]
    if not added:
        return []
    ending = "\r\n" if "\r\n" in text else "\n"
    cable = document.format == "cable"
    present = {bm.block.number: bm.section for bm in result.blocks if bm.block is not None}
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


def _verify(
    path: str, document: Document, text: str, new: QuestionSet, targets: set[str], toolkit: Toolkit, deadline: Deadline
) -> tuple[Finding, ...]:
    """Refuse a migration that leaves a block or item it renumbered misnumbered, or brings a
    structural finding the draft did not have; what was wrong before and is still wrong (a wrong
    number of this cycle) is returned, for the drafter."""
    settings = toolkit.settings_for(Path(path))
    structural = ("misnumbered", "out-of-order", "duplicate")
    before = check_document(document, new, settings, toolkit, "", deadline)
    after = check_document(parse_draft(DraftText(path, text), deadline=deadline), new, settings, toolkit, "", deadline)
    had = {(f.code, f.question, f.label) for f in before.findings if f.kind in structural}
    for f in after.findings:
        if f.kind not in structural:
            continue
        if (
            (f.code, f.question, f.label) not in had
            or f.kind == "misnumbered"
            and (f.question or f.expected) in targets
        ):
            raise DraftError(
                f"{path}: after migration line {f.line} would be {f.kind} ({f.message}); "
                "nothing was changed, fix that section by hand and run migrate again"
            )
    return tuple(f for f in after.findings if f.kind == "misnumbered")
