from __future__ import annotations

import textwrap
import time

import pytest

from checker.deadline import Deadline, OutOfTime
from checker.match.align import align, match_sections
from checker.match.tree import match_outline
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from tests.conftest import TOOLKIT

BASE = """\
    ## 2. Laws
    ### A. Existing laws
    The statute of 2008, article 4, prohibits it.
    ### B. Penalties
    Imprisonment of five to ten years and a fine.
    ### C. Court statistics
    Courts heard 12 prosecution cases, convicted 9 and acquitted 3.
    ## 3. Prevention
    ### A. Public awareness
    A radio and poster campaign ran in May.
    ### B. Coordination
    The interagency committee met monthly.
    """


def match(text: str, qset):
    return match_sections(parse_draft(DraftText("d.md", textwrap.dedent(text))), qset, TOOLKIT.match_index(qset))


def answers(result) -> dict[str, int]:
    return {m.question.id: m.section.line for m in result.matches if m.role == "answer"}


def test_every_section_lands_on_its_question(mini):
    result = match(BASE, mini)
    assert answers(result) == {"2A": 2, "2B": 4, "2C": 6, "3A": 9, "3B": 11}
    assert result.missing == ()
    assert all(m.scores.label == 1.0 for m in result.matches)


def test_stale_label_is_read_by_position_and_title(mini):
    result = match(BASE.replace("### B. Coordination", "### 2B. Interagency coordination"), mini)
    m = next(m for m in result.matches if m.section.line == 11)
    assert m.question.id == "3B" and m.role == "answer"
    assert "2B is the 2019 number of 3B" in m.how


def test_unlabelled_titles_are_matched_by_title_and_content(mini):
    result = match(
        textwrap.dedent(BASE).replace("### A. ", "### ").replace("### B. ", "### ").replace("### C. ", "### "), mini
    )
    assert answers(result) == {"2A": 2, "2B": 4, "2C": 6, "3A": 9, "3B": 11}


def test_swapped_items_give_one_out_of_order_answer(mini):
    swapped = BASE.replace(
        "### B. Penalties\n    Imprisonment of five to ten years and a fine.\n"
        "    ### C. Court statistics\n    Courts heard 12 prosecution cases, convicted 9 and acquitted 3.\n",
        "### C. Court statistics\n    Courts heard 12 prosecution cases, convicted 9 and acquitted 3.\n"
        "    ### B. Penalties\n    Imprisonment of five to ten years and a fine.\n",
    )
    result = match(swapped, mini)
    assert answers(result) == {"2A": 2, "2C": 4, "2B": 6, "3A": 9, "3B": 11}
    assert sum(m.out_of_order for m in result.matches) == 1
    assert result.missing == ()


def test_merged_label_answers_both_items(mini):
    merged = BASE.replace("### B. Penalties", "### B & C. Penalties and statistics").replace(
        "### C. Court statistics\n    Courts heard 12 prosecution cases, convicted 9 and acquitted 3.\n", ""
    )
    result = match(merged, mini)
    m = next(m for m in result.matches if m.section.line == 4)
    assert m.question.id == "2B" and [q.id for q in m.also_answers] == ["2C"]
    assert result.missing == ()


def test_section_answering_nothing_is_unexpected(mini):
    extra = BASE.rstrip(" ") + "    ### D. Motor pool\n    The embassy needs a new vehicle.\n"
    result = match(extra, mini)
    assert [m.role for m in result.matches if m.section.line == 13] == ["unexpected"]


def test_matching_is_deterministic(tip2010):
    from tests.conftest import ROOT

    text = (ROOT / "samples" / "tip-2010" / "flawed-draft.txt").read_text()
    first = match_sections(parse_draft(DraftText("f.txt", text)), tip2010, TOOLKIT.match_index(tip2010))
    second = match_sections(parse_draft(DraftText("f.txt", text)), tip2010, TOOLKIT.match_index(tip2010))
    assert first == second


def test_matching_stops_at_the_deadline_however_many_pairs_there_are():
    # Sections x questions pairs are scored and aligned: 5,000 headings against a project's set of
    # 15,000 parts ran half an hour past the bound, which was only asked once matching was over.
    past = Deadline(time.monotonic() - 1, 1.0)
    with pytest.raises(OutOfTime):
        align([[0.5, 0.5], [0.5, 0.5]], [0.1, 0.1], [0.1, 0.1], 0.2, past)
    dmp = TOOLKIT.question_set("dmp")
    plan = parse_draft(DraftText("plan.md", "# Data Management Plan\n\n## 1 Data summary\n\nWe re-use data.\n"))
    with pytest.raises(OutOfTime):
        match_outline(plan, dmp, TOOLKIT.match_index(dmp), past)
    tip = TOOLKIT.question_set("tip-2010")
    cable = parse_draft(DraftText("c.txt", "2. SITUATION\n\nA. Sources of information\n\nThe police.\n"))
    with pytest.raises(OutOfTime):
        match_sections(cable, tip, TOOLKIT.match_index(tip), past)
    assert align([[0.5]], [0.1], [0.1], 0.2, Deadline.after(60)) == [(0, 0)]
