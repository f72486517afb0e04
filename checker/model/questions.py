"""Question sets as loaded: blocks, questions, what evidence each asks for, header requirements."""

from __future__ import annotations

from collections.abc import Mapping
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
class EvidenceWay:
    """One way of answering an ask: a fact of this kind, bound to the ask."""

    kind: str  # a detector's kind, or "mention" (terms alone)
    of: tuple[str, ...] = ()  # for a count: the nouns it must count ("shelters", "beds")
    terms: tuple[str, ...] = ()  # words that must stand in the fact's sentence
    in_period: bool = False  # for a date or period: it must fall in the reporting period


@dataclass(frozen=True, slots=True)
class Ask:
    """One thing a question asks (how many, who, since when, with what result...), the ways of
    answering it, and what to tell the drafter when nothing does."""

    id: str
    text: str  # the ask in plain words
    ways: tuple[EvidenceWay, ...]
    missing: str
    weight: float = 1.0
    optional: bool = False
    in_period: bool = False  # its facts count fully only when dated in the reporting period
    actor: str | None = None  # "government": facts about what others did count less


@dataclass(frozen=True, slots=True)
class Alias:
    """Another number a question goes by: the instruction's paragraph number or last cycle's."""

    label: str  # "29C", "5C"
    origin: Literal["paragraph", "previous"]
    source: str  # "the instruction's paragraph numbering", "tip-2009"
    cycle: str | None = None  # "2009" for a previous cycle's number


@dataclass(frozen=True, slots=True)
class Condition:
    """When a part is required: the draft's metadata key holds one of `values` (or none of them)."""

    key: str
    values: tuple[str, ...]  # compared as lower-case text; true/false also read as yes/no
    negated: bool = False

    def holds(self, metadata: Mapping[str, Any]) -> bool:
        given = metadata.get(self.key)
        words = _as_words(given) if given is not None else set()
        return bool(words & set(self.values)) != self.negated

    def __str__(self) -> str:
        return f"{self.key} is {'not ' if self.negated else ''}{' or '.join(self.values)}"


def _as_words(value: Any) -> set[str]:
    if isinstance(value, bool):
        return {"yes", "true"} if value else {"no", "false"}
    return {str(value).strip().lower()}


@dataclass(frozen=True, slots=True)
class Question:
    """One part of the instructions and what a good answer contains: a lettered item of a TIP
    reply ("6C"), or a part of any other instruction, at any depth ("2.1.3", "drawbacks")."""

    id: str  # "6C", "2.1.3", "drawbacks"
    number: str  # "6" (the block of a lettered item); a part's own number ("2.1.3"), "" when it has none
    letter: str  # "C" for a lettered item; ""
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
    # Parts of any depth (question sets of version 2):
    parent: str | None = None  # id of the part it sits in
    depth: int = 2  # 1 for a top part; a TIP item is 2 (under its block)
    group: bool = False  # a part without a question of its own: it only holds others
    required_when: tuple[Condition, ...] = ()  # all must hold for `required` to apply
    not_applicable: bool | None = None  # may "not applicable", with a reason, answer it? None: the set does not say
    free_subsections: bool = False  # headings under its answer are its own, never unexpected
    variants: tuple[str, ...] = ()  # titles recognised as this part that are not the template's
    asks: tuple[Ask, ...] = ()  # what it asks; empty: each evidence need is an ask of its own

    def all_asks(self) -> tuple[Ask, ...]:
        """Its asks: as the set writes them, or one for each evidence need of an older set."""
        if self.asks:
            return self.asks
        return tuple(
            Ask(n.id, n.missing, (EvidenceWay(n.kind, terms=n.terms),), n.missing, n.weight, n.optional)
            for n in self.evidence
        )

    @property
    def accepts_not_applicable(self) -> bool:
        """A reasoned "not applicable" answers it unless its set says otherwise (sets of version 2
        accept one only where a part says `not_applicable: true`)."""
        return self.not_applicable is not False

    def required_for(self, metadata: Mapping[str, Any]) -> bool:
        """Whether a draft with this metadata must answer it."""
        return self.required and not self.group and all(c.holds(metadata) for c in self.required_when)


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

    instruction_cable: str  # "" when the instruction names none
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
    cycle: str  # "" when the instruction has no cycles
    path: str
    detect_subject: str  # the pattern, as written ("" when the set gives none)
    detect: Any  # ... compiled (checker.load.patterns: `re` for a bundled set, bounded `regex` for a user's)
    header: HeaderSpec
    matching: MatchingWeights
    title_stopwords: frozenset[str]
    blocks: tuple[Block, ...]  # a lettered (TIP) set's numbered blocks; () for a set of parts
    previous: str | None = None
    bundled: bool = False  # comes unchanged from checker's own files
    # A set of parts of any depth (version 2): every part in reading order, groups included.
    parts: tuple[Question, ...] = ()
    version: int = 1
    style: Literal["numbered", "titled"] = "numbered"
    detect_title: Any = None  # compiled pattern for the document's title, or None
    detect_headings: int | None = None  # how many of its titles must appear as headings to recognise a draft
    metadata_sidecar: str | None = None  # "{stem}.meta.yaml": where a draft's metadata lives, if not in it
    metadata_keys: tuple[tuple[str, tuple[str, ...], str], ...] = ()  # (key, its values, what it means)
    allowed_sections: tuple[str, ...] = ()  # titles of sections drafts may carry beside the parts
    forms: frozenset[str] = frozenset({"heading", "lead", "bullet", "line"})  # how parts may be written

    @property
    def questions(self) -> tuple[Question, ...]:
        """The parts a draft answers, in reading order (a part that only groups others is not one)."""
        if self.parts:
            return tuple(q for q in self.parts if not q.group)
        return tuple(q for b in self.blocks for q in b.questions)

    def children(self, part_id: str | None) -> tuple[Question, ...]:
        """The parts directly inside part `part_id` (None: the top parts)."""
        return tuple(q for q in self.parts if q.parent == part_id)

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def block(self, number: str) -> Block | None:
        return next((b for b in self.blocks if b.number == number), None)
