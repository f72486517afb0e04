"""Checks on the cable header: required tags, the instruction cable cited, the date sent and
the addressees."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from checker.check.base import NO_PARAMS, CheckContext, Hit
from checker.model.document import CableRef
from checker.parse.header import cable_refs

_REF_MENTION = re.compile(r"\bRef(?:tel)?s?\.?\s+(?P<letter>[A-Z])\b")


def _first_header_line(ctx: CheckContext) -> int:
    h = ctx.document.header
    lines = [x.line for x in (h.subject, h.tags_line, h.ref_line, h.sent_line, h.addressees) if x]
    return min(lines, default=1)


def same_cable(ref: CableRef, wanted: str) -> bool:
    want = cable_refs(wanted, 0)[0]
    return ref.origin == want.origin and ref.number == want.number and (ref.year in (None, want.year))


class RequiredTags:
    NAME = "header-tags"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"missing_tags", "required_tags"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        header, spec = ctx.document.header, ctx.question_set.header
        if not header.present or not spec.required_tags:
            return
        missing = [t for t in spec.required_tags if t not in header.tags]
        if missing:
            line = header.tags_line.line if header.tags_line else _first_header_line(ctx)
            yield Hit(
                line,
                {"missing_tags": ", ".join(missing), "required_tags": ", ".join(spec.required_tags)},
                label=header.tags_line.text if header.tags_line else None,
                expected=" ".join(spec.required_tags),
            )


class InstructionRef:
    NAME = "header-ref"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"cable", "found", "why"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        header, spec = ctx.document.header, ctx.question_set.header
        if not header.present:
            return
        wanted = spec.instruction_cable
        stale = [r for r in header.refs if any(same_cable(r, old) for old in spec.previous_cables)]
        if not any(same_cable(r, wanted) for r in header.refs):
            found = ", ".join(r.text for r in header.refs[:3]) or "nothing"
            if len(header.refs) > 3:
                found += f" and {len(header.refs) - 3} more"
            why = f"; {stale[0].text} is the previous cycle's instruction" if stale else ""
            line = header.ref_line.line if header.ref_line else _first_header_line(ctx)
            yield Hit(line, {"cable": wanted, "found": found, "why": why}, label=found, expected=wanted)
        # "Responses follow the questions in Ref B", where Ref B is last cycle's instruction.
        by_letter = {r.letter: r for r in header.refs}
        for section in ctx.document.preamble:
            for m in _REF_MENTION.finditer(section.body.text):
                ref = by_letter.get(m["letter"])
                if ref is not None and ref in stale:
                    yield Hit(
                        section.body.line_at(m.start()),
                        {
                            "cable": wanted,
                            "found": f"Ref {m['letter']} ({ref.text})",
                            "why": "; the intro says the answers follow it, but it is the previous cycle's instruction",
                        },
                        column=section.body.column_at(m.start(), ctx.document.lines),
                        label=f"Ref {m['letter']}",
                        expected=wanted,
                    )


class SentLate:
    NAME = "header-date"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"sent", "due", "days"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        header, due = ctx.document.header, ctx.question_set.header.due
        if header.sent is None or due is None or header.sent <= due or header.sent_line is None:
            return
        days = (header.sent - due).days
        yield Hit(
            header.sent_line.line,
            {"sent": header.sent.isoformat(), "due": due.isoformat(), "days": days},
            label=header.sent.isoformat(),
            expected=due.isoformat(),
        )


class Addressee:
    NAME = "header-addressee"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"addressees", "found"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        header, wanted = ctx.document.header, ctx.question_set.header.addressees
        if not wanted or header.addressees is None:
            return  # drafts without a routing header are addressed when they are sent
        text = header.addressees.text.upper()
        missing = [a for a in wanted if a.upper() not in text]
        if missing:
            yield Hit(
                header.addressees.line,
                {"addressees": ", ".join(missing), "found": header.addressees.text},
                label=header.addressees.text,
                expected=", ".join(wanted),
            )
