"""The odds columns of ladders.csv equal the OEWS arithmetic, redone here from data/raw/ alone
(not through tools/build_data.py), and the years' rater equals O*NET's Domain Source."""
from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def _oews_2025() -> dict[str, float]:
    text = gzip.open(RAW / "bls_oews" / "oews_national_M2025.csv.gz", "rt", encoding="utf-8").read()
    rows = csv.DictReader(io.StringIO(text))
    return {r["OCC_CODE"]: float(r["TOT_EMP"].replace(",", "")) for r in rows if r["O_GROUP"] == "detailed"}


@pytest.fixture(scope="module")
def shipped():
    return pd.read_csv(ROOT / "data" / "ladders.csv", dtype={"onet_code": str, "soc_code": str})


@pytest.fixture(scope="module")
def curated():
    return pd.read_csv(RAW / "ladders_curated.csv", dtype=str, keep_default_na=False)


def test_odds_equal_oews_arithmetic(shipped, curated):
    emp = _oews_2025()
    checked = 0
    for ladder, g in curated.groupby("ladder", sort=False):
        g = g.assign(step=g["step"].astype(int)).sort_values("step")
        soc = g["onet_code"].str[:7].tolist()
        assert all(s in emp for s in soc), f"{ladder}: a step's SOC code has no detailed OEWS row"
        # ranks sharing one SOC code: each rank half the rank below unless rank_weight says otherwise
        weight = []
        for i, s in enumerate(soc):
            given = g["rank_weight"].iloc[i] if "rank_weight" in g.columns else ""
            weight.append(float(given) if given.strip() else 0.5 ** soc[:i].count(s))
        heads = [emp[s] * w / sum(x for x, t in zip(weight, soc) if t == s) for s, w in zip(soc, weight)]
        rows = shipped[shipped["ladder"] == ladder].sort_values("step")
        assert rows["employment"].tolist() == [emp[s] for s in soc]
        assert rows["headcount"].tolist() == pytest.approx(heads, abs=0.51)
        ratios = [hi / lo for lo, hi in zip(heads, heads[1:])]
        got = rows["jobs_per_job_below"].tolist()
        assert pd.isna(got[0])
        assert got[1:] == pytest.approx(ratios, abs=2e-4), ladder
        caps = rows["move_up_cap"].tolist()[1:]
        for r, c in zip(ratios, caps):
            assert (c == pytest.approx(r, abs=2e-4)) if r < 1 else pd.isna(c)
            checked += 1
    assert checked == 44  # every step above a first step


def test_fire_ladder_figures_from_the_issue(shipped):
    fire = shipped[shipped["ladder"] == "Fire service (US)"].set_index("title")
    assert fire.at["Firefighter", "employment"] == 345_990
    assert fire.at["Fire Chief", "employment"] == 99_140
    # 4 officer ranks share 99,140 jobs 8:4:2:1, so lieutenants are 8/15 of them
    assert fire.at["Fire Lieutenant", "jobs_per_job_below"] == pytest.approx(99_140 * 8 / 15 / 345_990, abs=1e-4)
    assert "assumed split" in fire.at["Fire Captain", "odds_basis"]


def test_years_rated_by_is_onet_domain_source(shipped, curated):
    ete = pd.read_csv(RAW / "onet_29_3" / "education_training_experience.txt.gz", sep="\t", dtype=str)
    source = ete[ete["Scale ID"] == "RW"].groupby("O*NET-SOC Code")["Domain Source"].first()
    words = {"Incumbent": "job holders", "Occupational Expert": "occupational experts"}
    for (_, c), (_, s) in zip(curated.iterrows(), shipped.iterrows()):
        if c["years_stat"] == "start":
            assert pd.isna(s["years_rated_by"])
            continue
        code = c["years_onet_code"] or c["onet_code"]
        assert s["years_rated_by"] == words[source[code]], s["title"]
        assert f"of the {words[source[code]]} O*NET asked" in s["years_basis"]
    assert (shipped["years_rated_by"] == "occupational experts").sum() == 10


def test_no_years_text_says_typical(shipped):
    for text in shipped["years_basis"]:
        assert "typical" not in text.lower() and "report" not in text.lower()
    assert shipped["note"].fillna("").str.contains("report").sum() == 0
