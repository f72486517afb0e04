"""Safe YAML in: duplicate keys rejected, and a JSON-path -> line index for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import ConfigError, unreadable
from checker.read import files

if TYPE_CHECKING:
    import yaml

# PyYAML is imported only when a data file is actually read: checker's own files come validated
# in the bundle (checker.load.bundled), so a run with no files of the user's never needs it.

# Documents blown up through aliases (a "billion laughs") are refused past this many nodes, and so
# are documents that simply hold that many (composing them all first took 10 s and 900 MB for 10 MB
# of `key: value` lines, which git stores in a few kilobytes).
MAX_NODES = 200_000
# Bytes read of a data file at most: the largest bundled question set is 150 kB.
MAX_BYTES = 10_000_000
# Our data files nest under ten levels; far deeper nesting overflows the stack of PyYAML's C
# composer (a segfault) or of Python's recursion (constructing, validating).
MAX_DEPTH = 50
# Nesting the C composer is known to survive (it crashed past 20 000 levels): text that cannot
# nest deeper than this is composed without a scan first.
_COMPOSER_SAFE_DEPTH = 1000


def _json_path(parts: tuple[Any, ...]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class _TooDeep(Exception):
    def __init__(self, line: int, path: tuple[Any, ...]) -> None:
        super().__init__()
        self.line, self.path = line, path


def _too_deep(where: str, line: int, path: str) -> ConfigError:
    return ConfigError(f"{where}:{line}: {path}: nested more than {MAX_DEPTH} levels deep; flatten the data")


def _check_shape(text: str, loader: Any, where: str) -> None:
    """Before composing, refuse nesting the C composer would recurse through until it crashes,
    and more than MAX_NODES nodes, in one pass over the parser's events (no node is kept). Only
    text that could be either is scanned: each level of nesting needs a bracket or a column of
    indentation, and each node at least one character."""
    import yaml

    widest = max(map(len, text.splitlines()), default=0)
    deep = text.count("[") + text.count("{") + widest > _COMPOSER_SAFE_DEPTH
    if not deep and len(text) <= MAX_NODES:
        return
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise _too_large(where)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if deep and depth > MAX_DEPTH:  # shallower text is told its place once composed
                    raise _too_deep(where, event.start_mark.line + 1 if event.start_mark else 1, "$")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # compose reports the syntax error, with its line


def _too_large(where: str) -> ConfigError:
    return ConfigError(
        f"{where}:1: document too large (over {MAX_NODES} nodes once aliases are expanded), far more than a "
        "checker file holds; check the path, or remove repeated anchors and aliases"
    )


def _expanded_size(node: yaml.Node, memo: dict[int, int], path: tuple[Any, ...] = ()) -> int:
    """Nodes the document holds once aliases are expanded, counted without expanding them."""
    import yaml

    if len(path) > MAX_DEPTH:
        raise _TooDeep(node.start_mark.line + 1, path)
    if id(node) not in memo:
        memo[id(node)] = 0  # a recursive alias counts once
        size = 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                size += _expanded_size(key_node, memo, path + ("?",)) + _expanded_size(
                    value_node, memo, path + (key_node.value,)
                )
        elif isinstance(node, yaml.SequenceNode):
            size += sum(_expanded_size(child, memo, path + (i,)) for i, child in enumerate(node.value))
        memo[id(node)] = size
    return memo[id(node)]


def _index(
    node: yaml.Node,
    path: tuple[Any, ...],
    lines: dict[str, int],
    paths: dict[int, str],
    problems: list[str],
    where: str,
    inside: frozenset[int] = frozenset(),
) -> None:
    """Record the line and path of every node; report duplicate and unusable mapping keys, and
    aliases to a node they sit in (data that contains itself would make every later step loop)."""
    import yaml

    json_path = _json_path(path)
    line = node.start_mark.line + 1
    lines.setdefault(json_path, line)
    paths.setdefault(id(node), json_path)
    if id(node) in inside:
        problems.append(f"{where}:{line}: {json_path}: alias to a node that contains it; remove the recursive alias")
        return
    inside = inside | {id(node)}
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                problems.append(f"{where}:{line}: {json_path}: a {kind} as a mapping key; use a plain mapping key")
                continue
            if key in seen:
                problems.append(
                    f"{where}:{line}: {json_path}: duplicate key {key!r} (first at line {seen[key]}); keep one"
                )
            seen[key] = line
            _index(value_node, path + (key,), lines, paths, problems, where, inside)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index(child, path + (i,), lines, paths, problems, where, inside)


class _Unconvertible(Exception):
    def __init__(self, node: yaml.Node, reason: str) -> None:
        super().__init__(reason)
        self.node, self.reason = node, reason


def _construct(node: yaml.Node) -> Any:
    """The data of a composed document, built by PyYAML's safe constructor; a value it cannot
    convert (2010-02-30, an unknown tag, bad !!binary) raises _Unconvertible naming its node."""
    import yaml

    class Constructor(yaml.constructor.SafeConstructor):
        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep)
            except _Unconvertible:
                raise
            except yaml.MarkedYAMLError as exc:
                raise _Unconvertible(node, str(exc.problem)) from None
            except (ValueError, OverflowError) as exc:  # they say what is wrong: "day is out of range"
                raise _Unconvertible(node, str(exc)) from None
            except Exception:  # noqa: BLE001 - others (AttributeError, KeyError) say nothing useful
                raise _Unconvertible(node, f"not a valid {node.tag.rsplit(':', 1)[-1]}") from None

    constructor = Constructor()
    # Build each node completely before the next, so a failure is raised from its own node.
    constructor.deep_construct = True
    return constructor.construct_document(node)


def load_yaml(path: Path) -> tuple[Any, dict[str, int]]:
    """Load one YAML document. Returns (data, {json_path: line})."""
    where = str(path)
    try:
        text = files.read_text(path, encoding="utf-8-sig", limit=MAX_BYTES)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(unreadable(exc, where, "give a YAML file")) from None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _check_shape(text, loader, where)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        # A tab in the indentation is YAML's usual surprise, and its message does not say so.
        at = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        fix = "indent with spaces, not tabs" if "\t" in at[: len(at) - len(at.lstrip())] else "fix the syntax"
        raise ConfigError(f"{where}{line}: invalid YAML: {exc.problem or exc.context}; {fix}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: invalid YAML: {exc}") from None
    if node is None:
        raise ConfigError(f"{where}:1: empty document; it must be a mapping")
    try:
        size = _expanded_size(node, {})
    except _TooDeep as exc:
        raise _too_deep(where, exc.line, _json_path(exc.path)) from None
    if size > MAX_NODES:
        raise _too_large(where)
    lines: dict[str, int] = {}
    paths: dict[int, str] = {}
    problems: list[str] = []
    _index(node, (), lines, paths, problems, where)
    if problems:
        raise ConfigError(problems)
    # Build the data from the node already composed (safe constructor), rather than parsing twice.
    try:
        data = _construct(node)
    except _Unconvertible as exc:
        bad = exc.node
        fix = (
            "quote the value to keep it as text"
            if isinstance(bad, yaml.ScalarNode)
            else "remove the tag or fix the value"
        )
        raise ConfigError(
            f"{where}:{bad.start_mark.line + 1}: {paths.get(id(bad), '$')}: cannot read this value "
            f"({exc.reason}); {fix}"
        ) from None
    return data, lines


def line_for(lines: dict[str, int], json_path: str) -> int:
    """The line of the nearest node at or above `json_path`."""
    path = json_path
    while path not in lines and len(path) > 1:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else "$"
    return lines.get(path, 1)
