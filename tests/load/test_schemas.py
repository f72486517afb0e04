"""Schema problems name the fix in words, not only the regular expression a value failed."""

from __future__ import annotations

from checker.load.schemas import schema_problems

SET = {"schema_version": 2, "id": "grant", "title": "Grant report"}


def test_an_id_with_a_space_or_an_accent_is_told_what_an_id_may_hold():
    data = {**SET, "parts": [{"id": "risk data", "title": "A", "question": "Q?"}]}
    (problem,) = schema_problems("question_set_v2", data, "set.yaml", {"$.parts[0].id": 5})
    assert problem.startswith("set.yaml:5: $.parts[0].id: 'risk data' does not match")
    assert "use only letters A-Z and a-z, digits, '.', '_' and '-'" in problem


def test_a_condition_not_written_as_one_is_told_how_to_write_it():
    data = {**SET, "parts": [{"id": "a", "title": "A", "question": "Q?", "required_when": "phase"}]}
    (problem,) = schema_problems("question_set_v2", data, "set.yaml", {})
    assert problem.endswith("; write `KEY is VALUE`, `KEY is not VALUE`, `KEY is A or B`, or a mapping {KEY: VALUE}")


def test_a_set_with_no_parts_is_told_to_list_one():
    (problem,) = schema_problems("question_set_v2", {**SET, "parts": []}, "set.yaml", {"$.parts": 4})
    assert problem == (
        "set.yaml:4: $.parts: [] should be non-empty; list at least one part, with its id, title and question"
    )


def test_a_misspelt_key_is_reported_at_its_own_line_with_the_key_meant():
    data = {**SET, "parts": [{"id": "a", "title": "A", "quesiton": "Q?"}]}
    lines = {"$.parts[0]": 5, "$.parts[0].quesiton": 7}
    problems = schema_problems("question_set_v2", data, "set.yaml", lines)
    assert "set.yaml:7: $.parts[0]: Additional properties are not allowed ('quesiton' was unexpected); " in problems[-1]
    assert problems[-1].endswith("did you mean 'question'?")


def test_the_schema_states_the_default_number_of_headings_choosing_a_set_needs(tmp_path):
    import json

    from checker.match.choose import _needed
    from tests.conftest import ROOT, TOOLKIT

    schema = json.loads((ROOT / "checker" / "schemas" / "question_set_v2.schema.json").read_text(encoding="utf-8"))
    described = schema["properties"]["detect"]["properties"]["headings"]["description"]
    assert "30% of the top parts, rounded up, at least 2" in described
    parts = "".join(f"- {{id: p{n}, title: Part {n}, question: Q{n}?}}\n" for n in range(10))
    path = tmp_path / "ten.yaml"
    path.write_text(f"schema_version: 2\nid: ten\ntitle: Ten parts\nparts:\n{parts}", encoding="utf-8")
    assert _needed(TOOLKIT.question_set(path)) == 3  # not half (5): 30% of 10
