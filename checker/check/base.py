"""What every check receives and what it yields. A check never decides severity or wording:
the engine stamps rule id, severity and message onto each hit."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from checker.deadline import NO_DEADLINE, Deadline
from checker.model.document import Document
from checker.model.findings import QuestionScore
from checker.model.matches import CrossRef, Match, MatchResult
from checker.model.questions import Question, QuestionSet

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check may read about one draft: its sections, how they matched, their scores."""

    document: Document
    question_set: QuestionSet
    matches: MatchResult
    previous: QuestionSet | None = None  # last cycle's set, to explain stale numbers
    scores: Mapping[str, QuestionScore] = field(default_factory=dict)  # question id -> evidence score
    suppressions: tuple[Any, ...] = ()  # DirectiveStatus of each waiver, once the other rules have run
    xrefs: tuple[CrossRef, ...] = ()  # the draft's cross-references, resolved
    deadline: Deadline = NO_DEADLINE  # users' patterns search within it (checker.load.patterns)
    # What a placeholder is: the placeholder rule's patterns, when that rule is in force.
    placeholders: tuple[Any, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a check found a problem; the engine turns it into a Finding with the rule's wording."""

    line: int
    args: Mapping[str, object]
    column: int = 1
    question: Question | None = None
    label: str | None = None
    expected: str | None = None
    confidence: str | None = None  # for hits on a block rather than a question
    key: str = ""  # the evidence itself (placeholder text, heading...), for the finding's fingerprint
    fix: str | None = None  # what `label` should become, when a mechanical fix is safe


class Check(Protocol):
    NAME: str
    PARAMS_SCHEMA: Mapping[str, Any]
    MESSAGE_FIELDS: frozenset[str]

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]: ...


NO_PARAMS: Mapping[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}


def label_of(m: Match) -> str:
    """The label as the draft wrote it, without its full stop; the title for an unlabelled heading."""
    label = m.section.label.rstrip(".:")
    if label.endswith(")") and "(" not in label:
        label = label[:-1]
    return label or m.section.title


def hit_on(m: Match, question: Question, expected: str | None = None, **args: object) -> Hit:
    """A hit at a matched section's heading, with the fields every section message offers."""
    label = label_of(m)
    fields = {"label": label, "question": question.id, "title": question.title, "expected": expected, **args}
    return Hit(m.section.line, fields, column=m.section.column, question=question, label=label, expected=expected)


def missing_lines(ctx: CheckContext) -> dict[str, int]:
    """For every question, the line where its answer belongs if missing: the heading of the next
    answered question, so the drafter is sent between the right neighbours. Found in one pass over
    the set, which may hold thousands of parts, most of them missing from a short draft."""
    answered = {m.question.id: m.section.line for m in ctx.matches.matches if m.role == "answer" and m.question}
    if not answered:
        return {q.id: 1 for q in ctx.question_set.questions}
    # Nothing after it answered: it belongs at the end, after the last answer's text.
    lines = ctx.document.lines
    line = next((n + 1 for n in range(len(lines) - 1, -1, -1) if lines[n].strip()), 1)
    out: dict[str, int] = {}
    for q in reversed(ctx.question_set.questions):
        out[q.id] = line
        line = answered.get(q.id, line)
    return out


def answered_neighbours(ids: Sequence[str], answered: Mapping[str, T]) -> dict[str, tuple[T | None, T | None]]:
    """For each of `ids` in order, the nearest answered one before it and after it (one pass each
    way, not a search per id)."""
    out: dict[str, tuple[T | None, T | None]] = {}
    before: T | None = None
    for i in ids:
        out[i] = (before, None)
        before = answered.get(i, before)
    after: T | None = None
    for i in reversed(ids):
        out[i] = (out[i][0], after)
        after = answered.get(i, after)
    return out


def excerpt(text: str, limit: int) -> str:
    """`text` on one line, cut at a word's end to at most `limit` characters (with "…" when cut):
    a message quotes the draft as it reads, never half a word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
