#!/usr/bin/env python3
"""Measure checker's speed, every figure side by side in one run, as ratios (machines are noisy).

    python benchmarks/run.py [--quick]

Run it from a fresh virtual environment with checker installed (`pip install .`): packages that
add start-up hooks to site-packages slow every interpreter and blur the ratios.

1. cold `checker lint` of the real cable (../shared/seeds, else a bundled sample) as a whole
   process, against the bare `python -c "import typer"` (typer is required, so its import is the
   floor): medians of alternating runs, and their ratio;
2. throughput: 300 copies of the real cable (each one word apart) with --jobs 2 and --jobs 1;
3. one draft in process: the median time of each stage (read, parse, choose the question set,
   match, score, rules) over many runs, and what loading takes once per run;
4. peak resident memory of `checker lint` on a 50 MB draft, against the file's size.
Targets (issue 11): 1. within 2x; 2. 60 drafts/s or more with --jobs 2; 4. under 10x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "10PHNOMPENH138.html.txt"
SAMPLES = ROOT / "samples" / "tip-2010"
CHECKER = [sys.executable, "-m", "checker"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.1f} ms"


def cold_start(cable: Path, runs: int) -> list[tuple[str, str]]:
    floor, lint = [], []
    timed([*CHECKER, "lint", "--no-table", str(cable)])  # bytecode written once, as after any install
    for _ in range(runs):  # alternate, so both see the same machine load
        floor.append(timed([sys.executable, "-c", "import typer"]))
        lint.append(timed([*CHECKER, "lint", "--no-table", str(cable)]))
    b, c = statistics.median(floor), statistics.median(lint)
    return [
        ('python -c "import typer" (median)', f"{b * 1000:.0f} ms"),
        ("checker lint, real cable (median)", f"{c * 1000:.0f} ms"),
        ("ratio (target: within 2x)", f"{c / b:.1f}x"),
    ]


def throughput(cable: Path, count: int) -> list[tuple[str, str]]:
    rows = []
    text = cable.read_text(encoding="utf-8", errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):  # one word apart, so no two drafts are the same text
            (folder / f"reply-{i:03d}.txt").write_text(text.replace("CAMBODIA", f"CAMBODIA{i}", 1), encoding="utf-8")
        for jobs in (2, 1):
            seconds = timed([*CHECKER, "lint", "--no-table", "--quiet", "-j", str(jobs), str(folder)])
            rows.append(
                (f"{count} copies of the cable, --jobs {jobs}", f"{seconds:.1f} s, {count / seconds:.0f} drafts/s")
            )
    rows[0] = (rows[0][0] + " (target: 60/s)", rows[0][1])
    return rows


def in_process(cable: Path, runs: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from checker.deadline import NO_DEADLINE
    from checker.engine import check_document, choose_question_set, score_questions
    from checker.match.align import match_sections
    from checker.parse import parse_draft
    from checker.read.drafts import read_draft
    from checker.toolkit import Toolkit

    started = time.perf_counter()
    toolkit = Toolkit()
    settings = toolkit.settings_for(cable)
    qset, _ = choose_question_set(parse_draft(read_draft(cable)), toolkit, None)
    toolkit.match_index(qset)
    loading = time.perf_counter() - started
    scoring = next(r for r in settings.rules if r.check == "weak-evidence").params
    placeholders = next((r.prepared["patterns"] for r in settings.rules if r.check == "placeholder" and r.enabled), ())
    stages: dict[str, list[float]] = {
        name: [] for name in ("read", "parse", "choose", "match", "score", "rules", "all")
    }

    def clock(name: str, work: Callable[..., Any], *args: Any) -> Any:
        start = time.perf_counter()
        result = work(*args)
        stages[name].append(time.perf_counter() - start)
        return result

    index = toolkit.match_index(qset)
    for _ in range(runs):
        draft = clock("read", read_draft, cable)
        document = clock("parse", parse_draft, draft)
        clock("choose", choose_question_set, document, toolkit, None)
        result = clock("match", match_sections, document, qset, index)
        clock(
            "score",
            score_questions,
            qset,
            result,
            settings.detectors,
            scoring,
            NO_DEADLINE,
            document.metadata,
            placeholders,
            toolkit.term_patterns,
        )
        clock("all", check_document, document, qset, settings, toolkit)
        stages["rules"].append(stages["all"][-1] - stages["match"][-1] - stages["score"][-1])
    total = [sum(stages[s][i] for s in ("read", "parse", "choose", "all")) for i in range(runs)]
    return [
        ("loading once a run (configuration, rules, detectors, sets)", f"{loading * 1000:.0f} ms"),
        *((f"  {name}", ms(stages[name])) for name in ("read", "parse", "choose", "match", "score", "rules")),
        ("one draft, all stages (median)", ms(total)),
    ]


def peak_memory(megabytes: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        text = (SAMPLES / "clean-draft.txt").read_text()
        big.write_text(text * (megabytes * 1_000_000 // len(text) + 1))
        size = big.stat().st_size
        probe = (
            "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        )
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", probe, *CHECKER, "lint", "--no-table", str(big)],
            capture_output=True,
            text=True,
            env={**os.environ, "CHECKER_TIME_LIMIT": "0"},
        )
        seconds = time.perf_counter() - start
    peak = int(out.stdout.strip()) * 1024  # ru_maxrss is in KiB on Linux
    return [
        (f"{size / 1e6:.0f} MB draft: time", f"{seconds:.1f} s"),
        ("peak resident memory (target under 10x the file)", f"{peak / 1e6:.0f} MB ({peak / size:.1f}x)"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 60 drafts, a 10 MB draft")
    args = parser.parse_args()
    cable = SEED if SEED.exists() else SAMPLES / "clean-draft.txt"
    sections = [
        (f"1. Cold start ({cable.name})", cold_start(cable, 5 if args.quick else 15)),
        ("2. Throughput", throughput(cable, 60 if args.quick else 300)),
        ("3. One draft in process", in_process(cable, 10 if args.quick else 40)),
        ("4. Memory", peak_memory(10 if args.quick else 50)),
    ]
    width = max(len(label) for _, rows in sections for label, _ in rows) + 2
    print(f"checker benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for title, rows in sections:
        print(f"\n{title}")
        for label, value in rows:
            print(f"  {label:<{width}}{value}")


if __name__ == "__main__":
    main()
