"""Answers whose evidence falls short of what their question demands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checker.check.base import CheckContext, Hit, hit_on

_RANGE = {"type": "integer", "minimum": 0, "maximum": 100}

PARAMS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["complete", "partial", "thin"],
    "properties": {
        "complete": {**_RANGE, "description": "Score from which an answer is complete."},
        "partial": {**_RANGE, "description": "Score from which an answer is partial; below it, weak."},
        "caps": {
            "type": "object",
            "description": "Highest score of an answer with a structural problem, by the problem.",
            "additionalProperties": False,
            "properties": {
                "merged": {**_RANGE, "description": "Highest score of an answer given under one heading with others."},
                "out-of-order": {**_RANGE, "description": "Highest score of an answer away from its place."},
                "duplicate": {**_RANGE, "description": "Highest score of a question answered twice."},
            },
        },
        "thin": {
            "type": "object",
            "additionalProperties": False,
            "required": ["max_sentences", "max_words", "cap"],
            "properties": {
                "max_sentences": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "An answer of this many sentences or fewer...",
                },
                "max_words": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "...and this many words or fewer is thin.",
                },
                "cap": {**_RANGE, "description": "Highest score of a thin answer (no figure, date or named body)."},
            },
        },
    },
}


class WeakEvidence:
    NAME = "weak-evidence"
    PARAMS_SCHEMA = PARAMS_SCHEMA
    MESSAGE_FIELDS = frozenset({"label", "question", "title", "expected", "score", "lacking", "minimum"})

    @staticmethod
    def validate(params: Mapping[str, Any]) -> list[str]:
        if params["partial"] > params["complete"]:
            return ["$.params.partial: must not exceed complete"]
        return []

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for m in ctx.matches.matches:
            q = m.question
            if m.role != "answer" or q is None or not any(not a.optional for a in q.all_asks()):
                continue
            score = ctx.scores.get(q.id)
            if score is None or score.status == "empty":
                continue
            minimum = q.min_score if q.min_score is not None else params["partial"]
            if score.score >= minimum:
                continue
            yield hit_on(
                m, q, None, score=score.score, lacking="; ".join(score.lacking) or "little substance", minimum=minimum
            )
