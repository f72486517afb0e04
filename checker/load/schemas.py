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


def schema_problems(name: str, data: Any, where: Path | str, lines: dict[str, int]) -> list[str]:
    """Every violation of schema `name`, sorted by position in the file."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: (line_for(lines, e.json_path), e.json_path))
    return [f"{where}:{line_for(lines, e.json_path)}: {e.json_path}: {e.message}" for e in errors]


def validate_instance(name: str, data: Any) -> list[str]:
    """Violations of schema `name` for data produced in memory (e.g. our own JSON report)."""
    return [f"{e.json_path}: {e.message}" for e in _validator(name).iter_errors(data)]
