"""How structure bears on evidence scores, on whole drafts: merged, misplaced and repeated
answers are capped and say so; placeholders, template notes and pasted boilerplate are never
evidence."""

from __future__ import annotations

import re

from checker.engine import check_path
from checker.rewrite.skeleton import cable_skeleton
from tests.conftest import ROOT, TOOLKIT

FLAWED = ROOT / "samples" / "tip-2010" / "flawed-draft.txt"
CAPS = next(r for r in TOOLKIT.settings_for(ROOT).rules if r.check == "weak-evidence").params["caps"]


def scores_of(path):
    report, error = check_path(path, TOOLKIT)
    assert error is None
    return {s.question.id: s.evidence for s in report.questions}


def test_a_merged_answer_is_capped_for_each_item_it_answers_and_says_so():
    scores = scores_of(FLAWED)
    for qid in ("2C", "2D"):  # 'C & D' in the sample
        assert scores[qid].score <= CAPS["merged"] and scores[qid].capped == "merged"


def test_an_answer_out_of_its_place_is_capped_and_says_so():
    three_e = scores_of(FLAWED)["3E"]  # stands between 3C and 3D in the sample
    assert three_e.score <= CAPS["out-of-order"] and three_e.capped in ("out-of-order", None)


def test_a_question_answered_twice_is_capped():
    four_e = scores_of(FLAWED)["4E"]  # the sample answers 4E twice
    assert four_e.score <= CAPS["duplicate"] and four_e.capped == "duplicate"


def test_a_sentence_holding_a_placeholder_is_not_evidence(tmp_path):
    text = FLAWED.read_text(encoding="utf-8")
    placeholder = next(m.group(0) for m in re.finditer(r"\[insert number of deportations\]", text))
    filled = tmp_path / "filled.txt"
    filled.write_text(text.replace(placeholder, "41"), encoding="utf-8")
    assert scores_of(filled)["4L"].score >= scores_of(FLAWED)["4L"].score


def test_a_skeleton_with_boilerplate_pasted_under_every_item_scores_nothing_complete(tmp_path):
    qset = TOOLKIT.question_set("tip-2010")
    boilerplate = (
        "The government continued its efforts against trafficking in 2009, according to the "
        "Ministry of Interior, and remains fully committed to further progress."
    )
    skeleton = cable_skeleton(qset)
    pasted = re.sub(r"(?m)^([A-Z]\.\s+.*)$", lambda m: m.group(1) + "\n" + boilerplate, skeleton)
    assert pasted.count(boilerplate) == len(qset.questions)
    path = tmp_path / "skeleton.txt"
    path.write_text(pasted, encoding="utf-8")
    scores = scores_of(path)
    assert not [q for q, s in scores.items() if s is not None and s.status == "complete"]
    assert sum(s.score for s in scores.values() if s is not None) / len(scores) < 30
