"""The closed set of checks rules can use. A rule file names one of these in `check:`."""

from __future__ import annotations

from checker.checks.base import Check
from checker.checks.content import Empty, Placeholder
from checker.checks.evidence import WeakEvidence
from checker.checks.header import Addressee, InstructionRef, RequiredTags, SentLate
from checker.checks.structure import (
    Duplicate,
    Merged,
    Misnumbered,
    Missing,
    OutOfOrder,
    Unexpected,
)
from checker.checks.waivers import WAIVER_CHECKS
from checker.checks.xrefs import BrokenXref, MisdirectedXref

CHECKS: dict[str, Check] = {
    check.NAME: check
    for check in (
        Missing(), Misnumbered(), Duplicate(), OutOfOrder(), Unexpected(), Merged(),
        Empty(), Placeholder(), WeakEvidence(),
        BrokenXref(), MisdirectedXref(),
        RequiredTags(), InstructionRef(), SentLate(), Addressee(),
        *WAIVER_CHECKS,
    )
}
