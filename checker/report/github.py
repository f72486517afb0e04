"""`--format github`: workflow commands that annotate the changed lines of a pull request."""

from __future__ import annotations

from typing import TextIO

from checker.model.findings import Report
from checker.model.severity import Severity
from checker.report.escape import github_data as _data
from checker.report.escape import github_property as _property

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub shows at most 10 annotations of each level per step; the rest would vanish silently.
PER_LEVEL = 10


def render(report: Report, stream: TextIO, color: bool = False) -> None:
    from checker.report.sarif import relative_path

    everything = sorted(
        ((fr.path, f) for fr in report.files for f in fr.findings),
        key=lambda pf: (-int(pf[1].severity), pf[0], pf[1].line, pf[1].column),
    )
    shown = {s: 0 for s in Severity}
    left = {s: 0 for s in Severity}
    for path, f in everything:
        if shown[f.severity] >= PER_LEVEL:
            left[f.severity] += 1
            continue
        shown[f.severity] += 1
        title = _property(f"{f.code} {f.name}")
        stream.write(
            f"::{COMMAND[f.severity]} file={_property(relative_path(path))},line={f.line},col={f.column},"
            f"title={title}::{_data(f.message)}\n"
        )
    for problem in report.unreadable:
        stream.write(f"::error title=draft not checked::{_data(problem)}\n")
    for fr in report.files:  # plain lines of the log: which instruction each draft was held to, and why
        stream.write(
            _data(f"checker: {relative_path(fr.path)} checked against {fr.question_set} ({fr.chosen_by})") + "\n"
        )
    if any(left.values()):
        parts = ", ".join(f"{n} {COMMAND[s]}(s)" for s, n in left.items() if n)
        stream.write(
            f"checker: {parts} more not shown as annotations (GitHub shows {PER_LEVEL} of each level per "
            "step); run `checker lint` for all of them\n"
        )
