"""A reporting cycle made from the samples: many replies to the 2010 TIP instructions, each the
clean or the flawed sample with its own country, sending date and figures, and answers cut,
emptied, dropped or left with a placeholder, as real replies differ. Deterministic: reply n is
always the same text. Used by the coverage report's tests and to make the README's screenshots:

    python -m tests.report.cycle_drafts FOLDER [COUNT]
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from tests.conftest import ROOT

SAMPLES = ROOT / "samples" / "tip-2010"
_SYLLABLES = ("ka", "lo", "ven", "dra", "mor", "sil", "ta", "bre", "nu", "ost", "ri", "gal", "pe", "zan", "tu")
_ITEM = re.compile(r"^([A-Z])\.  ")
_BLOCK = re.compile(r"^\d+\.  \(")
_DTG = re.compile(r"^P (\d\d)(\d{4})Z FEB 10", re.MULTILINE)
_FIGURE = re.compile(r"\b(?!19\d\d\b|20[01]\d\b)([4-9]\d|\d{3,4})\b")  # not a year or a day


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def _sections(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end) of each lettered item, its heading line first."""
    starts = [i for i, line in enumerate(lines) if _ITEM.match(line)]
    ends = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        for j in range(start + 1, end):
            if _BLOCK.match(lines[j]):
                end = j
                break
        ends.append(end)
    return list(zip(starts, ends))


def reply(n: int) -> str:
    """Reply number n of the cycle."""
    rng = random.Random(n)
    text = (SAMPLES / ("flawed-draft.txt" if n % 6 == 0 else "clean-draft.txt")).read_text(encoding="utf-8")
    country, capital = _name(rng, 3), _name(rng, 2)
    text = text.replace("KESTRIA", country.upper()).replace("Kestria", country).replace("VARNHOLM", capital.upper())
    text = text.replace("Varnholm", capital)
    day = rng.choice(range(3, 16)) if rng.random() < 0.85 else rng.choice(range(16, 28))
    care = rng.random() ** 2 * 2.5  # most posts careful, a few sloppy
    text = _DTG.sub(lambda m: f"P {day:02d}{m.group(2)}Z FEB 10", text, count=1)
    lines = text.split("\n")
    out: list[str] = []
    done = 0
    for start, end in _sections(lines):
        out.extend(lines[done:start])
        head, body = lines[start], lines[start + 1 : end]
        roll = rng.random() * (3 - care)
        if roll < 0.03:  # the item left out
            body, head = [], None
        elif roll < 0.05:  # a heading with nothing under it
            body = ["", ""]
        elif roll < 0.17:  # cut to its first lines
            body = body[: rng.choice((2, 3, 4))] + [""]
        elif roll < 0.21:  # still a placeholder
            body = [*body[:3], "Figures for this year: TBD.", ""]
        elif roll < 0.33:  # half of it
            body = body[: max(2, len(body) // 2)] + [""]
        body = [_FIGURE.sub(lambda m: str(int(m.group(1)) * rng.choice((1, 2, 3)) + rng.randrange(9)), b) for b in body]
        if head is not None:
            out.append(head)
        out.extend(body)
        done = end
    out.extend(lines[done:])
    return "\n".join(out)


def write_cycle(folder: Path, count: int = 180) -> list[Path]:
    """count replies as folder/post-1.txt ... post-{count}.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"post-{n}.txt"
        path.write_text(reply(n), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    write_cycle(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 180)
