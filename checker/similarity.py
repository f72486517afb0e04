"""The three signals that tie a draft section to a question: label, title and content."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from checker.models import Question, QuestionSet, Section

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def title_words(text: str, stopwords: frozenset[str]) -> str:
    return " ".join(w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in stopwords)


def title_similarity(a: str, b: str) -> float:
    """0..1; both arguments already reduced by `title_words`."""
    if not a or not b:
        return 0.0
    # token_set forgives extra words ("RGC", "in Cambodia"); token_sort keeps a one-word
    # title from matching every longer title that contains it.
    return (0.6 * fuzz.token_set_ratio(a, b) + 0.4 * fuzz.token_sort_ratio(a, b)) / 100


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Each question's keywords as word-start patterns, weighted so that a keyword many
    questions share counts for less than one only this question has."""

    patterns: dict[str, tuple[tuple[re.Pattern[str], float, str], ...]]  # question id -> (pattern, weight, kw)
    totals: dict[str, float]


@cache
def keyword_index(qset: QuestionSet) -> KeywordIndex:
    questions = qset.questions
    owners: dict[str, int] = {}
    for q in questions:
        for kw in set(q.keywords):
            owners[kw] = owners.get(kw, 0) + 1
    patterns = {}
    totals = {}
    for q in questions:
        entries = []
        for kw in dict.fromkeys(q.keywords):
            weight = math.log(1 + len(questions) / owners[kw])
            entries.append((re.compile(r"\b" + re.escape(kw).replace(r"\ ", r"\s+")), weight, kw))
        patterns[q.id] = tuple(entries)
        totals[q.id] = sum(w for _, w, _ in entries) or 1.0
    return KeywordIndex(patterns, totals)


def content_similarity(index: KeywordIndex, question: Question, text: str) -> tuple[float, tuple[str, ...]]:
    """0..1 share of the question's (weighted) keywords the text uses, and which it used."""
    found = [(w, kw) for pattern, w, kw in index.patterns[question.id] if pattern.search(text)]
    share = sum(w for w, _ in found) / index.totals[question.id]
    # Square root: an answer using half the telling words is a fair match, not a weak one.
    return math.sqrt(min(1.0, share)), tuple(kw for _, kw in found)


def section_text(section: Section) -> str:
    return f"{section.title}\n{section.body.text}".lower()
