"""Answers whose evidence falls short of what their question demands."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checker.check.base import CheckContext, Hit, hit_on

_RANGE = {"type": "integer", "minimum": 0, "maximum": 100}

PARAMS_SCHEMA: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["complete", "partial", "substance", "thin"],
    "properties": {
        "complete": {**_RANGE, "description": "Score from which an answer is complete."},
        "partial": {**_RANGE, "description": "Score from which an answer is partial; below it, weak."},
        "substance": {
            "type": "object",
            "additionalProperties": False,
            "required": ["weight", "words", "bodies", "figures"],
            "properties": {
                "weight": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1,
                    "description": "Share of the score given to substance rather than demanded evidence.",
                },
                "words": {"type": "integer", "minimum": 1, "description": "Words at which length counts in full."},
                "bodies": {"type": "integer", "minimum": 1, "description": "Named bodies at which they count in full."},
                "figures": {"type": "integer", "minimum": 1, "description": "Figures at which they count in full."},
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
            if m.role != "answer" or q is None or not any(not n.optional for n in q.evidence):
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
