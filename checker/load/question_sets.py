"""Question set files -> QuestionSet: YAML, then JSON Schema, then what a schema cannot say."""

from __future__ import annotations

import re
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
    Ask,
    Block,
    Condition,
    EvidenceNeed,
    EvidenceWay,
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
    version2 = isinstance(data, dict) and data.get("schema_version") == 2
    problems = schema_problems("question_set_v2" if version2 else "question_set", data, path, lines)
    if problems:
        raise ConfigError(problems)
    problems = _semantic_problems_v2(data, path, lines) if version2 else _semantic_problems(data, path, lines)
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


def _evidence(given: Any) -> tuple[EvidenceNeed, ...]:
    """An item's or part's `evidence:` list, as both versions of the format write it."""
    return tuple(
        EvidenceNeed(
            e["id"],
            e["kind"],
            _words(e.get("terms")),
            e["missing"],
            float(e.get("weight", 1)),
            bool(e.get("optional", False)),
        )
        for e in given
    )


def _asks(given: Any) -> tuple[Ask, ...]:
    return tuple(
        Ask(
            a["id"],
            " ".join(a["ask"].split()),
            tuple(
                EvidenceWay(e["kind"], _words(e.get("of")), _words(e.get("terms")), bool(e.get("in_period", False)))
                for e in a["evidence"]
            ),
            a["missing"],
            float(a.get("weight", 1)),
            bool(a.get("optional", False)),
            bool(a.get("in_period", False)),
            a.get("actor"),
        )
        for a in given or ()
    )


def build_question_set(data: dict[str, Any], path: Path, previous: QuestionSet | None, bundled: bool) -> QuestionSet:
    """The QuestionSet of validated data; `bundled` when it comes unchanged from checker's own files."""
    if data.get("schema_version") == 2:
        return _build_v2(data, path, bundled)
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
                    evidence=_evidence(item.get("evidence", [])),
                    confidence=item["confidence"],
                    required=bool(item.get("required", True)) and bool(block.get("required", True)),
                    aliases=tuple(aliases),
                    asks=_asks(item.get("asks")),
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


# ---------------------------------------------------------------- version 2: parts of any depth

DEFAULT_WEIGHTS = {
    "label": 0.45,
    "title": 0.35,
    "content": 0.2,
    "min_pair": 0.25,
    "skip_question": 0.3,
    "skip_section": 0.3,
    "reassign": 0.45,
    "reassign_missing": 0.35,
}
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$|^[A-Z]$")
_CONDITION = re.compile(r"^\s*(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)\s+is\s+(?P<not>not\s+)?(?P<values>.+?)\s*$")


def _walk_parts(
    parts: list[dict[str, Any]], path: str = "$", parent: str | None = None, depth: int = 1
) -> list[tuple[dict[str, Any], str, str | None, int]]:
    """Every part in reading order: (part, its JSON path, its parent's id, its depth)."""
    out = []
    for i, part in enumerate(parts):
        json_path = f"{path}.parts[{i}]"
        out.append((part, json_path, parent, depth))
        out += _walk_parts(part.get("parts", []), json_path, part["id"], depth + 1)
    return out


def _semantic_problems_v2(data: dict[str, Any], path: Path, lines: dict[str, int]) -> list[str]:
    problems: list[str] = []

    def say(json_path: str, message: str) -> None:
        problems.append(f"{path}:{lines.get(json_path, 1)}: {json_path}: {message}")

    for key in ("subject", "title"):
        source = data.get("detect", {}).get(key)
        problem = pattern_problem(source) if source else None
        if problem:
            say(f"$.detect.{key}", problem)
    numbered = _style(data) == "numbered"
    declared = data.get("metadata", {}).get("keys", {})
    seen_ids: dict[str, str] = {}
    seen_numbers: dict[str, str] = {}
    titles: dict[str, str] = {}
    for part, json_path, _, _ in _walk_parts(data["parts"]):
        pid = part["id"]
        if pid in seen_ids:
            say(f"{json_path}.id", f"id {pid!r} is already used by {seen_ids[pid]}; ids must be unique")
        seen_ids.setdefault(pid, json_path)
        number = _number_of(part, numbered)
        # Where each label is written: `number`, else the id it defaults to, or an alias.
        written = f"{json_path}.number" if "number" in part else f"{json_path}.id"
        labels = [(number, written), *((a, f"{json_path}.aliases[{k}]") for k, a in enumerate(part.get("aliases", ())))]
        for label, where in labels:
            if not label:
                continue
            if label in seen_numbers and seen_numbers[label] != pid:
                say(where, f"number {label!r} also names part {seen_numbers[label]}; make it unique")
            seen_numbers.setdefault(label, pid)
        for s_, title in enumerate([part["title"], *part.get("synonyms", [])]):
            key = " ".join(title.casefold().split())
            if titles.get(key, pid) != pid:
                say(
                    f"{json_path}.title" if s_ == 0 else f"{json_path}.synonyms[{s_ - 1}]",
                    f"title or synonym {title!r} also names part {titles[key]}; make it specific to one part",
                )
            titles.setdefault(key, pid)
        ids = [e["id"] for e in part.get("evidence", [])]
        for e, eid in enumerate(ids):
            if eid in ids[:e]:
                say(f"{json_path}.evidence[{e}].id", f"duplicate evidence id {eid!r}")
        if "parts" in part and "question" not in part and ("evidence" in part or "min_score" in part):
            say(
                json_path,
                "a part without a question only groups others; give it a `question` or move "
                "`evidence`/`min_score` to its parts",
            )
        if "parts" not in part and "question" not in part:
            say(json_path, "a part with no parts of its own needs a `question`: what its answer must say")
        if isinstance(part.get("required_when"), str) and not _CONDITION.match(part["required_when"]):
            say(f"{json_path}.required_when", "write it as 'key is value' (or 'key is not value', 'key is a or b')")
        elif declared and "required_when" in part:
            for condition in _conditions(part["required_when"]):
                problem = _undeclared(condition, declared)
                if problem:
                    say(f"{json_path}.required_when", problem)
    return problems


def _undeclared(condition: Condition, declared: dict[str, Any]) -> str | None:
    """A condition over metadata the set does not declare never holds as meant: a misspelt key
    or value would silently make a part optional."""
    if condition.key not in declared:
        return f"{condition.key!r} is not among metadata.keys ({', '.join(declared)}); declare it there or fix the key"
    allowed = _condition_words((declared[condition.key] or {}).get("values", []))
    unknown = [v for v in condition.values if allowed and v not in allowed]
    if unknown:
        return (
            f"{unknown[0]!r} is not a value metadata.keys.{condition.key} declares "
            f"({', '.join(map(str, declared[condition.key]['values']))}); use one of those"
        )
    return None


def _style(data: dict[str, Any]) -> str:
    if "style" in data:
        return str(data["style"])
    numbered = any("number" in part or _NUMBER.match(part["id"]) for part, *_ in _walk_parts(data["parts"]))
    return "numbered" if numbered else "titled"


def _number_of(part: dict[str, Any], numbered: bool) -> str:
    if "number" in part:
        return str(part["number"])
    return part["id"] if numbered and _NUMBER.match(part["id"]) else ""


def _conditions(given: Any) -> tuple[Condition, ...]:
    if given is None:
        return ()
    if isinstance(given, str):
        m = _CONDITION.match(given)
        assert m is not None  # validated
        values = tuple(v.strip().strip("'\"").lower() for v in re.split(r"\s+or\s+", m["values"]))
        return (Condition(m["key"], values, bool(m["not"])),)
    return tuple(Condition(str(key), tuple(_condition_words(value))) for key, value in given.items())


def _value_word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _condition_words(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values:
        if isinstance(v, bool):
            out += ["yes", "true"] if v else ["no", "false"]
        else:
            out.append(str(v).strip().lower())
    return out


def _build_v2(data: dict[str, Any], path: Path, bundled: bool) -> QuestionSet:
    style = _style(data)
    compile_ = compiler(bundled)
    parts = []
    for part, _, parent, depth in _walk_parts(data["parts"]):
        number = _number_of(part, style == "numbered")
        group = "question" not in part
        parts.append(
            Question(
                id=part["id"],
                number=number,
                letter="",
                title=part["title"],
                synonyms=_words(part.get("synonyms")),
                text=" ".join(part.get("question", "").split()),
                keywords=_words(part.get("keywords")),
                evidence=_evidence(part.get("evidence", [])),
                confidence=part.get("confidence", "V"),
                required=bool(part.get("required", True)) and not group,
                aliases=tuple(Alias(label, "previous", "an older numbering") for label in part.get("aliases", ())),
                min_score=part.get("min_score"),
                source=str(path),
                parent=parent,
                depth=depth,
                group=group,
                required_when=_conditions(part.get("required_when")),
                not_applicable=bool(part.get("not_applicable", False)),  # version 2: only where it says so
                free_subsections=bool(part.get("free_subsections", False)),
                variants=_words(part.get("variants")),
                asks=_asks(part.get("asks")),
            )
        )
    detect = data.get("detect", {})
    header = data.get("header", {})
    structure = data.get("structure", {})
    return QuestionSet(
        id=data["id"],
        title=data["title"],
        cycle=str(data.get("cycle", "")),
        path=str(path),
        detect_subject=detect.get("subject", ""),
        detect=compile_("(?i)" + detect["subject"]) if detect.get("subject") else None,
        header=HeaderSpec(
            instruction_cable=header.get("instruction", ""),
            previous_cables=_words(header.get("previous_instructions")),
            due=date.fromisoformat(header["due"]) if header.get("due") else None,
            required_tags=_words(header.get("required_tags")),
            addressees=_words(header.get("addressees")),
            period=header.get("period"),
            subject=header.get("subject"),
        ),
        matching=MatchingWeights(**{k: float(data.get("matching", {}).get(k, v)) for k, v in DEFAULT_WEIGHTS.items()}),
        title_stopwords=frozenset(data.get("title_stopwords", ())),
        blocks=(),
        bundled=bundled,
        parts=tuple(parts),
        version=2,
        style=style,  # type: ignore[arg-type]
        detect_title=compile_("(?i)" + detect["title"]) if detect.get("title") else None,
        detect_headings=detect.get("headings"),
        metadata_sidecar=data.get("metadata", {}).get("sidecar"),
        metadata_keys=tuple(
            # `values: [yes, no]` reads as true/false in YAML: shown and compared as the words written
            (key, tuple(_value_word(v) for v in spec.get("values", ())), spec.get("description", ""))
            for key, spec in data.get("metadata", {}).get("keys", {}).items()
        ),
        allowed_sections=_words(data.get("allowed_sections")),
        forms=frozenset(structure.get("forms", ("heading", "lead", "bullet", "line"))),
    )
