"""Coverage renderers: golden files for each format, and the same numbers in every one."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from checker.model.findings import Report
from checker.report import (
    coverage_csv,
    coverage_html,
    coverage_markdown,
    coverage_text,
    json_report,
)
from tests.report.test_reporters import check_golden, fixed_report


def two_drafts(tip2010) -> Report:
    one = fixed_report(tip2010).files[0]
    rows = tuple(
        replace(r, evidence=replace(r.evidence, score=max(0, r.evidence.score - 30), status="weak"))
        if r.evidence and r.question.id == "6B"
        else r
        for r in one.questions
    )
    return Report((one, replace(one, path="drafts/other post.md", questions=rows)))


def rendered(render, report, **kwargs) -> str:
    out = io.StringIO()
    render(report, out, False, **kwargs)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "module", "kwargs"),
    [
        ("coverage-one.txt", coverage_text, {"width": 140}),
        ("coverage-one.md", coverage_markdown, {}),
        ("coverage-one.csv", coverage_csv, {}),
        ("coverage-one.html", coverage_html, {"today": date(2026, 1, 2)}),
    ],
)
def test_single_draft_golden(tip2010, name, module, kwargs):
    check_golden(name, rendered(module.render, fixed_report(tip2010), **kwargs))


@pytest.mark.parametrize(
    ("name", "module", "kwargs"),
    [
        ("coverage-many.txt", coverage_text, {"width": 140}),
        ("coverage-many.md", coverage_markdown, {}),
        ("coverage-many.html", coverage_html, {"today": date(2026, 1, 2)}),
    ],
)
def test_matrix_golden(tip2010, name, module, kwargs):
    check_golden(name, rendered(module.render, two_drafts(tip2010), **kwargs))


def test_every_format_gives_the_same_numbers(tip2010):
    report = two_drafts(tip2010)
    data = json.loads(rendered(json_report.render, report))
    from_json = {
        (f["path"], q["id"]): (q["coverage"], q["score"])
        for f in data["files"]
        for q in f["questions"]
        if q["score"] is not None
    }
    rows = list(csv.DictReader(io.StringIO(rendered(coverage_csv.render, report))))
    from_csv = {(r["path"], r["question"]): (r["status"], int(r["score"])) for r in rows if r["score"]}
    assert from_json == from_csv
    html = rendered(coverage_html.render, report, today=date(2026, 1, 2))
    markdown = rendered(coverage_markdown.render, report)
    for status, score in from_json.values():
        assert f'<td class="cell {status}" title="{status}">{score}<br>' in html
    overall = [f["coverage"]["overall"] for f in data["files"]]
    assert f"**{overall[0]}** | **{overall[1]}**" in markdown


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine (.ci/run installs it)")
def test_html_renders_the_matrix_in_a_real_browser(tip2010, tmp_path):
    page = tmp_path / "coverage.html"
    page.write_text(rendered(coverage_html.render, two_drafts(tip2010), today=date(2026, 1, 2)), encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'p'}",
    ]
    dom = subprocess.run(
        [_chromium(), *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert 'id="matrix"' in dom.stdout
    assert dom.stdout.count('class="cell ') == 10  # 5 questions x 2 drafts
    shot = tmp_path / "shot.png"
    subprocess.run(
        [_chromium(), *flags, f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 5000


def test_many_drafts_on_a_narrow_terminal_are_numbered_and_paged(tip2010):
    one = fixed_report(tip2010).files[0]
    many = Report(tuple(replace(one, path=f"drafts/post-{i:02d}.txt") for i in range(12)))
    text = rendered(coverage_text.render, many, width=80)
    assert text.count("Evidence coverage of 12 drafts (") == 3  # 5 drafts a table at 80 columns
    assert "#12  drafts/post-11.txt" in text
    assert "checker coverage -f html" in text
    assert all(len(line) <= 80 for line in text.splitlines())
