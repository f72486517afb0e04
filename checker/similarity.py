"""The three signals that tie a draft section to a question: label, title and content."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from checker.models import Question, QuestionSet, Section

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@lru_cache(maxsize=4096)
def title_words(text: str, stopwords: frozenset[str]) -> str:
    return " ".join(w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in stopwords)


def title_similarity(a: str, b: str) -> float:
    """0..1; both arguments already reduced by `title_words`."""
    if not a or not b:
        return 0.0
    # token_set forgives extra words ("RGC", "in Cambodia"); token_sort keeps a one-word
    # title from matching every longer title that contains it.
    return (0.6 * fuzz.token_set_ratio(a, b) + 0.4 * fuzz.token_sort_ratio(a, b)) / 100


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'/-]*")


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Each question's keywords, weighted so that a keyword many questions share counts for
    less than one only this question has. A keyword matches at a word start ("repatriat"
    matches "repatriation")."""

    weights: dict[str, tuple[tuple[str, float], ...]]  # question id -> (keyword, weight)
    totals: dict[str, float]
    phrases: tuple[str, ...]  # keywords of several words
    words: tuple[str, ...]  # one-word keywords


@cache
def keyword_index(qset: QuestionSet) -> KeywordIndex:
    questions = qset.questions
    owners: dict[str, int] = {}
    for q in questions:
        for kw in set(q.keywords):
            owners[kw] = owners.get(kw, 0) + 1
    weights = {q.id: tuple((kw, math.log(1 + len(questions) / owners[kw])) for kw in dict.fromkeys(q.keywords))
               for q in questions}
    totals = {qid: sum(w for _, w in entries) or 1.0 for qid, entries in weights.items()}
    phrases = tuple(" " + " ".join(kw.split()) for kw in owners if " " in kw)
    return KeywordIndex(weights, totals, phrases, tuple(kw for kw in owners if " " not in kw))


def found_keywords(index: KeywordIndex, text: str) -> frozenset[str]:
    """Every keyword of the question set that `text` uses: each looked up once, by prefix in the
    sorted word list, so a draft costs one tokenisation instead of a search per question."""
    in_order = _TOKEN.findall(text)
    tokens = set(in_order)
    for token in list(tokens):
        if "-" in token or "/" in token:
            tokens.update(p for p in re.split(r"[-/]", token) if p)
    ordered = sorted(tokens)
    found = set()
    for kw in index.words:
        i = bisect_left(ordered, kw)
        if i < len(ordered) and ordered[i].startswith(kw):
            found.add(kw)
    # Words joined by single spaces: a phrase keyword is then a plain substring at a word start.
    joined = " " + " ".join(in_order)
    found.update(phrase[1:] for phrase in index.phrases if phrase in joined)
    return frozenset(found)


def content_similarity(index: KeywordIndex, question: Question, found: frozenset[str]) -> tuple[float, tuple[str, ...]]:
    """0..1 share of the question's (weighted) keywords among those found, and which they were."""
    hits = [(w, kw) for kw, w in index.weights[question.id] if kw in found]
    share = sum(w for w, _ in hits) / index.totals[question.id]
    # Square root: an answer using half the telling words is a fair match, not a weak one.
    return math.sqrt(min(1.0, share)), tuple(kw for _, kw in hits)


def section_text(section: Section) -> str:
    return f"{section.title}\n{section.body.text}".lower()
