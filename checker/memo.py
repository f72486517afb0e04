"""What checking learns about words and titles, kept between runs.

A run judges each distinct word of the answers (which detector patterns to try at it, which
keywords it begins with) and compares each section title with the instructions' titles. The
verdicts depend only on the word or title and on the question set and detectors, and a
pre-commit hook meets nearly the same draft on every commit: so they are saved in the cache
folder, keyed by the files they depend on, and read back by the next run instead of worked out
again. Runs that check drafts in their own process save (one draft, or --jobs 1, as a hook
usually runs); batch workers only read. Anything odd about a saved file means it is ignored."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import rapidfuzz

from checker.load.cache import forget_entry, read_entry, write_entry
from checker.load.detectors import Detector
from checker.match.similarity import block_title_index, keyword_index, title_index
from checker.model.questions import QuestionSet
from checker.read import files

KIND = "learned"
LIMIT = 60_000  # words and titles kept at most (about 1 MB, 10 ms to read back)

_sizes: dict[bytes, int] = {}  # inputs restored or saved in this process -> how much was known then
_in_use: dict[bytes, tuple[QuestionSet, Mapping[str, Detector]]] = {}


def _inputs(qset: QuestionSet, detectors: Mapping[str, Detector]) -> bytes | None:
    try:
        content = files.read_bytes(qset.path)
    except OSError:
        return None
    patterns = repr(sorted((d.kind, [p.pattern for p in d.patterns], d.anchors and d.anchors.pattern)
                           for d in detectors.values()))
    # Title similarities are rapidfuzz's: another version may score differently.
    return hashlib.sha256(content + patterns.encode() + rapidfuzz.__version__.encode()).digest()


def _size(qset: QuestionSet, detectors: Mapping[str, Detector]) -> int:
    return (len(title_index(qset).rows) + len(block_title_index(qset).rows) + len(keyword_index(qset).begins)
            + sum(len(d.seen.known) for d in detectors.values()))


def restore(qset: QuestionSet, detectors: Mapping[str, Detector]) -> None:
    """Take in what earlier runs learned with this question set and these detectors (once a process)."""
    if any(q is qset and d is detectors for q, d in _in_use.values()):
        return  # asked for every draft: answered without reading the set's file again
    inputs = _inputs(qset, detectors)
    if inputs is None or inputs in _sizes:
        return
    _in_use[inputs] = (qset, detectors)
    saved = read_entry(KIND, inputs)
    try:
        _take(saved, qset, detectors)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a saved file from an odd run is simply not used
        pass
    _sizes[inputs] = _size(qset, detectors)


def _take(saved: dict[str, Any], qset: QuestionSet, detectors: Mapping[str, Detector]) -> None:
    title_index(qset).rows.update(saved["titles"])
    block_title_index(qset).rows.update(saved["block_titles"])
    keyword_index(qset).begins.update(saved["keywords"])
    for kind, (known, accepted, tried) in saved["words"].items():
        detector = detectors.get(kind)
        if detector is not None and len(tried) == len(detector.seen.tried):
            detector.seen.known.update(known)
            detector.seen.accepted.update(accepted)
            for mine, theirs in zip(detector.seen.tried, tried):
                mine.update(theirs)


def keep() -> None:
    """Save what this process learned, for each question set and detectors it used, if it grew."""
    for inputs, (qset, detectors) in _in_use.items():
        size = _size(qset, detectors)
        if size == _sizes.get(inputs):
            continue
        _sizes[inputs] = size
        if size > LIMIT:
            # Full (many drafts, or a pasted archive): start afresh. Kept as it was, the file would
            # be read by every later run yet hold nothing of the drafts checked from now on.
            forget_entry(KIND, inputs)
            continue
        write_entry(KIND, inputs, {
            "titles": title_index(qset).rows, "block_titles": block_title_index(qset).rows,
            "keywords": keyword_index(qset).begins,
            "words": {d.kind: (d.seen.known, d.seen.accepted, d.seen.tried) for d in detectors.values()},
        })
