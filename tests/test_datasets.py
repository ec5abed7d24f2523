"""careerkit.datasets: every shipped table loads with its documented columns, codes are
strings, each call returns a fresh copy, bad or missing files fail clearly, and
find_occupation finds the jobs a learner types."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import careerkit as ck
from careerkit import datasets

# The columns CONTRIBUTING.md documents for each table (written out here, not read from the code).
OCC_YEARS = [f"{s}_{y}" for y in range(2020, 2026)
             for s in ("median", "p10", "p25", "p75", "p90", "employment", "topcoded")]
DOCUMENTED = {
    "occupations": ["onet_code", "soc_code", "title", "description", "job_zone", "oews_code", "ep_code",
                    "education_entry", "experience_entry", "training_ojt", "growth_pct_2024_34",
                    "openings_k_2024_34", "riasec", "interest_R", "interest_I", "interest_A", "interest_S",
                    "interest_E", "interest_C", "rw_years_typical", "rw_years_p25", "rw_years_p75",
                    "rw_years_p90", "rw_modal_category", "rw_modal_pct", "education_modal_category",
                    "education_modal_pct", *OCC_YEARS],
    "ladders": ["ladder", "step", "title", "soc_code", "onet_code", "has_ladder", "years_from_start",
                "years_basis", "years_rated_by", "pay", "pay_basis", "median_pay", "pay_p10", "pay_p90", "pay_year",
                "education", "training", "experience", "job_zone", "employment", "headcount_share", "headcount",
                "jobs_per_job_below", "move_up_cap", "odds_basis", "source", "note"],
    "related": ["onet_code", "related_code", "related_title", "tier", "rank"],
    "titles": ["onet_code", "title", "short_title", "kind"],
    "riasec_keywords": ["letter", "area", "keyword", "keyword_type"],
    "riasec_examples": ["letter", "area", "interest_type", "onet_code", "title"],
    "job_zones": ["job_zone", "name", "experience", "education", "training", "examples"],
    "dimensions": ["order", "dimension", "job", "career"],
    "five_ways": ["way_number", "way", "summary", "action"],
    "quiz": ["id", "statement", "answer", "explanation"],
}
CODE_COLUMNS = {"onet_code", "soc_code", "oews_code", "ep_code", "related_code"}


def test_every_documented_table_is_registered():
    assert ck.list_datasets() == sorted(DOCUMENTED)


@pytest.mark.parametrize("name", ck.list_datasets())
def test_loader(name):
    df = ck.load_dataset(name)
    assert isinstance(df, pd.DataFrame) and len(df) > 0
    assert list(df.columns) == DOCUMENTED[name]
    for col in CODE_COLUMNS & set(df.columns):
        assert all(isinstance(v, str) for v in df[col]), f"{name}.{col} must hold strings"
    by_function = getattr(ck, name)()
    pd.testing.assert_frame_equal(df, by_function)
    assert (getattr(datasets, name).__doc__ or "").strip(), f"{name}() needs a docstring"


@pytest.mark.parametrize("name", ck.list_datasets())
def test_each_call_returns_a_fresh_copy(name):
    df = ck.load_dataset(name)
    before = df.copy()
    first = df.columns[0]
    df.loc[df.index[0], first] = before[first].iloc[-1] if len(df) > 1 else before[first].iloc[0]
    df["added"] = 1
    again = ck.load_dataset(name)
    pd.testing.assert_frame_equal(again, before)
    assert again is not df


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError) as err:
        ck.load_dataset("ladder")
    for name in ck.list_datasets():
        assert name in str(err.value)


def test_row_counts_and_types():
    occ = ck.occupations()
    assert len(occ) == 1016 and occ["onet_code"].is_unique
    assert occ["job_zone"].dropna().between(1, 5).all()
    assert str(occ["median_2025"].dtype) == "float64"
    assert str(occ["employment_2025"].dtype) == "Int64"
    assert occ["topcoded_2020"].isin(["", "p90", "p75;p90", "median;p75;p90", "p25;median;p75;p90",
                                      "p10;p25;median;p75;p90"]).all()
    lad = ck.ladders()
    assert lad["has_ladder"].dtype == bool and lad["step"].dtype == "int64"
    assert set(ck.titles()["kind"]) == {"official", "alternate"}
    assert set(ck.riasec_keywords()["letter"]) == set("RIASEC")
    assert list(ck.job_zones()["job_zone"]) == [1, 2, 3, 4, 5]


def test_known_values():
    occ = ck.occupations().set_index("onet_code")
    ff = occ.loc["33-2011.00"]
    assert ff["title"] == "Firefighters" and ff["soc_code"] == "33-2011"
    # "None" is a category label in O*NET and BLS, not a missing value
    assert occ.loc["15-1252.00", "experience_entry"] == "None"
    assert math.isnan(occ.loc["15-1252.00", "rw_years_typical"])


def test_every_ladder_code_is_an_occupation():
    codes = set(ck.occupations()["onet_code"])
    assert set(ck.ladders()["onet_code"]) <= codes
    assert set(ck.related()["related_code"]) <= codes


# ------------------------------------------------------------------ bad or missing files
@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Point the loaders at a temporary folder instead of the shipped careerkit.data."""
    monkeypatch.setattr(datasets, "files", lambda package: tmp_path)
    datasets._load.cache_clear()
    yield tmp_path
    datasets._load.cache_clear()


def test_missing_file_is_a_clear_error(data_dir):
    with pytest.raises(ck.DataError) as err:
        ck.quiz()
    assert isinstance(err.value, FileNotFoundError)
    assert "quiz.csv" in str(err.value) and "make data" in str(err.value)


def test_bad_cells_are_reported_with_row_and_column(data_dir):
    (data_dir / "job_zones.csv").write_text(
        "job_zone,name,experience,education,training,examples\n"
        "1,One,a,b,c,d\nthree,Three,a,b,c,d\n", encoding="utf-8")
    with pytest.raises(ck.DataError) as err:
        ck.job_zones()
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.column) == ("careerkit/data/job_zones.csv", 3, "job_zone")
    assert "'three'" in problem.message


def test_missing_column_is_reported(data_dir):
    (data_dir / "quiz.csv").write_text("id,statement,answer\n1,x,job\n", encoding="utf-8")
    with pytest.raises(ck.DataError) as err:
        ck.quiz()
    assert [p.column for p in err.value.problems] == ["explanation"]


# ------------------------------------------------------------------ find_occupation
@pytest.mark.parametrize("query, code", [
    ("fire captain", "33-1021.00"),
    ("Fire Captain", "33-1021.00"),
    ("barista", "35-3023.01"),
    ("nurse manager", "11-9111.00"),
    ("journeyman electrician", "47-2111.00"),
    ("firefightr", "33-2011.00"),  # a typo still finds firefighters
])
def test_find_occupation_ranks_the_right_code_first(query, code):
    found = ck.find_occupation(query)
    assert list(found.columns) == ["onet_code", "title", "matched_title", "score"]
    assert found["onet_code"].iloc[0] == code
    assert found["onet_code"].is_unique
    assert found["score"].is_monotonic_decreasing
    assert 0 <= found["score"].min() and found["score"].max() <= 100


def test_find_occupation_prefers_titles_holding_the_word_over_near_spellings():
    found = ck.find_occupation("manager", limit=5)
    assert all("manager" in t.lower().split() for t in found["matched_title"]), found["matched_title"].tolist()
    assert "Mangler" not in found["matched_title"].tolist()


def test_find_occupation_official_title_and_limit():
    found = ck.find_occupation("fire captain", limit=3)
    assert len(found) == 3
    assert found["title"].iloc[0] == "First-Line Supervisors of Firefighting and Prevention Workers"
    assert found["matched_title"].iloc[0] == "Fire Captain"


@pytest.mark.parametrize("query", ["", "   "])
def test_find_occupation_empty_query(query):
    found = ck.find_occupation(query)
    assert found.empty and list(found.columns) == ["onet_code", "title", "matched_title", "score"]


def test_find_occupation_rejects_non_text():
    with pytest.raises(TypeError):
        ck.find_occupation(None)
