"""The plan timeline: a learner's milestones on a year axis (a pure figure builder)."""
from __future__ import annotations

import textwrap

from careerkit.plan._milestone import YEAR_LABEL
from careerkit.text import escape_line as _h

NO_WAY = "(no way chosen)"
# Okabe-Ito colours (readable with colour-vision deficiencies) with 3:1 contrast or more against the
# page (WCAG 1.4.11; see careerkit.plots), one per way, set per trace; the figure is built on
# careerkit.plots' base (font, no template, title, text alternative, margins).
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
# and a marker shape per way, so a way is told by its shape (filled = done, "-open" = not yet) even
# where two ways share a colour
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "pentagon", "hexagon", "star"]


LABEL_WIDTH, LABEL_LINES = 36, 3


def _label(i: int, text: str) -> str:
    """``"1. text"`` on at most three lines of 36 characters (plotly does not wrap), escaped; a
    longer text ends with "…" (the whole text is in the hover, the list and the exports). A line
    fits above the plot on a 320 px page (WCAG 1.4.10)."""
    # only the first 120 characters can show: wrapping a pasted 3 MB word whole took 18 s
    lines = textwrap.wrap(" ".join(f"{i + 1}. {text[:120]}".split()), width=LABEL_WIDTH) or [f"{i + 1}."]
    if len(lines) > LABEL_LINES or len(text) > 120:
        rest = textwrap.shorten(" ".join(lines[LABEL_LINES - 1:]), width=LABEL_WIDTH - 1, placeholder="…")
        lines = [*lines[:LABEL_LINES - 1], rest]
    return "<br>".join(_h(line) for line in lines)


def _way_names(plan) -> list[str]:
    """One trace per way, in a fixed order: the five ways (``careerkit.five_ways()``), then
    milestones without a way, then any other way the plan names."""
    try:
        from careerkit import five_ways

        known = [str(w) for w in dict.fromkeys(five_ways()["way"])]
    except Exception:  # noqa: BLE001 - the table only fixes the order; a plan still draws without it
        known = []
    return list(dict.fromkeys([*known, "", *(m.way for m in plan.milestones)]))


def plan_timeline(plan, *, title=None, height=None):
    """The plan on a year axis: one marker per milestone that has a year (y = "number. text",
    one trace, colour and marker shape per way it serves; filled = done, open = not yet), and a dotted line at
    the start year. ``plan``: a :class:`careerkit.Plan`. Returns a ``go.Figure`` (never shown);
    ``fig.layout.meta["alt"]`` is a plain-text alternative that also lists milestones without a
    year. All learner text is HTML-escaped before it reaches the figure.

    There is a trace for each of the five ways (then "no way chosen", then any other way in the
    plan) whether or not it has milestones: a way keeps its colour, and an app redraws the figure
    in place instead of removing and adding traces. Only ways with milestones are in the legend.
    """
    from careerkit import plots

    dated = [(i, m) for i, m in enumerate(plan.milestones) if m.year is not None]
    data = []
    for k, way in enumerate(_way_names(plan)):
        pts = [(i, m) for i, m in dated if m.way == way]
        data.append({
            "type": "scatter", "mode": "markers", "name": _h(way or NO_WAY), "showlegend": bool(pts),
            "x": [m.year for _, m in pts], "y": [_label(i, m.text) for i, m in pts],
            "marker": {"size": 14, "color": COLOURS[k % len(COLOURS)], "line": {"width": 2},
                       "symbol": [SYMBOLS[k % len(SYMBOLS)] + ("" if m.done else "-open") for _, m in pts]},
            "customdata": [[_h(m.source), "done" if m.done else "not done yet"] for _, m in pts],
            "hovertemplate": "%{y}<br>%{x} (your plan), %{customdata[1]}<br>%{customdata[0]}<extra></extra>",
        })
    heading = _h(title) if title is not None else f"Your plan: {_h(plan.current)} → {_h(plan.target)}"
    years = [m.year for _, m in dated] + [plan.start_year]
    # the note starts at the dotted line: centred on it, half of it hung past the figure's left edge
    notes = [{"x": plan.start_year, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": "left",
              "text": "plan starts (your assumption)", "showarrow": False, "font": {"size": 11}}]
    if not dated:
        notes.append({"text": "No milestones with a year yet", "showarrow": False, "x": 0.5, "y": 0.5,
                      "xref": "paper", "yref": "paper"})
    labels = [_label(i, m.text) for i, m in dated]
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    # each milestone's text above its row, not beside the plot: there it took two thirds of a
    # phone-width figure
    above = plots.names_above_bars(labels, bar=MARK_ROW / plots.text_row_height(lines, MARK_ROW))
    ways = sum(bool(t["x"]) for t in data)
    # said outright: plotly.js would also count the empty traces and show a legend for one way
    shown = ways > 1
    layout = {
        # room for the "plan starts" note above the plot, and for the legend under the x axis
        "margin": {"t": 80, "b": plots.legend_room(ways + 1) if shown else 50},  # the ways and the legend's title
        "xaxis": {"title": {"text": YEAR_LABEL}, "tickformat": "d", "gridcolor": "#E5E5E5",
                  "range": [min(years) - 0.5, max(years) + 0.5], "tickangle": 0,
                  # at most four whole years labelled, kept level (turned labels would make plotly.js
                  # redraw): four fit beside 24-character milestone labels on a 320 px page
                  **{k: v for k, v in plots.whole_ticks(max(years) - min(years) + 1, most=4).items()
                     if k != "tickformat"},
                  "minor": {"dtick": 1, "tick0": 0, "showgrid": True, "gridcolor": "#F2F2F2"}},  # a line a year
        "yaxis": {**above["yaxis"], "type": "category", "categoryorder": "array", "categoryarray": labels},
        # under the plot, not beside it: at the side the legend took half of a phone-width figure.
        # One way per line (each entry wider than any page), so the room it needs is the same at
        # every width: left to wrap, it took as many lines as the page was narrow and ran into the
        # axis title. Horizontal, because plotly.js widens the left margin for a vertical legend there.
        "legend": plots.legend_under(title={"text": "Way it serves", "side": "top"}),
        "showlegend": shown,
        "shapes": [{"type": "line", "x0": plan.start_year, "x1": plan.start_year, "y0": 0, "y1": 1,
                    "xref": "x", "yref": "paper", "line": {"dash": "dot", "color": "grey"}}],
        "annotations": above["annotations"] + notes,
    }
    fig = plots.figure(data, layout, kind="plan_timeline", title=heading, alt=_alt(plan, dated), height=height)
    if height is None:
        fig.layout.height = plots.text_rows_height(fig.layout.margin, len(dated), lines, MARK_ROW)
    return fig


MARK_ROW = 22  # px of a row for its markers (14 px and their outline), under the milestone's text


def _alt(plan, dated) -> str:
    head = f"Plan timeline from {plan.current} to {plan.target}, starting {plan.start_year} (your assumption). "
    if not dated:
        body = "No milestone has a year yet."
    else:
        years = [m.year for _, m in dated]
        body = (f"{len(dated)} milestones with a year, from {min(years)} to {max(years)}; "
                f"{sum(m.done for _, m in dated)} done. " +
                " ".join(f"{m.year}: {m.text}{' (done)' if m.done else ''}." for _, m in dated))
    undated = [m.text for m in plan.milestones if m.year is None]
    if undated:
        body += " Without a year yet: " + "; ".join(undated) + "."
    return head + body

