"""Rules as loaded: code, name, severity, message and parameters of each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.model.severity import Severity


@dataclass(frozen=True, slots=True)
class RuleExamples:
    """Two short drafts that show a rule: one that gives its finding, one that does not."""

    fail: str
    passing: str
    questions: str | None = None  # the question set they are checked against (None: chosen from the draft)


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
    params: Mapping[str, Any]  # as written in the rule file (or the project's configuration)
    path: str
    # The params as the check uses them, prepared once when loaded (patterns compiled: with `re`
    # for a bundled rule, with the bounded `regex` for a user's; see checker.load.patterns).
    prepared: Mapping[str, Any]
    bundled: bool = True  # the rule comes unchanged from checker's own files
    examples: RuleExamples | None = None
    # Where a project's configuration changed the severity or by_confidence ("path:line"; empty:
    # as the rule file says), and the severity the rule file gives, for saying why one was lowered.
    severity_set_by: str = ""
    by_confidence_set_by: str = ""
    file_severity: Severity | None = None

    def severity_for(self, confidence: str | None) -> Severity:
        return self.by_confidence.get(confidence or "", self.severity)

    @property
    def lowered_by_config(self) -> bool:
        """Whether the project's configuration set a lower severity than the rule file's."""
        return self.file_severity is not None and self.severity < self.file_severity
