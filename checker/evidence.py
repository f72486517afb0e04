"""Evidence detectors (rules/detectors/*.yaml): patterns that find figures, dates, laws,
penalties, named bodies and sources in an answer. Validated when loaded, down to their own
examples, so a pattern edited into uselessness is caught before it scores a draft."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.cache import validated
from checker.errors import ConfigError
from checker.regexes import regex_problem
from checker.resources import builtin_dir
from checker.validation import schema_problems
from checker.yamlio import load_yaml

_PLACEHOLDER = re.compile(r"<<([A-Z_]+)>>")


def _lowered(source: str) -> str:
    """A case-insensitive pattern rewritten to run case-sensitively on lower-cased text, which
    Python's re scans several times faster: letters outside escapes lowered, flags dropped."""
    source = source.removeprefix("(?i)").replace("(?i:", "(?:")
    out, escaped = [], False
    for char in source:
        out.append(char if escaped else char.lower())
        escaped = char == "\\" and not escaped
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Anchor:
    pattern: re.Pattern[str]
    lowered: re.Pattern[str] | None  # the same anchor for lower-cased text, when it ignores case

    def starts(self, text: str, memo: dict[Any, Any]) -> list[int]:
        if self not in memo:
            if self.lowered is not None:
                low = memo.setdefault("lower", text.lower())
                if len(low) == len(text):  # lowering kept every offset (it does, but for a few scripts)
                    memo[self] = [m.start() for m in self.lowered.finditer(low)]
                    return memo[self]
            memo[self] = [m.start() for m in self.pattern.finditer(text)]
        return memo[self]


@dataclass(frozen=True, slots=True)
class Detector:
    kind: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    path: str
    anchors: tuple[Anchor, ...] = ()

    def find(self, text: str, memo: dict[Any, Any] | None = None) -> list[re.Match[str]]:
        """Non-overlapping matches of all patterns, in reading order (earlier patterns win).

        Fast first passes (the anchors) find where evidence can start and the patterns are tried
        only there; `memo` shares an anchor's starts between detectors scanning the same text."""
        if not self.anchors:
            candidates = [m for pattern in self.patterns for m in pattern.finditer(text)]
        else:
            memo = {} if memo is None else memo
            starts: set[int] = set()
            for anchor in self.anchors:
                starts.update(anchor.starts(text, memo))
            ordered = sorted(starts)
            candidates = [m for pattern in self.patterns for s in ordered if (m := pattern.match(text, s))]
        found: list[re.Match[str]] = []  # kept sorted by start; earlier patterns win an overlap
        for m in candidates:
            i = bisect_left(found, m.start(), key=lambda f: f.start())
            if (i > 0 and found[i - 1].end() > m.start()) or (i < len(found) and found[i].start() < m.end()):
                continue
            found.insert(i, m)
        return found


def load_detectors(extra_dirs: Iterable[Path] = ()) -> dict[str, Detector]:
    """The bundled detectors; a file in `<dir>/detectors/` of an extra rules folder replaces the
    bundled file of the same name."""
    files = {p.name: p.resolve() for p in (builtin_dir("rules") / "detectors").glob("*.yaml")}
    for folder in extra_dirs:
        files.update({p.name: p.resolve() for p in (folder / "detectors").glob("*.yaml")})
    return _load(tuple(sorted(files.values(), key=lambda p: p.name)))


@cache
def _load(files: tuple[Path, ...]) -> dict[str, Detector]:
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
    detectors: dict[str, Detector] = {}
    for path, data, lines in loaded:
        compiled = []
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
                compiled.append(re.compile(expanded))
        if data["kind"] in detectors:
            problems.append(f"{path}:1: $.kind: a detector for {data['kind']!r} is already in {detectors[data['kind']].path}")
        anchors = []
        for i, anchor in enumerate(data.get("anchors", ())):
            try:
                source = _PLACEHOLDER.sub(lambda m: vocabulary.get(m[1], m[0]), anchor)
                # Equal anchors compare equal, so detectors sharing one share its starts in the memo.
                anchors.append(Anchor(re.compile(source),
                                      re.compile(_lowered(source)) if source.startswith("(?i)") else None))
            except re.error as exc:
                problems.append(f"{path}:{lines.get(f'$.anchors[{i}]', 1)}: $.anchors[{i}]: "
                                f"invalid regular expression: {exc}")
        detector = Detector(data["kind"], data["description"], tuple(compiled), str(path), tuple(anchors))
        if len(compiled) == len(data["patterns"]):
            problems += _example_problems(detector, data, lines, path)
        detectors[data["kind"]] = detector
    if problems:
        raise ConfigError(problems)
    return detectors


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
