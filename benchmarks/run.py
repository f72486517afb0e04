#!/usr/bin/env python3
"""Measure checker's speed side by side in one run, as ratios (the machines are noisy).

    python benchmarks/run.py [--quick]

1. cold `checker lint` of the real cable (../shared/seeds, else a bundled sample) as a whole
   process, against `python -c pass`: medians of alternating runs, and their ratio (run it from
   a fresh virtual environment: packages that add start-up hooks to site-packages slow the bare
   interpreter and flatter the ratio);
2. parse + match + score of that cable in process: median of many runs in one process, and of
   the first draft in fresh processes (with and without what earlier runs learned);
3. throughput over a folder of 500 drafts made from the samples, with --jobs 1 and --jobs 2;
4. peak memory (resident) of `checker lint` on a 50 MB draft, against the file's size.
Targets (issue 5): 1. within 8x; 2. under 20 ms; 3. 60 drafts/s or more with --jobs 2; 4. under 10x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "10PHNOMPENH138.html.txt"
SAMPLES = ROOT / "samples" / "tip-2010"
CHECKER = [sys.executable, "-m", "checker"]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def cold_start(cable: Path, runs: int) -> list[tuple[str, str]]:
    bare, lint = [], []
    timed([*CHECKER, "lint", "--no-table", str(cable)])  # fill the validated-data cache once
    for _ in range(runs):  # alternate, so both see the same machine load
        bare.append(timed([sys.executable, "-c", "pass"]))
        lint.append(timed([*CHECKER, "lint", "--no-table", str(cable)]))
    with tempfile.TemporaryDirectory() as empty:
        first = timed([*CHECKER, "lint", "--no-table", str(cable)], env={**os.environ, "CHECKER_CACHE_DIR": empty})
    b, c = statistics.median(bare), statistics.median(lint)
    return [("python -c pass (median)", f"{b * 1000:.0f} ms"),
            ("checker lint, real cable (median)", f"{c * 1000:.0f} ms"),
            ("ratio (target: within 8x)", f"{c / b:.1f}x"),
            ("first run, empty cache", f"{first * 1000:.0f} ms ({first / b:.1f}x)")]


_FIRST_DRAFT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from checker.read.drafts import read_draft
from checker.engine import Options, check_draft, settings_for
cable = Path(sys.argv[1])
draft = read_draft(cable)
settings_for(cable, Options())
start = time.perf_counter()
check_draft(draft, Options())
print(time.perf_counter() - start)
"""


def _first_draft(cable: Path, runs: int, forget: bool) -> list[float]:
    """Seconds to check the cable as a fresh process's first draft; `forget`: without what
    earlier runs learned about its words (the validated data stays cached either way)."""
    from checker.load.cache import cache_dir

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = cache_dir()
        if cache is not None and cache.is_dir():
            for entry in cache.glob("*.pickle"):
                shutil.copy(entry, tmp)
        for _ in range(runs):
            if forget:
                for learned in Path(tmp).glob("learned-*.pickle"):
                    learned.unlink()
            out = subprocess.run([sys.executable, "-c", _FIRST_DRAFT, str(cable), str(ROOT)], capture_output=True,
                                 text=True, check=True, env={**os.environ, "CHECKER_CACHE_DIR": tmp}).stdout
            times.append(float(out))
    return times


def in_process(cable: Path, runs: int) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from checker.engine import (
        Options,
        check_document,
        choose_question_set,
        settings_for,
    )
    from checker.match.align import match_sections
    from checker.parse import parse_draft
    from checker.read.drafts import read_draft

    draft = read_draft(cable)
    settings = settings_for(cable, Options())
    qset, _ = choose_question_set(parse_draft(draft), None)
    parse, match, full = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        document = parse_draft(draft)
        t1 = time.perf_counter()
        match_sections(document, qset)
        t2 = time.perf_counter()
        check_document(document, qset, settings.rules, "", settings.detectors)
        t3 = time.perf_counter()
        parse.append(t1 - t0)
        match.append(t2 - t1)
        full.append(t1 - t0 + t3 - t2)
    # The first draft a process checks also judges every word and title it meets for the first
    # time, unless an earlier run's verdicts are in the cache: both measured in fresh processes.
    fresh = max(3, runs // 5)
    learned = _first_draft(cable, fresh, forget=False)
    nothing = _first_draft(cable, fresh, forget=True)
    ms = lambda xs: f"{statistics.median(xs) * 1000:.1f} ms"  # noqa: E731
    return [("parse (median)", ms(parse)), ("match (median)", ms(match)),
            ("parse + match + score + rules (median; target under 20 ms)", ms(full)),
            ("  first draft of a fresh process, earlier runs' words reused", ms(learned)),
            ("  first draft of a fresh process, nothing learned yet", ms(nothing))]


def make_drafts(folder: Path, count: int) -> None:
    sources = [p.read_text() for p in (SAMPLES / "clean-draft.txt", SAMPLES / "flawed-draft.txt",
                                       SAMPLES / "draft.md")]
    suffixes = [".txt", ".txt", ".md"]
    for i in range(count):
        k = i % len(sources)
        # Small variations, so no two drafts are the same text.
        text = sources[k].replace("Kestria", f"Kestria{i}").replace("Marrovia", f"Marrovia{i}")
        (folder / f"draft-{i:03d}{suffixes[k]}").write_text(text)


def throughput(count: int) -> list[tuple[str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_drafts(folder, count)
        timed([*CHECKER, "lint", "--no-table", "-j", "1", str(folder / "draft-000.txt")])  # warm the cache
        for jobs in (1, 2):
            seconds = timed([*CHECKER, "lint", "--no-table", "-j", str(jobs), str(folder)])
            rows.append((f"{count} drafts, --jobs {jobs}", f"{seconds:.1f} s, {count / seconds:.0f} drafts/s"))
    return rows


def peak_memory(megabytes: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        text = (SAMPLES / "clean-draft.txt").read_text()
        big.write_text(text * (megabytes * 1_000_000 // len(text) + 1))
        size = big.stat().st_size
        probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                 "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", probe, *CHECKER, "lint", "--no-table", str(big)],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        base = subprocess.run([sys.executable, "-c", probe, *CHECKER, "questions", "list"],
                              capture_output=True, text=True)
    peak = int(out.stdout.strip()) * 1024  # ru_maxrss is in KiB on Linux
    idle = int(base.stdout.strip()) * 1024
    return [(f"{size / 1e6:.0f} MB draft: time", f"{seconds:.1f} s"),
            ("peak resident memory (target under 10x the file)", f"{peak / 1e6:.0f} MB ({peak / size:.1f}x)"),
            ("  of which the loaded program itself", f"{idle / 1e6:.0f} MB; the rest {(peak - idle) / size:.1f}x")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 100 drafts, a 10 MB draft")
    args = parser.parse_args()
    cable = SEED if SEED.exists() else SAMPLES / "clean-draft.txt"
    sections = [
        (f"1. Cold start ({cable.name})", cold_start(cable, 5 if args.quick else 15)),
        ("2. In process", in_process(cable, 10 if args.quick else 50)),
        ("3. Throughput", throughput(100 if args.quick else 500)),
        ("4. Memory", peak_memory(10 if args.quick else 50)),
    ]
    width = max(len(label) for _, rows in sections for label, _ in rows) + 2
    print(f"checker benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for title, rows in sections:
        print(f"\n{title}")
        for label, value in rows:
            print(f"  {label:<{width}}{value}")


if __name__ == "__main__":
    if shutil.which("checker") is None and not (ROOT / "checker").exists():
        sys.exit("install checker first: pip install .")
    main()
