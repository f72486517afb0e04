"""Any reporting instruction described in YAML alone: sets of parts, metadata, choosing a set,
skeletons and fixes that speak the set's own terms."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from checker.engine import check_paths
from checker.toolkit import Options, Toolkit
from tests.conftest import FIXTURES, ROOT

PARTS = str(FIXTURES / "question_sets" / "mini-parts.yaml")
TITLED = str(FIXTURES / "question_sets" / "mini-titled.yaml")


def run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd)


def codes(path, **options) -> list[tuple[str, str | None]]:
    report, errors = check_paths([path], Toolkit(Options(**options)))
    assert not errors, errors
    return sorted((f.code, f.question) for f in report.files[0].findings)


DATA_PLAN = """\
    ## 1 Data
    ### 1.1 Types and formats
    CSV files and audio recordings.
    ### 1.2 Size
    About 2 TB of audio.
    ## 2 Sharing
    ### 2.1 Findable
    #### 2.1.1 Identifiers
    Each dataset gets a DOI from Zenodo.
    #### 2.1.2 Keywords
    Search keywords: dialect, corpus.
"""


def test_a_part_required_by_front_matter_is_missing_only_when_the_metadata_says_so(write_draft):
    needed = write_draft("---\npersonal_data: yes\n---\n" + textwrap.dedent(DATA_PLAN), "needed.md")
    assert ("CQ101", "3.1") in codes(needed, questions=PARTS)
    not_needed = write_draft("---\npersonal_data: no\n---\n" + textwrap.dedent(DATA_PLAN), "not-needed.md")
    assert ("CQ101", "3.1") not in codes(not_needed, questions=PARTS)


def test_metadata_in_a_sidecar_file_the_set_names(tmp_path, write_draft):
    qset = tmp_path / "plan.yaml"
    qset.write_text(
        (FIXTURES / "question_sets" / "mini-parts.yaml")
        .read_text()
        .replace("title: A small data plan\n", "title: A small data plan\nmetadata: {sidecar: '{stem}.meta.yaml'}\n")
    )
    draft = write_draft(DATA_PLAN, "reply.md")
    report, _ = check_paths([draft], Toolkit(Options(questions=str(qset))))
    assert not any(f.question == "3.1" for f in report.files[0].findings)
    assert any("no metadata" in note for note in report.files[0].notes)
    (tmp_path / "reply.meta.yaml").write_text("personal_data: yes\n")
    assert ("CQ101", "3.1") in codes(draft, questions=str(qset))


def test_a_cable_is_read_as_the_same_tree_of_sections(write_draft):
    cable = write_draft(
        """\
        1.  (U) Introduction text.

        2.  (SBU) DATA
        ------------

        A.  Types and formats

        CSV files and audio recordings.

        B.  Size

        About 2 TB of audio.
        """,
        "reply.txt",
    )
    report, errors = check_paths([cable], Toolkit(Options(questions=PARTS)))
    assert not errors
    status = {q.question.id: q.status for q in report.files[0].questions}
    assert status["1.1"] == "answered" and status["1.2"] == "answered"


def test_a_file_no_set_recognises_is_not_checked_against_a_guess(write_draft):
    """Nothing in it is a reply's (no header, no heading a set knows): skipped with a note that
    says how to have it checked, rather than checked against a guess or refused as broken."""
    draft = write_draft("# Shopping list\n\n## Fruit\nApples.\n\n## Bread\nRye.\n", "list.md")
    result = run("lint", str(draft))
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.strip() == (
        f"{draft}: skipped, not a reply (no SUBJECT or TAGS line, and no heading names a question of "
        "tip-2010, tip-2009, dmp, rfc); if it is one, name its question set with --questions SET or in .checker.yaml"
    )


def test_a_draft_whose_headings_name_a_part_but_no_set_is_not_checked_against_a_guess(write_draft):
    draft = write_draft("# Notes\n\n## Summary\nApples.\n\n## Bread\nRye.\n", "list.md")
    result = run("lint", str(draft))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{draft}: no question set recognises this draft (its subject, title and "
        "headings name none of tip-2010, tip-2009, dmp, rfc); pick one with --questions SET, "
        "or name the set in .checker.yaml"
    )


def test_a_projects_own_sets_take_part_in_choosing(tmp_path):
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "plan.yaml").write_text((FIXTURES / "question_sets" / "mini-parts.yaml").read_text())
    (tmp_path / ".checker.yaml").write_text("question_sets: sets\n")
    draft = tmp_path / "reply.md"
    draft.write_text(textwrap.dedent(DATA_PLAN))
    report, errors = check_paths([draft], Toolkit())
    assert not errors
    assert report.files[0].question_set == "mini-parts"
    assert report.files[0].chosen_by == "the draft's headings name 7 of its parts"


def test_the_chosen_set_and_why_are_in_every_machine_format(tmp_path):
    draft = ROOT / "samples" / "rfc" / "drafts" / "01-good-pipeline-topic.md"
    why = json.loads(run("lint", "-f", "json", str(draft)).stdout)["files"][0]["question_set_chosen_by"]
    assert why == "the draft's headings name 9 of its parts"
    sarif = json.loads(run("lint", "-f", "sarif", str(draft)).stdout)
    assert sarif["runs"][0]["properties"]["questionSets"][0]["questionSet"] == "rfc"
    assert '<property name="question_set" value="rfc"' in run("lint", "-f", "junit", str(draft)).stdout
    assert "checked against rfc (" in run("lint", "-f", "github", str(draft)).stdout
    assert "checked against rfc (" in run("lint", "--no-table", str(draft)).stdout


def test_new_writes_a_skeleton_in_the_sets_own_terms():
    titled = run("new", "-Q", TITLED).stdout
    assert "## Rationale and alternatives\n\n<!-- Which other designs were considered" in titled
    numbered = run("new", "-Q", PARTS).stdout
    assert numbered.startswith("# A small data plan\n")
    assert "#### 2.1.1 Identifiers\n" in numbered and "(Required when personal_data is yes.)" in numbered
    assert run("new", "-Q", PARTS, "-f", "cable").returncode == 2


def test_missing_parts_are_explained_in_the_sets_own_terms(write_draft):
    draft = write_draft("## Summary\nThis proposes a change.\n\n## Detailed design\nThe syntax.\n", "proposal.md")
    report, _ = check_paths([draft], Toolkit(Options(questions=TITLED)))
    messages = [f.message for f in report.files[0].findings if f.code == "CQ101"]
    assert "no answer to motivation (Motivation); add a `## Motivation` section after `## Summary`" in messages
    assert (
        "no answer to alternatives (Rationale and alternatives); add a `## Rationale and alternatives` "
        "section after `## Detailed design`"
    ) in messages


def test_fix_retitles_headings_and_renumbers_parts(write_draft):
    titled = write_draft(
        "## Summary\nThis proposes a change.\n\n## Background\nUsers have a problem.\n\n"
        "## Detailed design\nThe syntax.\n\n## Alternatives\nInstead, rejected.\n",
        "proposal.md",
    )
    assert run("fix", "--write", str(titled)).returncode in (0, 1)
    text = titled.read_text()
    assert "## Motivation\n" in text and "## Rationale and alternatives\n" in text
    numbered = write_draft(DATA_PLAN.replace("#### 2.1.2 Keywords", "#### 2.1.3 Keywords"), "plan.md")
    assert run("fix", "--write", "-Q", PARTS, str(numbered)).returncode in (0, 1)
    assert "#### 2.1.2 Keywords\n" in numbered.read_text()


def test_questions_show_a_part_and_the_parts_inside_a_group():
    shown = run("questions", "show", "2.1", "-Q", PARTS).stdout
    assert shown.startswith("2.1  Findable  [holds the parts below]\n2.1.1  Identifiers  [required]")
    assert "2.1.2  Keywords" in shown


def test_questions_show_says_when_a_part_is_required_and_what_answers_each_ask():
    shown = run("questions", "show", "4E").stdout
    assert "ask investigations: How many trafficking investigations" in shown
    assert "answered by: count of investigation" in shown and "else: no count of investigations" in shown
    assert "required when: personal_data is yes" in run("questions", "show", "3.1", "-Q", PARTS).stdout
    assert "'not applicable' with a reason" in run("questions", "show", "2.2", "-Q", PARTS).stdout


def test_questions_list_names_a_projects_own_sets_with_their_files(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "mini-parts.yaml").write_text(Path(PARTS).read_text())
    (tmp_path / ".checker.yaml").write_text("question_sets: sets\n")
    listed = run("questions", "list", cwd=tmp_path).stdout.splitlines()
    assert listed[0].startswith("mini-parts\t") and listed[0].endswith("[sets/mini-parts.yaml]")
    assert any(line.startswith("tip-2010\t") for line in listed)


def test_a_condition_over_undeclared_metadata_is_refused_and_an_undeclared_value_noted(tmp_path):
    header = (
        "schema_version: 2\nid: staged\ntitle: Staged\n"
        "metadata:\n  keys:\n    stage: {values: [draft, final]}\nparts:\n"
        "- {id: a, title: First, question: What?, keywords: [a]}\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(header + "- {id: b, title: Second, question: Why?, keywords: [b], required_when: stage is finall}\n")
    refused = run("questions", "validate", str(bad))
    assert refused.returncode == 2 and "'finall' is not a value metadata.keys.stage declares" in refused.stderr
    bad.write_text(header + "- {id: b, title: Second, question: Why?, keywords: [b], required_when: status is final}\n")
    assert "'status' is not among metadata.keys" in run("questions", "validate", str(bad)).stderr
    good = tmp_path / "good.yaml"
    good.write_text(header + "- {id: b, title: Second, question: Why?, keywords: [b], required_when: stage is final}\n")
    draft = tmp_path / "d.md"
    draft.write_text("---\nstage: finale\n---\n# Staged\n\n## First\nAnswer.\n")
    out = run("lint", "--no-table", "-Q", str(good), str(draft)).stdout
    assert "metadata stage: 'finale' is not one of draft, final" in out


def test_a_number_where_text_is_wanted_says_to_quote_it(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_text("schema_version: 2\nid: n\ntitle: N\nparts:\n- {id: 1.1, title: First, question: What?}\n")
    assert (
        "1.1 is not of type 'string'; it reads as a number: quote it" in run("questions", "validate", str(path)).stderr
    )


def test_not_applicable_with_its_reason_answers_a_part_that_may_not_apply_and_is_refused_elsewhere(tmp_path):
    draft = tmp_path / "plan.md"
    reasoned = "Not applicable: the study collects no data about living people at any stage."
    draft.write_text(
        "---\npersonal_data: yes\n---\n"
        + textwrap.dedent(DATA_PLAN)
        + f"### 2.2 Embargo\n{reasoned}\n## 3 Ethics\n### 3.1 Consent\n{reasoned}\n"
    )
    report, errors = check_paths([draft], Toolkit(Options(questions=PARTS)))
    assert not errors
    by_id = {s.question.id: s for s in report.files[0].questions}
    assert by_id["2.2"].evidence.status == "complete"  # the set says 2.2 may not apply
    codes = [(f.code, f.question) for f in report.files[0].findings]
    assert ("CQ204", "3.1") in codes and ("CQ204", "2.2") not in codes


QUESTIONNAIRE = """\
schema_version: 2
id: mini-questionnaire
title: Mini questionnaire
metadata:
  keys:
    card_data: {values: [yes, no]}
parts:
- {id: "1", title: Patching, question: How fast are vulnerabilities patched?}
- {id: "2", title: Subprocessors and fourth parties, synonyms: [Subprocessors], question: Who touches data?}
- {id: "3", title: Card data, question: How is card data protected?, required_when: card_data is yes}
- {id: "4", title: Attestation, question: Who signs these answers?}
"""


def test_a_lead_naming_its_own_part_opens_that_parts_answer_and_forms_a_set_refuses_stay_text(tmp_path):
    qset = tmp_path / "q.yaml"
    qset.write_text(QUESTIONNAIRE)
    draft = tmp_path / "reply.md"
    draft.write_text(
        "---\ncard_data: no\n---\n# Mini questionnaire\n\n## 1 Patching\n\nCritical: 24 hours. High: 7 days.\n\n"
        "## 2 Subprocessors and fourth parties\n\nSubprocessors: AWS (hosting) and Postmark (email).\n\n"
        "## 3 Card data\n\nNot applicable: we never store, process or transmit card numbers.\n\n"
        "## 4 Attestation\n\nSigned by the CISO on 21 March 2025.\n"
    )
    assert codes(draft, questions=str(qset)) == []  # no empty heading, no second answer, no refused N/A
    headings_only = tmp_path / "headings.yaml"
    headings_only.write_text(QUESTIONNAIRE.replace("parts:\n", "structure: {forms: [heading]}\nparts:\n", 1))
    report, _ = check_paths([draft], Toolkit(Options(questions=str(headings_only))))
    assert not report.files[0].findings
    patching = next(s for s in report.files[0].questions if s.question.id == "1")
    assert patching.section.body.text.startswith("Critical: 24 hours.")  # as written, colon and all


def test_a_part_missing_after_the_last_answer_is_placed_at_the_end(tmp_path):
    qset = tmp_path / "q.yaml"
    qset.write_text(QUESTIONNAIRE)
    draft = tmp_path / "reply.md"
    draft.write_text("# Mini questionnaire\n\n## 1 Patching\n\nWithin 48 hours.\n\n## 2 Subprocessors\n\nAWS.\n\n")
    report, _ = check_paths([draft], Toolkit(Options(questions=str(qset))))
    (missing,) = [f for f in report.files[0].findings if f.code == "CQ101" and f.question == "4"]
    assert missing.line == 9


def test_metadata_values_yes_and_no_stay_words(tmp_path):
    qset = tmp_path / "q.yaml"
    qset.write_text(QUESTIONNAIRE)
    assert "card_data:   # yes | no\n" in run("new", "-Q", str(qset)).stdout


def test_the_question_itself_as_a_heading_is_not_a_retitled_part(tmp_path):
    draft = tmp_path / "proposal.md"
    draft.write_text("## Summary\nOne paragraph.\n\n## Why are we doing this?\nBecause.\n")
    question = next(q for q in Toolkit().question_set("rfc").questions if q.id == "motivation").text
    draft.write_text(draft.read_text().replace("Why are we doing this?", question))
    assert ("CQ107", "motivation") not in codes(draft, questions="rfc")
