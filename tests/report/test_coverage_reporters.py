"""Coverage renderers: golden files for each format, the same numbers and lint's findings in every
one, and sizes that hold for a whole reporting cycle (180 replies x 48 questions)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from checker.model.findings import FileReport, Finding, Report, Severity
from checker.report import (
    coverage_csv,
    coverage_html,
    coverage_markdown,
    coverage_text,
    json_report,
)
from checker.score.summary import summarize
from tests.conftest import bundled_rules
from tests.report.test_reporters import check_golden, fixed_report

DAY = date(2026, 1, 2)


def _finding(code: str, name: str, kind: str, line: int, message: str, **kw) -> Finding:
    return Finding(code, name, kind, kw.pop("severity", Severity.WARNING), message, line, 1, **kw)


def late(sent: str, days: int) -> Finding:
    return _finding(
        "CQ303",
        "sent-after-due-date",
        "header",
        5,
        f"sent {sent}, {days} day(s) after the due date 2010-02-15; send on time or explain the delay to the desk",
        label=sent,
        expected="2010-02-15",
    )


MERGED = _finding(
    "CQ106", "merged-answers", "merged", 1450, "'B & C' answers 6B and 6C together; give 6C its own item", question="6C"
)


def one(tip2010) -> FileReport:
    """The fixed draft, with the rules it was checked with (CQ501's thresholds among them)."""
    return replace(fixed_report(tip2010).files[0], rules=bundled_rules())


def two_drafts(tip2010) -> Report:
    first = one(tip2010)
    rows = tuple(
        replace(r, evidence=replace(r.evidence, score=max(0, r.evidence.score - 30), status="weak"))
        if r.evidence and r.question.id == "6B"
        else r
        for r in first.questions
    )
    second = replace(
        first, path="drafts/other post.md", questions=rows, findings=(late("2010-02-24", 9), MERGED, *first.findings)
    )
    return Report((first, second))


def small_cycle(tip2010) -> Report:
    """Twelve replies, listed as a file system sorts them (post-1, post-10, post-11, post-12, post-2...)."""
    base = one(tip2010)
    files = []
    for n in sorted(range(1, 13), key=str):
        score = (n * 37) % 100
        status = "complete" if score >= 75 else "partial" if score >= 45 else "weak"
        rows = tuple(
            replace(r, evidence=replace(r.evidence, score=score, status=status))
            if r.evidence and r.question.id == "6B"
            else r
            for r in base.questions
        )
        findings = (
            base.findings + ((late(f"2010-02-{15 + n}", n),) if n % 4 == 0 else ()) + ((MERGED,) if n % 5 == 0 else ())
        )
        files.append(replace(base, path=f"cycle/post-{n}.txt", questions=rows, findings=findings))
    return Report(tuple(files))


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
        ("coverage-one.html", coverage_html, {"today": DAY}),
    ],
)
def test_single_draft_golden(tip2010, name, module, kwargs):
    check_golden(name, rendered(module.render, Report((one(tip2010),)), **kwargs))


@pytest.mark.parametrize(
    ("name", "module", "kwargs"),
    [
        ("coverage-many.txt", coverage_text, {"width": 140}),
        ("coverage-many.md", coverage_markdown, {}),
        ("coverage-many.html", coverage_html, {"today": DAY}),
    ],
)
def test_matrix_golden(tip2010, name, module, kwargs):
    check_golden(name, rendered(module.render, two_drafts(tip2010), **kwargs))


@pytest.mark.parametrize(
    ("name", "module", "kwargs"),
    [
        ("coverage-cycle.txt", coverage_text, {"width": 120}),
        ("coverage-cycle-matrix.txt", coverage_text, {"width": 120, "matrix": True}),
        ("coverage-cycle.md", coverage_markdown, {}),
        ("coverage-cycle-matrix.md", coverage_markdown, {"matrix": True, "top": 3}),
        ("coverage-cycle.csv", coverage_csv, {}),
        ("coverage-cycle.html", coverage_html, {"today": DAY}),
    ],
)
def test_cycle_golden(tip2010, name, module, kwargs):
    check_golden(name, rendered(module.render, small_cycle(tip2010), **kwargs))


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
    html = rendered(coverage_html.render, report, today=DAY)
    markdown = rendered(coverage_markdown.render, report)
    answers = "".join(re.findall(r'<td class="x"[^>]*>[^<]*</td>(.*?)</tr>', html))  # after the draft's own columns
    cells = re.findall(r'<td class="([cpwem])( f)?"(?: data-v="-1")?>([^<]*)</td>', answers)
    letters = {"c": "complete", "p": "partial", "w": "weak", "e": "empty", "m": "missing"}
    shown = sorted((letters[c], 0 if text == "–" else int(text)) for c, _, text in cells)
    assert shown == sorted(from_json.values())
    overall = [f["coverage"]["overall"] for f in data["files"]]
    for path, score in zip(("cable.txt", "other post.md"), overall):
        assert re.search(rf"\| {re.escape(path)} \| \*\*{score}\*\*", markdown)


def test_every_format_shows_lint_findings_per_answer_and_per_draft(tip2010):
    report = two_drafts(tip2010)
    text = rendered(coverage_text.render, Report((report.files[1],)), width=160)
    assert re.search(r"│ 6C .*│ CQ106 CQ102 *│", text)  # on the answer
    assert "CQ303 warning, line 5: sent 2010-02-24, 9 day(s) after" in text  # on the draft
    markdown = rendered(coverage_markdown.render, Report((report.files[1],)))
    assert re.search(r"^\| 6C \|.*\| CQ106 CQ102 \|$", markdown, re.MULTILINE)
    assert "- CQ303 warning, line 5: sent 2010-02-24" in markdown
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(rendered(coverage_csv.render, report)))}
    assert rows["6C"]["finding_codes"] == "CQ106 CQ102"
    assert rows["6C"]["draft_late_days"] == "9" and rows["6C"]["draft_findings"] == "CQ303 line 5"
    html = rendered(coverage_html.render, report, today=DAY)
    data = json.loads(re.search(r'<script type="application/json" id="coverage-data">(.*?)</script>', html)[1])
    other = data["drafts"][1]
    assert other[0] == "drafts/other post.md"
    assert [f[0] for f in other[3]] == ["CQ303", "CQ106", "CQ101", "CQ102", "CQ202"]  # as lint gives them
    assert '<td class="p f">55</td>' in html  # 6C of either draft: flagged in the table
    many = rendered(coverage_text.render, report, width=160)
    assert "1 sent late" in many and "other post.md (9d)" in many


def test_drafts_come_in_natural_name_order_in_every_format(tip2010):
    report = small_cycle(tip2010)
    names = [f"post-{n}.txt" for n in range(1, 13)]

    csv_rows = list(csv.DictReader(io.StringIO(rendered(coverage_csv.render, report))))
    assert list(dict.fromkeys(r["path"] for r in csv_rows)) == [f"cycle/{n}" for n in names]
    html = rendered(coverage_html.render, report, today=DAY)
    assert re.findall(r'<th scope="row"><a href="#d\d+" title="cycle/([^"]+)"', html) == names
    matrix = rendered(coverage_markdown.render, report, matrix=True).split("Every draft by every question")[1]
    assert re.findall(r"^\| (post-\d+\.txt) \| \*\*", matrix, re.MULTILINE) == names


def test_the_legend_states_the_thresholds_from_rule_cq501(tip2010):
    report = small_cycle(tip2010)
    html = rendered(coverage_html.render, report, today=DAY)
    assert "complete: 75 or more" in html and "partial: 45 to 74" in html and "weak: below 45" in html
    assert "rule CQ501 (weak-evidence)" in html
    stricter = [
        replace(r, params={**r.params, "complete": 90, "partial": 60}) if r.id == "CQ501" else r
        for r in bundled_rules()
    ]
    strict = Report(tuple(replace(f, rules=tuple(stricter)) for f in report.files))
    assert "complete: 90 or more" in rendered(coverage_html.render, strict, today=DAY)
    assert "complete 90 or more, partial 60 to 89" in rendered(coverage_markdown.render, strict)


def test_csv_cells_never_hold_a_line_break(tip2010):
    report = two_drafts(tip2010)
    first = report.files[0]
    rows = tuple(
        replace(r, evidence=replace(r.evidence, found=(replace(r.evidence.found[0], words="10 licensed\ncompanies"),)))
        if r.question.id == "6B"
        else r
        for r in first.questions
    )
    odd = replace(
        first,
        path="drafts/two\nlines.txt",
        questions=rows,
        findings=(replace(MERGED, message="first line\r\nsecond\u2028third"),),
    )
    text = rendered(coverage_csv.render, Report((odd,)))
    lines = text.splitlines()
    assert len(lines) == 1 + len(first.questions)  # the header, then one line per question
    table = list(csv.reader(io.StringIO(text)))
    assert all("\n" not in cell and "\r" not in cell and "\u2028" not in cell for row in table for cell in row)
    assert table[1][0] == "drafts/two\\x0alines.txt"  # written as an escape: not the name of drafts/two lines.txt
    assert "1436: computerized" not in text and "10 licensed companies" in text


def test_single_draft_pages_open_on_the_draft(tip2010):
    html = rendered(coverage_html.render, Report((one(tip2010),)), today=DAY)
    assert '<table id="matrix"' not in html and "The cycle at a glance" not in html
    assert '"single":true' in html and "<noscript>" in html


def test_a_hostile_name_or_answer_cannot_end_the_pages_script(tip2010):
    first = one(tip2010)
    rows = tuple(
        replace(r, evidence=replace(r.evidence, asks=(replace(r.evidence.asks[0], words="</script><script>alert(1)"),)))
        if r.question.id == "6C"
        else r
        for r in first.questions
    )
    report = Report((replace(first, path="<!--</script>.txt", questions=rows), replace(first, path="b.txt")))
    html = rendered(coverage_html.render, report, today=DAY)
    assert html.count("<script") == 2 and html.count("</script>") == 2
    data = json.loads(re.search(r'<script type="application/json" id="coverage-data">(.*?)</script>', html)[1])
    assert data["drafts"][0][0] == "<!--</script>.txt"


# ----------------------------------------------------------------------------- a whole cycle


def test_a_cycle_of_180_replies_fits_2_mb_of_html(cycle_report, record_property):
    html = rendered(coverage_html.render, cycle_report, today=DAY)
    size = len(html.encode("utf-8"))
    record_property("html_bytes", size)
    print(f"\nHTML for {len(cycle_report.files)} drafts x 48 questions: {size / 1e6:.2f} MB")
    assert len(cycle_report.files) == 180
    assert size <= 2_000_000


def test_a_cycle_in_markdown_fits_a_pull_request_comment(cycle_report):
    text = rendered(coverage_markdown.render, cycle_report)
    print(f"\nMarkdown for {len(cycle_report.files)} drafts: {len(text):,} characters")
    assert len(text) < 40_000  # GitHub: 65,536 characters at most
    assert "<details><summary>Every draft, weakest first (180)</summary>" in text
    assert max(len(line) for line in text.splitlines()) < 400
    assert "Every draft by every question" not in text  # the matrix only on request
    assert "<details><summary>Every draft by every question (180 x 48)</summary>" in rendered(
        coverage_markdown.render, cycle_report, matrix=True
    )


def test_a_cycle_on_a_terminal_is_a_ranked_summary_and_the_matrix_on_request(cycle_report):
    text = rendered(coverage_text.render, cycle_report, width=120)
    lines = text.splitlines()
    assert lines[0] == "Evidence coverage of 180 drafts against tip-2010"
    assert "Weakest drafts (10 of 180)" in text and "Weakest questions across drafts" in text
    assert "add --matrix" in text and "(1 of " not in text
    assert all(len(line) <= 120 for line in lines)
    summary = summarize(cycle_report)
    ranked = sorted(summary.files, key=lambda f: f.overall)
    assert ranked[0].label in text.split("Weakest drafts")[1].split("\n")[4]
    narrow = rendered(coverage_text.render, cycle_report, width=80)  # a pipe: 80 columns
    assert all(len(line) <= 80 for line in narrow.splitlines())
    assert f"│ {ranked[0].label} " in narrow  # names are never squeezed out
    full = rendered(coverage_text.render, cycle_report, width=120, matrix=True)
    assert "Evidence coverage of 180 drafts (1 of " in full


def test_a_cycle_csv_is_one_row_per_draft_and_question(cycle_report):
    rows = list(csv.DictReader(io.StringIO(rendered(coverage_csv.render, cycle_report))))
    assert len(rows) == 180 * 48
    assert len({(r["path"], r["question"]) for r in rows}) == len(rows)


# ----------------------------------------------------------------------------- the page in a browser


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="no Chromium on this machine (.ci/run installs it)")
def test_html_renders_the_matrix_in_a_real_browser(tip2010, tmp_path):
    page = tmp_path / "coverage.html"
    page.write_text(rendered(coverage_html.render, two_drafts(tip2010), today=DAY), encoding="utf-8")
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
    assert len(re.findall(r'<td class="[cpwem]( f)?"( data-v="-1")?><a href="#d\d-\d"', dom.stdout)) == 8
    assert 'data-ready="1"' in dom.stdout  # the script ran to its end


def test_many_drafts_on_a_narrow_terminal_are_numbered_and_paged(tip2010):
    first = one(tip2010)
    many = Report(tuple(replace(first, path=f"drafts/post-{i:02d}.txt") for i in range(12)))
    text = rendered(coverage_text.render, many, width=80, matrix=True)
    assert text.count("Evidence coverage of 12 drafts (") == 3  # 5 drafts a table at 80 columns
    assert "#12  drafts/post-11.txt" in text
    assert "checker coverage -f html" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "Evidence coverage of 12 drafts (" not in rendered(coverage_text.render, many, width=80)


@pytest.mark.parametrize("width", [80, 60, 40])
def test_a_cycle_on_a_narrow_terminal_keeps_every_figure_whole(tip2010, width):
    # Names of 24 characters or more, as posts name their replies: at 80 columns (a pipe) the
    # weakest questions used to be squeezed out; at 60 and 40, Rich cropped the table on the right,
    # losing lint's errors and warnings (and, at 40, the overall score itself), and the ID column
    # of the weakest questions shrank to nothing.
    cycle = small_cycle(tip2010)
    files = tuple(replace(f, path=f"cycle/2010-tip-reply-post-{f.path[11:]}") for f in cycle.files)
    summary = summarize(Report(files))
    text = rendered(coverage_text.render, Report(files), width=width)
    assert all(len(line) <= width for line in text.splitlines())
    drafts = text.split("Weakest drafts")[1].split("W/E/M:")[0]
    for f in sorted(summary.files, key=lambda f: f.overall)[:10]:
        # the end of each name, its score and lint's errors and warnings, whole, on one line
        assert re.search(rf"{f.label[-6:]} .*\b{f.overall}\b.*\b{f.errors}/{f.warnings}\b", drafts), f.label
    assert "6B" in text.split("Weakest questions across drafts")[1]
    if width == 80:
        assert "│ 2010-tip-reply-post-11.txt │" in drafts  # names whole
    assert "A wider terminal shows each draft's weakest questions." in " ".join(text.split())
    wide = rendered(coverage_text.render, Report(files), width=100)
    assert "Weakest questions" in wide.split("W/E/M:")[0] and "wider terminal" not in wide


def test_drafts_that_could_not_be_read_are_named_in_every_cycle_report(tip2010):
    # The page to mail round and the CI summary said "12 drafts" and nothing of the replies that
    # could not be read: only standard error (a CI log, a terminal) named them.
    unreadable = ("cycle/post-13.txt: the draft is empty; write it, or leave it out of the run", "cycle/a<b>.txt: x")
    report = replace(small_cycle(tip2010), unreadable=unreadable)
    page = rendered(coverage_html.render, report, today=DAY)
    assert "Not checked (2)" in page and "<li>cycle/post-13.txt: the draft is empty" in page
    assert "a&lt;b&gt;.txt" in page and "a<b>" not in page
    markdown = rendered(coverage_markdown.render, report)
    assert "**2** could not be checked" in markdown and "- cycle/post-13.txt: the draft is empty" in markdown
    assert "a&lt;b&gt;.txt" in markdown
    one_draft = rendered(coverage_markdown.render, replace(report, files=report.files[:1]))
    assert "**2** could not be checked" in one_draft
    none = rendered(coverage_markdown.render, Report((), unreadable=unreadable))
    assert "No draft could be read." in none and "- cycle/post-13.txt: the draft is empty" in none
    text = " ".join(rendered(coverage_text.render, report, width=100).split())
    assert "2 other draft(s) could not be checked (why: on standard error)" in text
    assert "could not" not in rendered(coverage_markdown.render, small_cycle(tip2010))


def test_a_cycle_csv_keeps_drafts_apart_whatever_their_names(tip2010):
    first = one(tip2010)
    names = ["cycle/bad\udcff.txt", "cycle/bad\udcfe.txt", "cycle/nl\nline.txt", "cycle/nl line.txt"]
    report = Report(tuple(replace(first, path=n) for n in names))
    text = rendered(coverage_csv.render, report)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(text.splitlines()) == len(rows) + 1
    assert len({r["path"] for r in rows}) == len(names)
    assert len({(r["path"], r["question"]) for r in rows}) == len(rows)
