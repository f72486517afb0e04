"""Baselines: accept today's findings on old drafts, report only new ones.

Keyed by draft, rule and the finding's fingerprint (question, label, the evidence itself),
never by line, so rewrapped text or paragraphs added above do not bring old findings back.
Counts matter: a second identical placeholder in the same item is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

from checker.errors import ConfigError
from checker.model.findings import Report
from checker.read import files
from checker.read.discovery import absolute
from checker.report.escape import json_text
from checker.write.files import write_atomic

VERSION = 1
Key = tuple[str, str, str]


def _draft_key(draft: str, base: Path) -> str:
    return Path(os.path.relpath(absolute(draft), base)).as_posix()


def write_baseline(report: Report, path: Path) -> int:
    base = path.resolve().parent
    entries = sorted(
        (
            {
                "path": _draft_key(fr.path, base),
                "code": f.code,
                "question": f.question,
                "fingerprint": f.fingerprint,
                "message": f.message,
            }
            for fr in report.files
            for f in fr.findings
        ),
        key=lambda e: (e["path"], e["code"], e["question"] or "", e["fingerprint"]),
    )
    write_atomic(path, json_text({"version": VERSION, "tool": "checker", "findings": entries}) + "\n")
    return len(entries)


def load_baseline(path: Path) -> Counter[Key]:
    try:
        data = json.loads(files.read_text(path))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline not found; create it with --write-baseline {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable baseline ({exc}); write it again with --write-baseline") from None
    except RecursionError:  # nesting deeper than json can parse: nothing --write-baseline writes
        raise ConfigError(
            f"{path}: not a checker baseline (version {VERSION}); write it again with --write-baseline"
        ) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise ConfigError(f"{path}: not a checker baseline (version {VERSION}); write it again with --write-baseline")
    try:
        return Counter((e["path"], e["code"], e["fingerprint"]) for e in data["findings"])
    except (KeyError, TypeError):
        raise ConfigError(f"{path}: baseline entries lack path, code or fingerprint; write it again") from None


def without_baselined(report: Report, path: Path) -> Report:
    """The report with every finding the baseline records taken out (and counted)."""
    known = load_baseline(path)
    base = path.resolve().parent
    files = []
    for fr in report.files:
        kept = []
        for f in fr.findings:
            key = (_draft_key(fr.path, base), f.code, f.fingerprint)
            if known[key] > 0:
                known[key] -= 1
            else:
                kept.append(f)
        files.append(replace(fr, findings=tuple(kept), baselined=len(fr.findings) - len(kept)))
    return Report(tuple(files))
