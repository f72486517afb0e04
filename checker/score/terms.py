"""Finding an ask's words in an answer: a term matches at a word start, case ignored, and a
one-word term also finds its other endings ("reports" finds "reported").

The patterns are compiled once a run, by the toolkit's `TermPatterns`, and passed down: a question
set has a few hundred term lists, more than `re` keeps compiled, so leaving them to its cache
would compile them again for every draft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ENDINGS = ("ings", "ing", "ed", "es", "s")


def stem(term: str) -> str:
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
    stems = dict.fromkeys(map(stem, terms))
    alternatives = "|".join(r"\s+".join(map(re.escape, s.split())) for s in stems)
    return re.compile(rf"\b(?:{alternatives})[\w'-]*", re.IGNORECASE)


@dataclass
class TermPatterns:
    """Each term list's pattern, and each word list's stems, worked out when first needed and
    kept for the run."""

    compiled: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict)
    stemmed: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def __call__(self, terms: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self.compiled.get(terms)
        if pattern is None:
            pattern = self.compiled[terms] = terms_pattern(terms)
        return pattern

    def stems(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """`words` in lower case, each without its ending."""
        found = self.stemmed.get(words)
        if found is None:
            found = self.stemmed[words] = tuple(stem(w.lower()) for w in words)
        return found
