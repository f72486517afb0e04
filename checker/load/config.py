"""Project configuration: `.checker.yaml` (or `[tool.checker]` in pyproject.toml), found by
walking up from the draft. Command-line flags win over it; unknown keys and rules are errors.

The trust boundary is here. A draft may come from anyone (a pull request, a shared folder), and
so may the folders around it: the search stops at the repository's root (the nearest folder
holding .git), skips files that belong to another user, and the paths a configuration names
(questions:, rules_dir:) must stay inside the repository (or, outside any, the configuration's
own folder). Files given on the command line are the user's own choice and are used as given."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from checker.errors import ConfigError, unreadable
from checker.load.rules import param_problems, prepare_params
from checker.load.schemas import schema_problems
from checker.load.yaml_files import load_yaml
from checker.model.rules import RuleSpec
from checker.model.severity import Severity
from checker.read.discovery import absolute
from checker.read.files import read_bytes, user_name

CONFIG_NAMES = (".checker.yaml", ".checker.yml")
_OFF = {False, "off", "disable"}
_ON = {True, "on", "enable"}


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """A project's settings (.checker.yaml or [tool.checker] in pyproject.toml), with the line of each key."""

    path: Path | None
    questions: str | None = None
    rules: Mapping[str, Any] = field(default_factory=dict)
    rules_dir: Path | None = None
    question_sets: Path | None = None  # a folder of the project's own sets, for choosing among
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_under: int | None = None
    lines: Mapping[str, int] = field(default_factory=dict)
    # include and exclude as compiled patterns, made once when the file is loaded
    include_patterns: tuple[re.Pattern[str], ...] = ()
    exclude_patterns: tuple[re.Pattern[str], ...] = ()

    def selects(self, draft: Path) -> bool:
        """Whether include/exclude (relative to the config's folder) let `draft` be checked."""
        if self.path is None or not (self.include or self.exclude):
            return True
        try:
            relative = absolute(draft).relative_to(absolute(self.path.parent)).as_posix()
        except ValueError:
            return True  # a draft outside the project is only checked when named, and then checked
        if any(p.match(relative) for p in self.exclude_patterns):
            return False
        return not self.include_patterns or any(p.match(relative) for p in self.include_patterns)


NO_CONFIG = ProjectConfig(None)


def _glob(pattern: str) -> re.Pattern[str]:
    """A glob where `**` crosses folders and `*` does not."""
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def find_config(start: Path, notes: list[str] | None = None) -> Path | None:
    """The configuration for a draft (or folder): the first .checker.yaml, .checker.yml or
    pyproject.toml with [tool.checker] in its folder or above, no higher than the repository's
    root. One that belongs to another user is skipped, with a note added to `notes`."""
    folder = absolute(start)
    folder = folder if folder.is_dir() else folder.parent
    root = repository_root(folder)
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file() and _trusted(candidate / name, root, notes):
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _trusted(pyproject, root, notes) and _configures_checker(pyproject):
            return pyproject
        if candidate == root:
            break
    return None


def _is_repository_root(folder: Path) -> bool:
    """A folder holding .git (a folder, or the file a worktree or submodule has)."""
    return os.path.lexists(folder / ".git")


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds .git, or None outside any repository."""
    folder = absolute(start)
    return next((f for f in (folder, *folder.parents) if _is_repository_root(f)), None)


def _trusted(path: Path, root: Path | None, notes: list[str] | None) -> bool:
    """Whether a configuration found on the way up may be used: it belongs to the user running
    checker (a file another user put in a folder above the draft, a shared folder, /tmp, a CI
    runner's home, must not decide what is checked) and, inside a repository, is not a link to a
    file outside it. Each one skipped is a note."""
    owner = os.stat(path).st_uid
    if hasattr(os, "geteuid") and owner != os.geteuid():
        why = f"it belongs to {user_name(owner)}, not to you"
    elif root is not None and not absolute(path).is_relative_to(root):
        why = f"it is a link to a file outside the repository ({root})"
    else:
        return True
    note = f"checker: note: {path} ignored: {why}; pass it with --config to use it"
    if notes is not None and note not in notes:
        notes.append(note)
    return False


def _configures_checker(pyproject: Path) -> bool:
    """Whether a pyproject.toml has a [tool.checker] table (`[[tool.checker]]` too, so that the
    mistake is reported rather than the file skipped). One that cannot be read is one line."""
    try:
        text = read_bytes(pyproject).decode("utf-8", errors="replace")
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise ConfigError(
            f"{pyproject}: cannot be read ({why}), so checker cannot tell whether it configures checker; "
            "make it readable, or pass --config FILE or --no-config"
        ) from None
    return re.search(r"^\[\[?tool\.checker[.\]]", text, re.M) is not None


def load_config(path: Path) -> ProjectConfig:
    if path.suffix == ".toml":
        data, lines = _from_pyproject(path)
    else:
        data, lines = load_yaml(path)
        data = {} if data is None else data
    problems = schema_problems("config", data, path, lines)
    if problems:
        raise ConfigError(problems)
    return ProjectConfig(
        path=path,
        questions=_question_set(path, data["questions"], lines) if "questions" in data else None,
        rules=MappingProxyType(dict(data.get("rules", {}))),
        rules_dir=_inside(path, data["rules_dir"], "rules_dir", lines) if "rules_dir" in data else None,
        question_sets=_inside(path, data["question_sets"], "question_sets", lines) if "question_sets" in data else None,
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        include_patterns=tuple(map(_glob, data.get("include", ()))),
        exclude_patterns=tuple(map(_glob, data.get("exclude", ()))),
        fail_under=data.get("fail_under"),
        lines=MappingProxyType(lines),
    )


def _question_set(config: Path, value: str, lines: Mapping[str, int]) -> str:
    """A question set's id stays an id (a bundled set, or one of the project's own; an unknown id is
    reported where it is used, with the ids there are); anything else is a file, relative to the
    config file and inside its repository."""
    looks_like_a_path = value.endswith((".yaml", ".yml")) or any(c in value for c in "/\\") or value.startswith(".")
    if not looks_like_a_path and not os.path.lexists(config.parent / value):
        return value
    return str(_inside(config, value, "questions", lines))


def _inside(config: Path, value: str, key: str, lines: Mapping[str, int]) -> Path:
    """A path a configuration names, resolved (links followed) against its folder; refused when it
    leads out of the repository, or out of the configuration's folder outside any repository:
    a configuration that arrived with a draft must not make checker read, or quote, other files."""
    root = repository_root(config.parent)
    boundary = root or absolute(config.parent)
    area = f"the repository ({boundary})" if root else f"its folder ({boundary}, in no repository)"
    where = f"{config}:{lines.get(f'$.{key}', 1)}: $.{key}"
    instead = "give a file elsewhere on the command line" + (
        " with --questions" if key in ("questions", "question_sets") else " with --rules"
    )
    if os.path.isabs(value):
        raise ConfigError(
            f"{where}: {value!r} is an absolute path; a configuration names files inside {area}, relative to "
            f"itself; {instead}"
        )
    target = absolute(config.parent / value)
    if not target.is_relative_to(boundary):
        raise ConfigError(f"{where}: {value!r} leads outside {area}; a configuration names files inside it; {instead}")
    return target


def _from_pyproject(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """[tool.checker] of a TOML file: pyproject.toml, or any other .toml given with --config."""
    import tomllib

    try:
        raw = read_bytes(path)
    except OSError as exc:
        raise ConfigError(unreadable(exc, str(path), "give a TOML file")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}:{line}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}; fix the syntax") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{path}: invalid TOML: nested too deeply; flatten the data") from None
    tool = document.get("tool", {})
    data = tool.get("checker") if isinstance(tool, dict) else None
    if data is None and path.name != "pyproject.toml":
        # A pyproject.toml may well have no [tool.checker]; another TOML file is given only for it.
        raise ConfigError(
            f"{path}:1: $: no [tool.checker] table; put the settings under [tool.checker], as in pyproject.toml"
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line = next(
            (
                i + 1
                for i, row in enumerate(text.splitlines())
                if re.match(r"\s*(?:(\[\[\s*)?tool\.checker\b|checker\s*=)", row)
            ),
            1,
        )
        kind = {
            list: "an array of tables",
            int: "a number",
            float: "a number",
            bool: "true or false",
            str: "a string",
        }.get(type(data), "a value")
        raise ConfigError(
            f"{path}:{line}: $: tool.checker must be a table, not {kind}; "
            "write the settings under one [tool.checker] header"
        )
    # TOML gives no positions: find each key's line after the [tool.checker] header, for messages.
    lines: dict[str, int] = {"$": 1}
    text_lines = text.splitlines()
    start = next((i for i, line in enumerate(text_lines) if line.strip().startswith("[tool.checker")), 0)
    for key in data:
        for i in range(start, len(text_lines)):
            if re.match(rf"\s*\[?(?:tool\.checker\.)?{re.escape(key)}\b", text_lines[i]):
                lines[f"$.{key}"] = i + 1
                break
    rules = data.get("rules")
    for key in rules if isinstance(rules, dict) else ():  # another type is reported by the schema
        for i in range(start, len(text_lines)):
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", text_lines[i]):
                lines[f"$.rules.{key}"] = i + 1
                break
    return data, lines


def apply_config(rules: Sequence[RuleSpec], config: ProjectConfig) -> tuple[RuleSpec, ...]:
    """The rules as the project configures them."""
    if not config.rules:
        return tuple(rules)
    by_key = {r.id: r for r in rules} | {r.name: r for r in rules}
    problems = []
    changed: dict[str, RuleSpec] = {}
    for key, setting in config.rules.items():
        where = f"{config.path}:{config.lines.get(f'$.rules.{key}', config.lines.get('$.rules', 1))}: $.rules.{key}"
        rule = by_key.get(key)
        if rule is None:
            problems.append(f"{where}: unknown rule {key!r}; `checker rules list` shows the codes and names")
            continue
        rule = changed.get(rule.id, rule)
        at = f"{config.path}:{config.lines.get(f'$.rules.{key}', config.lines.get('$.rules', 1))}"
        if isinstance(setting, (bool, str)) and setting in _OFF:
            rule = replace(rule, enabled=False)
        elif isinstance(setting, (bool, str)) and setting in _ON:
            rule = replace(rule, enabled=True)
        elif isinstance(setting, str):
            rule = _with_severity(rule, Severity.parse(setting), at)
        else:
            params = {**rule.params, **setting.get("params", {})}
            found = param_problems(rule.check, params, prefix=f"$.rules.{key}.params")
            problems += [f"{config.path}:{config.lines.get(path, 1)}: {path}: {message}" for path, message in found]
            if found:
                continue
            if "severity" in setting:
                rule = _with_severity(rule, Severity.parse(setting["severity"]), at)
            if "by_confidence" in setting:
                line = config.lines.get(f"$.rules.{key}.by_confidence")
                rule = replace(
                    rule,
                    by_confidence=MappingProxyType({k: Severity.parse(v) for k, v in setting["by_confidence"].items()}),
                    by_confidence_set_by=f"{config.path}:{line}" if line else at,
                )
            rule = replace(
                rule,
                enabled=setting.get("enabled", rule.enabled),
                params=MappingProxyType(params),
                prepared=prepare_params(rule.check, params, bundled=False) if "params" in setting else rule.prepared,
                bundled=rule.bundled and "params" not in setting,
            )
        changed[rule.id] = rule
    if problems:
        raise ConfigError(problems)
    return tuple(changed.get(r.id, r) for r in rules)


def _with_severity(rule: RuleSpec, severity: Severity, at: str) -> RuleSpec:
    """The rule at the severity the configuration sets (at `at`), remembering the rule file's."""
    file_severity = rule.file_severity if rule.file_severity is not None else rule.severity
    return replace(rule, severity=severity, severity_set_by=at, file_severity=file_severity)
