"""The structure checks on a set of many parts: where each missing part belongs, found once."""

from __future__ import annotations

from checker.engine import check_paths
from checker.model.questions import QuestionSet
from checker.toolkit import Options, Toolkit


def test_missing_parts_of_a_large_set_are_placed_in_one_pass(tmp_path, monkeypatch):
    parts = "".join(f"- id: q{i}\n  title: Topic {i}\n  question: What of {i}?\n" for i in range(300))
    qset = tmp_path / "many.yaml"
    qset.write_text(f"schema_version: 2\nid: many\ntitle: Many\nstyle: titled\nparts:\n{parts}")
    draft = tmp_path / "reply.md"
    draft.write_text("# Many\n\n## Topic 150\nWe did 150 things in May 2026.\n\nThe end.\n")
    reads = []
    every = QuestionSet.questions.fget
    monkeypatch.setattr(QuestionSet, "questions", property(lambda self: reads.append(1) or every(self)))
    report, errors = check_paths([draft], Toolkit(Options(questions=str(qset))))
    assert not errors
    missing = {f.question: f for f in report.files[0].findings if f.code == "CQ101"}
    assert len(missing) == 299
    assert missing["q0"].line == 3 and missing["q149"].line == 3 and missing["q151"].line == 6
    assert "after `## Topic 150`" in missing["q151"].message and "before `## Topic 150`" in missing["q0"].message
    assert len(reads) < 100  # not once a missing part (each read walks every part)


def test_a_missing_part_of_a_draft_answered_line_by_line_is_added_as_a_line(tmp_path):
    qset = tmp_path / "q.yaml"
    qset.write_text(
        "schema_version: 2\nid: q\ntitle: Vendor risk questionnaire\nstyle: titled\nparts:\n"
        + "".join(f"- id: p{i}\n  title: {t}\n  question: What?\n" for i, t in enumerate(["Retention", "Contact"]))
    )
    draft = tmp_path / "reply.md"
    draft.write_text("# Vendor risk questionnaire\n\nRetention: 30 days, then deleted.\n")
    report, errors = check_paths([draft], Toolkit(Options(questions=str(qset))))
    (missing,) = [f for f in report.files[0].findings if f.code == "CQ101"]
    assert missing.message.endswith("add a `Contact: ...` line after 'Retention'")
