"""One computation of coverage figures, for every coverage format to render.

Everything a coverage report shows is computed here from the Report that lint renders too, so
the two never disagree: each answer's score and status is the QuestionScore the engine gave it,
and each finding is lint's own (after waivers and the baseline). Reporters only lay it out.

- per draft (FileCoverage): the overall score, counts by status, its lint findings by question,
  how many are structural, how late it was sent, its weakest questions;
- per question across drafts (QuestionRow): the mean, and how many drafts answer it weakly,
  leave it empty or miss it;
- the cycle (Cycle): the spread of overall scores, the weakest drafts and questions, and the
  late and structurally broken replies."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from statistics import median
from typing import Any

from checker.model.findings import FileReport, Finding, QuestionScore, QuestionStatus, Report
from checker.model.rules import RuleSpec
from checker.model.severity import Severity

STATUSES = ("complete", "partial", "weak", "empty", "missing")
WEAK = ("weak", "empty", "missing")  # what a reviewer must chase

# Checks whose findings mean the reply's structure is broken: an answer under the wrong number,
# merged with another, given twice, out of its place, or a section answering no question. A
# missing answer is counted as missing, not here; a retitled heading still stands under its number.
STRUCTURAL_CHECKS = frozenset({"misnumbered", "duplicate", "out-of-order", "unexpected", "merged"})
LATE_CHECK = "header-date"  # rule CQ303 sent-after-due-date
SCORING_CHECK = "weak-evidence"  # rule CQ501, whose params set the statuses' thresholds
# The bundled codes of those checks, for a report that does not carry its rules (tests, old data).
_BUNDLED_CHECKS = {
    "CQ102": "misnumbered",
    "CQ103": "duplicate",
    "CQ104": "out-of-order",
    "CQ105": "unexpected",
    "CQ106": "merged",
    "CQ303": LATE_CHECK,
}
WEAKEST_PER_DRAFT = 3


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Names as people sort them: p2 before p10, case ignored."""
    return tuple(
        (0, int(piece)) if piece.isdigit() else (1, piece.casefold()) for piece in re.split(r"(\d+)", text) if piece
    )


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where the statuses start, as rule CQ501 (weak-evidence) sets them in a draft's project."""

    rule: str  # "CQ501"
    complete: int
    partial: int
    caps: tuple[tuple[str, int], ...] = ()  # structural problem -> highest score
    thin_cap: int | None = None

    @classmethod
    def of(cls, rules: Sequence[RuleSpec]) -> Thresholds | None:
        rule = next((r for r in rules if r.check == SCORING_CHECK), None)
        if rule is None:
            return None
        params: Mapping[str, Any] = rule.params
        caps = tuple(sorted((str(k), int(v)) for k, v in (params.get("caps") or {}).items()))
        thin = params.get("thin") or {}
        return cls(rule.id, int(params["complete"]), int(params["partial"]), caps, thin.get("cap"))

    def status_of(self, score: int) -> str:
        """The status a score of a present answer has: complete, partial or weak."""
        return "complete" if score >= self.complete else "partial" if score >= self.partial else "weak"

    def describe(self) -> dict[str, str]:
        """Each status in plain words, with its bounds."""
        return {
            "complete": f"{self.complete} or more",
            "partial": f"{self.partial} to {self.complete - 1}",
            "weak": f"below {self.partial}",
            "empty": "a heading with no answer",
            "missing": "no heading for a required question",
        }


@dataclass(frozen=True, slots=True)
class FileCoverage:
    """One draft: its rows and overall score, and what lint says of it."""

    path: str
    question_set: str
    overall: int  # mean score over the required questions, a missing answer counting 0
    counts: dict[str, int]  # status -> number of required questions
    rows: tuple[QuestionStatus, ...]
    fail_under: int | None = None  # the draft's project's coverage floor, if its configuration sets one
    name: str = ""  # the path without the folders every draft of the run shares
    findings: tuple[Finding, ...] = ()  # lint's, worst first
    by_question: Mapping[str, tuple[Finding, ...]] | None = None  # question id -> its findings
    structural_findings: tuple[Finding, ...] = ()  # findings (warning or error) of a structural check
    late_days: int | None = None  # days sent after the due date (rule CQ303), None when on time or undated
    errors: int = 0
    warnings: int = 0
    weakest: tuple[QuestionStatus, ...] = ()  # its lowest-scored required questions below complete
    thresholds: Thresholds | None = None

    @property
    def band(self) -> str:
        """The status its overall score would have as an answer's score ("" when the thresholds are unknown)."""
        return self.thresholds.status_of(self.overall) if self.thresholds else ""

    @property
    def structural(self) -> int:
        return len(self.structural_findings)

    @property
    def broken(self) -> bool:
        return self.structural > 0

    @property
    def label(self) -> str:
        return self.name or self.path

    def findings_on(self, question: str) -> tuple[Finding, ...]:
        return (self.by_question or {}).get(question, ())

    @property
    def draft_findings(self) -> tuple[Finding, ...]:
        """Findings on the draft as a whole (its header, a section answering nothing)."""
        return tuple(f for f in self.findings if not f.question)


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One question across all drafts: each draft's score, the mean and how many are weak."""

    id: str
    title: str
    cells: tuple[QuestionScore | None, ...]  # one per draft, None where the draft's set lacks it or it is optional
    mean: int | None
    weak: int  # drafts where this question is weak, empty or missing
    counts: dict[str, int] | None = None  # status -> drafts
    flagged: int = 0  # drafts where lint reports a finding on this question
    question_set: str = ""  # the set it belongs to: the same id in two sets is two questions
    name: str = ""  # how it is shown: the id, and its set when another set of the run has that id too

    @property
    def label(self) -> str:
        return self.name or self.id

    def count(self, status: str) -> int:
        return (self.counts or {}).get(status, 0)


@dataclass(frozen=True, slots=True)
class Coverage:
    """The reviewers' table: every draft, and every question across them."""

    files: tuple[FileCoverage, ...]  # in the report's order (the JSON contract's)
    questions: tuple[QuestionRow, ...]

    @property
    def overall(self) -> int:
        return round(sum(f.overall for f in self.files) / len(self.files)) if self.files else 0

    @property
    def name_order(self) -> tuple[int, ...]:
        """Where each draft of `by_name` stands in `files` (and in each QuestionRow's cells)."""
        return tuple(sorted(range(len(self.files)), key=lambda k: natural_key(self.files[k].path)))

    @property
    def by_name(self) -> tuple[FileCoverage, ...]:
        """The drafts in natural name order (p2 before p10)."""
        return tuple(self.files[k] for k in self.name_order)

    @property
    def thresholds(self) -> tuple[Thresholds, ...]:
        """The distinct thresholds the drafts were scored with (one, unless projects differ)."""
        return tuple(dict.fromkeys(f.thresholds for f in self.files if f.thresholds is not None))


def _check_of(finding: Finding, rules: Mapping[str, str]) -> str:
    return rules.get(finding.code) or _BUNDLED_CHECKS.get(finding.code, "")


def late_days(finding: Finding) -> int | None:
    """Days between the due date and the sending date of a sent-after-due-date finding."""
    try:
        return (date.fromisoformat(finding.label or "") - date.fromisoformat(finding.expected or "")).days
    except ValueError:
        return None


def _file(fr: FileReport, name: str) -> FileCoverage:
    rows = fr.questions
    required = [r.evidence for r in rows if r.required and r.evidence is not None]
    counts = {s: sum(1 for e in required if e.status == s) for s in STATUSES}
    overall = round(sum(e.score for e in required) / len(required)) if required else 0
    checks = {r.id: r.check for r in fr.rules}
    by_question: dict[str, tuple[Finding, ...]] = {}
    for f in fr.findings:
        if f.question:
            by_question[f.question] = (*by_question.get(f.question, ()), f)
    late = [d for f in fr.findings if _check_of(f, checks) == LATE_CHECK for d in [late_days(f)] if d is not None]
    weakest = sorted(
        (r for r in rows if r.required and r.evidence is not None and r.evidence.status != "complete"),
        key=lambda r: r.evidence.score if r.evidence else 0,
    )[:WEAKEST_PER_DRAFT]
    return FileCoverage(
        fr.path,
        fr.question_set,
        overall,
        counts,
        rows,
        fr.fail_under,
        name,
        fr.findings,
        by_question,
        tuple(f for f in fr.findings if f.severity >= Severity.WARNING and _check_of(f, checks) in STRUCTURAL_CHECKS),
        max(late) if late else None,
        sum(1 for f in fr.findings if f.severity == Severity.ERROR),
        sum(1 for f in fr.findings if f.severity == Severity.WARNING),
        tuple(weakest),
        Thresholds.of(fr.rules),
    )


def short_names(paths: Sequence[str]) -> list[str]:
    """Each path without the folders all of them share ("cycle/p1.txt" -> "p1.txt")."""
    parents = [PurePath(p).parent.parts for p in paths]
    shared = 0
    if parents:
        shortest = min(parents, key=len)
        while shared < len(shortest) and all(p[shared] == shortest[shared] for p in parents):
            shared += 1
    return [str(PurePath(*PurePath(p).parts[shared:])) if shared else p for p in paths]


def summarize(report: Report) -> Coverage:
    names = short_names([fr.path for fr in report.files])
    files = tuple(_file(fr, name) for fr, name in zip(report.files, names))
    # Keyed by set and id: 5C of tip-2009 and 5C of tip-2010 are different questions.
    order: dict[tuple[str, str], str] = {}
    for fr in report.files:
        for row in fr.questions:
            order.setdefault((fr.question_set, row.question.id), row.question.title)
    sets_of = Counter(qid for _, qid in order)
    questions = []
    for (qset, qid), title in order.items():
        cells = []
        for fr in report.files:
            found = next((r for r in fr.questions if r.question.id == qid), None) if fr.question_set == qset else None
            cells.append(found.evidence if found is not None else None)
        scored = [c.score for c in cells if c is not None]
        counts = {s: sum(1 for c in cells if c is not None and c.status == s) for s in STATUSES}
        questions.append(
            QuestionRow(
                qid,
                title,
                tuple(cells),
                round(sum(scored) / len(scored)) if scored else None,
                sum(counts[s] for s in WEAK),
                counts,
                sum(1 for f in files if f.question_set == qset and f.findings_on(qid)),
                qset,
                f"{qid} ({qset})" if sets_of[qid] > 1 else qid,
            )
        )
    return Coverage(files, tuple(questions))


# ------------------------------------------------------------------------------------- the cycle


@dataclass(frozen=True, slots=True)
class Band:
    """A band of overall scores and the drafts in it."""

    low: int
    high: int
    drafts: int
    status: str  # the status a score in this band has (its colour)

    @property
    def label(self) -> str:
        return f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class Cycle:
    """What a reviewer of a whole reporting cycle looks at first."""

    coverage: Coverage
    bands: tuple[Band, ...]  # 0-9 ... 90-100, lowest first
    mean: int
    median: int
    drafts_ranked: tuple[FileCoverage, ...]  # weakest first: overall score, then structural findings, then name
    questions_ranked: tuple[QuestionRow, ...]  # weakest across drafts first (required questions only)
    late: tuple[FileCoverage, ...]  # latest first
    broken: tuple[FileCoverage, ...]  # most structural findings first
    with_errors: int


def cycle(coverage: Coverage) -> Cycle:
    files = coverage.by_name
    thresholds = coverage.thresholds[0] if coverage.thresholds else None
    bands = []
    for low in range(0, 100, 10):
        high = 100 if low == 90 else low + 9
        count = sum(1 for f in files if low <= f.overall <= high)
        bands.append(Band(low, high, count, thresholds.status_of(high) if thresholds else ""))
    ranked = tuple(f for _, f in sorted(enumerate(files), key=lambda p: (p[1].overall, -p[1].structural, p[0])))
    scored = [q for q in coverage.questions if q.mean is not None]
    questions = tuple(sorted(scored, key=lambda q: (-q.weak, q.mean or 0)))
    late = tuple(sorted((f for f in files if f.late_days is not None), key=lambda f: -(f.late_days or 0)))
    broken = tuple(sorted((f for f in files if f.broken), key=lambda f: -f.structural))
    overall = [f.overall for f in files]
    return Cycle(
        coverage,
        tuple(bands),
        coverage.overall,
        round(median(overall)) if overall else 0,
        ranked,
        questions,
        late,
        broken,
        sum(1 for f in files if f.errors),
    )


def thresholds_text(coverage: Coverage) -> str:
    """The statuses' bounds in one line, naming the rule that sets them."""
    known = coverage.thresholds
    if not known:
        return "complete, partial and weak as rule CQ501 (weak-evidence) sets them"
    t = known[0]
    words = t.describe()
    text = (
        f"complete {words['complete']}, partial {words['partial']}, weak {words['weak']} "
        f"(rule {t.rule}'s params); empty: {words['empty']}; missing: {words['missing']}"
    )
    if len(known) > 1:
        text += "; some drafts' projects set other thresholds"
    return text


def finding_text(f: Finding) -> str:
    """A finding in one line, without the draft's name: `CQ102 warning, line 808: message`."""
    return f"{f.code} {f.severity.word}, line {f.line}: {f.message}"


def lint_summary(f: FileCoverage) -> str:
    """What lint says of a draft, in a few words."""
    parts = [f"{f.errors} error(s)", f"{f.warnings} warning(s)", f"{f.structural} structural"]
    if f.late_days is not None:
        parts.append(f"sent {f.late_days} day(s) late")
    return ", ".join(parts)


def weakest_text(f: FileCoverage) -> str:
    return ", ".join(f"{r.question.id} {r.evidence.score if r.evidence else 0}" for r in f.weakest)


# ------------------------------------------------------------------------------------- exit codes


def shortfalls(coverage: Coverage, fail_under: int | None) -> list[str]:
    """Why a coverage run should fail: a draft's overall score below --fail-under (or, without it,
    below the fail_under of the draft's own project configuration), or a question below the
    minimum its question set gives it."""
    reasons = []
    for f in coverage.files:
        if fail_under is not None and f.overall < fail_under:
            reasons.append(f"{f.path}: coverage {f.overall} is below --fail-under {fail_under}")
        elif fail_under is None and f.fail_under is not None and f.overall < f.fail_under:
            reasons.append(
                f"{f.path}: coverage {f.overall} is below fail_under {f.fail_under} of its project configuration"
            )
        for row in f.rows:
            minimum = row.question.min_score
            if minimum is not None and row.evidence is not None and row.evidence.score < minimum:
                reasons.append(f"{f.path}: {row.question.id} scores {row.evidence.score}, below its minimum {minimum}")
    return reasons


# ------------------------------------------------------------------------------------- one answer


def found_text(score: QuestionScore | None, limit: int = 6) -> str:
    if score is None or not score.found:
        return ""
    parts = [f"{e.words} (l.{e.line})" for e in score.found[:limit]]
    more = len(score.found) - limit
    return "; ".join(parts) + (f"; +{more} more" if more > 0 else "")


CAPPED_BY = {
    "merged": "answered under one heading with another question",
    "out-of-order": "stands away from its place",
    "duplicate": "answered twice",
}


def lacking_lines(score: QuestionScore | None) -> tuple[str, ...]:
    """What keeps a score down: the structural problem that caps it first, then each ask lacking."""
    if score is None:
        return ()
    cap = (f"capped at {score.score}: {CAPPED_BY.get(score.capped, score.capped)}",) if score.capped else ()
    return cap + tuple(score.lacking)


def missing_text(score: QuestionScore | None) -> str:
    return "; ".join(lacking_lines(score))
