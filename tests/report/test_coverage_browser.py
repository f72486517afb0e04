"""The HTML coverage page of a whole cycle (180 replies x 48 questions) in a real headless Chromium,
driven as a reviewer drives it: rows, sorting by click and by keyboard, filtering, and the links
from a score to its detail and back. Skipped where Chromium or the playwright package is missing
(.ci/run installs Chromium with apt; playwright drives that system browser, it downloads none)."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from datetime import date

import pytest

from checker.model.findings import Report
from checker.report import coverage_html
from checker.score.summary import natural_key, summarize
from tests.report.test_coverage_reporters import one

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs it)")
FIXED = len(coverage_html.FIXED_COLUMNS)
VALUE = {coverage_html.MISSING: "-1", coverage_html.EMPTY: "0"}


def _page_of(report: Report, path) -> str:
    out = io.StringIO()
    coverage_html.render(report, out, today=date(2026, 1, 2))
    path.write_text(out.getvalue(), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def cycle_page(cycle_report, tmp_path_factory):
    return _page_of(cycle_report, tmp_path_factory.mktemp("page") / "coverage.html")


@pytest.fixture
def page(browser, cycle_page):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
    page.goto(cycle_page)
    page.wait_for_selector("html[data-ready]")
    yield page
    page.close()
    assert errors == []  # no script error, and nothing fetched from a network


def names(page) -> list[str]:
    return page.eval_on_selector_all("#matrix tbody tr:not([hidden]) th", "ths => ths.map(t => t.textContent)")


def column(page, c: int) -> list[str]:
    return page.eval_on_selector_all(
        "#matrix tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{c}].textContent)"
    )


def sorted_on(page) -> list[tuple[str, str]]:
    pairs = page.eval_on_selector_all(
        "#matrix thead th[aria-sort]", "ths => ths.map(t => [t.dataset.name, t.getAttribute('aria-sort')])"
    )
    return [tuple(p) for p in pairs]


def test_one_row_per_draft_in_natural_name_order(page, cycle_report):
    assert names(page) == [f"post-{n}.txt" for n in range(1, 181)]
    heads = page.eval_on_selector_all("#matrix thead th", "ths => ths.map(t => t.getAttribute('scope'))")
    assert heads == ["col"] * (FIXED + 48)
    assert page.eval_on_selector_all("#matrix tbody th", "ths => ths.every(t => t.scope === 'row')")
    assert sorted_on(page) == [("Draft", "ascending")]
    assert page.text_content("#shown") == "180 of 180 drafts shown"


def test_sorting_by_a_score_is_numeric_with_missing_answers_first(page, cycle_report, record_property):
    coverage = summarize(cycle_report)
    # A column holding missing answers and full scores: "100" must come after "98", not before "11".
    k = next(
        k for k, q in enumerate(coverage.questions) if q.count("missing") and any(c and c.score == 100 for c in q.cells)
    )
    qid = coverage.questions[k].id
    head = f"#matrix thead th:nth-child({FIXED + k + 1}) button"
    took = page.evaluate(
        """sel => { const t = performance.now(); document.querySelector(sel).click();
                    document.body.getBoundingClientRect(); return performance.now() - t; }""",
        head,
    )
    record_property("sort_ms", round(took, 1))
    print(f"\nsorting 180 drafts by {qid}: {took:.1f} ms in Chromium (information only)")
    assert sorted_on(page) == [(qid, "ascending")]
    scores = [VALUE.get(c, c) for c in column(page, FIXED + k)]
    assert [int(x) for x in scores] == sorted(int(x) for x in scores) and scores[0] == "-1" and "100" in scores
    page.click(head)
    assert sorted_on(page) == [(qid, "descending")]
    again = [int(VALUE.get(c, c)) for c in column(page, FIXED + k)]
    assert again == sorted(again, reverse=True)


def test_sorting_by_overall_score_and_back_to_names(page):
    page.click("#matrix thead th:nth-child(2) button")
    overall = [int(x) for x in column(page, 1)]
    assert overall == sorted(overall) and sorted_on(page) == [("Overall", "ascending")]
    page.click("#matrix thead th:nth-child(1) button")
    shown = names(page)
    assert shown == sorted(shown, key=natural_key) and shown[1] == "post-2.txt" and shown[9] == "post-10.txt"
    page.click("#matrix thead th:nth-child(1) button")
    assert names(page) == [f"post-{n}.txt" for n in range(180, 0, -1)]
    assert sorted_on(page) == [("Draft", "descending")]


def test_sorting_and_moving_by_keyboard(page):
    page.focus("#matrix thead th:nth-child(3) button")  # Structural: most first
    page.keyboard.press("Enter")
    assert sorted_on(page) == [("Structural", "descending")]
    structural = [int(x or 0) for x in column(page, 2)]
    assert structural == sorted(structural, reverse=True)
    page.focus("#matrix tbody tr:first-child th a")
    for _ in range(FIXED + 2):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    where = page.evaluate(
        "() => { const c = document.activeElement.closest('td'); return [c.parentNode.rowIndex, c.cellIndex]; }"
    )
    assert where == [2, FIXED + 2]  # the second draft (row 1 is the header), the third question
    draft = page.evaluate("document.activeElement.closest('tr').id.slice(1)")
    page.keyboard.press("Enter")  # a score is a link to its answer's detail
    page.wait_for_selector(f"#d{draft}-2")  # that draft's third question


def test_filtering_by_name_status_and_finding(page, cycle_report):
    coverage = summarize(cycle_report)
    page.fill("#f-name", "post-1")
    expected = [f"post-{n}.txt" for n in range(1, 181) if str(n).startswith("1")]
    assert names(page) == expected
    assert page.text_content("#shown") == f"{len(expected)} of 180 drafts shown"
    page.click("#f-clear")
    page.select_option("#f-status", "m")
    missing = sorted((f.label for f in coverage.files if f.counts["missing"]), key=natural_key)
    assert names(page) == missing and 0 < len(missing) < 180
    page.select_option("#f-status", "w")  # a weak answer, whatever the overall score
    weak = sorted(
        (f.label for f in coverage.files if any(r.evidence and r.evidence.status == "weak" for r in f.rows)),
        key=natural_key,
    )
    assert names(page) == weak and 0 < len(weak) < 180
    page.select_option("#f-status", "")
    page.select_option("#f-finding", "late")
    late = sorted((f.label for f in coverage.files if f.late_days is not None), key=natural_key)
    assert names(page) == late and late
    page.select_option("#f-finding", "CQ106")
    merged = sorted((f.label for f in coverage.files if any(x.code == "CQ106" for x in f.findings)), key=natural_key)
    assert names(page) == merged and merged
    page.click("button.pick[data-f=broken]")  # the summary's count of broken replies filters the table
    assert len(names(page)) == sum(1 for f in coverage.files if f.broken)


def test_a_score_links_to_its_answers_detail_and_back(page, cycle_report):
    coverage = summarize(cycle_report)
    draft = coverage.by_name[4]  # post-5.txt, row 5
    k = next(k for k, q in enumerate(coverage.questions) if draft.findings_on(q.id)) if draft.findings else 10
    question = coverage.questions[k]
    page.click(f"#r5 td:nth-child({FIXED + k + 1}) a")
    page.wait_for_selector(f"#d5-{k}")  # the link's hash is followed once the page has drawn the detail
    assert page.evaluate("location.hash") == f"#d5-{k}"
    assert page.text_content("#d5") == draft.path
    row = page.locator(f"#d5-{k}")
    assert row.is_visible() and row.locator("th a").text_content() == question.id
    asks = next(r for r in draft.rows if r.question.id == question.id).question.all_asks()
    assert row.locator("li.ask").count() == len(asks)
    for x in draft.findings_on(question.id):
        assert f"{x.code} {x.severity.word}, line {x.line}" in row.text_content()
    assert page.locator("#detail-body table.findings tbody tr").count() == len(draft.findings)
    score = next(r for r in draft.rows if r.question.id == question.id).evidence
    assert row.locator(".badge").text_content() == str(score.score)
    row.locator("th a").click()  # back to the score in the table
    page.wait_for_selector("#matrix td.hit")
    assert page.evaluate("location.hash") == f"#m5-{k}"
    back = page.evaluate(
        "() => { const c = document.activeElement.closest('td'); "
        "return [c.parentNode.id, c.cellIndex, c.classList.contains('hit')]; }"
    )
    assert back == ["r5", FIXED + k, True]


def test_a_hidden_row_is_shown_again_by_a_link_back(page):
    page.click("#r7 th a")
    page.wait_for_selector("#d7")
    assert page.text_content("#d7").endswith("post-7.txt")
    page.fill("#f-name", "post-9")
    page.click("#detail-body p.line a")  # "Back to its row in the table"
    page.wait_for_selector("#matrix tr.hit")
    assert page.evaluate("location.hash") == "#m7"
    assert page.is_visible("#r7") and page.input_value("#f-name") == ""


CONTRAST = """sel => [...document.querySelectorAll(sel)].slice(0, 3).map(e => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const linear = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  const lum = c => { const v = rgb(c).slice(0, 3).map(linear); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  let b = e, bg = "rgb(255, 255, 255)";
  while (b) {
    const c = getComputedStyle(b).backgroundColor;
    if (c !== "rgba(0, 0, 0, 0)") { bg = c; break; }
    b = b.parentElement;
  }
  const [x, y] = [lum(getComputedStyle(e).color), lum(bg)].sort((a, b) => b - a);
  return (x + 0.05) / (y + 0.05);
})"""


def test_text_meets_contrast_aa_on_every_colour(page, cycle_report):
    with_error = next(i for i, f in enumerate(summarize(cycle_report).by_name, 1) if f.errors)
    page.click(f"#r{with_error} th a")  # a drill-down too, with an error in it
    page.wait_for_selector(f"#d{with_error}")
    selectors = [f"#matrix td.{c} a" for c in "cpwem"] + [
        "#matrix td.n",
        "#matrix tbody th a",
        "#matrix thead th button",
        ".sub",
        ".facts button",
        "#detail-body .badge",
        "#detail-body .lack",
        "#detail-body .line",
        "#detail-body .sev-warning",
        "#detail-body .sev-error",
    ]
    for selector in selectors:
        ratios = page.evaluate(CONTRAST, selector)
        assert ratios, selector
        assert min(ratios) >= 4.5, (selector, ratios)


def test_a_single_drafts_page_opens_on_its_detail(browser, tip2010, tmp_path):
    page = browser.new_page()
    page.goto(_page_of(Report((one(tip2010),)), tmp_path / "one.html"))
    page.wait_for_selector("html[data-ready]")
    assert page.text_content("#d1") == "drafts/cable.txt"
    assert page.locator("#detail-body table.questions tbody tr").count() == 5
    assert page.locator("#matrix").count() == 0
    page.close()


def test_a_question_id_in_two_sets_links_to_its_own_sets_column(browser, tip2010, tmp_path):
    # 6B of tip-2009 and 6B of tip-2010 are two columns; a draft's detail links to its own set's.
    first = one(tip2010)
    report = Report((replace(first, path="cycle/a-old.txt", question_set="tip-2009"), first))
    coverage = summarize(report)
    k = next(k for k, q in enumerate(coverage.questions) if q.id == "6B" and q.question_set == "tip-2010")
    page = browser.new_page()
    page.goto(_page_of(report, tmp_path / "mixed.html"))
    page.wait_for_selector("html[data-ready]")
    heads = page.eval_on_selector_all("#matrix thead th", "ths => ths.map(t => t.textContent)")
    assert "6B (tip-2009)" in heads and "6B (tip-2010)" in heads
    page.click(f"#r2 td:nth-child({FIXED + k + 1}) a")  # the tip-2010 reply (cable.txt sorts after a-old)
    page.wait_for_selector(f"#d2-{k}")
    assert page.locator(f"#d2-{k} th a").get_attribute("href") == f"#m2-{k}"
    # the old reply's row: empty under every tip-2010 question, and under its own optional ones
    unscored = sum(1 for r in first.questions if r.evidence is None)
    assert page.locator("#r1 td.n").count() == len(first.questions) + unscored
    page.close()
