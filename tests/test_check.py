"""Every self-check: right answers pass, common wrong answers get their hint, and
placeholders, None or wrong types get a hint — never a traceback.

Most tests feed a small hand-made ladder table (``ladders=``) so the expected answer is
known independently of the shipped data; the last group checks that every question the
notebooks ask can be answered from the shipped tables.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from careerkit import check

FIRE = check.FIRE

LADDERS = pd.DataFrame({
    "ladder": [FIRE] * 4 + [check.NURSING] * 3 + ["Cashier"],
    "step": [1, 2, 3, 4, 1, 2, 3, 1],
    "title": ["Firefighter", "Fire Lieutenant", "Fire Captain", "Battalion Chief",
              "Nursing Assistant", "Licensed Practical Nurse", check.RN, "Cashier"],
    "has_ladder": [True] * 7 + [False],
    "years_from_start": [0.0, 4.0, 7.0, 11.0, 0.0, 1.0, 3.0, 0.0],
    "years_basis": ["test basis"] * 8,
    "pay": [60000.0, 80000.0, 95000.0, 110000.0, 40000.0, 60000.0, 90000.0, 30000.0],
    "pay_basis": ["median of test"] * 8,
    "pay_year": [2025] * 7 + [2024],
    "education": ["Postsecondary nondegree award"] * 4
    + ["Postsecondary nondegree award", "Postsecondary nondegree award", "Bachelor's degree",
       "No formal educational credential"],
})

LADDER_QUESTIONS = ["question_0_1", "question_0_2", "question_2_1", "question_2_2",
                    "question_2_3", "question_2_4", "question_4_2"]
ALL_QUESTIONS = sorted(name for name in dir(check) if name.startswith("question_"))


def run(capsys, name, answer, **kw):
    """Call one check, return what it printed (and make sure it returned None)."""
    if name in LADDER_QUESTIONS:
        kw.setdefault("ladders", LADDERS)
    assert getattr(check, name)(answer, **kw) is None
    return capsys.readouterr().out.strip()


def passed(out: str) -> bool:
    assert out.count("\n") == 0, f"one line expected, got {out!r}"
    assert out.startswith((check.PASS, check.HINT)), out
    return out.startswith(check.PASS)


# ------------------------------------------------------------------ no traceback, ever


def test_every_exercise_of_the_notebooks_has_a_check():
    assert ALL_QUESTIONS == [f"question_{k}" for k in sorted(check._PLACEHOLDER)]


@pytest.mark.parametrize("name", ALL_QUESTIONS)
@pytest.mark.parametrize("answer", [..., None, [1, 2], {"a": 1}, True, 3 + 4j, object(), "", "..."],
                         ids=["ellipsis", "None", "list", "dict", "bool", "complex", "object",
                              "empty", "dots-string"])
def test_placeholders_and_wrong_types_get_a_hint(capsys, name, answer):
    out = run(capsys, name, answer)
    assert not passed(out)
    assert "Traceback" not in out


@pytest.mark.parametrize("name", ALL_QUESTIONS)
def test_placeholder_says_how_to_answer(capsys, name):
    out = run(capsys, name, ...)
    assert "Not answered yet" in out and "replace ..." in out


@pytest.mark.parametrize("name", LADDER_QUESTIONS)
def test_a_broken_table_gives_a_hint_not_a_traceback(capsys, name):
    answer = 7 if name in {"question_0_2", "question_2_2", "question_2_3"} else "Fire Captain"
    out = run(capsys, name, answer, ladders=pd.DataFrame({"x": [1]}))
    assert not passed(out)
    assert "could not be checked" in out


# ------------------------------------------------------------------ 00


def test_0_1_step_one(capsys):
    assert passed(run(capsys, "question_0_1", "firefighter "))
    out = run(capsys, "question_0_1", "Fire Captain")
    assert not passed(out) and "step 3" in out
    assert not passed(run(capsys, "question_0_1", "Astronaut"))


def test_0_2_pay_year(capsys):
    assert passed(run(capsys, "question_0_2", 2025))
    assert passed(run(capsys, "question_0_2", "2025"))
    out = run(capsys, "question_0_2", 2024)
    assert not passed(out) and "later year" in out
    out = run(capsys, "question_0_2", 60000)
    assert not passed(out) and "pay amount" in out


# ------------------------------------------------------------------ 01


@pytest.fixture
def fake_tables(monkeypatch):
    import careerkit

    quiz = pd.DataFrame({"id": [1, 2], "statement": ["A summer shift", "A plan for ten years"],
                         "answer": ["job", "career"], "explanation": ["Short term.", "Long term."]})
    occ = pd.DataFrame({"onet_code": ["33-2011.00", "41-2011.00"],
                        "title": ["Firefighters", "Cashiers"], "riasec": ["RSC", "CER"]})
    monkeypatch.setattr(careerkit, "quiz", lambda: quiz.copy())
    monkeypatch.setattr(careerkit, "occupations", lambda: occ.copy())


def test_1_1_job_or_career(capsys, fake_tables):
    out = run(capsys, "question_1_1", "Job")
    assert passed(out) and "Short term." in out
    assert not passed(run(capsys, "question_1_1", "career"))
    assert passed(run(capsys, "question_1_1", "career", scenario=1))
    out = run(capsys, "question_1_1", "both")
    assert not passed(out) and "one word" in out


def test_1_2_first_riasec_letter(capsys, fake_tables):
    assert passed(run(capsys, "question_1_2", "r"))
    out = run(capsys, "question_1_2", "S")
    assert not passed(out) and "not first" in out
    out = run(capsys, "question_1_2", "Realistic")
    assert not passed(out) and "one letter" in out
    assert not passed(run(capsys, "question_1_2", "A"))
    assert passed(run(capsys, "question_1_2", "C", onet_code="41-2011.00"))


# ------------------------------------------------------------------ 02


def test_2_1_step_after(capsys):
    assert passed(run(capsys, "question_2_1", "fire captain"))
    out = run(capsys, "question_2_1", "Firefighter")
    assert not passed(out) and "comes before" in out
    out = run(capsys, "question_2_1", "Fire Lieutenant")
    assert not passed(out) and "itself" in out
    out = run(capsys, "question_2_1", "Battalion Chief")
    assert not passed(out) and "further up" in out
    out = run(capsys, "question_2_1", "Captain")
    assert not passed(out) and "not a step" in out
    assert passed(run(capsys, "question_2_1", "Registered Nurse", after="Licensed Practical Nurse",
                      ladder=check.NURSING))


def test_2_2_years(capsys):
    assert passed(run(capsys, "question_2_2", 7))
    assert passed(run(capsys, "question_2_2", "7.0"))
    out = run(capsys, "question_2_2", 4)
    assert not passed(out) and "Fire Lieutenant" in out
    out = run(capsys, "question_2_2", 95000)
    assert not passed(out) and "looks like pay" in out
    assert not passed(run(capsys, "question_2_2", 8))


def test_2_3_pay_rise(capsys):
    assert passed(run(capsys, "question_2_3", 35000))
    assert passed(run(capsys, "question_2_3", "$35,000"))
    assert passed(run(capsys, "question_2_3", 35300))  # within 1 %
    out = run(capsys, "question_2_3", -35000)
    assert not passed(out) and "wrong sign" in out
    out = run(capsys, "question_2_3", 95000)
    assert not passed(out) and "Subtract" in out
    out = run(capsys, "question_2_3", 35)
    assert not passed(out) and "dollars" in out
    assert not passed(run(capsys, "question_2_3", 20000))


def test_2_4_no_ladder(capsys):
    assert passed(run(capsys, "question_2_4", "cashier"))
    out = run(capsys, "question_2_4", "Fire Captain")
    assert not passed(out) and "step on a ladder" in out


# ------------------------------------------------------------------ 03 (uses careerkit.model)


@pytest.fixture
def fake_earnings(monkeypatch):
    from careerkit import model

    table = pd.DataFrame({"year": [1, 2, 3, 4, 5],
                          "job_cumulative": [50.0, 100.0, 150.0, 200.0, 100000.0],
                          "career_cumulative": [40.0, 90.0, 155.0, 230.0, 320000.0]})
    monkeypatch.setattr(model, "lifetime_earnings", lambda steps, **kw: table.copy())
    monkeypatch.setattr(model, "crossover_year", lambda e: 3)


def test_3_1_crossover(capsys, fake_earnings):
    assert passed(run(capsys, "question_3_1", 3, ladders=LADDERS))
    out = run(capsys, "question_3_1", 4, ladders=LADDERS)
    assert not passed(out) and "cumulative" in out
    assert not passed(run(capsys, "question_3_1", 30, ladders=LADDERS))


def test_3_1_no_crossover_is_explained(capsys, fake_earnings, monkeypatch):
    from careerkit import model

    monkeypatch.setattr(model, "crossover_year", lambda e: None)
    out = run(capsys, "question_3_1", 3, ladders=LADDERS)
    assert not passed(out) and "never overtakes" in out


def test_3_2_total_gap(capsys, fake_earnings):
    gap = 320000.0 - 100000.0
    assert passed(run(capsys, "question_3_2", gap, ladders=LADDERS))
    out = run(capsys, "question_3_2", -gap, ladders=LADDERS)
    assert not passed(out) and "wrong sign" in out
    out = run(capsys, "question_3_2", 320000, ladders=LADDERS)
    assert not passed(out) and "whole total" in out


# ------------------------------------------------------------------ 04


def test_4_1_own_code(capsys, fake_tables):
    out = run(capsys, "question_4_1", "41-2011.00")
    assert passed(out) and "Cashiers" in out
    out = run(capsys, "question_4_1", "41-2011")
    assert not passed(out) and '"41-2011.00"' in out
    out = run(capsys, "question_4_1", "cashier")
    assert not passed(out) and "find_occupation" in out
    assert not passed(run(capsys, "question_4_1", "99-9999.00"))


def test_4_2_education(capsys):
    assert passed(run(capsys, "question_4_2", "bachelor's degree"))
    assert passed(run(capsys, "question_4_2", "Bachelor’s degree."))
    out = run(capsys, "question_4_2", "Postsecondary nondegree award")
    assert not passed(out) and "Nursing Assistant" in out
    assert not passed(run(capsys, "question_4_2", "PhD"))


def test_4_3_reflection(capsys):
    out = run(capsys, "question_4_3", "I want to")
    assert not passed(out) and "3 words" in out
    assert passed(run(capsys, "question_4_3", " ".join(["word"] * 15)))


# ------------------------------------------------------------------ the shipped data


def test_the_notebook_questions_can_be_answered_from_the_shipped_data(capsys):
    import careerkit as ck

    table = ck.ladders()
    fire = table[table["ladder"] == FIRE].sort_values("step")
    titles = list(fire["title"])
    nxt = titles[titles.index("Fire Lieutenant") + 1]
    assert passed(run(capsys, "question_0_1", titles[0], ladders=None))
    assert passed(run(capsys, "question_0_2", int(table["pay_year"].max()), ladders=None))
    assert passed(run(capsys, "question_2_1", nxt, ladders=None))
    captain = fire[fire["title"] == "Fire Captain"].iloc[0]
    assert passed(run(capsys, "question_2_2", float(captain["years_from_start"]), ladders=None))
    rise = float(captain["pay"]) - float(fire.iloc[0]["pay"])
    assert passed(run(capsys, "question_2_3", rise, ladders=None))
    flat = table[~table["has_ladder"].astype(bool)]
    assert not flat.empty
    assert passed(run(capsys, "question_2_4", flat.iloc[0]["title"], ladders=None))
    rn = table[(table["ladder"] == check.NURSING) & (table["title"] == check.RN)].iloc[0]
    assert passed(run(capsys, "question_4_2", rn["education"], ladders=None))
    quiz = ck.quiz()
    assert passed(run(capsys, "question_1_1", quiz.iloc[0]["answer"]))
    riasec = ck.occupations().set_index("onet_code").loc["33-2011.00", "riasec"]
    assert passed(run(capsys, "question_1_2", riasec[0]))
    assert passed(run(capsys, "question_4_1", "33-2011.00"))


def test_lifetime_answers_match_the_earnings_table(capsys):
    from careerkit import model

    earnings = model.lifetime_earnings(model.get_ladder(FIRE))
    ahead = (earnings["career_cumulative"] > earnings["job_cumulative"]).tolist()
    assert ahead[-1], "the fire ladder should end ahead of the first job with default assumptions"
    # the year from which the career path stays ahead to the end ("pulls ahead for good")
    behind = [i for i, is_ahead in enumerate(ahead) if not is_ahead]
    first_for_good = behind[-1] + 1 if behind else 0
    assert passed(run(capsys, "question_3_1", int(earnings["year"].iloc[first_for_good])))
    last = earnings.iloc[-1]
    assert passed(run(capsys, "question_3_2", last["career_cumulative"] - last["job_cumulative"]))


# ------------------------------------------------------------------ 03 odds


def test_odds_answers_are_the_seeded_simulations_values(capsys):
    """3.3 and 3.4 compare with careerkit.simulate (computed here independently of check.py)."""
    import careerkit as ck
    from careerkit import simulate

    ladders = ck.ladders()
    fire = ladders[ladders["ladder"] == FIRE].sort_values("step").reset_index(drop=True)
    sim = simulate.careers(fire)
    share = float(sim.years["share_ahead"].iloc[9]) * 100  # row of year 10
    assert passed(run(capsys, "question_3_3", round(share, 1)))
    assert passed(run(capsys, "question_3_3", f"{share:.1f}%".replace("%", "")))
    assert passed(run(capsys, "question_3_3", share / 100))  # a fraction is read as a share too
    out = run(capsys, "question_3_3", 100 - share)
    assert not passed(out) and "not* ahead" in out
    assert not passed(run(capsys, "question_3_3", share + 5))
    chief = int(sim.reached.set_index("title").at["Fire Chief", "people"])
    out = run(capsys, "question_3_4", chief)
    assert passed(out) and f"{chief} of 1,000" in out
    captain = int(sim.reached.set_index("title").at["Fire Captain", "people"])
    out = run(capsys, "question_3_4", captain)
    assert not passed(out) and "Fire Captain" in out
    out = run(capsys, "question_3_4", chief / 1000)
    assert not passed(out) and "not a share" in out


def test_odds_checks_follow_the_ladder_table(capsys):
    """With a ladder table whose top step has no cap, everyone gets there: the answer changes with the data."""
    from careerkit import simulate

    out = run(capsys, "question_3_4", 1000, ladders=LADDERS, title="Battalion Chief")
    assert passed(out)
    fire = LADDERS[LADDERS["ladder"] == FIRE].reset_index(drop=True)
    share = simulate.careers(fire).share_ahead_after(10) * 100
    assert 50 < share < 100  # promotions vary around year 4: not everyone is ahead by year 10
    assert passed(run(capsys, "question_3_3", share, ladders=LADDERS))
    assert not passed(run(capsys, "question_3_3", 100, ladders=LADDERS))


def test_notebook_03_key_points_are_the_simulations_shares():
    """The key points of notebook 03 quote measured shares: they must be the model's."""
    import nbformat

    import careerkit as ck
    from careerkit import model, simulate

    nb = nbformat.read(Path(__file__).resolve().parents[1] / "notebooks" / "03_lifetime_view.ipynb", as_version=4)
    key = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## Key points"))
    ladders = ck.ladders()
    fire = model.get_ladder(FIRE, ladders)
    sim = simulate.careers(fire)
    e = model.lifetime_earnings(fire)
    assert f"in year {model.crossover_year(e)} " in key
    assert f"${e['career_cumulative'].iloc[-1] - e['job_cumulative'].iloc[-1]:,.0f} ahead" in key
    assert f"**{round(sim.share_ahead_after(10) * 100)} in 100** of 1,000" in key
    assert f"still {round(sim.share_ahead * 100)} in 100 after 40" in key
    level = 1 - sim.share_ahead - sim.years["share_behind"].iloc[-1]
    assert f"**{round(level * 100)} in 100** are never promoted" in key
    assert f"**{int(sim.reached['people'].iloc[-1])} in 1,000** end as fire chief" in key
    banking = simulate.careers(model.get_ladder("Banking (US)", ladders)).share_ahead
    retail = simulate.careers(model.get_ladder("Retail (US)", ladders)).share_ahead
    assert round(banking, 1) == 0.1 and "about 1 in 10 simulated bank tellers" in key
    assert retail == 1 and "every simulated\n  cashier does" in key
    assert "usually" not in key
