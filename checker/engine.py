"""Orchestration: read -> parse -> choose the question set -> match -> score -> run rules ->
FileReport, for one draft or many; and the exit policy. Pure: it reads drafts and writes nothing."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from checker.check import CHECKS
from checker.check.base import CheckContext, Hit
from checker.check.suppressions import apply_suppressions, find_directives
from checker.deadline import NO_DEADLINE, Deadline, OutOfTime
from checker.errors import ConfigError, DraftError, NotADraft
from checker.load.patterns import blamed_on
from checker.match.align import match_sections
from checker.match.choose import choose_question_set as choose_set
from checker.match.choose import not_a_reply
from checker.match.references import find_references
from checker.match.tree import match_outline
from checker.model.detectors import Detector
from checker.model.document import EMPTY_SPAN, Document
from checker.model.findings import (
    FileReport,
    Finding,
    QuestionScore,
    QuestionStatus,
    Report,
)
from checker.model.matches import MatchResult
from checker.model.questions import Question, QuestionSet
from checker.model.rules import RuleSpec
from checker.model.severity import Severity
from checker.parse import parse_draft
from checker.read.discovery import expand_paths, project_file
from checker.read.drafts import DraftText, read_draft
from checker.read.metadata import read_metadata
from checker.score.answers import score_answers, status_for
from checker.score.sentences import BARE_NOT_APPLICABLE, parse_period
from checker.score.terms import TermPatterns
from checker.toolkit import Settings, Toolkit

T = TypeVar("T")


def choose_question_set(
    document: Document, toolkit: Toolkit, requested: str | None, deadline: Deadline = NO_DEADLINE
) -> tuple[QuestionSet, str]:
    """The question set to check against, and in plain words why it was chosen (a DraftError
    asking for --questions when no set recognises the draft)."""
    if requested:
        config = toolkit.config_for(Path(document.path))
        named = not toolkit.options.questions and config.questions == requested  # by the project, not by -Q
        return toolkit.question_set(requested, config), f"named in {config.path}" if named else "given with --questions"
    candidates = toolkit.candidate_sets(toolkit.config_for(Path(document.path)))
    return choose_set(document, candidates, toolkit.match_index, deadline)


def reply_check(document: Document, toolkit: Toolkit, requested: str | None, deadline: Deadline = NO_DEADLINE) -> None:
    """A NotADraft, with the one-line note saying why, when `document` is not a reply (a README,
    a licence, notes with no heading a question set knows); nothing when it is one."""

    config = toolkit.config_for(Path(document.path))

    def candidates() -> Iterator[QuestionSet]:  # the set asked for first; the others only if needed
        if requested:
            yield toolkit.question_set(requested, config)
        yield from toolkit.candidate_sets(config)

    named = project_file(document.path)
    why = not_a_reply(document, candidates(), toolkit.match_index, named, deadline)
    if why and not named:
        why += (
            f"; if it is one, label or title its answers as {requested} does "
            f"(`checker new --questions {requested}` shows how)"
            if requested
            else "; if it is one, name its question set with --questions SET or in .checker.yaml"
        )
    if why:
        raise NotADraft(f"{document.path}: skipped, {why}")


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
        with blamed_on(f"{rule.path}: rule {rule.id}"):
            hits = list(CHECKS[rule.check].check(ctx, rule.prepared))
        for hit in hits:
            q = hit.question
            findings.append(
                Finding(
                    code=rule.id,
                    name=rule.name,
                    kind=rule.kind,
                    severity=rule.severity_for(q.confidence if q else hit.confidence),
                    message=rule.message.format_map(hit.args),
                    line=max(1, hit.line),
                    column=max(1, hit.column),
                    question=q.id if q else None,
                    label=hit.label,
                    expected=hit.expected,
                    fingerprint=fingerprint(rule.id, hit),
                    fix=hit.fix,
                    confidence=q.confidence if q else hit.confidence,
                )
            )
    return sorted(findings, key=Finding.sort_key)


def question_statuses(
    qset: QuestionSet,
    result: MatchResult,
    findings: Iterable[Finding],
    scores: Mapping[str, QuestionScore],
    metadata: Mapping[str, Any] = MappingProxyType({}),
) -> tuple[QuestionStatus, ...]:
    flagged: dict[str, set[str]] = {}
    for f in findings:
        if f.question:
            flagged.setdefault(f.question, set()).add(f.kind)
    out = []
    for q in qset.questions:
        required = q.required_for(metadata)
        answer = result.answer(q.id)
        merged = result.merged_into(q.id) if answer is None else None
        kinds = flagged.get(q.id, set())
        if answer is not None:
            text = answer.section.body.text
            empty = not text.strip() or bool(BARE_NOT_APPLICABLE.match(text)) or "empty" in kinds
            status = "empty" if empty else "placeholder" if "placeholder" in kinds else "answered"
            out.append(
                QuestionStatus(
                    q, status, answer.section, answer.how, round(answer.scores.total, 2), scores.get(q.id), required
                )
            )
        elif merged is not None:
            out.append(
                QuestionStatus(
                    q,
                    "merged",
                    merged.section,
                    f"answered together with {merged.question.id}"  # type: ignore[union-attr]
                    f" under '{merged.section.label or merged.section.title or merged.section.heading}'",
                    round(merged.scores.total, 2),
                    scores.get(q.id),
                    required,
                )
            )
        else:
            out.append(
                QuestionStatus(q, "missing" if required else "omitted", None, "", None, scores.get(q.id), required)
            )
    return tuple(out)


def score_questions(
    qset: QuestionSet,
    result: MatchResult,
    detectors: Mapping[str, Detector],
    params: Mapping[str, Any],
    deadline: Deadline = NO_DEADLINE,
    metadata: Mapping[str, Any] = MappingProxyType({}),
    placeholders: Sequence[Any] = (),
    patterns: TermPatterns | None = None,
) -> dict[str, QuestionScore]:
    """One evidence score per question: the only place scores are computed, for every output."""
    answers, scores = [], {}
    for q in qset.questions:
        match = result.answer(q.id) or result.merged_into(q.id)
        if match is not None:
            answers.append((q, match.section.body))
        elif q.required_for(metadata):
            scores[q.id] = QuestionScore(0, "missing", missing=tuple(a.missing for a in q.all_asks() if not a.optional))
    period = parse_period(qset.header.period)
    optional_here = {q.id for q, _ in answers if not q.required_for(metadata)}
    scored = score_answers(
        answers,
        detectors,
        params,
        deadline,
        period=period,
        placeholders=placeholders,
        patterns=patterns,
        may_not_apply=optional_here,
    )
    for (q, _), score in zip(answers, scored):
        scores[q.id] = capped(score, q, result, params)
    return {q.id: scores[q.id] for q in qset.questions if q.id in scores}


def capped(score: QuestionScore, question: Question, result: MatchResult, params: Mapping[str, Any]) -> QuestionScore:
    """A score as the answer's structure allows: an answer merged with others, under another's
    number, away from its place, or given twice cannot be complete as it stands (the caps are the
    weak-evidence rule's params). The score says what capped it."""
    caps = params.get("caps", {})
    match = result.answer(question.id)
    problems = []
    if match is None and result.merged_into(question.id) is not None or match is not None and match.also_answers:
        problems.append("merged")
    if match is not None and match.out_of_order:
        problems.append("out-of-order")
    if any(m.role == "duplicate" and m.question is not None and m.question.id == question.id for m in result.matches):
        problems.append("duplicate")
    limits = [(caps[p], p) for p in problems if p in caps and caps[p] < score.score]
    if not limits:
        return score
    cap, why = min(limits)
    return replace(score, score=cap, status=status_for(cap, params), capped=why)


def check_document(
    document: Document,
    qset: QuestionSet,
    settings: Settings,
    toolkit: Toolkit,
    chosen_by: str = "",
    deadline: Deadline = NO_DEADLINE,
) -> FileReport:
    """Every rule on one parsed draft, against `qset`."""
    toolkit.require_fit(settings, qset)
    rules = settings.rules
    index = toolkit.match_index(qset)
    match = match_outline if qset.parts else match_sections
    result = match(document, qset, index, deadline)
    scoring = next((r for r in rules if r.check == "weak-evidence"), None)
    metadata = document.metadata
    marker = next((r for r in rules if r.check == "placeholder" and r.enabled), None)
    placeholders = marker.prepared["patterns"] if marker else ()
    # Scoring runs a user's patterns from the detectors (each names itself) and the placeholder rule.
    with blamed_on(f"{marker.path}: rule {marker.id}" if marker else "the placeholder rule"):
        terms = toolkit.term_patterns
        scores = (
            score_questions(qset, result, settings.detectors, scoring.params, deadline, metadata, placeholders, terms)
            if scoring
            else {}
        )
    ctx = CheckContext(
        document,
        qset,
        result,
        toolkit.previous(qset),
        scores,
        xrefs=find_references(document, result),
        deadline=deadline,
        placeholders=tuple(placeholders),
    )
    findings = run_rules(ctx, [r for r in rules if r.kind != "suppression"])
    # An answer still holding a placeholder is reported as that, not also as weakly evidenced;
    # one that is nothing but a placeholder is reported as unanswered, not also for the
    # placeholder: an unfinished draft should read as a short list, not a wall.
    pending = {f.question for f in findings if f.kind == "placeholder"}
    only = {r.id for r in rules if r.check == "placeholder-only"}
    unanswered = {f.question for f in findings if f.code in only}
    # ...and, as missing and empty answers are, it is left alone by the rules that judge what an
    # answer says (a required phrase, a length).
    placeholder = {r.id for r in rules if r.check in ("placeholder", "required-phrase", "occurrence")}
    findings = [
        f
        for f in findings
        if not (
            f.kind == "weak-evidence" and f.question in pending or f.code in placeholder and f.question in unanswered
        )
    ]
    known = {r.id: r.id for r in rules} | {r.name: r.id for r in rules}
    kept, waived, statuses = apply_suppressions(findings, find_directives(document, result), known)
    # Problems with the waivers themselves come after, and cannot be waived.
    kept += run_rules(replace(ctx, suppressions=tuple(statuses)), [r for r in rules if r.kind == "suppression"])
    kept.sort(key=Finding.sort_key)
    return FileReport(
        document.path,
        qset.id,
        chosen_by,
        question_statuses(qset, result, kept, scores, metadata),
        tuple(kept),
        document.notes + result.notes,
        tuple(waived),
        rules=rules,
        fail_under=settings.config.fail_under,
    )


def with_metadata(document: Document, qset: QuestionSet) -> Document:
    """The document with the metadata its set asks for: its own front matter, or else the sidecar
    file the set names (`{stem}.meta.yaml` beside the draft). Without either, parts required only
    under conditions are not required, and a note says so."""
    if not qset.parts or not any(q.required_when for q in qset.parts):
        return document
    if document.metadata:
        return _with_value_notes(document, qset)
    if qset.metadata_sidecar:
        path = Path(document.path)
        sidecar = path.with_name(qset.metadata_sidecar.replace("{stem}", path.stem))
        if os.path.lexists(sidecar):  # a pipe or a link out of the repository is a note, not unseen
            data, note = read_metadata(sidecar)
            if data:
                return _with_value_notes(replace(document, metadata=MappingProxyType(data)), qset)
            return replace(document, notes=(*document.notes, note))
    keys = ", ".join(key for key, _, _ in qset.metadata_keys) or "the keys its conditions name"
    # Only Markdown has front matter; a plain-text or Word draft keeps its metadata in the sidecar.
    places = ["front matter"] if Path(document.path).suffix.lower() in (".md", ".markdown") else []
    if qset.metadata_sidecar:
        places.append(qset.metadata_sidecar.replace("{stem}", Path(document.path).stem))
    where = " or in ".join(places) or "a sidecar file (the set names none: add metadata.sidecar)"
    return replace(
        document,
        notes=(
            *document.notes,
            f"no metadata ({keys}) in {where}: the conditions on parts read every key as unset",
        ),
    )


def _value_shown(value: Any) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def _with_value_notes(document: Document, qset: QuestionSet) -> Document:
    """A note for each metadata value the set does not declare ("stage: finale" where it declares
    draft and final): the conditions over it read it as it is, so say what was written."""
    notes = []
    for key, values, _ in qset.metadata_keys:
        given = document.metadata.get(key)
        if given is None or not values:
            continue
        allowed = {v.lower() for v in values}
        words = {"yes", "true"} if given is True else {"no", "false"} if given is False else {str(given).lower()}
        if not words & allowed:
            notes.append(
                f"metadata {key}: {_value_shown(given)!r} is not one of {', '.join(values)}, as the set declares; "
                f"parts required depending on {key} were judged by it as written"
            )
    return replace(document, notes=(*document.notes, *notes)) if notes else document


# How long checking one draft may take: rules, detectors and question sets may hold the users' own
# regular expressions, and a Word file can unzip to hundreds of thousands of paragraphs. The 50 MB
# benchmark draft takes 15-25 s on a slow two-core machine, so the bound grows with the draft and
# leaves that room; an ordinary draft takes well under 1 s.
TIME_LIMIT = 30.0  # seconds, for any draft
TIME_LIMIT_PER_MB = 2.0  # seconds more per million bytes of the draft
TIME_LIMIT_VARIABLE = "CHECKER_TIME_LIMIT"  # seconds for every draft instead (0: no bound)


def time_limit_from(environment: Mapping[str, str]) -> float | None:
    """The bound CHECKER_TIME_LIMIT sets (None: the default); a ConfigError if it is no number."""
    given = environment.get(TIME_LIMIT_VARIABLE)
    if given is None or not given.strip():
        return None
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not math.isfinite(seconds) or seconds < 0:
        raise ConfigError(
            f"{TIME_LIMIT_VARIABLE}={given!r}: give the seconds one draft may take, e.g. 60 (0: no limit)"
        )
    return seconds


def time_limit(size: int, given: float | None = None) -> float:
    """Seconds allowed for checking a draft of `size` bytes: `given`, else the default (0: no bound)."""
    return given if given is not None else TIME_LIMIT + TIME_LIMIT_PER_MB * size / 1_000_000


def stopped_error(path: str, exc: OutOfTime) -> DraftError:
    """The one line that says a draft ran out of time, and what to do."""
    seconds = exc.args[0] if exc.args else 0.0
    why = exc.args[1] if len(exc.args) > 1 else "draft"
    if why == "pattern" and len(exc.args) > 2:
        return DraftError(
            f"{path}: checking stopped after {seconds:.3g} s; a pattern of {exc.args[2]} takes too long on "
            "this draft's text (it backtracks); simplify it, such as a repeat inside a repeat, or report it"
        )
    if why == "pattern":
        return DraftError(
            f"{path}: checking stopped after {seconds:.3g} s; a pattern in the rules, detectors or "
            "question set takes too long on this draft's text; simplify the patterns given with "
            "--rules or --questions, or in the project configuration's rules_dir or questions, or report it"
        )
    return DraftError(
        f"{path}: checking stopped after {seconds:.3g} s; the draft is too large to check against its question "
        f"set in that time; split it, or set {TIME_LIMIT_VARIABLE} to more seconds (0: no limit)"
    )


def check_draft(draft: DraftText, toolkit: Toolkit, deadline: Deadline | None = None) -> FileReport:
    """A draft already read (or text about to be written back, for fix): parse, choose, check.
    A DraftError when that takes longer than its time bound allows."""
    settings = toolkit.settings_for(Path(draft.path))
    if deadline is None:
        deadline = Deadline.after(time_limit(len(draft.text), toolkit.options.time_limit))
    try:
        document = parse_draft(draft, deadline=deadline)
        reply_check(document, toolkit, settings.questions, deadline)
        qset, why = choose_question_set(document, toolkit, settings.questions, deadline)
        return check_document(with_metadata(document, qset), qset, settings, toolkit, why, deadline)
    except OutOfTime as exc:
        raise stopped_error(draft.path, exc) from None


# What checking one path gives: its report, or the one line saying why it could not be read or
# checked in time, or the note saying why it was skipped as no reply (all None: excluded by the
# project's configuration).
Outcome = tuple[FileReport | None, str | None, str | None]


def check_path(path: str, toolkit: Toolkit) -> tuple[FileReport | None, str | None]:
    """One draft: its report, or the one-line reason it could not be read or checked in time;
    None, None when the project configuration excludes it or it is no reply (see outcome_of)."""
    report, error, _ = outcome_of(path, toolkit)
    return report, error


def outcome_of(path: str, toolkit: Toolkit) -> Outcome:
    """One draft: its report, the reason it could not be checked, or the note on skipping it."""
    if not toolkit.config_for(Path(path)).selects(Path(path)):
        return None, None, None
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # reading it explains the problem
    deadline = Deadline.after(time_limit(size, toolkit.options.time_limit))
    try:
        draft = read_draft(path, deadline)
    except OutOfTime as exc:
        return None, str(stopped_error(path, exc)), None
    except DraftError as exc:
        named = project_file(path)
        if named:  # an empty README, a licence in another format: not a draft, so not a problem
            return None, None, f"{path}: skipped, a {named} file, not a reply"
        return None, str(exc), None
    try:
        return check_draft(draft, toolkit, deadline), None, None
    except NotADraft as exc:
        return None, None, str(exc)
    except DraftError as exc:
        return None, str(exc), None


def check_paths(
    paths: Sequence[Path | str], toolkit: Toolkit, *, jobs: int = 1, progress: Callable[[int, int], None] | None = None
) -> tuple[Report, list[str]]:
    """Check every draft (folders and patterns expanded), with `jobs` processes. One that cannot
    be read is named in the errors and the rest still run; the order never depends on scheduling."""
    drafts, errors = expand_paths(paths)
    for draft in drafts:  # configuration problems surface before any work, and load once, here
        toolkit.settings_for(Path(draft))
    if jobs > 1 and len(drafts) > 1:
        from checker.batch import check_in_parallel

        results = check_in_parallel(drafts, toolkit, jobs, progress)
    else:
        results = list(tracked((outcome_of(d, toolkit) for d in drafts), len(drafts), progress))
    files = [report for report, _, _ in results if report is not None]
    errors += [error for _, error, _ in results if error is not None]
    skipped = tuple(note for _, _, note in results if note is not None)
    return Report(tuple(files), skipped=skipped), errors


def without_answer_text(report: FileReport) -> FileReport:
    """The report with the answers' text left out: reporters need a section's label and line,
    not its text, and a batch worker copies every report back to the parent process."""
    return replace(
        report,
        questions=tuple(
            replace(s, section=replace(s.section, body=EMPTY_SPAN, children=())) if s.section else s
            for s in report.questions
        ),
    )


def tracked(results: Iterable[T], total: int, progress: Callable[[int, int], None] | None) -> Iterable[T]:
    for done, result in enumerate(results, start=1):
        if progress is not None:
            progress(done, total)
        yield result


def exit_code(report: Report) -> int:
    """0 when nothing reaches error level, 1 otherwise. (2, for bad input, is the CLI's.)"""
    worst = max((f.severity for fr in report.files for f in fr.findings), default=None)
    return 1 if worst == Severity.ERROR else 0
