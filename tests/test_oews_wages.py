"""Every OEWS number in data/occupations.csv equals the official BLS file.

The raw OEWS files are read here with the csv module, independently of tools/build_data.py.
"""
from __future__ import annotations

import csv
import gzip
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "bls_oews"
YEARS = range(2020, 2026)
COLUMNS = {"median": "A_MEDIAN", "p10": "A_PCT10", "p25": "A_PCT25", "p75": "A_PCT75",
           "p90": "A_PCT90", "employment": "TOT_EMP"}


def occupations():
    with open(ROOT / "data" / "occupations.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def official(year):
    with gzip.open(RAW / f"oews_national_M{year}.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        return {r["OCC_CODE"]: r for r in csv.DictReader(fh) if r["O_GROUP"] == "detailed"}


def topcode(year):
    with gzip.open(RAW / f"oews_national_M{year}_field_descriptions.csv.gz", "rt", encoding="utf-8") as fh:
        text = fh.read()
    return float(re.search(r"or \$([0-9,]+) per year", text).group(1).replace(",", ""))


OCCUPATIONS = occupations()


def number(cell):
    return math.nan if cell == "" else float(cell)


@pytest.mark.parametrize("year", YEARS)
def test_every_value_equals_the_official_file(year):
    rows = official(year)
    top = topcode(year)
    checked = flagged = 0
    for occ in OCCUPATIONS:
        code = occ["oews_code"]
        flags = set(filter(None, occ[f"topcoded_{year}"].split(";")))
        if code not in rows:
            # not published that year (or no OEWS match at all): no numbers, no flags
            for stat in COLUMNS:
                assert occ[f"{stat}_{year}"] == "", (occ["onet_code"], year, stat)
            assert not flags
            continue
        src = rows[code]
        for stat, col in COLUMNS.items():
            got = number(occ[f"{stat}_{year}"])
            cell = src[col].strip().replace(",", "")
            if cell == "#":
                assert stat in flags, f"{occ['onet_code']} {year} {stat} is '#' but not flagged"
                assert got == top, (occ["onet_code"], year, stat)
                flagged += 1
            elif cell in ("*", "**"):
                assert math.isnan(got), (occ["onet_code"], year, stat)
            else:
                assert got == float(cell), (occ["onet_code"], year, stat, got, cell)
                assert stat not in flags
            checked += 1
    assert checked > 5000
    if year < 2025:
        assert flagged > 0, f"May {year} has top-coded wages; none were checked"


def test_oews_code_is_the_soc_code_when_published():
    rows = official(2025)
    for occ in OCCUPATIONS:
        if occ["soc_code"] in rows:
            assert occ["oews_code"] == occ["soc_code"], occ["onet_code"]
        elif occ["oews_code"]:
            # an aggregate: same SOC broad group, and not itself a code O*NET has
            assert occ["oews_code"][:6] == occ["soc_code"][:6], occ["onet_code"]


def test_topcodes_differ_by_year():
    assert topcode(2020) == 208000.0
    assert topcode(2025) == 239200.0
