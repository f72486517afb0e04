"""Where the bundled question sets, rules and schemas live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


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
