"""The closed set of checks rules can use. A rule file names one of these in `check:`; the
generic ones (checker.check.generic) are configured entirely by the rule file."""

from __future__ import annotations

from checker.check.base import Check
from checker.check.content import (
    Empty,
    NotApplicableRefused,
    NotApplicableWithoutReason,
    Placeholder,
    PlaceholderOnly,
)
from checker.check.evidence import WeakEvidence
from checker.check.generic import GENERIC_CHECKS
from checker.check.header import Addressee, InstructionRef, RequiredTags, SentLate
from checker.check.structure import (
    Duplicate,
    Merged,
    Misnumbered,
    Missing,
    OutOfOrder,
    Retitled,
    Unexpected,
)
from checker.check.waivers import WAIVER_CHECKS
from checker.check.xrefs import BrokenXref, MisdirectedXref

CHECKS: dict[str, Check] = {
    check.NAME: check
    for check in (
        Missing(),
        Misnumbered(),
        Duplicate(),
        OutOfOrder(),
        Unexpected(),
        Merged(),
        Retitled(),
        Empty(),
        Placeholder(),
        PlaceholderOnly(),
        NotApplicableWithoutReason(),
        NotApplicableRefused(),
        WeakEvidence(),
        BrokenXref(),
        MisdirectedXref(),
        RequiredTags(),
        InstructionRef(),
        SentLate(),
        Addressee(),
        *WAIVER_CHECKS,
        *GENERIC_CHECKS,
    )
}
