"""Evidence detectors (rules/detectors/*.yaml): patterns that find figures, dates, laws,
penalties, named bodies and sources in an answer. Validated when loaded, down to their own
examples, so a pattern edited into uselessness is caught before it scores a draft."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress
from pathlib import Path
from typing import NamedTuple

from checker.compiled import regex
from checker.errors import ConfigError
from checker.load.bundled import builtin_dir
from checker.load.cache import remembered, schema_digest, validated
from checker.load.patterns import as_group, joinable_problem, leads, regex_problem
from checker.load.schemas import schema_problems
from checker.load.yaml_files import load_yaml
from checker.read.files import read_bytes

_PLACEHOLDER = regex(r"<<([A-Z_]+)>>")
# A word, for anchors: a run of word characters, with a currency sign just before it taken in.
# Capturing, so that splitting on it keeps the words and the text between them.
_WORDS = regex(r"((?:[$€£]|\w)\w*)")


class _WordsSeen:
    """For one detector: every word met so far, and for each pattern the words it is tried at.
    Drafts share most of their words, so each distinct word is judged once in a run."""

    __slots__ = ("known", "accepted", "tried")

    def __init__(self, patterns: int) -> None:
        self.known: set[str] = set()
        self.accepted: set[str] = set()  # words some pattern is tried at
        self.tried: list[set[str]] = [set() for _ in range(patterns)]


@dataclass(frozen=True, slots=True)
class Detector:
    """One kind of evidence (figures, dates, laws...): its compiled patterns, and what it learned about words."""

    kind: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    path: str
    # The anchors, matched against single words (where patterns may start), as one pattern that
    # picks the accepted words out of a list, one word a line; None: patterns are tried everywhere.
    anchors: re.Pattern[str] | None = None
    # For each pattern, the beginnings its matches can have (regexes.leads; None: unknown): with
    # anchors, a pattern is tried only at words that begin with one of them.
    leads: tuple[tuple[str, ...] | None, ...] = ()
    seen: _WordsSeen = field(default_factory=lambda: _WordsSeen(0), compare=False, repr=False)

    def find(self, text: str) -> list[re.Match[str]]:
        """Non-overlapping matches of all patterns, in reading order (earlier patterns win)."""
        return find_evidence((self,), text)[self.kind]


def find_evidence(detectors: Iterable[Detector], text: str) -> dict[str, list[re.Match[str]]]:
    """Every detector's matches in `text`. The text is split into words once for all of them; a
    detector with anchors tries its patterns only at the words its anchors accept."""
    detectors = tuple(detectors)
    pieces = _WORDS.split(text)
    words = pieces[1::2]
    starts = list(accumulate(map(len, pieces)))[0::2]  # where each word begins
    distinct = set(words)
    for detector in detectors:
        if detector.anchors:
            if len(detector.seen.known) + len(distinct) > _SEEN_LIMIT:
                forget_words(detector.seen)  # before working out what is new: this text's words all are then
            new = distinct.difference(detector.seen.known)
            if new:
                _learn(detector, new)
    # Where each word that some pattern is tried at stands: one pass, for every detector.
    relevant = set().union(*(distinct.intersection(d.seen.accepted) for d in detectors if d.anchors))
    where: dict[str, list[int]] = {}
    for word, start in compress(zip(words, starts), map(relevant.__contains__, words)):
        where.setdefault(word, []).append(start)
    found: dict[str, list[re.Match[str]]] = {}
    for detector in detectors:
        if not detector.anchors:
            candidates = [m for pattern in detector.patterns for m in pattern.finditer(text)]
        else:
            candidates = []
            for pattern, tried in zip(detector.patterns, detector.seen.tried):
                here = tried.intersection(where)
                if here:
                    match = pattern.match
                    at = sorted(chain.from_iterable(map(where.__getitem__, here)))
                    candidates += [m for s in at if (m := match(text, s))]
        found[detector.kind] = _earliest_patterns_win(candidates)
    return found


class Found(NamedTuple):
    """Evidence in one text: where it starts, and the words."""

    start: int
    text: str


# Joins texts scanned in one pass: a sentence end between line breaks, which no bundled
# pattern reads across (a match that does is thrown away, and each text it touches scanned alone).
_BETWEEN = "\n.;\n"


def find_in_texts(detectors: Iterable[Detector], texts: Sequence[str]) -> list[dict[str, list[Found]]]:
    """find_evidence for many texts (a draft's answers) in one pass over them all: the work of
    splitting, judging words and looping over patterns is done once rather than per answer."""
    detectors = tuple(detectors)
    starts = [0, *accumulate(len(t) + len(_BETWEEN) for t in texts)][:-1] if texts else []
    out: list[dict[str, list[Found]]] = [{d.kind: [] for d in detectors} for _ in texts]
    crossing: set[int] = set()
    for kind, matches in find_evidence(detectors, _BETWEEN.join(texts)).items():
        for m in matches:
            i = bisect_right(starts, m.start()) - 1
            if m.end() > starts[i] + len(texts[i]):  # it also hid whatever it covers in the next texts
                crossing.update(range(i, bisect_right(starts, m.end() - 1)))
            else:
                out[i][kind].append(Found(m.start() - starts[i], m.group(0)))
    for i in crossing:
        out[i] = {kind: [Found(m.start(), m.group(0)) for m in matches]
                  for kind, matches in find_evidence(detectors, texts[i]).items()}
    return out


_SEEN_LIMIT = 200_000  # words remembered per detector; a long batch of drafts starts afresh past it


def forget_words(seen: _WordsSeen) -> None:
    """Start afresh: past the limit, or after a check stopped halfway through learning."""
    seen.known.clear()
    seen.accepted.clear()
    for tried in seen.tried:
        tried.clear()


def _learn(detector: Detector, new: set[str]) -> None:
    """Judge words not met before: which of the detector's patterns to try where each stands."""
    seen = detector.seen
    seen.known |= new
    accepted = detector.anchors.findall("\n".join(new))  # each accepted word, whole
    seen.accepted.update(accepted)
    for beginnings, tried in zip(detector.leads, seen.tried):
        # leads lists \d as the ASCII digits: a word starting with another script's digit is tried
        tried.update(accepted if beginnings is None else (
            word for word in accepted if word.startswith(beginnings) or not word[0].isascii()))


def _earliest_patterns_win(candidates: list[re.Match[str]]) -> list[re.Match[str]]:
    starts: list[int] = []  # of the matches kept, in order; earlier patterns win an overlap
    ends: list[int] = []
    kept: list[re.Match[str]] = []
    for m in candidates:
        start, end = m.span()
        i = bisect_left(starts, start)
        if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.insert(i, m)
    return kept


def load_detectors(extra_dirs: Iterable[Path] = ()) -> dict[str, Detector]:
    """The bundled detectors; a file in `<dir>/detectors/` of an extra rules folder replaces the
    bundled file of the same name."""
    files = {p.name: p.resolve() for p in (builtin_dir("rules") / "detectors").glob("*.yaml")}
    for folder in extra_dirs:
        files.update({p.name: p.resolve() for p in (folder / "detectors").glob("*.yaml")})
    return _load(tuple(sorted(files.values(), key=lambda p: p.name)))


@dataclass(frozen=True, slots=True)
class _Spec:
    """A detector that passed every check, as plain data: what the disk cache keeps, so a run
    with unchanged files only compiles."""

    kind: str
    description: str
    path: str
    patterns: tuple[str, ...]
    anchor: str | None
    leads: tuple[tuple[str, ...] | None, ...]


@cache
def _load(files: tuple[Path, ...]) -> dict[str, Detector]:
    try:
        inputs = schema_digest("detector") + b"".join(
            str(p).encode() + b"\0" + read_bytes(p) + b"\0" for p in files)
    except OSError:
        specs = _checked(files)  # let the checks explain the problem
    else:
        specs = remembered("detectors", inputs, lambda: _checked(files))
    return {spec.kind: _build(spec) for spec in specs}


def _build(spec: _Spec) -> Detector:
    patterns = tuple(map(regex, spec.patterns))
    anchor = regex(spec.anchor) if spec.anchor is not None else None
    return Detector(spec.kind, spec.description, patterns, spec.path, anchor, spec.leads, _WordsSeen(len(patterns)))


def _checked(files: tuple[Path, ...]) -> tuple[_Spec, ...]:
    """Validate every detector file, expand the vocabulary, check each pattern and anchor, and
    run each detector on its own examples; raise ConfigError listing every problem."""
    problems: list[str] = []
    loaded = []
    vocabulary: dict[str, str] = {}
    for path in files:
        try:
            data, lines = validated(path, "detector", lambda: _validated_file(path))
        except ConfigError as exc:
            problems += exc.problems
            continue
        if "vocabulary" in data:
            vocabulary.update(data["vocabulary"])
        else:
            loaded.append((path, data, lines))
    specs: dict[str, _Spec] = {}
    for path, data, lines in loaded:
        sources = []
        for i, pattern in enumerate(data["patterns"]):
            where = f"{path}:{lines.get(f'$.patterns[{i}]', 1)}: $.patterns[{i}]"
            unknown = set(_PLACEHOLDER.findall(pattern)) - set(vocabulary)
            if unknown:
                problems.append(f"{where}: unknown vocabulary {', '.join(sorted(unknown))}; define it in vocabulary.yaml")
                continue
            expanded = _PLACEHOLDER.sub(lambda m: vocabulary[m[1]], pattern)
            problem = regex_problem(expanded)
            if problem:
                problems.append(f"{where}: {problem}")
            else:
                sources.append(expanded)
        if data["kind"] in specs:
            problems.append(f"{path}:1: $.kind: a detector for {data['kind']!r} is already in {specs[data['kind']].path}")
        anchors = []
        for i, anchor in enumerate(data.get("anchors", ())):
            source = _PLACEHOLDER.sub(lambda m: vocabulary.get(m[1], m[0]), anchor)
            # the anchors become one pattern, whose findall must give whole words, not groups
            problem = regex_problem(source) or joinable_problem(source)
            if problem:
                problems.append(f"{path}:{lines.get(f'$.anchors[{i}]', 1)}: $.anchors[{i}]: {problem}")
            else:
                anchors.append(as_group(source))
        anchor = f"(?m)^(?:{'|'.join(anchors)}).*" if anchors else None
        if anchor is not None:
            try:
                regex(anchor)
            except re.error as exc:
                problems.append(f"{path}:{lines.get('$.anchors', 1)}: $.anchors: the anchors combined into one "
                                f"do not compile ({exc}); write each so that it stands on its own inside (?:...)")
                anchor = None
        spec = _Spec(data["kind"], data["description"], str(path), tuple(sources), anchor,
                     tuple(leads(regex(s)) for s in sources))
        if len(sources) == len(data["patterns"]):
            problems += _example_problems(_build(spec), data, lines, path)
        specs[data["kind"]] = spec
    if problems:
        raise ConfigError(problems)
    return tuple(specs.values())


def _validated_file(path: Path) -> tuple[dict, dict[str, int]]:
    data, lines = load_yaml(path)
    problems = schema_problems("detector", data, path, lines)
    if problems:
        raise ConfigError(problems)
    return data, lines


def _example_problems(detector: Detector, data: dict, lines: dict[str, int], path: Path) -> list[str]:
    problems = []
    for i, example in enumerate(data["examples"]["match"]):
        if not detector.find(example):
            problems.append(f"{path}:{lines.get(f'$.examples.match[{i}]', 1)}: $.examples.match[{i}]: "
                            f"no pattern finds {example!r}; fix the patterns or the example")
    for i, example in enumerate(data["examples"]["no_match"]):
        hits = detector.find(example)
        if hits:
            problems.append(f"{path}:{lines.get(f'$.examples.no_match[{i}]', 1)}: $.examples.no_match[{i}]: "
                            f"{hits[0].group(0)!r} found in {example!r}; tighten the patterns or the example")
    return problems
