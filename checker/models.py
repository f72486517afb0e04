"""Immutable records that flow through the pipeline: Document -> Match -> Finding -> Report.

Imports nothing from the rest of the package.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, NamedTuple


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def word(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, word: str) -> Severity:
        return cls[word.upper()]


# ---------------------------------------------------------------- drafts


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Answer text with the draft line each piece came from, page-break clutter removed."""

    text: str  # content lines joined with "\n"
    starts: Sequence[int]  # offset in `text` where each content line starts
    lines: Sequence[int]  # 1-based draft line of each content line

    def line_at(self, offset: int) -> int:
        if not self.lines:
            return 0
        return self.lines[max(0, bisect_right(self.starts, offset) - 1)]

    def column_at(self, offset: int, raw_lines: Sequence[str]) -> int:
        """1-based column of `offset` in the draft's own line (content lines may be stripped)."""
        if not self.lines:
            return 1
        i = max(0, bisect_right(self.starts, offset) - 1)
        piece = self.text[self.starts[i]: self.starts[i] + 40]
        raw = raw_lines[self.lines[i] - 1] if self.lines[i] - 1 < len(raw_lines) else ""
        lead = raw.find(piece[:20]) if piece else -1
        return (lead if lead >= 0 else 0) + (offset - self.starts[i]) + 1

    @property
    def words(self) -> int:
        return len(self.text.split())


EMPTY_SPAN = TextSpan("", (), ())

SectionLevel = Literal["preamble", "block", "item"]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the draft and the answer under it. Knows nothing of question sets."""

    level: SectionLevel
    label: str  # exactly as written, e.g. "5C.", "C & D.", "2." ("" when unlabelled)
    number: str | None  # number written in the label ("5" of "5C", "6" of "6."), None for a bare letter
    letters: tuple[str, ...]  # ("C",), ("C", "D") for a merged label, () for a block
    title: str
    line: int
    column: int
    end_line: int
    body: TextSpan
    block_number: str | None = None  # for an item: the number of the block it sits under, as written
    classification: str | None = None
    children: tuple[Section, ...] = ()

    @property
    def written_id(self) -> str:
        """The label read in the draft's own context: `C.` under block 6 reads `6C`."""
        number = self.number if self.number is not None else self.block_number
        if self.level == "item":
            return f"{number or '?'}{self.letters[0] if self.letters else ''}"
        return number or ""

    @property
    def heading(self) -> str:
        return " ".join(p for p in (self.label, self.title) if p)


@dataclass(frozen=True, slots=True)
class CableRef:
    """One entry of a cable's REF line ("08 STATE 132759")."""

    letter: str  # "A", "B", ... as the REF line orders them
    text: str  # "08 STATE 132759"
    year: str | None  # "08"
    origin: str  # "STATE"
    number: int
    line: int


@dataclass(frozen=True, slots=True)
class HeaderLine:
    """A header line as written, and where."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Header:
    """What a draft's header says: tags, subject, references, date and addressees."""

    tags: tuple[str, ...] = ()
    tags_line: HeaderLine | None = None
    subject: HeaderLine | None = None
    refs: tuple[CableRef, ...] = ()
    ref_line: HeaderLine | None = None
    sent: date | None = None
    sent_line: HeaderLine | None = None
    addressees: HeaderLine | None = None

    @property
    def present(self) -> bool:
        return any((self.tags_line, self.subject, self.ref_line, self.sent_line, self.addressees))


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed draft: its header and its sections, block by block."""

    path: str
    format: Literal["cable", "markdown"]
    lines: Sequence[str]  # the draft's lines, for columns and messages
    header: Header
    preamble: tuple[Section, ...]  # numbered paragraphs before the first question block (intro)
    blocks: tuple[Section, ...]
    notes: tuple[str, ...] = ()  # things the reader did that the user should know (encoding fallback)

    def items(self) -> tuple[Section, ...]:
        return tuple(item for block in self.blocks for item in block.children)

    def all_sections(self) -> tuple[Section, ...]:
        out: list[Section] = list(self.preamble)
        for block in self.blocks:
            out.append(block)
            out.extend(block.children)
        return tuple(out)


# ---------------------------------------------------------------- question sets

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

    def __hash__(self) -> int:  # the generated hash walks every field; questions key caches
        return hash((self.id, self.title, self.text))

    def __reduce__(self) -> tuple[Any, ...]:
        # Copied to another process (a batch worker's report) as where it comes from: fifty
        # questions in every report are most of its size otherwise.
        if self.source:
            from checker.question_sets import question_from

            return question_from, (self.source, self.id)
        return Question, tuple(getattr(self, f.name) for f in fields(self))


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
    detect_subject: str
    header: HeaderSpec
    matching: MatchingWeights
    title_stopwords: frozenset[str]
    blocks: tuple[Block, ...]
    previous: str | None = None

    def __hash__(self) -> int:  # the generated hash walks every question; sets key caches
        return hash((self.id, self.path, self.cycle, len(self.blocks)))

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for b in self.blocks for q in b.questions)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def block(self, number: str) -> Block | None:
        return next((b for b in self.blocks if b.number == number), None)


# ---------------------------------------------------------------- matching

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


# ---------------------------------------------------------------- findings and reports


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


@dataclass(frozen=True, slots=True)
class Report:
    """The reports on every draft of a run, and the drafts it could not read."""

    files: tuple[FileReport, ...]
    unreadable: tuple[str, ...] = ()  # one line each: the draft, why it could not be read, what to do


def _pickled_by_fields(cls: type) -> None:
    """Pickle as the class and its field values: rebuilding through the constructor is several
    times quicker than the generic state of a slotted dataclass, and batch workers send every
    report back to the parent process this way."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return cls, tuple([getattr(self, name) for name in names])

    cls.__reduce__ = __reduce__  # type: ignore[attr-defined]


for _record in (TextSpan, Section, CableRef, HeaderLine, Header, EvidenceNeed, Alias, Finding, EvidenceFound,
                QuestionScore, QuestionStatus, FileReport, Report):
    _pickled_by_fields(_record)
