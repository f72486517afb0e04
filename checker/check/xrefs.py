"""Cross-references ("see section 4F"): does the target exist, and does it discuss what the
referring sentence names?"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from checker.check.base import CheckContext, Hit
from checker.model.matches import CrossRef, Match
from checker.parse.labels import XREF

_PHRASE = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|on|the|in|to|de|des|du|la)\s+)*[A-Z][\w'’-]*)*")
_QUOTED = re.compile(r"[\"“]([^\"”]{4,80})[\"”]")
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z(\"“])")
_WORD = re.compile(r"[a-z0-9]+")
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_IGNORED = {"section", "sections", "paragraph", "para", "item", "see", "the", "as", "in", "this", "these", "a", "an"}


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class BrokenXref:
    NAME = "broken-xref"
    PARAMS_SCHEMA: Mapping[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}
    MESSAGE_FIELDS = frozenset({"ref", "question", "why"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for ref in ctx.xrefs:
            if ref.target is not None:
                continue
            q = ctx.question_set.question(ref.label)
            why = f"this draft has no answer to {ref.label}" if q else f"the instructions have no item {ref.label}"
            yield Hit(
                ref.line,
                {"ref": ref.label, "question": _where(ref), "why": why},
                column=ref.column,
                question=ref.match.question,
                label=ref.label,
                key=ref.sentence,
            )


class MisdirectedXref:
    NAME = "misdirected-xref"
    PARAMS_SCHEMA: Mapping[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["max_sections"],
        "properties": {
            "max_sections": {
                "type": "integer",
                "minimum": 1,
                "description": "A name found in more items than this is too common to tell.",
            }
        },
    }
    MESSAGE_FIELDS = frozenset({"ref", "terms", "target", "question", "why"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        refs = [ref for ref in ctx.xrefs if ref.target is not None]
        if not refs:
            return
        sections = [m for m in ctx.matches.matches if m.section.level in ("item", "block")]
        candidates = {id(ref): _candidate_terms(ref) for ref in refs}
        index = _WordIndex(sections, {w for terms in candidates.values() for t in terms for w in _core(t)})
        # Positions looked up, not searched for: a pasted archive has thousands of references.
        position_of_match: dict[int, int] = {}
        position_of_section: dict[int, int] = {}
        for i, m in enumerate(sections):
            position_of_match.setdefault(id(m), i)
            position_of_section.setdefault(id(m.section), i)
        for ref in refs:
            own = position_of_match.get(id(ref.match), -1)
            target = position_of_section.get(id(ref.target))
            terms = [t for t in candidates[id(ref)] if 1 <= len(index.holders(t) - {own}) <= params["max_sections"]]
            if not terms or target is None or any(target in index.holders(t) for t in terms):
                continue  # nothing telling to look for, or the target has it: better silent than wrong
            counts = Counter(i for t in terms for i in index.holders(t) if i not in (target, own))
            if not counts:
                continue
            best_count = max(counts.values())
            best = [sections[i] for i in sorted(counts) if counts[i] == best_count]
            likely = _prefer_successor(ref.label, best, ctx) or best[0]
            name = likely.question.id if likely.question else likely.draft_name
            why = ""
            earlier = _earlier_number(ref.label, ctx)
            if earlier and likely.question and earlier == likely.question.id:
                why = f" ({ref.label} is the {ctx.previous.cycle if ctx.previous else 'previous'} number of {name})"
            shown = ", ".join(f"'{t}'" for t in terms[:3])
            yield Hit(
                ref.line,
                {"ref": ref.label, "terms": shown, "target": name, "question": _where(ref), "why": why},
                column=ref.column,
                question=ref.match.question,
                label=ref.label,
                expected=name,
                key=ref.sentence,
                fix=likely.question.id if likely.question else (likely.section.written_id or None),
            )


class _WordIndex:
    """Which sections use each word of the names being looked for, so a name is looked up once,
    not once per section (and a huge draft keeps only those words' postings)."""

    def __init__(self, sections: list[Match], vocabulary: set[str]) -> None:
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for i, m in enumerate(sections):
            for word in _words(f"{m.section.title}\n{m.section.body.text}") & vocabulary:
                self.by_word[word].add(i)

    def holders(self, term: str) -> set[int]:
        core = _core(term)
        if not core:
            return set()
        return set.intersection(*(self.by_word.get(w, set()) for w in core))


def _where(ref: CrossRef) -> str:
    q = ref.match.question
    return q.id if q else (ref.match.section.written_id or f"line {ref.line}")


def _core(term: str) -> list[str]:
    """The words of a name that must all appear for a section to mention it."""
    return [w for w in _WORD.findall(term.lower()) if w not in _IGNORED and (len(w) > 2 or w.isdigit())]


def _candidate_terms(ref: CrossRef) -> list[str]:
    """Names in the referring sentence a reader would search for: capitalised phrases and quotes,
    less sentence openers, months and short ordinary words. Which of them are distinctive depends
    on how many sections use them."""
    sentence = XREF.sub(" ", ref.sentence)
    candidates = [m.group(0) for m in _PHRASE.finditer(sentence)] + _QUOTED.findall(sentence)
    first_word = sentence.strip().split(" ", 1)[0] if sentence.strip() else ""
    terms = []
    for term in dict.fromkeys(candidates):
        term = re.sub(r"^(?:The|A|An|In|As|On|At|During|Since|From)\s+", "", term).strip()
        core = _core(term)
        if not core or all(w in _MONTHS for w in core) or (term == first_word and " " not in term):
            continue
        if " " not in term and not (term.isupper() or any(c.isupper() for c in term[1:])) and len(term) < 5:
            continue
        terms.append(term)
    return terms


def _earlier_number(label: str, ctx: CheckContext) -> str | None:
    """If `label` is last cycle's number of an item, that item's id this cycle."""
    if ctx.previous is None:
        return None
    q = ctx.previous.question(label)
    return q.successor if q else None


def _prefer_successor(label: str, best: list[Match], ctx: CheckContext) -> Match | None:
    successor = _earlier_number(label, ctx)
    return next((m for m in best if m.question and m.question.id == successor), None)
