"""Checks on what an answer holds: nothing at all, only placeholders, or placeholder text left
from drafting."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from checker.check.base import NO_PARAMS, CheckContext, Hit, excerpt, hit_on, label_of
from checker.load.patterns import (
    Compile,
    as_group,
    compile_users,
    finditer,
    joinable_problem,
    pattern_problem,
)
from checker.model.questions import Question
from checker.score.answers import TEMPLATE_NOTE
from checker.score.sentences import not_applicable_reason, says_not_applicable

_WORDLESS = re.compile(r"[\W_]*")  # what is left of an answer once its placeholders are out: no words


class Empty:
    NAME = "empty"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "expected"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for m in ctx.matches.matches:
            q = m.question
            if m.role == "answer" and q is not None and not m.section.body.text.strip():
                yield hit_on(m, q)


class PlaceholderOnly:
    """A required question whose answer is nothing but placeholders (and template notes): a
    skeleton's `[insert answer]`, a lone `TBD`. Unanswered, as an empty answer is. What a
    placeholder is comes from the placeholder rule's patterns (CheckContext.placeholders)."""

    NAME = "placeholder-only"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "text"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        if not ctx.placeholders:
            return
        for m in ctx.matches.matches:
            q, span = m.question, m.section.body
            if m.role != "answer" or q is None or not q.required_for(ctx.document.metadata) or not span.text.strip():
                continue
            text = TEMPLATE_NOTE.sub(lambda n: " " * len(n.group(0)), span.text)
            found = sorted(
                (f for pattern in ctx.placeholders for f in finditer(pattern, text, ctx.deadline)),
                key=lambda f: f.start(),
            )
            if not found:
                continue
            rest, end = [], 0
            for f in found:
                rest.append(text[end : f.start()])
                end = max(end, f.end())
            rest.append(text[end:])
            if not _WORDLESS.fullmatch("".join(rest)):
                continue
            first = found[0]
            hit = hit_on(m, q, q.id, text=first.group(0).strip()[:60])
            yield replace(
                hit,
                line=span.line_at(first.start()),
                column=span.column_at(first.start(), ctx.document.lines),
                key=first.group(0),
            )


class Placeholder:
    NAME = "placeholder"
    PARAMS_SCHEMA: Mapping[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["patterns"],
        "properties": {
            "patterns": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "minLength": 1},
                "description": "Regular expressions of placeholder text, combined into one: no capturing groups.",
            }
        },
    }
    MESSAGE_FIELDS = frozenset({"text", "question", "title", "label"})

    @staticmethod
    def prepare(params: Mapping[str, Any], compile: Compile) -> Mapping[str, Any]:
        """The patterns as one alternation, so each answer is scanned once; a pattern's leading
        flags such as (?i) become scoped to its own branch."""
        return {**params, "patterns": [compile("|".join(map(as_group, params["patterns"])))]}

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        problems = []
        for i, pattern in enumerate(params["patterns"]):
            problem = pattern_problem(pattern) or joinable_problem(pattern)
            if not problem and compile_users(pattern).fullmatch(""):
                problem = "matches empty text, so it would report every line; make it need at least one character"
            if problem:
                problems.append(f"$.params.patterns[{i}]: {pattern!r}: {problem}")
        if not problems:
            combined = pattern_problem("|".join(map(as_group, params["patterns"])))
            if combined:
                problems.append(
                    f"$.params.patterns: the patterns combined into one do not compile ({combined}); "
                    "write each so that it stands on its own inside (?:...)"
                )
        return problems

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        patterns = params["patterns"]
        for m in ctx.matches.matches:
            span = m.section.body
            label = label_of(m)
            seen_lines: set[int] = set()
            for pattern in patterns:
                for found in finditer(pattern, span.text, ctx.deadline):
                    line = span.line_at(found.start())
                    if line in seen_lines:
                        continue  # one finding per line is enough to send the drafter there
                    seen_lines.add(line)
                    q = m.question
                    yield Hit(
                        line,
                        {
                            "text": excerpt(found.group(0), 60),
                            "question": q.id if q else label,
                            "title": q.title if q else m.section.title,
                            "label": label,
                        },
                        column=span.column_at(found.start(), ctx.document.lines),
                        question=q,
                        label=label,
                        key=found.group(0),
                    )


def _not_applicable_answers(ctx: CheckContext, wanted: Callable[[Question, str | None], bool]) -> Iterator[Hit]:
    """A hit on each answer that opens by saying its part does not apply, where `wanted` (the
    question, and the reason given or None) says so."""
    for m in ctx.matches.matches:
        span, q = m.section.body, m.question
        if m.role != "answer" or q is None or not says_not_applicable(span.text):
            continue
        if wanted(q, not_applicable_reason(span.text)):
            hit = hit_on(m, q, q.id, text=excerpt(span.text, 40))
            yield replace(hit, line=span.line_at(0), column=span.column_at(0, ctx.document.lines), key=span.text)


class NotApplicableRefused:
    """A part whose set does not let it be "not applicable" (version 2 sets say which parts may
    be), answered that way all the same, with a reason (without one, CQ203 asks for it first)."""

    NAME = "not-applicable-refused"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "text"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        metadata = ctx.document.metadata
        # A part this draft need not answer may say why it does not apply.
        return _not_applicable_answers(
            ctx,
            lambda q, reason: reason is not None and not q.accepts_not_applicable and q.required_for(metadata),
        )


class NotApplicableWithoutReason:
    """An answer that says only "N/A" or "not applicable", or gives no reason beyond saying it
    again ("N/A for this project"): an answer only with its reason."""

    NAME = "not-applicable-without-reason"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "text"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        return _not_applicable_answers(ctx, lambda q, reason: reason is None)
