"""Make the README's screenshots of the HTML coverage page, from a generated cycle of 180 replies,
with the system's Chromium:

    python -m tests.report.screenshots docs/screenshots
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from checker.engine import check_paths
from checker.report import coverage_html
from checker.score.summary import cycle, summarize
from checker.toolkit import Toolkit
from tests.report.cycle_drafts import write_cycle


def main(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    target = target.resolve()
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        os.chdir(work)  # the drafts are named as a reviewer would name them: replies/post-N.txt
        drafts = write_cycle(Path("replies"), 180)
        report, errors = check_paths(drafts, Toolkit(), jobs=2)
        assert not errors, errors
        page_file = Path(work) / "coverage.html"
        out = io.StringIO()
        coverage_html.render(report, out, today=date(2026, 1, 2))
        page_file.write_text(out.getvalue(), encoding="utf-8")
        coverage = summarize(report)
        weakest = cycle(coverage).drafts_ranked[0]
        row = coverage.by_name.index(weakest) + 1
        column = next(k for k, q in enumerate(coverage.questions) if weakest.findings_on(q.id))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(page_file.as_uri())
            page.wait_for_selector("html[data-ready]")
            page.screenshot(path=str(target / "coverage-cycle-summary.png"))
            page.click("#matrix thead th:nth-child(2) button")  # weakest drafts first
            page.evaluate("document.getElementById('matrix-h').scrollIntoView()")
            page.screenshot(path=str(target / "coverage-matrix.png"))
            page.goto(f"{page_file.as_uri()}#d{row}-{column}")
            page.wait_for_selector("html[data-ready]")
            page.evaluate(f"document.getElementById('d{row}').scrollIntoView()")
            page.screenshot(path=str(target / "coverage-drilldown.png"))
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
