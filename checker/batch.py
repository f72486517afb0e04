"""Checking many drafts in parallel, one worker process per core.

Each worker is given the run's Toolkit once, when it starts (with fork it simply inherits it,
everything already loaded), and then checks drafts one at a time; a report comes back without
the answers' text, which the reporters do not need."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from checker.engine import check_path, tracked, without_answer_text
from checker.model.findings import FileReport
from checker.toolkit import Toolkit

Result = tuple[FileReport | None, str | None]


class _Worker:
    """A worker process's one Toolkit. The pool's initializer is the only way to hand a worker
    something once rather than with every draft, and it can only leave it here."""

    toolkit: Toolkit | None = None


def _start(toolkit: Toolkit) -> None:
    _Worker.toolkit = toolkit
    # What a forked worker inherits is never garbage, and the collector walking it would copy
    # every shared page (6% of a batch's time, measured).
    gc.freeze()


def _check(path: str) -> Result:
    assert _Worker.toolkit is not None, "a worker checks drafts only once _start has run"
    report, error = check_path(path, _Worker.toolkit)
    # The rules go back as the parent has them already (they hold compiled patterns).
    return (replace(without_answer_text(report), rules=()) if report is not None else None), error


def check_in_parallel(
    drafts: list[str], toolkit: Toolkit, jobs: int, progress: Callable[[int, int], None] | None
) -> list[Result]:
    """check_path for every draft, in `jobs` processes, results in the drafts' order."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(drafts)),
        initializer=_start,
        initargs=(toolkit,),
        mp_context=multiprocessing.get_context(method),
    ) as pool:
        chunk = max(1, min(16, len(drafts) // (jobs * 4)))
        results = list(tracked(pool.map(_check, drafts, chunksize=chunk), len(drafts), progress))
    return [
        (replace(report, rules=toolkit.settings_for(Path(path)).rules) if report is not None else None, error)
        for path, (report, error) in zip(drafts, results)
    ]
