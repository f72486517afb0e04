"""The three signals that tie a draft section to a question: label, title and content."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from checker.model.document import Section
from checker.model.questions import Question, QuestionSet

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def title_words(text: str, stopwords: frozenset[str]) -> str:
    return " ".join(w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in stopwords)


def _blend(token_set: float, token_sort: float) -> float:
    # token_set forgives extra words ("RGC", "in Cambodia"); token_sort keeps a one-word
    # title from matching every longer title that contains it.
    return (0.6 * token_set + 0.4 * token_sort) / 100


def title_similarity(a: str, b: str) -> float:
    """0..1; both arguments already reduced by `title_words`."""
    if not a or not b:
        return 0.0
    return _blend(fuzz.token_set_ratio(a, b), fuzz.token_sort_ratio(a, b))


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'/-]*")


@dataclass(frozen=True, slots=True)
class KeywordIndex:
    """Each question's keywords, weighted so that a keyword many questions share counts for
    less than one only this question has. A keyword matches at a word start ("repatriat"
    matches "repatriation")."""

    weights: dict[str, tuple[tuple[str, float], ...]]  # question id -> (keyword, weight)
    totals: dict[str, float]
    owners: dict[str, tuple[tuple[str, float], ...]]  # keyword -> (question id, weight)
    phrases: dict[str, tuple[str, ...]]  # keywords of several words, by their first: " " + phrase
    word_set: frozenset[str]  # one-word keywords
    shortest: int
    longest: int
    starts: frozenset[str]  # the one-word keywords cut to `shortest` letters: a quick test of a word


def keyword_index(qset: QuestionSet) -> KeywordIndex:
    questions = qset.questions
    owners: dict[str, int] = {}
    for q in questions:
        for kw in set(q.keywords):
            owners[kw] = owners.get(kw, 0) + 1
    weights = {
        q.id: tuple((kw, math.log(1 + len(questions) / owners[kw])) for kw in dict.fromkeys(q.keywords))
        for q in questions
    }
    totals = {qid: sum(w for _, w in entries) or 1.0 for qid, entries in weights.items()}
    phrases: dict[str, tuple[str, ...]] = {}
    for parts in (kw.split() for kw in owners if " " in kw):
        phrases[parts[0]] = (*phrases.get(parts[0], ()), " " + " ".join(parts))
    by_keyword: dict[str, list[tuple[str, float]]] = {}
    for qid, entries in weights.items():
        for kw, weight in entries:
            by_keyword.setdefault(kw, []).append((qid, weight))
    words = frozenset(kw for kw in owners if " " not in kw)
    shortest = min(map(len, words), default=1)
    return KeywordIndex(
        weights,
        totals,
        {k: tuple(v) for k, v in by_keyword.items()},
        phrases,
        words,
        shortest,
        max(map(len, words), default=0),
        frozenset(word[:shortest] for word in words),
    )


def found_keywords(index: KeywordIndex, text: str, words_seen: dict[str, frozenset[str]]) -> frozenset[str]:
    """Every keyword of the question set that `text` uses. A keyword matches at a word start, so
    each distinct word is looked up once rather than searched for keyword by keyword;
    `words_seen` holds what the draft's other sections' words gave (the caller's, for one draft)."""
    in_order = _TOKEN.findall(text)
    tokens = set(in_order)
    found: set[str] = set()
    for token in tokens:
        if token not in words_seen:
            words_seen[token] = _keywords_beginning(index, token)
        found.update(words_seen[token])
    # Words joined by single spaces: a phrase keyword is then a plain substring at a word start,
    # and its first word is one of the text's words.
    starting = tokens.intersection(index.phrases)
    if starting:
        joined = " " + " ".join(in_order)
        found.update(phrase[1:] for first in starting for phrase in index.phrases[first] if phrase in joined)
    return frozenset(found)


def _keywords_beginning(index: KeywordIndex, token: str) -> frozenset[str]:
    parts = [token, *(p for p in re.split(r"[-/]", token) if p)] if "-" in token or "/" in token else [token]
    words, shortest, longest, starts = index.word_set, index.shortest, index.longest, index.starts
    return frozenset(
        part[:n]
        for part in parts
        if part[:shortest] in starts
        for n in range(shortest, min(len(part), longest) + 1)
        if part[:n] in words
    )


def content_shares(index: KeywordIndex, found: frozenset[str]) -> dict[str, float]:
    """content_similarity for every question at once: question id -> 0..1 (absent: 0)."""
    sums: dict[str, float] = {}
    for kw in sorted(found):  # a fixed order: sums of floats depend on it
        for qid, weight in index.owners.get(kw, ()):
            sums[qid] = sums.get(qid, 0.0) + weight
    return {qid: _saturate(total / index.totals[qid]) for qid, total in sums.items()}


@dataclass(frozen=True, slots=True)
class TitleIndex:
    """Groups of titles (a question's or a block's title and synonyms), reduced once, so that a
    section title is compared with all of them in one call to rapidfuzz."""

    size: int  # groups
    choices: tuple[str, ...]  # distinct reduced titles
    owners: tuple[tuple[int, int], ...]  # (group, choice) for every title of every group

    def row(self, title: str) -> tuple[float, ...]:
        """title_similarity of one reduced section title against every group (best of its
        titles), a title at a time in rapidfuzz rather than a pair at a time."""
        row = [0.0] * self.size
        if title:
            token_set = [0.0] * len(self.choices)
            for _, score, i in process.extract(title, self.choices, scorer=fuzz.token_set_ratio, limit=None):
                token_set[i] = score
            token_sort = [0.0] * len(self.choices)
            for _, score, i in process.extract(title, self.choices, scorer=fuzz.token_sort_ratio, limit=None):
                token_sort[i] = score
            for j, i in self.owners:
                row[j] = max(row[j], _blend(token_set[i], token_sort[i]))
        return tuple(row)


def title_index(groups: list[tuple[str, ...]], stopwords: frozenset[str]) -> TitleIndex:
    variants = [(j, title_words(t, stopwords)) for j, titles in enumerate(groups) for t in titles]
    choices = tuple(dict.fromkeys(v for _, v in variants if v))
    position = {v: i for i, v in enumerate(choices)}
    return TitleIndex(len(groups), choices, tuple((j, position[v]) for j, v in variants if v))


@dataclass(frozen=True, slots=True)
class MatchIndex:
    """What matching needs of a question set, worked out once a run: keyword weights, and the
    reduced titles of the questions and of the blocks (or, for a set of parts, of every part)."""

    keywords: KeywordIndex
    titles: TitleIndex
    block_titles: TitleIndex
    # For a set of parts: each part's reduced titles (its own, synonyms, variants) and question.
    part_titles: Mapping[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)

    def part_title(self, words: str, part: Question) -> float:
        """0..1: how well reduced title words name `part`. Its own titles count in full; its
        question (drafts that use the question as their heading) a little less."""
        titles, question = self.part_titles.get(part.id, ((), ""))
        if words in titles:
            return 1.0
        best = max((title_similarity(words, t) for t in titles), default=0.0)
        if question:
            best = max(best, 0.9 * title_similarity(words, question))
        return best


def index_question_set(qset: QuestionSet) -> MatchIndex:
    stop = qset.title_stopwords
    return MatchIndex(
        keyword_index(qset),
        title_index([(q.title, *q.synonyms) for q in qset.questions], stop),
        title_index([(b.title, *b.synonyms) for b in qset.blocks], stop),
        {
            p.id: (
                tuple(filter(None, (title_words(t, stop) for t in (p.title, *p.synonyms, *p.variants)))),
                title_words(p.text, stop),
            )
            for p in qset.parts
        },
    )


def content_similarity(index: KeywordIndex, question: Question, found: frozenset[str]) -> tuple[float, tuple[str, ...]]:
    """0..1 share of the question's (weighted) keywords among those found, and which they were."""
    hits = [(w, kw) for kw, w in index.weights[question.id] if kw in found]
    return _saturate(sum(w for w, _ in hits) / index.totals[question.id]), tuple(kw for _, kw in hits)


def _saturate(share: float) -> float:
    # Square root: an answer using half the telling words is a fair match, not a weak one.
    return math.sqrt(min(1.0, share))


def section_text(section: Section) -> str:
    return f"{section.title}\n{section.body.text}".lower()
