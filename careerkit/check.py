"""Self-checks for the notebook exercises.

Each exercise in the notebooks has an answer cell and a check cell::

    answer_2_1 = ...                  # which step comes after Fire Lieutenant?
    check.question_2_1(answer_2_1)    # prints ✓ or a hint

Every ``question_*`` function prints one friendly line — ``✓ …`` when the answer is
right, otherwise a hint — and returns ``None``. It never raises: a placeholder ``...``,
``None``, a wrong type or a broken table all end in a hint, not a traceback.

The right answers are never typed in here: each one is looked up in the shipped tables
(``careerkit.ladders()``, ``careerkit.occupations()``, ``careerkit.quiz()``) or computed
with ``careerkit.model``, so a change in the data changes the answer. Functions that use
ladders take ``ladders=`` (an optional table shaped like ``careerkit.ladders()``), the
same way the apps do.
"""
from __future__ import annotations

import functools
import re
import reprlib

from careerkit import classroom as _classroom

PASS = "✓"
HINT = "Hint:"

FIRE = "Fire service (US)"
NURSING = "Nursing (US)"
RN = "Registered Nurse (RN)"

_PLACEHOLDER = {
    "0_1": "replace ... with the title in quotes, e.g. answer_0_1 = \"Some Title\".",
    "0_2": "replace ... with a year written as a number, e.g. answer_0_2 = 2019.",
    "1_1": "replace ... with \"job\" or \"career\" (in quotes).",
    "1_2": "replace ... with one letter in quotes: R, I, A, S, E or C.",
    "2_1": "replace ... with the title in quotes, exactly as the table shows it.",
    "2_2": "replace ... with a number of years, e.g. answer_2_2 = 3.",
    "2_3": "replace ... with a number of dollars, e.g. answer_2_3 = 12000.",
    "2_4": "replace ... with one job title in quotes.",
    "3_1": "replace ... with a year number from the table, e.g. answer_3_1 = 7.",
    "3_2": "replace ... with a number of dollars, e.g. answer_3_2 = 250000.",
    "3_3": "replace ... with a percent written as a number, e.g. answer_3_3 = 40 (for 40 %).",
    "3_4": "replace ... with a whole number of people, e.g. answer_3_4 = 120.",
    "4_1": "replace ... with an O*NET code in quotes, e.g. answer_4_1 = \"41-2011.00\".",
    "4_2": "replace ... with the education level in quotes, as the table shows it.",
    "4_3": "replace ... with a few sentences in quotes.",
}


# ----------------------------------------------------------------------------- helpers


def _say(ok: bool, message: str) -> None:
    print(f"{PASS} {message}" if ok else f"{HINT} {message}")


def _exercise(key: str):
    """Wrap a checker ``f(answer, **kw) -> (ok, message)`` so it prints and never raises."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(answer=..., **kwargs) -> None:
            if answer is ...:
                _say(False, f"Not answered yet — {_PLACEHOLDER[key]} Then run this cell again.")
                return None
            if answer is None:
                _say(False, f"The answer is None — {_PLACEHOLDER[key]}")
                return None
            try:
                ok, message = func(answer, **kwargs)
            except Exception as exc:  # a self-check must never show a traceback
                _say(False, f"This answer could not be checked ({type(exc).__name__}: {_shown(str(exc))[1:-1]}). "
                            f"{_PLACEHOLDER[key][0].upper()}{_PLACEHOLDER[key][1:]}")
                return None
            _say(ok, message)
            _classroom.record_check(key, answer, ok)  # a no-op unless the learner joined a class
            return None

        return wrapper

    return decorate


#: Longest answer text compared (a title or a short sentence); the rest of a paste is ignored.
MAX_ANSWER_CHARS = 2_000


def _norm(text) -> str:
    """Lower-case, single spaces, no surrounding quotes, full stop or trailing "(RN)"-style
    abbreviation: so "registered nurse" matches the title "Registered Nurse (RN)".

    Only the first ``MAX_ANSWER_CHARS`` characters count, and no step's cost grows faster than
    the text (a regex for the "(RN)" took 8.5 s on 40,000 spaces)."""
    text = text[:MAX_ANSWER_CHARS] if isinstance(text, str) else _shown(text)
    text = text.strip().strip("\"'“”‘’").strip().rstrip(".").casefold().replace("’", "'")
    if text.endswith(")"):
        k = text.rfind("(")
        if k >= 0 and ")" not in text[k + 1:-1]:
            text = text[:k]
    return " ".join(text.split())


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 6
_REPR.maxlevel = 2


def _shown(answer) -> str:
    """A learner's answer as a hint shows it: one line of at most about 80 characters (a
    100,000-item list or a DataFrame would flood the cell)."""
    shape = getattr(answer, "shape", None)
    if isinstance(shape, tuple) and len(shape) >= 1 and not isinstance(answer, (str, bytes)):
        what = "a table" if len(shape) == 2 else ("a column" if len(shape) == 1 else "an array")
        return f"{what} of shape {shape}" if shape else " ".join(_REPR.repr(answer).split())
    return " ".join(_REPR.repr(answer).split())


def _number(answer) -> float | None:
    """A number from an int, float or a string such as "$12,500" (:func:`careerkit.text.number`)."""
    from careerkit.text import number

    return number(answer)


def _money(x: float) -> str:
    return f"${x:,.0f}"


def _years(x: float) -> str:
    return f"{x:g} year" + ("" if x == 1 else "s")


def _ladders(ladders):
    from careerkit.datasets import ladders_or_shipped

    return ladders_or_shipped(ladders)


def _ladder(name: str, ladders):
    """Steps of one ladder, sorted by step."""
    table = _ladders(ladders)
    steps = table[table["ladder"] == name].sort_values("step").reset_index(drop=True)
    if steps.empty:
        raise LookupError(f"the ladder {name!r} is not in the table")
    return steps


def _row(steps, title: str):
    """The row of `steps` whose title is `title` (case-insensitive)."""
    hits = steps[steps["title"].map(_norm) == _norm(title)]
    if hits.empty:
        raise LookupError(f"no step titled {title!r}")
    return hits.iloc[0]


def _step_after(steps, title: str):
    row = _row(steps, title)
    later = steps[steps["step"] > row["step"]]
    if later.empty:
        raise LookupError(f"{title!r} is the top step")
    return later.iloc[0]


def _title_hint(answer: str, steps, *, expected: str, asked_about: str) -> str:
    """A hint for a wrong title: says where in the ladder the answer sits, if it is there."""
    titles = {_norm(t): t for t in steps["title"]}
    if _norm(answer) not in titles:
        return (f"{_shown(answer)} is not a step of the {steps['ladder'].iloc[0]} ladder. Copy a title "
                "exactly as the table above shows it (spelling counts, capitals do not).")
    picked = _row(steps, answer)
    target = _row(steps, expected)
    asked = _row(steps, asked_about)
    if picked["step"] == asked["step"]:
        return f"That is {asked['title']} itself. Which title is on the next row down (step + 1)?"
    if picked["step"] < target["step"]:
        return f"{picked['title']} comes before {asked['title']}. Look further up the ladder."
    return (f"{picked['title']} is on the ladder, but further up (step {picked['step']}). "
            f"Which step comes straight after {asked['title']}?")


def _string_answer(answer, key: str) -> str | None:
    if not isinstance(answer, str):
        return None
    return answer if answer.strip() not in {"", "..."} else None


def _type_hint(answer, key: str, wanted: str) -> tuple[bool, str]:
    return False, (f"The answer should be {wanted}, but it is {type(answer).__name__} "
                   f"({_shown(answer)}). {_PLACEHOLDER[key][0].upper()}{_PLACEHOLDER[key][1:]}")


# ----------------------------------------------------------------------------- 00 start here


@_exercise("0_1")
def question_0_1(answer, *, ladders=None):
    """0.1 — title of step 1 of the fire-service ladder (from ``careerkit.ladders()``)."""
    if _string_answer(answer, "0_1") is None:
        return _type_hint(answer, "0_1", "a title in quotes")
    steps = _ladder(FIRE, ladders)
    first = steps.iloc[0]
    if _norm(answer) == _norm(first["title"]):
        return True, f"Step 1 of the {FIRE} ladder is {first['title']}. You ran your first cells."
    if _norm(answer) in set(steps["title"].map(_norm)):
        picked = _row(steps, answer)
        return False, (f"{picked['title']} is step {picked['step']}. Find the row where the "
                       "'step' column is 1.")
    return False, (f"Look at the rows whose 'ladder' is {FIRE!r} and the 'title' column on "
                   "the row where 'step' is 1.")


@_exercise("0_2")
def question_0_2(answer, *, ladders=None):
    """0.2 — the OEWS May year of the pay in the ladders table (column ``pay_year``)."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "0_2", "a year written as a number")
    years = sorted({int(y) for y in _ladders(ladders)["pay_year"].dropna()})
    latest = years[-1]
    if value == latest:
        return True, (f"The pay comes from the BLS OEWS survey of May {latest}. Every number in "
                      "this course names its source like this.")
    if value in years:
        return False, (f"Some rows use {int(value)}, but most use a later year. Look at the "
                       "'pay_year' column of the fire-service rows.")
    if value > 3000:
        return False, "That looks like a pay amount, not a year. Look at the 'pay_year' column."
    return False, "Look at the 'pay_year' column: it holds the year the wage survey was taken."


# ----------------------------------------------------------------------------- 01 job or career


@_exercise("1_1")
def question_1_1(answer, *, scenario: int = 0):
    """1.1 — is the first quiz scenario (``careerkit.quiz()`` row ``scenario``) a job or a career?"""
    import careerkit

    if _string_answer(answer, "1_1") is None:
        return _type_hint(answer, "1_1", '"job" or "career"')
    row = careerkit.quiz().iloc[scenario]
    picked = _norm(answer)
    if picked not in {"job", "career"}:
        return False, f"Answer with exactly one word: \"job\" or \"career\" (you wrote {_shown(answer)})."
    if picked == _norm(row["answer"]):
        return True, f"It is a {row['answer']}. {row['explanation']}"
    return False, ("Not quite. Ask: is this about pay for work done now (short term), or about "
                   "building skills and steps for the long term? Look at the comparison again.")


@_exercise("1_2")
def question_1_2(answer, *, onet_code: str = "33-2011.00"):
    """1.2 — the strongest RIASEC interest letter of Firefighters (``occupations().riasec``)."""
    import careerkit

    if _string_answer(answer, "1_2") is None:
        return _type_hint(answer, "1_2", "one letter in quotes")
    occ = careerkit.occupations().set_index("onet_code").loc[onet_code]
    code = str(occ["riasec"])
    letter = answer.strip().strip("\"'").upper()[:1]
    if len(answer.strip().strip("\"'")) != 1 or letter not in "RIASEC":
        return False, "Answer with one letter: R, I, A, S, E or C."
    if letter == code[0]:
        return True, (f"{occ['title']} have the interest code {code}; {code[0]} comes first "
                      "because it has the highest O*NET interest score.")
    if letter in code:
        return False, (f"{letter} is in the code {code}, but it is not first. The letters are "
                       "sorted by score, highest first.")
    return False, f"Look at the 'riasec' column for {occ['title']}: the first letter is the strongest."


# ----------------------------------------------------------------------------- 02 career ladders


@_exercise("2_1")
def question_2_1(answer, *, ladders=None, after: str = "Fire Lieutenant", ladder: str = FIRE):
    """2.1 — which step comes straight after ``after`` on the ladder ``ladder``."""
    if _string_answer(answer, "2_1") is None:
        return _type_hint(answer, "2_1", "a title in quotes")
    steps = _ladder(ladder, ladders)
    expected = _step_after(steps, after)
    if _norm(answer) == _norm(expected["title"]):
        return True, (f"{expected['title']} is step {expected['step']}, straight after "
                      f"{_row(steps, after)['title']}.")
    return False, _title_hint(answer, steps, expected=expected["title"], asked_about=after)


@_exercise("2_2")
def question_2_2(answer, *, ladders=None, title: str = "Fire Captain", ladder: str = FIRE):
    """2.2 — the years the ladder draws between the start of the career and ``title`` (column
    ``years_from_start``: related work experience O*NET says is asked for to be hired)."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "2_2", "a number of years")
    steps = _ladder(ladder, ladders)
    row = _row(steps, title)
    years = float(row["years_from_start"])
    if abs(value - years) < 0.05:
        return True, (f"The ladder draws {row['title']} {_years(years)} from the start: {row['years_basis']}. "
                      "That is experience asked for to be hired, not a promise of promotion by then.")
    if value > 1000:
        return False, "That looks like pay. This question asks for years: the 'years_from_start' column."
    for _, other in steps.iterrows():
        if abs(value - float(other["years_from_start"])) < 0.05 and other["title"] != row["title"]:
            return False, (f"{_years(value)} is the figure for {other['title']}. Read the "
                           f"'years_from_start' value on the {row['title']} row.")
    return False, f"Find the {row['title']} row and read its 'years_from_start' column."


@_exercise("2_3")
def question_2_3(answer, *, ladders=None, start: str = "Firefighter", end: str = "Fire Captain",
                 ladder: str = FIRE):
    """2.3 — how much more ``end`` pays than ``start`` per year, in dollars (column ``pay``)."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "2_3", "a number of dollars")
    steps = _ladder(ladder, ladders)
    low, high = _row(steps, start), _row(steps, end)
    rise = float(high["pay"]) - float(low["pay"])
    tolerance = max(100.0, abs(rise) * 0.01)
    if abs(value - rise) <= tolerance:
        return True, (f"{high['title']} pays {_money(high['pay'])} ({high['pay_basis']}), "
                      f"{low['title']} {_money(low['pay'])} ({low['pay_basis']}): "
                      f"a rise of {_money(rise)} a year.")
    if abs(value + rise) <= tolerance:
        return False, f"Right size, wrong sign: {high['title']} pays more, so the rise is positive."
    if abs(value - float(high["pay"])) <= tolerance:
        return False, f"That is {high['title']}'s pay. Subtract {low['title']}'s pay from it."
    if value < 1000:
        return False, "The answer is in dollars per year, e.g. 12000, not thousands or a percent."
    return False, f"Take the 'pay' of {high['title']} and subtract the 'pay' of {low['title']}."


@_exercise("2_4")
def question_2_4(answer, *, ladders=None):
    """2.4 — name any job that the table lists with no ladder (``has_ladder`` is False)."""
    if _string_answer(answer, "2_4") is None:
        return _type_hint(answer, "2_4", "a job title in quotes")
    table = _ladders(ladders)
    flat = table[~table["has_ladder"].astype(bool)]
    if _norm(answer) in set(flat["title"].map(_norm)):
        row = flat[flat["title"].map(_norm) == _norm(answer)].iloc[0]
        return True, (f"{row['title']} is listed with no ladder: one step, pay "
                      f"{_money(row['pay'])} ({row['pay_basis']}).")
    if _norm(answer) in set(table["title"].map(_norm)):
        return False, ("That job is a step on a ladder. Look for rows where 'has_ladder' is "
                       "False.")
    return False, "Copy a title from the rows where 'has_ladder' is False (the table above)."


# ----------------------------------------------------------------------------- 03 lifetime view


def _default_earnings(ladders, ladder: str):
    from careerkit import model

    steps = _ladder(ladder, ladders)
    return model.lifetime_earnings(steps)


@_exercise("3_1")
def question_3_1(answer, *, ladders=None, ladder: str = FIRE):
    """3.1 — the year the career path's total earnings overtake the job path's (default assumptions)."""
    from careerkit import model

    value = _number(answer)
    if value is None:
        return _type_hint(answer, "3_1", "a year number")
    earnings = _default_earnings(ladders, ladder)
    year = model.crossover_year(earnings)
    if year is None:
        return False, ("With these assumptions the career path never overtakes the job path. "
                       "Answer with the last year of the table and read the note above.")
    if value == year:
        return True, (f"From year {year} on, the career path has earned more in total than "
                      "staying in the first job.")
    if abs(value - year) <= 2:
        return False, ("Close. Compare the two *cumulative* columns, not the yearly pay: from "
                       "which year on is career_cumulative larger, right to the end?")
    return False, ("Look at the columns career_cumulative and job_cumulative: from which year on "
                   "does the career total stay larger?")


@_exercise("3_2")
def question_3_2(answer, *, ladders=None, ladder: str = FIRE):
    """3.2 — how much more the career path earns in total over the whole horizon (last row)."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "3_2", "a number of dollars")
    last = _default_earnings(ladders, ladder).iloc[-1]
    gap = float(last["career_cumulative"]) - float(last["job_cumulative"])
    tolerance = max(1000.0, abs(gap) * 0.01)
    if abs(value - gap) <= tolerance:
        return True, (f"After {int(last['year'])} years the career path has earned "
                      f"{_money(gap)} more in total (with the default assumptions).")
    if abs(value + gap) <= tolerance:
        return False, "Right size, wrong sign: subtract the job total from the career total."
    if abs(value - float(last["career_cumulative"])) <= tolerance:
        return False, "That is the career path's whole total. Subtract the job path's total."
    return False, ("Take the last row of the table: career_cumulative minus job_cumulative "
                   "(answers within 1% count).")


def _default_simulation(ladders, ladder: str):
    """``careerkit.simulate.careers`` of ``ladder`` with every default (seeded: the same every time)."""
    from careerkit import simulate

    return simulate.careers(_ladder(ladder, ladders))


def _percent(value: float) -> float:
    """A share typed as a percent (15) or as a fraction (0.15), as a percent."""
    return value * 100 if 0 < value <= 1 else value


@_exercise("3_3")
def question_3_3(answer, *, ladders=None, ladder: str = FIRE, after: int = 10):
    """3.3 — the percent of the simulated people whose career path is ahead after ``after`` years."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "3_3", "a percent written as a number")
    sim = _default_simulation(ladders, ladder)
    share = sim.share_ahead_after(after) * 100
    got = _percent(value)
    if abs(got - share) <= 0.5:
        behind = float(sim.years["share_behind"].iloc[after - 1]) * 100
        return True, (f"After {after} years the career path is ahead for {share:.1f}% of the "
                      f"{sim.odds.people:,} simulated people; {behind:.1f}% are behind and the other "
                      f"{100 - share - behind:.1f}% level: never promoted, they did the same job.")
    if abs(got - (100 - share)) <= 0.5:
        return False, "That is the share who are *not* ahead. The question asks for the share ahead."
    end = sim.share_ahead * 100
    if abs(got - end) <= 0.5 and abs(end - share) > 0.5:
        return False, f"That is the share after {len(sim.years)} years. Read the row for year {after}."
    if got < 0 or got > 100:
        return False, "A share of people is between 0 and 100 percent."
    return False, (f"Read `share_ahead` in the row for year {after} of the table above and write it as a "
                   "percent (0.25 is 25 %).")


@_exercise("3_4")
def question_3_4(answer, *, ladders=None, ladder: str = FIRE, title: str = "Fire Chief"):
    """3.4 — how many of the simulated people end their working life at step ``title``."""
    value = _number(answer)
    if value is None:
        return _type_hint(answer, "3_4", "a whole number of people")
    sim = _default_simulation(ladders, ladder)
    reached = sim.reached.set_index("title")
    if title not in reached.index:
        raise LookupError(f"the ladder {ladder!r} has no step {title!r}")
    people = int(reached.at[title, "people"])
    if value == people:
        return True, (f"{people} of {sim.odds.people:,} simulated people end as {title} "
                      f"({people / sim.odds.people:.1%}). If every promotion came on time, all "
                      f"{sim.odds.people:,} would.")
    for other, count in reached["people"].items():
        if value == count and other != title:
            return False, f"{int(count)} is how many end as {other}. Find the {title} row."
    if 0 < value < 1:
        return False, "The question asks for a number of people (out of 1,000), not a share."
    return False, f"Find the {title} row of the table and read its `people` column."


# ----------------------------------------------------------------------------- 04 job to career


@_exercise("4_1")
def question_4_1(answer):
    """4.1 — any valid O*NET-SOC code from ``careerkit.occupations()`` (the learner's own job)."""
    import careerkit

    if _string_answer(answer, "4_1") is None:
        return _type_hint(answer, "4_1", "an O*NET code in quotes")
    code = answer.strip().strip("\"'")
    occ = careerkit.occupations().set_index("onet_code")
    if code in occ.index:
        return True, f"{code} is {occ.loc[code, 'title']}. The app below starts from this job."
    if re.fullmatch(r"\d{2}-\d{4}", code) and f"{code}.00" in occ.index:
        return False, f"Almost: O*NET codes end in a two-digit suffix. Try \"{code}.00\"."
    if not re.fullmatch(r"\d{2}-\d{4}\.\d{2}", code):
        return False, ("An O*NET code looks like \"41-2011.00\". Search for your job with "
                       "ck.find_occupation(\"your job title\") and copy its onet_code.")
    return False, (f"{code} is not an O*NET 29.3 code. Search with ck.find_occupation(\"your job "
                   "title\") and copy an onet_code from the result.")


@_exercise("4_2")
def question_4_2(answer, *, ladders=None, title: str = RN, ladder: str = NURSING):
    """4.2 — the typical entry education the data lists for ``title`` (column ``education``)."""
    if _string_answer(answer, "4_2") is None:
        return _type_hint(answer, "4_2", "an education level in quotes")
    steps = _ladder(ladder, ladders)
    row = _row(steps, title)
    expected = str(row["education"])
    if _norm(answer) == _norm(expected):
        return True, f"BLS lists \"{expected}\" as the typical entry education for {row['title']}."
    others = steps[steps["title"] != row["title"]]
    for _, other in others.iterrows():
        if _norm(answer) == _norm(other["education"]):
            return False, (f"\"{other['education']}\" is listed for {other['title']}. Read the "
                           f"'education' column on the {row['title']} row.")
    return False, (f"Read the 'education' column on the {row['title']} row and copy it exactly "
                   "(capitals do not matter).")


@_exercise("4_3")
def question_4_3(answer, *, min_words: int = 15):
    """4.3 — a personal reflection: any text of at least ``min_words`` words passes."""
    if _string_answer(answer, "4_3") is None:
        return _type_hint(answer, "4_3", "your own sentences in quotes")
    words = re.findall(r"\w+", answer)
    if len(words) >= min_words:
        return True, (f"Thank you — {len(words)} words. Keep this: it goes into your plan "
                      "below.")
    return False, (f"{len(words)} word{'s' if len(words) != 1 else ''} so far. Write at least "
                   f"{min_words}: where do you want to be in five years, and what is the next "
                   "step?")
