"""What scoring needs to know of an answer's sentences: where each one stands, whether it hedges,
who acts in it, and when the facts in it date from.

Sentences are split by punctuation and paragraph breaks, with the abbreviations replies use
("U.S.", "Jan.", "No. 12") kept inside their sentence. A rule-based splitter library was
measured for this (pysbd): about the same boundaries on replies, two hundred times slower."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"“(\[]?[A-Z0-9])|\n[ \t]*\n\s*")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Art|Arts|Sec|Para|"
    r"Dr|Mr|Mrs|Ms|St|Gen|Col|Lt|Amb|Gov|Sen|Rep|Prof|vs|Vol|Fig|approx|incl|cf|e\.g|i\.e|ca|est)\.)$",
)
# "N/A", "n.a.", "not applicable", alone: not an answer without its reason.
BARE_NOT_APPLICABLE = re.compile(r"^\W*(?:n\.?\s?/?\s?a\.?|not\s+applicable|non\s+applicable)\W*$", re.IGNORECASE)
# "Not applicable: the project collects no personal data." An answer, where the part accepts it.
REASONED_NOT_APPLICABLE = re.compile(
    r"^\W*(?:n\.?\s?/\s?a\b\.?|not\s+applicable|non\s+applicable|(?:this\s+)?does\s+not\s+apply)"
    r"[\s:.,;\u2013\u2014-]+(?P<reason>\S.*)",
    re.IGNORECASE | re.DOTALL,
)


# Words that only say again that a part does not apply ("N/A for this project; this question does
# not apply here and has been left blank"): no reason, however many of them.
_RESTATING = frozenset(
    "a an and as at been blank but by case does for further has have here in is it left not n/a na no "
    "of our project question questions relevant so section the therefore this to us we without detail "
    "details apply applies applicable answer answered given needed required".split()
)


def says_not_applicable(text: str) -> bool:
    """Whether an answer opens by saying the part does not apply (with a reason or without)."""
    return bool(BARE_NOT_APPLICABLE.match(text) or REASONED_NOT_APPLICABLE.match(text))


def not_applicable_reason(text: str) -> str | None:
    """The reason an answer gives for not applying, when it opens by saying so and gives one that
    says something (three or more words beyond restating that it does not apply); None otherwise."""
    m = REASONED_NOT_APPLICABLE.match(text)
    if not m:
        return None
    words = re.findall(r"[\w/'-]+", m["reason"].lower())
    return " ".join(m["reason"].split()) if sum(w not in _RESTATING for w in words) >= 3 else None


# Words that turn a fact into a claim: reportedly, it is believed, sources suggest...
HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|rumou?red|anecdotal(?:ly)?|unconfirmed|unverified|"
    r"it\s+is\s+(?:widely\s+|generally\s+|commonly\s+)?(?:believed|assumed|thought|said|suspected|rumou?red)|"
    r"(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|assumed|thought|rumou?red)\s+to|"
    r"sources?\s+(?:suggest|indicate|say|claim)|some\s+(?:observers|sources|reports)|there\s+are\s+(?:reports|rumou?rs)|"
    r"may\s+(?:have|be)|might|possibly|perhaps|it\s+(?:seems|appears)|appears?\s+to|seems?\s+to|"
    # claims with nothing behind them: no one said to have looked, a commitment, efforts that "continued"
    r"no\s+evidence|(?:is|are|was|were|remains?|remained)\s+(?:strongly\s+|fully\s+)?committed\s+to|"
    r"efforts\s+(?:continued|continue|are\s+ongoing))\b",
    re.IGNORECASE,
)
# Who acts in a sentence: the government's own bodies, or others (NGOs, international bodies, donors).
GOVERNMENT = re.compile(
    r"\b(?:(?i:government|governments?'|ministr(?:y|ies)|minister|police|courts?|prosecutors?|judges?|judiciary|"
    r"authorities|officials?|parliament|national\s+(?:assembly|committee|council|task\s+force|commission)|"
    r"state|provincial|municipal|department|immigration|customs|labou?r\s+inspectors?|"
    r"armed\s+forces|army|military|navy|troops|soldiers|border\s+guards?|embass(?:y|ies)|consulates?)|"
    r"R?GO[A-Z]{1,2}|RG[A-Z])\b"  # acronyms (RGC, GOB...) by their capitals only
)
OTHERS = re.compile(
    r"\b(?:NGOs?|IOs?|IOM|UNICEF|ILO|UNODC|UNHCR|UNIAP|UNDP|UNFPA|USAID|"
    r"(?i:non-?governmental|civil\s+society|donors?|foundation|church|charity|international\s+organi[sz]ations?|"
    r"private\s+sector))\b"
)
_MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_MONTH_YEAR = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?"
    r"(?:of\s+)?(19[5-9]\d|20[0-4]\d)\b",
    re.IGNORECASE,
)
_DAY_MONTH_YEAR = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r",?\s+(19[5-9]\d|20[0-4]\d)\b",
    re.IGNORECASE,
)
# "during the reporting period": in it by the answer's own words.
_THE_PERIOD = re.compile(
    r"\b(?:(?:the|this)\s+(?:reporting|report|review)\s+period|period\s+under\s+review|this\s+reporting\s+year)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(19[5-9]\d|20[0-4]\d)-(\d{2})-\d{2}\b")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    hedged: bool
    government: bool  # a government body acts or is named in it
    others: bool  # an NGO, international body or donor is named in it


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, each with what scoring asks of it."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        stop = m.start() + 1 if text[m.start()] in ".!?" else m.start()
        if text[m.start()] == "." and _ABBREVIATION.search(text, max(start, m.start() - 12), m.start() + 1):
            continue  # "U.S. officials", "Jan. 2010", "No. 12": not the sentence's end
        spans.append((start, stop))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        if piece.strip():
            out.append(
                Sentence(a, b, bool(HEDGE.search(piece)), bool(GOVERNMENT.search(piece)), bool(OTHERS.search(piece)))
            )
    return out


def parse_period(text: str | None) -> tuple[date, date] | None:
    """The reporting period a set names ("April 2009 - March 2010"), as first and last day."""
    if not text:
        return None
    found = [(int(y), _MONTHS[m[:3].lower()]) for m, y in _MONTH_YEAR.findall(text)]
    if len(found) >= 2:
        (y1, m1), (y2, m2) = found[0], found[-1]
        last = date(y2 + (m2 == 12), m2 % 12 + 1, 1).toordinal() - 1
        return date(y1, m1, 1), date.fromordinal(last)
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return date(min(years), 1, 1), date(max(years), 12, 31)
    return None


def dated(text: str, period: tuple[date, date] | None) -> float | None:
    """How well the dates in `text` (a fact, or its sentence) fall in `period`: 1.0 a month or day
    in it, 0.7 a year that overlaps it, 0.0 only dates outside it; None when it names no date (or
    there is no period to judge by)."""
    if period is None:
        return None
    first, last = period
    if _THE_PERIOD.search(text):
        return 1.0
    months = [(int(y), _MONTHS[m[:3].lower()]) for m, y in _MONTH_YEAR.findall(text)]
    months += [(int(y), _MONTHS[m[:3].lower()]) for m, y in _DAY_MONTH_YEAR.findall(text)]
    months += [(int(y), int(m)) for y, m in _ISO.findall(text) if 1 <= int(m) <= 12]
    if any(date(first.year, first.month, 1) <= date(y, m, 1) <= last for y, m in months):
        return 1.0
    years = {int(y) for y in _YEAR.findall(text)}
    if not months and any(first.year <= y <= last.year for y in years):
        return 0.7
    if months or years:
        return 0.0
    return None
