"""Checker's own data: where the bundled question sets, rules, detectors and schemas live, and
the bundle that ships them already validated.

Parsing YAML and validating it against a JSON Schema is most of a cold start (a pre-commit hook
starts cold on every commit), and the bundled files never change once installed. So
`checker/load/bundle.json` holds each bundled file as the loaders would produce it after
validation, with the SHA-256 of the file it came from; `python -m checker.load.make_bundle`
writes it and the test suite fails when it is out of date. At run time an entry is used only
while its file is unchanged: an edited bundled file is read and validated like a user's."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.read.files import read_bytes

_PACKAGE = Path(__file__).resolve().parent.parent
BUNDLE = Path(__file__).resolve().with_name("bundle.json")
BUNDLE_FORMAT = 1


def builtin_dir(name: str) -> Path:
    """The bundled `question_sets` or `rules` folder.

    A wheel carries them inside the package (`checker/_data/<name>`, see pyproject.toml);
    a source checkout or editable install has them at the repository root.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found; reinstall checker")


def schema_path(name: str) -> Path:
    return _PACKAGE / "schemas" / f"{name}.schema.json"


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True, slots=True)
class Bundle:
    """The validated data of every bundled file, by section ("question_sets", "rules",
    "detectors") and file name, each with the digest of the file it was made from."""

    entries: dict[str, dict[str, dict[str, Any]]]

    def data(self, section: str, path: Path) -> Any | None:
        """The validated data of bundled file `path`, or None when the bundle lacks it or the file
        has changed since the bundle was made (then the caller validates the file itself)."""
        entry = self.entries.get(section, {}).get(path.name)
        if entry is None or path.parent.resolve() != _section_dir(section).resolve():
            return None
        try:
            unchanged = digest(read_bytes(path)) == entry["sha256"]
        except OSError:
            return None
        return entry["data"] if unchanged else None


EMPTY_BUNDLE = Bundle({})


def _section_dir(section: str) -> Path:
    return {
        "question_sets": builtin_dir("question_sets"),
        "rules": builtin_dir("rules"),
        "detectors": builtin_dir("rules") / "detectors",
    }[section]


def read_bundle() -> Bundle:
    """The shipped bundle; an empty one if it is missing or from another format (everything is
    then validated from the YAML files, as a user's own files are)."""
    try:
        raw = json.loads(read_bytes(BUNDLE))
    except (OSError, ValueError):
        return EMPTY_BUNDLE
    if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
        return EMPTY_BUNDLE
    return Bundle(raw["entries"])
