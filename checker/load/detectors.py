"""Evidence detectors (rules/detectors/*.yaml): patterns that find figures, dates, laws,
penalties, named bodies and sources in an answer. Validated when loaded, down to their own
examples, so a pattern edited into uselessness is caught before it scores a draft. The bundled
files come validated in the bundle (checker.load.bundled); a user's are checked every run."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from checker.deadline import Deadline, OutOfTime
from checker.errors import ConfigError
from checker.load.bundled import Bundle, builtin_dir
from checker.load.patterns import Compile, as_group, compiler, joinable_problem
from checker.load.schemas import schema_problems
from checker.load.yaml_files import load_yaml
from checker.model.detectors import Detector
from checker.score.evidence import find_evidence

_PLACEHOLDER = re.compile(r"<<([A-Z_]+)>>")
VOCABULARY = "vocabulary.yaml"
# The evidence kind a question set uses for its terms alone, with no detector behind it.
MENTION = "mention"
# How long a user's detector file may take to run on its own examples: a pattern that backtracks
# without end on one of them must not hang loading.
EXAMPLES_TIME = 10.0


def detector_files(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """The detector files in force, by file name: the bundled ones, each replaced by a file of the
    same name in `<dir>/detectors/` of an extra rules folder."""
    files = {p.name: p.resolve() for p in (builtin_dir("rules") / "detectors").glob("*.yaml")}
    for folder in extra_dirs:
        files.update({p.name: p.resolve() for p in (folder / "detectors").glob("*.yaml")})
    return dict(sorted(files.items()))


def load_detectors(extra_dirs: Iterable[Path], bundle: Bundle) -> dict[str, Detector]:
    """The detectors in force: bundled entries where their files are unchanged (and so is the
    vocabulary they were written with), every other file validated here. ConfigError lists every
    problem."""
    files = detector_files(extra_dirs)
    vocabulary_file = files.pop(VOCABULARY, None)
    bundled_vocabulary = bundle.data("detectors", vocabulary_file) if vocabulary_file else None
    vocabulary: dict[str, str] | None = None
    specs: list[tuple[dict[str, Any], str, bool]] = []
    problems: list[str] = []
    for path in files.values():
        spec = bundle.data("detectors", path) if bundled_vocabulary is not None else None
        if spec is not None:
            specs.append((spec, str(path), True))
            continue
        if vocabulary is None:
            try:
                vocabulary = (
                    bundled_vocabulary["vocabulary"]
                    if bundled_vocabulary is not None
                    else read_vocabulary(vocabulary_file)
                )
            except ConfigError as exc:
                problems += exc.problems
                vocabulary = {}
        try:
            specs.append((checked_spec(path, vocabulary, compiler(bundled=False)), str(path), False))
        except ConfigError as exc:
            problems += exc.problems
    detectors: dict[str, Detector] = {}
    for spec, where, bundled in specs:
        if spec["kind"] in detectors:
            problems.append(
                f"{where}:1: $.kind: a detector for {spec['kind']!r} is already in {detectors[spec['kind']].path}"
            )
        detectors[spec["kind"]] = build_detector(spec, where, compiler(bundled))
    if problems:
        raise ConfigError(problems)
    return detectors


def build_detector(spec: Mapping[str, Any], path: str, compile: Compile) -> Detector:
    anchor = spec["anchor"]
    return Detector(
        spec["kind"],
        spec["description"],
        tuple(map(compile, spec["patterns"])),
        path,
        compile(anchor) if anchor is not None else None,
    )


def read_vocabulary(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    data, _ = _validated_file(path)
    if "vocabulary" not in data:
        raise ConfigError(f"{path}:1: $: the vocabulary file holds a `vocabulary:` mapping, not a detector")
    return dict(data["vocabulary"])


def checked_spec(path: Path, vocabulary: Mapping[str, str], compile: Compile) -> dict[str, Any]:
    """One detector file validated, its vocabulary expanded, each pattern and anchor checked, and
    run on its own examples: the detector as plain data. ConfigError lists every problem."""
    data, lines = _validated_file(path)
    if "vocabulary" in data:
        raise ConfigError(f"{path}:1: $: only {VOCABULARY} may hold a vocabulary; name the file {VOCABULARY}")
    if data["kind"] == MENTION:
        raise ConfigError(
            f"{path}:{lines.get('$.kind', 1)}: $.kind: {MENTION!r} is taken (evidence found by its terms alone, "
            "with no detector); name the kind after what the patterns find"
        )
    problems: list[str] = []

    def compiles(source: str) -> str | None:
        try:
            compile(source)
        except Exception as exc:  # noqa: BLE001 - re.error, regex.error
            return f"invalid regular expression: {exc}"
        return None

    sources = []
    for i, pattern in enumerate(data["patterns"]):
        where = f"{path}:{lines.get(f'$.patterns[{i}]', 1)}: $.patterns[{i}]"
        unknown = set(_PLACEHOLDER.findall(pattern)) - set(vocabulary)
        if unknown:
            problems.append(f"{where}: unknown vocabulary {', '.join(sorted(unknown))}; define it in {VOCABULARY}")
            continue
        expanded = _PLACEHOLDER.sub(lambda m: vocabulary[m[1]], pattern)
        problem = compiles(expanded)
        if problem:
            problems.append(f"{where}: {problem}")
        else:
            sources.append(expanded)
    anchors = []
    for i, anchor in enumerate(data.get("anchors", ())):
        source = _PLACEHOLDER.sub(lambda m: vocabulary.get(m[1], m[0]), anchor)
        # the anchors become one pattern, whose findall must give whole words, not groups
        problem = compiles(source) or joinable_problem(source)
        if problem:
            problems.append(f"{path}:{lines.get(f'$.anchors[{i}]', 1)}: $.anchors[{i}]: {problem}")
        else:
            anchors.append(as_group(source))
    combined = f"(?m)^(?:{'|'.join(anchors)}).*" if anchors else None
    if combined is not None and compiles(combined):
        problems.append(
            f"{path}:{lines.get('$.anchors', 1)}: $.anchors: the anchors combined into one do not "
            f"compile ({compiles(combined)}); write each so that it stands on its own inside (?:...)"
        )
        combined = None
    spec = {"kind": data["kind"], "description": data["description"], "patterns": sources, "anchor": combined}
    if not problems:
        problems += _example_problems(build_detector(spec, str(path), compile), data, lines, path)
    if problems:
        raise ConfigError(problems)
    return spec


def _validated_file(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    data, lines = load_yaml(path)
    problems = schema_problems("detector", data, path, lines)
    if problems:
        raise ConfigError(problems)
    return data, lines


def _example_problems(detector: Detector, data: dict[str, Any], lines: dict[str, int], path: Path) -> list[str]:
    deadline = Deadline.after(EXAMPLES_TIME)

    def found(example: str) -> list[str]:
        return [m.text for m in find_evidence((detector,), example, deadline)[detector.kind]]

    problems = []
    try:
        for i, example in enumerate(data["examples"]["match"]):
            if not found(example):
                problems.append(
                    f"{path}:{lines.get(f'$.examples.match[{i}]', 1)}: $.examples.match[{i}]: "
                    f"no pattern finds {example!r}; fix the patterns or the example"
                )
        for i, example in enumerate(data["examples"]["no_match"]):
            hits = found(example)
            if hits:
                problems.append(
                    f"{path}:{lines.get(f'$.examples.no_match[{i}]', 1)}: $.examples.no_match[{i}]: "
                    f"{hits[0]!r} found in {example!r}; tighten the patterns or the example"
                )
    except OutOfTime:
        problems.append(
            f"{path}:{lines.get('$.patterns', 1)}: $.patterns: running the patterns on the file's own "
            f"examples took over {EXAMPLES_TIME:.0f} s; a pattern backtracks without end, simplify it"
        )
    return problems
