"""Rule files -> RuleSpecs, validated in three passes at load time so a rule can never fail
while a user's draft is being checked: the envelope, the check's params, the message fields."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from checker.errors import ConfigError
from checker.load.bundled import EMPTY_BUNDLE, Bundle, builtin_dir
from checker.load.patterns import compiler
from checker.load.schemas import schema_problems
from checker.load.yaml_files import load_yaml
from checker.model.rules import RuleExamples, RuleSpec
from checker.model.severity import Severity


def load_rules(extra_dirs: Iterable[Path] = (), bundle: Bundle = EMPTY_BUNDLE) -> tuple[RuleSpec, ...]:
    """The bundled rules, each replaced by a rule of the same id from `extra_dirs` if present.
    A bundled rule whose file is unchanged comes validated from `bundle`."""
    files = {p.stem.split("-", 1)[0]: p for p in sorted(builtin_dir("rules").glob("*.yaml"))}
    for folder in extra_dirs:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: not a folder of rule files; give a directory holding CQnnn-name.yaml files")
        for p in sorted(folder.glob("*.y*ml")):
            files[p.stem.split("-", 1)[0]] = p
    problems: list[str] = []
    rules = []
    for path in files.values():
        try:
            rules.append(load_rule(path.resolve(), bundle))
        except ConfigError as exc:
            problems += exc.problems
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.name in seen:
            problems.append(
                f"{rule.path}:1: $.name: name {rule.name!r} is also used by {seen[rule.name]}; "
                "rule names must be unique"
            )
        seen[rule.name] = rule.id
    if problems:
        raise ConfigError(problems)
    return tuple(sorted(rules, key=lambda r: r.id))


def rule_problems(path: Path) -> list[str]:
    """Every problem in one rule file (empty when valid); for `checker rules validate`."""
    try:
        validated_rule(path.resolve())
    except ConfigError as exc:
        return exc.problems
    return []


def param_problems(check_name: str, params: Mapping[str, Any], prefix: str = "$.params") -> list[tuple[str, str]]:
    """(json path, message) for each way `params` do not suit the check: its schema first, then
    what only code can test (a regular expression that does not compile)."""
    import jsonschema

    from checker.check import CHECKS

    check = CHECKS[check_name]
    from checker.load.schemas import hint

    problems = [
        (prefix + e.json_path[1:], e.message + hint(e))
        for e in jsonschema.Draft202012Validator(check.PARAMS_SCHEMA).iter_errors(params)
    ]
    validate = getattr(check, "validate", None)
    if validate is not None and not problems:
        for problem in validate(params):
            json_path, message = problem.split(": ", 1)
            problems.append((prefix + json_path.removeprefix("$.params"), message))
    return problems


def load_rule(path: Path, bundle: Bundle = EMPTY_BUNDLE) -> RuleSpec:
    """One rule file: from the bundle when it is an unchanged bundled file, else validated here."""
    data = bundle.data("rules", path)
    bundled = data is not None
    if data is None:
        data = validated_rule(path)
    params = MappingProxyType(data.get("params", {}))
    return RuleSpec(
        id=data["id"],
        name=data["name"],
        kind=data["kind"],
        check=data["check"],
        severity=Severity.parse(data["severity"]),
        by_confidence=MappingProxyType({k: Severity.parse(v) for k, v in data.get("by_confidence", {}).items()}),
        enabled=data.get("enabled", True),
        description=" ".join(data["description"].split()),
        message=data["message"],
        params=params,
        path=str(path),
        prepared=prepare_params(data["check"], params, bundled),
        bundled=bundled,
        examples=_examples(data.get("examples")),
    )


def _examples(data: Mapping[str, str] | None) -> RuleExamples | None:
    return RuleExamples(data["fail"], data["pass"], data.get("questions")) if data else None


def prepare_params(check_name: str, params: Mapping[str, Any], bundled: bool) -> Mapping[str, Any]:
    """The params as the check uses them (its patterns compiled by the engine their source calls for)."""
    from checker.check import CHECKS

    prepare = getattr(CHECKS[check_name], "prepare", None)
    return MappingProxyType(dict(prepare(params, compiler(bundled)))) if prepare is not None else params


def validated_rule(path: Path) -> dict[str, Any]:
    from checker.check import CHECKS

    data, lines = load_yaml(path)
    problems = schema_problems("rule", data, path, lines)
    if problems:
        raise ConfigError(problems)

    def say(json_path: str, message: str) -> None:
        problems.append(f"{path}:{lines.get(json_path, 1)}: {json_path}: {message}")

    if not path.stem.startswith(data["id"]):
        say("$.id", f"file name should start with the rule id {data['id']!r} (e.g. {data['id']}-{data['name']}.yaml)")
    check = CHECKS.get(data["check"])
    if check is None:
        say("$.check", f"unknown check {data['check']!r}; use one of {', '.join(sorted(CHECKS))}")
        raise ConfigError(problems)
    params = data.get("params", {})
    for json_path, message in param_problems(data["check"], params):
        say(json_path, message)
    try:
        parsed = [
            (f, spec, conversion)
            for _, f, spec, conversion in string.Formatter().parse(data["message"])
            if f is not None
        ]
    except ValueError as exc:
        say("$.message", f"not a valid message template: {exc}")
        parsed = []
    # Field values differ in type from hit to hit (a number here, a text there): a format spec,
    # conversion or attribute that suits one could fail on a user's draft mid-lint.
    fancy = sorted(
        {
            "{" + f + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            for f, spec, conversion in parsed
            if spec or conversion or "." in f or "[" in f
        }
    )
    if fancy:
        say(
            "$.message",
            f"{', '.join(fancy)}: only plain fields are allowed; write {{name}}, "
            "without !conversion, :format, .attribute or [index]",
        )
    fields = {f for f, _, _ in parsed}
    unknown = {f.split(".")[0].split("[")[0] for f in fields} - check.MESSAGE_FIELDS
    if unknown:
        say(
            "$.message",
            f"unknown field(s) {', '.join(sorted('{' + f + '}' for f in unknown))}; "
            f"the {data['check']} check offers {', '.join(sorted(check.MESSAGE_FIELDS))}",
        )
    if problems:
        raise ConfigError(problems)
    return data
