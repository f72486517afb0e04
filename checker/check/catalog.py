"""The checks described for people (`checker checks list`): what each does, its parameters with
their types, descriptions and defaults, read from its PARAMS_SCHEMA, and its message fields."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from checker.check.base import Check
from checker.check.generic import GENERIC
from checker.model.rules import RuleSpec


def type_of(schema: Mapping[str, Any]) -> str:
    """A parameter's type in words: 'integer >= 1', 'list of text', 'answers | draft'."""
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
        return f"mapping of text to {type_of(schema['additionalProperties'])}"
    words = {"string": "text", "boolean": "true | false", "object": "mapping"}.get(str(kind), str(kind or "any"))
    bounds = [
        f">= {schema['minimum']}" if "minimum" in schema else "",
        f"<= {schema['maximum']}" if "maximum" in schema else "",
    ]
    return " ".join([words, *filter(None, bounds)])


def params_of(schema: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str, bool, str, Any]]:
    """(name, type, required, description, default) of each parameter, nested ones as a.b."""
    required = set(schema.get("required", ()))
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object" and "properties" in sub:
            yield from params_of(sub, f"{prefix}{name}.")
            continue
        yield (
            prefix + name,
            type_of(sub),
            name in required,
            " ".join(sub.get("description", "").split()),
            sub.get("default"),
        )


def describe(check: Check, rules: Sequence[RuleSpec]) -> list[str]:
    """The lines `checker checks list` shows for one check; `rules` are the bundled rules, whose
    descriptions say what a check without a summary of its own does."""
    using = [r for r in rules if r.check == check.NAME]
    summary = getattr(check, "SUMMARY", None) or " ".join(r.description for r in using) or "(no description)"
    lines = [
        check.NAME + (" (generic: configured entirely by the rule file)" if check.NAME in GENERIC else ""),
        f"  {summary}",
    ]
    if using:
        lines.append(f"  bundled rules: {', '.join(f'{r.id} {r.name}' for r in using)}")
    params = list(params_of(check.PARAMS_SCHEMA))
    lines.append("  params:" if params else "  params: none")
    for name, kind, required, description, default in params:
        extra = [("required" if required else "")]
        if default is not None:
            extra.append(f"default {str(default).lower() if isinstance(default, bool) else default}")
        notes = ", ".join(filter(None, extra))
        lines.append(f"    {name} ({kind}{'; ' + notes if notes else ''}): {description or '-'}")
    lines.append(f"  message fields: {', '.join('{' + f + '}' for f in sorted(check.MESSAGE_FIELDS))}")
    return lines
