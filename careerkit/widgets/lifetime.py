"""A job or a career over a working life: pick a ladder and a job, move the assumption sliders.

    from careerkit.widgets import LifetimeApp
    LifetimeApp(ladder="Nursing")

The earnings come from ``careerkit.model.lifetime_earnings``: every pay is a published BLS OEWS
figure from the ladder table; the sliders are the learner's own assumptions
(``careerkit.model.Assumptions`` documents each one and its default).

CSS classes (stable; browser tests use them):
``ck-app ck-lifetime`` (the app), ``ck-ladder-select`` (the career path), ``ck-job-select`` (the job
kept for life), ``ck-years-slider``, ``ck-pace-slider``, ``ck-growth-slider``,
``ck-training-years-slider``, ``ck-training-pay-slider``, ``ck-ramp-slider``, ``ck-entry-select``,
``ck-lifetime-sentence`` (the result in words), ``ck-figure ck-lifetime-figure``, ``ck-alt``,
``ck-status``.
"""
from __future__ import annotations

import ipywidgets as w

from careerkit import model, plots
from careerkit.widgets._base import (
    FIGURE_HEIGHT,
    App,
    Cache,
    FigurePanel,
    Friendly,
    control,
    controls_grid,
    esc,
    guarded,
    html_box,
    ladder_table,
    money,
)

FIRST_STEP = -1  # job choice: "the ladder's first step", follows the ladder


class LifetimeApp(App):
    """Staying in one job versus climbing a ladder, year by year and added up.

    ``ladders``: a DataFrame with one row per ladder step (shape of ``careerkit.ladders()``);
    default: the shipped ladders — both lists are filled from it. ``ladder``: the career shown first.
    ``app.apply(ladder="Nursing", years=30, pace=1.5)`` changes the choices and returns after the
    redraw. Control names: ladder, job, years, pace, growth (percent a year), training_years,
    training_pay, ramp (years to the median), entry.
    """

    heading = "A job or a career over a working life"

    def __init__(self, *, ladders=None, ladder: str | None = None):
        super().__init__()
        self.add_class("ck-lifetime")
        self.ladders = ladder_table(ladders).reset_index(drop=True)
        names = model.ladder_names(self.ladders, with_steps_only=True) or model.ladder_names(self.ladders)
        if not names:
            raise ValueError("LifetimeApp: the ladder table has no ladders; pass ladders= with at least one row.")
        first = ladder if ladder in names else names[0]
        d = model.Assumptions()
        c = self.controls
        c["ladder"] = control(w.Dropdown, "ck-ladder-select", "Career path (ladder)", options=names, value=first)
        c["job"] = control(w.Dropdown, "ck-job-select", "Job kept for life", options=self._job_options(), value=FIRST_STEP)
        slider = dict(continuous_update=False)
        c["years"] = control(w.IntSlider, "ck-years-slider", "Working years", min=1, max=50, value=d.years, **slider)
        c["pace"] = control(w.FloatSlider, "ck-pace-slider", "Promotion pace (× the data's years)",
                            min=0.5, max=2.0, step=0.1, value=d.pace, **slider)
        c["growth"] = control(w.FloatSlider, "ck-growth-slider", "Pay growth, % a year (both paths)",
                              min=0.0, max=5.0, step=0.5, value=d.pay_growth * 100, **slider)
        c["training_years"] = control(w.FloatSlider, "ck-training-years-slider", "Training before the career (years)",
                                      min=0.0, max=8.0, step=0.5, value=d.training_years, **slider)
        c["training_pay"] = control(w.IntSlider, "ck-training-pay-slider", "Pay while training ($ a year)",
                                    min=0, max=60000, step=1000, value=int(d.training_pay), **slider)
        c["ramp"] = control(w.FloatSlider, "ck-ramp-slider", "Years for a newcomer to reach the median",
                            min=0.0, max=20.0, step=1.0, value=d.years_to_median, **slider)
        c["entry"] = control(w.ToggleButtons, "ck-entry-select", "Newcomers start at",
                             options=[("10th percentile pay", "p10"), ("median pay", "median")],
                             value=d.entry_percentile)
        self.sentence = html_box("ck-lifetime-sentence")
        self._cache = Cache()
        self.earnings = self._earnings()
        self.panel = FigurePanel(self._figure(), css="ck-lifetime-figure")
        grid = controls_grid(
            *[c[k] for k in ("years", "pace", "growth", "ramp", "training_years", "training_pay")],
        )
        self._build(
            w.HBox([c["ladder"], c["job"]], layout=w.Layout(width="100%", flex_flow="row wrap")),
            grid,
            c["entry"],
            self.sentence,
            self.panel,
        )
        self._describe()
        for widget in c.values():
            widget.observe(self._on_change, names="value")
        if ladder is not None and ladder != first:
            self.say(f"No ladder called '{ladder}'; showing '{first}' instead.", kind="warning")

    # -- model wiring ------------------------------------------------------------------------
    def assumptions(self) -> model.Assumptions:
        """The assumptions the sliders show (``careerkit.model.Assumptions``)."""
        c = self.controls
        return model.Assumptions(
            years=int(c["years"].value),
            pace=float(c["pace"].value),
            training_years=float(c["training_years"].value),
            training_pay=float(c["training_pay"].value),
            years_to_median=float(c["ramp"].value),
            entry_percentile=c["entry"].value,
            pay_growth=float(c["growth"].value) / 100,
        )

    def _job_options(self):
        options = [("The ladder's first step", FIRST_STEP)]
        for i, r in self.ladders.iterrows():
            options.append((f"{r['title']} — {r['ladder']}, step {int(r['step'])}", int(i)))
        return options

    def _key(self):
        return (self.controls["ladder"].value, self.controls["job"].value, self.assumptions())

    def _earnings(self):
        name = self.controls["ladder"].value
        self.steps = self._cache.get(("steps", name), lambda: model.get_ladder(name, ladders=self.ladders))
        job = self.controls["job"].value
        job_row = None if job == FIRST_STEP else self.ladders.loc[job]
        return self._cache.get(
            ("earnings", *self._key()),
            lambda: model.lifetime_earnings(self.steps, job=job_row, assumptions=self.assumptions()),
        )

    def _figure(self):
        return self._cache.get(("figure", *self._key()),
                               lambda: plots.lifetime_earnings(self.earnings, height=FIGURE_HEIGHT))

    @guarded
    def _on_change(self, change=None):
        if not self.controls["ladder"].value:
            raise Friendly("Pick a career path from the list.")
        self.earnings = self._earnings()
        self.panel.show(self._figure())
        self._describe()
        self.say("")

    def _describe(self):
        e = self.earnings
        if len(e) == 0:
            self.sentence.value = "<p>Pick at least one working year.</p>"
            return
        last = e.iloc[-1]
        n = int(last["year"])
        job, career = float(last["job_cumulative"]), float(last["career_cumulative"])
        ladder = self.controls["ladder"].value
        cross = model.crossover_year(e)
        if career > job:
            verdict = f"the career earns <b>{money(career - job)} more</b>"
            when = (f" It pulls ahead for good in year {cross}." if cross else "")
        elif job > career:
            verdict = f"staying in the job earns <b>{money(job - career)} more</b>"
            when = " Within these years the career path does not catch up."
        else:
            verdict, when = "both paths earn the same", ""
        self.sentence.value = (
            f"<p>Over {n} working years, keeping the job <b>{esc(last['job_title'])}</b> adds up to "
            f"{money(job)}; climbing the <b>{esc(ladder)}</b> ladder (to {esc(last['career_title'])}) adds up "
            f"to {money(career)} — {verdict}.{when}</p>"
            f"<p><small>Pay and years: {self._sources()}; "
            f"{'in dollars of the pay year' if not self.controls['growth'].value else 'growing by your assumed rate'}. "
            "Working years, pace, growth, training and the newcomer ramp are your assumptions.</small></p>"
        )

    def _sources(self) -> str:
        """Where the ladder's and the kept job's numbers come from (the table's ``source`` column)."""
        rows = [self.steps]
        job = self.controls["job"].value
        if job != FIRST_STEP:
            rows.append(self.ladders.loc[[job]])
        found = []
        for df in rows:
            for value in df.get("source", []):
                text = esc(value)
                if text and text not in found:
                    found.append(text)
        year = _pay_year(self.steps)
        return "; ".join(found) or (f"the ladder table (pay year {year})" if year else "the ladder table")


def _pay_year(steps) -> str:
    if "pay_year" not in steps.columns:
        return ""
    import pandas as pd

    years = sorted({str(int(y)) for y in pd.to_numeric(steps["pay_year"], errors="coerce").dropna()})
    return "/".join(years)
