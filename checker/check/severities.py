"""Why a finding is less severe than its rule: the rule file lowers it for items the question
set is unsure of (`by_confidence`), or the project's configuration lowers the rule. Said in
plain words beside the findings and in `checker rules list`, so that `error` in the list and
`warning` in the output never disagree without a reason."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from checker.model.findings import FileReport
from checker.model.questions import CONFIDENCE_WORDS
from checker.model.rules import RuleSpec
from checker.model.severity import Severity


def shown(path: str) -> str:
    """A rule or configuration file as the user knows it: a bundled rule as rules/NAME, another
    file relative to the current folder when it lies below it."""
    from checker.load.bundled import builtin_dir

    file = Path(path.rsplit(":", 1)[0]) if _has_line(path) else Path(path)
    line = path[len(str(file)) :]
    try:
        if file.parent.resolve() == builtin_dir("rules").resolve():
            return f"rules/{file.name}{line}"
        return f"{file.resolve().relative_to(Path(os.getcwd()).resolve())}{line}"
    except (OSError, ValueError):
        return path


def _has_line(path: str) -> bool:
    head, _, tail = path.rpartition(":")
    return bool(head) and tail.isdigit()


def _items(count: int, confidence: str) -> str:
    word = CONFIDENCE_WORDS.get(confidence, confidence)
    return f"{count} {word} item{'s' if count != 1 else ''} (confidence {confidence})"


def lowered_notes(fr: FileReport) -> tuple[str, ...]:
    """One line per rule whose findings in this draft stand below the rule's severity, saying by
    how much, for how many, and which file lowered them."""
    rules = {r.id: r for r in fr.rules}
    notes = []
    for code in sorted({f.code for f in fr.findings}):
        rule = rules.get(code)
        if rule is None:
            continue
        findings = [f for f in fr.findings if f.code == code]
        if rule.lowered_by_config:
            notes.append(
                f"{code} lowered from {rule.file_severity.word} to {rule.severity.word} "  # type: ignore[union-attr]
                f"for this project by {shown(rule.severity_set_by)}"
            )
        by = shown(rule.by_confidence_set_by or rule.path)
        lowered = Counter(
            (f.confidence, f.severity) for f in findings if f.confidence is not None and f.severity < rule.severity
        )
        for (confidence, severity), count in sorted(lowered.items(), key=lambda kv: (-kv[0][1], str(kv[0][0]))):
            notes.append(
                f"{code} lowered from {rule.severity.word} to {severity.word} for {_items(count, str(confidence))}: "
                f"by_confidence in {by}"
            )
    return tuple(notes)


def severity_text(rule: RuleSpec) -> str:
    """The rule's severity as `checker rules list` shows it: what lowers it, and which file says so."""
    text = rule.severity.word
    why = []
    if rule.file_severity is not None and rule.file_severity != rule.severity:
        change = "lowered" if rule.severity < rule.file_severity else "raised"
        why.append(f"{change} from {rule.file_severity.word} by {shown(rule.severity_set_by)}")
    lowered = {k: v for k, v in rule.by_confidence.items() if v != rule.severity}
    if lowered:
        levels = ", ".join(f"{k}: {v.word}" for k, v in sorted(lowered.items(), key=_order))
        why.append(f"by_confidence in {shown(rule.by_confidence_set_by or rule.path)}: {levels}")
    return f"{text} ({'; '.join(why)})" if why else text


def _order(item: tuple[str, Severity]) -> tuple[int, str]:
    """Confidence codes from surest to least sure: V, P, R, ?."""
    order = list(CONFIDENCE_WORDS)
    return (order.index(item[0]) if item[0] in order else len(order), item[0])
