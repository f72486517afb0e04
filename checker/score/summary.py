"""One computation of coverage figures, for every coverage format to render."""

from __future__ import annotations

from dataclasses import dataclass

from checker.model.findings import QuestionScore, QuestionStatus, Report

STATUSES = ("complete", "partial", "weak", "empty", "missing")


@dataclass(frozen=True, slots=True)
class FileCoverage:
    """One draft's column of the coverage table: its rows and its overall score."""

    path: str
    question_set: str
    overall: int  # mean score over the required questions, a missing answer counting 0
    counts: dict[str, int]  # status -> number of required questions
    rows: tuple[QuestionStatus, ...]
    fail_under: int | None = None  # the draft's project's coverage floor, if its configuration sets one


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One question across all drafts: each draft's score, the mean and how many are weak."""

    id: str
    title: str
    cells: tuple[QuestionScore | None, ...]  # one per draft, None where the draft's set lacks it or it is optional
    mean: int | None
    weak: int  # drafts where this question is weak, empty or missing


@dataclass(frozen=True, slots=True)
class Coverage:
    """The reviewers' table: every draft, and every question across them."""

    files: tuple[FileCoverage, ...]
    questions: tuple[QuestionRow, ...]

    @property
    def overall(self) -> int:
        return round(sum(f.overall for f in self.files) / len(self.files)) if self.files else 0


def _file(fr_path: str, qset: str, rows: tuple[QuestionStatus, ...], fail_under: int | None) -> FileCoverage:
    required = [r.evidence for r in rows if r.required and r.evidence is not None]
    counts = {s: sum(1 for e in required if e.status == s) for s in STATUSES}
    overall = round(sum(e.score for e in required) / len(required)) if required else 0
    return FileCoverage(fr_path, qset, overall, counts, rows, fail_under)


def summarize(report: Report) -> Coverage:
    files = tuple(_file(fr.path, fr.question_set, fr.questions, fr.fail_under) for fr in report.files)
    order: dict[str, str] = {}
    for fr in report.files:
        for row in fr.questions:
            order.setdefault(row.question.id, row.question.title)
    questions = []
    for qid, title in order.items():
        cells = []
        for fr in report.files:
            found = next((r for r in fr.questions if r.question.id == qid), None)
            cells.append(found.evidence if found is not None else None)
        scored = [c.score for c in cells if c is not None]
        questions.append(
            QuestionRow(
                qid,
                title,
                tuple(cells),
                round(sum(scored) / len(scored)) if scored else None,
                sum(1 for c in cells if c is not None and c.status in ("weak", "empty", "missing")),
            )
        )
    return Coverage(files, tuple(questions))


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
