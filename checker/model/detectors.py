"""Evidence detectors as loaded: the patterns that find one kind of evidence in an answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Detector:
    """One kind of evidence (figures, dates, laws...) and its compiled patterns (an `re` pattern
    for a bundled detector, a `regex` one for a user's: see checker.load.patterns)."""

    kind: str
    description: str
    patterns: tuple[Any, ...]
    path: str
    # The anchors, matched against single words (where patterns may start), as one pattern that
    # picks the accepted words out of a list, one word a line; None: patterns are tried everywhere.
    anchors: Any = None
