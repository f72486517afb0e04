from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.load.question_sets import bundled_question_sets
from checker.toolkit import Toolkit
from tests.conftest import FIXTURES


def load_question_set(name):
    return Toolkit().question_set(name)


def question_set_problems(path):
    return Toolkit().question_set_problems(path)


MINI = FIXTURES / "question_sets" / "mini-2020.yaml"


def test_bundled_sets_are_valid():
    assert set(bundled_question_sets()) >= {"tip-2009", "tip-2010"}
    for path in bundled_question_sets().values():
        assert question_set_problems(path) == []


def test_tip_2010_has_the_instructions_layout(tip2010):
    assert [(b.number, len(b.questions)) for b in tip2010.blocks] == [
        ("2", 5),
        ("3", 6),
        ("4", 12),
        ("5", 13),
        ("6", 7),
        ("7", 2),
        ("8", 1),
        ("9", 1),
        ("10", 1),
    ]
    assert tip2010.header.instruction_cable == "10 STATE 2094"
    assert tip2010.header.required_tags == ("KTIP", "ELAB", "KMCA")
    assert str(tip2010.header.due) == "2010-02-15"
    assert not tip2010.question("10A").required


def test_aliases_give_paragraph_and_last_cycle_numbers(tip2010):
    aliases = {(a.label, a.origin) for a in tip2010.question("6C").aliases}
    assert aliases == {("29C", "paragraph"), ("5C", "previous")}
    assert {a.label for a in tip2010.question("7A").aliases} == {"30A"}  # partnerships are new in 2010


def test_every_2009_item_maps_to_a_2010_item():
    old, new = load_question_set("tip-2009"), load_question_set("tip-2010")
    assert all(new.question(q.successor) for q in old.questions)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text()
    assert old in text
    path = tmp_path / "mini-2020.yaml"
    path.write_text(text.replace(old, new, 1))
    shutil.copy(FIXTURES / "question_sets" / "mini-2019.yaml", tmp_path)
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "letter: B\n        title: Penalties",
            "letter: C\n        title: Penalties",
            "$.sections[0].items[2].letter: duplicate letter 'C'",
        ),
        ('number: "3"', 'number: "2"', "$.sections[1].number: number '2' is already used"),
        ('paragraph: "26"', 'paragraph: "2"', "$.sections[1].paragraph: number '2' is already used"),
        ("synonyms: [interagency coordination]", "synonyms: [legal framework]", "also names item 2A"),
        ('cycle: "2020"', "cycle: 2020", "$.cycle: 2020 is not of type 'string'"),
        (
            "title: Laws\n",
            "title: Laws\n    requird: true\n",
            "Additional properties are not allowed ('requird' was unexpected)",
        ),
        ("title: Court statistics", "title: no", "$.sections[0].items[2].title: False is not of type 'string'"),
    ],
)
def test_invalid_sets_report_file_line_and_path(tmp_path, old, new, expected):
    path = _broken(tmp_path, old, new)
    problems = question_set_problems(path)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(f"{path.resolve()}:") for p in problems)


def test_all_schema_errors_are_reported_at_once(tmp_path):
    path = _broken(tmp_path, 'cycle: "2020"', "cycle: 2020\nbogus: 1")
    path.write_text(path.read_text().replace("confidence: V\n    items", "confidence: X\n    items", 1))
    problems = question_set_problems(path)
    assert len(problems) == 3, problems
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ConfigError, match="no such question set; use one of"):
        load_question_set("tip-1999")


def test_validate_reports_every_file_after_one_that_cannot_be_converted(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions: 2010-02-30\n")
    nan = tmp_path / "nan.yaml"
    nan.write_text(MINI.read_text().replace("label: 0.45", "label: .nan"))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "questions", "validate", str(bad), str(nan)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{bad}:1: $.questions: cannot read this value (day is out of range for month); "
        "quote the value to keep it as text",
        f"{nan}:15: $.matching.label: nan is not a number checker can weigh; give one such as 1 or 0.5 "
        "(at most 1,000,000)",
    ]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("label: 0.45", "label: .nan", ":15: $.matching.label: nan"),
        ("content: 0.2", "content: .inf", ":15: $.matching.content: inf"),
        ("weight: 2}", "weight: .NaN}", ":40: $.sections[0].items[2].evidence[0].weight: nan"),
        ("weight: 2}", "weight: 1.0e+308}", ":40: $.sections[0].items[2].evidence[0].weight: 1e+308"),  # sums to inf
    ],
)
def test_weights_must_be_finite(tmp_path, old, new, where):
    path = tmp_path / "mini-2020.yaml"
    assert old in MINI.read_text()
    path.write_text(MINI.read_text().replace(old, new))
    shutil.copy(MINI.parent / "mini-2019.yaml", tmp_path)
    assert question_set_problems(path) == [
        f"{path}{where} is not a number checker can weigh; give one such as 1 or 0.5 (at most 1,000,000)"
    ]


@pytest.mark.parametrize("sidecar", [".", ".."])
def test_a_metadata_sidecar_that_names_a_folder_is_refused_where_it_stands(tmp_path, sidecar):
    # `sidecar: "."` passed the schema and ended the run with a traceback (ValueError: Invalid name '.').
    qset = tmp_path / "plan.yaml"
    qset.write_text(
        (FIXTURES / "question_sets" / "mini-parts.yaml")
        .read_text()
        .replace("title: A small data plan\n", f"title: A small data plan\nmetadata: {{sidecar: '{sidecar}'}}\n")
    )
    problems = question_set_problems(qset)
    assert len(problems) == 1 and problems[0].startswith(f"{qset}:") and "$.metadata.sidecar" in problems[0]
    draft = tmp_path / "reply.md"
    draft.write_text("## 1 Data\n### 1.1 Types and formats\nCSV files.\n")
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-config", "-Q", str(qset), str(draft)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr


def test_a_number_given_twice_is_reported_where_it_is_written(tmp_path):
    from checker.load.question_sets import validated_data

    qset = tmp_path / "amb.yaml"
    qset.write_text(
        "schema_version: 2\nid: amb\ntitle: Amb\nparts:\n"
        "- id: a\n  number: '1'\n  title: Alpha\n  question: Q?\n"
        "- id: '1'\n  title: One\n  question: Q?\n"
        "- id: c\n  number: '3'\n  title: Gamma\n  aliases: ['1']\n  question: Q?\n"
    )
    with pytest.raises(ConfigError) as err:
        validated_data(qset)
    assert err.value.problems == [
        f"{qset}:9: $.parts[1].id: number '1' also names part a; make it unique",
        f"{qset}:15: $.parts[2].aliases[0]: number '1' also names part a; make it unique",
    ]
