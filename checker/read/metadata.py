"""A draft's metadata: YAML front matter at its top, or a small YAML file kept beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.read.files import read_text

MAX_SIZE = 100_000  # characters: metadata is a handful of keys
_IGNORED = "parts required under conditions were not required"


def metadata_from_yaml(text: str) -> tuple[dict[str, Any], str]:
    """(the keys and plain values of a YAML mapping, a note saying why it could not be used)."""
    import yaml

    if len(text) > MAX_SIZE:
        return {}, f"too large for metadata; {_IGNORED}"
    try:
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
    return {str(k): v for k, v in data.items() if isinstance(v, (str, int, float, bool)) or v is None}, ""


def read_metadata(path: Path) -> tuple[dict[str, Any], str]:
    """The metadata in a sidecar file, and a note (naming the file) when it cannot be used."""
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"{path}: cannot read the metadata ({exc.__class__.__name__}); {_IGNORED}"
    data, note = metadata_from_yaml(text)
    return data, f"{path}: {note}" if note else ""
