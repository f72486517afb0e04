"""Safe YAML in: duplicate keys rejected, and a JSON-path -> line index for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError, unreadable

if TYPE_CHECKING:
    import yaml

# PyYAML is imported when a data file is actually read: with the validated-data cache warm,
# a lint run never needs it, and a pre-commit hook starts faster.

# Documents blown up through aliases (a "billion laughs") are refused past this many nodes.
MAX_NODES = 200_000


def _json_path(parts: tuple[Any, ...]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes the document holds once aliases are expanded, counted without expanding them."""
    import yaml

    if id(node) not in memo:
        memo[id(node)] = 0  # a recursive alias counts once
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        memo[id(node)] = 1 + sum(_expanded_size(child, memo) for child in children)
    return memo[id(node)]


def _index(node: yaml.Node, path: tuple[Any, ...], lines: dict[str, int], dupes: list[str], where: str) -> None:
    """Record the line of every node; report duplicate mapping keys."""
    import yaml

    lines.setdefault(_json_path(path), node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                dupes.append(f"{where}:{line}: {_json_path(path)}: duplicate key {key!r} (first at line {seen[key]}); "
                             "keep one")
            seen[key] = line
            _index(value_node, path + (key,), lines, dupes, where)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index(child, path + (i,), lines, dupes, where)


def load_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    """Load one YAML document. Returns (data, {json_path: line})."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(unreadable(exc, where, "give a YAML file")) from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{where}{line}: invalid YAML: {exc.problem or exc.context}; fix the syntax") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: invalid YAML: {exc}") from None
    if node is None:
        raise ConfigError(f"{where}:1: empty document; it must be a mapping")
    if _expanded_size(node, {}) > MAX_NODES:
        raise ConfigError(f"{where}:1: document too large (over {MAX_NODES} nodes once aliases are expanded); "
                          "remove repeated anchors and aliases")
    lines: dict[str, int] = {}
    dupes: list[str] = []
    _index(node, (), lines, dupes, where)
    if dupes:
        raise ConfigError(dupes)
    # Build the data from the node already composed (safe constructor), rather than parsing twice.
    data = yaml.constructor.SafeConstructor().construct_document(node)
    return data, lines


def line_for(lines: dict[str, int], json_path: str) -> int:
    """The line of the nearest node at or above `json_path`."""
    path = json_path
    while path not in lines and len(path) > 1:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else "$"
    return lines.get(path, 1)
