"""The data build (tools/build_data.py): rebuilding gives the committed tables byte for byte,
the related-work-experience percentile on hand-worked distributions, and the ladder checks."""
from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _load_build():
    spec = importlib.util.spec_from_file_location("build_data", ROOT / "tools" / "build_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


build_data = _load_build()


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    written = build_data.build(out)
    return out, written


@pytest.fixture(scope="module")
def occupations():
    return build_data.build_occupations()


TABLES = ["occupations.csv", "ladders.csv", "related.csv", "titles.csv.gz", "riasec_keywords.csv",
          "riasec_examples.csv", "job_zones.csv"]


@pytest.mark.parametrize("fname", TABLES)
def test_rebuild_equals_committed(rebuilt, fname):
    out, written = rebuilt
    assert out / fname in written, f"the build did not write {fname}"
    assert (out / fname).read_bytes() == (DATA / fname).read_bytes(), (
        f"data/{fname} is out of date with data/raw/: run `make data` and commit the result")


def test_build_is_deterministic(rebuilt, tmp_path):
    out, _ = rebuilt
    build_data.build(tmp_path)
    for fname in TABLES:
        assert (tmp_path / fname).read_bytes() == (out / fname).read_bytes(), fname


def test_titles_gzip_has_no_timestamp():
    head = (DATA / "titles.csv.gz").read_bytes()[:10]
    assert head[:2] == b"\x1f\x8b"
    assert head[4:8] == b"\0\0\0\0", "gzip mtime must be 0 so rebuilds are byte-identical"


# ------------------------------------------------------------------ RW → years
def test_rw_percentile_hand_worked():
    # 20 % "None" (0 years), 30 % "over 1 up to 2 years", 50 % "over 2 up to 4 years"
    dist = {1: 20.0, 6: 30.0, 7: 50.0}
    f = build_data.rw_percentile
    assert f(dist, 10) == 0.0            # inside the point mass at 0
    assert f(dist, 35) == pytest.approx(1.5)  # (35-20)/30 = half-way through (1, 2]
    assert f(dist, 50) == pytest.approx(2.0)  # exactly the end of category 6
    assert f(dist, 75) == pytest.approx(3.0)  # (75-50)/50 = half-way through (2, 4]
    assert f(dist, 100) == pytest.approx(4.0)


def test_rw_percentile_rescales_and_uses_open_end_assumption():
    # shares that do not sum to 100 are rescaled; category 11 ends at the assumed 15 years
    dist = {1: 10.0, 11: 10.0}
    assert build_data.rw_percentile(dist, 75) == pytest.approx(12.5)
    assert build_data.RW_INTERVALS[11] == (10.0, build_data.RW_OPEN_END_ASSUMPTION_YEARS) == (10.0, 15.0)


def test_rw_percentile_months():
    # all in "over 3 months, up to 6 months": the median is 4.5 months
    assert build_data.rw_percentile({4: 100.0}, 50) == pytest.approx(4.5 / 12)


def test_rw_percentile_bad_input():
    assert math.isnan(build_data.rw_percentile({}, 50))
    with pytest.raises(ValueError):
        build_data.rw_percentile({1: 100.0}, 101)


def test_rw_years_match_the_raw_distribution(occupations):
    # 33-1021.00 First-Line Supervisors of Firefighting: 25.71 % None, 0.12 % 3–6 months, 14.64 % 6–12 months …
    row = occupations.set_index("onet_code").loc["33-1021.00"]
    dist = build_data.ete_distributions("RW")["33-1021.00"]
    assert dist[1] == 25.71 and dist[11] == 12.92
    assert row["rw_years_typical"] == round(build_data.rw_percentile(dist, 50), 2)
    assert row["rw_years_p25"] == 0.0  # 25.71 % report no related experience
    assert 0 < row["rw_years_typical"] <= row["rw_years_p75"] <= row["rw_years_p90"] <= 15
    assert row["rw_modal_category"] == "None" and row["rw_modal_pct"] == 25.71


def test_occupation_without_ete_data_is_nan(occupations):
    row = occupations.set_index("onet_code").loc["15-1252.00"]
    for c in ["rw_years_typical", "rw_years_p25", "rw_years_p75", "rw_years_p90", "rw_modal_pct"]:
        assert math.isnan(row[c])
    assert row["rw_modal_category"] == ""


# ------------------------------------------------------------------ matching and RIASEC
def test_aggregate_codes_are_recorded(occupations):
    occ = occupations.set_index("onet_code")
    assert occ.loc["25-9042.00", "oews_code"] == "25-9045"
    assert occ.loc["25-9042.00", "ep_code"] == "25-9045"
    assert occ.loc["13-1021.00", "oews_code"] == "13-1020"
    assert occ.loc["33-1021.00", "oews_code"] == "33-1021"
    # military occupations are not in OEWS: no numbers rather than borrowed ones
    assert occ.loc["55-1011.00", "oews_code"] == "" and math.isnan(occ.loc["55-1011.00", "median_2025"])


def test_riasec_is_top_three_scores(occupations):
    for _, row in occupations.iterrows():
        scores = {L: row[f"interest_{L}"] for L in "RIASEC"}
        if any(math.isnan(v) for v in scores.values()):
            assert row["riasec"] == ""
            continue
        expected = "".join(sorted("RIASEC", key=lambda L: (-scores[L], "RIASEC".index(L)))[:3])
        assert row["riasec"] == expected, row["onet_code"]


def test_match_codes_rule():
    onet = {"25-9042", "25-9043", "25-9044", "11-1011"}
    available = {"25-9044", "25-9045", "11-1011"}
    got = build_data.match_codes(sorted(onet), available, onet)
    assert got == {"25-9042": "25-9045", "25-9043": "25-9045", "25-9044": "25-9044", "11-1011": "11-1011"}
    # two candidate aggregates: no guess
    assert build_data.match_codes(["25-9042"], {"25-9045", "25-9046"}, onet) == {"25-9042": ""}


def test_topcode_read_from_field_descriptions():
    assert build_data.oews_topcode(2021) == 208000.0
    assert build_data.oews_topcode(2024) == 239200.0


# ------------------------------------------------------------------ ladders
CURATED_HEADER = "ladder,step,title,onet_code,pay_stat,years_stat,years_onet_code,has_ladder,note\n"


def _curated(tmp_path, rows):
    p = tmp_path / "ladders_curated.csv"
    p.write_text(CURATED_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def test_ladder_pay_and_years_follow_the_rules(tmp_path, occupations):
    path = _curated(tmp_path, [
        "Fire,1,Firefighter,33-2011.00,median,start,,true,",
        "Fire,2,Fire Captain,33-1021.00,median,rw_p50,,true,",
        "Fire,3,Fire Chief,33-1021.00,p90,rw_p90,,true,",
        "Code,1,Developer,15-1252.00,p25,rw_p50,15-1251.00,true,",
    ])
    lad = build_data.build_ladders(occupations, path).set_index(["ladder", "step"])
    occ = occupations.set_index("onet_code")
    rw = build_data.ete_distributions("RW")
    assert lad.loc[("Fire", 1), "pay"] == occ.loc["33-2011.00", "median_2025"]
    assert lad.loc[("Fire", 1), "pay_basis"] == "median of OEWS 33-2011"
    assert lad.loc[("Fire", 1), "years_from_start"] == 0
    assert lad.loc[("Fire", 3), "pay"] == occ.loc["33-1021.00", "p90_2025"]
    assert lad.loc[("Fire", 3), "pay_basis"] == "90th percentile of OEWS 33-1021 (several ranks share this SOC code)"
    assert lad.loc[("Fire", 3), "years_from_start"] == round(build_data.rw_percentile(rw["33-1021.00"], 90), 1)
    assert lad.loc[("Fire", 2), "pay_p10"] == occ.loc["33-1021.00", "p10_2025"]
    assert lad.loc[("Fire", 2), "education"] == occ.loc["33-1021.00", "education_entry"]
    dev = lad.loc[("Code", 1)]
    assert dev["years_from_start"] == round(build_data.rw_percentile(rw["15-1251.00"], 50), 1)
    assert "15-1251.00" in dev["years_basis"] and "borrowed" in dev["years_basis"]
    assert dev["pay_year"] == 2025


@pytest.mark.parametrize("rows, message", [
    (["A,1,X,33-2011.00,median,rw_p90,,true,", "A,2,Y,33-2011.00,median,rw_p10,,true,"], "years decrease"),
    (["A,1,X,33-2011.00,median,start,,true,", "A,3,Y,33-1021.00,median,rw_p50,,true,"], "expected 1..2"),
    (["A,1,X,99-9999.00,median,start,,true,"], "'99-9999.00' is not an O*NET 29.3 code"),
    (["A,1,X,15-1252.00,median,rw_p50,,true,"], "no related-work-experience data for 15-1252.00"),
    (["A,1,X,33-2011.00,mean,start,,true,"], "column 'pay_stat'"),
    (["A,1,X,33-2011.00,median,rw_p0,,true,"], "column 'years_stat'"),
])
def test_ladder_build_fails_clearly(tmp_path, occupations, rows, message):
    with pytest.raises(build_data.BuildError, match="ladders_curated.csv") as err:
        build_data.build_ladders(occupations, _curated(tmp_path, rows))
    assert message in str(err.value)


def test_committed_ladders_years_never_decrease():
    lad = pd.read_csv(DATA / "ladders.csv")
    for name, g in lad.groupby("ladder"):
        g = g.sort_values("step")
        assert list(g["step"]) == list(range(1, len(g) + 1)), name
        assert g["years_from_start"].is_monotonic_increasing, name


def test_sources_md_credits_and_assumptions():
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8").replace("\\*", "*")
    assert ("This page includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
            "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license."
            ) in " ".join(text.split())
    assert "careerkit has modified all or some of this information" in " ".join(text.split())
    assert "Occupational Employment and Wage Statistics, May 2020–May 2025" in text
    assert "Employment Projections program, 2024–34" in text
    assert "careerkit assumes 15 years" in text
    for path in sorted((DATA / "raw").rglob("*.gz")):
        described = re.sub(r"M20\d\d", "M{2020..2025}", path.name)  # the six OEWS years share one line
        assert described in text, f"data/raw/{path.relative_to(DATA / 'raw')} is not described in SOURCES.md"
