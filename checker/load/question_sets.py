"""Question set files -> QuestionSet: YAML, then JSON Schema, then what a schema cannot say."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from checker.errors import ConfigError
from checker.load.bundled import builtin_dir
from checker.load.patterns import compiler, pattern_problem
from checker.load.schemas import schema_problems
from checker.load.yaml_files import load_yaml
from checker.model.questions import (
    Alias,
    Block,
    EvidenceNeed,
    HeaderSpec,
    MatchingWeights,
    Question,
    QuestionSet,
)


def bundled_question_sets() -> dict[str, Path]:
    """The bundled question sets by id."""
    return {p.stem: p for p in sorted(builtin_dir("question_sets").glob("*.yaml"))}


def resolve_question_set(name_or_path: str) -> Path:
    """The file of a question set given by id (a bundled set) or by path."""
    bundled = bundled_question_sets()
    if name_or_path in bundled:
        return bundled[name_or_path]
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    known = ", ".join(bundled) or "none"
    raise ConfigError(f"{name_or_path}: no such question set; use one of {known} or a path to a YAML file")


def validated_data(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """A question set file read and validated: its data, and the line of each JSON path."""
    data, lines = load_yaml(path)
    problems = schema_problems("question_set", data, path, lines)
    if problems:
        raise ConfigError(problems)
    problems = _semantic_problems(data, path, lines)
    if problems:
        raise ConfigError(problems)
    return data, lines


def previous_not_found(name: str, path: Path, lines: dict[str, int]) -> ConfigError:
    return ConfigError(
        f"{path}:{lines.get('$.previous', 1)}: $.previous: question set {name!r} not found; "
        f"put {name}.yaml beside this file or remove `previous`"
    )


_LARGEST = 1_000_000  # for any number in a question set: weights, thresholds, cycles


def _semantic_problems(data: dict[str, Any], path: Path, lines: dict[str, int]) -> list[str]:
    problems: list[str] = []

    def say(json_path: str, message: str) -> None:
        problems.append(f"{path}:{lines.get(json_path, 1)}: {json_path}: {message}")

    problem = pattern_problem(data["detect"]["subject"])
    if problem:
        say("$.detect.subject", problem)

    # The schema's bounds let NaN through (every comparison with it is false), and a NaN or
    # infinite weight makes every score NaN: each question would then be reported missing. Huge
    # ones do the same once added up (1e308 + 1e308 is infinite).
    def finite(value: Any, json_path: str) -> None:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not abs(value) <= _LARGEST:
            say(
                json_path,
                f"{value} is not a number checker can weigh; give one such as 1 or 0.5 (at most {_LARGEST:,})",
            )
        elif isinstance(value, dict):
            for key, child in value.items():
                finite(child, f"{json_path}.{key}")
        elif isinstance(value, list):
            for i, child in enumerate(value):
                finite(child, f"{json_path}[{i}]")

    finite(data, "$")

    numbers: dict[str, str] = {}  # every number a block answers to -> where it was declared
    synonyms: dict[str, str] = {}
    for b, block in enumerate(data["sections"]):
        bpath = f"$.sections[{b}]"
        for key in ("number", "paragraph"):
            value = block.get(key)
            if value is None:
                continue
            if value in numbers:
                say(
                    f"{bpath}.{key}",
                    f"number {value!r} is already used by {numbers[value]}; "
                    "block numbers and paragraph aliases must be unique",
                )
            else:
                numbers[value] = f"{bpath}.{key} (line {lines.get(f'{bpath}.{key}', 1)})"
        letters = [item["letter"] for item in block["items"]]
        for i, letter in enumerate(letters):
            ipath = f"{bpath}.items[{i}]"
            if letter in letters[:i]:
                say(f"{ipath}.letter", f"duplicate letter {letter!r} in block {block['number']}")
            elif letter != chr(ord("A") + i):
                say(f"{ipath}.letter", f"letter {letter!r} out of sequence; expected {chr(ord('A') + i)!r}")
            item = block["items"][i]
            ids = [e["id"] for e in item.get("evidence", [])]
            for e, eid in enumerate(ids):
                if eid in ids[:e]:
                    say(f"{ipath}.evidence[{e}].id", f"duplicate evidence id {eid!r}")
            for s, synonym in enumerate([item["title"], *item.get("synonyms", [])]):
                key = synonym.casefold().strip()
                owner = f"{block['number']}{letter}"
                if synonyms.get(key, owner) != owner:
                    spath = f"{ipath}.title" if s == 0 else f"{ipath}.synonyms[{s - 1}]"
                    say(
                        spath,
                        f"title or synonym {synonym!r} also names item {synonyms[key]}; make it specific to one item",
                    )
                synonyms.setdefault(key, owner)
    return problems


def successor_problems(data: dict[str, Any], previous: QuestionSet, path: Path, lines: dict[str, int]) -> list[str]:
    ids = {f"{b['number']}{i['letter']}" for b in data["sections"] for i in b["items"]}
    problems = []
    claimed: dict[str, str] = {}
    for q in previous.questions:
        if q.successor and q.successor not in ids:
            problems.append(
                f"{path}:{lines.get('$.previous', 1)}: $.previous: {previous.id} maps {q.id} to "
                f"{q.successor}, which this set does not have; fix `successor` in {previous.path}"
            )
        if q.successor in claimed:
            problems.append(
                f"{path}:{lines.get('$.previous', 1)}: $.previous: {previous.id} maps both "
                f"{claimed[q.successor]} and {q.id} to {q.successor}; aliases would collide"
            )
        if q.successor:
            claimed[q.successor] = q.id
    return problems


def _words(values: Any) -> tuple[str, ...]:
    return tuple(values or ())


def build_question_set(data: dict[str, Any], path: Path, previous: QuestionSet | None, bundled: bool) -> QuestionSet:
    """The QuestionSet of validated data; `bundled` when it comes unchanged from checker's own files."""
    earlier: dict[str, str] = {}  # this cycle's id -> last cycle's id
    earlier_blocks: dict[str, str] = {}
    if previous is not None:
        earlier = {q.successor: q.id for q in previous.questions if q.successor}
        earlier_blocks = {b.successor: b.number for b in previous.blocks if b.successor}
    paragraph_source = "the instruction's own paragraph numbering"

    blocks = []
    for block in data["sections"]:
        number = block["number"]
        questions = []
        for item in block["items"]:
            qid = f"{number}{item['letter']}"
            aliases = []
            if block.get("paragraph"):
                aliases.append(Alias(f"{block['paragraph']}{item['letter']}", "paragraph", paragraph_source))
            if qid in earlier and earlier[qid] != qid:
                aliases.append(Alias(earlier[qid], "previous", previous.id, previous.cycle))  # type: ignore[union-attr]
            questions.append(
                Question(
                    id=qid,
                    number=number,
                    letter=item["letter"],
                    title=item["title"],
                    synonyms=_words(item.get("synonyms")),
                    text=" ".join(item["question"].split()),
                    keywords=_words(item["keywords"]),
                    evidence=tuple(
                        EvidenceNeed(
                            e["id"],
                            e["kind"],
                            _words(e.get("terms")),
                            e["missing"],
                            float(e.get("weight", 1)),
                            bool(e.get("optional", False)),
                        )
                        for e in item.get("evidence", [])
                    ),
                    confidence=item["confidence"],
                    required=bool(item.get("required", True)) and bool(block.get("required", True)),
                    aliases=tuple(aliases),
                    successor=item.get("successor"),
                    min_score=item.get("min_score"),
                    source=str(path),
                )
            )
        block_aliases = []
        if block.get("paragraph"):
            block_aliases.append(Alias(block["paragraph"], "paragraph", paragraph_source))
        if number in earlier_blocks and earlier_blocks[number] != number:
            block_aliases.append(Alias(earlier_blocks[number], "previous", previous.id, previous.cycle))  # type: ignore[union-attr]
        blocks.append(
            Block(
                number=number,
                title=block["title"],
                synonyms=_words(block.get("synonyms")),
                confidence=block["confidence"],
                required=bool(block.get("required", True)),
                questions=tuple(questions),
                aliases=tuple(block_aliases),
                successor=block.get("successor"),
            )
        )

    header = data["header"]
    weights = data["matching"]
    return QuestionSet(
        id=data["id"],
        title=data["title"],
        cycle=data["cycle"],
        path=str(path),
        detect_subject=data["detect"]["subject"],
        detect=compiler(bundled)("(?i)" + data["detect"]["subject"]),  # matched as the subject is written: any case
        bundled=bundled,
        header=HeaderSpec(
            instruction_cable=header["instruction_cable"],
            previous_cables=_words(header.get("previous_cables")),
            due=date.fromisoformat(header["due"]) if header.get("due") else None,
            required_tags=_words(header.get("required_tags")),
            addressees=_words(header.get("addressees")),
            period=header.get("period"),
            subject=header.get("subject"),
        ),
        matching=MatchingWeights(**{k: float(v) for k, v in weights.items()}),
        title_stopwords=frozenset(data.get("title_stopwords", ())),
        blocks=tuple(blocks),
        previous=data.get("previous"),
    )
