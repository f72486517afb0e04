"""What a run's findings add up to: the closing line of the text output, and which findings
`checker fix` can repair (marked in that output)."""

from __future__ import annotations

from dataclasses import dataclass

from checker.model.findings import Finding, Report
from checker.model.severity import Severity

# The kinds of finding whose label `checker fix` rewrites, when the check named the new one.
FIXABLE_KINDS = frozenset({"misnumbered", "misdirected-xref", "retitled"})


def fixable(finding: Finding) -> bool:
    """Whether `checker fix` repairs this finding: its check named the text its label should become."""
    return finding.kind in FIXABLE_KINDS and bool(finding.fix) and finding.fix != finding.label


@dataclass(frozen=True, slots=True)
class Totals:
    """The findings of a run, counted."""

    errors: int
    warnings: int
    infos: int
    fixable: int
    drafts: int  # drafts checked
    unreadable: int = 0  # drafts that could not be checked
    baselined: int = 0  # findings left out because the baseline records them

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos


def totals(report: Report) -> Totals:
    findings = [f for fr in report.files for f in fr.findings]
    return Totals(
        errors=sum(f.severity == Severity.ERROR for f in findings),
        warnings=sum(f.severity == Severity.WARNING for f in findings),
        infos=sum(f.severity == Severity.INFO for f in findings),
        fixable=sum(fixable(f) for f in findings),
        drafts=len(report.files),
        unreadable=len(report.unreadable),
        baselined=sum(fr.baselined for fr in report.files),
    )
