"""Words for figures: HTML escaping and short text alternatives for screen readers.

Plotly renders titles, hover text and labels as (a subset of) HTML, and ladder titles and
notes come from files that instructors and learners write.  Everything from a file goes
through :func:`escape` before it reaches a figure or an HTML widget.

The ``*_alt`` functions build the plain-text alternative every figure carries in
``fig.layout.meta["alt"]``: one or two sentences a screen reader can read aloud.  They return
plain text (not HTML); escape it if you put it inside HTML yourself.

>>> escape("<b>Chief</b> & co")
'&lt;b&gt;Chief&lt;/b&gt; &amp; co'
>>> money(59280.0)
'$59,280'
>>> money(float("nan"))
'not published'
"""
from __future__ import annotations

import html
import math
import re
import textwrap

import pandas as pd

RIASEC_AREAS = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}


# Advance widths of Helvetica's characters " " to "~" in 1/1000 em (Adobe's core-font metrics).
# Arial, and Liberation Sans (what "Arial" is on most Linux machines), have the same widths.
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_WIDER = {"…": 1000, "—": 1000, "–": 556, "’": 222, "‘": 222, "“": 333, "”": 333, "•": 350, "→": 1000}
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.I)


def text_width(value: str, size: float = 14) -> float:
    """Width in pixels of one line of plain text set in Arial at ``size`` px.

    An estimate from Helvetica's character widths (Arial and Liberation Sans share them); a
    character outside ASCII counts as 0.6 em (a few punctuation marks, such as "…", as their
    own width). Figures use it to leave room for their labels before the browser measures them
    (see ``careerkit.plots``).

    >>> round(text_width("4. Software Development Manager"), 1)   # Chromium measured 216.7
    216.3
    """
    return sum(_HELVETICA[ord(c) - 32] if 32 <= ord(c) < 127 else _WIDER.get(c, 600) for c in str(value)) * size / 1000


def label_width(label: str, size: float = 14) -> float:
    """Width in pixels of a plotly label (``<br>`` for line breaks, ``<b>``, HTML entities):
    its widest line; bold lines count 10% wider.

    >>> label_width("Registered<br>Nurse") == text_width("Registered")
    True
    """
    lines = _BREAK.split(str(label))
    return max((text_width(html.unescape(_TAG.sub("", line)), size) * (1.1 if "<b>" in line.lower() else 1)
                for line in lines), default=0.0)


def _missing(value) -> bool:
    """True for None, NaN, NaT and pd.NA."""
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(value))


def plain(value) -> str:
    """``value`` as text; missing values (None, NaN, pd.NA) become ``""``.

    >>> plain(None), plain(3), plain(" Fire Captain ")
    ('', '3', 'Fire Captain')
    """
    return "" if _missing(value) else str(value).strip()


_THOUSANDS = re.compile(r"\d{1,3}([, ]\d{3})+(\.\d+)?")


def number(value) -> float | None:
    """A finite number from an int, a float, a numpy scalar or a text a learner or a spreadsheet
    writes ("45000", "$52,000", "£38 000", "4.5"); ``None`` for anything else, a missing value
    or a bool. The one rule every part of careerkit reads a number by (``careerkit.validate``
    applies the same text rule to whole columns at once).

    >>> number("$52,000"), number(" 4.5 "), number("£38 000"), number("12,5"), number(True)
    (52000.0, 4.5, 38000.0, None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:  # numpy scalar
        value = value.item()
    if isinstance(value, str):
        value = re.sub(r"^[$£€]\s*", "", value.strip())
        if _THOUSANDS.fullmatch(value):
            value = re.sub(r"[, ]", "", value)
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def escape(value) -> str:
    """Text from a data file made safe for HTML (plotly titles, hover text, HTML widgets).

    Missing values become ``""``. A double quote becomes ``&#34;``, not ``&quot;``: plotly.js
    decodes numeric references but shows ``&quot;`` literally; browsers read both the same way.

    >>> escape('Firefighter "II" <lateral>')
    'Firefighter &#34;II&#34; &lt;lateral&gt;'
    """
    return html.escape(plain(value), quote=True).replace("&quot;", "&#34;")


_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def show_controls(value) -> str:
    """Text with its bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the other
    embedding, override, isolate and mark characters) written out as ``[U+202E]``, so an export
    shows them instead of letting them reorder what a reader sees ("cod.exe" shown as "exe.doc").

    >>> show_controls("invoice\u202egpj.exe")
    'invoice[U+202E]gpj.exe'
    """
    return _BIDI_CONTROLS.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(value))


def escape_line(value) -> str:
    """Text a learner typed, on one line (every run of spaces and line breaks becomes one space)
    and escaped with :func:`escape`.

    >>> escape_line("Finish  the <b>course</b>   in May")
    'Finish the &lt;b&gt;course&lt;/b&gt; in May'
    """
    return escape(" ".join(str(value).split()))


def html_table(rows: pd.DataFrame, *, notes: dict | None = None, caption: str | None = None) -> str:
    """``rows`` as an HTML table for an app (class ``ck-table``): one row per table row, the
    columns named as the headings, cells already written as text (:func:`money`, :func:`plain` …).
    ``notes`` maps a column to one text per row, shown in small type under that cell (whose pay it
    is, what the years are). ``caption`` names the table above it. Every heading, cell, note and the
    caption is escaped; missing cells are empty.  Every app's table is written by it (the notebooks'
    tables are :class:`Table`, pandas' own ``to_html``).

    Each cell carries its column's name in ``data-label``: on a narrow page the apps' style shows
    one block per row with every value named (``DataFrame.to_html`` cannot set attributes per cell,
    which is why this table is written here).

    >>> html_table(pd.DataFrame({"Role": ["<b>Chief</b>"], "Pay": ["$120,000"]})).count("&lt;b&gt;")
    1
    >>> "<small>median of 33-1021</small>" in html_table(pd.DataFrame({"Pay": ["$1"]}), notes={"Pay": ["median of 33-1021"]})
    True
    """
    notes = notes or {}
    heads = [escape(c) for c in rows.columns]
    body = []
    for i, row in enumerate(rows.itertuples(index=False, name=None)):
        cells = []
        for column, head, value in zip(rows.columns, heads, row):
            shown = escape(value)
            note = notes.get(column)
            if note is not None and i < len(note) and plain(note[i]):
                shown += f"<br><small>{escape(note[i])}</small>"
            cells.append(f"<td data-label='{head}'>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    title = f"<caption>{escape(caption)}</caption>" if plain(caption) else ""
    return (f"<table class='ck-table'>{title}<thead><tr>" + "".join(f"<th scope='col'>{h}</th>" for h in heads)
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def wrap_html(value, width: int = 32, *, max_lines: int | None = None) -> str:
    """Escaped text broken into lines of about ``width`` characters with ``<br>`` (words are
    never split, so a longer word gets a line of its own). ``max_lines``: at most that many
    lines, the last one ending with "…" when the text was longer.

    Plotly does not wrap text by itself.

    >>> wrap_html("Work you do for the pay <now>", width=12)
    'Work you do<br>for the pay<br>&lt;now&gt;'
    >>> wrap_html("Assistant Chief of Fire Prevention Operations", width=12, max_lines=2)
    'Assistant<br>Chief of…'
    """
    lines = textwrap.wrap(plain(value), width=width, break_long_words=False) or [""]
    if max_lines and len(lines) > max_lines:
        rest = textwrap.shorten(" ".join(lines[max_lines - 1:]), width=width, placeholder="…")
        lines = [*lines[:max_lines - 1], rest]
    return "<br>".join(escape(line) for line in lines)


def money(value) -> str:
    """US dollars rounded to the dollar, or ``'not published'`` when missing.

    >>> money(132300)
    '$132,300'
    """
    if _missing(value):
        return "not published"
    return f"${float(value):,.0f}"


def signed_money(value) -> str:
    """A pay change with its sign, e.g. ``'+$4,200'`` or ``'-$1,000'``.

    >>> signed_money(4200), signed_money(-1000), signed_money(None)
    ('+$4,200', '-$1,000', 'not published')
    """
    if _missing(value):
        return "not published"
    v = float(value)
    return f"{'+' if v >= 0 else '-'}${abs(v):,.0f}"


def years(value) -> str:
    """A number of years in words: ``'1 year'``, ``'2.5 years'``.

    >>> years(1), years(2.5), years(0)
    ('1 year', '2.5 years', '0 years')
    """
    if _missing(value):
        return "unknown years"
    v = float(value)
    shown = f"{v:g}"
    return f"{shown} year" if v == 1 else f"{shown} years"


def records(df, columns) -> list[dict]:
    """Rows of ``df`` as dicts with only ``columns`` (None where a column is absent).

    Much faster than ``DataFrame.itertuples``/``to_dict`` for the few rows of a figure.

    >>> records(pd.DataFrame({"a": [1, 2]}), ["a", "b"])
    [{'a': 1, 'b': None}, {'a': 2, 'b': None}]
    """
    n = len(df)
    lists = [df[c].tolist() if c in df.columns else [None] * n for c in columns]
    return [dict(zip(columns, values)) for values in zip(*lists)] if lists else [{} for _ in range(n)]


# ---- a table a keyboard can scroll ---------------------------------------------------------

#: Focus ring of a scrollable table (the apps' controls use the same: careerkit.widgets._a11y).
_TABLE_STYLE = ".ck-table:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }"


class Table:
    """A DataFrame shown in a notebook as a table that scrolls sideways inside its own box.

    A wide table in a notebook scrolls inside JupyterLab's output area, which the keyboard cannot
    reach (WCAG 2.1.1). Here the scrolling box is careerkit's: a named region (``label``) that Tab
    reaches and the arrow keys scroll. Cells are HTML-escaped (``DataFrame.to_html(escape=True)``);
    the plain-text view is the DataFrame's own.
    """

    def __init__(self, df: pd.DataFrame, label: str, *, index: bool = False):
        if not plain(label):
            raise ValueError("table(): give the table a label that says what it shows")
        self.df, self.label, self.index = df, plain(label), index

    def _repr_html_(self) -> str:
        body = self.df.to_html(index=self.index, escape=True, border=0, na_rep="")
        return (f"<style>{_TABLE_STYLE}</style>"
                f"<div class='ck-table' role='region' aria-label='{escape(self.label)}' tabindex='0' "
                f"style='overflow-x:auto;max-width:100%'>{body}</div>")

    def __repr__(self) -> str:
        return repr(self.df)


def table(df: pd.DataFrame, label: str, *, index: bool = False) -> Table:
    """``df`` as a notebook table a keyboard can scroll (see :class:`Table`); ``label`` names it
    for screen readers, e.g. ``"The fire-service ladder, one row per step"``.

    >>> table(pd.DataFrame({"step": [1], "title": ["<Chief>"]}), "Steps")._repr_html_().count("&lt;Chief&gt;")
    1
    """
    return Table(df, label, index=index)


# ---- text alternatives, one per figure -----------------------------------------------------


def timeline_alt(timeline, ladder: str = "") -> str:
    """Sentence describing a ladder timeline (``careerkit.model.timeline`` output).

    ``timeline``: one row per step with step, title, start_year, end_year, pay.
    """
    rows = records(timeline, ["step", "title", "start_year", "pay"])
    if not rows:
        return f"The {plain(ladder)} ladder has no steps." if plain(ladder) else "This ladder has no steps."
    parts = [
        f"step {r['step']}, {plain(r['title'])}, from year {r['start_year']:g}, pay {money(r['pay'])}"
        for r in rows
    ]
    name = f"The {plain(ladder)} ladder" if plain(ladder) else "This ladder"
    return f"{name} has {len(rows)} step{'s' if len(rows) != 1 else ''}: " + "; ".join(parts) + "."


def pay_by_step_alt(steps, ladder: str = "") -> str:
    """Sentence listing each step's pay and its 10th–90th percentile band."""
    rows = records(steps, ["title", "pay", "pay_p10", "pay_p90"])
    name = f"the {plain(ladder)} ladder" if plain(ladder) else "this ladder"
    if not rows:
        return f"Pay by step on {name}: no steps."
    parts = []
    for r in rows:
        band = ""
        if not (_missing(r["pay_p10"]) or _missing(r["pay_p90"])):
            band = f" (most earn {money(r['pay_p10'])} to {money(r['pay_p90'])})"
        parts.append(f"{plain(r['title'])} {money(r['pay'])}{band}")
    return f"Pay by step on {name}: " + "; ".join(parts) + "."


def compare_alt(name_a: str, steps_a, name_b: str, steps_b) -> str:
    """Sentence comparing two ladders' first and last step pay."""

    def one(name, steps):
        if len(steps) == 0:
            return f"{plain(name)} has no steps"
        first, last = steps.iloc[0], steps.iloc[-1]
        return (
            f"{plain(name)} goes from {plain(first['title'])} at {money(first['pay'])} "
            f"to {plain(last['title'])} at {money(last['pay'])} in {len(steps)} steps"
        )

    return f"Two ladders: {one(name_a, steps_a)}; {one(name_b, steps_b)}."


def job_vs_career_alt(dimensions) -> str:
    """Sentence per dimension: what a job means and what a career means."""
    parts = [
        f"{plain(r['dimension'])}: a job means {plain(r['job'])}; a career means {plain(r['career'])}"
        for r in records(dimensions, ["dimension", "job", "career"])
    ]
    return "Job versus career. " + ". ".join(parts) + "."


def lifetime_alt(earnings, crossover: int | None) -> str:
    """Sentence with the totals after N years and the crossover year."""
    if len(earnings) == 0:
        return "Lifetime earnings over 0 years: nothing to compare."
    last = earnings.iloc[-1]
    n = int(last["year"])
    job, career = last["job_cumulative"], last["career_cumulative"]
    lead = "career path" if career > job else "job path"
    diff = abs(career - job)
    if crossover is None:
        cross = "The career path does not pull ahead for good within these years."
    else:
        cross = f"The career path pulls ahead for good in year {crossover}."
    return (
        f"Over {n} years, staying a {plain(last['job_title'])} adds up to {money(job)} and the career "
        f"path adds up to {money(career)}; the {lead} earns {money(diff)} more. {cross}"
    )


def pyramid_alt(steps, ladder: str = "") -> str:
    """Sentence with the jobs at each step and the jobs per job at the step below."""
    rows = records(steps, ["title", "headcount", "jobs_per_job_below", "headcount_share"])
    if not rows:
        return "No steps to count."
    parts = []
    for r in rows:
        count = "not published" if _missing(r["headcount"]) else f"{r['headcount']:,.0f} jobs"
        part = f"{plain(r['title'])}: {count}"
        if not _missing(r["jobs_per_job_below"]):
            part += f" ({r['jobs_per_job_below']:.2f} per job at the step below)"
        if not _missing(r["headcount_share"]) and r["headcount_share"] < 1:
            part += " (assumed share of a code several ranks share)"
        parts.append(part)
    where = f" of the {plain(ladder)} ladder" if ladder else ""
    return f"Jobs at each step{where} in the US, OEWS May 2025: " + "; ".join(parts) + "."


def fan_alt(sim, job_title: str = "", on_time=None) -> str:
    """Sentences describing the bands of a simulated lifetime (``careerkit.simulate.Simulation``)."""
    c = sim.columns
    n = len(c["year"])
    people = sim.odds.people
    if n == 0:
        return f"{people:,} simulated working lives over 0 years: nothing to compare."
    job = f"staying a {plain(job_title)}" if job_title else "staying in one job"
    pv = " (present value)" if getattr(sim.odds, "discount_rate", 0) else ""

    def band(path):
        lo, med, hi = (c[f"{path}_cumulative_{q}"][-1] for q in ("p10", "median", "p90"))
        return f"between {money(lo)} and {money(hi)} (median {money(med)})"

    out = (f"{people:,} simulated working lives over {n} years. After {n} years the middle 80% of people "
           f"{job} have earned {band('job')}{pv}; climbing the ladder, {band('career')}{pv}. "
           f"The career path is ahead for {c['share_ahead'][-1]:.0%} of people, behind for "
           f"{c['share_behind'][-1]:.0%}, level for the rest.")
    reached = sim.reached_counts()
    if len(reached["step"]):
        out += " Highest step reached: " + "; ".join(
            f"{plain(t)} {int(k):,}" for t, k in zip(reached["title"], reached["people"])) + "."
    if on_time is not None:
        total = (on_time.columns["career_cumulative_median"] if isinstance(getattr(on_time, "columns", None), dict)
                 else on_time["career_cumulative"].to_numpy())
        if len(total) == n:
            out += f" If every promotion came on time the career path would total {money(total[-1])}{pv}."
    return out


def next_steps_alt(steps, current_title: str) -> str:
    """Sentence listing the possible next steps with their pay change."""
    rows = records(steps, ["title", "pay_change"])
    if not rows:
        return f"No related occupations that ask for more preparation or pay more than {plain(current_title)}."
    parts = [
        f"{plain(r['title'])} ({signed_money(r['pay_change'])} a year)" if not _missing(r["pay_change"])
        else f"{plain(r['title'])} (pay not published)"
        for r in rows
    ]
    return f"Possible next steps from {plain(current_title)}: " + "; ".join(parts) + "."


def interests_alt(scores) -> str:
    """Sentence with the keyword count in each RIASEC area."""
    parts = [f"{RIASEC_AREAS.get(k, k)} {int(v)}" for k, v in scores.items()]
    return "Your interest keywords per area: " + ", ".join(parts) + "."

