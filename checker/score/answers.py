"""Score how completely an answer is evidenced: ask by ask, as an experienced reviewer reads it.

A question holds several asks (how many, who, since when, with what result). For each ask the
answer is searched for the facts that answer it, bound to it: a count must count the asked thing
("12 shelters" answers "how many shelters", "83 victims" does not), a date must fall in the
reporting period where the ask wants one, a source is a named body or document, a law is cited
with its article. Each fact is weighed by its quality: full when specific, attributed and dated
in the period; less when hedged ("reportedly"), undated, or about what others did where the
question asks what the government did. An ask answered by one such fact is largely answered;
more distinct facts complete it. The score is the weighted share of the asks answered and how
well (optional asks only ever help), so a thin but present answer lands mid-scale and only a full
one reaches the top.

What is never evidence: template notes ([NOTE: ...]), placeholders and the sentences holding them,
and a fact said again under another question: the same fact counts once per draft, in the answer
where it answers best."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from checker.deadline import NO_DEADLINE, Deadline
from checker.load.patterns import Pattern, finditer
from checker.model.detectors import Detector
from checker.model.document import TextSpan
from checker.model.findings import AskScore, EvidenceFound, QuestionScore
from checker.model.questions import Ask, EvidenceWay, Question
from checker.score.evidence import Found, find_in_texts
from checker.score.sentences import BARE_NOT_APPLICABLE, Sentence, dated, not_applicable_reason, sentences
from checker.score.terms import TermPatterns

FIGURE_KINDS = ("count", "percentage", "money", "date", "period", "penalty", "hours", "size", "duration")
# The kinds checker's own detectors find (rules/detectors/). A kind outside them is a project's
# own (a version number, a web address): a fact its sets ask for, as specific as a figure.
BUNDLED_KINDS = frozenset(
    "body code count date duration file-format hours identifier law licence money penalty percentage period size "
    "source url".split()
)
_ONCE = frozenset(("count", "percentage", "money", "penalty", "hours", "size"))
_MUST_BIND = _ONCE
# Template notes a skeleton writes into a cable, or a drafter's own notes: never evidence.
TEMPLATE_NOTE = re.compile(
    r"\[\s*NOTE\b.*?(?:END\s+NOTE\.?\s*\]|\]|$)|^\s*(?:BEGIN|START)\s+NOTE\b.*?END\s+NOTE\.?",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
_QUALITY = {"mention": 0.55}  # presence only: weaker than a specific fact
# A mention's quality by (could a specific fact answer the ask?, is the mention beside one?).
_MENTION = {(False, True): 0.9, (False, False): 0.75, (True, True): 0.9, (True, False): 0.55}
_NOT_APPLICABLE = 0.9  # a reasoned "not applicable" where the part accepts one
_HEDGED, _OTHERS, _UNDATED, _OUT_OF_PERIOD, _TAKEN, _UNBOUND = 0.5, 0.5, 0.85, 0.4, 0.95, 0.6


def status_for(score: int, params: Mapping[str, Any]) -> str:
    if score >= params["complete"]:
        return "complete"
    return "partial" if score >= params["partial"] else "weak"


@dataclass
class _Fact:
    """A fact bound to an ask of one answer, before the same fact said elsewhere is set aside."""

    answer: int
    ask: int
    quality: float
    start: int
    words: str
    signature: str  # a figure, normalised: the same figure in two answers counts once; "" for others
    bound: bool  # the ask's own words stand beside it (a tie between two answers goes to this one)
    fit: int  # how many of its question's keywords its sentence holds (the next tie-break)


@dataclass
class _Answer:
    question: Question
    span: TextSpan
    text: str  # the span's text with notes and placeholder sentences blanked (offsets kept)
    sentences: list[Sentence]
    starts: list[int]
    hits: Mapping[str, list[Found]]
    when: list[float | None]  # how well each sentence's dates fall in the period, as a reader takes them
    patterns: TermPatterns  # the run's compiled term lists

    def index_of(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return i if i >= 0 and offset < self.sentences[i].end else None

    def clause(self, sentence: Sentence, offset: int) -> tuple[int, int]:
        """The part of `sentence` around `offset` between semicolons: "charged 41 suspects; courts
        acquitted two" binds "acquitted" to the second clause only."""
        start = self.text.rfind(";", sentence.start, offset) + 1 or sentence.start
        end = self.text.find(";", offset, sentence.end)
        return start, end if end >= 0 else sentence.end


def score_answers(
    answers: Sequence[tuple[Question, TextSpan]],
    detectors: Mapping[str, Detector],
    params: Mapping[str, Any],
    deadline: Deadline = NO_DEADLINE,
    *,
    period: tuple[date, date] | None = None,
    placeholders: Sequence[Pattern] = (),
    patterns: TermPatterns | None = None,
    may_not_apply: Collection[str] = (),
) -> list[QuestionScore]:
    """Score each (question, answer) pair of one draft. The detectors scan all the answers in one
    pass; a fact found in several answers counts in the one where it answers best. `may_not_apply`:
    ids of questions this draft need not answer, which a reasoned "not applicable" answers fully."""
    patterns = patterns if patterns is not None else TermPatterns()
    cleaned = [_without_notes(span.text, placeholders, deadline) for _, span in answers]
    texts = [text for text, _ in cleaned]
    kinds = {w.kind for q, _ in answers for a in q.all_asks() for w in a.ways} | set(FIGURE_KINDS) | {"body"}
    found = find_in_texts((d for kind, d in detectors.items() if kind in kinds), texts, deadline)
    prepared = []
    for (question, span), (text, listed), hits in zip(answers, cleaned, found):
        when = _dates_as_read(text, listed, period)
        prepared.append(_Answer(question, span, text, listed, [s.start for s in listed], hits, when, patterns))
    repeated = _repeated_sentences(prepared)
    facts = [_facts(i, a, period, repeated) for i, a in enumerate(prepared)]
    kept = _once_per_draft([f for per_answer in facts for f in per_answer])
    return [
        _score(a, [f for f in kept if f.answer == i], params, a.question.id in may_not_apply)
        for i, a in enumerate(prepared)
    ]


def _without_notes(text: str, placeholders: Sequence[Pattern], deadline: Deadline) -> tuple[str, list[Sentence]]:
    """`text` with template notes and the sentences holding a placeholder blanked out (spaces, so
    that every offset still points at the same line), and the sentences left."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    text = TEMPLATE_NOTE.sub(blank, text)
    listed = sentences(text)
    if not placeholders:
        return text, listed
    starts = [s.start for s in listed]
    holding = set()
    for pattern in placeholders:
        for m in finditer(pattern, text, deadline):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < listed[i].end:
                holding.add(i)
    for i in holding:
        at = listed[i]
        text = text[: at.start] + re.sub(r"[^\n]", " ", text[at.start : at.end]) + text[at.end :]
    return text, [s for i, s in enumerate(listed) if i not in holding]


def _dates_as_read(text: str, listed: list[Sentence], period: tuple[date, date] | None) -> list[float | None]:
    """When each sentence's facts date from, as a reviewer reads them: a sentence that names no
    date is read in the answer's time frame (its best-placed date: "From April 2009, police made
    87 arrests. Courts convicted 23."), counted a little less than a date of its own, and only
    where that beats having none. Taking the best date keeps the reading monotonic: deleting a
    sentence never improves another's date."""
    own = [dated(text[s.start : s.end], period) for s in listed]
    frame = max((w for w in own if w is not None), default=None)
    taken = frame * _TAKEN if frame is not None and frame * _TAKEN > _UNDATED else None
    return [w if w is not None else taken for w in own]


def _facts(index: int, answer: _Answer, period: tuple[date, date] | None, repeated: frozenset[str]) -> list[_Fact]:
    out = []
    for k, ask in enumerate(answer.question.all_asks()):
        for way in ask.ways:
            for start, words, quality, bound in _ways(answer, ask, way, period):
                signature = _signature(way.kind, words)
                at = answer.index_of(start)
                said = _said(answer, at) if at is not None else ""
                if said in repeated:
                    # A sentence pasted under several questions: everything in it counts once.
                    signature = f"{said}|{way.kind}|{signature or words.lower()}"
                fit = _fit(answer, start) if signature else 0
                out.append(_Fact(index, k, quality, start, words, signature, bound, fit))
    return out


_MIN_REPEATED_WORDS = 6  # shorter sentences ("No cases were reported.") may rightly recur


def _said(answer: _Answer, at: int) -> str:
    sentence = answer.sentences[at]
    return " ".join(answer.text[sentence.start : sentence.end].lower().split())


def _repeated_sentences(answers: Sequence[_Answer]) -> frozenset[str]:
    """Sentences of some length said word for word in more than one answer."""
    seen: dict[str, int] = {}
    repeated = set()
    for i, answer in enumerate(answers):
        for at in range(len(answer.sentences)):
            said = _said(answer, at)
            if len(said.split()) < _MIN_REPEATED_WORDS:
                continue
            if seen.setdefault(said, i) != i:
                repeated.add(said)
    return frozenset(repeated)


def _fit(answer: _Answer, offset: int) -> int:
    """How many of the question's keywords the sentence at `offset` holds: where the same figure
    answers two questions equally, it belongs to the one it is about."""
    at = answer.index_of(offset)
    if at is None or not answer.question.keywords:
        return 0
    sentence = answer.sentences[at]
    keywords = tuple(answer.question.keywords)
    said = {
        " ".join(m.group(0).lower().split())
        for m in answer.patterns(keywords).finditer(answer.text, sentence.start, sentence.end)
    }
    return sum(1 for k in answer.patterns.stems(keywords) if any(w.startswith(k) for w in said))


def _ways(
    answer: _Answer, ask: Ask, way: EvidenceWay, period: tuple[date, date] | None
) -> list[tuple[int, str, float, bool]]:
    """(offset, words, quality, bound) of each fact in the answer that answers `ask` this way."""
    text = answer.text
    terms = answer.patterns(way.terms) if way.terms else None
    stronger = any(w.kind != "mention" for w in ask.ways)
    candidates: list[tuple[int, str]] = []
    if way.kind == "mention":
        if terms is None:
            return []
        candidates = [(m.start(), m.group(0)) for m in terms.finditer(text)]
    else:
        nouns = answer.patterns.stems(way.of)
        for hit in answer.hits.get(way.kind, []):
            if nouns and not (hit.what and answer.patterns.stems((hit.what.split()[-1],))[0].startswith(nouns)):
                continue  # a number that counts something else
            candidates.append((hit.start, hit.text))
    out = []
    for start, words in candidates:
        at = answer.index_of(start)
        if at is None:
            continue
        sentence = answer.sentences[at]
        quality = _QUALITY.get(way.kind, 1.0)
        bound = terms is not None and way.kind != "mention" and terms.search(text, *answer.clause(sentence, start))
        if terms is not None and way.kind != "mention" and not bound:
            if way.kind in _MUST_BIND:
                continue  # "83 victims" beside no word of the ask counts something else
            quality *= _UNBOUND  # a body or a date near the answer's subject, not said to do the asked thing
        if way.kind == "mention":
            # Words are all a yes-or-no ask wants, and say most beside a figure, a date or a named
            # body; where one of those could answer the ask, words alone count for little.
            quality = _MENTION[(stronger, _specific(answer, sentence))]
        if way.in_period or ask.in_period:
            when = dated(words, period) if way.kind in ("date", "period") else answer.when[at]
            if when is not None:
                quality *= _OUT_OF_PERIOD if when == 0 else max(when, _OUT_OF_PERIOD)
            elif way.kind in ("date", "period"):
                continue
            else:
                quality *= _UNDATED
        if sentence.hedged:
            quality *= _HEDGED
        if ask.actor == "government" and sentence.others and not sentence.government:
            quality *= _OTHERS
        out.append((start, words, quality, bool(bound)))
    return out


def _specific(answer: _Answer, sentence: Sentence) -> bool:
    for kind in ("count", "date", "money", "percentage", "body", "law", "penalty"):
        if any(sentence.start <= h.start < sentence.end for h in answer.hits.get(kind, ())):
            return True
    return False


def _signature(kind: str, words: str) -> str:
    """What makes a fact the same fact elsewhere in the draft. Only figures are facts of their
    own ("408 victims"); a named body, a date, a law or mere words may rightly serve several
    answers (each statistics answer states its window; the lead agency acts in many)."""
    if kind not in _ONCE:
        return ""
    return " ".join(words.lower().split())


def _once_per_draft(facts: list[_Fact]) -> list[_Fact]:
    """Each figure counts in one answer only: the one where it answers best (the first of
    equals); said again under another question, it is not evidence there."""
    best: dict[str, _Fact] = {}
    for fact in facts:
        if not fact.signature:
            continue
        held = best.get(fact.signature)
        if held is None or (fact.bound, fact.fit, fact.quality) > (held.bound, held.fit, held.quality):
            best[fact.signature] = fact
    owner = {sig: f.answer for sig, f in best.items()}
    return [f for f in facts if not f.signature or owner[f.signature] == f.answer]


def _score(answer: _Answer, facts: list[_Fact], params: Mapping[str, Any], may_not_apply: bool) -> QuestionScore:
    question, span = answer.question, answer.span
    asks = question.all_asks()
    if not span.text.strip() or BARE_NOT_APPLICABLE.match(span.text):
        # Nothing, or "N/A" with no reason: no answer (the structural check says which).
        return QuestionScore(0, "empty", missing=tuple(a.missing for a in asks if not a.optional))
    reason = not_applicable_reason(span.text) if question.accepts_not_applicable or may_not_apply else None
    if reason is not None:
        # "Not applicable", with its reason: a full answer to a part that may not apply.
        asks_na = tuple(AskScore(a.id, a.text, _NOT_APPLICABLE, span.line_at(0), reason[:80]) for a in asks)
        score = round(100 * _NOT_APPLICABLE)
        return QuestionScore(score, status_for(score, params), words=len(span.text.split()), asks=asks_na)
    results = []
    extras: list[tuple[float, float]] = []  # optional asks: (strength, weight)
    earned = total = 0.0
    for k, ask in enumerate(asks):
        mine = sorted((f for f in facts if f.ask == k), key=lambda f: (-f.quality, f.start))
        distinct = {" ".join(f.words.lower().split()) for f in mine}
        strength = 0.0
        if mine:
            best = mine[0].quality
            # One good fact answers the ask largely; more distinct ones complete it.
            strength = min(1.0, best * (0.85 + 0.075 * min(2, len(distinct) - 1)))
        if ask.optional:
            extras.append((strength, ask.weight))
        else:
            earned += ask.weight * strength
            total += ask.weight
        top = mine[0] if mine else None
        results.append(
            AskScore(
                ask.id,
                ask.text,
                round(strength, 2),
                span.line_at(top.start) if top else 0,
                " ".join(top.words.split()) if top else "",
                None
                if strength >= 0.5 or (ask.optional and not strength)
                else ask.missing
                if not strength
                else f"only weakly: {ask.missing.removeprefix('no ').removeprefix('nothing on ')}",
            )
        )
    for strength, weight in sorted(extras, reverse=True):
        # An optional ask counts only where it lifts the share: it may help, never hurt.
        if strength and (not total or strength > earned / total):
            earned += weight * strength
            total += weight
    share = earned / total if total else _plain_share(answer)
    words = len(span.text.split())
    bodies = len({h.text for h in answer.hits.get("body", [])})
    figures = sum(len(answer.hits.get(kind, [])) for kind in FIGURE_KINDS)
    own_facts = sum(len(hits) for kind, hits in answer.hits.items() if kind not in BUNDLED_KINDS)
    score = round(100 * share)
    thin_rule = params["thin"]
    thin = (
        len(answer.sentences) <= thin_rule["max_sentences"]
        and words <= thin_rule["max_words"]
        and not bodies
        and not figures
        and not own_facts
    )
    if thin:
        score = min(score, thin_rule["cap"])
    found = tuple(
        EvidenceFound(r.id, next(w.kind for w in asks[k].ways), r.line, r.words)
        for k, r in enumerate(results)
        if r.strength > 0
    )
    missing = tuple(r.lacking for r in results if r.lacking)
    return QuestionScore(score, status_for(score, params), found, missing, words, bodies, figures, thin, tuple(results))


def _plain_share(answer: _Answer) -> float:
    """For a question that lists neither asks nor evidence: the specific facts the answer holds."""
    specific = sum(len(answer.hits.get(kind, [])) for kind in (*FIGURE_KINDS, "body", "law", "source"))
    return min(1.0, 0.3 + 0.15 * specific) if answer.text.strip() else 0.0
