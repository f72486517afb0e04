"""Scoring one rated answer on its own, as a reviewer reads it: the answer under its question's
heading in a draft of its own."""

from __future__ import annotations

from pathlib import Path

import yaml

from checker.engine import check_document
from checker.load.config import NO_CONFIG
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from checker.toolkit import Settings, Toolkit

RATINGS = Path(__file__).resolve().parent.parent / "ratings"


def rated_answers() -> list[dict]:
    return yaml.safe_load((RATINGS / "answers-tip.yaml").read_text()) + yaml.safe_load(
        (RATINGS / "answers-other.yaml").read_text()
    )


def ratings() -> dict[str, float]:
    """Each answer's mean rating by the two raters."""
    one = yaml.safe_load((RATINGS / "rater-1.yaml").read_text())
    two = yaml.safe_load((RATINGS / "rater-2.yaml").read_text())
    return {key: (one[key]["rating"] + two[key]["rating"]) / 2 for key in one}


def score_alone(toolkit: Toolkit, set_id: str, question_id: str, answer: str) -> int:
    qset = toolkit.question_set(set_id)
    question = next(q for q in qset.questions if q.id == question_id)
    if qset.parts:
        heading = (
            f"{question.number} {question.title}" if qset.style == "numbered" and question.number else question.title
        )
        text = f"## {heading}\n\n{answer}\n"
    else:
        block = next(b for b in qset.blocks if question in b.questions)
        text = f"## {block.number}. {block.title}\n\n### {question.id}. {question.title}\n\n{answer}\n"
    document = parse_draft(DraftText("answer.md", text))
    defaults = toolkit.settings_for(RATINGS)
    report = check_document(document, qset, Settings(NO_CONFIG, defaults.rules, defaults.detectors, None), toolkit)
    status = next(s for s in report.questions if s.question.id == question_id)
    return status.evidence.score if status.evidence is not None else 0


def spearman(a: list[float], b: list[float]) -> float:
    def rank(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=values.__getitem__)
        ranks = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                ranks[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return ranks

    x, y = rank(a), rank(b)
    mx, my = sum(x) / len(x), sum(y) / len(y)
    cov = sum((p - mx) * (q - my) for p, q in zip(x, y))
    spread = (sum((p - mx) ** 2 for p in x) * sum((q - my) ** 2 for q in y)) ** 0.5
    return cov / spread if spread else 0.0
