from __future__ import annotations

import subprocess
import sys

import pytest

from checker.errors import ConfigError
from checker.load.yaml_files import line_for, load_yaml


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


def test_a_tab_in_the_indentation_is_named_as_the_fix(tmp_path):
    path = tmp_path / "tab.yaml"
    path.write_text("id: a\nparts:\n\t- id: b\n")
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value).startswith(f"{path}:3: invalid YAML: ")
    assert str(err.value).endswith("; indent with spaces, not tabs")


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        lines.append(
            f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [*{prev},*{prev},*{prev},*{prev},*{prev},"
            f"*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "questions: 2010-02-30\n",
            ":1: $.questions: cannot read this value (day is out of range for month); quote the value",
        ),
        (
            "a: 1\nquestions: !foo bar\n",
            ":2: $.questions: cannot read this value (could not determine a constructor "
            "for the tag '!foo'); quote the value",
        ),
        ('cycle: !!binary "x!!"\n', ":1: $.cycle: cannot read this value (failed to decode base64 data"),
        ("x:\n  - !!int nine\n", ":2: $.x[0]: cannot read this value"),
        ('questions: !!timestamp "yesterday"\n', ":1: $.questions: cannot read this value (not a valid timestamp)"),
        ("{[a, b]: 1}\n", ":1: $: a list as a mapping key; use a plain mapping key"),
        ("x: 1\n? [a, b]\n: 1\n", ":2: $: a list as a mapping key; use a plain mapping key"),
        ("include: &a [*a]\n", ":1: $.include[0]: alias to a node that contains it; remove the recursive alias"),
        ("a: &a {b: *a}\n", ":1: $.a.b: alias to a node that contains it; remove the recursive alias"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", ":1: $.a" + "[0]" * 50 + ": nested more than 50 levels deep"),
    ],
)
def test_yaml_that_parses_but_cannot_be_converted_is_one_line_each(tmp_path, text, expected):
    path = tmp_path / "odd.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert err.value.problems[0].startswith(f"{path}{expected}")
    assert len(err.value.problems) == 1 and "\n" not in err.value.problems[0]


def test_nesting_that_would_crash_the_yaml_composer_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    # In a child process: the C composer overflows the stack (a segfault) when it is not refused first.
    result = subprocess.run(
        [sys.executable, "-m", "checker", "questions", "validate", str(path)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout) == (2, "")
    # Ours, or newer PyYAML's own limit ("exceeded maximum nesting depth"): one line either way.
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}:1: ") and "nest" in line, line


def many_keys(path, count):
    """A document of `count` plain `key: value` lines: large in bytes, tiny once git compresses it."""
    with path.open("w") as out:
        out.writelines(f"k{i}: 1\n" for i in range(count))
    return path


def test_a_document_of_too_many_values_is_refused_before_it_is_composed(tmp_path):
    # Composing 600,000 nodes first took 540 MB (6 s); counting them as they are parsed keeps none.
    path = many_keys(tmp_path / "many.yaml", 600_000)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (250 * 2**20,) * 2)\n"
        "from checker.errors import ConfigError\n"
        "from checker.load.yaml_files import load_yaml\n"
        "try:\n    load_yaml(sys.argv[1])\nexcept ConfigError as exc:\n    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert result.stderr == ""
    assert result.stdout == (
        f"{path}:1: document too large (over 200000 nodes once aliases are expanded), far more than a checker "
        "file holds; check the path, or remove repeated anchors and aliases\n"
    )


def test_a_file_larger_than_any_data_file_is_refused_unread(tmp_path):
    path = many_keys(tmp_path / "huge.yaml", 1_000_000)  # 11 MB
    with pytest.raises(ConfigError) as err:
        load_yaml(path)
    assert str(err.value) == f"{path}: larger than 10 MB, far more than a checker file holds; check the path"


def test_a_repositorys_huge_configuration_is_one_line(tmp_path):
    (tmp_path / ".git").mkdir()
    many_keys(tmp_path / ".checker.yaml", 1_000_000)
    (tmp_path / "draft.md").write_text("# Title\n\n## 2. Situation\n\nText.\n")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "draft.md"], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 2 and result.stderr == (
        f"{tmp_path / '.checker.yaml'}: larger than 10 MB, far more than a checker file holds; check the path\n"
    )
