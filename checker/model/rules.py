"""Rules as loaded: code, name, severity, message and parameters of each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.model.findings import Severity


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """A rule as loaded from rules/*.yaml, with the project's overrides applied."""

    id: str
    name: str
    kind: str
    check: str
    severity: Severity
    by_confidence: Mapping[str, Severity]
    enabled: bool
    description: str
    message: str
    params: Mapping[str, Any]
    path: str

    def severity_for(self, confidence: str | None) -> Severity:
        return self.by_confidence.get(confidence or "", self.severity)
