from __future__ import annotations

import pytest

from checker.errors import ConfigError
from checker.yamlio import line_for, load_yaml


def test_duplicate_keys_are_rejected_with_both_lines(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\ntitle: x\nid: b\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value) == f"{path}:3: $: duplicate key 'id' (first at line 1); keep one"


def test_invalid_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\nb: 3\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value).startswith(f"{path}:")
    assert "invalid YAML" in str(err.value)


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        lines.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev},*{prev},*{prev},*{prev}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigError, match="too large"):
        load_yaml(path)


def test_lines_are_indexed_by_json_path(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("sections:\n  - number: '2'\n    items:\n      - letter: A\n")
    data, lines = load_yaml(path)
    assert data == {"sections": [{"number": "2", "items": [{"letter": "A"}]}]}
    assert line_for(lines, "$.sections[0].items[0].letter") == 4
    assert line_for(lines, "$.sections[0].items[0].missing") == 4


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(ConfigError, match="empty document"):
        load_yaml(empty)
    with pytest.raises(ConfigError, match="no such file"):
        load_yaml(tmp_path / "nope.yaml")
