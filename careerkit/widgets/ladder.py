"""Ladder explorer: pick a career family (and, if you like, one step) → its timeline and pay.

    from careerkit.widgets import LadderExplorer
    LadderExplorer()                                  # the shipped ladders
    LadderExplorer(ladders=ck.load_ladders("my_ladders.csv"), ladder="Plumbing")

CSS classes (stable; browser tests use them):
``ck-app ck-ladder-explorer`` (the app), ``ck-ladder-select`` (career family),
``ck-step-select`` (step; "All steps" = 0), ``ck-step-details`` (the chosen step's facts and
sources), ``ck-figure ck-timeline-figure``, ``ck-figure ck-pay-figure``, ``ck-alt`` (text
alternative under each figure), ``ck-status`` (messages).
"""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from careerkit import model, plots
from careerkit.text import html_table, plain
from careerkit.widgets._base import (
    FIGURE_HEIGHT,
    App,
    Cache,
    FigurePanel,
    Friendly,
    control,
    esc,
    guarded,
    html_box,
    ladder_table,
    money,
)

ALL_STEPS = 0


class LadderExplorer(App):
    """Pick a career family → its timeline and its pay by step, redrawn in place.

    ``ladders``: a DataFrame with one row per step of a ladder (the shape of
    ``careerkit.ladders()``); default: the shipped ladders. ``ladder``: the family shown first.
    ``app.apply(ladder="Nursing", step=2)`` changes the choice and returns after the redraw.
    """

    heading = "Explore a career ladder"

    def __init__(self, *, ladders=None, ladder: str | None = None, step: int = ALL_STEPS):
        super().__init__()
        self.add_class("ck-ladder-explorer")
        self.ladders = ladder_table(ladders)  # loaded once; every change reuses it
        names = model.ladder_names(ladders=self.ladders)
        if not names:
            raise ValueError("LadderExplorer: the ladder table has no ladders; pass ladders= with at least one row.")
        first = ladder if ladder in names else names[0]
        self.ladder_select = control(w.Dropdown, "ck-ladder-select", "Career family", options=names, value=first)
        self.step_select = control(w.Dropdown, "ck-step-select", "Step", options=[("All steps", ALL_STEPS)])
        self.details = html_box("ck-step-details")
        self._filling = False
        self.controls = {"ladder": self.ladder_select, "step": self.step_select}

        self._cache = Cache()
        self.ladder_name = first
        self.steps = self._steps(first)
        self.timeline = FigurePanel(self._timeline_fig(), css="ck-timeline-figure")
        self.pay = FigurePanel(self._pay_fig(), css="ck-pay-figure")
        self._build(
            w.HBox([self.ladder_select, self.step_select], layout=w.Layout(width="100%", flex_flow="row wrap")),
            self.details,
            self.timeline,
            self.pay,
        )
        self.ladder_select.observe(self._on_ladder, names="value")
        self.step_select.observe(self._on_step, names="value")
        self._fill_steps()
        if first != ladder and ladder is not None:
            self.say(f"There is no ladder called '{ladder}'; showing '{first}' instead.", kind="warning")
        if step != ALL_STEPS:
            if step in [v for _, v in self.step_select.options]:
                self.step_select.value = step
            else:
                self.say(f"'{self.ladder_name}' has no step {step!r}; showing all its steps.", kind="warning")

    # -- model and figures -------------------------------------------------------------------
    def _steps(self, name):
        return self._cache.get(("steps", name), lambda: model.get_ladder(name, ladders=self.ladders))

    def _timeline_fig(self):
        return self._cache.get(("timeline", self.ladder_name),
                               lambda: plots.ladder_timeline(self.steps, height=FIGURE_HEIGHT))

    def _pay_fig(self):
        return self._cache.get(("pay", self.ladder_name),
                               lambda: plots.pay_by_step(self.steps, height=FIGURE_HEIGHT))

    # -- callbacks ---------------------------------------------------------------------------
    @guarded
    def _on_ladder(self, change=None):
        name = self.ladder_select.value
        if not name:
            raise Friendly("Pick a career family from the list.")
        self.steps = self._steps(name)
        self.ladder_name = name
        if self.steps.empty:
            raise Friendly(f"The ladder '{name}' has no steps in this table.")
        self.timeline.show(self._timeline_fig())
        self.pay.show(self._pay_fig())
        self._fill_steps()
        self.say("")

    @guarded
    def _on_step(self, change=None):
        if self._filling:  # the step list is being refilled for a new ladder
            return
        self._describe()
        self._highlight()

    def _fill_steps(self):
        options = [("All steps", ALL_STEPS)] + [
            (f"{int(s)}. {t}", int(s)) for s, t in zip(self.steps["step"].tolist(), self.steps["title"].tolist())
        ]
        self._filling = True
        try:
            self.step_select.options = options
            self.step_select.value = ALL_STEPS
        finally:
            self._filling = False
        self._describe()
        self._highlight()

    def _highlight(self):
        """Dim every step but the chosen one (plotly ``selectedpoints``) on both figures."""
        step = self.step_select.value
        index = None
        if step != ALL_STEPS:
            index = [i for i, s in enumerate(self.steps["step"]) if int(s) == step]
        n = len(self.steps)
        for panel in (self.timeline, self.pay):
            traces = [t for t in panel.figure.data
                      if "selectedpoints" in t and _length(t) == n and _points(t.selectedpoints) != index]
            if traces:
                with panel.figure.batch_update():
                    for trace in traces:
                        trace.selectedpoints = index

    def _describe(self):
        step = self.step_select.value
        steps = self.steps
        if step == ALL_STEPS:
            first, last = steps.iloc[0], steps.iloc[-1]
            years = last.get("years_from_start")
            self.details.value = (
                f"<p><b>{esc(self.ladder_select.value)}</b>: {len(steps)} step(s), from "
                f"<b>{esc(first['title'])}</b> ({money(first['pay'])} a year) to "
                f"<b>{esc(last['title'])}</b> ({money(last['pay'])} a year)"
                + (f", drawn {esc(_years(years))} years after starting (years of related experience O*NET "
                   "says are asked for to be hired, not a measured time to promotion)" if _years(years) else "")
                + ". Pick a step to see where its numbers come from.</p>"
            )
            return
        row = steps[steps["step"].astype(int) == step]
        if row.empty:
            raise Friendly(f"Step {step} is not part of '{self.ladder_select.value}'.")
        r = row.iloc[0]
        facts = [
            ("Pay", f"{money(r.get('pay'))} a year — {plain(r.get('pay_basis'))}"),
            ("Occupation's pay range (10th–90th percentile)",
             "" if _years(r.get("pay_p10")) == "" and _years(r.get("pay_p90")) == ""
             else f"{money(r.get('pay_p10'))} – {money(r.get('pay_p90'))}"),
            ("Years drawn from the start", _reached(r.get("years_from_start"), r.get("years_basis"))),
            ("Jobs here per job at the step below", _odds(r.get("jobs_per_job_below"), r.get("odds_basis"))),
            ("Entry education", plain(r.get("education"))),
            ("On-the-job training", plain(r.get("training"))),
            ("Related work experience", plain(r.get("experience"))),
            ("Occupation code", plain(r.get("soc_code"))),
            ("Source", plain(r.get("source"))),
            ("Note", plain(r.get("note"))),
        ]
        shown = [(k, v) for k, v in facts if v and v.strip(" —–")]
        self.details.value = html_table(
            pd.DataFrame(shown, columns=["About this step", "Value"], dtype=object), caption=plain(r["title"]))


def _reached(years, basis) -> str:
    """Where the ladder draws a step, in words, with what the number is (plain text)."""
    shown = _years(years)
    if shown == "":
        return ""
    when = "at the start of the career" if float(shown) == 0 else f"{shown} years from the start"
    basis = "" if basis is None or basis != basis else str(basis)
    if not basis or basis.startswith("start of the career"):
        return when
    return f"{when} — {basis}"


def _odds(ratio, basis) -> str:
    """Jobs at a step per job at the step below, with its headcounts (plain text); a ratio, not a rate."""
    shown = _years(ratio)
    if shown == "":
        return ""
    r = float(shown)
    reading = (f"at most about {r:.0%} of the step below could ever hold this step (if every post is filled "
               "from the step below and people stay as long in each)" if r < 1
               else "more jobs than at the step below: people also arrive from other routes, so this sets no limit")
    basis = "" if basis is None or basis != basis else str(basis)
    return f"{r:.2f} — {reading}" + (f" — {basis}" if basis else "")


def _points(value):
    return None if value is None else list(value)


def _length(trace) -> int:
    for axis in ("x", "y"):
        values = getattr(trace, axis, None)
        if values is not None:
            return len(values)
    return -1


def _years(value) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if v != v:  # NaN
        return ""
    return f"{v:g}"
