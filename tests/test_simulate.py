"""careerkit.simulate: many working lives with promotion chances, pay spread and present value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import careerkit as ck
from careerkit import model, simulate

LADDERS = ck.ladders()
NAMES = model.ladder_names(LADDERS, with_steps_only=True)
FIRE = model.get_ladder("Fire service (US)", LADDERS)
SERIES = ["job_pay", "career_pay", "job_cumulative", "career_cumulative"]
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

assumptions = st.builds(
    model.Assumptions,
    years=st.integers(1, 50),
    pace=st.floats(0.5, 2.0),
    training_years=st.sampled_from([0.0, 0.5, 2.0, 4.5]),
    training_pay=st.sampled_from([0.0, 12000.0]),
    years_to_median=st.sampled_from([0.0, 3.0, 10.0]),
    entry_percentile=st.sampled_from(["p10", "median"]),
    pay_growth=st.sampled_from([0.0, 0.02]),
)
odds = st.builds(
    simulate.Odds,
    people=st.integers(1, 300),
    seed=st.integers(0, 10_000),
    chance_scale=st.floats(0.0, 3.0),
    timing_spread=st.floats(0.0, 1.0),
    pay_spread=st.booleans(),
    discount_rate=st.floats(0.0, 0.1),
    training_cost=st.sampled_from([0.0, 30000.0]),
)
ladders = st.sampled_from(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("a", [model.Assumptions(), model.Assumptions(years=45, pace=1.3, training_years=2,
                                                                      training_pay=5000, pay_growth=0.02),
                               model.Assumptions(entry_percentile="median", years_to_median=0)])
def test_every_chance_one_no_spread_no_discount_is_todays_path_exactly(name, a):
    steps = model.get_ladder(name, LADDERS)
    expected = model.lifetime_earnings(steps, assumptions=a)
    years = simulate.careers(steps, assumptions=a, odds=simulate.Odds.on_time(people=50)).years
    for column in SERIES:
        for q in ("p10", "median", "p90"):
            np.testing.assert_array_equal(years[f"{column}_{q}"].to_numpy(), expected[column].to_numpy())


def test_on_time_with_a_job_without_a_ladder_is_todays_path():
    job = LADDERS[LADDERS["title"] == "Dishwasher"].iloc[0]
    expected = model.lifetime_earnings(FIRE, job=job)
    years = simulate.careers(FIRE, job=job, odds=simulate.Odds.on_time(people=3)).years
    np.testing.assert_array_equal(years["job_cumulative_median"], expected["job_cumulative"])
    np.testing.assert_array_equal(years["career_cumulative_p90"], expected["career_cumulative"])


@PROPERTY
@given(name=ladders, a=assumptions, o=odds)
def test_quantiles_are_ordered_every_year(name, a, o):
    years = simulate.careers(model.get_ladder(name, LADDERS), assumptions=a, odds=o).years
    assert len(years) == a.years
    for column in SERIES:
        p10, med, p90 = (years[f"{column}_{q}"].to_numpy() for q in ("p10", "median", "p90"))
        assert (p10 <= med).all() and (med <= p90).all(), column
    assert ((years["share_ahead"] + years["share_behind"]) <= 1 + 1e-12).all()


@PROPERTY
@given(name=ladders, a=assumptions, o=odds)
def test_job_quantiles_read_in_order_are_the_sorted_ones_exactly(name, a, o):
    # the job's pay and running total are read in the order of each person's place in the pay
    # spread instead of being sorted: the figures must be the very same numbers
    steps = model.get_ladder(name, LADDERS)
    quick = simulate.careers(steps, assumptions=a, odds=o).years
    ends = simulate._ends
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(simulate, "_ends", lambda values, order=None: ends(values))  # always sorted
        sorted_ = simulate.careers(steps, assumptions=a, odds=o).years
    pd.testing.assert_frame_equal(quick, sorted_, check_exact=True)


def test_series_out_of_order_are_sorted_after_all():
    def same(one, two):
        for x, y in zip(one, two, strict=True):
            np.testing.assert_array_equal(x, y)

    rng = np.random.default_rng(1)
    ordered = np.sort(rng.random((50, 4)), axis=0)
    order = np.arange(50)
    same(simulate._ends(ordered, order), simulate._ends(ordered))
    shuffled = ordered[rng.permutation(50)]
    # the rows read in the order given would give other values: the order does not sort them
    assert not np.array_equal(simulate._ends(shuffled)[0], shuffled[[4, 24, 44]].T)
    same(simulate._ends(shuffled, order), simulate._ends(shuffled))
    with_nan = ordered.copy()
    with_nan[3, 2] = np.nan
    same(simulate._ends(with_nan, order), simulate._ends(with_nan))
    # whatever the order, NaN and ties: the values a full sort puts at the places read
    ties = np.round(rng.random((50, 4)) * 5)
    ties[[0, 7, 49], 1] = np.nan
    for values in (shuffled, with_nan, ties, ties[::-1]):
        full = np.sort(values.T, axis=1)
        same(simulate._ends(values), (full[:, [4, 24, 44]], full[:, [5, 25, 45]]))


@PROPERTY
@given(name=ladders, a=assumptions, o=odds, rates=st.lists(st.floats(0.0, 0.1), min_size=1, max_size=4),
       costs=st.lists(st.sampled_from([0.0, 1000.0, 30000.0, 99000.0]), min_size=1, max_size=4))
def test_the_same_lives_added_up_again_are_a_simulation_of_their_own(name, a, o, rates, costs):
    # the lifetime app keeps the simulated people while the discount rate and the training cost
    # move; whatever it went through before, the result is a fresh simulation's, to the last bit
    inputs = simulate.prepare(model.get_ladder(name, LADDERS))
    lives = simulate.lives(inputs, a, o)
    for rate in rates:
        for cost in costs:
            odds = simulate.Odds(**{**o.__dict__, "discount_rate": rate, "training_cost": cost})
            kept, fresh = lives.simulation(odds), simulate.lives(inputs, a, odds).simulation(odds)
            pd.testing.assert_frame_equal(kept.years, fresh.years, check_exact=True)
            assert kept.share_ahead == fresh.share_ahead and kept.odds == odds


@PROPERTY
@given(name=ladders, a=assumptions, o=odds, scales=st.lists(st.sampled_from([0.0, 0.3, 1.0, 2.5]), min_size=1, max_size=3),
       chances=st.lists(st.sampled_from([None, 0.0, 0.4, 1.0]), min_size=1, max_size=3),
       rate=st.sampled_from([0.0, 0.03]))
def test_the_same_people_with_other_chances_are_a_simulation_of_their_own(name, a, o, scales, chances, rate):
    # the lifetime app keeps the people while the promotion chance moves (and their job's totals
    # while the discount rate stays): whatever chances came before, the result is a fresh
    # simulation's, to the last bit
    inputs = simulate.prepare(model.get_ladder(name, LADDERS))
    who = simulate.people(inputs, a, o)
    for scale in scales:
        for chance in chances:
            odds = simulate.Odds(**{**o.__dict__, "chance_scale": scale, "chance": chance, "discount_rate": rate})
            kept = who.lives(odds).simulation(odds)
            fresh = simulate.careers(inputs.steps, assumptions=a, odds=odds)
            pd.testing.assert_frame_equal(kept.years, fresh.years, check_exact=True)
            pd.testing.assert_frame_equal(kept.reached, fresh.reached, check_exact=True)


def test_people_refuse_odds_they_were_not_drawn_with():
    who = simulate.people(simulate.prepare(FIRE), odds=simulate.Odds(chance_scale=0.5))
    who.lives(simulate.Odds(chance_scale=0.9, discount_rate=0.02))  # chances and sums may differ
    for other in (simulate.Odds(seed=1), simulate.Odds(people=10), simulate.Odds(timing_spread=0.1),
                  simulate.Odds(pay_spread=False)):
        with pytest.raises(ValueError, match="drawn with other odds"):
            who.lives(other)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(simulate)
    assert result.attempted > 0 and result.failed == 0, result


def test_lives_refuse_odds_they_were_not_drawn_with():
    lives = simulate.lives(simulate.prepare(FIRE), odds=simulate.Odds(chance_scale=0.5))
    with pytest.raises(ValueError, match="drawn with other odds"):
        lives.simulation(simulate.Odds(chance_scale=0.6))


@PROPERTY
@given(name=ladders, a=assumptions, o=odds)
def test_same_seed_same_result(name, a, o):
    steps = model.get_ladder(name, LADDERS)
    one, two = simulate.careers(steps, assumptions=a, odds=o), simulate.careers(steps, assumptions=a, odds=o)
    pd.testing.assert_frame_equal(one.years, two.years)
    pd.testing.assert_frame_equal(one.reached, two.reached)


def test_another_seed_other_people():
    a, b = (simulate.careers(FIRE, odds=simulate.Odds(seed=s)).years for s in (1, 2))
    assert not a["career_cumulative_p90"].equals(b["career_cumulative_p90"])


@PROPERTY
@given(name=ladders, a=assumptions, o=odds, low=st.floats(0.0, 2.0), more=st.floats(0.0, 2.0))
def test_more_chance_never_lowers_the_share_ahead(name, a, o, low, more):
    steps = model.get_ladder(name, LADDERS)
    lower = simulate.careers(steps, assumptions=a, odds=simulate.Odds(**{**o.__dict__, "chance_scale": low}))
    higher = simulate.careers(steps, assumptions=a, odds=simulate.Odds(**{**o.__dict__, "chance_scale": low + more}))
    assert (higher.years["share_ahead"].to_numpy() >= lower.years["share_ahead"].to_numpy()).all()
    # and more people get higher: the number at or above each step never falls
    at_or_above = lambda s: np.cumsum(s.reached["people"].to_numpy()[::-1])[::-1]  # noqa: E731
    assert (at_or_above(higher) >= at_or_above(lower)).all()


def test_fire_odds_follow_the_headcounts():
    sim = simulate.careers(FIRE, assumptions=model.Assumptions(years=45))
    reached = sim.reached.set_index("title")
    assert reached["chance"].tolist()[1:] == FIRE["move_up_cap"].tolist()[1:]
    assert reached["people"].sum() == 1000
    # one draw per step: about 15 % ever become lieutenant, and about 15 % × 0.5³ ≈ 2 % chief
    assert 0.12 < 1 - reached.at["Firefighter", "share"] < 0.19
    assert reached.at["Fire Chief", "people"] < 40
    assert sim.share_ahead == pytest.approx(sim.share_ahead_after(45))


def test_nobody_promoted_means_nobody_ahead_and_training_cost_puts_everyone_behind():
    never = simulate.careers(FIRE, odds=simulate.Odds(chance=0.0))
    assert never.share_ahead == 0 and never.years["share_behind"].max() == 0  # level: the same job
    cost = simulate.careers(FIRE, odds=simulate.Odds(chance=0.0, training_cost=10_000))
    assert (cost.years["share_behind"] == 1).all()


def test_discounting_lowers_totals_not_yearly_pay():
    plain = simulate.careers(FIRE, odds=simulate.Odds()).years
    pv = simulate.careers(FIRE, odds=simulate.Odds(discount_rate=0.03)).years
    pd.testing.assert_series_equal(plain["career_pay_median"], pv["career_pay_median"])
    assert (pv["career_cumulative_median"].iloc[1:] < plain["career_cumulative_median"].iloc[1:]).all()
    # year 1 is not discounted; year n counts (1.03) ** -(n - 1)
    on_time = simulate.careers(FIRE, odds=simulate.Odds.on_time(discount_rate=0.03, people=2)).years
    e = model.lifetime_earnings(FIRE)
    expected = np.cumsum(e["career_pay"].to_numpy() * 1.03 ** -np.arange(len(e)))
    np.testing.assert_allclose(on_time["career_cumulative_median"], expected)


def test_pay_spread_is_the_published_p10_to_p90():
    years = simulate.careers(FIRE, assumptions=model.Assumptions(years_to_median=0),
                             odds=simulate.Odds(chance=0.0, people=4000)).years
    ff = FIRE.iloc[0]
    # the job path is the firefighter's pay at a position drawn between P10 and P90
    assert ff["pay_p10"] < years["job_pay_p10"].iloc[0] < ff["pay"] < years["job_pay_p90"].iloc[0] < ff["pay_p90"]
    assert years["job_pay_median"].iloc[0] == pytest.approx(ff["pay"], rel=0.03)


def test_timing_spread_moves_promotions_around_the_ladders_years():
    on_time = simulate.careers(FIRE, odds=simulate.Odds(chance=1.0, pay_spread=False, timing_spread=0.0)).years
    spread = simulate.careers(FIRE, odds=simulate.Odds(chance=1.0, pay_spread=False, timing_spread=0.4)).years
    year_lt = int(np.ceil(FIRE["years_from_start"].iloc[1])) + 1  # first whole year as lieutenant
    lt = FIRE["pay"].iloc[1]
    assert on_time["career_pay_median"].iloc[year_lt - 1] == lt
    assert spread["career_pay_p10"].iloc[year_lt - 1] < lt  # some are later …
    assert spread["career_pay_p90"].iloc[year_lt - 2] >= lt  # … some earlier


def test_bad_odds_are_refused_with_the_range():
    with pytest.raises(ValueError, match="discount_rate"):
        simulate.Odds(discount_rate=-0.1)
    with pytest.raises(ValueError, match="chance="):
        simulate.Odds(chance=1.5)
    with pytest.raises(ValueError, match="pay is missing"):
        simulate.careers(FIRE.assign(pay=[1.0, np.nan, 3.0, 4.0, 5.0]))


def test_zero_years_and_step_chances_in_words():
    sim = simulate.careers(FIRE, assumptions=model.Assumptions(years=0))
    assert len(sim.years) == 0 and sim.share_ahead == 0.0
    chances, basis = simulate.step_chances(model.get_ladder("Nursing (US)", LADDERS), simulate.Odds(chance_scale=0.5))
    assert np.isnan(chances[0]) and chances[2] == 0.5  # RN: more jobs than LPN, no cap: 1 × 0.5
    assert "no limit" in basis[2] and "× your scale 0.5" in basis[2]


def test_on_time_table_is_the_deterministic_simulation_with_discount_and_cost():
    o = simulate.Odds.on_time(people=3, discount_rate=0.04, training_cost=25_000)
    sim = simulate.careers(FIRE, odds=o).years
    e = simulate.on_time(FIRE, odds=o)
    np.testing.assert_allclose(sim["career_cumulative_median"], e["career_cumulative"])
    np.testing.assert_allclose(sim["job_cumulative_p90"], e["job_cumulative"])
    plain = simulate.on_time(FIRE)
    pd.testing.assert_frame_equal(plain, model.lifetime_earnings(FIRE))


@PROPERTY
@given(name=ladders, a=assumptions, job=st.sampled_from([None, 0, 5, 30]))
def test_the_ladder_read_once_gives_the_same_on_time_earnings(name, a, job):
    # the lifetime app reads a ladder and a job once (prepare) for the simulation and the on-time path
    steps, row = model.get_ladder(name, LADDERS), None if job is None else LADDERS.iloc[job]
    inputs = simulate.prepare(steps, row)
    pd.testing.assert_frame_equal(model.lifetime_earnings_from(inputs.read, a),
                                  model.lifetime_earnings(steps, job=row, assumptions=a), check_exact=True)


def test_odds_that_change_no_total_give_back_the_table_itself():
    e = model.lifetime_earnings(FIRE)
    assert simulate.with_odds(e, simulate.Odds()) is e  # nothing copied on every change of the lifetime app
    counted = simulate.with_odds(e, simulate.Odds(training_cost=1000))
    assert counted is not e and (counted["career_cumulative"] == e["career_cumulative"] - 1000).all()


def test_steps_in_any_order_are_simulated_in_step_order():
    # prepare copies the steps only when they are out of order (get_ladder's are sorted already)
    backwards = FIRE.iloc[::-1]
    one, two = simulate.careers(FIRE), simulate.careers(backwards)
    pd.testing.assert_frame_equal(one.years, two.years)
    assert simulate.prepare(backwards).steps["step"].tolist() == sorted(FIRE["step"])
