"""How draft sections map to questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from checker.model.document import Section
from checker.model.questions import Block, Question

Role = Literal["answer", "duplicate", "unexpected", "intro"]


class Scores(NamedTuple):
    """How well a section fits a question, by each signal and in all. A named tuple rather than a
    dataclass: the matcher makes one for every section and question pair."""

    label: float = 0.0
    title: float = 0.0
    content: float = 0.0
    total: float = 0.0


@dataclass(frozen=True, slots=True)
class Match:
    """One draft section and the question it answers (or None), with how that was decided."""

    section: Section
    question: Question | None
    role: Role
    scores: Scores = field(default_factory=Scores)
    how: str = ""  # plain words: "label 6C", "title matches 'interagency coordination'"
    out_of_order: bool = False
    also_answers: tuple[Question, ...] = ()  # further questions under a merged label ("C & D.")
    context: str | None = None  # canonical number of the block the section sits in, once blocks are matched

    @property
    def draft_name(self) -> str:
        """How the draft itself numbers this section, with the question it answers if that differs."""
        written = self.section.written_id if self.section.level == "item" else (self.section.number or "")
        if self.question is not None and self.question.id != written:
            return f"{written} (which answers {self.question.id})" if written else self.question.id
        return written or self.section.title


@dataclass(frozen=True, slots=True)
class BlockMatch:
    """A numbered block of the draft and the block of the instructions it answers."""

    section: Section
    block: Block | None
    how: str = ""


@dataclass(frozen=True, slots=True)
class MatchResult:
    """How every section of a draft maps to the questions, and which questions went unanswered."""

    matches: tuple[Match, ...]  # every item section of the draft, in draft order
    blocks: tuple[BlockMatch, ...]
    missing: tuple[Question, ...]
    notes: tuple[str, ...] = ()  # how the matching was limited, for the user
    # question id -> its answer / the merged answer covering it; derived from `matches`, for lookups
    answers: Mapping[str, Match] = field(default_factory=dict, compare=False, repr=False)
    merged: Mapping[str, Match] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        answers: dict[str, Match] = {}
        merged: dict[str, Match] = {}
        for m in self.matches:
            if m.role == "answer" and m.question is not None:
                answers.setdefault(m.question.id, m)
            for q in m.also_answers:
                merged.setdefault(q.id, m)
        object.__setattr__(self, "answers", answers)
        object.__setattr__(self, "merged", merged)

    def answer(self, qid: str) -> Match | None:
        return self.answers.get(qid)

    def merged_into(self, qid: str) -> Match | None:
        return self.merged.get(qid)


@dataclass(frozen=True, slots=True)
class CrossRef:
    """A reference in an answer to another item ("see 4B"), and what it points at."""

    match: Match  # the section the reference stands in
    label: str  # "4B" as written
    line: int
    column: int
    sentence: str
    target: Section | None
    target_question: Question | None
