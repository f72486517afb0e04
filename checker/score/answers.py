"""Score how completely an answer is evidenced: the share of the evidence its question demands
that the answer holds, plus a smaller part for substance (length, named bodies, figures)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from checker.deadline import Deadline
from checker.model.detectors import Detector
from checker.model.document import TextSpan
from checker.model.findings import EvidenceFound, QuestionScore
from checker.model.questions import EvidenceNeed, Question
from checker.score.evidence import Found, find_in_texts

# A sentence ends at its punctuation; the pattern takes the mark itself so the scan can jump from
# one candidate character to the next (a look-behind first would try every position).
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z(\"“])|\n\s*\n")
FIGURE_KINDS = ("count", "percentage", "money", "date", "period", "penalty", "hours")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start() + (text[m.start()] != "\n")))  # a sentence keeps its mark
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_ENDINGS = ("ings", "ing", "ed", "es", "s")


def _stem(term: str) -> str:
    """A term matches at a word start, so "reports" should also find "reported": drop one
    common ending from a one-word term, keeping at least four letters."""
    if " " in term:
        return term
    for ending in _ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            return term[: -len(ending)]
    return term


def terms_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """The first of `terms` at a word start, case ignored, with the rest of its word: a term's
    words may be apart by any whitespace, and a one-word term also finds its other endings."""
    stems = dict.fromkeys(map(_stem, terms))
    alternatives = "|".join(r"\s+".join(map(re.escape, stem.split())) for stem in stems)
    # re keeps its own cache of compiled patterns: a batch compiles each need's pattern once.
    return re.compile(rf"\b(?:{alternatives})[\w'-]*", re.IGNORECASE)


def status_for(score: int, params: Mapping[str, Any]) -> str:
    if score >= params["complete"]:
        return "complete"
    return "partial" if score >= params["partial"] else "weak"


def score_answers(
    answers: Sequence[tuple[Question, TextSpan]],
    detectors: Mapping[str, Detector],
    params: Mapping[str, Any],
    deadline: Deadline,
) -> list[QuestionScore]:
    """Score each (question, answer) pair; the detectors scan all the answers in one pass."""
    # Substance always counts figures and named bodies; other detectors run only if asked for.
    wanted = [{n.kind for n in q.evidence} | set(FIGURE_KINDS) | {"body"} for q, _ in answers]
    kinds = set().union(*wanted)
    found = find_in_texts(
        (d for kind, d in detectors.items() if kind in kinds), [span.text for _, span in answers], deadline
    )
    return [
        _score(q, span, {kind: hits[kind] for kind in want if kind in hits}, params)
        for (q, span), want, hits in zip(answers, wanted, found)
    ]


def score_answer(
    question: Question, span: TextSpan, detectors: Mapping[str, Detector], params: Mapping[str, Any], deadline: Deadline
) -> QuestionScore:
    return score_answers([(question, span)], detectors, params, deadline)[0]


def _score(
    question: Question, span: TextSpan, hits: Mapping[str, list[Found]], params: Mapping[str, Any]
) -> QuestionScore:
    text = span.text
    if not text.strip():
        return QuestionScore(0, "empty", missing=tuple(n.missing for n in question.evidence if not n.optional))
    sentences = _sentences(text)

    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        return sentences[i] if i >= 0 and offset < sentences[i][1] else (0, len(text))

    found: list[EvidenceFound] = []
    got_required = total_required = got_optional = 0.0
    missing: list[str] = []
    for need in question.evidence:
        evidence = _find_need(need, text, hits, sentence_of)
        if evidence is not None:
            found.append(EvidenceFound(need.id, need.kind, span.line_at(evidence[0]), evidence[1]))
        if need.optional:
            got_optional += need.weight if evidence else 0.0
            continue
        total_required += need.weight
        if evidence is not None:
            got_required += need.weight
        else:
            missing.append(need.missing)
    # Optional evidence only ever helps: it joins the denominator when it is there.
    share = (got_required + got_optional) / (total_required + got_optional) if total_required + got_optional else 1.0

    substance = params["substance"]
    words = span.words
    bodies = len({m.text for m in hits.get("body", [])})
    figures = sum(len(hits.get(kind, [])) for kind in FIGURE_KINDS)
    fullness = (
        min(1.0, words / substance["words"])
        + min(1.0, bodies / substance["bodies"])
        + min(1.0, figures / substance["figures"])
    ) / 3
    weight = substance["weight"]
    score = round(100 * ((1 - weight) * share + weight * fullness))
    thin_rule = params["thin"]
    thin = (
        len(sentences) <= thin_rule["max_sentences"] and words <= thin_rule["max_words"] and not bodies and not figures
    )
    if thin:
        score = min(score, thin_rule["cap"])
    return QuestionScore(score, status_for(score, params), tuple(found), tuple(missing), words, bodies, figures, thin)


def _find_need(
    need: EvidenceNeed, text: str, hits: Mapping[str, list[Found]], sentence_of: Any
) -> tuple[int, str] | None:
    """(offset, matched words) of the first evidence meeting `need`, or None."""
    if need.kind == "mention":
        found = terms_pattern(need.terms).search(text) if need.terms else None
        return (found.start(), found.group(0)) if found else None
    candidates = hits.get(need.kind, [])
    if not candidates or not need.terms:
        return (candidates[0].start, candidates[0].text) if candidates else None
    terms = terms_pattern(need.terms)
    # Each candidate asks whether a term stands in its own sentence: only that sentence is read.
    asked: set[tuple[int, int]] = set()
    for m in candidates:
        sentence = sentence_of(m.start)
        if sentence not in asked:
            asked.add(sentence)
            if terms.search(text, *sentence):
                return m.start, m.text
    return None
