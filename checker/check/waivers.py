"""Checks on the drafter's own waivers: each needs a reason, must name real rules, and must
still waive something."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from checker.check.base import NO_PARAMS, CheckContext, Hit
from checker.check.suppressions import DirectiveStatus


class WaiverCheck:
    """One check per way a waiver can be wrong; they differ only in which waivers they report."""

    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"codes", "scope", "unknown"})

    def __init__(self, name: str, wrong: Callable[[DirectiveStatus], bool]) -> None:
        self.NAME = name
        self._wrong = wrong

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for s in ctx.suppressions:
            if self._wrong(s):
                d = s.directive
                scope = d.question or "the header"
                if d.question and ctx.question_set.question(d.question) is None:
                    scope += f" (no such item in {ctx.question_set.id})"  # a typo, or last cycle's number
                yield Hit(
                    d.line,
                    {"codes": ", ".join(d.codes), "scope": scope, "unknown": ", ".join(s.unknown)},
                    column=d.column,
                    key=d.text,
                )


WAIVER_CHECKS = (
    WaiverCheck("waiver-reason", lambda s: not s.directive.reason),
    WaiverCheck("waiver-unknown-rule", lambda s: bool(s.unknown)),
    WaiverCheck("waiver-unused", lambda s: bool(s.directive.reason) and not s.unknown and s.used == 0),
)
