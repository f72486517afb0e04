"""The drafts written for the non-TIP question sets (samples/rfc, samples/dmp, and the blind
corpora in tests/fixtures/corpora): every defect planted in them is found, nothing else is
reported, and every answer lands on its section."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.engine import check_paths
from checker.toolkit import Options, Toolkit
from tests.conftest import ROOT

CODES = {
    "missing": "CQ101",
    "misnumbered": "CQ102",
    "duplicate": "CQ103",
    "out-of-order": "CQ104",
    "unexpected": "CQ105",
    "merged": "CQ106",
    "retitled": "CQ107",
    "empty": "CQ201",
    "placeholder": "CQ202",
    "na-without-reason": "CQ203",
    "na-refused": "CQ204",
}
KIND_OF = {"CQ205": "CQ202"}
# The third corpus was written, with its question set, from the README alone by someone who had
# never seen checker's code: the kind of instruction and drafts the project promises to handle.
CORPORA = [
    ROOT / "samples" / "rfc",
    ROOT / "samples" / "dmp",
    ROOT / "tests" / "fixtures" / "corpora" / "adr",
    ROOT / "tests" / "fixtures" / "corpora" / "dpia",
    ROOT / "tests" / "fixtures" / "corpora" / "security",
    ROOT / "tests" / "fixtures" / "corpora" / "trial-protocol",
    ROOT / "tests" / "fixtures" / "corpora" / "trustees-report",
]


def _set_of(corpus: Path, set_id: str) -> str:
    own = corpus / f"{set_id}.yaml"
    return str(own) if own.exists() else set_id


def _drafts():
    for corpus in CORPORA:
        key = yaml.safe_load((corpus / "answer-key.yaml").read_text(encoding="utf-8"))
        for entry in key["drafts"]:
            yield pytest.param(corpus, key["set"], entry, id=f"{key['set']}:{Path(entry['file']).stem}")


@pytest.mark.parametrize(("corpus", "set_id", "entry"), list(_drafts()))
def test_every_planted_defect_is_found_and_nothing_else(corpus, set_id, entry):
    report, errors = check_paths([corpus / entry["file"]], Toolkit(Options(questions=_set_of(corpus, set_id))))
    assert not errors
    (fr,) = report.files
    # A placeholder that is the whole answer leaves the question unanswered (CQ205); one inside
    # real text is CQ202: both are what the keys call a placeholder.
    found = sorted((KIND_OF.get(f.code, f.code), f.line) for f in fr.findings if f.code in {*CODES.values(), "CQ205"})
    expected = []
    for e in entry.get("expect") or []:
        code = CODES[e["kind"]]
        if code == "CQ101":  # a missing answer has no line of its own: it points between its neighbours
            line = next(f.line for f in fr.findings if f.code == code and f.question == e["question"])
        else:
            line = e["line"]
        expected.append((code, line))
    assert found == sorted(expected), [f"{f.code} {f.line} {f.message}" for f in fr.findings]
    missing = {e["question"] for e in entry.get("expect") or [] if e["kind"] == "missing"}
    assert {f.question for f in fr.findings if f.code == "CQ101"} == missing


@pytest.mark.parametrize(("corpus", "set_id", "entry"), list(_drafts()))
def test_every_answer_is_matched_to_its_own_section(corpus, set_id, entry):
    report, _ = check_paths([corpus / entry["file"]], Toolkit(Options(questions=_set_of(corpus, set_id))))
    lines = {
        q.question.id: q.section.line
        for q in report.files[0].questions
        if q.section is not None and q.status in ("answered", "merged", "placeholder", "empty")
    }
    answers = {str(k): v for k, v in (entry.get("answers") or {}).items()}
    assert {qid: lines.get(qid) for qid in answers} == answers
    # Anything else taken as an answer is one the key reports a defect in (a placeholder answer).
    flagged = {e.get("question") for e in entry.get("expect") or []}
    assert set(lines) - set(answers) <= flagged


@pytest.mark.parametrize(("corpus", "set_id", "entry"), list(_drafts()))
def test_the_set_is_chosen_from_the_draft_itself(corpus, set_id, entry, tmp_path):
    if (corpus / f"{set_id}.yaml").exists():  # a project's own set, named in its configuration
        (tmp_path / "sets").mkdir()
        (tmp_path / "sets" / f"{set_id}.yaml").write_text((corpus / f"{set_id}.yaml").read_text())
        (tmp_path / ".checker.yaml").write_text("question_sets: sets\n")
        draft = tmp_path / Path(entry["file"]).name
        draft.write_bytes((corpus / entry["file"]).read_bytes())
    else:
        draft = corpus / entry["file"]
    report, errors = check_paths([draft], Toolkit())
    assert not errors
    assert report.files[0].question_set == set_id
