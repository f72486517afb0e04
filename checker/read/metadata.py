"""A draft's metadata: YAML front matter at its top, or a small YAML file kept beside it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from checker.read.discovery import absolute, repository_root
from checker.read.files import TooLarge, read_text

MAX_SIZE = 100_000  # characters: metadata is a handful of keys
_IGNORED = "parts required under conditions were not required"


def metadata_from_yaml(text: str) -> tuple[dict[str, Any], str]:
    """(the keys and plain values of a YAML mapping, a note saying why it could not be used)."""
    import yaml

    if len(text) > MAX_SIZE:
        return {}, f"too large for metadata; {_IGNORED}"
    try:
        twice = _key_given_twice(yaml.compose(text))
        if twice:
            return {}, f"not usable: the key {twice!r} is given twice; keep one; {_IGNORED}"
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}, f"not valid YAML; {_IGNORED}"
    except RecursionError:  # the pure-Python parser recurses once per level of nesting
        return {}, f"nested too deeply; {_IGNORED}"
    except Exception:  # noqa: BLE001 - the constructors raise ValueError, KeyError... for a value like 2024-02-30
        return {}, f"not readable: a value YAML cannot convert (a date that does not exist?); {_IGNORED}"
    if data is None:
        return {}, ""
    if not isinstance(data, dict):
        return {}, f"not a mapping of keys to values; {_IGNORED}"
    # A date is a value as written (`phase: 2024-01-01`), not a key left unset.
    plain = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}
    return {str(k): v for k, v in plain.items() if isinstance(v, (str, int, float, bool)) or v is None}, ""


def _key_given_twice(node: Any) -> str | None:
    """A top-level key written twice in a YAML mapping (YAML would silently keep the last value)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                return str(key.value)
            seen.add(key.value)
    return None


def read_metadata(path: Path) -> tuple[dict[str, Any], str]:
    """The metadata in a sidecar file, and a note (naming the file) when it cannot be used: one
    larger than metadata can be is not read whole, and a link to a file outside the draft's
    repository is not followed (what it holds would be quoted in notes)."""
    root = repository_root(path.parent)
    if root is not None and path.is_symlink() and not absolute(path).is_relative_to(root):
        return {}, f"{path}: a link to a file outside the repository ({root}), not followed; {_IGNORED}"
    try:
        text = read_text(path, limit=4 * MAX_SIZE)  # UTF-8: at most 4 bytes a character
    except TooLarge:
        return {}, f"{path}: too large for metadata; {_IGNORED}"
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"{path}: cannot read the metadata ({exc.__class__.__name__}); {_IGNORED}"
    data, note = metadata_from_yaml(text)
    return data, f"{path}: {note}" if note else ""
