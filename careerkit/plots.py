"""Figures: DataFrame in, ``go.Figure`` out (or the same figure as plotly JSON, :func:`figure_json`).
Nothing here shows a figure.

Every figure has integer year axes where years appear (``tickformat="d"``), the Okabe–Ito
colour-blind-safe palette, a title saying what the learner is looking at, a fixed
``layout.uirevision`` (so a learner's zoom survives in-place updates) and a plain-text
alternative for screen readers in ``fig.layout.meta["alt"]`` (read it with :func:`alt_text`).
Text from data files is escaped before it reaches titles or hover text.

Widgets build a new figure and redraw their ``go.FigureWidget`` in place with it (:func:`figure_changes`
says what changed; :func:`refresh` applies it with plotly's public API).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from careerkit import model, text

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
# Lines, markers and bars without an outline use only the palette's colours with at least 3:1
# contrast against the white page (WCAG 1.4.11): blue 5.2, vermillion 3.9, green 3.4, reddish purple
# 3.1, black 21.  Orange (2.3), sky blue (2.3) and yellow (1.3) only fill a shape that has a dark outline.
JOB_COLOUR = OKABE_ITO["vermillion"]
CAREER_COLOUR = OKABE_ITO["blue"]
OUTLINE = dict(color=OKABE_ITO["black"], width=1)
FONT = dict(family="Arial, sans-serif", size=14)


# No plotly template: plotly's "none" template (plotly.js's plain white defaults) written out.
# Copying one of plotly's templates into every figure costs more than the rest of the figure;
# colours are set per trace.
_NO_TEMPLATE = {"data": {"scatter": [{"type": "scatter"}]}}


def figure(data: list[dict], layout: dict, *, kind: str, title: str, alt: str, height: int | None) -> go.Figure:
    """One ``go.Figure`` built in one go from plain dicts, on the base every careerkit figure shares:
    :func:`as_figure` of :func:`figure_json`."""
    return as_figure(figure_json(data, layout, kind=kind, title=title, alt=alt, height=height))


def figure_json(data: list[dict], layout: dict, *, kind: str, title: str, alt: str, height: int | None) -> dict:
    """The figure of :func:`figure` as plotly JSON, ``{"data": [...], "layout": {...}}``, on the base
    every careerkit figure shares.

    ``data``: plotly trace dicts; ``layout``: what this figure adds (axes, legend, shapes; a
    ``margin`` given here replaces the base margin before the title's extra lines are added);
    ``kind`` names the figure (``meta.kind``, ``uirevision``); ``title`` is escaped HTML and is
    wrapped; ``alt`` is the plain-text alternative (``meta.alt``).

    :func:`as_figure` makes it a ``go.Figure``; the lifetime app redraws its figure from the JSON
    itself (:func:`lifetime_fan_json`), as building a ``go.Figure`` costs more than the rest of it.
    """
    title, extra_lines = wrap_title(title)
    layout = dict(layout)
    margin = {"l": 10, "r": 20, "t": 70, "b": 50, **(layout.pop("margin", None) or {})}
    margin["t"] += TITLE_LINE * extra_lines
    base = {
        "template": _NO_TEMPLATE,
        "font": FONT,
        "hoverlabel": {"align": "left"},
        # hung from the top: a title wrapped onto more lines grows down into the room the margin
        # gives each line (TITLE_LINE), never up past the figure's edge or down into the plot
        "title": {"text": title, "x": 0.01, "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
                  "pad": {"t": TITLE_PAD}},
        "uirevision": f"careerkit-{kind}",
        "meta": {"alt": alt, "kind": kind},
        "height": height,
        "margin": margin,
    }
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            axis.setdefault("automargin", True)  # long step titles and dollar ticks are never cut off
            # automargin already keeps labels inside the figure: skip plotly.js's per-label overflow check
            axis.setdefault("ticklabeloverflow", "allow")
    base["margin"] = fit_margins(data, layout, base["margin"])
    return {"data": data, "layout": {**base, **layout}}


_figure = figure  # the name the builders below use


def as_figure(spec: dict) -> go.Figure:
    """``go.Figure`` of plotly JSON made by this module (:func:`figure_json`, :func:`lifetime_fan_json`).

    Built without plotly's per-property validation (``_validate=False``), which is most of the
    cost of a figure and runs again when a widget copies it: the apps rebuild a figure on every
    change.  ``tests/test_plots.py`` checks every figure the package makes against plotly's full
    validation instead, so a wrong property name still fails the tests.
    """
    return _unvalidated(spec["data"], spec["layout"])


#: Height in pixels of one more line of a figure title (plotly's title font is 1.4 × the font).
TITLE_LINE = 26
TITLE_PAD = 16  # px above the title


def wrap_title(title: str, width: int = 64) -> tuple[str, int]:
    """A figure title (HTML: escaped text) on lines of about ``width`` characters, and how many lines
    it has beyond the first: plotly.js does not wrap titles, so a long one was cut off at the
    figure's right edge on a narrow page."""
    title = str(title)
    if len(title) <= width:
        return title, 0
    import textwrap

    lines = math.ceil(len(title) / width)
    # lines of about equal length, split at spaces only: the title stays the HTML it was (escaped
    # text, entities such as &lt; never contain a space)
    parts = textwrap.wrap(title, width=math.ceil(len(title) / lines) + 4, break_long_words=False,
                          break_on_hyphens=False)
    return "<br>".join(parts), len(parts) - 1


def _tick_label(axis: dict, values: list[float]) -> str:
    """The widest tick label a numeric axis is likely to show for ``values`` (digits as "0")."""
    top = max((abs(v) for v in values), default=1.0) * 1.06  # plotly pads the range a little
    fmt, prefix = str(axis.get("tickformat") or ""), str(axis.get("tickprefix") or "")
    if "s" in fmt:  # SI: $150k, $2.5M
        for unit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")):
            if top >= unit:
                digits = len(str(int(top // unit)))
                return prefix + "0" * digits + (".0" if digits == 1 else "") + suffix
        return prefix + "0.0"
    if "," in fmt:
        return prefix + f"{int(top):,}".translate(str.maketrans("123456789", "000000000"))
    return prefix + "0" * len(str(int(top)))


def fit_margins(data: list[dict], layout: dict, margin: dict) -> dict:
    """``margin`` widened for the figure's y-axis labels and a legend at the side, from the text.

    plotly.js measures the labels in the browser and widens the margins itself
    (``automargin``), but when the margin it finds differs from the figure's own it draws the
    whole figure a second time: on every update of an app whose labels change.  A margin that
    already fits (label widths estimated with :func:`careerkit.text.label_width`, plus the
    padding plotly.js adds, measured in Chromium) is drawn once; automargin still widens it if the
    estimate falls short, so a label is never cut off.
    """
    size = FONT["size"]
    left = 0.0
    for key, axis in layout.items():
        if not key.startswith("yaxis") or not isinstance(axis, dict):
            continue
        ref = "y" + key[len("yaxis"):]
        labels = list(axis.get("ticktext") or [])
        numbers: list[float] = []
        for trace in data:
            if trace.get("yaxis", "y") != ref or trace.get("y") is None:
                continue
            ys = list(trace["y"])
            if any(isinstance(y, str) for y in ys):
                labels += [y for y in ys if isinstance(y, str)]
                continue
            ys = [float(y) for y in ys if y is not None and y == y]
            upper = ((trace.get("error_y") or {}).get("array")) or []
            numbers += ys + [y + float(e) for y, e in zip(ys, upper) if e == e]
        if axis.get("showticklabels") is False:
            width = 0.0
        elif labels:
            width = max(text.label_width(label, size) for label in labels) + 12
        elif numbers:
            width = text.text_width(_tick_label(axis, numbers), size) + 9
        else:  # nothing on the axis yet: plotly.js still draws a tick label or two
            width = 20.0
        if (axis.get("title") or {}).get("text"):
            width += 1.35 * size
        left = max(left, width)
    right = 0.0
    legend = layout.get("legend") or {}
    shown = [t for t in data if t.get("showlegend", True) is not False and t.get("name")]
    # plotly.js puts a vertical legend beside the plot (x = 1.02) unless told where
    on_side = legend.get("orientation", "v") != "h" and float(legend.get("x", 1.02)) >= 1
    if on_side and (layout.get("showlegend") or (layout.get("showlegend") is None and len(shown) > 1)):
        entries = [text.label_width(t["name"], size) + 40 for t in shown]
        title = text.label_width((legend.get("title") or {}).get("text") or "", size)
        right = max([title, *entries]) + 17
    extra_bottom, overhang = 0.0, 0.0
    for key, axis in layout.items():
        if not key.startswith("xaxis") or not isinstance(axis, dict) or axis.get("side") == "top":
            continue
        ref = "x" + key[len("xaxis"):]
        xs = [x for t in data if t.get("xaxis", "x") == ref and t.get("x") is not None for x in t["x"]]
        labels = [x for x in xs if isinstance(x, str)]
        if labels and axis.get("tickangle") == 0:  # labels kept level: each extra line needs room
            lines = max(str(label).lower().count("<br>") + 1 for label in labels)
            extra_bottom = max(extra_bottom, (lines - 1) * 1.3 * size)
        elif not labels and xs and axis.get("showticklabels") is not False:
            # the last tick label is centred on the plot's right edge: half of it hangs over
            numbers = [float(x) for x in xs if x is not None and x == x]
            if numbers:
                overhang = max(overhang, text.text_width(_tick_label(axis, numbers), size) / 2 + 6)
    out = dict(margin)
    out["l"] = max(int(out.get("l", 0)), int(left + 7)) if left else out.get("l", 0)
    out["r"] = math.ceil(max(out.get("r", 0), overhang) + right)
    out["b"] = math.ceil(out.get("b", 0) + extra_bottom)
    return out


def _unvalidated(data: list[dict], layout: dict) -> go.Figure:
    try:
        return go.Figure(data=data, layout=layout, _validate=False)
    except TypeError:  # a plotly without the switch: validate (slower, same figure)
        return go.Figure(data=data, layout=layout)


def whole_ticks(span: float, most: int = 10) -> dict:
    """Tick settings for an axis of whole numbers (years, counts): ticks 1, 2, 5 or 10 … apart,
    at most ``most`` of them.

    ``tickformat="d"`` alone would print 0.5 as "0" (two ticks with the same label) when
    plotly picks half steps for a short range, or when a learner zooms in.
    """
    span = float(span) if np.isfinite(span) and span > 0 else 1.0
    for step in (1, 2, 5, 10, 20, 50, 100, 1000, 10000):
        if span / step <= most:
            return {"tickformat": "d", "tick0": 0, "dtick": step}
    return {"tickformat": "d"}



def _ladder_name(steps: pd.DataFrame) -> str:
    if "ladder" in steps.columns and len(steps):
        return text.plain(steps["ladder"].iloc[0])
    return ""


def _step_labels(steps: pd.DataFrame) -> list[str]:
    """``'1. Firefighter'`` — numbered so two steps with the same title stay apart; escaped."""
    return [f"{int(s)}. {text.escape(t)}" for s, t in zip(steps["step"], steps["title"])]


def _step_hover(tl: pd.DataFrame) -> list[str]:
    out = []
    keys = ["title", "start_year", "end_year", "pay", "pay_basis", "education", "training", "experience",
            "years_basis", "note", "source"]
    rows = text.records(tl, keys)
    for i, r in enumerate(rows):
        when = (f"Years {r['start_year']:g}–{r['end_year']:g} from the start" if i < len(rows) - 1
                else f"From year {r['start_year']:g} on (the top step: the bar just shows a few years)")
        lines = [
            f"<b>{text.escape(r['title'])}</b>",
            when,
            f"Pay: {text.money(r['pay'])} a year ({text.escape(r.get('pay_basis')) or 'basis not given'})",
        ]
        for label, key in (("Education", "education"), ("Training", "training"), ("Experience", "experience"),
                           ("Years based on", "years_basis"), ("Note", "note"), ("Source", "source")):
            value = text.escape(r.get(key))
            if value:
                long_text = key in ("note", "years_basis", "source")
                lines.append(f"{label}: {text.wrap_html(r.get(key), 60) if long_text else value}")
        out.append("<br>".join(lines))
    return out


def ladder_timeline(steps: pd.DataFrame, *, last_step_years: float = 5, title: str | None = None,
                    height: int | None = None) -> go.Figure:
    """Timeline of one career ladder: a bar per step from the year it starts to the year the
    next step starts, with its pay written on it and the step's name above it.

    ``steps``: one ladder, one row per step (``model.get_ladder(name)``).  Two traces: the
    bars (x = years at the step, base = start year, y = ``"1. Title"``) and a marker at each
    step's start year carrying the pay (a step reached in the same year as the next one still
    shows).  Hover: pay and its basis, education, training, experience, source.  The names are
    notes above the bars, not axis labels beside them: beside the bars a long name took most
    of the width of a phone-sized page and left the years a few pixels.
    """
    tl = model.timeline(steps, last_step_years=last_step_years)
    name = _ladder_name(steps)
    labels = _step_labels(tl)
    hover = _step_hover(tl)
    hovertemplate = "%{hovertext}<extra></extra>"
    data = [
        dict(type="bar", x=(tl["end_year"] - tl["start_year"]).tolist(), base=tl["start_year"].tolist(), y=labels,
             orientation="h", width=BAR, marker=dict(color=OKABE_ITO["sky_blue"], line=OUTLINE),
             name="years at this step",
             unselected=dict(marker=dict(opacity=0.3)),
             hovertext=hover, hovertemplate=hovertemplate, showlegend=False),
        dict(type="scatter", x=tl["start_year"].tolist(), y=labels, mode="markers+text",
             text=[text.money(p) for p in tl["pay"]], textposition="middle right",
             marker=dict(symbol="diamond", size=12, color=OKABE_ITO["black"]), textfont=dict(color=OKABE_ITO["black"]),
             # a step the learner did not pick stays readable: grey text on white, not a pale tint
             unselected=dict(marker=dict(opacity=0.35), textfont=dict(color="#555555")),
             name="pay", hovertext=hover, hovertemplate=hovertemplate, showlegend=False),
    ]
    layout = dict(
        xaxis=dict(title=dict(text="Years from the start of the career"), rangemode="tozero",
                   **whole_ticks(tl["end_year"].max() if len(tl) else 1)),
        **names_above_bars(labels),
        showlegend=False,
    )
    what = f"the {text.escape(name)} ladder" if name else "this ladder"
    return _figure(data, layout, kind="ladder_timeline",
                   title=title or f"How long each step takes on {what}, and what it pays",
                   alt=text.timeline_alt(tl, name), height=height or 140 + 50 * len(tl))


#: Thickness of a bar of a timeline or a next-steps figure, as a share of its row (the rest of the
#: row holds the bar's name).
BAR = 0.45


#: ``name`` of the notes :func:`names_above_bars` makes (``careerkit.widgets`` finds them by it)
ROW_NAME = "careerkit-row"


def names_above_bars(names: list[str], bar: float = BAR) -> dict:
    """Layout of a horizontal bar figure whose bar names are notes above the bars, flush with the
    plot's left edge, instead of axis labels beside them: ``yaxis`` (the first bar at the top,
    room above it for its name, no tick labels) and ``annotations``.

    Beside the bars a long name takes its width from the plot (on a phone-sized page the plot
    kept a few pixels) and a name of two or three lines ran into the next one.
    """
    # room above the first row for its name: the bar's share of a row, or all a name takes
    top = -0.5 - max(bar, 0.5 - bar / 2)
    return dict(
        yaxis=dict(range=[len(names) - 0.5, top], showticklabels=False, ticks=""),
        # named, so the page can give the rows more height when it wraps a name onto more lines
        annotations=[dict(x=0, xref="paper", xanchor="left", y=i - bar / 2, yref="y", yanchor="bottom",
                          text=name, showarrow=False, align="left", name=ROW_NAME) for i, name in enumerate(names)],
    )


def _pay_trace(steps: pd.DataFrame, x, colour: str, name: str, symbol: str = "circle", dash: str = "solid",
               *, across: bool = False) -> dict:
    """Pay per step with its P10-P90 spread: ``x`` the steps' positions and the pay up the y axis,
    or with ``across`` the steps down the y axis (``x`` then gives their names) and the pay across."""
    pay = pd.to_numeric(steps["pay"], errors="coerce").to_numpy(float)
    p10 = pd.to_numeric(model.optional_column(steps, "pay_p10"), errors="coerce").to_numpy(float)
    p90 = pd.to_numeric(model.optional_column(steps, "pay_p90"), errors="coerce").to_numpy(float)
    hover = [
        f"<b>{text.escape(t)}</b><br>Pay used: {text.money(p)}<br>"
        f"Most earn (10th–90th percentile): {text.money(lo)} to {text.money(hi)}<br>"
        f"{text.escape(b)}"
        for t, p, lo, hi, b in zip(steps["title"], pay, p10, p90, model.optional_column(steps, "pay_basis"))
    ]
    spread = dict(type="data", symmetric=False, array=np.nan_to_num(p90 - pay, nan=0).tolist(),
                  arrayminus=np.nan_to_num(pay - p10, nan=0).tolist(), color=colour, thickness=2, width=8)
    steps_at, pay_at, error = ("y", "x", "error_x") if across else ("x", "y", "error_y")
    return {
        "type": "scatter", steps_at: list(x), pay_at: pay.tolist(), "mode": "lines+markers", "name": text.escape(name) or "pay",
        "line": dict(color=colour, width=3, dash=dash), "marker": dict(size=10, color=colour, symbol=symbol),
        error: spread, "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>",
    }


def _pay_axis() -> dict:
    # short ticks ($150k): at full length ($150,000) they took half of a phone-sized figure
    return dict(title=dict(text="Pay per year (US dollars)"), tickprefix="$", tickformat="~s", rangemode="tozero")


def pay_by_step(steps: pd.DataFrame, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """Pay at each step of one ladder, with a line from the 10th to the 90th percentile
    (most people in that occupation earn within it).

    ``steps``: one ladder, one row per step.  One trace: y = ``"1. Title"`` (the first step at the
    top, each step's name above its point, see :func:`names_above_bars`), x = pay; where a
    percentile is not published the line is left out on that side.  The steps run down the page
    so that their names have the figure's width: along the x axis five names took 500 px and ran
    into each other on a phone-sized page.
    """
    steps = steps.sort_values("step", kind="stable")
    name = _ladder_name(steps)
    labels = _step_labels(steps)
    data = [_pay_trace(steps, labels, CAREER_COLOUR, name, across=True)]
    layout = dict(xaxis=_pay_axis(), **names_above_bars(labels), showlegend=False)
    what = f"the {text.escape(name)} ladder" if name else "this ladder"
    return _figure(data, layout, kind="pay_by_step",
                   title=title or f"Pay at each step of {what} (lines: what the middle 80% of workers earn)",
                   alt=text.pay_by_step_alt(steps, name), height=height or 140 + 50 * len(steps))


def ladder_pyramid(steps: pd.DataFrame, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """People per step of one ladder: a horizontal bar per step (the first step at the bottom),
    centred so the ladder reads as a pyramid, with the jobs and the jobs per job at the step below
    written on each bar.

    ``steps``: one ladder, one row per step, with ``headcount`` (and optionally
    ``jobs_per_job_below``, ``headcount_share``) as in ``careerkit.ladders()``.  Two traces: steps
    with their own OEWS code (solid) and steps whose headcount is an assumed share of a code
    several ranks share (hatched, and said in the label).
    """
    steps = steps.sort_values("step", kind="stable")
    name = _ladder_name(steps)
    heads = pd.to_numeric(model.optional_column(steps, "headcount"), errors="coerce").to_numpy(float)
    ratio = pd.to_numeric(model.optional_column(steps, "jobs_per_job_below"), errors="coerce").to_numpy(float)
    share = pd.to_numeric(model.optional_column(steps, "headcount_share"), errors="coerce").to_numpy(float)
    labels = [text.wrap_html(f"{int(s)}. {t}", 22, max_lines=2) for s, t in zip(steps["step"], steps["title"])]
    assumed = ~np.isnan(share) & (share < 1)
    words = []
    for h, r, a in zip(heads, ratio, assumed):
        w = "no headcount" if np.isnan(h) else f"{h:,.0f} jobs"
        if not np.isnan(r):
            w += f"<br>{r:.2f} per job below"
        words.append(w + (" (assumed split)" if a else ""))
    data = []
    for keep, label, pattern in ((~assumed, "own OEWS code", ""), (assumed, "assumed share of a shared code", "/")):
        at = np.flatnonzero(keep)
        width = np.nan_to_num(heads[at])
        data.append(dict(type="bar", orientation="h", y=[labels[i] for i in at], x=width.tolist(),
                         base=(-width / 2).tolist(), name=label, text=[words[i] for i in at],
                         textposition="outside", cliponaxis=False, showlegend=True,
                         marker=dict(color=CAREER_COLOUR, line=dict(color=OKABE_ITO["black"], width=1),
                                     pattern=dict(shape=pattern, fgcolor="white", fillmode="overlay")),
                         textfont=dict(size=13), hovertemplate="%{y}<br>%{text}<extra></extra>"))
    top = float(np.nanmax(heads)) if np.isfinite(heads).any() else 1.0
    layout = dict(
        barmode="overlay", bargap=0.15,
        yaxis=dict(categoryorder="array", categoryarray=labels, title=dict(text="Step on the ladder")),
        # room on the right for the words beside the widest bar
        xaxis=dict(range=[-top * 0.55, top * 1.55], showticklabels=False, zeroline=False, showgrid=False,
                   title=dict(text="Jobs in the US, BLS OEWS May 2025 (bar width)")),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
    )
    what = f"the {text.escape(name)} ladder" if name else "this ladder"
    return _figure(data, layout, kind="ladder_pyramid",
                   title=title or f"How many people hold each step of {what}",
                   alt=text.pyramid_alt(steps, name), height=height or 160 + 70 * max(len(steps), 1))


def compare_ladders(steps_a: pd.DataFrame, steps_b: pd.DataFrame, *, title: str | None = None,
                    height: int | None = None) -> go.Figure:
    """Two ladders on the same axes: pay (with the 10th–90th percentile bar) against step number.

    Two traces, one per ladder; x = step number (the first ladder's points shifted 0.06 left and
    the second's 0.06 right so the bars do not hide each other), whole-number ticks.
    """
    a = steps_a.sort_values("step", kind="stable")
    b = steps_b.sort_values("step", kind="stable")
    name_a, name_b = _ladder_name(a) or "Ladder A", _ladder_name(b) or "Ladder B"
    xa = (pd.to_numeric(a["step"]).astype(float) - 0.06).tolist()
    xb = (pd.to_numeric(b["step"]).astype(float) + 0.06).tolist()
    data = [_pay_trace(a, xa, CAREER_COLOUR, name_a),
            _pay_trace(b, xb, OKABE_ITO["vermillion"], name_b, symbol="square", dash="dash")]
    layout = dict(xaxis=dict(title=dict(text="Step on the ladder"), tickformat="d", dtick=1),
                  # the legend above the plot: below it, it covered the x-axis title
                  yaxis=_pay_axis(), legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"))
    return _figure(data, layout, kind="compare_ladders",
                   title=title or f"{text.escape(name_a)} and {text.escape(name_b)}: pay step by step",
                   alt=text.compare_alt(name_a, a, name_b, b), height=height)


def job_vs_career(dimensions: pd.DataFrame, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """A job and a career side by side, one row per dimension (``careerkit.dimensions()``).

    Two traces: the job column (vermillion circles, left) and the career column (blue diamonds,
    right); y = dimension, each point's text is what that dimension looks like.
    """
    d = dimensions.sort_values("order", kind="stable") if "order" in dimensions.columns else dimensions
    dims = [f"<b>{text.wrap_html(v, 18)}</b>" for v in d["dimension"]]
    job = [text.wrap_html(v, 40) for v in d["job"]]
    career = [text.wrap_html(v, 40) for v in d["career"]]
    lines = max([s.count("<br>") + 1 for s in job + career + dims] or [1])

    def column(x, words, symbol, colour, name):
        return dict(type="scatter", x=[x] * len(d), y=dims, mode="markers+text", text=words,
                    textposition="middle right", marker=dict(symbol=symbol, size=16, color=colour), name=name,
                    hovertemplate=f"{name}: %{{text}}<extra></extra>")

    data = [column(0, job, "circle", JOB_COLOUR, "A job"), column(1, career, "diamond", CAREER_COLOUR, "A career")]
    layout = dict(
        xaxis=dict(range=[-0.1, 2.0], tickvals=[0.3, 1.3], ticktext=["<b>A job</b>", "<b>A career</b>"],
                   side="top", showgrid=False, zeroline=False, fixedrange=True),
        # reversed (first dimension on top), with room above the first row for the column headings
        yaxis=dict(range=[len(d) - 0.5, -0.5 - 0.035 * max(lines, 2)], fixedrange=True, showgrid=False),
        showlegend=False,
    )
    return _figure(data, layout, kind="job_vs_career",
                   title=title or "A job or a career? The same question, two answers",
                   alt=text.job_vs_career_alt(d), height=height or 120 + len(d) * (16 * max(lines, 2) + 24))


def lifetime_earnings(earnings: pd.DataFrame, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """Staying in one job versus climbing the ladder: pay each year (top panel) and the running
    total (bottom panel), with the year the career path pulls ahead for good marked.

    ``earnings``: ``model.lifetime_earnings`` output, one row per year.  Five traces, always:
    job and career pay per year (top), job and career running totals (bottom), and the crossover
    marker (empty when there is none).  A dotted line marks the crossover year on both panels.
    """
    e = earnings
    years = e["year"].astype(int).tolist()
    cross = model.crossover_year(e)
    job_name = f"Stay a {text.escape(e['job_title'].iloc[0])}" if len(e) else "Stay in one job"
    career_hover = [f"Year {y}: {text.escape(t)}" for y, t in zip(years, e["career_title"].tolist())]
    job_template = "Year %{x}: " + job_name.replace("%", "&#37;") + "<br>%{y:$,.0f}<extra></extra>"
    data = []
    # the job dashed and the career solid on both panels: the two paths differ by more than colour
    for col, name, colour, dash, axis, legend in [
        ("job_pay", job_name, JOB_COLOUR, "dash", "", True),
        ("career_pay", "Climb the ladder", CAREER_COLOUR, "solid", "", True),
        ("job_cumulative", job_name, JOB_COLOUR, "dash", "2", False),
        ("career_cumulative", "Climb the ladder", CAREER_COLOUR, "solid", "2", False),
    ]:
        trace = dict(type="scatter", x=years, y=e[col].astype(float).tolist(), mode="lines", name=name,
                     legendgroup=name, showlegend=legend, xaxis=f"x{axis}", yaxis=f"y{axis}",
                     line=dict(color=colour, width=3, dash=dash, shape="hv" if not axis else "linear"))
        if col.startswith("career"):
            trace.update(hovertext=career_hover, hovertemplate="%{hovertext}<br>%{y:$,.0f}<extra></extra>")
        else:
            trace.update(hovertemplate=job_template)
        data.append(trace)
    at = e.loc[e["year"] == cross, "career_cumulative"].astype(float).tolist() if cross else []
    label = [f"Year {cross}: the career path pulls ahead"] if cross else []
    data.append(dict(type="scatter", x=[cross] if cross else [], y=at, mode="markers+text", text=label,
                     textposition="top right" if cross and cross < len(e) / 2 else "top left",
                     marker=dict(symbol="star", size=16, color=OKABE_ITO["black"]),
                     # a white glow keeps the words readable where the two lines cross them
                     textfont=dict(shadow="0 0 3px white, 0 0 3px white, 0 0 2px white"),
                     name="crossover", showlegend=False, xaxis="x2", yaxis="y2",
                     hovertemplate="%{text}<extra></extra>"))
    line = dict(color=OKABE_ITO["black"], width=1, dash="dot")
    shapes = [dict(type="line", x0=cross, x1=cross, xref=xref, y0=0, y1=1, yref=f"{yref} domain", line=line)
              for xref, yref in (("x", "y"), ("x2", "y2"))] if cross else []
    money_axis = dict(tickprefix="$", tickformat="~s", rangemode="tozero")
    years_range = {"range": [0.5, len(e) + 0.5]} if len(e) else {}
    layout = dict(
        # years 1..N with half a year of room: no "0" tick crowding the "$0" of the money axis
        xaxis=dict(rangemode="tozero", matches="x2", showticklabels=True, anchor="y", **years_range,
                   **whole_ticks(len(e))),
        xaxis2=dict(rangemode="tozero", title=dict(text="Years of work"), anchor="y2", **years_range,
                    **whole_ticks(len(e))),
        yaxis=dict(domain=[0.58, 1.0], title=dict(text="Pay each year"), **money_axis),
        yaxis2=dict(domain=[0.0, 0.45], title=dict(text="Earned so far"), **money_axis),
        legend=dict(orientation="h", y=1.1, x=0.99, xanchor="right"),
        shapes=shapes,
    )
    return _figure(data, layout, kind="lifetime_earnings",
                   title=title or f"Staying in one job or climbing a ladder: {len(e)} years of earnings",
                   alt=text.lifetime_alt(e, cross), height=height or 620)


# px per entry of a legend under the plot, and around it: plotly.js widens the bottom margin to
# 58 + 21.5 px a line (measured in Chromium) if the figure leaves less, which takes the room from
# the plot
LEGEND_ROW, LEGEND_PAD = 22, 8


def legend_under(**more) -> dict:
    """A legend under the plot, from the figure's left edge, one entry a line (the same room at
    every width); the figure's bottom margin must hold it (:func:`legend_room`)."""
    return {"orientation": "h", "x": 0, "xanchor": "left", "xref": "container", "y": 0, "yanchor": "bottom",
            "yref": "container", "entrywidth": 2000, "entrywidthmode": "pixels", **more}


def legend_room(lines: int) -> int:
    """Bottom margin (px) of a figure with a :func:`legend_under` of ``lines`` lines (its entries,
    and its title if it has one) under its x axis and the axis title."""
    return 50 + LEGEND_PAD + LEGEND_ROW * lines


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _on_time_total(on_time, n: int) -> list[float]:
    """The on-time career total: a one-person ``Simulation`` made with ``Odds.on_time`` (discounted
    like the fan) or a ``model.lifetime_earnings`` table; [] when absent or of other years."""
    if on_time is None:
        return []
    values = on_time.columns["career_cumulative_median"] if hasattr(on_time, "columns") and isinstance(
        on_time.columns, dict) else on_time["career_cumulative"]
    return np.asarray(values, dtype=float).tolist() if len(values) == n else []


def lifetime_fan(sim, *, on_time: pd.DataFrame | None = None, job_title: str = "", title: str | None = None,
                 height: int | None = None) -> go.Figure:
    """Many simulated working lives: for the job path and the career path, the band from the 10th
    to the 90th percentile and the median, of pay each year (top panel) and of the running total
    (bottom panel, present value when the simulation discounts).

    ``sim``: a ``careerkit.simulate.Simulation``; ``on_time``: the same ladder and job "if every
    promotion comes on time" — ``simulate.careers(…, odds=Odds.on_time(discount_rate=…))`` (so it is
    discounted like the fan) or ``model.lifetime_earnings``; its career total is drawn dotted.
    Thirteen traces, always, so an app redraws by restyling: per panel, job P10, job P90 (band,
    hatched), career P10, career P90 (band, plain), job median (dashed, squares), career median
    (solid, circles); then the on-time career total (dotted).

    :func:`as_figure` of :func:`lifetime_fan_json`.
    """
    return as_figure(lifetime_fan_json(sim, on_time=on_time, job_title=job_title, title=title, height=height))


def lifetime_fan_json(sim, *, on_time: pd.DataFrame | None = None, job_title: str = "", title: str | None = None,
                      height: int | None = None) -> dict:
    """:func:`lifetime_fan` as plotly JSON (see :func:`figure_json`): what the lifetime app redraws its
    figure from, on every new simulation."""
    c = sim.columns
    years = c["year"].astype(int).tolist()
    n = len(years)
    job = f"Stay a {text.escape(job_title)}" if job_title else "Stay in one job"
    data = []
    for panel, axis in (("pay", ""), ("cumulative", "2")):
        first = not axis
        # the job's band is hatched and edged with dash-dot lines, the career's plain: told apart without colour
        for path, name, colour, pattern, edge in (("job", job, JOB_COLOUR, "/", "dashdot"),
                                                  ("career", "Climb the ladder", CAREER_COLOUR, "", "solid")):
            key = f"{path}_{panel}"
            label = f"{name}: middle 80%"
            for q, fill in (("p10", "none"), ("p90", "tonexty")):
                word = "10th" if q == "p10" else "90th"
                trace = dict(type="scatter", x=years, y=c[f"{key}_{q}"].tolist(), mode="lines", name=label,
                             legendgroup=f"{path}-band", showlegend=first and q == "p90", fill=fill,
                             line=dict(color=colour, width=1, dash=edge, shape="hv" if first else "linear"),
                             xaxis=f"x{axis}", yaxis=f"y{axis}",
                             hovertemplate=f"Year %{{x}}: {word} percentile, {name.replace('%', '&#37;')}"
                                           "<br>%{y:$,.0f}<extra></extra>")
                if fill != "none":
                    trace.update(fillcolor=_rgba(colour, 0.22),
                                 fillpattern=dict(shape=pattern, fgcolor=colour, size=8, solidity=0.15))
                data.append(trace)
        for path, name, colour, dash, symbol in (("job", job, JOB_COLOUR, "dash", "square"),
                                                 ("career", "Climb the ladder", CAREER_COLOUR, "solid", "circle")):
            data.append(dict(type="scatter", x=years, y=c[f"{path}_{panel}_median"].tolist(), mode="lines+markers",
                             name=f"{name}: median", legendgroup=f"{path}-median", showlegend=first,
                             line=dict(color=colour, width=3, dash=dash, shape="hv" if first else "linear"),
                             marker=dict(symbol=symbol, size=7, color=colour, maxdisplayed=12),
                             xaxis=f"x{axis}", yaxis=f"y{axis}",
                             hovertemplate=f"Year %{{x}}: median, {name.replace('%', '&#37;')}<br>%{{y:$,.0f}}<extra></extra>"))
    on = _on_time_total(on_time, n)
    data.append(dict(type="scatter", x=years if on else [], y=on, mode="lines",
                     name="Climb the ladder, every promotion on time", showlegend=True,
                     line=dict(color=OKABE_ITO["black"], width=2, dash="dot"), xaxis="x2", yaxis="y2",
                     hovertemplate="Year %{x}: every promotion on time<br>%{y:$,.0f}<extra></extra>"))
    money_axis = dict(tickprefix="$", tickformat="~s", rangemode="tozero")
    years_range = {"range": [0.5, n + 0.5]} if n else {}
    pv = getattr(sim.odds, "discount_rate", 0)
    total = "Present value" if pv else "Earned so far"  # short: a phone-sized panel has room for 13 letters
    layout = dict(
        xaxis=dict(rangemode="tozero", matches="x2", showticklabels=True, anchor="y", **years_range, **whole_ticks(n)),
        xaxis2=dict(rangemode="tozero", title=dict(text="Years of work"), anchor="y2", **years_range, **whole_ticks(n)),
        yaxis=dict(domain=[0.58, 1.0], title=dict(text="Pay each year"), **money_axis),
        yaxis2=dict(domain=[0.0, 0.45], title=dict(text=total), **money_axis),
        # under the plot from the figure's left edge, one entry a line: beside each other the
        # entries ran past the edge of a narrow figure (the page wraps a name still too long)
        legend=legend_under(),
        margin=dict(b=legend_room(sum(bool(t.get("showlegend")) for t in data))),
    )
    return figure_json(data, layout, kind="lifetime_fan",
                       title=title or f"{sim.odds.people:,} simulated working lives: staying in one job or climbing a ladder",
                       alt=text.fan_alt(sim, job_title, on_time), height=height or 720)


def next_steps(steps: pd.DataFrame, *, current_title: str, title: str | None = None,
               height: int | None = None) -> go.Figure:
    """Possible next steps from the current job, as a ranked bar of the pay change.

    ``steps``: ``model.next_steps`` output, one row per related occupation, best first.  One
    horizontal bar trace: y = related occupation (first at the top), x = pay change per year;
    green bars pay more, vermillion hatched ones less, no bar (0) when the pay is not published.  Above
    each bar a note names the occupation and says the pay change and whether it asks for more
    preparation (Job Zone).  As tall as the rows' text needs unless ``height`` is given.
    """
    change = pd.to_numeric(steps["pay_change"], errors="coerce").to_numpy(float)
    colours = [OKABE_ITO["black"] if np.isnan(c) else (OKABE_ITO["green"] if c >= 0 else JOB_COLOUR) for c in change]
    # bars that pay less are also hatched: the colour is never the only sign of it
    patterns = ["x" if np.isnan(c) else ("" if c >= 0 else "/") for c in change]
    zone = pd.to_numeric(model.optional_column(steps, "job_zone_change"), errors="coerce").to_numpy(float)
    words = [
        (f"{text.signed_money(c)} a year" if not np.isnan(c) else "pay not published")
        + ("" if np.isnan(z) or z <= 0 else f", more preparation (Job Zone +{z:g})")
        for c, z in zip(change, zone)
    ]
    hover = [
        f"<b>{text.escape(r.get('title'))}</b><br>Pay change: {text.signed_money(r.get('pay_change'))} a year"
        f"<br>Education: {text.escape(r.get('education')) or 'not given'}"
        f"<br>Experience: {text.escape(r.get('experience')) or 'not given'}"
        f"<br>Training: {text.escape(r.get('training')) or 'not given'}"
        for r in text.records(steps, ["title", "pay_change", "education", "experience", "training"])
    ]
    # one row per occupation, its name above its bar (in full: a shortened one could match another)
    # and what the step means under the name: written beside a bar, the words ran past the plot's
    # edge on a narrow page, where the bar took the width they needed
    names = [text.escape(t) for t in steps["title"]]
    labels = [text.wrap_html(f"{text.plain(t)}: {w}", NEXT_STEP_WIDTH) for t, w in zip(steps["title"], words)]
    lines = max((label.count("<br>") + 1 for label in labels), default=2)
    bar = NEXT_STEP_BAR / text_row_height(lines, NEXT_STEP_BAR)
    data = [dict(type="bar", x=np.nan_to_num(change, nan=0).tolist(), y=names, width=bar,
                 orientation="h", marker=dict(color=colours, pattern=dict(shape=patterns)),
                 hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", name="pay change")]
    cur = text.escape(current_title)
    empty = [dict(text=f"No related job asks for more preparation or pays more than {cur}.", showarrow=False,
                  x=0.5, y=0.5, xref="paper", yref="paper")] if len(steps) == 0 else []
    above = names_above_bars(labels, bar=bar)
    layout = dict(
        yaxis=above["yaxis"],
        xaxis=dict(title=dict(text="Pay change per year (US dollars)"), tickprefix="$", tickformat="~s",
                   zeroline=True, zerolinecolor=OKABE_ITO["black"]),
        showlegend=False,
        annotations=above["annotations"] + empty,
    )
    fig = _figure(data, layout, kind="next_steps",
                  title=title or f"From {cur}: related jobs that pay more or ask for more",
                  alt=text.next_steps_alt(steps, current_title), height=height)
    if height is None:
        fig.layout.height = text_rows_height(fig.layout.margin, len(steps), lines, NEXT_STEP_BAR)
    return fig


# characters per line of a next step's note (about 450 px); a narrower page wraps it again, and
# makes the rows taller for it (careerkit.widgets' figure module)
NEXT_STEP_WIDTH = 64
NEXT_STEP_BAR = 22  # px of a next step's row for its bar
#: px per line of text named above a row (1.3 × the 14 px font), and between two rows
TEXT_LINE, TEXT_ROW_PAD = 19, 6


def text_row_height(lines: int, mark: int) -> int:
    """Height (px) of one row of a :func:`names_above_bars` figure: ``lines`` of text above its
    bar or marker of ``mark`` px."""
    return TEXT_ROW_PAD + TEXT_LINE * max(lines, 1) + mark


def text_rows_height(margin, rows: int, lines: int, mark: int) -> int:
    """Height (px) of a :func:`names_above_bars` figure of ``rows`` rows (never less than two),
    each with at most ``lines`` lines of text above its ``mark`` px bar or marker: a category axis
    gives every row the same height. ``margin``: the figure's."""
    row = text_row_height(lines, mark)
    bar = mark / row
    # the rows and the room above the first one's text, as names_above_bars sets the axis range
    return round(margin["t"] + margin["b"] + row * (max(rows, 2) + max(bar, 0.5 - bar / 2)))


def interests(scores: pd.Series, *, title: str | None = None, height: int | None = None) -> go.Figure:
    """How many picked keywords fall in each RIASEC interest area (``model.interest_scores``).

    One horizontal bar trace: y = area name (each above its bar), x = count; the top three areas are
    blue and hatched, the rest grey.
    """
    s = pd.Series(scores).reindex(list(model.RIASEC)).fillna(0).astype(int)
    code = model.top_interests(s)
    names = [f"{text.RIASEC_AREAS[k]} ({k})" for k in s.index]
    data = [dict(type="bar", orientation="h", y=names, x=s.tolist(), text=[f"{v:g}" for v in s.tolist()],
                 textposition="outside", cliponaxis=False, width=BAR,
                 # the strongest areas blue and hatched, the others plain grey: not told by colour alone
                 marker=dict(color=[CAREER_COLOUR if k in code else "#BBBBBB" for k in s.index], line=OUTLINE,
                             pattern=dict(shape=["/" if k in code else "" for k in s.index])),
                 name="keywords", hovertemplate="%{y}: %{x} keywords<extra></extra>")]
    # the areas down the page, each name above its bar: along the x axis six names ran into each
    # other (and were cut off turned) on a phone-sized page
    layout = dict(xaxis=dict(title=dict(text="Keywords you picked"), rangemode="tozero",
                             **whole_ticks(max(s.max(), 1))),
                  **names_above_bars(names), showlegend=False)
    default = f"Your interests: strongest areas {code}" if code else "Your interests: pick some keywords"
    return _figure(data, layout, kind="interests", title=title or default, alt=text.interests_alt(s), height=height)


def class_results(questions: pd.DataFrame, *, learners: int | None = None, title: str | None = None,
                  height: int | None = None) -> go.Figure:
    """How a class did on each self-check question (``careerkit.classroom.summarize``).

    ``questions``: one row per question, columns ``question`` (e.g. ``"2_1"``), ``tried``,
    ``right_first``, ``right_later``, ``not_yet_right`` (learners).  Three stacked horizontal bar
    traces, always (empty when nobody answered yet): right at the first try (solid), right
    later (hatched), not right yet (crossed); each bar's text is its number of learners, so
    nothing is told by colour alone.  ``learners``: the class size, for the title.
    """
    q = questions if len(questions) else pd.DataFrame(columns=["question", "tried", "right_first", "right_later",
                                                               "not_yet_right"])
    labels = [f"Question {text.escape(str(v)).replace('_', '.')}" for v in q["question"]]
    tried = [int(v) for v in q["tried"]]
    parts = [("right_first", "right at the first try", CAREER_COLOUR, ""),
             ("right_later", "right after another try", OKABE_ITO["sky_blue"], "/"),
             ("not_yet_right", "not right yet", JOB_COLOUR, "x")]
    data = []
    for col, name, colour, shape in parts:
        values = [int(v) for v in q[col]]
        data.append(dict(type="bar", orientation="h", x=values, y=labels, name=name,
                         marker=dict(color=colour, line=dict(color=OKABE_ITO["black"], width=1),
                                     pattern=dict(shape=shape, fgcolor=OKABE_ITO["black"], bgcolor=colour,
                                                  solidity=0.15)),
                         text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
                         textfont=dict(color=OKABE_ITO["black"] if shape else "#FFFFFF"),
                         customdata=tried, hovertemplate=f"%{{y}}: %{{x}} of %{{customdata}} learners {name}<extra></extra>"))
    empty = [dict(text="No answers recorded yet", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")] \
        if not len(q) else []
    layout = dict(barmode="stack", yaxis=dict(autorange="reversed"),
                  xaxis=dict(title=dict(text="Learners who tried the question"), rangemode="tozero",
                             **whole_ticks(max(tried, default=1))),
                  legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="normal"),
                  annotations=empty)
    who = f"{learners} learner{'s' if learners != 1 else ''}" if learners is not None else "the class"
    alt = (f"Self-check results of {who}: " + "; ".join(
        f"{lab}: {t} tried, {f} right at the first try, {r} right later, {n} not right yet"
        for lab, t, f, r, n in zip([lb.replace("Question ", "question ") for lb in labels], tried, q["right_first"],
                                   q["right_later"], q["not_yet_right"])) + "." if len(q)
           else f"Self-check results of {who}: no answers recorded yet.")
    return _figure(data, layout, kind="class_results",
                   title=title or f"Self-checks of {who}: who got each question right, and when",
                   alt=text.plain(alt), height=height or 170 + 34 * max(len(q), 3))


def alt_text(fig: go.Figure | dict) -> str:
    """The plain-text alternative of a careerkit figure (what a screen reader should say); ``fig``
    may also be the figure as plotly JSON (:func:`figure_json`)."""
    meta = fig.get("layout", {}).get("meta") if isinstance(fig, dict) else fig.layout.meta
    if isinstance(meta, dict) and meta.get("alt"):
        return str(meta["alt"])
    raise ValueError("This figure has no text alternative in layout.meta['alt']; build it with careerkit.plots.")


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and bool((a == b).all())
    try:
        return bool(a == b)
    except ValueError:  # nested numpy arrays compare element-wise
        return False


def _changes(old: dict, new: dict, keep=()) -> dict:
    """Top-level properties of ``new`` that differ from ``old``; ones only ``old`` has become None."""
    out = {k: v for k, v in new.items() if k not in old or not _same(old[k], v)}
    out.update({k: None for k in old if k not in new and k not in keep})
    return out


def figure_changes(old_data: list[dict], old_layout: dict, new_data: list[dict],
                   new_layout: dict) -> tuple[list[dict] | None, dict]:
    """What turns a figure shown now into a new one: ``(trace_changes, layout_changes)``.

    All four arguments are plotly JSON (``trace.to_plotly_json()``, ``layout.to_plotly_json()``,
    or the same properties read in place) and are only read; the changes hold the new values
    themselves, not copies.  ``trace_changes`` has one dict per trace: its top-level properties that
    changed, ``None`` for the ones the new trace no longer sets (``uid`` and ``type`` stay); it is
    ``None`` itself when the number or types of traces differ (the data is then replaced).
    ``layout_changes`` is the same for the layout, except that an axis range the learner set by
    zooming is kept while ``layout.uirevision`` stays the same, and margins then only grow:
    plotly.js draws a figure twice when its margins change, and the plot area stays put from one
    ladder to the next (see :func:`fit_margins`).
    """
    traces = None
    if len(old_data) == len(new_data) and all(o.get("type") == n.get("type") for o, n in zip(old_data, new_data)):
        traces = []
        for old, new in zip(old_data, new_data):
            diff = _changes(old, new, keep=("uid", "type"))
            diff.pop("uid", None)
            traces.append(diff)
    new_layout = dict(new_layout)
    same_view = new_layout.get("uirevision") == old_layout.get("uirevision")
    if same_view:
        for key, value in new_layout.items():
            if key.startswith(("xaxis", "yaxis")) and isinstance(value, dict):
                was = old_layout.get(key) or {}
                if was.get("autorange") is False and "range" not in value:  # the learner zoomed
                    new_layout[key] = {**value, "range": was.get("range"), "autorange": False}
        was, margin = old_layout.get("margin"), new_layout.get("margin")
        if isinstance(was, dict) and isinstance(margin, dict):
            new_layout["margin"] = {side: max(v, was[side]) if isinstance(was.get(side), (int, float))
                                    and isinstance(v, (int, float)) else v for side, v in margin.items()}
    return traces, _changes(old_layout, new_layout)


def refresh(figure: go.Figure, new_figure: go.Figure) -> None:
    """Copy ``new_figure`` into ``figure`` (a ``go.Figure`` or ``go.FigureWidget``) in place:
    no flicker, the learner's zoom kept (see :func:`figure_changes`).

    Only plotly's public API: the changes go in one ``batch_update``.  The apps' figures are
    redrawn by ``careerkit.widgets.update_figure`` (``FigurePanel.show``), which sends the same
    changes to the browser without plotly validating each property again.
    """
    traces, layout = figure_changes([t.to_plotly_json() for t in figure.data], figure.layout.to_plotly_json(),
                                    [t.to_plotly_json() for t in new_figure.data],
                                    new_figure.layout.to_plotly_json())
    with figure.batch_update():
        if traces is None:
            figure.data = ()
            figure.add_traces(list(new_figure.data))
        else:
            for trace, changes in zip(figure.data, traces):
                if changes:
                    trace.update(changes, overwrite=True)
        if layout:
            figure.layout.update(layout, overwrite=True)
