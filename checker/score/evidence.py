"""Finding evidence in answers with the detectors: figures, dates, laws, penalties, named bodies."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, chain, compress
from typing import Any, NamedTuple

from checker.deadline import Deadline
from checker.load.patterns import blamed_on, findall, finditer, matcher
from checker.model.detectors import Detector

# A word, for anchors: a run of word characters, with a currency sign just before it taken in.
# Capturing, so that splitting on it keeps the words and the text between them.
_WORDS = re.compile(r"((?:[$€£]|\w)\w*)")


class Found(NamedTuple):
    """Evidence in one text: where it starts, and the words (and for a count, what it counts)."""

    start: int
    text: str
    what: str = ""  # the pattern's `what` group, where it has one: "arrests" of "101 arrests"


def find_evidence(detectors: Iterable[Detector], text: str, deadline: Deadline) -> dict[str, list[Found]]:
    """Every detector's matches in `text`, non-overlapping and in reading order (an earlier pattern
    wins an overlap). The text is split into words once for all detectors; a detector with
    anchors tries its patterns only at the words its anchors accept."""
    detectors = tuple(detectors)
    pieces = _WORDS.split(text)
    words = pieces[1::2]
    starts = list(accumulate(map(len, pieces)))[0::2]  # where each word begins
    distinct = "\n".join(set(words))
    # Each word that some detector's anchors accept, and where it stands: one pass for them all.
    accepted = {}
    for d in detectors:
        if d.anchors is not None:
            with blamed_on(f"{d.path}: detector {d.kind}"):
                accepted[d.kind] = set(findall(d.anchors, distinct, deadline))
    relevant = set().union(*accepted.values())
    where: dict[str, list[int]] = {}
    for word, start in compress(zip(words, starts), map(relevant.__contains__, words)):
        where.setdefault(word, []).append(start)
    found: dict[str, list[Found]] = {}
    for detector in detectors:
        candidates: list[Any] = []
        with blamed_on(f"{detector.path}: detector {detector.kind}"):
            if detector.anchors is None:
                for pattern in detector.patterns:
                    candidates += finditer(pattern, text, deadline)
            else:
                at = sorted(chain.from_iterable(where[w] for w in accepted[detector.kind] if w in where))
                for pattern in detector.patterns:
                    match = matcher(pattern, deadline)
                    candidates += [m for s in at if (m := match(text, s))]
                deadline.check()
        found[detector.kind] = [
            Found(m.start(), m.group(0), m.groupdict().get("what") or "") for m in _earliest_patterns_win(candidates)
        ]
    return found


# Joins texts scanned in one pass: a sentence end between line breaks, which no bundled
# pattern reads across (a match that does is thrown away, and each text it touches scanned alone).
_BETWEEN = "\n.;\n"


def find_in_texts(
    detectors: Iterable[Detector], texts: Sequence[str], deadline: Deadline
) -> list[dict[str, list[Found]]]:
    """find_evidence for many texts (a draft's answers) in one pass over them all: the work of
    splitting and looping over patterns is done once rather than per answer."""
    detectors = tuple(detectors)
    starts = [0, *accumulate(len(t) + len(_BETWEEN) for t in texts)][:-1] if texts else []
    out: list[dict[str, list[Found]]] = [{d.kind: [] for d in detectors} for _ in texts]
    crossing: set[int] = set()
    for kind, matches in find_evidence(detectors, _BETWEEN.join(texts), deadline).items():
        for m in matches:
            i = bisect_right(starts, m.start) - 1
            if m.start + len(m.text) > starts[i] + len(texts[i]):  # it also hid whatever it covers in the next texts
                crossing.update(range(i, bisect_right(starts, m.start + len(m.text) - 1)))
            else:
                out[i][kind].append(m._replace(start=m.start - starts[i]))
    for i in crossing:
        out[i] = find_evidence(detectors, texts[i], deadline)
    return out


def _earliest_patterns_win(candidates: list[Any]) -> list[Any]:
    starts: list[int] = []  # of the matches kept, in order; earlier patterns win an overlap
    ends: list[int] = []
    kept: list[Any] = []
    for m in candidates:
        start, end = m.span()
        i = bisect_left(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.insert(i, m)
    return kept
