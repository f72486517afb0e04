"""`checker coverage --format html`: one self-contained page (inline CSS and script, no network)
to open or mail.

Several drafts: the cycle at a glance (spread of overall scores, weakest questions and drafts,
late and structurally broken replies), then the drafts as rows and the questions as columns,
sortable and filterable, and a drill-down per draft. One draft: its drill-down alone.

The page stays small for a whole cycle (180 drafts x 48 questions): the table is HTML, one short
cell per answer; each draft's drill-down (every ask's evidence, lint's findings) is drawn by the
page's script from compact data embedded as JSON, when the reviewer opens it. The script writes
text only through textContent: nothing from a draft can become markup."""

from __future__ import annotations

from datetime import date
from typing import Any, TextIO

from checker import __version__
from checker.model.findings import AskScore, QuestionStatus, Report
from checker.model.questions import Ask, Question
from checker.report.escape import html as escape
from checker.report.escape import script_json
from checker.score.summary import (
    CAPPED_BY,
    STATUSES,
    Coverage,
    Cycle,
    FileCoverage,
    cycle,
    lint_summary,
    summarize,
    thresholds_text,
    weakest_text,
)

SHORT = {"complete": "c", "partial": "p", "weak": "w", "empty": "e", "missing": "m"}
# In the table, a score's status shows in its colour and, without colour, in its value: the legend
# gives the bounds of complete, partial and weak; an empty answer and a missing one have a sign.
EMPTY, MISSING = "∅", "–"
TOP = 10  # weakest drafts and questions shown in the summary

CSS = """
:root{--c:#b5dfae;--p:#fbe38e;--w:#f5ae72;--e:#ee9090;--m:#5b2c6f;--n:#f2f2f2;--line:#c9c9c9;--ink:#1c1c1c;--soft:#4d4d4d}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:20px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:18px 0 4px}
.sub{color:var(--soft);margin:0 0 12px;max-width:70em}
a{color:#0b4fc4}
a:focus,button:focus,input:focus,select:focus,[tabindex]:focus{outline:3px solid #1a5fd0;outline-offset:1px}
table{border-collapse:separate;border-spacing:0;margin:6px 0 14px}
caption{text-align:left;font-weight:600;padding:0 0 4px;caption-side:top}
th,td{border:1px solid var(--line);border-width:0 1px 1px 0;padding:3px 6px;vertical-align:top;text-align:left}
tr>:first-child{border-left-width:1px}thead tr:first-child>*{border-top-width:1px}
th{background:#f3f3f3;font-weight:600}.num{text-align:right;font-variant-numeric:tabular-nums}
.facts{display:flex;flex-wrap:wrap;gap:8px;list-style:none;padding:0;margin:0 0 10px}
.facts li{border:1px solid var(--line);border-radius:6px;padding:6px 10px;background:#fafafa}
.facts b{font-size:18px}
.panels{display:flex;flex-wrap:wrap;gap:0 28px;align-items:flex-start}
.bars td{min-width:16em}.bar{display:inline-block;height:12px;vertical-align:middle;margin-right:6px;
border:1px solid #777}
.pick,.jump{font:inherit;background:none;border:0;padding:0;color:#0b4fc4;text-decoration:underline;cursor:pointer}
.c,.oc{background:var(--c)}.p,.op{background:var(--p)}.w,.ow{background:var(--w)}.e{background:var(--e)}
.m{background:var(--m);color:#fff}.n{background:var(--n);color:#555}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:4px 0 8px}
.legend span{display:inline-block;min-width:2.2em;text-align:center;border:1px solid #777;margin-right:4px;
position:relative}
.controls{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin:8px 0}
.controls input,.controls select,.controls button{font:inherit}
.scroll{overflow:auto;max-height:78vh;border:1px solid var(--line);max-width:100%}
#matrix{margin:0}
#matrix thead th{position:sticky;top:0;z-index:2;white-space:nowrap;vertical-align:bottom}
#matrix tbody th{position:sticky;left:0;z-index:1;background:#fafafa;min-width:9em;max-width:16em;
overflow-wrap:anywhere;font-weight:500}
#matrix thead th:first-child{left:0;z-index:3}
#matrix th button{font:inherit;font-weight:600;background:none;border:0;padding:0 2px;cursor:pointer;color:inherit}
#matrix th[aria-sort=ascending] button::after{content:" \\25B2"}
#matrix th[aria-sort=descending] button::after{content:" \\25BC"}
#matrix td{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;padding:2px 4px}
#matrix td.x{text-align:left;font-size:12px}
#matrix td a{color:inherit;text-decoration:none}
#matrix td a:hover{text-decoration:underline}
td.f,.legend .f{position:relative}
td.f::before,.legend .f::before{content:"";position:absolute;top:0;right:0;border-style:solid;border-width:0 7px 7px 0;
border-color:transparent #111 transparent transparent}
.m.f::before{border-right-color:#fff}
#matrix tr.hit th,#matrix td.hit{outline:3px solid #111;outline-offset:-3px}
.detail td,.detail th{font-size:13px}.detail ul{margin:0;padding-left:16px}
.questions{width:100%}.questions tbody th{width:15em}.questions td.s{width:11em}.questions td:last-child{width:24%}
.badge{display:inline-block;padding:0 6px;border:1px solid #777;border-radius:3px;font-weight:600}
.bar.zero{border:0;width:0}
.ask .strength{display:inline-block;min-width:6.5em;font-size:12px;font-weight:600}
.ask q{background:#eef3ff}.lack{color:#8a1c1c}.line{color:var(--soft);font-size:12px}
.sev-error{color:#8a1c1c;font-weight:600}.sev-warning{color:#6b4a00}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media print{.scroll{max-height:none;overflow:visible}.controls{display:none}}
"""

JS = r"""
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("coverage-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var STATUS = {c: "complete", p: "partial", w: "weak", e: "empty", m: "missing"};
  var SEVERITY = ["note", "warning", "error"];
  var FIXED = D.fixed;
  var col = {};
  D.cols.forEach(function (q, k) { col[q[0] + "\n" + q[1]] = k; });
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function link(href, text) { var a = el("a", text); a.href = href; return a; }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  var live = byId("shown");
  function say(text) { if (live) live.textContent = text; }

  // ------------------------------------------------------------------ the table
  var table = byId("matrix");
  var tbody = table ? table.tBodies[0] : null;
  var heads = table ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var rows = tbody ? Array.prototype.slice.call(tbody.rows) : [];
  var place = new Map();
  rows.forEach(function (r, i) {
    place.set(r, i);
    // Each score links to its answer in the draft's detail; the arrow keys move between them.
    var n = r.id.slice(1);
    for (var c = FIXED; c < r.cells.length; c++) {
      var cell = r.cells[c];
      if (cell.className === "n") continue;
      var a = link("#d" + n + "-" + (c - FIXED), cell.textContent);
      a.tabIndex = -1;
      cell.textContent = "";
      cell.appendChild(a);
    }
  });

  var collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
  function value(row, c, kind) {
    var cell = row.cells[c];
    if (kind === "t") return cell.textContent;
    var v = cell.getAttribute("data-v");
    if (v === null) v = cell.textContent;
    if (v === "") return null;
    var n = parseFloat(v);
    return isNaN(n) ? null : n;
  }
  function sortBy(c, dir) {
    var th = heads[c], kind = th.getAttribute("data-s");
    var keyed = rows.map(function (r) { return [value(r, c, kind), place.get(r), r]; });
    keyed.sort(function (a, b) {
      if (a[0] === null || b[0] === null) {  // blanks last, in name order
        if (a[0] === b[0]) return a[1] - b[1];
        return a[0] === null ? 1 : -1;
      }
      var d = kind === "t" ? collator.compare(a[0], b[0]) : a[0] - b[0];
      if (d === 0) return a[1] - b[1];
      return dir === "descending" ? -d : d;
    });
    var frag = document.createDocumentFragment();
    keyed.forEach(function (k) { frag.appendChild(k[2]); });
    tbody.appendChild(frag);
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    say("Sorted by " + th.getAttribute("data-name") + ", " + dir + "; " + counted());
  }
  heads.forEach(function (th, c) {
    var b = th.querySelector("button");
    if (!b) return;
    b.addEventListener("click", function () {
      var now = th.getAttribute("aria-sort");
      var dir = now ? (now === "ascending" ? "descending" : "ascending") : (th.getAttribute("data-d") || "ascending");
      sortBy(c, dir);
    });
  });

  var nameBox = byId("f-name"), statusBox = byId("f-status"), findingBox = byId("f-finding");
  function counted() {
    return rows.filter(function (r) { return !r.hidden; }).length + " of " + rows.length + " drafts shown";
  }
  function filter() {
    var name = nameBox.value.trim().toLowerCase(), st = statusBox.value, fi = findingBox.value;
    rows.forEach(function (r) {
      var ok = !name || r.cells[0].textContent.toLowerCase().indexOf(name) >= 0;
      if (ok && st) ok = st === "all" ? !r.querySelector("td.p,td.w,td.e,td.m") : !!r.querySelector("td." + st);
      if (ok && fi) ok = (" " + r.getAttribute("data-f") + " ").indexOf(" " + fi + " ") >= 0;
      r.hidden = !ok;
    });
    say(counted());
  }
  function clear() { nameBox.value = ""; statusBox.value = ""; findingBox.value = ""; filter(); }
  if (table) {
    [nameBox, statusBox, findingBox].forEach(function (box) {
      box.addEventListener("input", filter);
      box.addEventListener("change", filter);
    });
    byId("f-clear").addEventListener("click", clear);
    each(document.querySelectorAll("button.pick"), function (b) {
      b.addEventListener("click", function () {
        clear(); findingBox.value = b.getAttribute("data-f"); filter(); byId("matrix-h").scrollIntoView();
      });
    });
    each(document.querySelectorAll("button.jump"), function (b) {
      b.addEventListener("click", function () {
        var c = FIXED + Number(b.getAttribute("data-c"));
        sortBy(c, "ascending"); byId("matrix-h").scrollIntoView(); heads[c].querySelector("button").focus();
      });
    });
    // The draft names are in the tab order; from one, the arrow keys move cell by cell.
    tbody.addEventListener("keydown", function (ev) {
      var moves = {ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0]};
      var m = moves[ev.key], cell = ev.target.closest("td,th");
      if (!m || !cell) return;
      var row = cell.parentNode, c = cell.cellIndex;
      if (m[0]) {
        do { row = m[0] > 0 ? row.nextElementSibling : row.previousElementSibling; } while (row && row.hidden);
        if (!row) return;
      } else {
        c += m[1];
        if (c < 0 || c >= row.cells.length) return;
      }
      ev.preventDefault();
      focusCell(row.cells[c]);
    });
  }
  function focusCell(cell) {
    var a = cell.querySelector("a");
    if (a) { a.focus({preventScroll: false}); return; }
    cell.tabIndex = -1; cell.focus();
  }

  // ------------------------------------------------------------------ a draft's detail
  function strength(s) {
    return s >= 95 ? "fully" : s >= 75 ? "largely" : s >= 50 ? "partly" : s > 0 ? "weakly" : "not answered";
  }
  function headRow(t, names) {
    var tr = t.createTHead().insertRow();
    names.forEach(function (n) { var th = el("th", n); th.scope = "col"; tr.appendChild(th); });
  }
  var current = 0;
  function draw(i) {
    if (current === i) return;
    var d = D.drafts[i - 1];
    if (!d) return;
    current = i;
    var set = D.sets[d[1]], findings = d[3], items = d[4];
    var qid = function (x) { return typeof x === "number" ? (x < 0 ? "" : set[x][0]) : x; };
    var colOf = function (q) { return col[d[1] + "\n" + q]; };
    var body = byId("detail-body");
    body.textContent = "";
    var h = el("h3", d[0]);
    h.id = "d" + i; h.tabIndex = -1;
    body.appendChild(h);
    if (!D.single) {
      var nav = el("p", null, "line");
      nav.appendChild(link("#m" + i, "Back to its row in the table"));
      [[i - 1, "previous draft"], [i + 1, "next draft"]].forEach(function (n) {
        if (n[0] < 1 || n[0] > D.drafts.length) return;
        nav.appendChild(document.createTextNode(" · "));
        nav.appendChild(link("#d" + n[0], n[1]));
      });
      body.appendChild(nav);
    }
    body.appendChild(el("p", d[2], "sub"));

    var on = {};
    findings.forEach(function (f) { var q = qid(f[3]); if (q) (on[q] = on[q] || []).push(f); });
    function findingText(f) { return f[0] + " " + SEVERITY[f[1]] + ", line " + f[2] + ": " + f[4]; }
    var whole = findings.filter(function (f) { return !qid(f[3]); });
    if (whole.length) {
      var w = el("ul", null, "whole");
      whole.forEach(function (f) { w.appendChild(el("li", findingText(f), "sev-" + SEVERITY[f[1]])); });
      body.appendChild(el("p", "On the draft as a whole (every finding is listed after the questions):"));
      body.appendChild(w);
    }
    var qt = el("table", null, "questions");
    qt.appendChild(el("caption", "Each question: its score, and the evidence found or lacking for each of its asks"));
    headRow(qt, ["Question", "Score", "Asks: evidence found, what is lacking", "Lint"]);
    var qb = qt.createTBody();
    items.forEach(function (r) {
      var info = set[r[0]], id = info[0], asks = info[2];
      var lint = typeof r[1] === "number" ? D.lint[r[1]] : r[1];
      var tr = qb.insertRow();
      if (colOf(id) !== undefined) tr.id = "d" + i + "-" + colOf(id);
      var th = el("th"); th.scope = "row";
      if (!D.single && colOf(id) !== undefined) {
        var back = link("#m" + i + "-" + colOf(id), id);
        back.title = "Back to this answer in the table";
        th.appendChild(back);
      } else {
        th.appendChild(document.createTextNode(id));
      }
      th.appendChild(document.createTextNode(" " + info[1]));
      th.appendChild(el("div", (r[2] ? "heading at line " + r[2] : "no heading") + "; lint: " + lint, "line"));
      tr.appendChild(th);
      var sc = el("td", null, "s");
      if (r[3] >= 0) {
        sc.appendChild(el("span", r[3], "badge " + r[4]));
        sc.appendChild(document.createTextNode(" " + STATUS[r[4]]));
      }
      else sc.textContent = lint === "omitted" ? "optional, not answered" : "not scored";
      (r[6] || []).forEach(function (note) { sc.appendChild(el("div", note, "lack")); });
      tr.appendChild(sc);
      var at = el("td");
      if (r[5].length) {
        var ul = el("ul");
        r[5].forEach(function (a, k) {
          var ask = asks[k] || ["", "", 0], s = a === 0 ? 0 : a[0];
          var lacking = a === 0 ? (ask[2] ? null : ask[1]) : (a[3] === 1 ? ask[1] : (a[3] || null));
          var li = el("li", null, "ask");
          li.appendChild(el("span", strength(s) + (s ? " (" + s + "%)" : ""), "strength"));
          var text = a !== 0 && a[4] ? a[4] : ask[0];
          li.appendChild(document.createTextNode(" " + text + (ask[2] ? " (optional)" : "")));
          if (a !== 0 && a[2]) {
            li.appendChild(document.createTextNode(" "));
            li.appendChild(el("q", a[2]));
            if (a[1]) li.appendChild(el("span", " line " + a[1], "line"));
          }
          if (lacking) li.appendChild(el("div", "lacking: " + lacking, "lack"));
          ul.appendChild(li);
        });
        at.appendChild(ul);
      }
      tr.appendChild(at);
      var lt = el("td");
      (on[id] || []).forEach(function (f) { lt.appendChild(el("div", findingText(f), "sev-" + SEVERITY[f[1]])); });
      tr.appendChild(lt);
    });
    body.appendChild(qt);
    if (findings.length) {
      var ft = el("table", null, "findings");
      ft.appendChild(el("caption", "What lint reports on this draft (" + findings.length + ")"));
      headRow(ft, ["Line", "Rule", "Severity", "Question", "Message"]);
      var fb = ft.createTBody();
      findings.forEach(function (f) {
        var tr = fb.insertRow(), q = qid(f[3]);
        tr.appendChild(el("td", f[2], "num"));
        var rule = el("th", f[0] + " " + (D.rules[f[0]] || "")); rule.scope = "row"; tr.appendChild(rule);
        tr.appendChild(el("td", SEVERITY[f[1]], "sev-" + SEVERITY[f[1]]));
        var qc = el("td");
        if (q && colOf(q) !== undefined) qc.appendChild(link("#d" + i + "-" + colOf(q), q)); else qc.textContent = q;
        tr.appendChild(qc);
        tr.appendChild(el("td", f[4]));
      });
      body.appendChild(ft);
    } else {
      body.appendChild(el("p", "Lint reports nothing on this draft."));
    }
  }

  // ------------------------------------------------------------------ links both ways
  var lit = [];
  function route() {
    var h = location.hash.slice(1), m;
    if ((m = /^d(\d+)(?:-(\d+))?$/.exec(h))) {
      draw(Number(m[1]));
      var target = byId(h);
      if (!target) return;
      target.scrollIntoView({block: "start"});
      var focus = m[2] === undefined ? target : target.querySelector("a") || target.cells[0];
      if (focus.tagName !== "A" && focus.tabIndex < 0) focus.tabIndex = -1;
      focus.focus({preventScroll: true});
    } else if ((m = /^m(\d+)(?:-(\d+))?$/.exec(h)) && table) {
      var row = byId("r" + m[1]);
      if (!row) return;
      if (row.hidden) clear();
      lit.forEach(function (x) { x.classList.remove("hit"); });
      var cell = m[2] === undefined ? row.cells[0] : row.cells[FIXED + Number(m[2])];
      lit = [m[2] === undefined ? row : cell];
      lit[0].classList.add("hit");
      byId("matrix-h").scrollIntoView({block: "start"});
      cell.scrollIntoView({block: "center", inline: "center"});
      focusCell(cell);
    }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#']");
    if (a && a.getAttribute("href") === location.hash) { ev.preventDefault(); route(); }
  });
  window.addEventListener("hashchange", route);
  if (location.hash) route();
  else if (D.single) draw(1);
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _score_cell(f: FileCoverage, row: QuestionStatus | None) -> str:
    """A score, coloured by its status; the page's script makes it a link to the answer's detail."""
    e = row.evidence if row is not None else None
    if row is None or e is None:
        return '<td class="n"></td>'
    flag = " f" if f.findings_on(row.question.id) else ""
    if e.status == "missing":
        return f'<td class="m{flag}" data-v="-1">{MISSING}</td>'
    if e.status == "empty":
        return f'<td class="e{flag}" data-v="0">{EMPTY}</td>'
    return f'<td class="{SHORT.get(e.status, "n")}{flag}">{e.score}</td>'


FIXED_COLUMNS = (
    # (header, sort kind, first direction, what it is)
    ("Draft", "t", "ascending", "the draft's name"),
    ("Overall", "n", "ascending", "overall score"),
    ("Structural", "n", "descending", "structural findings"),
    ("Late", "n", "descending", "days sent after the due date"),
    ("Errors", "n", "descending", "lint errors"),
    ("Warnings", "n", "descending", "lint warnings"),
    ("Weakest", "n", "ascending", "its weakest questions, by the lowest score"),
)


def _matrix(coverage: Coverage) -> str:
    files = coverage.by_name
    heads = []
    for n, (name, kind, first, what) in enumerate(FIXED_COLUMNS):
        sort = ' aria-sort="ascending"' if n == 0 else ""
        heads.append(
            f'<th scope="col" data-s="{kind}" data-d="{first}" data-name="{escape(name)}" title="{escape(what)}"'
            f'{sort}><button type="button">{escape(name)}</button></th>'
        )
    for q in coverage.questions:
        heads.append(
            f'<th scope="col" data-s="n" data-d="ascending" data-name="{escape(q.label)}" title="{escape(q.title)}">'
            f'<button type="button">{escape(q.label)}</button></th>'
        )
    body = []
    for i, f in enumerate(files, 1):
        rows = {r.question.id: r for r in f.rows}
        tokens = sorted({x.code for x in f.findings})
        tokens += ["late"] if f.late_days is not None else []
        tokens += ["broken"] if f.broken else []
        tokens += ["errors"] if f.errors else []
        lowest = min((r.evidence.score for r in f.weakest if r.evidence), default=None)
        cells = "".join(
            _score_cell(f, rows.get(q.id) if q.question_set == f.question_set else None) for q in coverage.questions
        )
        band = "o" + SHORT.get(f.band, "n")  # not a status of its own: the filters look for answers' statuses
        body.append(
            f'<tr id="r{i}" data-f="{escape(" ".join(tokens))}"><th scope="row">'
            f'<a href="#d{i}" title="{escape(f.path)}">{escape(f.label)}</a></th><td class="{band}">{f.overall}</td>'
            f"<td>{f.structural or ''}</td><td>{'' if f.late_days is None else f.late_days}</td>"
            f"<td>{f.errors or ''}</td><td>{f.warnings or ''}</td>"
            f'<td class="x" data-v="{"" if lowest is None else lowest}">{escape(weakest_text(f))}</td>{cells}</tr>'
        )
    return (
        '<p class="sub">Each draft is a row, each question a column: its score from 0 to 100, coloured by '
        "status. Sort by any column with its header's button; open a draft's detail with its name or any of its "
        "scores; from a name, the arrow keys move from score to score.</p>"
        '<div class="scroll" role="region" aria-labelledby="matrix-cap" tabindex="0">'
        '<table id="matrix"><caption id="matrix-cap" class="vh">Scores by draft (rows) and question (columns)'
        "</caption>"
        f"<thead><tr>{''.join(heads)}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _legend(coverage: Coverage, table: bool = True) -> str:
    known = coverage.thresholds
    words = known[0].describe() if known else dict.fromkeys(STATUSES, "")
    t = known[0] if known else None
    sample = {
        "complete": str(t.complete) if t else "c",
        "partial": str(t.partial) if t else "p",
        "weak": str(max(0, t.partial - 1)) if t else "w",
        "empty": EMPTY,
        "missing": MISSING,
    }
    items = "".join(
        f'<li><span class="{SHORT[s]}">{sample[s]}</span>{s}{": " + escape(words[s]) if words[s] else ""}</li>'
        for s in STATUSES
    )
    source = (
        f"Thresholds: rule {escape(known[0].rule)} (weak-evidence)'s params"
        + ("; some drafts' projects set other thresholds" if len(known) > 1 else "")
        + "."
        if known
        else "Thresholds: as rule CQ501 (weak-evidence) sets them."
    )
    return (
        f'<ul class="legend" aria-label="Legend">{items}'
        + (
            '<li><span class="n">&nbsp;</span>not asked of this draft, or optional and not answered</li>'
            '<li><span class="f">&nbsp;</span>a dark corner: lint reports a finding on this answer</li>'
            if table
            else ""
        )
        + "</ul>"
        f'<p class="sub">{source} A score is capped when the structure is wrong '
        f"({escape(_caps(coverage))}); the drill-down says why.</p>"
    )


def _caps(coverage: Coverage) -> str:
    known = coverage.thresholds
    if not known or not known[0].caps:
        return "merged, out of order or duplicate answers"
    return ", ".join(f"{CAPPED_BY.get(k, k)} at most {v}" for k, v in known[0].caps)


def _controls(coverage: Coverage) -> str:
    files = coverage.files
    codes: dict[str, tuple[str, int]] = {}
    for f in files:
        for code in sorted({x.code for x in f.findings}):
            name = next(x.name for x in f.findings if x.code == code)
            codes[code] = (name, codes.get(code, ("", 0))[1] + 1)
    late = sum(1 for f in files if f.late_days is not None)
    broken = sum(1 for f in files if f.broken)
    errors = sum(1 for f in files if f.errors)
    options = [
        f'<option value="late">sent late ({late})</option>',
        f'<option value="broken">structurally broken ({broken})</option>',
        f'<option value="errors">with lint errors ({errors})</option>',
    ] + [
        f'<option value="{escape(code)}">{escape(code)} {escape(name)} ({n})</option>'
        for code, (name, n) in sorted(codes.items())
    ]
    statuses = "".join(
        f'<option value="{SHORT[s]}">{label}</option>'
        for s, label in (
            ("weak", "a weak answer"),
            ("empty", "an empty answer"),
            ("missing", "a missing answer"),
            ("partial", "a partial answer"),
        )
    )
    return (
        '<div class="controls" role="search" aria-label="Filter the drafts">'
        '<label>Name contains <input type="search" id="f-name" autocomplete="off"></label>'
        f'<label>Drafts with <select id="f-status"><option value="">any answers</option>{statuses}'
        '<option value="all">every answer complete</option></select></label>'
        f'<label>Finding <select id="f-finding"><option value="">any or none</option>{"".join(options)}'
        "</select></label>"
        '<button type="button" id="f-clear">Show all</button>'
        f'<output id="shown" role="status" aria-live="polite">{len(files)} of {len(files)} drafts shown</output></div>'
    )


def _summary(c: Cycle) -> str:
    files = c.coverage.files
    sets = sorted({f.question_set for f in files})
    facts = (
        f"<li><b>{len(files)}</b> drafts against {escape(', '.join(sets))}</li>"
        f"<li>overall score: mean <b>{c.mean}</b>, median <b>{c.median}</b></li>"
        f'<li><button type="button" class="pick" data-f="late"><b>{len(c.late)}</b> sent late</button></li>'
        f'<li><button type="button" class="pick" data-f="broken"><b>{len(c.broken)}</b> structurally broken'
        "</button></li>"
        f'<li><button type="button" class="pick" data-f="errors"><b>{c.with_errors}</b> with lint errors</button></li>'
    )
    most = max((b.drafts for b in c.bands), default=0) or 1
    bars = "".join(
        f'<tr><th scope="row" class="num">{b.label}</th><td><span class="bar {SHORT.get(b.status, "n")}'
        f'{"" if b.drafts else " zero"}" '
        f'style="width:{round(12 * b.drafts / most, 1)}em"></span>{b.drafts}</td></tr>'
        for b in reversed(c.bands)
    )
    chart = (
        '<table class="bars"><caption>Overall scores: drafts in each band</caption><thead><tr>'
        '<th scope="col">Score</th><th scope="col">Drafts</th></tr></thead>'
        f"<tbody>{bars}</tbody></table>"
    )
    place = {id(q): k for k, q in enumerate(c.coverage.questions)}
    qrows = "".join(
        f'<tr><th scope="row"><button type="button" class="jump" data-c="{place[id(q)]}" '
        f'title="Sort the table by {escape(q.label)}, weakest first">{escape(q.label)}</button> {escape(q.title)}</th>'
        f'<td class="num">{q.mean}</td><td class="num">{q.count("weak")}</td><td class="num">{q.count("empty")}</td>'
        f'<td class="num">{q.count("missing")}</td><td class="num">{q.flagged}</td></tr>'
        for q in c.questions_ranked[:TOP]
        if q.weak
    )
    questions = (
        '<table><caption>Weakest questions across drafts</caption><thead><tr><th scope="col">Question</th>'
        '<th scope="col" class="num">Mean</th><th scope="col" class="num">Weak</th>'
        '<th scope="col" class="num">Empty</th><th scope="col" class="num">Missing</th>'
        '<th scope="col" class="num" title="drafts where lint reports a finding on it">Lint findings</th></tr></thead>'
        f"<tbody>{qrows or '<tr><td colspan=6>No question is weak, empty or missing in any draft.</td></tr>'}"
        "</tbody></table>"
    )
    index = {id(f): i for i, f in enumerate(c.coverage.by_name, 1)}
    drows = "".join(
        f'<tr><th scope="row"><a href="#d{index[id(f)]}">{escape(f.label)}</a></th><td class="num">{f.overall}</td>'
        f'<td class="num">{f.structural}</td><td class="num">{"" if f.late_days is None else f.late_days}</td>'
        f"<td>{escape(weakest_text(f))}</td></tr>"
        for f in c.drafts_ranked[:TOP]
    )
    drafts = (
        f"<table><caption>Weakest drafts ({min(TOP, len(files))} of {len(files)})</caption><thead><tr>"
        '<th scope="col">Draft</th><th scope="col" class="num">Overall</th>'
        '<th scope="col" class="num">Structural</th><th scope="col" class="num">Days late</th>'
        f'<th scope="col">Weakest questions</th></tr></thead><tbody>{drows}</tbody></table>'
    )

    def listed(title: str, chosen: tuple[FileCoverage, ...], what: Any) -> str:
        if not chosen:
            return ""
        items = "".join(
            f'<li><a href="#d{index[id(f)]}">{escape(f.label)}</a> ({escape(what(f))})</li>' for f in chosen
        )
        return f"<details><summary>{title} ({len(chosen)})</summary><ul>{items}</ul></details>"

    return (
        '<section aria-labelledby="summary-h"><h2 id="summary-h">The cycle at a glance</h2>'
        f'<ul class="facts">{facts}</ul><div class="panels">{chart}{questions}{drafts}</div>'
        + listed("Sent late", c.late, lambda f: f"{f.late_days} day(s) late")
        + listed("Structurally broken", c.broken, lambda f: f"{f.structural} structural finding(s)")
        + "</section>"
    )


LINT_STATUSES = ("answered", "missing", "empty", "placeholder", "merged", "omitted")


def _ask(a: AskScore, ask: Ask | None) -> Any:
    """One ask's result, compactly: 0 when unanswered, lacking what its question says it lacks;
    else [strength %, line, words], then what is lacking when something is (1: the question's own
    words for it), then the ask's text if it is not the question set's."""
    missing, optional = (ask.missing, ask.optional) if ask is not None else (None, False)
    lack: Any = None if a.lacking is None else 1 if a.lacking == missing else a.lacking
    same = ask is not None and ask.id == a.id
    if same and not a.strength and not a.line and not a.words and lack == (None if optional else 1):
        return 0
    entry: list[Any] = [round(a.strength * 100), a.line, a.words]
    if lack is not None or not same:
        entry.append(lack)
    if not same:
        entry.append(a.text)
    return entry


def _item(k: int, row: QuestionStatus) -> list[Any]:
    """One answer of a draft: [question (its place in the set), lint's status, heading line, score
    (-1: none), status letter, asks] and the notes on its score (capped, thin) when there are any."""
    e = row.evidence
    status: Any = LINT_STATUSES.index(row.status) if row.status in LINT_STATUSES else row.status
    line = row.section.line if row.section else 0
    if e is None:
        return [k, status, line, -1, "", []]
    asks = row.question.all_asks()
    if not e.asks and list(e.missing) == [a.missing for a in asks if not a.optional]:
        entries: list[Any] = [0] * len(asks)  # empty or missing: every ask lacking
        notes = []
    else:
        entries = [_ask(a, asks[n] if n < len(asks) else None) for n, a in enumerate(e.asks)]
        told = {a.lacking for a in e.asks}
        notes = [x for x in e.lacking if x not in told]
    if e.thin and THIN not in notes:
        notes.insert(0, THIN)
    if e.capped:
        notes.insert(0, f"capped at {e.score}: {CAPPED_BY.get(e.capped, e.capped)}")
    item = [k, status, line, e.score, SHORT.get(e.status, e.status), entries]
    return item + [notes] if notes else item


THIN = "only one short sentence, with no figure, date or named body"


def _data(coverage: Coverage) -> dict[str, Any]:
    """What the page's script draws each draft's detail from."""
    sets: dict[str, list[Any]] = {}
    places: dict[str, dict[str, int]] = {}
    rules: dict[str, str] = {}
    for f in coverage.files:
        listed = sets.setdefault(f.question_set, [])
        place = places.setdefault(f.question_set, {})
        for r in f.rows:
            q: Question = r.question
            if q.id not in place:
                place[q.id] = len(listed)
                listed.append([q.id, q.title, [[a.text, a.missing, int(a.optional)] for a in q.all_asks()]])
        for x in f.findings:
            rules.setdefault(x.code, x.name)
    drafts = []
    for f in coverage.by_name:
        place = places[f.question_set]
        counts = ", ".join(f"{n} {s}" for s, n in f.counts.items() if n)
        said = f"Coverage {f.overall}/100 against {f.question_set}: {counts or 'no required question'}. "
        said += f"Lint: {lint_summary(f)}."
        findings = [
            [x.code, int(x.severity), x.line, place.get(x.question, x.question) if x.question else -1, x.message]
            for x in f.findings
        ]
        drafts.append([f.path, f.question_set, said, findings, [_item(place[r.question.id], r) for r in f.rows]])
    return {
        "single": len(coverage.files) == 1,
        "fixed": len(FIXED_COLUMNS),
        "cols": [[q.question_set, q.id] for q in coverage.questions],  # a set's question id -> its column
        "lint": LINT_STATUSES,
        "rules": rules,
        "sets": sets,
        "drafts": drafts,
    }


def render(report: Report, stream: TextIO, color: bool = False, *, today: date | None = None, **_: Any) -> None:
    coverage = summarize(report)
    when = (today or date.today()).isoformat()
    files = coverage.files
    single = len(files) == 1
    title = f"Evidence coverage: {files[0].path}" if single else f"Evidence coverage of {len(files)} drafts"
    intro = (
        f"Checked {when} by checker {__version__}. Each score (0-100) says how many of its question's asks "
        "an answer answers, and how well: with specific, dated, attributed facts, or only with hedged or vague "
        f"ones. Statuses: {thresholds_text(coverage)}."
    )
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="sub">{escape(intro)}</p></header><main>'
    ]
    if not files:
        parts.append("<p>No draft could be read; the reasons are on standard error.</p>")
    elif not single:
        parts.append(_summary(cycle(coverage)))
        parts.append(
            '<section aria-labelledby="matrix-h"><h2 id="matrix-h" tabindex="-1">Drafts and questions</h2>'
            f"{_legend(coverage)}{_controls(coverage)}{_matrix(coverage)}</section>"
        )
    else:
        parts.append(_legend(coverage, table=False))
    if report.unreadable:
        items = "".join(f"<li>{escape(line)}</li>" for line in report.unreadable)
        parts.append(
            f'<section aria-labelledby="unreadable-h"><h2 id="unreadable-h">Not checked ({len(report.unreadable)})'
            f"</h2><p>These drafts could not be read, and are in none of the figures above or below.</p>"
            f"<ul>{items}</ul></section>"
        )
    if files:
        heading = "The draft, question by question" if single else "A draft's detail"
        hint = (
            ""
            if single
            else '<p class="sub" id="detail-hint">Open a draft with its name or one of its scores in the table: '
            "each question's score, the evidence found for each ask and what is lacking, and what lint reports.</p>"
        )
        parts.append(
            f'<section aria-labelledby="detail-h" class="detail"><h2 id="detail-h">{heading}</h2>{hint}'
            "<noscript><p>The detail needs the page's script, which this viewer does not run; open the file in a "
            "web browser, or use checker coverage -f csv for every ask's evidence.</p></noscript>"
            '<div id="detail-body"></div></section>'
            f'<script type="application/json" id="coverage-data">{script_json(_data(coverage))}</script>'
            f"<script>{JS}</script>"
        )
    parts.append("</main></body></html>\n")
    stream.write("".join(parts))
