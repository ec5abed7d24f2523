"""A job or a career over a working life: pick a ladder and a job, move the assumption sliders.

    from careerkit.widgets import LifetimeApp
    LifetimeApp(ladder="Nursing")

Two views.  *1,000 simulated careers* (the default): ``careerkit.simulate.careers`` — each
person tries each promotion with the step's chance (from OEWS headcounts, scaled by the learner),
at times that vary around the ladder's years, at their own place in each occupation's P10–P90 pay
spread; the figure is the fan (``plots.lifetime_fan``: P10–P90 band and median of both paths).
*If every promotion comes on time*: ``careerkit.model.lifetime_earnings``, one person promoted to
every step at the ladder's years (``plots.lifetime_earnings``).  Every pay is a published BLS OEWS
figure from the ladder table; the sliders are the learner's own assumptions
(``careerkit.model.Assumptions`` and ``careerkit.simulate.Odds`` document each one and its default).

CSS classes (stable; browser tests use them):
``ck-app ck-lifetime`` (the app), ``ck-ladder-select`` (the career path), ``ck-job-select`` (the job
kept for life), ``ck-years-slider``, ``ck-pace-slider``, ``ck-growth-slider``,
``ck-training-years-slider``, ``ck-training-pay-slider``, ``ck-ramp-slider``, ``ck-entry-select``,
``ck-view-select`` (simulated careers or every promotion on time), ``ck-chance-slider``,
``ck-discount-slider``, ``ck-training-cost-slider``,
``ck-lifetime-sentence`` (the result in words), ``ck-figure ck-lifetime-figure``, ``ck-alt``,
``ck-status``.
"""
from __future__ import annotations

from functools import partial

import ipywidgets as w
import pandas as pd

from careerkit import model, plots, simulate
from careerkit.text import html_table
from careerkit.widgets._base import (
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
SIMULATED, ON_TIME = "simulated", "on_time"
# two panels, and the fan's bands and five-entry legend; both views the same height, so switching
# does not move the page (at 420 px the panels of a narrow page left no room for their axis titles)
FIGURE_HEIGHT = 640
#: Choices whose results are kept, of each kind: a slider's whole range (the training cost's 101
#: steps) and every ladder. A simulation, its two on-time tables (before and after the discount
#: rate and training cost) and its figure take about 105 kB together, so at most about 13 MB.
KEPT = 128
#: Simulated people kept, before their totals (``simulate.Lives``) and before any promotion
#: (``simulate.People``): the current ones and the last.
LIVES_KEPT = 2
#: Ladders whose steps are read when the app opens (the first in the list; the shipped table has 13).
READ_AT_OPEN = 40


class LifetimeApp(App):
    """Staying in one job versus climbing a ladder, year by year and added up.

    ``ladders``: a DataFrame with one row per ladder step (shape of ``careerkit.ladders()``);
    default: the shipped ladders — both lists are filled from it. ``ladder``: the career shown first.
    ``view``: ``"simulated"`` (default, 1,000 simulated careers) or ``"on_time"`` (every promotion on time).
    ``app.apply(ladder="Nursing", years=30, pace=1.5)`` changes the choices and returns after the
    redraw. Control names: ladder, job, years, pace, growth (percent a year), training_years,
    training_pay, ramp (years to the median), entry, view (``"simulated"`` or ``"on_time"``),
    chance (× the data's promotion chances), discount (percent a year), training_cost (dollars).
    """

    heading = "A job or a career over a working life"

    def __init__(self, *, ladders=None, ladder: str | None = None, view: str = SIMULATED):
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
        o = simulate.Odds()
        c["view"] = control(w.ToggleButtons, "ck-view-select", "Show",
                            options=[(f"{o.people:,} simulated careers", SIMULATED),
                                     ("If every promotion comes on time", ON_TIME)],
                            value=view if view in (SIMULATED, ON_TIME) else SIMULATED,
                            style={"description_width": "initial", "button_width": "auto"})  # labels not cut off
        c["chance"] = control(w.FloatSlider, "ck-chance-slider", "Promotion chance (× the data's)",
                              min=0.0, max=3.0, step=0.1, value=o.chance_scale, **slider)
        c["discount"] = control(w.FloatSlider, "ck-discount-slider", "Discount rate, % a year (present value)",
                                min=0.0, max=10.0, step=0.5, value=o.discount_rate * 100, **slider)
        c["training_cost"] = control(w.IntSlider, "ck-training-cost-slider", "Training cost ($, paid at the start)",
                                     min=0, max=100000, step=1000, value=int(o.training_cost), **slider)
        self.sentence = html_box("ck-lifetime-sentence")
        # one store per kind of result: a change stores one of each, and with one limit for them all
        # going through more choices than a third of it dropped every result just before it was
        # needed again, so that going back to a ladder or a slider value computed it all anew
        self._cache = Cache(KEPT + 2 * READ_AT_OPEN)  # the ladders' steps and the simulation's inputs
        self._plain, self._on_time, self._simulations, self._figures = Cache(KEPT), Cache(KEPT), Cache(KEPT), Cache(KEPT)
        # the simulated people's careers before their totals (about 0.7 MB each at 45 years): a new
        # discount rate or training cost adds them up again without drawing them again; and who the
        # people are before any promotion (about 1.1 MB): a new promotion chance only decides who is promoted
        self._lives, self._people = Cache(LIVES_KEPT), Cache(LIVES_KEPT)
        self._source_notes = Cache(KEPT)  # by ladder and job: every other control leaves them as they are
        self._read_ladders(names[:READ_AT_OPEN])
        self.earnings = self._earnings()
        self.panel = FigurePanel(self._figure(), css="ck-lifetime-figure")
        grid = controls_grid(
            *[c[k] for k in ("chance", "discount", "training_cost", "years", "pace", "growth", "ramp",
                             "training_years", "training_pay")],
        )
        self._build(
            w.HBox([c["ladder"], c["job"]], layout=w.Layout(width="100%", flex_flow="row wrap")),
            c["view"],
            grid,
            c["entry"],
            self.sentence,
            self.panel,
        )
        self._describe()
        self._show_what_applies()
        for widget in c.values():
            widget.observe(self._on_change, names="value")
        if ladder is not None and ladder != first:
            self.say(f"No ladder called '{ladder}'; showing '{first}' instead.", kind="warning")
        elif view not in (SIMULATED, ON_TIME):
            self.say(f"No view called '{view}'; use '{SIMULATED}' or '{ON_TIME}'. Showing the simulated careers.",
                     kind="warning")

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

    def odds(self) -> simulate.Odds:
        """The simulation's assumptions the sliders show (``careerkit.simulate.Odds``)."""
        c = self.controls
        return simulate.Odds(chance_scale=float(c["chance"].value), discount_rate=float(c["discount"].value) / 100,
                             training_cost=float(c["training_cost"].value))

    def _job_options(self):
        options = [("The ladder's first step", FIRST_STEP)]
        for i, r in self.ladders.iterrows():
            options.append((f"{r['title']} — {r['ladder']}, step {int(r['step'])}", int(i)))
        return options

    def _key(self):
        return (self.controls["ladder"].value, self.controls["job"].value, self.assumptions(), self.odds())

    def _read_ladders(self, names) -> None:
        """Read each ladder's steps and its first step as the job kept (what ``_inputs`` gives), once.

        The table does not change while the app is open, and reading a ladder is pandas work that
        took a kernel two to four times as long right after a pause (the caches cooled by the page's
        drawing) as back to back: picking a ladder then only simulates and draws. A ladder that
        cannot be read is left to say why when it is picked.
        """
        for name in names:
            try:
                steps = self._cache.get(("steps", name), partial(model.get_ladder, name, ladders=self.ladders))
                self._cache.get(("inputs", name, FIRST_STEP), partial(simulate.prepare, steps))
            except (ValueError, KeyError, LookupError):
                continue

    def _inputs(self) -> simulate.Inputs:
        """The ladder's steps and the job, read once for both views (``simulate.prepare``)."""
        name, job = self.controls["ladder"].value, self.controls["job"].value
        self.steps = self._cache.get(("steps", name), lambda: model.get_ladder(name, ladders=self.ladders))
        return self._cache.get(("inputs", name, job), lambda: simulate.prepare(
            self.steps, None if job == FIRST_STEP else self.ladders.loc[job]))

    def _earnings(self):
        name, job = self.controls["ladder"].value, self.controls["job"].value
        inputs = self._inputs()
        assumptions, odds = self.assumptions(), self.odds()

        def counted():
            plain = self._plain.get((name, job, assumptions), lambda: model.lifetime_earnings_from(
                inputs.read, assumptions))
            return simulate.with_odds(plain, odds)

        # "every promotion on time" has no chance in it: a new chance redraws only the simulation
        return self._on_time.get((name, job, assumptions, odds.discount_rate, odds.training_cost), counted)

    def _simulation(self) -> simulate.Simulation:
        """The simulated careers for the current choices (the ladder and job read once)."""
        name, job = self.controls["ladder"].value, self.controls["job"].value
        inputs = self._inputs()
        assumptions, odds = self.assumptions(), self.odds()

        def lives():
            who = self._people.get((name, job, assumptions, odds.people_drawn()),
                                   lambda: simulate.people(inputs, assumptions, odds))
            return who.lives(odds)

        def simulation():
            return self._lives.get((name, job, assumptions, odds.drawn()), lives).simulation(odds)

        return self._simulations.get(self._key(), simulation)

    def _figure(self):
        if self.controls["view"].value == ON_TIME:
            return self._figures.get((ON_TIME, *self._key()),
                                     lambda: plots.lifetime_earnings(self.earnings, height=FIGURE_HEIGHT))
        self.simulation = self._simulation()
        # as plotly JSON: the panel redraws from it without a go.Figure being built
        return self._figures.get((SIMULATED, *self._key()), lambda: plots.lifetime_fan_json(
            self.simulation, on_time=self.earnings, job_title=self._job_title(), height=FIGURE_HEIGHT))

    def _job_title(self) -> str:
        return str(self.earnings["job_title"].iloc[0]) if len(self.earnings) else ""

    @guarded
    def _on_change(self, change=None):
        if not self.controls["ladder"].value:
            raise Friendly("Pick a career path from the list.")
        self.earnings = self._earnings()
        self.panel.show(self._figure())
        self._describe()
        self._show_what_applies()
        self.say("")

    def _show_what_applies(self):
        # "every promotion on time" has no chance to set: the slider is hidden there rather than left
        # doing nothing (a keyboard user would reach a control that changes nothing)
        on_time = self.controls["view"].value == ON_TIME
        self.controls["chance"].layout.display = "none" if on_time else None

    def _describe(self):
        e = self.earnings
        if len(e) == 0:
            self.sentence.value = "<p>Pick at least one working year.</p>"
            return
        if self.controls["view"].value == SIMULATED:
            self.sentence.value = self._describe_simulation()
            return
        self.sentence.value = self._describe_on_time()

    def _describe_simulation(self) -> str:
        sim, c = self.simulation, self.simulation.columns
        n, people = len(c["year"]), sim.odds.people
        start = esc(self.steps["title"].iloc[0])
        job = esc(self._job_title())
        ladder = esc(self.controls["ladder"].value)
        checkpoints = [y for y in (10, 20) if y < n] + [n]
        ahead = "; ".join(f"after {y} years <b>{c['share_ahead'][y - 1]:.0%}</b>" for y in checkpoints)
        last_behind = c["share_behind"][-1]
        level = 1 - c["share_ahead"][-1] - last_behind
        reached = sim.reached_counts()
        table = html_table(pd.DataFrame({
            "Highest step reached": [f"{int(k)}. {t}" for k, t in zip(reached["step"], reached["title"])],
            "People": [f"{int(m):,} of {people:,}" for m in reached["people"]],
            "Chance to move up to it": ["" if ch != ch else f"{ch:.0%}" for ch in reached["chance"]],
            "Where the chance comes from": list(reached["chance_basis"]),
        }, dtype=object))
        pv = float(self.controls["discount"].value)
        totals = f"present value at {pv:g}% a year" if pv else "not discounted"
        on_time = float(self.earnings["career_cumulative"].iloc[-1]) - float(self.earnings["job_cumulative"].iloc[-1])
        return (
            f"<p>{people:,} simulated people start as <b>{start}</b>. Compared with keeping the job <b>{job}</b>, "
            f"the share whose climb up the <b>{ladder}</b> ladder has earned more: {ahead}. After {n} years "
            f"{level:.0%} are level (never promoted, so they did the same job) and {last_behind:.0%} behind.</p>"
            f"<p>After {n} years the middle 80% of the career path has earned "
            f"{money(c['career_cumulative_p10'][-1])} – {money(c['career_cumulative_p90'][-1])} (median "
            f"{money(c['career_cumulative_median'][-1])}); of the job path {money(c['job_cumulative_p10'][-1])} – "
            f"{money(c['job_cumulative_p90'][-1])} (median {money(c['job_cumulative_median'][-1])}); {totals}. "
            f"If every promotion came on time the career path would be {money(on_time)} "
            f"{'ahead' if on_time >= 0 else 'behind'}.</p>"
            f"{table}"
            f"<p><small>Pay: {self._sources()}. Chances: jobs at a step per job at the step below (BLS OEWS May "
            "2025 headcounts; ranks sharing one code split by an assumption, see data/SOURCES.md) — a ceiling, not "
            "a measured promotion rate — times your promotion-chance slider. Each person tries each step once, at "
            "a time that varies around the ladder's years (log-normal, median 1× the ladder's wait); those years "
            "are related experience O*NET says is asked for to be hired, not times to promotion. Each person keeps "
            "one place between the 10th and 90th percentile of every occupation's pay. Discount rate, training "
            "cost, working years, pace, growth, training and the newcomer ramp are your assumptions.</small></p>"
        )

    def _describe_on_time(self) -> str:
        e = self.earnings
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
        return (
            f"<p>If every promotion comes on time: over {n} working years, keeping the job <b>{esc(last['job_title'])}</b> adds up to "
            f"{money(job)}; climbing the <b>{esc(ladder)}</b> ladder (to {esc(last['career_title'])}) adds up "
            f"to {money(career)} — {verdict}.{when}</p>"
            f"<p><small>Pay and years: {self._sources()}; "
            f"{'in dollars of the pay year' if not self.controls['growth'].value else 'growing by your assumed rate'}. "
            "The years are related experience O*NET says is asked for to be hired, not times to promotion; "
            "every promotion coming at them is the best case. Working years, pace, growth, training, discount "
            "rate, training cost and the newcomer ramp are your assumptions.</small></p>"
        )

    def _sources(self) -> str:
        """Where the ladder's and the kept job's numbers come from (the table's ``source`` column)."""
        name, job = self.controls["ladder"].value, self.controls["job"].value
        return self._source_notes.get((name, job), lambda: self._sources_of(job))

    def _sources_of(self, job: str) -> str:
        rows = [self.steps]
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
