"""A draft's metadata (front matter, or a sidecar file) comes from the draft's author: whatever it
holds, it is read or set aside with a note, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from checker.read.metadata import metadata_from_yaml, read_metadata
from tests.conftest import ROOT

RFC_DRAFT = ROOT / "samples" / "rfc" / "drafts" / "01-good-pipeline-topic.md"


@pytest.mark.parametrize(
    "text",
    [
        "start_date: 2024-02-30",  # a date that does not exist: the likeliest slip
        "start_date: 2024-02-28 25:00:00",
        "status: !!int final",
        "status: !!float final",
        "status: !!bool maybe",
        "x: !!int 0b2",
        "x: " + "[" * 3000 + "]" * 3000,  # nesting deeper than the parser's recursion
        "x: " + "{a: " * 3000 + "}" * 3000,
    ],
)
def test_metadata_a_parser_cannot_convert_is_set_aside_with_a_note(text):
    data, note = metadata_from_yaml(text)
    assert data == {} and "parts required under conditions were not required" in note


def test_a_sidecar_with_an_impossible_date_is_a_note(tmp_path):
    sidecar = tmp_path / "draft.meta.yaml"
    sidecar.write_text("start_date: 2024-02-30\n")
    data, note = read_metadata(sidecar)
    assert data == {} and str(sidecar) in note


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_front_matter_with_an_impossible_date_is_no_traceback(tmp_path, jobs):
    text = RFC_DRAFT.read_text(encoding="utf-8").replace("start_date: 2024-02-11", "start_date: 2024-02-30", 1)
    drafts = []
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(text, encoding="utf-8")
        drafts.append(str(tmp_path / name))
    result = subprocess.run(
        [sys.executable, "-m", "checker", "lint", "--no-config", "--no-table", "--jobs", jobs, *drafts],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr and result.returncode in (0, 1), result.stderr
    assert "the front matter is not readable: a value YAML cannot convert" in result.stdout


def test_a_key_given_twice_is_set_aside_and_a_date_is_a_value_as_written():
    data, note = metadata_from_yaml("phase: final\nphase: early\n")
    assert data == {} and "'phase' is given twice" in note
    assert metadata_from_yaml("phase: 2024-01-01\n") == ({"phase": "2024-01-01"}, "")


def test_a_sidecar_linking_out_of_the_repository_or_too_large_is_not_read(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    secret = tmp_path / "secret.yaml"
    secret.write_text("phase: topsecret\n")
    (repo / "a.meta.yaml").symlink_to(secret)
    data, note = read_metadata(repo / "a.meta.yaml")
    assert data == {} and "outside the repository" in note and "topsecret" not in note
    (repo / "inside.yaml").write_text("phase: final\n")
    (repo / "b.meta.yaml").symlink_to(repo / "inside.yaml")
    assert read_metadata(repo / "b.meta.yaml") == ({"phase": "final"}, "")
    big = repo / "c.meta.yaml"
    big.write_text("phase: final\n" + "#" * 2_000_000 + "\n")
    data, note = read_metadata(big)
    assert data == {} and "too large" in note
