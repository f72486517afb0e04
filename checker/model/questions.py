"""Question sets as loaded: blocks, questions, what evidence each asks for, header requirements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

Confidence = Literal["V", "P", "R", "?"]
CONFIDENCE_WORDS = {"V": "verified", "P": "partly verified", "R": "reconstructed", "?": "unknown"}


@dataclass(frozen=True, slots=True)
class EvidenceNeed:
    """One kind of evidence a question asks for, and how to say it is missing."""

    id: str
    kind: str
    terms: tuple[str, ...]
    missing: str
    weight: float
    optional: bool


@dataclass(frozen=True, slots=True)
class Alias:
    """Another number a question goes by: the instruction's paragraph number or last cycle's."""

    label: str  # "29C", "5C"
    origin: Literal["paragraph", "previous"]
    source: str  # "the instruction's paragraph numbering", "tip-2009"
    cycle: str | None = None  # "2009" for a previous cycle's number


@dataclass(frozen=True, slots=True)
class Question:
    """One lettered item of the instructions ("6C") and what a good answer contains."""

    id: str  # "6C"
    number: str  # "6"
    letter: str  # "C"
    title: str
    synonyms: tuple[str, ...]
    text: str
    keywords: tuple[str, ...]
    evidence: tuple[EvidenceNeed, ...]
    confidence: Confidence
    required: bool
    aliases: tuple[Alias, ...] = ()
    successor: str | None = None
    min_score: int | None = None
    source: str = ""  # the question set file it comes from


@dataclass(frozen=True, slots=True)
class Block:
    """A numbered section of the instructions and its lettered items."""

    number: str
    title: str
    synonyms: tuple[str, ...]
    confidence: Confidence
    required: bool
    questions: tuple[Question, ...]
    aliases: tuple[Alias, ...] = ()
    successor: str | None = None


@dataclass(frozen=True, slots=True)
class HeaderSpec:
    """What the instructions require of a reply's header."""

    instruction_cable: str
    previous_cables: tuple[str, ...] = ()
    due: date | None = None
    required_tags: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()
    period: str | None = None
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class MatchingWeights:
    """How much label, title and content count when matching sections to questions."""

    label: float
    title: float
    content: float
    min_pair: float
    skip_question: float
    skip_section: float
    reassign: float
    reassign_missing: float


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """One cycle's instructions, as a question set file describes them."""

    id: str
    title: str
    cycle: str
    path: str
    detect_subject: str  # the pattern, as written
    detect: Any  # ... compiled (checker.load.patterns: `re` for a bundled set, bounded `regex` for a user's)
    header: HeaderSpec
    matching: MatchingWeights
    title_stopwords: frozenset[str]
    blocks: tuple[Block, ...]
    previous: str | None = None
    bundled: bool = False  # comes unchanged from checker's own files

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for b in self.blocks for q in b.questions)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def block(self, number: str) -> Block | None:
        return next((b for b in self.blocks if b.number == number), None)
