"""Checks on the drafter's own waivers: each needs a reason, must name real rules, and must
still waive something."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checker.checks.base import NO_PARAMS, CheckContext, Hit


def _args(status: Any) -> dict[str, object]:
    d = status.directive
    return {"codes": ", ".join(d.codes), "scope": d.question or "the header", "unknown": ", ".join(status.unknown)}


class WaiverReason:
    NAME = "waiver-reason"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"codes", "scope", "unknown"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for s in ctx.suppressions:
            if not s.directive.reason:
                yield Hit(s.directive.line, _args(s), column=s.directive.column, key=s.directive.text)


class WaiverUnknownRule:
    NAME = "waiver-unknown-rule"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"codes", "scope", "unknown"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for s in ctx.suppressions:
            if s.unknown:
                yield Hit(s.directive.line, _args(s), column=s.directive.column, key=s.directive.text)


class WaiverUnused:
    NAME = "waiver-unused"
    PARAMS_SCHEMA = NO_PARAMS
    MESSAGE_FIELDS = frozenset({"codes", "scope", "unknown"})

    def check(self, ctx: CheckContext, params: Mapping[str, Any]) -> Iterator[Hit]:
        for s in ctx.suppressions:
            if s.directive.reason and not s.unknown and s.used == 0:
                yield Hit(s.directive.line, _args(s), column=s.directive.column, key=s.directive.text)
