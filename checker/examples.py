"""A rule's examples (`examples:` in its file), checked as drafts are: the failing one must give
the rule's finding and the passing one must not. `checker rule` shows what each gives, and the
tests hold every bundled rule to its examples."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checker.engine import check_document, choose_question_set, with_metadata
from checker.model.findings import Finding
from checker.model.rules import RuleSpec
from checker.parse import parse_draft
from checker.read.drafts import DraftText
from checker.toolkit import Toolkit

EXAMPLE = "example.md"  # the name an example is checked under (its format is read from its text)


def example_findings(rule: RuleSpec, text: str, toolkit: Toolkit, questions: str | None = None) -> tuple[Finding, ...]:
    """The findings `rule` gives on the draft `text`, checked against `questions` (None: the set
    is chosen from the draft). The other rules in force here run too, as waivers act on their
    findings; `rule` runs even where the project turns it off."""
    settings = toolkit.settings_for(Path.cwd() / EXAMPLE)
    rules = sorted((*(r for r in settings.rules if r.id != rule.id), replace(rule, enabled=True)), key=lambda r: r.id)
    settings = replace(settings, rules=tuple(rules), questions=questions or settings.questions)
    document = parse_draft(DraftText(EXAMPLE, text))
    qset, why = choose_question_set(document, toolkit, settings.questions)
    report = check_document(with_metadata(document, qset), qset, settings, toolkit, why)
    return tuple(f for f in report.findings if f.code == rule.id)
