"""Build the derived tables in data/ from the official files in data/raw/.

Run with ``make data`` (or ``python tools/build_data.py [--out DIR]``). The build is
deterministic: the same raw files always give byte-identical tables. Every rule used here
(code matching, top-codes, the related-work-experience → years mapping, the ladder pay and
years rules) is described in data/SOURCES.md.

Sources (all under data/raw/):
  onet_29_3/   O*NET 29.3 database files (CC BY 4.0), gzipped
  bls_oews/    BLS OEWS national cross-industry estimates, May 2020–2025, + field descriptions
  bls_ep/      BLS Employment Projections 2024–34, Table 1.2
  ladders_curated.csv   the curated ladder steps (written by hand, see data/SOURCES.md)
"""
from __future__ import annotations

import argparse
import gzip
import math
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
ONET = RAW / "onet_29_3"
OEWS = RAW / "bls_oews"
EP_FILE = RAW / "bls_ep" / "ep_2024-34_table1.2_occupations.csv.gz"
LADDERS_CURATED = RAW / "ladders_curated.csv"

OEWS_YEARS = range(2020, 2026)
PAY_YEAR = 2025
# OEWS column → our column prefix (annual wages and employment)
OEWS_STATS = {"A_MEDIAN": "median", "A_PCT10": "p10", "A_PCT25": "p25", "A_PCT75": "p75",
              "A_PCT90": "p90", "TOT_EMP": "employment"}
WAGE_STATS = ["median", "p10", "p25", "p75", "p90"]
LETTERS = {"Realistic": "R", "Investigative": "I", "Artistic": "A", "Social": "S",
           "Enterprising": "E", "Conventional": "C"}
RIASEC_ORDER = "RIASEC"

# O*NET related-work-experience (RW) categories as intervals in years. Category 1 ("None")
# is a point mass at 0. Category 11 ("Over 10 years") has no upper end in O*NET: we
# assume 15 years (documented in data/SOURCES.md).
RW_INTERVALS = {
    1: (0.0, 0.0), 2: (0.0, 1 / 12), 3: (1 / 12, 3 / 12), 4: (3 / 12, 6 / 12),
    5: (0.5, 1.0), 6: (1.0, 2.0), 7: (2.0, 4.0), 8: (4.0, 6.0), 9: (6.0, 8.0),
    10: (8.0, 10.0), 11: (10.0, 15.0),
}
RW_OPEN_END_ASSUMPTION_YEARS = 15.0

STAT_WORDS = {"median": "median", "p10": "10th percentile", "p25": "25th percentile",
              "p75": "75th percentile", "p90": "90th percentile"}


class BuildError(RuntimeError):
    """The raw files cannot be turned into the tables; the message says what to fix."""


# ---------------------------------------------------------------- reading helpers
def read_tsv(name: str) -> pd.DataFrame:
    """One O*NET tab-separated file, every cell a string ('' for empty)."""
    return pd.read_csv(ONET / name, sep="\t", dtype=str, keep_default_na=False,
                       encoding="utf-8")


def read_csv_str(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------- RW → years
def rw_percentile(distribution: dict[int, float], q: float) -> float:
    """The q-th percentile (0–100) in years of a grouped RW distribution.

    ``distribution`` maps RW category (1–11) to its share (percent of respondents; shares
    are rescaled to sum to 100). Each category is an interval of years (RW_INTERVALS);
    the percentile is found by linear interpolation inside the interval where the
    cumulative share first reaches q. Category 1 ("None") is exactly 0 years.
    Returns NaN for an empty distribution.
    """
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {q}")
    total = sum(v for v in distribution.values() if v and not math.isnan(v))
    if total <= 0:
        return math.nan
    cum = 0.0
    for cat in sorted(RW_INTERVALS):
        share = distribution.get(cat, 0.0) or 0.0
        if math.isnan(share) or share <= 0:
            continue
        share = share * 100.0 / total
        lo, hi = RW_INTERVALS[cat]
        if cum + share >= q - 1e-12:
            frac = (q - cum) / share
            return lo + max(0.0, min(1.0, frac)) * (hi - lo)
        cum += share
    return RW_INTERVALS[max(RW_INTERVALS)][1]


# ---------------------------------------------------------------- OEWS / EP
def oews_topcode(year: int) -> float:
    """The annual top-code that `#` stands for in the OEWS May `year` file."""
    path = OEWS / f"oews_national_M{year}_field_descriptions.csv.gz"
    text = gzip.open(path, "rt", encoding="utf-8").read()
    m = re.search(r"#\s*=\s*indicates a wage equal to or greater than .*?\$([\d,]+(?:\.\d+)?) per year",
                  text)
    if not m:
        raise BuildError(f"{path}: no '# = ... per year' top-code note found")
    return float(m.group(1).replace(",", ""))


def read_oews(year: int) -> pd.DataFrame:
    """Detailed-level rows of one OEWS year: OCC_CODE + our stat columns (numbers) + topcoded."""
    path = OEWS / f"oews_national_M{year}.csv.gz"
    raw = read_csv_str(path)
    raw = raw[raw["O_GROUP"] == "detailed"]
    if raw["OCC_CODE"].duplicated().any():
        raise BuildError(f"{path}: OCC_CODE repeated among O_GROUP=='detailed' rows")
    top = oews_topcode(year)
    out = pd.DataFrame({"OCC_CODE": raw["OCC_CODE"].to_numpy()})
    flags = [[] for _ in range(len(raw))]
    for col, stat in OEWS_STATS.items():
        cells = raw[col].str.strip().str.replace(",", "", regex=False).to_numpy()
        values = []
        for i, cell in enumerate(cells):
            if cell == "#":
                if stat == "employment":
                    raise BuildError(f"{path}: '#' in {col} for {out.OCC_CODE.iloc[i]}")
                values.append(top)
                flags[i].append(stat)
            elif cell in ("*", "**", ""):
                values.append(math.nan)
            else:
                try:
                    values.append(float(cell))
                except ValueError:
                    raise BuildError(f"{path}: {col}={cell!r} for {out.OCC_CODE.iloc[i]} is not a number") from None
        out[f"{stat}_{year}"] = values
    order = {s: i for i, s in enumerate(["p10", "p25", "median", "p75", "p90"])}
    out[f"topcoded_{year}"] = [";".join(sorted(f, key=order.get)) for f in flags]
    return out


def read_ep() -> pd.DataFrame:
    raw = read_csv_str(EP_FILE)
    raw = raw[raw["Occupation type"] == "Line item"]
    na = lambda s: s.replace("—", "")  # noqa: E731
    out = pd.DataFrame({
        "EP_CODE": raw["2024 National Employment Matrix code"].str.strip(),
        "education_entry": na(raw["Typical education needed for entry"]),
        "experience_entry": na(raw["Work experience in a related occupation"]),
        "training_ojt": na(raw["Typical on-the-job training needed to attain competency in the occupation"]),
        "growth_pct_2024_34": pd.to_numeric(na(raw["Employment change, percent, 2024–34"])),
        "openings_k_2024_34": pd.to_numeric(na(raw["Occupational openings, 2024–34 annual average"])),
    })
    if out["EP_CODE"].duplicated().any():
        raise BuildError(f"{EP_FILE}: a Line item code appears twice")
    return out


def match_codes(socs: list[str], available: set[str], onet_socs: set[str]) -> dict[str, str]:
    """Map each 6-digit SOC to the code a BLS table publishes it under ('' if none).

    Rule: the SOC itself when published; otherwise the single published code in the same
    SOC broad group (same first five digits, e.g. 25-904x) that is not itself the SOC of
    an O*NET occupation — that is the broad group (25-9040) or BLS's own combination
    (25-9045 "Teaching assistants, except postsecondary"). No match if there is none or
    more than one.
    """
    out = {}
    for soc in socs:
        if soc in available:
            out[soc] = soc
            continue
        cands = sorted(c for c in available if c[:6] == soc[:6] and c not in onet_socs)
        out[soc] = cands[0] if len(cands) == 1 else ""
    return out


# ---------------------------------------------------------------- O*NET pieces
def ete_distributions(scale: str) -> dict[str, dict[int, float]]:
    ete = read_tsv("education_training_experience.txt.gz")
    ete = ete[ete["Scale ID"] == scale]
    dists: dict[str, dict[int, float]] = {}
    for code, cat, val in zip(ete["O*NET-SOC Code"], ete["Category"], ete["Data Value"]):
        dists.setdefault(code, {})[int(cat)] = float(val)
    return dists


def ete_domain_sources(scale: str) -> dict[str, str]:
    """O*NET-SOC code → who rated ``scale`` for it (the file's ``Domain Source``, e.g. ``Incumbent``)."""
    ete = read_tsv("education_training_experience.txt.gz")
    ete = ete[ete["Scale ID"] == scale]
    out: dict[str, set[str]] = {}
    for code, src in zip(ete["O*NET-SOC Code"], ete["Domain Source"]):
        out.setdefault(code, set()).add(src.strip())
    mixed = sorted(c for c, v in out.items() if len(v) > 1)
    if mixed:
        raise BuildError(f"education_training_experience.txt.gz: {scale} rated by more than one source for {mixed[:5]}")
    return {c: next(iter(v)) for c, v in out.items()}


# O*NET "Domain Source" → who O*NET asked, in the words a learner reads
RATED_BY = {"Incumbent": "job holders", "Occupational Expert": "occupational experts", "Analyst": "O*NET analysts"}


def category_labels(scale: str) -> dict[int, str]:
    cats = read_tsv("education_training_experience_categories.txt.gz")
    cats = cats[cats["Scale ID"] == scale]
    return {int(c): d.strip() for c, d in zip(cats["Category"], cats["Category Description"])}


def modal(dist: dict[int, float], labels: dict[int, str]) -> tuple[str, float]:
    cat = max(sorted(dist), key=lambda c: dist[c])  # ties → lowest category
    return labels[cat], dist[cat]


def build_occupations() -> pd.DataFrame:
    occ = read_tsv("occupation_data.txt.gz")
    df = pd.DataFrame({
        "onet_code": occ["O*NET-SOC Code"],
        "soc_code": occ["O*NET-SOC Code"].str[:7],
        "title": occ["Title"],
        "description": occ["Description"],
    })
    if df["onet_code"].duplicated().any():
        raise BuildError("occupation_data.txt.gz: an O*NET-SOC code appears twice")
    jz = read_tsv("job_zones.txt.gz")
    df["job_zone"] = df["onet_code"].map(dict(zip(jz["O*NET-SOC Code"], jz["Job Zone"].astype(int))))
    df["job_zone"] = df["job_zone"].astype("Int64")

    onet_socs = set(df["soc_code"])
    socs = sorted(onet_socs)
    oews_by_year = {y: read_oews(y) for y in OEWS_YEARS}
    latest = oews_by_year[max(OEWS_YEARS)]
    oews_map = match_codes(socs, set(latest["OCC_CODE"]), onet_socs)
    df["oews_code"] = df["soc_code"].map(oews_map)
    ep = read_ep()
    ep_map = match_codes(socs, set(ep["EP_CODE"]), onet_socs)
    df["ep_code"] = df["soc_code"].map(ep_map)
    df = df.merge(ep, how="left", left_on="ep_code", right_on="EP_CODE").drop(columns="EP_CODE")

    # RIASEC
    inter = read_tsv("interests.txt.gz")
    inter = inter[inter["Scale ID"] == "OI"]
    scores = {}
    for code, name, val in zip(inter["O*NET-SOC Code"], inter["Element Name"], inter["Data Value"]):
        scores.setdefault(code, {})[LETTERS[name]] = float(val)
    for letter in RIASEC_ORDER:
        df[f"interest_{letter}"] = [scores.get(c, {}).get(letter, math.nan) for c in df["onet_code"]]

    def top3(code):
        s = scores.get(code)
        if not s or len(s) < 6:
            return ""
        ranked = sorted(RIASEC_ORDER, key=lambda L: (-s[L], RIASEC_ORDER.index(L)))
        return "".join(ranked[:3])
    df["riasec"] = [top3(c) for c in df["onet_code"]]

    # related work experience and required education
    rw = ete_distributions("RW")
    rw_labels = category_labels("RW")
    rl = ete_distributions("RL")
    rl_labels = category_labels("RL")
    for col, q in [("rw_years_typical", 50), ("rw_years_p25", 25), ("rw_years_p75", 75),
                   ("rw_years_p90", 90)]:
        df[col] = [round(rw_percentile(rw[c], q), 2) if c in rw else math.nan for c in df["onet_code"]]
    mods = [modal(rw[c], rw_labels) if c in rw else ("", math.nan) for c in df["onet_code"]]
    df["rw_modal_category"] = [m[0] for m in mods]
    df["rw_modal_pct"] = [m[1] for m in mods]
    mods = [modal(rl[c], rl_labels) if c in rl else ("", math.nan) for c in df["onet_code"]]
    df["education_modal_category"] = [m[0] for m in mods]
    df["education_modal_pct"] = [m[1] for m in mods]

    # OEWS wages per year, through the matched code
    for year, table in oews_by_year.items():
        t = table.set_index("OCC_CODE")
        for stat in ["median", "p10", "p25", "p75", "p90", "employment"]:
            df[f"{stat}_{year}"] = df["oews_code"].map(t[f"{stat}_{year}"])
        df[f"topcoded_{year}"] = df["oews_code"].map(t[f"topcoded_{year}"]).fillna("")
        df[f"employment_{year}"] = df[f"employment_{year}"].astype("Int64")

    cols = ["onet_code", "soc_code", "title", "description", "job_zone", "oews_code", "ep_code",
            "education_entry", "experience_entry", "training_ojt", "growth_pct_2024_34",
            "openings_k_2024_34", "riasec", *[f"interest_{L}" for L in RIASEC_ORDER],
            "rw_years_typical", "rw_years_p25", "rw_years_p75", "rw_years_p90",
            "rw_modal_category", "rw_modal_pct", "education_modal_category", "education_modal_pct"]
    for year in OEWS_YEARS:
        cols += [f"{s}_{year}" for s in ["median", "p10", "p25", "p75", "p90", "employment"]]
        cols.append(f"topcoded_{year}")
    for c in ["education_entry", "experience_entry", "training_ojt"]:
        df[c] = df[c].fillna("")
    return df[cols].sort_values("onet_code", kind="stable").reset_index(drop=True)


def build_related() -> pd.DataFrame:
    r = read_tsv("related_occupations.txt.gz")
    df = pd.DataFrame({"onet_code": r["O*NET-SOC Code"], "related_code": r["Related O*NET-SOC Code"],
                       "related_title": r["Related Title"], "tier": r["Relatedness Tier"],
                       "rank": r["Index"].astype(int)})
    return df.sort_values(["onet_code", "rank"], kind="stable").reset_index(drop=True)


def build_titles() -> pd.DataFrame:
    occ = read_tsv("occupation_data.txt.gz")
    alt = read_tsv("alternate_titles.txt.gz")
    official = pd.DataFrame({"onet_code": occ["O*NET-SOC Code"], "title": occ["Title"],
                             "short_title": "", "kind": "official"})
    alternate = pd.DataFrame({"onet_code": alt["O*NET-SOC Code"], "title": alt["Alternate Title"],
                              "short_title": alt["Short Title"], "kind": "alternate"})
    df = pd.concat([official, alternate], ignore_index=True)
    return df.sort_values("onet_code", kind="stable").reset_index(drop=True)


def build_riasec_keywords() -> pd.DataFrame:
    k = read_tsv("riasec_keywords.txt.gz")
    return pd.DataFrame({"letter": k["Element Name"].map(LETTERS), "area": k["Element Name"],
                         "keyword": k["Keyword"], "keyword_type": k["Keyword Type"]})


def build_riasec_examples() -> pd.DataFrame:
    e = read_tsv("interests_illustrative_occupations.txt.gz")
    return pd.DataFrame({"letter": e["Element Name"].map(LETTERS), "area": e["Element Name"],
                         "interest_type": e["Interest Type"], "onet_code": e["O*NET-SOC Code"],
                         "title": e["Title"]})


def build_job_zones() -> pd.DataFrame:
    z = read_tsv("job_zone_reference.txt.gz")
    return pd.DataFrame({"job_zone": z["Job Zone"].astype(int), "name": z["Name"],
                         "experience": z["Experience"], "education": z["Education"],
                         "training": z["Job Training"], "examples": z["Examples"]})


# ---------------------------------------------------------------- ladders
LADDER_COLUMNS = ["ladder", "step", "title", "soc_code", "onet_code", "has_ladder",
                  "years_from_start", "years_basis", "years_rated_by", "pay", "pay_basis", "median_pay",
                  "pay_p10", "pay_p90", "pay_year", "education", "training", "experience", "job_zone",
                  "employment", "headcount_share", "headcount", "jobs_per_job_below", "move_up_cap",
                  "odds_basis", "source", "note"]


def share_words(q: int) -> str:
    """The q-th percentile as "how many of them": 90 → '9 in 10', 75 → '3 in 4'."""
    if q == 50:
        return "half"
    if q % 10 == 0:
        return f"{q // 10} in 10"
    if q % 25 == 0:
        return f"{q // 25} in 4"
    if q % 5 == 0:
        return f"{q // 5} in 20"
    return f"{q} in 100"


def years_words(years: float, q: int, rated_by: str, code: str, title: str) -> str:
    """What a step's years are, in the words every app and notebook shows (see data/SOURCES.md)."""
    return (f"related work experience asked for to be hired as {title} ({code}): up to {years:g} years "
            f"for {share_words(q)} of the {rated_by} O*NET asked (O*NET 29.3, {ordinal(q)} percentile)")


def rank_shares(weights: list[float]) -> list[float]:
    """Each rank's share of one occupation's headcount, from its weight (weights need not sum to 1)."""
    total = sum(weights)
    return [w / total for w in weights]


def default_rank_weights(n: int) -> list[float]:
    """The split of one SOC code's headcount between ``n`` ranks when the curated file gives none:
    each rank half the rank below (8:4:2:1 for four ranks). An assumption, documented in
    data/SOURCES.md; ``rank_weight`` in ladders_curated.csv overrides it."""
    return [2.0 ** -k for k in range(n)]


def add_odds(df: pd.DataFrame, weights: list[str]) -> pd.DataFrame:
    """Headcount per step and jobs per job at the step below (columns documented in data/SOURCES.md).

    ``weights``: the curated ``rank_weight`` cell of each row ('' = the default split).
    """
    df = df.copy()
    df["_w"] = [float(w) if str(w).strip() else math.nan for w in weights]
    share = pd.Series(1.0, index=df.index)
    for _, g in df.groupby(["ladder", "_ocode"], sort=False):
        if len(g) < 2:
            continue
        g = g.sort_values("step")
        given = g["_w"].tolist()
        default = default_rank_weights(len(g))
        w = [d if math.isnan(x) else x for x, d in zip(given, default)]
        share.loc[g.index] = rank_shares(w)
    df["headcount_share"] = share.round(4)
    df["headcount"] = (df["employment"].astype(float) * share).round(0)
    ratio = pd.Series(math.nan, index=df.index)
    basis = pd.Series("", index=df.index, dtype=object)
    for _, g in df.groupby("ladder", sort=False):
        g = g.sort_values("step")
        for (_, lo), (j, hi) in zip(g.iterrows(), list(g.iterrows())[1:]):
            if not (lo["headcount"] > 0 and hi["headcount"] > 0):
                basis[j] = "no OEWS headcount for this step or the step below"
                continue
            ratio[j] = hi["headcount"] / lo["headcount"]
            split = [f"{x['title']} {x['headcount_share']:.0%} of {x['_ocode']}" for x in (lo, hi)
                     if x["headcount_share"] < 1]
            basis[j] = (f"OEWS May {PAY_YEAR} employment: {hi['headcount']:,.0f} jobs at {hi['_ocode']} for "
                        f"{lo['headcount']:,.0f} at {lo['_ocode']}")
            if split:
                basis[j] += f" (assumed split of a shared code: {', '.join(split)})"
    df["jobs_per_job_below"] = ratio.round(4)
    df["move_up_cap"] = ratio.where(ratio < 1).round(4)
    df["odds_basis"] = basis
    return df.drop(columns=["_w", "_ocode"])


def build_ladders(occupations: pd.DataFrame, curated: Path = LADDERS_CURATED) -> pd.DataFrame:
    """One row per curated ladder step, with pay and years filled from the official tables.

    ``curated``: the hand-written steps (ladder, step, title, onet_code, pay_stat, years_stat,
    years_onet_code, has_ladder, note). Raises BuildError listing every problem.
    """
    cur = pd.read_csv(curated, dtype=str, keep_default_na=False, encoding="utf-8")
    name = Path(curated).name
    need = ["ladder", "step", "title", "onet_code", "pay_stat", "years_stat", "years_onet_code",
            "has_ladder", "note"]
    missing = [c for c in need if c not in cur.columns]
    if missing:
        raise BuildError(f"{name}: missing column(s) {missing}")
    occ = occupations.set_index("onet_code")
    rw = ete_distributions("RW")
    rated = ete_domain_sources("RW")
    weights = cur["rank_weight"].tolist() if "rank_weight" in cur.columns else [""] * len(cur)
    problems = []
    rows = []
    for i, r in cur.iterrows():
        where = f"{name} row {i + 2}"
        code = r["onet_code"].strip()
        if code not in occ.index:
            problems.append(f"{where}, column 'onet_code': {code!r} is not an O*NET 29.3 code")
            continue
        o = occ.loc[code]
        stat = r["pay_stat"].strip()
        if stat not in STAT_WORDS:
            problems.append(f"{where}, column 'pay_stat': {stat!r} must be one of {sorted(STAT_WORDS)}")
            continue
        try:
            step = int(r["step"])
        except ValueError:
            problems.append(f"{where}, column 'step': {r['step']!r} is not a whole number")
            continue
        has = r["has_ladder"].strip().lower()
        if has not in ("true", "false"):
            problems.append(f"{where}, column 'has_ladder': write true or false, not {has!r}")
            continue
        ysrc = r["years_onet_code"].strip() or code
        ystat = r["years_stat"].strip()
        for wcell in [weights[i]] if str(weights[i]).strip() else []:
            try:
                if not float(wcell) > 0:
                    raise ValueError
            except ValueError:
                problems.append(f"{where}, column 'rank_weight': {wcell!r} must be a number above 0 (or empty)")
        if ystat == "start":
            years, ybasis, who = 0.0, "start of the career (0 years)", ""
        else:
            m = re.fullmatch(r"rw_p(\d{1,2})", ystat)
            if not m or not 1 <= int(m.group(1)) <= 99:
                problems.append(f"{where}, column 'years_stat': {ystat!r} must be 'start' or rw_p1..rw_p99")
                continue
            if ysrc not in occ.index:
                problems.append(f"{where}, column 'years_onet_code': {ysrc!r} is not an O*NET 29.3 code")
                continue
            if ysrc not in rw:
                problems.append(f"{where}: O*NET 29.3 has no related-work-experience data for {ysrc}; "
                                "name another occupation in years_onet_code")
                continue
            q = int(m.group(1))
            years = round(rw_percentile(rw[ysrc], q), 1)
            source = rated.get(ysrc, "")
            if source not in RATED_BY:
                problems.append(f"{where}: O*NET's Domain Source {source!r} for {ysrc} is not one of {sorted(RATED_BY)}")
                continue
            who = RATED_BY[source]
            ybasis = years_words(years, q, who, ysrc, occ.loc[ysrc, "title"])
            if ysrc != code:
                ybasis += f" (borrowed: O*NET has no such data for {code} {o['title']})"
        rows.append({"ladder": r["ladder"].strip(), "step": step, "title": r["title"].strip(),
                     "onet_code": code, "stat": stat, "has_ladder": has == "true",
                     "years_from_start": years, "years_basis": ybasis, "years_rated_by": who,
                     "weight": weights[i], "note": r["note"].strip()})
    if problems:
        raise BuildError(f"{name} cannot be built:\n  " + "\n  ".join(problems))
    lad = pd.DataFrame(rows)
    for ladder, g in lad.groupby("ladder", sort=False):
        if sorted(g["step"]) != list(range(1, len(g) + 1)):
            problems.append(f"{name}: ladder {ladder!r} has steps {sorted(g['step'])}, expected 1..{len(g)}")
            continue
        g = g.sort_values("step")
        y = g["years_from_start"].tolist()
        for a, b, sa, sb in zip(y, y[1:], g["title"], g["title"].iloc[1:]):
            if b < a:
                problems.append(f"{name}: ladder {ladder!r}: years decrease from {sa!r} ({a}) to {sb!r} ({b}); "
                                "choose a higher years_stat percentile for the later step")
    if problems:
        raise BuildError(f"{name} cannot be built:\n  " + "\n  ".join(problems))

    out = []
    for _, r in lad.iterrows():
        o = occ.loc[r["onet_code"]]
        same = lad[(lad["ladder"] == r["ladder"])]["onet_code"].str[:7].eq(o["soc_code"]).sum()
        ocode = o["oews_code"]
        pay = o[f"{r['stat']}_{PAY_YEAR}"]
        basis = f"{STAT_WORDS[r['stat']]} of OEWS {ocode or o['soc_code']}"
        if ocode and ocode != o["soc_code"]:
            basis += f" (a wider occupation's pay: the OEWS group that contains {o['soc_code']})"
        elif not r["onet_code"].endswith(".00"):
            parent = occ["title"].get(f"{o['soc_code']}.00", o["soc_code"])
            basis += (f" (a wider occupation's pay: all of {o['soc_code']} {parent}; OEWS has no figure for "
                      f"{o['title']} alone)")
        if same > 1:
            basis += " (several ranks share this SOC code)"
        if r["stat"] in str(o[f"topcoded_{PAY_YEAR}"]).split(";"):
            basis += f" (top-coded: OEWS publishes only 'at least ${pay:,.0f}')"
        out.append({
            "ladder": r["ladder"], "step": r["step"], "title": r["title"], "soc_code": o["soc_code"],
            "onet_code": r["onet_code"], "has_ladder": r["has_ladder"],
            "years_from_start": r["years_from_start"], "years_basis": r["years_basis"],
            "years_rated_by": r["years_rated_by"], "pay": pay, "pay_basis": basis, "median_pay": o[f"median_{PAY_YEAR}"],
            "pay_p10": o[f"p10_{PAY_YEAR}"], "pay_p90": o[f"p90_{PAY_YEAR}"], "pay_year": PAY_YEAR,
            "education": o["education_entry"], "training": o["training_ojt"],
            "experience": o["experience_entry"], "job_zone": o["job_zone"],
            "employment": o[f"employment_{PAY_YEAR}"], "_ocode": ocode or o["soc_code"],
            "source": (f"BLS OEWS May {PAY_YEAR} (pay, headcount); O*NET 29.3 related work experience (years); "
                       "BLS EP 2024–34 (education, training)"),
            "note": r["note"],
        })
    df = add_odds(pd.DataFrame(out), lad["weight"].tolist())[LADDER_COLUMNS]
    df["job_zone"] = df["job_zone"].astype("Int64")
    df["employment"] = df["employment"].astype("Int64")
    return df


# ---------------------------------------------------------------- writing
def write_csv(df: pd.DataFrame, path: Path) -> None:
    text = df.to_csv(index=False, lineterminator="\n")
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    else:
        path.write_text(text, encoding="utf-8", newline="")


def build(out_dir: Path = ROOT / "data") -> list[Path]:
    """Build every derived table into ``out_dir``; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    occupations = build_occupations()
    tables = {
        "occupations.csv": occupations,
        "related.csv": build_related(),
        "titles.csv.gz": build_titles(),
        "riasec_keywords.csv": build_riasec_keywords(),
        "riasec_examples.csv": build_riasec_examples(),
        "job_zones.csv": build_job_zones(),
    }
    if LADDERS_CURATED.exists():
        tables["ladders.csv"] = build_ladders(occupations)
    else:
        print(f"skipping ladders.csv: {LADDERS_CURATED} does not exist yet", file=sys.stderr)
    written = []
    for fname, df in tables.items():
        write_csv(df, out_dir / fname)
        written.append(out_dir / fname)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=ROOT / "data", help="folder for the tables (default data/)")
    args = p.parse_args(argv)
    try:
        for path in build(args.out):
            print(f"wrote {path}")
    except BuildError as e:
        print(f"build_data: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
