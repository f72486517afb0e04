"""JSON Schema validation of YAML data files, reporting every error as `file:line: $.path: message`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checker.load.bundled import schema_path
from checker.load.yaml_files import line_for


def _validator(name: str) -> Any:
    # jsonschema is the slowest import we have; imported only when a user's file is validated
    # (checker's own files come validated in the bundle).
    import jsonschema

    schema = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# What each kind of file is, for the one line that says a file is not one.
_KINDS = {
    "config": "a checker configuration",
    "question_set": "a question set",
    "rule": "a rule file",
    "detector": "a detector file",
}


def schema_problems(name: str, data: Any, where: Path | str, lines: dict[str, int]) -> list[str]:
    """Every violation of schema `name`, sorted by position in the file. A file that is not of
    this kind at all (not a mapping; for the kinds a path names, none of its keys one the kind
    has: a path pointing at the wrong file, or at a secret) is one line that quotes nothing of it.
    A configuration is found by its name, so a mistaken key in it is reported as such."""
    validator = _validator(name)
    known = set(validator.schema.get("properties", {}))
    foreign = name != "config" and isinstance(data, dict) and bool(data) and bool(known) and not known & set(data)
    if not isinstance(data, dict) or foreign:
        kind = _KINDS.get(name, f"a {name} file")
        why = f"none of its keys is one {kind} has" if foreign else "it is not a mapping"
        return [f"{where}:1: $: not {kind} ({why}); check the path"]
    errors = sorted(validator.iter_errors(data), key=lambda e: (_line(lines, e), e.json_path))
    return [f"{where}:{_line(lines, e)}: {e.json_path}: {e.message}{hint(e)}" for e in errors]


def _unexpected(error: Any) -> list[str]:
    """The keys an additionalProperties error is about."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    known = set(error.schema.get("properties", {})) if isinstance(error.schema, dict) else set()
    return [str(k) for k in error.instance if str(k) not in known]


def _line(lines: dict[str, int], error: Any) -> int:
    """The line of the problem: for a key that has no place there, the key's own line."""
    keys = _unexpected(error)
    if len(keys) == 1 and f"{error.json_path}.{keys[0]}" in lines:
        return lines[f"{error.json_path}.{keys[0]}"]
    return line_for(lines, error.json_path)


def hint(error: Any) -> str:
    """The fix for YAML's usual surprise: `id: 1.1` or `values: [yes, no]` read as a number or
    true/false where text was meant."""
    wanted = error.schema.get("type") if isinstance(error.schema, dict) else None
    if error.validator == "type" and wanted == "string" and isinstance(error.instance, (int, float, bool)):
        return f"; it reads as {'true/false' if isinstance(error.instance, bool) else 'a number'}: quote it"
    keys = _unexpected(error)
    if keys and isinstance(error.schema, dict):
        import difflib

        known = list(error.schema.get("properties", {}))
        close = [(k, difflib.get_close_matches(k, known, 1, 0.75)) for k in keys]
        if len(close) == 1 and close[0][1]:
            return f"; did you mean {close[0][1][0]!r}?"
        meant = [f"{m[0]!r} for {k!r}" for k, m in close if m]
        return f"; did you mean {', '.join(meant)}?" if meant else "; remove it, or check its spelling"
    if error.validator == "pattern" and error.validator_value in _PATTERN_FIXES:
        return f"; {_PATTERN_FIXES[error.validator_value]}"
    if error.validator == "minItems" and error.validator_value == 1 and error.json_path.endswith(".parts"):
        return "; list at least one part, with its id, title and question"
    if error.validator in ("oneOf", "anyOf") and error.json_path.endswith(".required_when"):
        return "; write `KEY is VALUE`, `KEY is not VALUE`, `KEY is A or B`, or a mapping {KEY: VALUE}"
    return ""


# What a value a pattern refuses should look like, in words (a regular expression is no fix).
_PATTERN_FIXES = {
    "^[A-Za-z0-9][A-Za-z0-9._-]*$": (
        "use only letters A-Z and a-z, digits, '.', '_' and '-', starting with a letter or digit "
        "(no spaces or accented letters: `risk.data.retention`)"
    ),
    "^[A-Za-z0-9][A-Za-z0-9.]*$": "use only letters A-Z and a-z, digits and '.' (`2.1.3`)",
    "^[a-z0-9][a-z0-9._-]*$": "use only lower-case letters a-z, digits, '.', '_' and '-' (`incident-review`)",
    "^[a-z][a-z0-9-]*$": "use only lower-case letters a-z, digits and '-', starting with a letter",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "write the date as YYYY-MM-DD",
    "\\S": "write some text here, or leave the entry out",
    "^\\s*[A-Za-z_][A-Za-z0-9_.-]*\\s+is\\s+(not\\s+)?\\S.*$": "write `KEY is VALUE` or `KEY is not VALUE`",
}


def validate_instance(name: str, data: Any) -> list[str]:
    """Violations of schema `name` for data produced in memory (e.g. our own JSON report)."""
    return [f"{e.json_path}: {e.message}" for e in _validator(name).iter_errors(data)]
