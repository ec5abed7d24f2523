"""Exports of a plan: Markdown, CSV, and a standalone HTML page with the plan timeline.

Everything the learner typed is escaped for HTML and Markdown; CSV cells that a
spreadsheet would run as a formula are neutralised whatever list separator the spreadsheet
uses; bidirectional control characters (U+202E …) are shown as ``[U+202E]`` in every export.
"""
from __future__ import annotations

import copy
import csv
import html
import io
import re

from careerkit.plan._milestone import YEAR_LABEL
from careerkit.plan._timeline import plan_timeline
from careerkit.text import escape_line as _h
from careerkit.text import show_controls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
# A formula starts a cell, or starts what a spreadsheet reads as a cell: the text after any
# list separator it may use (",", ";" in most of Europe, tab, "|"), a line break, or spaces.
_CSV_FORMULA = re.compile(r"(^|[,;\t|\r\n])(\s*)(?=[=+\-@])")
_CSV_BLANK_START = ("\t", "\r", "\n")
_SOURCES_NOTE = ("Proposed years: start year + the ladder's years_from_start (related work experience "
                 "O*NET 29.3 says is asked for to be hired, not a measured time to promotion); "
                 "education and training: BLS Employment Projections 2024–34. "
                 "Target years and everything you typed are your own plan.")


def _md(s) -> str:
    """Learner text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    s = " ".join(str(s).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(s, quote=False))


def _shown(plan):
    """A copy of ``plan`` whose text shows bidirectional controls as ``[U+202E]``."""
    def changed(obj, fields):
        new = copy.copy(obj)  # not dataclasses.replace: the copy is only read, not checked again
        for f in fields:
            setattr(new, f, show_controls(getattr(obj, f)))
        return new

    shown = changed(plan, ("current", "target", "ladder"))
    shown.milestones = [changed(m, ("text", "way", "source")) for m in plan.milestones]
    return shown


def _rows(plan) -> list[dict]:
    return [{"number": i + 1, "milestone": m.text, "way": m.way,
             "year": "" if m.year is None else m.year, "date": m.date.isoformat() if m.date else "",
             "done": "yes" if m.done else "no", "source": m.source}
            for i, m in enumerate(plan.milestones)]


def export_markdown(plan) -> str:
    plan = _shown(plan)
    lines = [f"# Career plan: {_md(plan.current)} → {_md(plan.target)}", "",
             f"- Current job: {_md(plan.current)}", f"- Target role: {_md(plan.target)}"]
    if plan.ladder:
        lines.append(f"- Career ladder: {_md(plan.ladder)}")
    lines += [f"- Plan starts: {plan.start_year} (your own assumption)",
              f"- Milestones: {len(plan.milestones)}, done: {sum(m.done for m in plan.milestones)}", "",
              f"| # | Milestone | Way it serves | {YEAR_LABEL} | Done | Source |",
              "|---|---|---|---|---|---|"]
    for r in _rows(plan):
        when = r["date"] or r["year"]
        lines.append(f"| {r['number']} | {_md(r['milestone'])} | {_md(r['way'])} | {when} | "
                     f"{r['done']} | {_md(r['source'])} |")
    lines += ["", _SOURCES_NOTE.replace("*", "\\*"), ""]
    return "\n".join(lines)


def export_csv(plan) -> str:
    def cell(v):
        s = _CSV_FORMULA.sub(r"\1\2'", str(v))
        return "'" + s if s.startswith(_CSV_BLANK_START) else s

    plan = _shown(plan)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; a \r inside a cell is then quoted too
    w.writerow(["current", "target", "number", "milestone", "way", YEAR_LABEL, "date", "done", "source"])
    for r in _rows(plan):
        w.writerow([cell(plan.current), cell(plan.target), r["number"], cell(r["milestone"]), cell(r["way"]),
                    r["year"], r["date"], r["done"], cell(r["source"])])
    return buf.getvalue()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }}
tr.done td {{ color: #555; }}
.note {{ font-size: .9em; color: #444; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<ul>
{facts}
</ul>
<h2>Milestones</h2>
<table>
<thead><tr><th>#</th><th>Milestone</th><th>Way it serves</th><th>{year_label}</th><th>Done</th><th>Source</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Timeline</h2>
{figure}
<p class="note" id="timeline-text">{alt}</p>
<p class="note">{sources}</p>
</main>
</body>
</html>
"""


def export_html(plan) -> str:
    plan = _shown(plan)
    fig = plan_timeline(plan)
    facts = [f"Current job: <strong>{_h(plan.current)}</strong>", f"Target role: <strong>{_h(plan.target)}</strong>"]
    if plan.ladder:
        facts.append(f"Career ladder: {_h(plan.ladder)}")
    facts.append(f"Plan starts: {plan.start_year} (your own assumption)")
    rows = [f'<tr class="{"done" if r["done"] == "yes" else "todo"}"><td>{r["number"]}</td><td>{_h(r["milestone"])}'
            f'</td><td>{_h(r["way"])}</td><td>{_h(r["date"] or r["year"])}</td><td>{r["done"]}</td>'
            f'<td>{_h(r["source"])}</td></tr>' for r in _rows(plan)]
    return _PAGE.format(
        title=f"Career plan: {_h(plan.current)} → {_h(plan.target)}",
        facts="\n".join(f"<li>{f}</li>" for f in facts), year_label=_h(YEAR_LABEL),
        rows="\n".join(rows), alt=_h(fig.layout.meta["alt"]), sources=_h(_SOURCES_NOTE),
        figure=fig.to_html(include_plotlyjs=True, full_html=False, div_id="plan-timeline",
                           config={"displaylogo": False, "responsive": True}))
