"""Orchestration: read -> parse -> match -> run rules -> FileReport; and the exit policy."""

from __future__ import annotations

import hashlib
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

from checker import compiled, memo
from checker.check import CHECKS
from checker.check.base import CheckContext, Hit
from checker.check.suppressions import apply_suppressions, find_directives
from checker.errors import ConfigError, DraftError
from checker.load.config import (
    NO_CONFIG,
    ProjectConfig,
    apply_config,
    find_config,
    load_config,
)
from checker.load.detectors import Detector, forget_words, load_detectors
from checker.load.question_sets import (
    builtin_question_sets,
    load_previous,
    load_question_set,
)
from checker.load.rules import load_rules
from checker.match.align import match_sections
from checker.model.document import EMPTY_SPAN, Document
from checker.model.findings import (
    FileReport,
    Finding,
    QuestionScore,
    QuestionStatus,
    Report,
    Severity,
)
from checker.model.matches import MatchResult
from checker.model.questions import QuestionSet
from checker.model.rules import RuleSpec
from checker.parse import parse_draft
from checker.read.discovery import expand_paths
from checker.read.drafts import DraftText, read_draft
from checker.score.answers import score_answers

T = TypeVar("T")


def choose_question_set(document: Document, requested: str | None) -> tuple[QuestionSet, str]:
    """The question set to check against, and in plain words why it was chosen."""
    if requested:
        return load_question_set(requested), "given with --questions"
    sets = sorted((load_question_set(name) for name in builtin_question_sets()), key=lambda s: s.cycle, reverse=True)
    subject = document.header.subject.text if document.header.subject else ""
    title = next((line.lstrip("# ").strip() for line in document.lines[:40] if line.strip()), "")
    for where, text in (("subject line", subject), ("title", title)):
        for qset in sets:
            if text and re.search(qset.detect_subject, text, re.I):
                return qset, f"the {where} '{text[:60]}' names its cycle"
    years = re.findall(r"\b(20\d\d)\b", f"{subject} {title}")
    for qset in sets:
        if qset.cycle in years:
            return qset, f"the year {qset.cycle} in the {('subject line' if subject else 'title')}"
    return sets[0], "nothing in the draft names a cycle, so the latest set was used; pick one with -q"


def fingerprint(code: str, hit: Hit) -> str:
    """A finding's identity for baselines and SARIF: never its line, so rewrapping text or
    adding paragraphs above it does not make an old finding new."""
    parts = (code, hit.question.id if hit.question else "", hit.label or "", hit.expected or "", hit.key)
    normal = "|".join(" ".join(str(p).lower().split()) for p in parts)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:20]


def run_rules(ctx: CheckContext, rules: Sequence[RuleSpec]) -> list[Finding]:
    findings = []
    for rule in rules:
        if not rule.enabled:
            continue
        for hit in CHECKS[rule.check].check(ctx, rule.params):
            q = hit.question
            findings.append(Finding(
                code=rule.id, name=rule.name, kind=rule.kind,
                severity=rule.severity_for(q.confidence if q else hit.confidence),
                message=rule.message.format_map(hit.args),
                line=max(1, hit.line), column=max(1, hit.column),
                question=q.id if q else None, label=hit.label, expected=hit.expected,
                fingerprint=fingerprint(rule.id, hit), fix=hit.fix,
            ))
    return sorted(findings, key=Finding.sort_key)


def question_statuses(qset: QuestionSet, result: MatchResult, findings: Iterable[Finding],
                      scores: Mapping[str, QuestionScore]) -> tuple[QuestionStatus, ...]:
    flagged: dict[str, set[str]] = {}
    for f in findings:
        if f.question:
            flagged.setdefault(f.question, set()).add(f.kind)
    out = []
    for q in qset.questions:
        answer = result.answer(q.id)
        merged = result.merged_into(q.id) if answer is None else None
        kinds = flagged.get(q.id, set())
        if answer is not None:
            status = "empty" if "empty" in kinds else "placeholder" if "placeholder" in kinds else "answered"
            out.append(QuestionStatus(q, status, answer.section, answer.how, round(answer.scores.total, 2),
                                      scores.get(q.id)))
        elif merged is not None:
            out.append(QuestionStatus(q, "merged", merged.section, f"answered together with {merged.question.id}"  # type: ignore[union-attr]
                                      f" under '{merged.section.label}'", round(merged.scores.total, 2),
                                      scores.get(q.id)))
        else:
            out.append(QuestionStatus(q, "missing" if q.required else "omitted", None, "", None, scores.get(q.id)))
    return tuple(out)


def score_questions(qset: QuestionSet, result: MatchResult, detectors: Mapping[str, Detector],
                    params: Mapping[str, Any]) -> dict[str, QuestionScore]:
    """One evidence score per question: the only place scores are computed, for every output."""
    answers, scores = [], {}
    for q in qset.questions:
        match = result.answer(q.id) or result.merged_into(q.id)
        if match is not None:
            answers.append((q, match.section.body))
        elif q.required:
            scores[q.id] = QuestionScore(0, "missing", missing=tuple(n.missing for n in q.evidence if not n.optional))
    scores.update((q.id, score) for (q, _), score in zip(answers, score_answers(answers, detectors, params)))
    return {q.id: scores[q.id] for q in qset.questions if q.id in scores}


def check_document(document: Document, qset: QuestionSet, rules: Sequence[RuleSpec], chosen_by: str = "",
                   detectors: Mapping[str, Detector] | None = None) -> FileReport:
    result = match_sections(document, qset)
    scoring = next((r for r in rules if r.check == "weak-evidence"), None)
    scores = score_questions(qset, result, detectors if detectors is not None else load_detectors(),
                             scoring.params) if scoring else {}
    ctx = CheckContext(document, qset, result, load_previous(qset), scores)
    findings = run_rules(ctx, [r for r in rules if r.kind != "suppression"])
    # An answer still holding a placeholder is reported as that, not also as weakly evidenced:
    # an unfinished draft should read as a short list, not a wall.
    pending = {f.question for f in findings if f.kind == "placeholder"}
    findings = [f for f in findings if not (f.kind == "weak-evidence" and f.question in pending)]
    known = {r.id: r.id for r in rules} | {r.name: r.id for r in rules}
    kept, waived, statuses = apply_suppressions(findings, find_directives(document, result), known)
    # Problems with the waivers themselves come after, and cannot be waived.
    kept += run_rules(replace(ctx, suppressions=tuple(statuses)), [r for r in rules if r.kind == "suppression"])
    kept.sort(key=Finding.sort_key)
    return FileReport(document.path, qset.id, chosen_by, question_statuses(qset, result, kept, scores),
                      tuple(kept), document.notes + result.notes, tuple(waived))


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line says; each wins over the project configuration."""

    questions: str | None = None
    rule_dirs: tuple[Path, ...] = ()
    config: Path | None = None  # an explicit config file
    use_config: bool = True  # False: ignore .checker.yaml / [tool.checker]


@dataclass(frozen=True, slots=True)
class Settings:
    """What applies to a draft: its project configuration, rules, detectors and chosen question set."""

    config: ProjectConfig
    rules: tuple[RuleSpec, ...]
    detectors: Mapping[str, Detector]
    questions: str | None


def settings_for(draft: Path, options: Options) -> Settings:
    if options.config is not None:
        config = load_config(options.config.resolve())
    elif options.use_config and (found := find_config(draft)) is not None:
        config = load_config(found)
    else:
        config = NO_CONFIG
    dirs = options.rule_dirs or ((config.rules_dir,) if config.rules_dir else ())
    return _settings(config.path, tuple(dirs), options.questions or config.questions)


@cache
def _settings(config_path: Path | None, dirs: tuple[Path, ...], questions: str | None) -> Settings:
    config = load_config(config_path) if config_path else NO_CONFIG
    return Settings(config, apply_config(load_rules(dirs), config), load_detectors(dirs), questions)


def check_path(path: str, options: Options) -> tuple[FileReport | None, str | None]:
    """One draft: its report, or the one-line reason it could not be read or checked in time;
    None, None when the project configuration excludes it."""
    settings = settings_for(Path(path), options)
    if not settings.config.selects(Path(path)):
        return None, None
    try:
        return check_draft(read_draft(path), options), None
    except DraftError as exc:
        return None, str(exc)


# How long checking one draft may take: rules, detectors and question sets may hold the users' own
# regular expressions, and load-time checks (regexes.py) cannot catch every one that backtracks
# for hours on unlucky text. The 50 MB benchmark draft takes 15-25 s on a slow two-core machine,
# so the bound grows with the draft and leaves that room; an ordinary draft takes well under 1 s.
TIME_LIMIT = 30.0  # seconds, for any draft
TIME_LIMIT_PER_MB = 2.0  # seconds more per million characters of text
TIME_LIMIT_VARIABLE = "CHECKER_TIME_LIMIT"  # seconds for every draft instead (0: no bound)


class CheckTimeout(BaseException):
    """Checking a draft ran past its time limit. A BaseException, so that no `except Exception`
    along the way can take it for an ordinary failure and carry on."""


def time_limit(chars: int) -> float:
    """Seconds allowed for checking a draft of `chars` characters (0: no bound)."""
    given = os.environ.get(TIME_LIMIT_VARIABLE)
    if given is None or not given.strip():
        return TIME_LIMIT + TIME_LIMIT_PER_MB * chars / 1_000_000
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigError(f"{TIME_LIMIT_VARIABLE}={given!r}: give the seconds one draft may take, e.g. 60 (0: no limit)")
    return seconds


def within(seconds: float, work: Callable[[], T]) -> T:
    """work(), stopped with CheckTimeout after `seconds` (SIGALRM, so only where there is setitimer
    and in the main thread: the regex engine checks for signals while it backtracks; elsewhere it
    runs unbounded). The earlier handler and timer are always put back."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return work()
    earlier_left, earlier_interval = signal.getitimer(signal.ITIMER_REAL)
    if earlier_left and earlier_left <= seconds:
        return work()  # an alarm set by someone else comes sooner: leave it be
    started = time.monotonic()

    def expired(signum: int, frame: Any) -> None:
        raise CheckTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)  # (the timer is one-shot: once fired, it is off)
    finally:
        signal.signal(signal.SIGALRM, previous)
        if earlier_left:
            left = max(earlier_left - (time.monotonic() - started), 1e-6)
            signal.setitimer(signal.ITIMER_REAL, left, earlier_interval)


def check_draft(draft: DraftText, options: Options) -> FileReport:
    """A draft already read (or text about to be written back, for fix): parse, choose, check.
    A DraftError when that takes longer than time_limit allows."""
    settings = settings_for(Path(draft.path), options)

    def check() -> FileReport:
        document = parse_draft(draft)
        qset, why = choose_question_set(document, settings.questions)
        memo.restore(qset, settings.detectors)
        return check_document(document, qset, settings.rules, why, settings.detectors)

    return bounded(draft.path, len(draft.text), settings.detectors, check)


def bounded(path: str, chars: int, detectors: Mapping[str, Detector], work: Callable[[], T]) -> T:
    """work() on the draft at `path` (`chars` long), or a DraftError once it takes longer than
    time_limit allows."""
    limit = time_limit(chars)
    try:
        return within(limit, work)
    except CheckTimeout:
        # Stopped anywhere: what the detectors were learning about words may be half written.
        for detector in detectors.values():
            forget_words(detector.seen)
        raise DraftError(f"{path}: checking stopped after {limit:.3g} s; a pattern in the rules, "
                         "detectors or question set takes too long on this draft's text; simplify the patterns "
                         "given with --rules or -q, or report it") from None


def check_paths(paths: Sequence[Path | str], options: Options = Options(), *, jobs: int = 1,
                progress: Callable[[int, int], None] | None = None) -> tuple[Report, list[str]]:
    """Check every draft (folders and patterns expanded), with `jobs` processes. One that cannot
    be read is named in the errors and the rest still run; the order never depends on scheduling."""
    drafts, errors = expand_paths(paths)
    if jobs > 1 and len(drafts) > 1:
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        # gc.freeze in each worker: what it inherits from this process is never garbage, and the
        # collector walking it would copy every shared page (6% of a batch's time, measured).
        with ProcessPoolExecutor(max_workers=min(jobs, len(drafts)), initializer=gc.freeze,
                                 mp_context=multiprocessing.get_context(method)) as pool:
            chunk = max(1, min(16, len(drafts) // (jobs * 4)))
            results = list(_tracked(pool.map(partial(_check_in_worker, options=options), drafts, chunksize=chunk),
                                    len(drafts), progress))
    else:
        results = list(_tracked((check_path(d, options) for d in drafts), len(drafts), progress))
    memo.keep()
    compiled.keep()
    files = [report for report, _ in results if report is not None]
    errors += [error for _, error in results if error is not None]
    return Report(tuple(files)), errors


def _check_in_worker(path: str, options: Options) -> tuple[FileReport | None, str | None]:
    """check_path, with the answers' text left out of the report: reporters need a section's
    label and line, not its text, and the report is copied back to the parent process."""
    report, error = check_path(path, options)
    if report is not None:
        report = replace(report, questions=tuple(
            replace(s, section=replace(s.section, body=EMPTY_SPAN, children=())) if s.section else s
            for s in report.questions))
    return report, error


def _tracked(results: Iterable[T], total: int, progress: Callable[[int, int], None] | None) -> Iterable[T]:
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        yield result


def exit_code(report: Report) -> int:
    """0 when nothing reaches error level, 1 otherwise. (2, for bad input, is the CLI's.)"""
    worst = max((f.severity for fr in report.files for f in fr.findings), default=None)
    return 1 if worst == Severity.ERROR else 0
