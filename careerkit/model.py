"""Domain logic: career ladders, timelines, lifetime earnings, next steps, interests.

Pure functions: DataFrames in, DataFrames out; no plotly, no widgets.  Every function that
reads ladders takes ``ladders=None`` (default: ``careerkit.ladders()``), so an instructor's own
file read with ``careerkit.load_ladders(path)`` works everywhere.

One row of a *ladder* is one step of a curated career ladder (see ``careerkit.ladders()`` and
CONTRIBUTING.md for the columns).  Quick tour::

    >>> from careerkit import model
    >>> steps = model.get_ladder("Fire service (US)")          # doctest: +SKIP
    >>> model.timeline(steps)[["title", "start_year", "end_year", "pay"]]   # doctest: +SKIP
    >>> earnings = model.lifetime_earnings(steps)              # doctest: +SKIP
    >>> model.crossover_year(earnings)                         # doctest: +SKIP
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

RIASEC = "RIASEC"

# BLS Employment Projections "Typical education needed for entry", lowest to highest
# (the order BLS uses in its education and training tables).
EDUCATION_ORDER = [
    "No formal educational credential",
    "High school diploma or equivalent",
    "Some college, no degree",
    "Postsecondary nondegree award",
    "Associate's degree",
    "Bachelor's degree",
    "Master's degree",
    "Doctoral or professional degree",
]

TIER_ORDER = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}

#: The columns every :func:`timeline` has, in order (the ones after ``pay`` are copied from the
#: ladder, missing when the ladder has none); optional ladder columns follow them.
TIMELINE_COLUMNS = [
    "step", "title", "start_year", "end_year", "pay", "pay_basis",
    "education", "training", "experience", "source",
]
_TIMELINE_OPTIONAL = ["ladder", "pay_p10", "pay_p90", "median_pay", "years_basis", "note"]
_EARNINGS_OPTIONAL = ["ladder", "pay_p10", "pay_p90", "median_pay"]  # what lifetime earnings read of them
#: The columns of :func:`lifetime_earnings`, in order.
EARNINGS_COLUMNS = [
    "year", "job_pay", "career_pay", "job_cumulative", "career_cumulative",
    "career_title", "job_title",
]


# ---- loading helpers ----------------------------------------------------------------------


def _ladders(ladders: pd.DataFrame | None) -> pd.DataFrame:
    from careerkit.datasets import ladders_or_shipped

    return ladders_or_shipped(ladders)


def _occupations(occupations: pd.DataFrame | None) -> pd.DataFrame:
    if occupations is None:
        from careerkit.datasets import occupations as load

        return load()
    return occupations


def _require(df: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what} is missing column(s) {', '.join(missing)}; it needs {', '.join(columns)} "
            "(see careerkit.ladders() for the expected shape)."
        )


def optional_column(df: pd.DataFrame, name: str, default=np.nan) -> pd.Series:
    """Column ``name`` of ``df``, or a column of ``default`` when absent (instructor files may leave
    optional columns such as ``pay_basis`` or ``education`` out)."""
    if name in df.columns:
        return df[name]
    return pd.Series([default] * len(df), index=df.index, dtype=object if isinstance(default, str) else None)


def _suggest(word: str, choices, n: int = 3) -> str:
    close = difflib.get_close_matches(str(word).lower(), [str(c).lower() for c in choices], n=n, cutoff=0.5)
    lookup = {str(c).lower(): str(c) for c in choices}
    if not close:
        return ""
    return " Did you mean: " + ", ".join(repr(lookup[c]) for c in close) + "?"


def latest_wage_year(occupations: pd.DataFrame) -> int:
    """The most recent OEWS year with a ``median_YYYY`` column in ``occupations``.

    >>> latest_wage_year(pd.DataFrame(columns=["median_2024", "median_2025", "title"]))
    2025
    """
    years = [int(m.group(1)) for c in occupations.columns if (m := re.fullmatch(r"median_(\d{4})", str(c)))]
    if not years:
        raise ValueError("occupations table has no median_YYYY wage column (see careerkit.occupations()).")
    return max(years)


# ---- ladders and timelines ----------------------------------------------------------------


def ladder_names(ladders: pd.DataFrame | None = None, *, with_steps_only: bool = False) -> list[str]:
    """Names of the ladders, in the order they appear in the table.

    ``with_steps_only=True`` leaves out the one-step "jobs without a ladder" families
    (rows with ``has_ladder`` False).

    >>> df = pd.DataFrame({"ladder": ["B", "B", "A"], "step": [1, 2, 1], "has_ladder": [True, True, False]})
    >>> ladder_names(df), ladder_names(df, with_steps_only=True)
    (['B', 'A'], ['B'])
    """
    df = _ladders(ladders)
    _require(df, ["ladder"], "ladders table")
    if with_steps_only and "has_ladder" in df.columns:
        df = df[df["has_ladder"].fillna(True).astype(bool)]
    return [str(n) for n in pd.unique(df["ladder"])]


def get_ladder(name: str, ladders: pd.DataFrame | None = None) -> pd.DataFrame:
    """The steps of one ladder, one row per step, sorted by ``step`` (index 0, 1, 2 …).

    ``name`` is matched as ``careerkit.validate.name_key`` compares names (ignoring capitals,
    extra spaces and how accents are typed); an unknown name raises ``ValueError`` listing close
    names, and a table holding one name written two ways ("Fire" and "fire") raises
    ``ValueError`` naming both (their steps would otherwise be mixed).

    >>> df = pd.DataFrame({"ladder": ["Fire", "Fire"], "step": [2, 1], "title": ["Captain", "Firefighter"]})
    >>> get_ladder("fire", df)["title"].tolist()
    ['Firefighter', 'Captain']
    """
    df = _ladders(ladders)
    _require(df, ["ladder", "step", "title"], "ladders table")
    from careerkit.validate import name_key

    key = name_key(name)
    names = df["ladder"].to_numpy()
    valid = pd.unique(names)  # compare the few distinct names, not every row
    matches = [v for v in valid if name_key(v) == key]
    if len(matches) > 1:
        raise ValueError(f"The ladders table has {len(matches)} ladders named {' and '.join(map(repr, matches))}: one "
                         "name written differently, so their steps would be mixed. Rename one of them.")
    if not matches:
        shown = [str(v) for v in valid]
        raise ValueError(f"No ladder named {name!r}.{_suggest(name, shown)} Valid names: {', '.join(shown)}.")
    at = np.flatnonzero(np.isin(names, matches))
    at = at[np.argsort(df["step"].to_numpy()[at], kind="stable")]
    return df.iloc[at].reset_index(drop=True)  # one copy of the rows: the table has many columns


def _timeline_columns(steps: pd.DataFrame, last_step_years: float, *, words: bool = True) -> dict:
    """The columns of :func:`timeline` as arrays (no DataFrame: widgets call this on every change);
    ``words=False`` leaves out what only a timeline shows (education, training, sources …)."""
    _require(steps, ["step", "title", "years_from_start", "pay"], "ladder steps")
    if last_step_years < 0:
        raise ValueError(f"last_step_years must be 0 or more, got {last_step_years}.")
    order = np.argsort(steps["step"].to_numpy(), kind="stable")
    step_no = steps["step"].to_numpy()[order]
    start = pd.to_numeric(steps["years_from_start"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[order]
    ladder = str(steps["ladder"].iloc[0]) if "ladder" in steps.columns and len(steps) else "this ladder"
    for i, (s, y) in enumerate(zip(step_no, start)):
        if np.isnan(y):
            raise ValueError(f"Ladder {ladder!r}, step {s}: years_from_start is missing; fill in a number of years.")
        if i and y < start[i - 1]:
            raise ValueError(
                f"Ladder {ladder!r}, step {s}: years_from_start ({y:g}) is smaller than the step before "
                f"({start[i - 1]:g}); years must not go down as steps go up."
            )
    end = np.append(start[1:], start[-1:] + float(last_step_years))
    data = {
        "step": step_no,
        "title": steps["title"].to_numpy()[order],
        "start_year": start,
        "end_year": end,
        "pay": pd.to_numeric(steps["pay"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[order],
    }
    for c in TIMELINE_COLUMNS[len(data):] if words else ():
        data[c] = steps[c].to_numpy()[order] if c in steps.columns else np.full(len(order), np.nan)
    for c in _TIMELINE_OPTIONAL if words else _EARNINGS_OPTIONAL:
        if c in steps.columns:
            data[c] = steps[c].to_numpy()[order]
    return data


def timeline(steps: pd.DataFrame, *, last_step_years: float = 5) -> pd.DataFrame:
    """When each step of a ladder starts and ends, in years from the start of the career.

    ``steps``: one ladder, one row per step (``get_ladder`` output).  Returns one row per step
    with step, title, start_year (= ``years_from_start``), end_year (the next step's start; the
    last step is drawn for ``last_step_years`` more years), pay, pay_basis, education, training,
    experience, source — and, when present, ladder, pay_p10, pay_p90, median_pay, years_basis, note.
    Two steps with equal years give a step of length 0.  Missing pay stays missing (NaN).

    >>> steps = pd.DataFrame({"ladder": "Fire", "step": [1, 2], "title": ["Firefighter", "Captain"],
    ...                       "years_from_start": [0, 6], "pay": [59280.0, 93530.0]})
    >>> timeline(steps)[["title", "start_year", "end_year"]].values.tolist()
    [['Firefighter', 0.0, 6.0], ['Captain', 6.0, 11.0]]
    """
    return pd.DataFrame(_timeline_columns(steps, last_step_years))


# ---- lifetime earnings --------------------------------------------------------------------


#: Most working years Assumptions.years takes (each year is a row of lifetime_earnings).
MAX_WORKING_YEARS = 100


@dataclass(frozen=True)
class Assumptions:
    """Every assumption behind :func:`lifetime_earnings`; change any of them.

    years
        How many working years to add up (default 40, roughly age 22 to 62).
    pace
        Multiplies the years between ladder steps.  1 = the ladder's ``years_from_start`` (a
        percentile of the related work experience O*NET says is asked for to be hired into each
        step's occupation, not a measured time to promotion); 1.5 = half as long again; 0.5 = twice as fast.
    training_years
        Years spent in training or school before the career path's first step (default 0).
        During them the career path earns ``training_pay``; the job path is already working.
    training_pay
        Pay per year during those training years (default 0 — the learner's own assumption).
    years_to_median
        Years a newcomer takes to move from the entry pay (``entry_percentile``) to the
        occupation's median.  Applies to the job path and to the career path's first step.
        Default 10 — an assumption: OEWS publishes the pay spread, not pay by experience.
    entry_percentile
        Which published percentile a newcomer starts at: ``"p10"`` (default) or ``"median"``
        (no entry ramp).
    pay_growth
        Yearly pay growth on both paths, as a fraction (0.02 = 2 % a year).  Default 0: all
        amounts stay in the dollars of the OEWS year they come from.

    The career path stays on its last step until ``years`` is reached.
    """

    years: int = 40
    pace: float = 1.0
    training_years: float = 0.0
    training_pay: float = 0.0
    years_to_median: float = 10.0
    entry_percentile: str = "p10"
    pay_growth: float = 0.0

    def __post_init__(self):
        checks = {
            "years": 0 <= self.years <= MAX_WORKING_YEARS and float(self.years).is_integer(),
            "pace": self.pace > 0,
            "training_years": self.training_years >= 0,
            "training_pay": self.training_pay >= 0,
            "years_to_median": self.years_to_median >= 0,
            "pay_growth": -0.5 < self.pay_growth < 1,
        }
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"Assumptions.{name}={getattr(self, name)!r} is out of range: {_RANGES[name]}.")
        if self.entry_percentile not in ("p10", "median"):
            raise ValueError(f"Assumptions.entry_percentile must be 'p10' or 'median', got {self.entry_percentile!r}.")

    def describe(self) -> pd.DataFrame:
        """One row per assumption: name and value (to show the learner what the figure assumes)."""
        return pd.DataFrame({"assumption": [f.name for f in fields(self)],
                             "value": [getattr(self, f.name) for f in fields(self)]})


_RANGES = {
    "years": "a whole number of years from 0 to 100 (a working life)",
    "pace": "a number above 0 (1 = the ladder's years)",
    "training_years": "0 or more years",
    "training_pay": "0 or more dollars a year",
    "years_to_median": "0 or more years",
    "pay_growth": "a fraction between -0.5 and 1 (0.02 = 2 % a year)",
}


def _as_row(job) -> pd.Series:
    if isinstance(job, pd.DataFrame):
        if len(job) == 0:
            raise ValueError("job has no rows; pass one ladder step (a row of careerkit.ladders()).")
        return job.sort_values("step").iloc[0] if "step" in job.columns else job.iloc[0]
    if isinstance(job, pd.Series):
        return job
    raise TypeError("job must be a row (Series) or steps (DataFrame) of careerkit.ladders(), or None.")


def _num(row: pd.Series, name: str) -> float:
    from careerkit.text import number

    value = number(row.get(name))
    return np.nan if value is None else value


def _entry_ramp(row: pd.Series, years_in: np.ndarray, a: Assumptions) -> np.ndarray:
    """Pay of a newcomer in ``row``'s occupation after ``years_in`` years (linear entry → target)."""
    target = _num(row, "pay")
    entry = _num(row, "pay_p10") if a.entry_percentile == "p10" else target
    if np.isnan(entry) or entry > target:
        entry = target  # no published entry pay (or it is above the step's pay): no ramp
    if a.years_to_median == 0:
        return np.full(len(years_in), target)
    share = np.clip(years_in / a.years_to_median, 0.0, 1.0)
    return entry + (target - entry) * share


def earnings_inputs(steps: pd.DataFrame, job=None) -> tuple[dict, pd.Series, pd.Series]:
    """What :func:`lifetime_earnings` (and ``careerkit.simulate``) work from: the timeline's columns
    of numbers and titles (``last_step_years=0``: step, title, start_year, end_year, pay and, where the
    table has them, ladder, pay_p10, pay_p90, median_pay), the ladder's first row and the job's row;
    a step or a job without pay raises ``ValueError`` (no pay is invented)."""
    tl = _timeline_columns(steps, 0, words=False)
    if len(tl["step"]) == 0:
        raise ValueError("The ladder has no steps; pick a ladder from careerkit.model.ladder_names().")
    ladder = str(tl["ladder"][0]) if "ladder" in tl else "this ladder"
    for s, t, p in zip(tl["step"], tl["title"], tl["pay"]):
        if np.isnan(p):
            raise ValueError(
                f"Ladder {ladder!r}, step {s} ({t}): pay is missing, so lifetime earnings cannot be added up; "
                "fill in `pay` for this step or leave the step out."
            )
    first_row = steps.iloc[int(np.argsort(steps["step"].to_numpy(), kind="stable")[0])]
    job_row = first_row if job is None else _as_row(job)
    if np.isnan(_num(job_row, "pay")):
        raise ValueError(f"The job {job_row.get('title', '')!r} has no pay; pick a job with published pay.")
    return tl, first_row, job_row


def lifetime_earnings(
    steps: pd.DataFrame, *, job: pd.Series | pd.DataFrame | None = None, assumptions: Assumptions | None = None
) -> pd.DataFrame:
    """Year-by-year earnings of staying in one job versus climbing a ladder.

    ``steps``: the career ladder (one row per step).  ``job``: the job that is kept for the
    whole time — a row (or one-step ladder) of ``careerkit.ladders()``; default: the ladder's
    first step.  Returns one row per year 1 … ``assumptions.years`` with year, job_pay,
    career_pay, job_cumulative, career_cumulative, career_title, job_title.  Year *n* is the
    *n*-th year of work, covering the time from *n*-1 to *n* years after the start.

    Rules (each number can be changed in :class:`Assumptions`):

    * the job path earns the job's entry pay (its P10) in year 1, rising in a straight line to
      its ``pay`` after ``years_to_median`` years, then stays there;
    * the career path spends ``training_years`` earning ``training_pay``, then works each step
      from ``years_from_start × pace`` on.  Its first step follows the same entry ramp as the
      job path; every later step pays that step's ``pay``;
    * both paths grow by ``pay_growth`` a year;
    * a step reached in the same year as the next one is passed straight through (it earns
      nothing on its own).

    A step without pay raises ``ValueError`` (no pay is invented).

    >>> steps = pd.DataFrame({"ladder": "L", "step": [1, 2], "title": ["A", "B"],
    ...                       "years_from_start": [0, 2], "pay": [100.0, 200.0], "pay_p10": [50.0, 150.0]})
    >>> e = lifetime_earnings(steps, assumptions=Assumptions(years=3, years_to_median=2))
    >>> e["job_pay"].tolist(), e["career_pay"].tolist()
    ([50.0, 75.0, 100.0], [50.0, 75.0, 200.0])
    """
    return lifetime_earnings_from(earnings_inputs(steps, job), assumptions)


def lifetime_earnings_from(inputs: tuple, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """:func:`lifetime_earnings` from what :func:`earnings_inputs` read of the ladder and the job
    (``careerkit.simulate.prepare`` keeps it): the lifetime app reads a ladder once for both."""
    a = assumptions or Assumptions()
    tl, first_row, job_row = inputs

    n = int(a.years)
    t = np.arange(n, dtype=float)  # time at the start of each year
    growth = (1.0 + a.pay_growth) ** t

    job_pay = _entry_ramp(job_row, t, a) * growth

    starts = a.training_years + (tl["start_year"] - tl["start_year"][0]) * a.pace
    idx = np.searchsorted(starts, t, side="right") - 1  # -1 = still training
    step_pay = tl["pay"]
    first_ramp = _entry_ramp(first_row, t - a.training_years, a)
    career = np.where(idx <= 0, first_ramp, step_pay[np.clip(idx, 0, None)])
    career = np.where(idx < 0, a.training_pay, career) * growth
    titles = np.array([str(x) for x in tl["title"]], dtype=object)
    career_title = np.where(idx < 0, "training", titles[np.clip(idx, 0, None)]) if n else np.array([], dtype=object)

    values = [
        np.arange(1, n + 1, dtype=int),
        job_pay,
        career,
        np.cumsum(job_pay),
        np.cumsum(career),
        pd.array(career_title, dtype="string"),
        pd.array([str(job_row.get("title", ""))] * n, dtype="string"),
    ]
    return pd.DataFrame(dict(zip(EARNINGS_COLUMNS, values, strict=True)))


def crossover_year(earnings: pd.DataFrame) -> int | None:
    """The year the career path pulls ahead for good: from then on its cumulative earnings stay
    above the job path's until the last year.  ``None`` if the career path is not ahead at the end
    (or there are no years).  1 if it is ahead from the first year on.

    >>> e = pd.DataFrame({"year": [1, 2, 3, 4], "job_cumulative": [10, 20, 30, 40],
    ...                   "career_cumulative": [0, 15, 31, 50]})
    >>> crossover_year(e)
    3
    """
    _require(earnings, ["year", "job_cumulative", "career_cumulative"], "earnings table")
    if len(earnings) == 0:
        return None
    ahead = (earnings["career_cumulative"].to_numpy(float) > earnings["job_cumulative"].to_numpy(float))
    if not ahead[-1]:
        return None
    behind = np.flatnonzero(~ahead)
    first = 0 if len(behind) == 0 else behind[-1] + 1
    return int(earnings["year"].iloc[first])


# ---- what's next from here ----------------------------------------------------------------


def wider_pay_notes(occupations: pd.DataFrame) -> np.ndarray:
    """Per occupation row, "" when its pay is its own, else words saying whose pay it shows: an
    O*NET sub-occupation (code not ending ``.00``) shows its 6-digit SOC's pay; a code OEWS does
    not publish shows the OEWS group that contains it (``oews_code`` ≠ ``soc_code``).

    >>> occ = pd.DataFrame({"onet_code": ["11-3031.01", "25-9042.00", "33-2011.00"],
    ...     "soc_code": ["11-3031", "25-9042", "33-2011"], "oews_code": ["11-3031", "25-9045", "33-2011"]})
    >>> wider_pay_notes(occ).tolist()[1:]
    ["a wider occupation's pay: BLS OEWS group 25-9045, which contains 25-9042", '']
    """
    code = optional_column(occupations, "onet_code", "").astype(str).to_numpy()
    soc = optional_column(occupations, "soc_code", "").fillna("").astype(str).to_numpy()
    oews = optional_column(occupations, "oews_code", "").fillna("").astype(str).to_numpy()
    out = np.full(len(code), "", dtype=object)
    for i, (c, s, o) in enumerate(zip(code, soc, oews)):
        if o and s and o != s:
            out[i] = f"a wider occupation's pay: BLS OEWS group {o}, which contains {s}"
        elif o and not c.endswith(".00"):
            out[i] = f"a wider occupation's pay: all of {o}"
    return out



def _education_rank(value) -> float:
    try:
        return float(EDUCATION_ORDER.index(str(value)))
    except ValueError:
        return np.nan


def next_steps(
    onet_code: str,
    *,
    limit: int = 10,
    occupations: pd.DataFrame | None = None,
    related: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Possible next steps from one occupation: O*NET related occupations that ask for more
    preparation (a higher Job Zone) or pay more.

    One row per possible step, ranked the way O*NET ranks them (tier Primary-Short, then
    Primary-Long, then Supplemental; within a tier by O*NET's rank), at most ``limit`` rows.
    Columns: onet_code, title, tier, rank, median_pay, pay_basis ("" when the pay is the
    occupation's own, else whose pay it is, see :func:`wider_pay_notes`), pay_change (USD a year, vs. the current
    occupation, same OEWS year), pay_change_pct, pay_year, job_zone, job_zone_change, education,
    more_education (True/False, NaN when either is unknown), experience, training,
    rw_years_typical (the median years of related work experience O*NET says are asked for to be hired).
    Related occupations with the same or lower Job Zone *and* no higher pay are left out.

    ``occupations``/``related`` default to ``careerkit.occupations()``/``careerkit.related()``.
    To ask about many occupations of the same tables, build a :class:`NextSteps` once.
    """
    return NextSteps(occupations, related)(onet_code, limit=limit)


class NextSteps:
    """:func:`next_steps` for many occupations of the same two tables (the WhatsNext app).

    ``NextSteps(occupations, related)`` reads the columns it needs once; calling it with an
    O*NET code returns the same table as ``next_steps(code, occupations=…, related=…)``.
    The tables are read when the object is built: build a new one if they change.
    """

    def __init__(self, occupations: pd.DataFrame | None = None, related: pd.DataFrame | None = None):
        occ = _occupations(occupations)
        if related is None:
            from careerkit.datasets import related as load

            related = load()
        _require(occ, ["onet_code", "title", "job_zone"], "occupations table")
        _require(related, ["onet_code", "related_code", "tier", "rank"], "related table")
        self.year = latest_wage_year(occ)
        self.codes = occ["onet_code"].astype(str).to_numpy()
        self._where = {c: i for i, c in enumerate(self.codes)}

        def column(name, numeric=False):
            if name not in occ.columns:
                return np.full(len(occ), np.nan)
            if numeric:
                return pd.to_numeric(occ[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            return occ[name].to_numpy()

        self._pay = column(f"median_{self.year}", numeric=True)
        self._zone = column("job_zone", numeric=True)
        self._rw = column("rw_years_typical", numeric=True)
        self._pay_note = wider_pay_notes(occ)
        self._title = column("title")
        self._education = column("education_entry")
        self._experience = column("experience_entry")
        self._training = column("training_ojt")
        self._edu_rank = np.array([_education_rank(e) for e in self._education], dtype=float)
        # related rows grouped by occupation (a stable sort keeps the table's order inside a group);
        # each related code's row in the occupations table, -1 if that table does not know it
        source = related["onet_code"].astype(str).to_numpy()
        self._by_source = np.argsort(source, kind="stable")
        self._sources = source[self._by_source]
        self._target_rows = pd.Index(self.codes).get_indexer(related["related_code"].astype(str).to_numpy())
        self._tiers = related["tier"].to_numpy()
        self._ranks = pd.to_numeric(related["rank"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)

    def _related_rows(self, code: str):
        lo = np.searchsorted(self._sources, code, side="left")
        hi = np.searchsorted(self._sources, code, side="right")
        hits = self._by_source[lo:hi]
        hits = hits[self._target_rows[hits] >= 0]
        return self._target_rows[hits], self._tiers[hits], self._ranks[hits]

    def __call__(self, onet_code: str, *, limit: int = 10) -> pd.DataFrame:
        code = str(onet_code).strip()
        if code not in self._where:
            raise ValueError(
                f"No O*NET occupation with code {onet_code!r}.{_suggest(code, self.codes)} "
                "Find a code with careerkit.find_occupation('your job')."
            )
        me = self._where[code]
        rows, tier_names, rank = self._related_rows(code)
        pay_now, zone_now = self._pay[me], self._zone[me]
        pay, zone = self._pay[rows], self._zone[rows]
        with np.errstate(invalid="ignore"):
            keep = (zone > zone_now) | (pay > pay_now)
        tier = np.array([TIER_ORDER.get(t, 9) for t in tier_names], dtype=float)
        order = [i for i in np.lexsort((rank, tier)) if keep[i]][: max(int(limit), 0)]
        rows, pay, zone = rows[order], pay[order], zone[order]
        edu_now = self._edu_rank[me]
        more = [None if np.isnan(e) or np.isnan(edu_now) else bool(e > edu_now) for e in self._edu_rank[rows]]
        return pd.DataFrame(
            {
                "onet_code": self.codes[rows],
                "title": self._title[rows],
                "tier": tier_names[order],
                "rank": rank[order],
                "median_pay": pay,
                "pay_basis": self._pay_note[rows],
                "pay_change": pay - pay_now,
                "pay_change_pct": (pay - pay_now) / pay_now * 100 if pay_now else np.full(len(rows), np.nan),
                "pay_year": self.year,
                "job_zone": zone,
                "job_zone_change": zone - zone_now,
                "education": self._education[rows],
                "more_education": pd.array(more, dtype="boolean"),
                "experience": self._experience[rows],
                "training": self._training[rows],
                "rw_years_typical": self._rw[rows],
            }
        )


# ---- interests (RIASEC) -------------------------------------------------------------------


def interest_scores(keywords, *, keyword_table: pd.DataFrame | None = None) -> pd.Series:
    """How many of the learner's picked keywords belong to each RIASEC area.

    ``keywords``: the keywords picked (strings from ``careerkit.riasec_keywords()['keyword']``,
    matched case-insensitively).  Returns a Series of whole numbers indexed R, I, A, S, E, C
    (name ``"score"``).  An unknown keyword raises ``ValueError`` with close matches.

    >>> kw = pd.DataFrame({"letter": ["R", "R", "S"], "keyword": ["Build", "Repair", "Help"]})
    >>> interest_scores(["build", "help"], keyword_table=kw).tolist()
    [1, 0, 0, 1, 0, 0]
    """
    if keyword_table is None:
        from careerkit.datasets import riasec_keywords as load

        keyword_table = load()
    _require(keyword_table, ["letter", "keyword"], "RIASEC keyword table")
    if isinstance(keywords, str):
        keywords = [keywords]
    table = keyword_table.assign(_key=keyword_table["keyword"].astype(str).str.strip().str.lower())
    counts = dict.fromkeys(RIASEC, 0)
    known = set(table["_key"])
    for word in keywords:
        key = str(word).strip().lower()
        if key not in known:
            raise ValueError(
                f"{word!r} is not one of the O*NET interest keywords.{_suggest(word, table['keyword'].unique())}"
            )
        for letter in table.loc[table["_key"] == key, "letter"].unique():
            counts[str(letter)] += 1
    return pd.Series(counts, name="score", dtype="int64")


def top_interests(scores: pd.Series, n: int = 3) -> str:
    """The ``n`` letters with the highest scores, highest first, as a code like ``"SEC"``.

    Ties keep the R-I-A-S-E-C order; areas with a score of 0 are left out.

    >>> top_interests(pd.Series({"R": 2, "I": 0, "A": 3, "S": 2, "E": 0, "C": 1}))
    'ARS'
    """
    s = pd.Series(scores).reindex(list(RIASEC)).fillna(0)
    order = sorted(RIASEC, key=lambda k: (-float(s[k]), RIASEC.index(k)))
    return "".join(k for k in order if float(s[k]) > 0)[:n]


def _letters(letters) -> str:
    code = "".join(letters).upper().replace(" ", "") if not isinstance(letters, str) else letters.upper().replace(" ", "")
    bad = [c for c in code if c not in RIASEC]
    if not code or bad:
        raise ValueError(f"Interest letters must be 1–3 of R, I, A, S, E, C (e.g. 'SEC'), got {letters!r}.")
    return "".join(dict.fromkeys(code))[:3]


def _interest_match(occ: pd.DataFrame, code: str) -> np.ndarray:
    weights = np.array([3.0, 2.0, 1.0][: len(code)])
    cols = [f"interest_{c}" for c in code]
    _require(occ, cols, "occupations table")
    values = np.column_stack(
        [pd.to_numeric(occ[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan) for c in cols]
    )
    return values @ weights / weights.sum()


def matching_occupations(letters, limit: int = 10, *, occupations: pd.DataFrame | None = None) -> pd.DataFrame:
    """Occupations that fit a learner's interest code, best first.

    Score: O*NET's interest scores (1–7) of the occupation for the learner's letters, weighted
    3, 2, 1 for the first, second, third letter and averaged — so 7 means the occupation draws
    on the learner's strongest interests as much as any occupation can.  Ties are broken by
    higher median pay.  One row per occupation: onet_code, title, riasec, score, median_pay,
    pay_year, job_zone, education.

    >>> occ = pd.DataFrame({"onet_code": ["a", "b"], "title": ["A", "B"], "riasec": ["SE", "RC"],
    ...     "interest_R": [1, 7], "interest_I": [1, 1], "interest_A": [1, 1], "interest_S": [7, 1],
    ...     "interest_E": [5, 1], "interest_C": [1, 6], "median_2025": [50000, 60000], "job_zone": [3, 2]})
    >>> matching_occupations("SE", occupations=occ)["title"].tolist()
    ['A', 'B']
    """
    code = _letters(letters)
    occ = _occupations(occupations)
    year = latest_wage_year(occ)
    score = _interest_match(occ, code)
    pay = pd.to_numeric(occ[f"median_{year}"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    # best score first, then higher pay (missing pay last); occupations without interest scores are left out
    order = np.lexsort((np.nan_to_num(-pay, nan=np.inf), -score))
    top = [i for i in order if not np.isnan(score[i])][: max(int(limit), 0)]
    return pd.DataFrame(
        {
            "onet_code": occ["onet_code"].astype(str).to_numpy()[top],
            "title": occ["title"].to_numpy()[top],
            "riasec": optional_column(occ, "riasec").to_numpy()[top],
            "score": score[top],
            "median_pay": pay[top],
            "pay_year": year,
            "job_zone": pd.to_numeric(optional_column(occ, "job_zone"), errors="coerce")
            .to_numpy(dtype=float, na_value=np.nan)[top],
            "education": optional_column(occ, "education_entry").to_numpy()[top],
        }
    )


def matching_ladders(
    letters, ladders: pd.DataFrame | None = None, *, occupations: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Ladders that fit a learner's interest code, best first.

    A ladder's score is the mean of its steps' occupation scores (see
    :func:`matching_occupations`); steps whose occupation is unknown are left out of the mean.
    One row per ladder with at least two steps: ladder, score, steps, first_title, last_title,
    first_pay, last_pay.
    """
    code = _letters(letters)
    df = _ladders(ladders)
    _require(df, ["ladder", "step", "title", "pay", "onet_code"], "ladders table")
    occ = _occupations(occupations)
    scores = pd.Series(_interest_match(occ, code), index=occ["onet_code"].astype(str).to_numpy())
    scores = scores[~scores.index.duplicated()]
    ladder = df["ladder"].to_numpy()
    order = np.lexsort((df["step"].to_numpy(), pd.factorize(ladder)[0]))  # by ladder (file order), then step
    step_score = scores.reindex(df["onet_code"].astype(str).to_numpy()).to_numpy()[order]
    names, titles = ladder[order], df["title"].to_numpy()[order]
    pays = pd.to_numeric(df["pay"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)[order]
    rows = []
    for name in pd.unique(names):
        at = np.flatnonzero(names == name)
        if len(at) < 2 or np.isnan(step_score[at]).all():
            continue
        rows.append({"ladder": name, "score": float(np.nanmean(step_score[at])), "steps": len(at),
                     "first_title": titles[at[0]], "last_title": titles[at[-1]],
                     "first_pay": pays[at[0]], "last_pay": pays[at[-1]]})
    rows.sort(key=lambda r: -r["score"])  # stable: equal scores keep the file order
    return pd.DataFrame(rows, columns=["ladder", "score", "steps", "first_title", "last_title", "first_pay", "last_pay"])


# ---- gap between two roles ----------------------------------------------------------------


def gap(current: str, target: str, ladders: pd.DataFrame | None = None) -> pd.DataFrame:
    """The steps from a current role up to a target role on the same ladder.

    Titles are matched case-insensitively against the ladders' ``title``.  Returns one row per
    step from the current role (first row) to the target (last row), with every ladder column
    plus years_from_current (years after reaching the current role) and pay_change (vs. the
    current role's pay).  Raises ``ValueError`` with close titles when a title is unknown, when the
    two roles are on no common ladder, or when the target is not above the current role.

    >>> df = pd.DataFrame({"ladder": "Fire", "step": [1, 2, 3], "title": ["Firefighter", "Lieutenant", "Captain"],
    ...                    "years_from_start": [0, 5, 9], "pay": [59280.0, 80000.0, 93530.0]})
    >>> gap("firefighter", "Captain", df)[["title", "years_from_current"]].values.tolist()
    [['Firefighter', 0.0], ['Lieutenant', 5.0], ['Captain', 9.0]]
    """
    df = _ladders(ladders)
    _require(df, ["ladder", "step", "title", "years_from_start", "pay"], "ladders table")
    key = df["title"].astype(str).str.strip().str.lower()
    all_titles = list(pd.unique(df["title"].astype(str)))
    for role, label in ((current, "current"), (target, "target")):
        if not (key == str(role).strip().lower()).any():
            raise ValueError(f"No ladder step titled {role!r} ({label} role).{_suggest(role, all_titles)}")
    cur_ladders = set(df.loc[key == str(current).strip().lower(), "ladder"])
    tgt_ladders = set(df.loc[key == str(target).strip().lower(), "ladder"])
    common = [n for n in pd.unique(df["ladder"]) if n in cur_ladders and n in tgt_ladders]
    if not common:
        raise ValueError(
            f"{current!r} (on {', '.join(map(str, sorted(cur_ladders)))}) and {target!r} "
            f"(on {', '.join(map(str, sorted(tgt_ladders)))}) are not on the same ladder; pick a target on "
            f"the same ladder: {', '.join(get_ladder(sorted(cur_ladders)[0], df)['title'].astype(str))}."
        )
    steps = get_ladder(common[0], df)
    skey = steps["title"].astype(str).str.strip().str.lower()
    i = int(np.flatnonzero(skey == str(current).strip().lower())[0])
    j = int(np.flatnonzero(skey == str(target).strip().lower())[-1])
    if j <= i:
        above = steps["title"].astype(str).iloc[i + 1:].tolist()
        raise ValueError(
            f"{target!r} is not above {current!r} on the {common[0]} ladder; steps above it: "
            f"{', '.join(above) if above else 'none (it is the top step)'}."
        )
    out = steps.iloc[i: j + 1].reset_index(drop=True)
    yrs = pd.to_numeric(out["years_from_start"], errors="coerce").astype(float)
    pay = pd.to_numeric(out["pay"], errors="coerce").astype(float)
    return out.assign(years_from_current=yrs - yrs.iloc[0], pay_change=pay - pay.iloc[0])
