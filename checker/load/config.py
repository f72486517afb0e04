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
from checker.read.discovery import absolute, repository_root
from checker.read.files import TooLarge, read_bytes, user_name

CONFIG_NAMES = (".checker.yaml", ".checker.yml")
# A line of [tool.checker] naming a setting (`fail_under = 60`, `[tool.checker.rules]`), and one
# setting an entry of a table (`CQ202 = "off"`, `"CQ202" = "off"`): the word each names.
_SETTING_LINE = re.compile(r"\s*\[?(?:tool\.checker\.)?(\w[\w-]*)")
_ENTRY_LINE = re.compile(r'\s*"?([^"\s=]+)"?\s*=')
# Bytes read of a pyproject.toml at most (tomllib parses 1-2 MB a second; real ones are a few kB).
MAX_TOML_BYTES = 2_000_000
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
    include_patterns: tuple[Glob, ...] = ()
    exclude_patterns: tuple[Glob, ...] = ()

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


@dataclass(frozen=True, slots=True)
class Glob:
    """An include/exclude pattern, where `**` crosses folders, `*` does not and `?` is one character
    but /. Matched by walking the pattern and the path together, keeping every place in the pattern
    the path so far can reach, so the time is at most their lengths multiplied: as a regular
    expression, a pattern from a repository's configuration such as **a**a**a**a**a**b backtracks for
    hours on a file named aaaa...a (a hung commit hook)."""

    tokens: tuple[str, ...]  # one character to match as it is, or "?", "*", "**", "**/"

    @classmethod
    def compile(cls, pattern: str) -> Glob:
        tokens: list[str] = []
        i = 0
        while i < len(pattern):
            for wildcard in ("**/", "**", "*", "?"):
                if pattern.startswith(wildcard, i):
                    break
            else:
                wildcard = pattern[i]
            tokens.append(wildcard if len(wildcard) > 1 or wildcard in "*?" else "\\" + wildcard)
            i += len(wildcard)
        return cls(tuple(tokens))

    def match(self, path: str) -> bool:
        """Whether the whole of `path` matches. A place is an index into the tokens, or, for a place
        inside a `**/` (which must end at a /), that index negated minus one."""
        end = len(self.tokens)
        places = self._onward({0})
        for char in path:
            after: set[int] = set()
            for place in places:
                if place < 0:  # inside a **/: anything, and a / may end it
                    after.add(place)
                    if char == "/":
                        after.add(-place)
                    continue
                if place == end:
                    continue
                token = self.tokens[place]
                if token == "**/":
                    after.add(-place - 1)
                    if char == "/":
                        after.add(place + 1)
                elif token == "**" or (token == "*" and char != "/"):
                    after.add(place)
                elif (token == "?" and char != "/") or token == "\\" + char:
                    after.add(place + 1)
            places = self._onward(after)
            if not places:
                return False
        return end in places

    def _onward(self, places: set[int]) -> set[int]:
        """The places, with those a wildcard matching nothing moves on to."""
        out = set(places)
        pending = [p for p in places if p >= 0]
        while pending:
            place = pending.pop()
            if place < len(self.tokens) and self.tokens[place] in ("*", "**", "**/") and place + 1 not in out:
                out.add(place + 1)
                pending.append(place + 1)
        return out


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
        text = read_bytes(pyproject, MAX_TOML_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        why = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        raise ConfigError(
            f"{pyproject}: cannot be read ({why}), so checker cannot tell whether it configures checker; "
            + ("" if isinstance(exc, TooLarge) else "make it readable, or ")
            + "pass --config FILE or --no-config"
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
        rules_dir=_folder_inside(path, data["rules_dir"], "rules_dir", lines) if "rules_dir" in data else None,
        question_sets=(
            _folder_inside(path, data["question_sets"], "question_sets", lines) if "question_sets" in data else None
        ),
        include=tuple(data.get("include", ())),
        exclude=tuple(data.get("exclude", ())),
        include_patterns=tuple(map(Glob.compile, data.get("include", ()))),
        exclude_patterns=tuple(map(Glob.compile, data.get("exclude", ()))),
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
    path = _inside(config, value, "questions", lines)
    if not path.is_file():
        raise ConfigError(
            f"{config}:{lines.get('$.questions', 1)}: $.questions: {value!r} is not a file ({path}); give the "
            "question set file's path, relative to this configuration, or a set's id"
        )
    return str(path)


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


def _folder_inside(config: Path, value: str, key: str, lines: Mapping[str, int]) -> Path:
    """A folder a configuration names (rules_dir:, question_sets:), as `_inside`, whose files are
    inside the boundary too: a link in it to a file elsewhere is refused as a path would be (what is
    read is the folder's YAML files, and for rules the detectors/ folder and its files)."""
    folder = _inside(config, value, key, lines)
    if not folder.is_dir():
        holding = "rule files (and detectors/)" if key == "rules_dir" else "question set files"
        raise ConfigError(
            f"{config}:{lines.get(f'$.{key}', 1)}: $.{key}: {value!r} is not a folder ({folder}); give the folder "
            f"holding the project's {holding}, relative to this configuration"
        )
    root = repository_root(config.parent)
    boundary = root or absolute(config.parent)
    read = [*folder.glob("*.y*ml")]
    if key == "rules_dir":
        read += [folder / "detectors", *(folder / "detectors").glob("*.yaml")]
    for path in sorted(read):
        if not absolute(path).is_relative_to(boundary):
            area = f"the repository ({boundary})" if root else f"its folder ({boundary}, in no repository)"
            raise ConfigError(
                f"{config}:{lines.get(f'$.{key}', 1)}: $.{key}: {path} is a link leading outside {area}; a "
                "configuration names files inside it; copy the file in, or give "
                + (
                    "that set on the command line with --questions"
                    if key == "question_sets"
                    else "the folder with --rules"
                )
            )
    return folder


def _from_pyproject(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """[tool.checker] of a TOML file: pyproject.toml, or any other .toml given with --config."""
    import tomllib

    try:
        raw = read_bytes(path, MAX_TOML_BYTES)
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
    # TOML gives no positions: find each key's line after the [tool.checker] header, for messages,
    # in one pass over the lines (a pass per key took hours on a table of 100,000 keys).
    lines: dict[str, int] = {"$": 1}
    text_lines = text.splitlines()
    start = next((i for i, line in enumerate(text_lines) if line.strip().startswith("[tool.checker")), 0)
    settings: dict[str, int] = {}  # the first line after the header naming each word, as a key or a table
    entries: dict[str, int] = {}  # the first line after the header setting each word, quoted or not
    for i in range(start, len(text_lines)):
        if named := _SETTING_LINE.match(text_lines[i]):
            settings.setdefault(named[1], i + 1)
        if entry := _ENTRY_LINE.match(text_lines[i]):
            entries.setdefault(entry[1], i + 1)
    lines.update({f"$.{key}": settings[key] for key in data if key in settings})
    rules = data.get("rules")
    if isinstance(rules, dict):  # another type is reported by the schema
        lines.update({f"$.rules.{key}": entries[key] for key in rules if key in entries})
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
