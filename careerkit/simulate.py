"""Many working lives at once: promotion chances, pay spread and present value.

``careerkit.model.lifetime_earnings`` follows one person who is promoted to every step at the
ladder's years ("if every promotion comes on time").  :func:`careers` follows many people
(default 1,000) through the same ladder and the same job, each with their own luck:

* **Promotion chance.**  Once a person holds a step, they get the next one with that step's
  chance, one draw per step for the whole working life; whoever misses stays where they are.
  The data's chance of a step is its ``move_up_cap`` (OEWS jobs at the step per job at the step
  below, where that is below 1; see data/SOURCES.md) and 1 where the headcounts set no limit —
  a ceiling, so the simulated odds are on the generous side.  ``Odds.chance_scale`` multiplies
  every chance (capped at 1); ``Odds.chance`` replaces them all by one number.
* **Timing.**  Each wait between two steps is the ladder's wait (× ``Assumptions.pace``) times a
  person's own factor, drawn from a log-normal distribution with median 1 and log-standard
  deviation ``Odds.timing_spread`` (0.4: half of the waits lie between 0.76 and 1.31 times the
  ladder's, 9 in 10 between 0.52 and 1.93; never negative).
* **Pay spread.**  Each person sits at one position ``q`` of the pay spread, drawn uniformly
  between the 10th and the 90th percentile (the range OEWS publishes; nothing is extrapolated
  beyond it) and kept for life, in the job and on the ladder alike.  Their pay at a step is the
  step's ``pay`` times their occupation's pay at ``q`` (straight lines between P10, median and
  P90) divided by its median.  A person never moves to a step that would pay them less than the
  step they hold (they would stay): their step pay is the most of the steps so far.
* **Training cost** (``Odds.training_cost``, default 0) is paid by the career path at the start.
* **Present value.**  Running totals are discounted at ``Odds.discount_rate`` a year: the pay
  of working year *n* counts ``(1 + rate) ** -(n - 1)``.  Pay per year is shown undiscounted.

Every draw comes from one seeded generator in a fixed order (common random numbers), so the
same seed gives the same people, and raising a chance only ever promotes more of them.  With
every chance 1, no timing or pay spread, no discount and no training cost, every simulated
person is the person of ``model.lifetime_earnings`` and every quantile equals it exactly.

Pure numpy and pandas; no plotly, no widgets.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from careerkit import model

QUANTILES = (0.1, 0.5, 0.9)
QUANTILE_NAMES = ("p10", "median", "p90")
SERIES = ("job_pay", "career_pay", "job_cumulative", "career_cumulative")
YEAR_COLUMNS = ["year", *[f"{s}_{q}" for s in SERIES for q in QUANTILE_NAMES], "share_ahead", "share_behind"]


@dataclass(frozen=True)
class Odds:
    """The assumptions of :func:`careers` that :class:`careerkit.model.Assumptions` does not hold.

    people
        How many working lives to simulate (default 1,000).
    seed
        Seed of the random draws: the same seed gives the same people.
    chance_scale
        Multiplies every step's chance of promotion from the data (``move_up_cap``, 1 where the
        headcounts set no limit), capped at 1.  1 = the data's ceiling; 0.5 = half of it.
    chance
        When set, every step's chance is this number instead (1 = everyone who tries is promoted).
    timing_spread
        Log-standard deviation of each person's factor on each wait between steps (0 = every
        promotion exactly at the ladder's years × pace).  Default 0.4.
    pay_spread
        True: each person has their own position in the P10–P90 pay spread; False: everyone
        earns the step's ``pay``.
    discount_rate
        Yearly rate that discounts running totals to present value (0.03 = 3 % a year).  Default 0.
    training_cost
        Dollars the career path pays for training, at the start (default 0).
    """

    people: int = 1000
    seed: int = 2025
    chance_scale: float = 1.0
    chance: float | None = None
    timing_spread: float = 0.4
    pay_spread: bool = True
    discount_rate: float = 0.0
    training_cost: float = 0.0

    def __post_init__(self):
        checks = {
            "people": float(self.people).is_integer() and 1 <= self.people <= 1_000_000,
            "seed": float(self.seed).is_integer() and self.seed >= 0,
            "chance_scale": 0 <= self.chance_scale <= 100,
            "chance": self.chance is None or 0 <= self.chance <= 1,
            "timing_spread": 0 <= self.timing_spread <= 3,
            "discount_rate": 0 <= self.discount_rate < 1,
            "training_cost": self.training_cost >= 0,
        }
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"Odds.{name}={getattr(self, name)!r} is out of range: {_RANGES[name]}.")

    @classmethod
    def on_time(cls, **changes) -> "Odds":
        """The deterministic limit: every promotion comes, on time, at the step's ``pay``."""
        return cls(**{"chance": 1.0, "timing_spread": 0.0, "pay_spread": False, **changes})

    def drawn(self) -> "Odds":
        """These odds without a discount rate or a training cost: what decides who the simulated
        people are and how their careers go (:func:`lives`). The other two only change how their
        pay is added up (:meth:`Lives.simulation`).

        >>> Odds(chance_scale=0.5, discount_rate=0.03, training_cost=9000).drawn() == Odds(chance_scale=0.5)
        True
        """
        return replace(self, discount_rate=0.0, training_cost=0.0)

    def people_drawn(self) -> "Odds":
        """These odds without the chances of promotion, the discount rate and the training cost:
        what decides who the simulated people are, before any promotion (:func:`people`).

        >>> Odds(chance_scale=0.5, chance=0.2, timing_spread=0.1).people_drawn() == Odds(timing_spread=0.1)
        True
        """
        return replace(self.drawn(), chance_scale=1.0, chance=None)

    describe = model.Assumptions.describe  # one row per assumption: name and value


_RANGES = {
    "people": "a whole number from 1 to 1,000,000",
    "seed": "a whole number, 0 or more",
    "chance_scale": "a number from 0 to 100 (1 = the data's chances)",
    "chance": "None or a chance from 0 to 1",
    "timing_spread": "from 0 to 3",
    "discount_rate": "a fraction from 0 up to 1 (0.03 = 3 % a year)",
    "training_cost": "0 or more dollars",
}


class Simulation:
    """What :func:`careers` returns.

    years
        One row per working year: year; for each of job_pay, career_pay (pay that year) and
        job_cumulative, career_cumulative (running total, discounted to present value) the
        10th percentile, median and 90th percentile over the simulated people (columns
        ``job_pay_p10``, ``job_pay_median``, ``job_pay_p90`` …); share_ahead, the share of
        people whose career-path total is above their job-path total at the end of that year;
        share_behind, the share below it (the rest are level: never promoted, same pay as the job).
    reached
        One row per ladder step: step, title, people (how many end their working life with
        this as their highest step), share, chance (the chance used for moving up to it;
        empty for the first step), chance_basis (where that chance comes from).
    share_ahead
        The share of people whose career path is ahead at the end of the last year.
    odds
        The :class:`Odds` used.
    columns
        ``years`` as a dict of numpy arrays (what the lifetime app reads: no DataFrame built).
    """

    def __init__(self, columns: dict, reached: dict, share_ahead: float, odds: Odds):
        self.columns, self._reached, self.share_ahead, self.odds = columns, reached, share_ahead, odds
        self._years = None

    @property
    def years(self) -> pd.DataFrame:
        if self._years is None:
            self._years = pd.DataFrame(self.columns, columns=YEAR_COLUMNS)
        return self._years.copy()

    @property
    def reached(self) -> pd.DataFrame:
        return pd.DataFrame(self._reached)

    def reached_counts(self) -> dict:
        """``reached`` as a dict of arrays."""
        return self._reached

    def share_ahead_after(self, years: int) -> float:
        """The share of people whose career path is ahead after ``years`` working years."""
        n = len(self.columns["year"])
        if not float(years).is_integer() or not 1 <= years <= n:
            raise ValueError(f"No working year {years}; the simulation covers years 1–{n}.")
        return float(self.columns["share_ahead"][int(years) - 1])


def step_chances(steps: pd.DataFrame, odds: Odds | None = None) -> tuple[np.ndarray, list[str]]:
    """The chance of moving up to each step (NaN for the first) and where it comes from, in words.

    ``steps``: one ladder, one row per step, sorted by step.
    """
    return _chances(*_headcount_ratios(steps), odds or Odds())


def _headcount_ratios(steps: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return tuple(pd.to_numeric(model.optional_column(steps, c), errors="coerce").to_numpy(float)
                 for c in ("move_up_cap", "jobs_per_job_below"))


def _chances(cap: np.ndarray, ratio: np.ndarray, o: Odds) -> tuple[np.ndarray, list[str]]:
    n = len(cap)
    chances = np.full(n, np.nan)
    basis = [""] * n
    for k in range(1, n):
        if o.chance is not None:
            chances[k], basis[k] = float(o.chance), "your chance for every step"
            continue
        data = cap[k] if not np.isnan(cap[k]) else 1.0
        chances[k] = min(1.0, data * o.chance_scale)
        if not np.isnan(cap[k]):
            basis[k] = f"OEWS jobs here per job at the step below ({cap[k]:.2f})"
        elif not np.isnan(ratio[k]):
            basis[k] = f"the step has more jobs than the one below ({ratio[k]:.2f} per job): no limit from headcounts, 1"
        else:
            basis[k] = "no headcount in the data: 1"
        if o.chance_scale != 1:
            basis[k] += f" × your scale {o.chance_scale:g}"
    return chances, basis


def _spread(med, p10, p90, q: np.ndarray, on: bool) -> np.ndarray:
    """people × steps: each person's pay relative to the step's median, at their position ``q``."""
    out = np.ones((len(q), len(med)))
    if not on:
        return out
    for k, (m, lo, hi) in enumerate(zip(med, p10, p90)):
        if np.isfinite(m) and np.isfinite(lo) and np.isfinite(hi) and m > 0 and lo <= m <= hi:
            out[:, k] = np.interp(q, QUANTILES, (lo, m, hi)) / m
    return out


@dataclass(frozen=True)
class Inputs:
    """One ladder and one job, read once (:func:`prepare`); :func:`run` works from these alone."""

    steps: pd.DataFrame      # the ladder's rows, sorted by step
    title: np.ndarray        # step titles
    step: np.ndarray         # step numbers
    start_year: np.ndarray   # years_from_start
    pay: np.ndarray          # each step's pay
    spread: tuple            # (median, p10, p90) per step
    first: pd.Series         # the ladder's first row
    job: pd.Series           # the job kept for life
    job_spread: tuple        # (median, p10, p90) of the job
    ratios: tuple            # (move_up_cap, jobs_per_job_below) per step
    read: tuple = ()         # model.earnings_inputs(steps, job): for model.lifetime_earnings_from


def prepare(steps: pd.DataFrame, job=None) -> Inputs:
    """Read ``steps`` (one ladder) and ``job`` once, with the checks of ``model.lifetime_earnings``."""
    read = model.earnings_inputs(steps, job)
    tl, first_row, job_row = read
    n = len(tl["step"])

    def col(name):
        return np.asarray(tl[name], dtype=float) if name in tl else np.full(n, np.nan)

    order = np.argsort(steps["step"].to_numpy(), kind="stable")
    if (order != np.arange(n)).any():  # model.get_ladder's steps are sorted already: not copied again
        steps = steps.iloc[order]
    return Inputs(
        steps=steps, title=tl["title"], step=tl["step"], start_year=tl["start_year"], pay=tl["pay"],
        spread=(col("median_pay"), col("pay_p10"), col("pay_p90")), first=first_row, job=job_row,
        job_spread=tuple(np.array([model._num(job_row, c)]) for c in ("median_pay", "pay_p10", "pay_p90")),
        ratios=_headcount_ratios(steps), read=read,
    )


def careers(steps: pd.DataFrame, *, job=None, assumptions: model.Assumptions | None = None,
            odds: Odds | None = None) -> Simulation:
    """Simulate ``odds.people`` working lives: keep ``job`` for life, or climb ``steps``.

    ``steps``: one ladder, one row per step (``model.get_ladder`` output); ``job``: the job
    kept for life (a row of ``careerkit.ladders()``; default: the ladder's first step);
    ``assumptions``: the same :class:`careerkit.model.Assumptions` as
    ``model.lifetime_earnings``; ``odds``: :class:`Odds`.  Returns a :class:`Simulation`.
    ``run(prepare(steps, job), assumptions, odds)`` does the same with the ladder read once, and
    ``lives(prepare(steps, job), assumptions, odds).simulation(odds)`` with the people's careers drawn
    once for any discount rate and training cost, and ``people(…).lives(odds)`` with the people drawn
    once for any promotion chance.

    >>> steps = pd.DataFrame({"ladder": "L", "step": [1, 2], "title": ["A", "B"],
    ...     "years_from_start": [0, 2], "pay": [100.0, 200.0], "pay_p10": [50.0, 150.0]})
    >>> a = model.Assumptions(years=3, years_to_median=2)
    >>> careers(steps, assumptions=a, odds=Odds.on_time(people=5)).years["career_pay_median"].tolist()
    [50.0, 75.0, 200.0]
    >>> careers(steps, assumptions=a, odds=Odds.on_time(people=5, chance=0.0)).share_ahead
    0.0
    """
    return run(prepare(steps, job), assumptions, odds)


def run(inputs: Inputs, assumptions: model.Assumptions | None = None, odds: Odds | None = None) -> Simulation:
    """:func:`careers` from :func:`prepare`'s inputs (the lifetime app reads a ladder once)."""
    o = odds or Odds()
    return lives(inputs, assumptions, o).simulation(o)


def lives(inputs: Inputs, assumptions: model.Assumptions | None = None, odds: Odds | None = None) -> "Lives":
    """The simulated people of :func:`run`, year by year, before their running totals are added up.

    What :class:`Lives` holds does not depend on ``odds.discount_rate`` or ``odds.training_cost``:
    ``lives(…).simulation(odds)`` gives :func:`run`'s result, exactly, for any of those two.
    ``people(…).lives(odds)`` gives this result, exactly, for any promotion chance.
    """
    o = odds or Odds()
    return people(inputs, assumptions, o).lives(o)


def people(inputs: Inputs, assumptions: model.Assumptions | None = None, odds: Odds | None = None) -> "People":
    """Who :func:`lives`' people are, before any promotion is decided (:class:`People`).

    Nothing here depends on ``odds.chance_scale`` or ``odds.chance``: every draw is made whatever
    the chances, so ``people(inputs, a, o).lives(o2)`` equals ``lives(inputs, a, o2)`` exactly for
    any ``o2`` with the same ``o2.people_drawn()``. The lifetime app keeps them while the
    promotion-chance slider moves.
    """
    return People(inputs, assumptions or model.Assumptions(), odds or Odds())


class People:
    """The simulated people of one ladder and one job (:func:`people`): each one's place in the pay
    spread, luck and timing draws, the pay of each ladder step for them, and their pay in the job."""

    def __init__(self, inputs: Inputs, a: model.Assumptions, o: Odds):
        self.inputs, self.assumptions, self.odds = inputs, a, o.people_drawn()
        s, n, people = len(inputs.step), int(a.years), int(o.people)
        # every draw in a fixed order, whatever the parameters (common random numbers)
        rng = np.random.default_rng(o.seed)
        q = rng.uniform(QUANTILES[0], QUANTILES[-1], people)
        self._luck = rng.random((people, s))
        z = rng.standard_normal((people, s))
        # promotion times: the ladder's offsets plus each wait × (factor − 1), exactly the ladder's when
        # factor is 1; a step the person never reaches is struck out in lives()
        offsets = inputs.start_year - inputs.start_year[0]
        if o.timing_spread:
            gaps = np.diff(inputs.start_year, prepend=inputs.start_year[0])
            self._starts = a.training_years + (offsets + np.cumsum(gaps * np.expm1(o.timing_spread * z), axis=1)) * a.pace
        else:
            self._starts = np.broadcast_to(a.training_years + offsets * a.pace, (people, s))
        self._years = t = np.arange(n, dtype=float)
        rel = _spread(*inputs.spread, q, o.pay_spread)
        self._step_pay = np.maximum.accumulate(inputs.pay[None, :] * rel, axis=1)
        self._first_ramp = _ramp(inputs.first, self._step_pay[:, 0], t - a.training_years, a)
        job_rel = _spread(*inputs.job_spread, q, o.pay_spread)[:, 0]
        self._growth = (1.0 + a.pay_growth) ** t
        job_pay = _ramp(inputs.job, model._num(inputs.job, "pay") * job_rel, t, a)
        job_pay *= self._growth
        self.job_pay = job_pay
        self._order = np.argsort(q, kind="stable")  # the people by their place in the pay spread
        self._job_ends = _ends(job_pay, self._order)
        self._job_totals = None  # (discount rate, job totals, their ends): the same at any chance

    def lives(self, odds: Odds) -> "Lives":
        """These people's working lives with ``odds``' chances of promotion (:func:`lives`)."""
        if odds.people_drawn() != self.odds:
            raise ValueError("These people were drawn with other odds; only the chances of promotion, the discount "
                             f"rate and the training cost may differ (drawn with {self.odds}).")
        inputs, a, o = self.inputs, self.assumptions, odds
        people, s = self._luck.shape
        n = len(self._years)
        chances, basis = _chances(*inputs.ratios, o)
        ok = np.ones((people, s), dtype=bool)
        if s > 1:
            ok[:, 1:] = np.logical_and.accumulate(self._luck[:, 1:] < chances[1:], axis=1)
        starts = np.where(ok, self._starts, np.inf)  # a step never reached never starts
        t = self._years
        idx = np.full((people, n), -1, dtype=np.intp)
        for k in range(s):  # steps start in order, so counting the started ones gives the step held
            idx += starts[:, k, None] <= t[None, :]
        # in place: each people × years array is 360 kB at 45 years, and a new ladder's change is
        # slowest in a kernel whose caches the page's drawing has cooled
        career = np.take_along_axis(self._step_pay, np.clip(idx, 0, None), axis=1)
        np.copyto(career, self._first_ramp, where=idx <= 0)
        np.copyto(career, a.training_pay, where=idx < 0)
        career *= self._growth
        top = idx[:, -1] if n else np.full(people, -1)  # steps are never lost: the last year holds the highest
        counts = np.bincount(top[top >= 0], minlength=s)[:s]
        reached = {"step": inputs.step, "title": inputs.title, "people": counts.astype(int), "share": counts / people,
                   "chance": chances, "chance_basis": basis}
        return Lives(self, career, reached, o)

    def job_totals(self, discount_rate: float) -> tuple[np.ndarray, tuple]:
        """The job's running totals at ``discount_rate`` (people × years) and their quantiles' ends,
        kept for the last rate asked for."""
        if self._job_totals is None or self._job_totals[0] != discount_rate:
            cum = _summed(self.job_pay, discount_rate)
            self._job_totals = (discount_rate, cum, _ends(cum, self._order))
        return self._job_totals[1], self._job_totals[2]


def _summed(pay: np.ndarray, rate: float) -> np.ndarray:
    """Running totals of ``pay`` (years on the last axis: people × years, or one life's years), each
    working year's pay discounted at ``rate``."""
    if rate:
        pay = pay * (1.0 + rate) ** -np.arange(pay.shape[-1], dtype=float)
    return np.cumsum(pay, axis=-1)


class Lives:
    """Every simulated person's pay in each working year, in the job and on the ladder (:func:`lives`).

    ``simulation(odds)`` adds up the running totals at the odds' discount rate and training cost
    (the other odds must be those the lives were drawn with) and returns the :class:`Simulation`.
    The running totals at the last discount rate are kept: a new training cost only moves the
    career path's totals, all by the same amount, so its order is kept and nothing is sorted again.
    """

    def __init__(self, people: People, career_pay: np.ndarray, reached: dict, odds: Odds):
        self.job_pay, self.career_pay, self.odds, self._reached = people.job_pay, career_pay, odds, reached
        self._people = people  # the job's side, the same at any chance
        self._pay_ends = (people._job_ends, _ends(career_pay))  # per year, the same at any discount
        self._totals = None  # (discount rate, career totals before the cost, their ends)

    def simulation(self, odds: Odds) -> Simulation:
        """The :class:`Simulation` of these lives at ``odds.discount_rate`` and ``odds.training_cost``."""
        o = odds
        if o.drawn() != self.odds.drawn():
            raise ValueError("These lives were drawn with other odds; only the discount rate and the training cost "
                             f"may differ (drawn with {self.odds}).")
        job_cum, job_ends = self._people.job_totals(o.discount_rate)
        if self._totals is None or self._totals[0] != o.discount_rate:
            career_cum = _summed(self.career_pay, o.discount_rate)
            self._totals = (o.discount_rate, career_cum, _ends(career_cum))
        _, career_cum, career_ends = self._totals
        if o.training_cost:
            # x - cost keeps the order of x (rounding is monotonic): the same values sorting would pick
            career_cum = career_cum - o.training_cost
            career_ends = tuple(v - o.training_cost for v in career_ends)
        ahead = (career_cum > job_cum).mean(axis=0)
        behind = (career_cum < job_cum).mean(axis=0)
        n = len(ahead)
        data = {"year": np.arange(1, n + 1, dtype=int)}
        for name, ends in zip(SERIES, (*self._pay_ends, job_ends, career_ends)):
            qs = _between(*ends, self.job_pay.shape[0])
            for j, qname in enumerate(QUANTILE_NAMES):
                data[f"{name}_{qname}"] = qs[j]
        data["share_ahead"] = ahead
        data["share_behind"] = behind
        return Simulation(data, self._reached, float(ahead[-1]) if n else 0.0, o)


def _ends(values: np.ndarray, order: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The two values each quantile of ``QUANTILES`` lies between, in every year, as
    ``np.quantile(method="linear")`` picks them from the people's sorted values: (lower, upper),
    each year × quantile.  ``values``: people × years.

    ``order``: a permutation of the people that may put ``values`` in ascending order in every
    year (a job's pay and its running total rise with each person's place in its pay spread);
    where it does, the values are read in that order, which is cheaper than a sort.  Where it does
    not (or a value is NaN), each row is partitioned at the places read, which puts there the
    values a sort would: the result is the same either way."""
    people = values.shape[0]
    rows = values.T[:, order] if order is not None else values.T.copy()  # year rows of people, contiguous
    at = np.asarray(QUANTILES) * (people - 1)
    lo = np.floor(at).astype(int)
    hi = np.minimum(lo + 1, people - 1)
    if order is None or not (np.diff(rows, axis=1) >= 0).all():  # also False for NaN
        # only these places need the value a sort would put there (NaN last, as sort does):
        # about twice as fast as sorting the whole row
        rows.partition(np.unique(np.concatenate([lo, hi])), axis=1)
    return rows[:, lo], rows[:, hi]


def _between(low: np.ndarray, high: np.ndarray, people: int) -> np.ndarray:
    """quantile × year: linear interpolation between :func:`_ends`' two values."""
    at = np.asarray(QUANTILES) * (people - 1)
    return (low + (high - low) * (at - np.floor(at))).T


def on_time(steps: pd.DataFrame, *, job=None, assumptions: model.Assumptions | None = None,
            odds: Odds | None = None) -> pd.DataFrame:
    """``model.lifetime_earnings`` ("if every promotion comes on time") with its running totals
    discounted at ``odds.discount_rate`` and the career path's ``odds.training_cost`` taken off,
    as :func:`careers` counts them; yearly pay is left as it is."""
    return with_odds(model.lifetime_earnings(steps, job=job, assumptions=assumptions), odds)


def with_odds(earnings: pd.DataFrame, odds: Odds | None = None) -> pd.DataFrame:
    """The table ``model.lifetime_earnings`` returned, with its running totals counted as :func:`on_time`
    counts them (``earnings`` is not changed): the lifetime app keeps that table while the discount
    rate and the training cost move.  Without a discount rate or a training cost the totals are those
    of ``earnings``, and ``earnings`` itself is returned."""
    o = odds or Odds()
    if not o.discount_rate and not o.training_cost:
        return earnings
    e = earnings.copy()
    e["job_cumulative"] = _summed(e["job_pay"].to_numpy(), o.discount_rate)
    e["career_cumulative"] = _summed(e["career_pay"].to_numpy(), o.discount_rate) - o.training_cost
    return e


def _ramp(row, target: np.ndarray, years_in: np.ndarray, a: model.Assumptions) -> np.ndarray:
    """people × years: ``model._entry_ramp`` with each person's own target pay."""
    target = np.asarray(target, dtype=float)[:, None]
    entry = model._num(row, "pay_p10") if a.entry_percentile == "p10" else np.nan
    entry = np.where(np.isnan(entry) | (entry > target), target, entry)
    if a.years_to_median == 0:
        return np.broadcast_to(target, (len(target), len(years_in))).copy()
    share = np.clip(years_in / a.years_to_median, 0.0, 1.0)[None, :]
    out = (target - entry) * share
    out += entry
    return out
