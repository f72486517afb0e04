"""The one object a run checks drafts with: its options, and everything loaded for them.

The command line builds a Toolkit from its options and passes it down; the engine, the rewriting
commands and the reporters take what they need from it. It loads each thing once, the first time
it is asked for (a run with --questions never reads the other question sets; drafts in one project share
one configuration, its rules and detectors), and keeps it for the rest of the run, in memory
only: nothing of it outlives the process, and nothing of a draft is ever kept in it."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from checker.errors import ConfigError
from checker.load.bundled import Bundle, read_bundle
from checker.load.config import (
    NO_CONFIG,
    ProjectConfig,
    apply_config,
    find_config,
    load_config,
)
from checker.load.detectors import MENTION, load_detectors
from checker.load.question_sets import (
    build_question_set,
    bundled_question_sets,
    previous_not_found,
    resolve_question_set,
    successor_problems,
    validated_data,
)
from checker.load.rules import load_rules
from checker.match.similarity import MatchIndex, index_question_set
from checker.model.detectors import Detector
from checker.model.questions import QuestionSet
from checker.model.rules import RuleSpec
from checker.read.discovery import absolute
from checker.read.files import read_text
from checker.score.terms import TermPatterns


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line says; each wins over the project configuration."""

    questions: str | None = None
    rule_dirs: tuple[Path, ...] = ()
    config: Path | None = None  # an explicit config file
    use_config: bool = True  # False: ignore .checker.yaml / [tool.checker]
    # Seconds one draft may take (None: the default, which grows with the draft; 0: no bound).
    time_limit: float | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What applies to one draft: its project configuration, the rules and detectors that follows
    from, and the question set asked for (None: chosen from the draft)."""

    config: ProjectConfig
    rules: tuple[RuleSpec, ...]
    detectors: Mapping[str, Detector]
    questions: str | None


class Toolkit:
    """Options plus everything loaded for them, each loaded on first need and kept for the run."""

    def __init__(self, options: Options = Options()) -> None:
        self.options = options
        self._bundle: Bundle | None = None
        self._configs: dict[Path, ProjectConfig] = {}
        self._settings: dict[tuple[Path | None, tuple[Path, ...]], Settings] = {}
        self._question_sets: dict[Path, QuestionSet] = {}
        self._loading: set[Path] = set()  # question sets being loaded, to refuse a cycle of `previous`
        self._indexes: dict[Path, MatchIndex] = {}
        # The term lists of every set's asks, each compiled once for the run (checker.score.terms).
        self.term_patterns = TermPatterns()
        # What the user should know about how the run was set up (a configuration file skipped
        # because another user owns it), one line each, for the command line to show.
        self.notes: list[str] = []

    @property
    def bundle(self) -> Bundle:
        if self._bundle is None:
            self._bundle = read_bundle()
        return self._bundle

    # ---------------------------------------------------------------- configuration

    def config_for(self, draft: Path) -> ProjectConfig:
        """The project configuration that applies to `draft`: --config, else the file found above
        the draft (unless --no-config), else none."""
        if self.options.config is not None:
            path: Path | None = absolute(self.options.config)
        elif self.options.use_config:
            path = find_config(draft, self.notes)
        else:
            path = None
        if path is None:
            return NO_CONFIG
        if path not in self._configs:
            self._configs[path] = load_config(path)
        return self._configs[path]

    def settings_for(self, draft: Path) -> Settings:
        config = self.config_for(draft)
        dirs = self.options.rule_dirs or ((config.rules_dir,) if config.rules_dir else ())
        key = (config.path, tuple(dirs))
        if key not in self._settings:
            rules = apply_config(load_rules(dirs, self.bundle), config)
            self._settings[key] = Settings(
                config, rules, load_detectors(dirs, self.bundle), self.options.questions or config.questions
            )
        return self._settings[key]

    # ---------------------------------------------------------------- question sets

    def question_set(self, name_or_path: str | Path, config: ProjectConfig | None = None) -> QuestionSet:
        """A question set by id (bundled, or one of `config`'s own sets) or path, with the set it
        names as `previous` loaded too."""
        try:
            path = resolve_question_set(str(name_or_path))
        except ConfigError as exc:
            own = [s for s in self.candidate_sets(config) if s.id == str(name_or_path)] if config else []
            if own:
                return own[0]
            if config is not None and config.path is not None and config.questions == str(name_or_path):
                # Named by the configuration, not the command line: say where.
                at = f"{config.path}:{config.lines.get('$.questions', 1)}: $.questions: "
                raise ConfigError([at + p for p in exc.problems]) from None
            raise
        return self._question_set(absolute(path))

    def bundled_question_sets(self) -> tuple[QuestionSet, ...]:
        return tuple(self._question_set(absolute(path)) for path in bundled_question_sets().values())

    def candidate_sets(self, config: ProjectConfig) -> tuple[QuestionSet, ...]:
        """The sets a draft of this project may answer: the bundled ones and the project's own."""
        own: tuple[QuestionSet, ...] = ()
        if config.question_sets is not None:
            folder = config.question_sets
            if not folder.is_dir():
                raise ConfigError(
                    f"{config.path}: question_sets: {folder} is not a folder; give the folder "
                    "holding the project's question set files"
                )
            own = tuple(
                self._question_set(absolute(p)) for p in sorted(folder.glob("*.y*ml")) if not p.name.startswith(".")
            )
        return own + self.bundled_question_sets()

    def previous(self, qset: QuestionSet) -> QuestionSet | None:
        """Last cycle's question set: beside this one first, then among the bundled sets."""
        return self._previous(qset.previous, Path(qset.path), {}) if qset.previous else None

    def _previous(self, name: str, path: Path, lines: dict[str, int]) -> QuestionSet:
        sibling = path.parent / f"{name}.yaml"
        try:
            return self._question_set(absolute(sibling)) if sibling.exists() else self.question_set(name)
        except ConfigError as exc:
            if "no such question set" in str(exc):
                raise previous_not_found(name, path, lines) from None
            raise

    def match_index(self, qset: QuestionSet) -> MatchIndex:
        """What the matcher needs of `qset` (keyword weights, reduced titles), worked out once."""
        key = Path(qset.path)
        if key not in self._indexes:
            self._indexes[key] = index_question_set(qset)
        return self._indexes[key]

    def require_fit(self, settings: Settings, qset: QuestionSet) -> None:
        """Refuse, before a draft is checked against `qset`, what only now shows: evidence kinds
        `qset` asks for that no detector in force finds, and questions that rules name but `qset`
        lacks. A ConfigError, one line per problem."""
        problems = fit_problems(settings, qset)
        if problems:
            raise ConfigError(problems)

    def question_set_problems(self, path: Path) -> list[str]:
        """Every problem in one question set file (empty when valid); for `checker questions validate`."""
        try:
            self._question_set(absolute(path), validate=True)
        except ConfigError as exc:
            return exc.problems
        return []

    def _question_set(self, path: Path, validate: bool = False) -> QuestionSet:
        if path in self._question_sets and not validate:
            return self._question_sets[path]
        if path in self._loading:
            raise ConfigError(f"{path}:1: $.previous: the sets name each other as `previous`; remove one of them")
        data = None if validate else self.bundle.data("question_sets", path)
        bundled = data is not None
        lines: dict[str, int] = {}
        if data is None:
            data, lines = validated_data(path)
        self._loading.add(path)
        try:
            previous = None
            if data.get("previous"):
                previous = self._previous(data["previous"], path, lines)
                if not bundled:
                    problems = successor_problems(data, previous, path, lines)
                    if problems:
                        raise ConfigError(problems)
        finally:
            self._loading.discard(path)
        qset = build_question_set(data, path, previous, bundled)
        self._question_sets[path] = qset
        return qset


# ---------------------------------------------------------------- question sets against rules and detectors


def fit_problems(settings: Settings, qset: QuestionSet) -> list[str]:
    """What in `qset` the rules and detectors of `settings` cannot serve (see Toolkit.require_fit)."""
    from checker.check.generic import scope_problems

    problems = evidence_kind_problems(qset, settings.detectors.keys())
    for rule in settings.rules:
        problems += scope_problems(rule, qset)
    return problems


def evidence_kind_problems(qset: QuestionSet, kinds: Collection[str]) -> list[str]:
    """Evidence kinds `qset` asks for that no detector of `kinds` finds (`mention` needs none): one
    line for each place the set names one, with the fix."""
    known = set(kinds) | {MENTION}
    unknown = {need.kind for q in qset.questions for need in q.evidence} - known
    if not unknown:
        return []
    from checker.load.yaml_files import line_for, load_yaml

    try:
        data, lines = load_yaml(Path(qset.path))
    except (ConfigError, OSError):
        data, lines = None, {}
    places = [(path, kind) for path, kind in _evidence_kinds(data) if kind in unknown]
    places += [("$", kind) for kind in sorted(unknown - {kind for _, kind in places})]  # the file changed since
    return [
        f"{qset.path}:{line_for(lines, path)}: {path}: no detector finds evidence of kind {kind!r}; add a detector "
        f"file with `kind: {kind}` in the detectors/ folder of your rules folder (rules_dir or --rules), "
        f"or use one of {', '.join(sorted(known))}"
        for path, kind in places
    ]


def _evidence_kinds(data: object, path: str = "$") -> Iterator[tuple[str, str]]:
    """(JSON path, kind) of every entry of every `evidence:` list in a question set's data, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, list):
                for i, need in enumerate(value):
                    if isinstance(need, dict) and isinstance(need.get("kind"), str):
                        yield f"{path}.evidence[{i}].kind", need["kind"]
            else:
                yield from _evidence_kinds(value, f"{path}.{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _evidence_kinds(value, f"{path}[{i}]")


def _is_question_set(path: Path) -> bool:
    """Whether a YAML file in a project's folder of sets is one: not hidden (the project's own
    .checker.yaml may sit there) and saying which `schema_version` it is (answer keys, notes and
    other YAML files beside the sets are left alone)."""
    if path.name.startswith(".") or not path.is_file():
        return False
    try:
        head = read_text(path)[:20_000]
    except (OSError, UnicodeDecodeError):
        return True  # loading it explains what is wrong
    return re.search(r"^schema_version\s*:", head, re.MULTILINE) is not None
