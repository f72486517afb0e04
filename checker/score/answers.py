"""Score how completely an answer is evidenced: the share of the evidence its question demands
that the answer holds, plus a smaller part for substance (length, named bodies, figures)."""

from __future__ import annotations

from _sre import unicode_tolower
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from checker.compiled import regex
from checker.load.detectors import Detector, Found, find_in_texts
from checker.load.patterns import EXTRA_CASES
from checker.model.document import TextSpan
from checker.model.findings import EvidenceFound, QuestionScore
from checker.model.questions import EvidenceNeed, Question

# A sentence ends at its punctuation; the pattern takes the mark itself so the scan can jump from
# one candidate character to the next (a look-behind first would try every position).
_SENTENCE_END = regex(r"[.!?][\"')\]]?\s+(?=[A-Z(\"“])|\n\s*\n")
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


class _Terms:
    """A need's terms, found as plain string searches in case-folded text. As a regular expression
    (`(?i)\\b(?:stem|stem words)[\\w'-]*`) every need would be compiled afresh in every process, most
    of the time a hook spends on its one draft; this finds exactly what that expression would."""

    __slots__ = ("stems",)

    def __init__(self, terms: tuple[str, ...]) -> None:
        self.stems = tuple(tuple(fold(part) for part in stem.split()) for stem in dict.fromkeys(map(_stem, terms)))

    def search(self, text: str, folded: str, start: int = 0, end: int | None = None) -> tuple[int, str] | None:
        """(offset, whole word) of the first term starting at a word boundary in text[start:end]."""
        end = len(text) if end is None else end
        best: tuple[int, int] | None = None
        for parts in self.stems:  # leftmost wins; at the same place, the earlier term
            found = _first(folded, parts, start, end)
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        if best is None:
            return None
        at, stop = best
        while stop < end and (_is_word(folded[stop]) or folded[stop] in "'-"):  # the whole word, for display
            stop += 1
        return at, text[at:stop]


def _first(folded: str, parts: tuple[str, ...], start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the first place `parts` stand, at a word boundary and apart by whitespace."""
    head = parts[0]
    at = folded.find(head, start, end)
    while at != -1:
        if (at > 0 and _is_word(folded[at - 1])) != _is_word(head[0]):  # \b before it
            stop: int | None = at + len(head)
            for part in parts[1:]:
                space = stop
                while space < end and folded[space].isspace():  # type: ignore[operator]
                    space += 1
                stop = space + len(part) if space > stop and folded.startswith(part, space, end) else None  # type: ignore[operator]
                if stop is None:
                    break
            if stop is not None:
                return at, stop
        at = folded.find(head, at + 1, end)
    return None


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@lru_cache(maxsize=1024)
def _terms(terms: tuple[str, ...]) -> _Terms:
    return _Terms(terms)


# Characters that match each other when case is ignored beyond lower() (ſ and s, ı and i...),
# each mapped to one of its class, as the regular expression engine treats them.
_EXTRA = {code: min(code, *others) for code, others in EXTRA_CASES.items()}


def fold(text: str) -> str:
    """`text` with case folded the way a case-insensitive regular expression compares characters,
    one character for one, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character lowering to two (İ): lowered as the engine does
        lowered = "".join(chr(unicode_tolower(ord(c))) for c in text)
    return lowered.translate(_EXTRA)


def status_for(score: int, params: Mapping[str, Any]) -> str:
    if score >= params["complete"]:
        return "complete"
    return "partial" if score >= params["partial"] else "weak"


def score_answers(answers: Sequence[tuple[Question, TextSpan]], detectors: Mapping[str, Detector],
                  params: Mapping[str, Any]) -> list[QuestionScore]:
    """Score each (question, answer) pair; the detectors scan all the answers in one pass."""
    # Substance always counts figures and named bodies; other detectors run only if asked for.
    wanted = [{n.kind for n in q.evidence} | set(FIGURE_KINDS) | {"body"} for q, _ in answers]
    kinds = set().union(*wanted)
    found = find_in_texts((d for kind, d in detectors.items() if kind in kinds), [span.text for _, span in answers])
    return [_score(q, span, {kind: hits[kind] for kind in want if kind in hits}, params)
            for (q, span), want, hits in zip(answers, wanted, found)]


def score_answer(question: Question, span: TextSpan, detectors: Mapping[str, Detector],
                 params: Mapping[str, Any]) -> QuestionScore:
    return score_answers([(question, span)], detectors, params)[0]


def _score(question: Question, span: TextSpan, hits: Mapping[str, list[Found]],
           params: Mapping[str, Any]) -> QuestionScore:
    text = span.text
    if not text.strip():
        return QuestionScore(0, "empty", missing=tuple(n.missing for n in question.evidence if not n.optional))
    sentences = _sentences(text)
    folded = fold(text)

    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        i = bisect_right(starts, offset) - 1
        return sentences[i] if i >= 0 and offset < sentences[i][1] else (0, len(text))

    found: list[EvidenceFound] = []
    got_required = total_required = got_optional = 0.0
    missing: list[str] = []
    for need in question.evidence:
        evidence = _find_need(need, text, folded, hits, sentence_of)
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
    fullness = (min(1.0, words / substance["words"]) + min(1.0, bodies / substance["bodies"])
                + min(1.0, figures / substance["figures"])) / 3
    weight = substance["weight"]
    score = round(100 * ((1 - weight) * share + weight * fullness))
    thin_rule = params["thin"]
    thin = (len(sentences) <= thin_rule["max_sentences"] and words <= thin_rule["max_words"]
            and not bodies and not figures)
    if thin:
        score = min(score, thin_rule["cap"])
    return QuestionScore(score, status_for(score, params), tuple(found), tuple(missing), words, bodies, figures, thin)


def _find_need(need: EvidenceNeed, text: str, folded: str, hits: Mapping[str, list[Found]],
               sentence_of: Any) -> tuple[int, str] | None:
    """(offset, matched words) of the first evidence meeting `need`, or None."""
    if need.kind == "mention":
        return _terms(need.terms).search(text, folded) if need.terms else None
    candidates = hits.get(need.kind, [])
    if not candidates or not need.terms:
        return (candidates[0].start, candidates[0].text) if candidates else None
    terms = _terms(need.terms)
    # Each candidate asks whether a term stands in its own sentence: only that sentence is read.
    asked: set[tuple[int, int]] = set()
    for m in candidates:
        sentence = sentence_of(m.start)
        if sentence not in asked:
            asked.add(sentence)
            if terms.search(text, folded, *sentence):
                return m.start, m.text
    return None
