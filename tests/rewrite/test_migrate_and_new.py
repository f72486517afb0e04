"""Carrying last year's draft forward: migrate, questions diff, new."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys

import pytest

from checker.engine import check_paths
from checker.rewrite.fix import write_fixes
from checker.rewrite.migrate import plan_migration
from checker.rewrite.skeleton import cable_skeleton, markdown_skeleton
from checker.rewrite.transitions import transition
from checker.toolkit import Toolkit
from tests.conftest import FIXTURES, ROOT

DRAFT_2009 = ROOT / "samples" / "tip-2009" / "draft-2009.txt"


def run(*args: str, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def test_last_years_draft_migrates_to_this_years_layout(tmp_path):
    copy = tmp_path / "reply.txt"
    shutil.copy(DRAFT_2009, copy)
    before = check_paths([copy], Toolkit())[0].files[0]
    assert before.question_set == "tip-2009" and before.findings == ()
    plan = plan_migration(str(copy), "tip-2009", "tip-2010", Toolkit())
    write_fixes(plan)
    after = check_paths([copy], Toolkit())[0].files[0]
    assert after.question_set == "tip-2010"
    # Only the questions new in 2010 remain, unanswered: headings with a placeholder to replace.
    assert sorted((f.code, f.question) for f in after.findings) == [("CQ205", "7A"), ("CQ205", "7B"), ("CQ205", "8A")]
    assert any("update the period" in n for n in plan.notes)
    assert plan_migration(str(copy), "tip-2009", "tip-2010", Toolkit()).edits == ()  # a second run changes nothing


def test_migration_touches_only_what_it_names(tmp_path):
    copy = tmp_path / "reply.txt"
    shutil.copy(DRAFT_2009, copy)
    before = copy.read_text()
    plan = plan_migration(str(copy), "tip-2009", "tip-2010", Toolkit())
    # The new text is the old one with exactly the named edits applied, and each edit changes something.
    rebuilt = before
    for edit in sorted(plan.edits, key=lambda e: e.start, reverse=True):
        rebuilt = rebuilt[: edit.start] + edit.new + rebuilt[edit.end :]
    assert rebuilt == plan.fixed_text
    assert all(before[e.start : e.end] != e.new for e in plan.edits)
    assert {e.reason.split(":")[0] for e in plan.edits if e.start == e.end} == {
        "new in tip-2010",
        "tags required this cycle",
    }


def test_migrate_command_shows_a_diff_and_writes_only_on_request(tmp_path):
    copy = tmp_path / "reply.txt"
    shutil.copy(DRAFT_2009, copy)
    shown = run("migrate", "--from", "tip-2009", "--to", "tip-2010", str(copy))
    assert shown.returncode == 0, shown.stderr
    assert "-REF: 08 STATE 132759" in shown.stdout and "+REF: 10 STATE 2094" in shown.stdout
    assert "+7.  (SBU) PARTNERSHIPS" in shown.stdout and "to do: due 2010-02-15" in shown.stdout
    assert copy.read_text() == DRAFT_2009.read_text()
    written = run("migrate", "--from", "tip-2009", "--to", "tip-2010", "--write", str(copy))
    assert written.returncode == 0 and "migrated to tip-2010" in written.stdout


def test_questions_diff():
    result = run("questions", "diff", "tip-2009", "tip-2010")
    assert result.returncode == 0
    assert "5C -> 6C  Interagency coordination" in result.stdout
    assert "7A  Engagement with other governments and civil society" in result.stdout
    assert "newly required tags: KMCA" in result.stdout
    t = transition(Toolkit().question_set("tip-2009"), Toolkit().question_set("tip-2010"))
    assert [q.id for q in t.added] == ["7A", "7B", "8A", "10A"]
    assert t.retired == []


@pytest.mark.parametrize("render", [cable_skeleton, markdown_skeleton])
def test_a_skeleton_fails_lint_with_every_required_question_unanswered(tmp_path, render):
    qset = Toolkit().question_set("tip-2010")
    path = tmp_path / ("skeleton.txt" if render is cable_skeleton else "skeleton.md")
    path.write_text(render(qset))
    report = check_paths([path], Toolkit())[0].files[0]
    assert report.question_set == "tip-2010"
    # each required question: unanswered, an error (one line each); the optional 10A: a placeholder warning
    unanswered = [f.question for f in report.findings if f.code == "CQ205" and f.severity.word == "error"]
    assert sorted(unanswered) == sorted(q.id for q in qset.questions if q.required)
    assert [(f.code, f.question) for f in report.findings if f.code != "CQ205"] == [("CQ202", "10A")]
    assert not any(s.status == "answered" for s in report.questions)


def test_new_never_writes_over_a_draft(tmp_path):
    target = tmp_path / "reply.md"
    assert run("new", "-Q", "tip-2010", "-f", "markdown", "-o", str(target)).returncode == 0
    target.write_text("my words")
    again = run("new", "-Q", "tip-2010", "-o", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert target.read_text() == "my words"


def test_new_writes_to_standard_output_for_a_dash_and_refuses_a_word_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dash = run("new", "-Q", "tip-2010", "-f", "markdown", "-o", "-")
    assert dash.returncode == 0 and "6C" in dash.stdout and not (tmp_path / "-").exists()
    word = run("new", "-Q", "tip-2010", "-o", str(tmp_path / "reply.docx"))
    assert word.returncode == 2 and "writes plain text" in word.stderr and not (tmp_path / "reply.docx").exists()


def markdown_2009() -> str:
    """The Markdown sample laid out as 2009 numbered it (no partnerships, no results-oriented
    practices; staff time 6, abbreviations 7; 2009 header and cross-references)."""
    out, skip = [], False
    for line in (ROOT / "samples" / "tip-2010" / "draft.md").read_text().split("\n"):
        m = re.match(r"^## (\d{1,2})\. (.*)$", line)
        if m:
            skip = int(m[1]) in (7, 8)
            if not skip:
                line = f"## { ({2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 9: 6, 10: 7}[int(m[1])]) }. {m[2]}"
        if skip:
            continue
        line = re.sub(r"^### (\d{1,2})([A-Z])\.", lambda m: f"### {int(m[1]) - 1}{m[2]}.", line)
        line = re.sub(r"(?i)(section )([3-6])([A-M])\b", lambda m: f"{m[1]}{int(m[2]) - 1}{m[3]}", line)
        out.append(
            line.replace("2010 Trafficking", "2009 Trafficking")
            .replace("2010 TRAFFICKING", "2009 TRAFFICKING")
            .replace("REF: 10 STATE 2094", "REF: 08 STATE 132759")
            .replace("KMCA ", "")
        )
    return "\n".join(out)


def test_a_markdown_draft_migrates_too(tmp_path):
    """The Markdown sample laid out as 2009 numbered it, carried forward to 2010."""
    path = tmp_path / "reply.md"
    path.write_text(markdown_2009())
    assert {f.code for f in check_paths([path], Toolkit())[0].files[0].findings} == {
        "CQ101",
        "CQ202",
    }  # as in the sample
    write_fixes(plan_migration(str(path), "tip-2009", "tip-2010", Toolkit()))
    after = check_paths([path], Toolkit())[0].files[0]
    assert after.question_set == "tip-2010"
    assert sorted((f.code, f.question) for f in after.findings) == [
        ("CQ101", "5K"),
        ("CQ202", "4H"),
        ("CQ202", "6D"),
        ("CQ205", "7A"),
        ("CQ205", "7B"),
        ("CQ205", "8A"),
    ]


@pytest.mark.parametrize("command", [["migrate", "--from", "tip-2009", "--to", "tip-2010"], ["fix"]])
def test_rewriting_commands_are_bounded_in_time_like_lint(tmp_path, command):
    copy = tmp_path / "draft-2009.txt"
    shutil.copy(DRAFT_2009, copy)
    result = subprocess.run(
        [sys.executable, "-m", "checker", *command, str(copy)],
        capture_output=True,
        text=True,
        env={**os.environ, "CHECKER_TIME_LIMIT": "0.001"},
    )  # far too short for any draft
    assert result.returncode == 2
    assert result.stderr.startswith(f"{copy}: checking stopped after 0.001 s")
    assert copy.read_bytes() == DRAFT_2009.read_bytes()


def test_a_sets_text_stays_inert_in_the_skeleton(tmp_path):
    # A set may come with a repository: a question holding --> ended the note's comment and put live
    # HTML (an image from a tracker) in the new draft; a title with a line break added a heading.
    qset = tmp_path / "evil.yaml"
    qset.write_text(
        (FIXTURES / "question_sets" / "mini-parts.yaml")
        .read_text()
        .replace(
            "question: Which kinds of data, in which formats?",
            'question: "Which kinds --> <img src=https://tracker.example/p.png> <!-- of data?"',
        )
        .replace("title: Size\n", 'title: "Size\\n## 9 Injected"\n')
    )
    result = run("new", "-Q", str(qset), "-o", "-")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    comments = [line for line in lines if line.startswith("<!--")]
    assert all(line.count("-->") == 1 and line.endswith("-->") for line in comments)
    assert "### 1.2 Size ## 9 Injected" in lines and "## 9 Injected" not in lines


def this_years_header(text: str) -> str:
    """A draft as the drafter starts this year's: last year's text with only the header brought up
    to date (the subject's year and the REF line), the blocks still under last year's numbers."""
    header = {
        "SUBJECT: 2009 TRAFFICKING": "SUBJECT: 2010 TRAFFICKING",
        "REF: 08 STATE 132759": "REF: 10 STATE 2094",
        "# 2009 Trafficking": "# 2010 Trafficking",
    }
    for old, new in header.items():
        text = text.replace(old, new, 1)
    return text


def misnumbered(path) -> list[str]:
    return [f.label for f in check_paths([path], Toolkit())[0].files[0].findings if f.code == "CQ102"]


@pytest.mark.parametrize("name", ["reply.txt", "reply.md"])
def test_a_draft_with_this_years_header_and_last_years_numbers_is_migrated(tmp_path, name):
    """Lint reads such a draft against 2010 and finds every block misnumbered; migrate used to say
    it was already laid out for 2010. Now migrate works block by block, finds the cycle itself,
    and lint afterwards finds no block misnumbered."""
    path = tmp_path / name
    path.write_text(this_years_header(DRAFT_2009.read_text() if name.endswith(".txt") else markdown_2009()))
    before = check_paths([path], Toolkit())[0].files[0]
    assert before.question_set == "tip-2010"
    assert len(misnumbered(path)) >= 6  # blocks 1-7 (or their items) under their 2009 numbers
    plan = plan_migration(str(path), None, None, Toolkit())  # no --from, no --to
    assert plan.summary == "migrated to tip-2010 from tip-2009"
    write_fixes(plan)
    after = check_paths([path], Toolkit())[0].files[0]
    assert misnumbered(path) == []
    assert not [f for f in after.findings if f.kind in ("out-of-order", "duplicate", "misdirected-xref", "header")]
    assert {f.question for f in after.findings if f.code == "CQ205"} == {"7A", "7B", "8A"}
    again = plan_migration(str(path), None, None, Toolkit())
    assert again.edits == () and again.notes == ("already laid out for tip-2010; nothing to migrate",)


def test_a_draft_half_renumbered_by_hand_is_migrated_block_by_block(tmp_path):
    """Blocks the drafter already renumbered (with their references) are left as they are; the
    others move: nothing is shifted twice."""
    text = this_years_header(DRAFT_2009.read_text())
    text = text.replace("2.  (SBU) SETTING THE SCENE", "3.  (SBU) SETTING THE SCENE", 1)
    text = text.replace("line (see section 2B).", "line (see section 3B).", 1)  # inside the block renumbered
    path = tmp_path / "reply.txt"
    path.write_text(text)
    plan = plan_migration(str(path), None, None, Toolkit())
    reasons = [e.reason for e in plan.edits]
    assert "block 1 is 2 in tip-2010 (its tip-2009 number)" in reasons
    assert "block 3 is 4 in tip-2010 (its tip-2009 number)" in reasons  # the old block 3, investigation
    assert reasons.count("block 3 is 4 in tip-2010 (its tip-2009 number)") == 1  # not the one renumbered by hand
    assert not any(r.startswith("reference to 3B") for r in reasons)
    write_fixes(plan)
    migrated = path.read_text()
    assert "3.  (SBU) SETTING THE SCENE" in migrated and "(see section 3B)" in migrated
    assert "4.  (SBU) INVESTIGATION AND PROSECUTION" in migrated
    assert misnumbered(path) == []


def test_migrate_finds_the_cycles_itself_and_takes_them_when_given(tmp_path):
    copy = tmp_path / "reply.txt"
    copy.write_text(this_years_header(DRAFT_2009.read_text()))
    shown = run("migrate", str(copy))
    assert shown.returncode == 0, shown.stderr
    assert "-1.  (SBU) KESTRIA'S TIP SITUATION" in shown.stdout and "+2.  (SBU) KESTRIA'S TIP SITUATION" in shown.stdout
    assert "+TAGS: KTIP ELAB KCRM KFRD KWMN PGOV PHUM PREF SMIG KMCA" in shown.stdout
    assert copy.read_text() == this_years_header(DRAFT_2009.read_text())
    written = run("migrate", "--from", "tip-2009", "--to", "tip-2010", "--write", str(copy))
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"{copy}: migrated to tip-2010 from tip-2009 (")
    lint = run("lint", "--no-table", str(copy))
    assert " CQ102 " not in lint.stdout
    assert "already laid out for tip-2010" in run("migrate", str(copy)).stdout


def test_migrate_skips_what_is_no_draft(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Drafts\n\nOur replies, one folder a year.\n")
    result = run("migrate", "--write", str(readme))
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.startswith(f"{readme}: skipped, a README file, not a reply")
    assert readme.read_text() == "# Drafts\n\nOur replies, one folder a year.\n"


def test_a_number_no_cycle_explains_is_left_for_the_drafter_and_listed(tmp_path):
    path = tmp_path / "reply.txt"
    text = this_years_header(DRAFT_2009.read_text()).replace("5.  (SBU) PREVENTION", "2.  (SBU) PREVENTION", 1)
    path.write_text(text)
    plan = plan_migration(str(path), None, None, Toolkit())
    assert "4.  (SBU) INVESTIGATION AND PROSECUTION" in plan.fixed_text  # the others move
    assert "2.  (SBU) PREVENTION" in plan.fixed_text  # this one is not 2009's numbering: left as written
    assert [(f.code, f.label, f.expected) for f in plan.left] == [("CQ102", "2", "6")]


def test_a_skeleton_note_for_evidence_without_asks_reads_as_sentences():
    from checker.model.questions import EvidenceNeed
    from checker.rewrite.skeleton import _guidance

    toolkit = Toolkit()
    part = toolkit.question_set(str(FIXTURES / "question_sets" / "mini-parts.yaml")).parts[0]
    need = EvidenceNeed("release", "date", (), "no release date", 1.0, False)
    note = _guidance(dataclasses.replace(part, asks=(), evidence=(need,), text="When?", required=True))
    assert note == "When? A complete answer leaves none of these gaps: no release date."
