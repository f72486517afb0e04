"""What checking a draft produces: findings, evidence scores, each question's status, reports."""

from __future__ import annotations

from dataclasses import dataclass

from checker.model.document import Section
from checker.model.questions import Question
from checker.model.rules import RuleSpec
from checker.model.severity import Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem reported to the user, with its rule, severity, place and message."""

    code: str  # "CQ102"
    name: str  # "misnumbered-label"
    kind: str  # "misnumbered"
    severity: Severity
    message: str
    line: int
    column: int = 1
    question: str | None = None
    label: str | None = None
    expected: str | None = None
    # Identity that survives rewrapping and moved lines: rule, question and the evidence itself.
    fingerprint: str = ""
    fix: str | None = None  # the text `label` should become, where `checker fix` can change it safely
    confidence: str | None = None  # how sure the set is of the item it is about (its rule's by_confidence reads it)

    def sort_key(self) -> tuple[int, int, int, str]:
        # Worst first, then in reading order: the drafter fixes errors before warnings.
        return (-int(self.severity), self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class EvidenceFound:
    """A piece of evidence found in an answer: the words, and the line they are on."""

    need: str  # the EvidenceNeed id
    kind: str
    line: int
    words: str  # the words that matched, as written


@dataclass(frozen=True, slots=True)
class AskScore:
    """How well an answer answers one ask of its question: the best fact for it, or what is lacking."""

    id: str
    text: str  # the ask in plain words
    strength: float  # 0..1: 0 unanswered; about 0.85 one good fact; 1 fully, with more facts
    line: int = 0  # where its best fact stands (0: none)
    words: str = ""  # the fact's words, as written
    lacking: str | None = None  # what would answer it, when it is unanswered or only weakly


@dataclass(frozen=True, slots=True)
class QuestionScore:
    """How completely one answer is evidenced, and why."""

    score: int  # 0..100
    status: str  # complete | partial | weak | empty | missing
    found: tuple[EvidenceFound, ...] = ()
    missing: tuple[str, ...] = ()  # plain words a drafter can act on: "no conviction count"
    words: int = 0
    bodies: int = 0
    figures: int = 0
    thin: bool = False  # one short sentence with no figure, date or named body
    asks: tuple[AskScore, ...] = ()  # ask by ask: answered (line and words) or lacking (what would answer it)
    capped: str | None = None  # the structural problem that limits the score ("placeholder", "merged"...)

    @property
    def lacking(self) -> tuple[str, ...]:
        """What the drafter should add, in plain words."""
        thin = ("only one short sentence, with no figure, date or named body",) if self.thin else ()
        return thin + self.missing


@dataclass(frozen=True, slots=True)
class QuestionStatus:
    """One question of the set and how the draft answers it: a row of the coverage table."""

    question: Question
    status: str  # answered | missing | empty | placeholder | merged | omitted
    section: Section | None
    how: str
    confidence: float | None
    evidence: QuestionScore | None = None
    required: bool = True  # for this draft: a part may be required only when its metadata says so


@dataclass(frozen=True, slots=True)
class FileReport:
    """Everything checked about one draft."""

    path: str
    question_set: str
    chosen_by: str  # why this question set was used
    questions: tuple[QuestionStatus, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    suppressed: tuple[tuple[Finding, str], ...] = ()  # (finding, the reason given for waiving it)
    baselined: int = 0  # findings left out because the baseline already records them
    # The settings it was checked with: drafts of one run may sit in projects configured apart.
    rules: tuple[RuleSpec, ...] = ()
    fail_under: int | None = None  # the project's coverage floor, if it sets one


@dataclass(frozen=True, slots=True)
class Report:
    """The reports on every draft of a run, and the drafts it could not read."""

    files: tuple[FileReport, ...]
    unreadable: tuple[str, ...] = ()  # one line each: the draft, why it could not be read, what to do
    skipped: tuple[str, ...] = ()  # one line each: a file given or found that is no reply, and why
