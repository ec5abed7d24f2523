"""careerkit.model on small hand-made tables (expected values are worked out from the inputs
here, independently of the code) and on the shipped tables."""
from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest

from careerkit import model

LADDERS = pd.DataFrame(
    {
        "ladder": ["Fire"] * 4 + ["Cashier"] + ["Flat"] * 2,
        "step": [1, 2, 3, 4, 1, 1, 2],
        "title": ["Firefighter", "Fire Lieutenant", "Fire Captain", "Battalion Chief", "Cashier", "Clerk", "Senior Clerk"],
        "onet_code": ["33-2011.00", "33-1021.00", "33-1021.00", "33-1021.00", "41-2011.00", "43-0000.00", "43-0000.00"],
        "has_ladder": [True] * 4 + [False] + [True] * 2,
        "years_from_start": [0, 4, 4, 10, 0, 0, 3],
        "pay": [60000.0, 80000.0, 95000.0, 120000.0, 32000.0, 40000.0, 45000.0],
        "pay_p10": [35000.0, 54000.0, 54000.0, 54000.0, 23000.0, np.nan, np.nan],
        "pay_p90": [100000.0, 140000.0, 140000.0, 140000.0, 38000.0, np.nan, np.nan],
        "pay_basis": ["median of 33-2011"] + ["percentile of 33-1021"] * 3 + ["median of 41-2011", "", ""],
        "education": ["Postsecondary nondegree award"] * 4 + ["No formal educational credential", "", ""],
        "training": ["Long-term on-the-job training"] * 4 + ["Short-term on-the-job training", "", ""],
        "experience": ["None", "Less than 5 years", "Less than 5 years", "Less than 5 years", "None", "", ""],
        "source": "BLS OEWS May 2025",
    }
)


def fire():
    return model.get_ladder("Fire", LADDERS)


# ---- ladders and timelines ----------------------------------------------------------------


def test_docstring_examples_run():
    result = doctest.testmod(model)
    assert result.attempted > 10 and result.failed == 0


def test_ladder_names_keep_file_order_and_can_drop_single_jobs():
    assert model.ladder_names(LADDERS) == ["Fire", "Cashier", "Flat"]
    assert model.ladder_names(LADDERS, with_steps_only=True) == ["Fire", "Flat"]


def test_get_ladder_is_case_insensitive_and_sorted():
    shuffled = LADDERS.sample(frac=1, random_state=3)
    steps = model.get_ladder("  fIRE ", shuffled)
    assert steps["step"].tolist() == [1, 2, 3, 4]
    assert steps["title"].iloc[-1] == "Battalion Chief"
    assert list(steps.index) == [0, 1, 2, 3]


def test_get_ladder_unknown_name_suggests_close_names():
    with pytest.raises(ValueError, match=r"No ladder named 'Fir'.*'Fire'"):
        model.get_ladder("Fir", LADDERS)


def test_timeline_starts_and_ends_follow_the_years():
    steps = fire()
    tl = model.timeline(steps, last_step_years=7)
    years = steps["years_from_start"].astype(float).tolist()
    assert tl["start_year"].tolist() == years
    assert tl["end_year"].tolist() == years[1:] + [years[-1] + 7]
    assert tl["pay"].tolist() == steps["pay"].tolist()
    assert list(tl.columns[:10]) == model.TIMELINE_COLUMNS
    assert tl["source"].eq("BLS OEWS May 2025").all()


def test_timeline_equal_years_give_a_step_of_length_zero():
    tl = model.timeline(fire())
    lieutenant = tl[tl["title"] == "Fire Lieutenant"].iloc[0]
    assert lieutenant["start_year"] == lieutenant["end_year"] == 4


def test_timeline_one_step_ladder():
    tl = model.timeline(model.get_ladder("Cashier", LADDERS), last_step_years=5)
    assert len(tl) == 1
    assert (tl["start_year"].iloc[0], tl["end_year"].iloc[0]) == (0, 5)


def test_timeline_keeps_missing_pay_missing():
    steps = fire().assign(pay=[60000.0, np.nan, 95000.0, 120000.0])
    tl = model.timeline(steps)
    assert np.isnan(tl["pay"].iloc[1]) and tl["pay"].iloc[2] == 95000.0


def test_timeline_rejects_years_that_go_down_or_are_missing():
    with pytest.raises(ValueError, match=r"Ladder 'Fire', step 3: years_from_start \(2\)"):
        model.timeline(fire().assign(years_from_start=[0, 4, 2, 10]))
    with pytest.raises(ValueError, match="step 2: years_from_start is missing"):
        model.timeline(fire().assign(years_from_start=[0, np.nan, 4, 10]))
    with pytest.raises(ValueError, match="missing column"):
        model.timeline(fire().drop(columns="pay"))


# ---- lifetime earnings --------------------------------------------------------------------


def expected_paths(steps, job, n, *, pace=1.0, training=0.0, training_pay=0.0, ramp=10.0, growth=0.0):
    """Year-by-year pay worked out with a plain loop, straight from the rules in the docstring."""
    starts = [training + (y - steps["years_from_start"].iloc[0]) * pace for y in steps["years_from_start"]]
    job_out, career_out = [], []
    for k in range(n):
        t = float(k)
        share = min(t / ramp, 1.0) if ramp else 1.0
        job_out.append((job["pay_p10"] + (job["pay"] - job["pay_p10"]) * share) * (1 + growth) ** t)
        current = None
        for i, s in enumerate(starts):
            if s <= t:
                current = i
        if current is None:
            pay = training_pay
        elif current == 0:
            first = steps.iloc[0]
            share0 = min((t - training) / ramp, 1.0) if ramp else 1.0
            pay = first["pay_p10"] + (first["pay"] - first["pay_p10"]) * share0
        else:
            pay = steps["pay"].iloc[current]
        career_out.append(pay * (1 + growth) ** t)
    return job_out, career_out


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"pace": 1.5},
        {"pace": 0.5, "ramp": 4.0},
        {"training": 2.0, "training_pay": 5000.0},
        {"growth": 0.02},
        {"ramp": 0.0},
    ],
)
def test_lifetime_earnings_match_the_rules(kw):
    steps = fire()
    a = model.Assumptions(
        years=30,
        pace=kw.get("pace", 1.0),
        training_years=kw.get("training", 0.0),
        training_pay=kw.get("training_pay", 0.0),
        years_to_median=kw.get("ramp", 10.0),
        pay_growth=kw.get("growth", 0.0),
    )
    e = model.lifetime_earnings(steps, assumptions=a)
    job, career = expected_paths(steps, steps.iloc[0], 30, **kw)
    assert e["year"].tolist() == list(range(1, 31))
    np.testing.assert_allclose(e["job_pay"], job)
    np.testing.assert_allclose(e["career_pay"], career)
    np.testing.assert_allclose(e["job_cumulative"], np.cumsum(job))
    np.testing.assert_allclose(e["career_cumulative"], np.cumsum(career))
    assert list(e.columns) == model.EARNINGS_COLUMNS


def test_lifetime_earnings_titles_follow_the_steps():
    e = model.lifetime_earnings(fire(), assumptions=model.Assumptions(years=12, training_years=1))
    # training in year 1; steps start at 1, 5, 5 and 11 years; year n covers time n-1
    assert e["career_title"].tolist() == (
        ["training"] + ["Firefighter"] * 4 + ["Fire Captain"] * 6 + ["Battalion Chief"]
    )
    assert set(e["job_title"]) == {"Firefighter"}


def test_lifetime_earnings_with_a_job_without_a_ladder():
    cashier = model.get_ladder("Cashier", LADDERS)
    e = model.lifetime_earnings(fire(), job=cashier, assumptions=model.Assumptions(years=15))
    # 23,000 rising to 32,000 over 10 years, then flat
    assert e["job_pay"].iloc[0] == 23000.0
    assert e["job_pay"].iloc[5] == pytest.approx(23000 + 9000 * 0.5)
    assert e["job_pay"].iloc[10:].eq(32000.0).all()
    assert set(e["job_title"]) == {"Cashier"}


def test_lifetime_earnings_job_row_as_series_and_missing_entry_pay():
    flat = model.get_ladder("Flat", LADDERS)
    e = model.lifetime_earnings(flat, job=flat.iloc[0], assumptions=model.Assumptions(years=5))
    # no published P10: no ramp, the job pays its pay from year 1
    assert e["job_pay"].tolist() == [40000.0] * 5
    assert e["career_pay"].tolist() == [40000.0] * 3 + [45000.0] * 2


def test_one_step_ladder_job_and_career_are_the_same():
    cashier = model.get_ladder("Cashier", LADDERS)
    e = model.lifetime_earnings(cashier, assumptions=model.Assumptions(years=20))
    np.testing.assert_allclose(e["job_pay"], e["career_pay"])
    assert model.crossover_year(e) is None


def test_zero_years_gives_an_empty_table():
    e = model.lifetime_earnings(fire(), assumptions=model.Assumptions(years=0))
    assert len(e) == 0 and list(e.columns) == model.EARNINGS_COLUMNS
    assert model.crossover_year(e) is None


def test_median_entry_means_no_ramp():
    e = model.lifetime_earnings(fire(), assumptions=model.Assumptions(years=3, entry_percentile="median"))
    assert e["job_pay"].tolist() == [60000.0] * 3


def test_missing_pay_is_never_filled_in():
    steps = fire().assign(pay=[60000.0, 80000.0, np.nan, 120000.0])
    with pytest.raises(ValueError, match=r"step 3 \(Fire Captain\): pay is missing"):
        model.lifetime_earnings(steps)


@pytest.mark.parametrize(
    "kw", [{"years": -1}, {"years": 2.5}, {"pace": 0}, {"training_years": -1}, {"entry_percentile": "p25"}]
)
def test_assumptions_out_of_range_are_rejected(kw):
    with pytest.raises(ValueError, match="Assumptions"):
        model.Assumptions(**kw)


def test_assumptions_describe_lists_every_field():
    d = model.Assumptions(pace=2.0).describe()
    assert "pace" in d["assumption"].tolist()
    assert d.set_index("assumption").loc["pace", "value"] == 2.0


@pytest.mark.parametrize(
    "job,career,expected",
    [
        ([10, 20, 30, 40], [0, 15, 31, 50], 3),   # catches up in year 3
        ([10, 20, 30, 40], [11, 21, 31, 41], 1),  # ahead from the start
        ([10, 20, 30, 40], [11, 19, 31, 39], None),  # behind at the end
        ([10, 20, 30, 40], [11, 19, 31, 41], 3),  # ahead, behind, then ahead for good
        ([10, 20, 30], [10, 20, 30], None),       # equal is not ahead
    ],
)
def test_crossover_year(job, career, expected):
    e = pd.DataFrame({"year": range(1, len(job) + 1), "job_cumulative": job, "career_cumulative": career})
    assert model.crossover_year(e) == expected


def test_crossover_on_the_fire_ladder_with_training():
    e = model.lifetime_earnings(fire(), assumptions=model.Assumptions(years=40, training_years=2))
    year = model.crossover_year(e)
    ahead = e["career_cumulative"] > e["job_cumulative"]
    assert year is not None
    assert ahead[e["year"] >= year].all() and not ahead[e["year"] == year - 1].any()


# ---- next steps ---------------------------------------------------------------------------

OCC = pd.DataFrame(
    {
        "onet_code": ["1.00", "2.00", "3.00", "4.00", "5.00", "6.00"],
        "title": ["Helper", "Worker", "Supervisor", "Manager", "Other helper", "Unpaid"],
        "job_zone": [2, 3, 3, 4, 1, 4],
        "education_entry": [
            "High school diploma or equivalent", "Postsecondary nondegree award", "High school diploma or equivalent",
            "Bachelor's degree", "No formal educational credential", "Master's degree",
        ],
        "experience_entry": ["None", "None", "Less than 5 years", "5 years or more", "None", "None"],
        "training_ojt": ["Short-term on-the-job training", "Apprenticeship", "None", "None", "None", "None"],
        "rw_years_typical": [0.0, 1.0, 3.0, 5.0, 0.0, 2.0],
        "median_2024": [30000.0, 50000.0, 60000.0, 90000.0, 25000.0, np.nan],
        "median_2025": [31000.0, 52000.0, 65000.0, 99000.0, 26000.0, np.nan],
        "riasec": ["RCE", "RCI", "ECR", "ECS", "RC", "SAI"],
        "interest_R": [7.0, 6.5, 4.0, 2.0, 6.0, 1.0],
        "interest_I": [2.0, 3.0, 2.0, 2.5, 1.0, 4.0],
        "interest_A": [1.0, 1.0, 1.0, 1.5, 1.0, 5.0],
        "interest_S": [2.0, 2.0, 3.0, 4.0, 2.0, 6.5],
        "interest_E": [3.0, 2.0, 6.0, 7.0, 1.0, 2.0],
        "interest_C": [5.0, 4.0, 5.0, 5.0, 5.0, 1.0],
    }
)
RELATED = pd.DataFrame(
    {
        "onet_code": ["1.00"] * 6,
        "related_code": ["5.00", "6.00", "4.00", "2.00", "3.00", "9.99"],
        "tier": ["Primary-Short", "Supplemental", "Primary-Long", "Primary-Short", "Primary-Short", "Primary-Short"],
        "rank": [5, 9, 1, 3, 2, 4],  # 4.00 is first by rank but in the second tier
    }
)


def test_next_steps_keep_more_preparation_or_more_pay_ranked_by_tier_and_rank():
    ns = model.next_steps("1.00", occupations=OCC, related=RELATED)
    # 5.00 pays less and has a lower job zone: out; 9.99 is not an occupation: out
    assert ns["onet_code"].tolist() == ["3.00", "2.00", "4.00", "6.00"]
    assert ns["pay_change"].iloc[:3].tolist() == [65000 - 31000, 52000 - 31000, 99000 - 31000]
    assert ns["pay_change_pct"].iloc[0] == pytest.approx((65000 - 31000) / 31000 * 100)
    assert ns["job_zone_change"].tolist() == [1, 1, 2, 2]
    assert ns["more_education"].tolist() == [False, True, True, True]
    assert np.isnan(ns["pay_change"].iloc[3])  # no published pay: kept for its job zone, pay stays unknown
    assert set(ns["pay_year"]) == {2025}


def test_next_steps_limit_and_unknown_code():
    assert len(model.next_steps("1.00", limit=2, occupations=OCC, related=RELATED)) == 2
    with pytest.raises(ValueError, match="find_occupation"):
        model.next_steps("1.0", occupations=OCC, related=RELATED)


def test_next_steps_of_a_job_with_nothing_related_is_empty():
    ns = model.next_steps("4.00", occupations=OCC, related=RELATED)
    assert len(ns) == 0 and "pay_change" in ns.columns


# ---- interests ----------------------------------------------------------------------------

KEYWORDS = pd.DataFrame(
    {
        "letter": ["R", "R", "I", "S", "S", "E", "C", "C"],
        "area": ["Realistic", "Realistic", "Investigative", "Social", "Social", "Enterprising", "Conventional",
                 "Conventional"],
        "keyword": ["Build", "Repair", "Research", "Help", "Teach", "Lead", "Organize", "Help"],
    }
)


def test_interest_scores_count_keywords_per_area():
    s = model.interest_scores(["build", "REPAIR", "help", "Lead"], keyword_table=KEYWORDS)
    assert list(s.index) == list("RIASEC")
    # "Help" is listed under S and C, so it counts for both
    assert s.to_dict() == {"R": 2, "I": 0, "A": 0, "S": 1, "E": 1, "C": 1}
    assert model.interest_scores([], keyword_table=KEYWORDS).sum() == 0


def test_interest_scores_unknown_keyword():
    with pytest.raises(ValueError, match="'Buidl' is not one of.*'Build'"):
        model.interest_scores(["Buidl"], keyword_table=KEYWORDS)


def test_top_interests_orders_by_score_then_riasec():
    assert model.top_interests(pd.Series({"R": 1, "I": 4, "A": 1, "S": 4, "E": 0, "C": 2})) == "ISC"
    assert model.top_interests(pd.Series({"R": 1, "I": 4, "A": 1, "S": 4, "E": 0, "C": 2}), n=2) == "IS"
    assert model.top_interests(pd.Series(dict.fromkeys("RIASEC", 0))) == ""


def test_matching_occupations_score_is_the_weighted_interest_mean():
    m = model.matching_occupations("EC", occupations=OCC, limit=3)
    expected = {c: (3 * e + 2 * cc) / 5 for c, e, cc in zip(OCC["onet_code"], OCC["interest_E"], OCC["interest_C"])}
    best = sorted(expected, key=lambda c: -expected[c])[:3]
    assert m["onet_code"].tolist() == best
    np.testing.assert_allclose(m["score"], [expected[c] for c in best])
    assert m["median_pay"].iloc[0] == OCC.set_index("onet_code").loc[best[0], "median_2025"]


@pytest.mark.parametrize("bad", ["", "XYZ", "R1"])
def test_matching_occupations_rejects_bad_letters(bad):
    with pytest.raises(ValueError, match="R, I, A, S, E, C"):
        model.matching_occupations(bad, occupations=OCC)


def test_matching_ladders_average_their_steps():
    ladders = pd.DataFrame(
        {
            "ladder": ["Trade"] * 3 + ["Care"] * 2 + ["Solo"],
            "step": [1, 2, 3, 1, 2, 1],
            "title": ["Helper", "Worker", "Supervisor", "Other", "Unpaid", "Alone"],
            "onet_code": ["1.00", "2.00", "3.00", "5.00", "6.00", "4.00"],
            "years_from_start": [0, 2, 6, 0, 3, 0],
            "pay": [31000.0, 52000.0, 65000.0, 26000.0, 40000.0, 99000.0],
        }
    )
    m = model.matching_ladders("S", ladders, occupations=OCC)
    s = OCC.set_index("onet_code")["interest_S"]
    assert m["ladder"].tolist() == ["Care", "Trade"]  # one-step "Solo" is not a ladder
    assert m["score"].tolist() == pytest.approx([(s["5.00"] + s["6.00"]) / 2, (s["1.00"] + s["2.00"] + s["3.00"]) / 3])
    assert m.set_index("ladder").loc["Trade", "last_title"] == "Supervisor"


# ---- gap ----------------------------------------------------------------------------------


def test_gap_lists_the_steps_from_current_to_target():
    g = model.gap("firefighter", "FIRE CAPTAIN", LADDERS)
    assert g["title"].tolist() == ["Firefighter", "Fire Lieutenant", "Fire Captain"]
    assert g["years_from_current"].tolist() == [0, 4, 4]
    assert g["pay_change"].tolist() == [0, 20000, 35000]
    assert {"education", "training", "experience", "pay"} <= set(g.columns)


def test_gap_from_a_middle_step():
    g = model.gap("Fire Lieutenant", "Battalion Chief", LADDERS)
    assert g["step"].tolist() == [2, 3, 4]
    assert g["years_from_current"].tolist() == [0, 0, 6]


@pytest.mark.parametrize(
    "current,target,message",
    [
        ("Firefightr", "Fire Captain", r"No ladder step titled 'Firefightr'.*'Firefighter'"),
        ("Firefighter", "Captian", r"No ladder step titled 'Captian' \(target role\)"),
        ("Cashier", "Fire Captain", "not on the same ladder"),
        ("Fire Captain", "Firefighter", r"not above.*steps above it: Battalion Chief"),
        ("Fire Captain", "Fire Captain", "not above"),
    ],
)
def test_gap_errors_say_what_to_do(current, target, message):
    with pytest.raises(ValueError, match=message):
        model.gap(current, target, LADDERS)


# ---- the shipped tables -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    import careerkit as ck

    return ck.ladders()


def test_fire_ladder_timeline_on_the_shipped_data(shipped):
    steps = model.get_ladder("Fire service (US)", shipped)
    tl = model.timeline(steps)
    assert tl["title"].tolist()[0] == "Firefighter" and len(tl) == 5
    assert tl["start_year"].is_monotonic_increasing
    assert (tl["end_year"] >= tl["start_year"]).all()
    assert tl["pay"].notna().all() and tl["source"].str.contains("OEWS").all()


def test_every_shipped_ladder_gives_a_timeline_and_lifetime_earnings(shipped):
    for name in model.ladder_names(shipped):
        steps = model.get_ladder(name, shipped)
        e = model.lifetime_earnings(steps, assumptions=model.Assumptions(years=40))
        assert len(e) == 40 and e[["job_pay", "career_pay"]].notna().all().all(), name
        # the career path never earns less than its first step's entry pay
        assert (e["career_pay"] >= steps["pay_p10"].iloc[0]).all(), name
        assert e["career_cumulative"].iloc[-1] == pytest.approx(e["career_pay"].sum())


def test_every_shipped_ladder_has_a_career_that_pulls_ahead(shipped):
    for name in model.ladder_names(shipped, with_steps_only=True):
        e = model.lifetime_earnings(model.get_ladder(name, shipped), assumptions=model.Assumptions(years=40))
        assert model.crossover_year(e) is not None, name


def test_next_steps_from_firefighter_on_the_shipped_data():
    import careerkit as ck

    occ = ck.occupations()
    ns = model.next_steps("33-2011.00", limit=20)
    me = occ.set_index("onet_code").loc["33-2011.00"]
    year = model.latest_wage_year(occ)
    assert len(ns) > 0
    assert ((ns["job_zone"] > me["job_zone"]) | (ns["median_pay"] > me[f"median_{year}"])).all()
    assert "33-1021.00" in ns["onet_code"].tolist()  # first-line supervisors of firefighters
    np.testing.assert_allclose(ns["pay_change"], ns["median_pay"] - me[f"median_{year}"])
    assert ns["tier"].map(model.TIER_ORDER).is_monotonic_increasing


def test_interests_on_the_shipped_keywords():
    import careerkit as ck

    kw = ck.riasec_keywords()
    picked = kw.groupby("letter")["keyword"].first()  # one keyword of each area
    scores = model.interest_scores(picked.tolist())
    expected = {letter: int((kw.loc[kw["keyword"].isin(picked), "letter"] == letter).sum()) for letter in "RIASEC"}
    assert scores.to_dict() == expected
    top = model.matching_occupations("SEC", limit=5)
    assert len(top) == 5 and top["score"].is_monotonic_decreasing
    assert len(model.matching_ladders("RCI")) == len(model.ladder_names(with_steps_only=True))


def test_gap_on_the_shipped_data_uses_the_right_ladder(shipped):
    # "Shift Supervisor" is on two ladders; "Store Manager" only on Retail
    g = model.gap("shift supervisor", "Store Manager", shipped)
    assert set(g["ladder"]) == {"Retail (US)"}
    g = model.gap("Firefighter", "Fire Chief")
    assert len(g) == 5 and g["years_from_current"].is_monotonic_increasing


def test_matching_occupations_breaks_ties_by_pay_and_skips_unscored():
    occ = pd.DataFrame({
        "onet_code": ["a", "b", "c", "d"], "title": ["A", "B", "C", "D"],
        "interest_R": [5.0, 5.0, np.nan, 5.0], "interest_I": 1.0, "interest_A": 1.0, "interest_S": 1.0,
        "interest_E": 1.0, "interest_C": 1.0, "median_2025": [40000.0, 90000.0, 99000.0, np.nan],
    })
    m = model.matching_occupations("R", occupations=occ)
    assert m["onet_code"].tolist() == ["b", "a", "d"]  # equal scores: higher pay first, unknown pay last; c unscored
    assert m["score"].tolist() == [5.0, 5.0, 5.0]


def test_next_steps_on_the_shipped_tables_match_a_plain_pandas_reading_of_them():
    """An independent reading (merge, filter, sort) of O*NET related occupations and OEWS pay,
    against model.NextSteps (the app's path) and model.next_steps, on every 7th occupation."""
    import careerkit as ck

    occ, rel = ck.occupations(), ck.related()
    year = model.latest_wage_year(occ)
    pay = occ.set_index("onet_code")[f"median_{year}"].astype(float)
    zone = occ.set_index("onet_code")["job_zone"].astype(float)
    tier_order = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}
    index = model.NextSteps(occ, rel)
    for code in occ["onet_code"].iloc[::7]:
        r = rel[(rel["onet_code"] == code) & rel["related_code"].isin(pay.index)].copy()
        r["pay"], r["zone"] = r["related_code"].map(pay), r["related_code"].map(zone)
        r = r[(r["zone"] > zone[code]) | (r["pay"] > pay[code])]
        r = r.assign(t=r["tier"].map(tier_order)).sort_values(["t", "rank"], kind="stable").head(6)
        got = index(code, limit=6)
        assert got["onet_code"].tolist() == r["related_code"].tolist(), code
        np.testing.assert_allclose(got["pay_change"].to_numpy(dtype=float), (r["pay"] - pay[code]).to_numpy(dtype=float))
        pd.testing.assert_frame_equal(got, model.next_steps(code, limit=6, occupations=occ, related=rel))
    with pytest.raises(ValueError, match="No O\\*NET occupation"):
        index("99-9999.99")


def test_earnings_read_only_the_numbers_and_titles_of_a_ladder():
    # lifetime earnings and the simulation never show a step's education, training or sources, so
    # they are not read (a fifth of simulate.prepare's time on a new ladder)
    tl, first, job = model.earnings_inputs(model.get_ladder("Nursing (US)"))  # the shipped table
    assert set(tl) == {"step", "title", "start_year", "end_year", "pay", "ladder", "pay_p10", "pay_p90", "median_pay"}
    assert set(model.timeline(model.get_ladder("Nursing (US)")).columns) > set(tl) | {"education", "source"}
