"""The tables shipped with careerkit, one loader per table.

>>> import careerkit as ck
>>> "ladders" in ck.list_datasets()
True
>>> ck.occupations().loc[lambda d: d.onet_code == "33-2011.00", "title"].item()
'Firefighters'

Every loader reads its file once (cached) and returns a fresh copy, so changing the
DataFrame you get never changes what the next call returns. Codes are strings, missing
numbers are NaN and missing text is the empty string. Where each number comes from is
written in data/SOURCES.md (shipped as ``careerkit.data/SOURCES.md``).
"""
from __future__ import annotations

import functools
import io
from importlib.resources import files

import numpy as np
import pandas as pd

from careerkit.errors import DataError, Problem
from careerkit.validate import COLUMNS as LADDER_COLUMNS
from careerkit.validate import PANDAS_DTYPES as _PANDAS_DTYPES

__all__ = [
    "list_datasets", "load_dataset", "find_occupation",
    "occupations", "ladders", "related", "titles", "dimensions", "five_ways", "quiz",
    "riasec_keywords", "riasec_examples", "job_zones", "MissingDataFile",
]


class MissingDataFile(DataError, FileNotFoundError):
    """A shipped table is not there (a DataError that is also a FileNotFoundError)."""


_OEWS_YEARS = range(2020, 2026)


def _occupation_columns() -> dict[str, str]:
    cols = {"onet_code": "str", "soc_code": "str", "title": "str", "description": "str",
            "job_zone": "Int64", "oews_code": "str", "ep_code": "str", "education_entry": "str",
            "experience_entry": "str", "training_ojt": "str", "growth_pct_2024_34": "float",
            "openings_k_2024_34": "float", "riasec": "str"}
    cols.update({f"interest_{L}": "float" for L in "RIASEC"})
    cols.update({"rw_years_typical": "float", "rw_years_p25": "float", "rw_years_p75": "float",
                 "rw_years_p90": "float", "rw_modal_category": "str", "rw_modal_pct": "float",
                 "education_modal_category": "str", "education_modal_pct": "float"})
    for y in _OEWS_YEARS:
        cols.update({f"{s}_{y}": "float" for s in ("median", "p10", "p25", "p75", "p90")})
        cols[f"employment_{y}"] = "Int64"
        cols[f"topcoded_{y}"] = "str"
    return cols


# name → (file in careerkit.data, {column: dtype})
_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "occupations": ("occupations.csv", _occupation_columns()),
    "ladders": ("ladders.csv", LADDER_COLUMNS),
    "related": ("related.csv", {"onet_code": "str", "related_code": "str", "related_title": "str",
                                "tier": "str", "rank": "int"}),
    "titles": ("titles.csv.gz", {"onet_code": "str", "title": "str", "short_title": "str",
                                 "kind": "str"}),
    "dimensions": ("dimensions.csv", {"order": "int", "dimension": "str", "job": "str",
                                      "career": "str"}),
    "five_ways": ("five_ways.csv", {"way_number": "int", "way": "str", "summary": "str",
                                    "action": "str"}),
    "quiz": ("quiz.csv", {"id": "int", "statement": "str", "answer": "str", "explanation": "str"}),
    "riasec_keywords": ("riasec_keywords.csv", {"letter": "str", "area": "str", "keyword": "str",
                                                "keyword_type": "str"}),
    "riasec_examples": ("riasec_examples.csv", {"letter": "str", "area": "str",
                                                "interest_type": "str", "onet_code": "str",
                                                "title": "str"}),
    "job_zones": ("job_zones.csv", {"job_zone": "int", "name": "str", "experience": "str",
                                    "education": "str", "training": "str", "examples": "str"}),
}


def list_datasets() -> list[str]:
    """Names of every shipped table, e.g. ``["dimensions", "five_ways", ...]`` (sorted)."""
    return sorted(_TABLES)


def load_dataset(name: str) -> pd.DataFrame:
    """Any shipped table by name (see :func:`list_datasets`); a fresh copy each call."""
    if name not in _TABLES:
        raise ValueError(f"No dataset named {name!r}. Valid names: {', '.join(list_datasets())}.")
    return _load(name).copy()


@functools.cache
def _load(name: str) -> pd.DataFrame:
    fname, schema = _TABLES[name]
    resource = files("careerkit.data") / fname
    shown = f"careerkit/data/{fname}"
    if not resource.is_file():
        raise MissingDataFile([Problem(shown, None, None,
                                       "file not found; reinstall careerkit, or run `make data` in a checkout")],
                              summary=f"The {name!r} table is missing")
    with resource.open("rb") as fh:
        data = fh.read()
    try:
        # Fast path: the C parser converts every column to its documented type.
        df = _read(data, fname, dtype={c: _PANDAS_DTYPES[t] for c, t in schema.items()},
                   na_values={c: [""] for c, t in schema.items() if t != "str"},
                   true_values=["True", "true"], false_values=["False", "false"])
    except (ValueError, TypeError):
        df = None
    if df is not None and all(c in df.columns for c in schema):
        ints = [c for c, t in schema.items() if t == "int" and df[c].dtype != "int64"]
        if not ints:
            return df
        if not df[ints].isna().any().any():
            return df.astype({c: "int64" for c in ints})
    raise DataError(_diagnose(_read(data, fname, dtype=str, na_values={}), schema, shown),
                    summary=f"The {name!r} table does not match its documented columns and types")


def _read(data: bytes, fname: str, **kwargs) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), keep_default_na=False,
                       compression="gzip" if fname.endswith(".gz") else None, **kwargs)


def _diagnose(df: pd.DataFrame, schema: dict[str, str], shown: str) -> list[Problem]:
    """Every missing column and (the first ten per column) cells that are not of their type."""
    problems = [Problem(shown, 1, c, "documented column is missing; rebuild with `make data`")
                for c in schema if c not in df.columns]
    for col, kind in schema.items():
        if col not in df.columns or kind == "str":
            continue
        s = df[col]
        if kind == "bool":
            bad = ~s.str.lower().isin(["true", "false"])
        else:
            bad = pd.to_numeric(s.where(s != ""), errors="coerce").isna() & (s != "")
            if kind == "int":
                bad |= s == ""
            elif kind == "Int64":
                num = pd.to_numeric(s.where(~bad & (s != "")), errors="coerce")
                bad |= num.notna() & (num % 1 != 0)
        for i in df.index[bad][:10]:
            problems.append(Problem(shown, int(i) + 2, col,
                                    f"{s[i]!r} is not a valid {kind}; rebuild with `make data`"))
    return problems or [Problem(shown, None, None, "the file could not be read as CSV")]


def occupations() -> pd.DataFrame:
    """One row per O*NET-SOC occupation (1,016 rows), O*NET 29.3 + BLS OEWS + BLS EP.

    Columns: onet_code, soc_code, title, description, job_zone, oews_code, ep_code,
    education_entry, experience_entry, training_ojt, growth_pct_2024_34, openings_k_2024_34,
    riasec, interest_R … interest_C, rw_years_typical, rw_years_p25/p75/p90, rw_modal_category,
    rw_modal_pct, education_modal_category, education_modal_pct, and for each May YYYY of
    2020–2025 median_YYYY, p10_YYYY, p25_YYYY, p75_YYYY, p90_YYYY (annual USD), employment_YYYY,
    topcoded_YYYY. Sources: O*NET 29.3 (CC BY 4.0, modified), BLS OEWS May 2020–2025,
    BLS Employment Projections 2024–34.
    """
    return load_dataset("occupations")


def ladders() -> pd.DataFrame:
    """One row per step of a curated career ladder (about 60 rows, 13 ladders + one-step jobs).

    Columns: ladder, step, title, soc_code, onet_code, has_ladder, years_from_start, years_basis,
    years_rated_by, pay, pay_basis, median_pay, pay_p10, pay_p90, pay_year, education, training,
    experience, job_zone, employment, headcount_share, headcount, jobs_per_job_below, move_up_cap,
    odds_basis, source, note. Pay is a labelled OEWS May 2025 statistic (pay_basis); years a
    labelled percentile of the related work experience O*NET 29.3 says is asked for to be hired
    (years_basis, rated by years_rated_by); odds are OEWS headcount ratios (odds_basis).
    """
    return load_dataset("ladders")


def ladders_or_shipped(ladders: pd.DataFrame | None = None) -> pd.DataFrame:
    """``ladders`` if given (an instructor's table in the same shape), else :func:`ladders`: what
    every function and app that takes ``ladders=`` uses."""
    return load_dataset("ladders") if ladders is None else ladders


def related() -> pd.DataFrame:
    """One row per (occupation, related occupation) pair from O*NET 29.3 (18,460 rows).

    Columns: onet_code, related_code, related_title, tier (Primary-Short, Primary-Long,
    Supplemental), rank (1–20). Source: O*NET 29.3 Related Occupations.
    """
    return load_dataset("related")


def titles() -> pd.DataFrame:
    """One row per job title (about 57,600 rows): every official and alternate O*NET title.

    Columns: onet_code, title, short_title (may be empty), kind (``official`` or ``alternate``).
    Source: O*NET 29.3 Occupation Data and Alternate Titles.
    """
    return load_dataset("titles")


def dimensions() -> pd.DataFrame:
    """One row per job-vs-career dimension. Columns: order, dimension, job, career (careerkit text)."""
    return load_dataset("dimensions")


def five_ways() -> pd.DataFrame:
    """One row per concrete action of the five ways to turn a job into a career.

    Columns: way_number, way, summary, action (careerkit text).
    """
    return load_dataset("five_ways")


def quiz() -> pd.DataFrame:
    """One row per quiz scenario. Columns: id, statement, answer (``job``/``career``), explanation."""
    return load_dataset("quiz")


def riasec_keywords() -> pd.DataFrame:
    """One row per RIASEC keyword (75 rows). Columns: letter (R I A S E C), area, keyword,
    keyword_type (Action or Object). Source: O*NET 29.3 RIASEC Keywords."""
    return load_dataset("riasec_keywords")


def riasec_examples() -> pd.DataFrame:
    """One row per example occupation of a RIASEC area (186 rows). Columns: letter, area,
    interest_type, onet_code, title. Source: O*NET 29.3 Interests Illustrative Occupations."""
    return load_dataset("riasec_examples")


def job_zones() -> pd.DataFrame:
    """One row per O*NET Job Zone (5 rows). Columns: job_zone (1–5), name, experience,
    education, training, examples. Source: O*NET 29.3 Job Zone Reference."""
    return load_dataset("job_zones")


_MATCH_COLUMNS = ["onet_code", "title", "matched_title", "score"]





HOLDERS = 500
#: Longest query find_occupation searches (the longest O*NET 29.3 title has 128 characters); a longer
#: one is a paste, and rapidfuzz's work grows with its length.
MAX_QUERY = 200


@functools.cache
def _title_index() -> tuple:
    """Search index over every title, built once: the titles, their rapidfuzz-processed forms,
    the same with words sorted, codes, official titles by code, which rows are official, and an
    inverted index word -> rows holding that word."""
    from rapidfuzz import utils

    t = _load("titles")
    is_official = t["kind"] == "official"
    official = dict(zip(t.loc[is_official, "onet_code"], t.loc[is_official, "title"]))
    names = t["title"].tolist()
    processed = [utils.default_process(n) for n in names]
    sorted_words = [" ".join(sorted(p.split())) for p in processed]
    words: dict[str, list[int]] = {}
    for i, p in enumerate(processed):
        for w in set(p.split()):
            words.setdefault(w, []).append(i)
    for rows in words.values():  # shortest titles first (ties: table order)
        rows.sort(key=lambda i: (len(processed[i]), i))
    return (names, processed, sorted_words, t["onet_code"].tolist(), official,
            is_official.tolist(), words)


@functools.lru_cache(maxsize=1)
def _distinct_sorted_titles() -> tuple[list[str], list[list[int]], np.ndarray]:
    """The distinct word-sorted titles (46,774 of 57,576); for each, the rows of the title table
    that have it; and their lengths."""
    rows_of: dict[str, list[int]] = {}
    for i, s in enumerate(_title_index()[2]):
        rows_of.setdefault(s, []).append(i)
    distinct = list(rows_of)
    return distinct, [rows_of[s] for s in distinct], np.array([len(s) for s in distinct])


def _best_ratio(q_sorted: str, pool: int):
    """Indexes (into ``_distinct_sorted_titles``) of the ``pool`` titles with the highest plain
    ratio to ``q_sorted``, and any tied with the last of them."""
    from rapidfuzz import fuzz, process

    distinct = _distinct_sorted_titles()[0]
    ratio = process.cdist([q_sorted], distinct, scorer=fuzz.ratio, dtype=np.float32)[0]
    if len(ratio) <= pool:
        return range(len(ratio))
    cut = np.partition(ratio, len(ratio) - pool)[len(ratio) - pool]
    return np.flatnonzero(ratio >= cut).tolist()


@functools.lru_cache(maxsize=1)
def _official_processed() -> dict[str, str]:
    """Official O*NET title of each code, as rapidfuzz compares it (lower case, no punctuation)."""
    from rapidfuzz import utils

    return {code: utils.default_process(title) for code, title in _title_index()[4].items()}


def find_occupation(query: str, limit: int = 10) -> pd.DataFrame:
    """Occupations whose official or alternate O*NET title best matches ``query``.

    Returns one row per occupation, best first (at most ``limit`` rows): onet_code, title
    (the official O*NET title), matched_title (the title that matched), score (0–100).
    An empty query gives an empty table with those columns.

    >>> find_occupation("fire captain", limit=1).onet_code.item()
    '33-1021.00'
    """
    from rapidfuzz import fuzz, process, utils

    if not isinstance(query, str):
        raise TypeError(f"find_occupation: query must be text, got {type(query).__name__}")
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)):
        raise TypeError(f"find_occupation: limit must be a whole number of rows such as 10, not {limit!r}")
    limit = int(limit)
    if len(query) > MAX_QUERY:
        raise ValueError(f"find_occupation: the query is {len(query):,} characters long; a job title has at most "
                         f"{MAX_QUERY}. Search for a shorter title.")
    q = utils.default_process(query)
    if not q or limit < 1:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c == "score" else "str")
                             for c in _MATCH_COLUMNS})
    names, processed, sorted_words, codes, official, is_official, words = _title_index()
    official_processed = _official_processed()
    # Candidates: (1) whole-title matches, typos included: plain ratio on word-sorted titles
    # (= token_sort_ratio, but one cheap pass over 57,000 titles); (2) titles that hold every
    # word of the query (the shortest ones first), so "fire captain" finds "Fire Captain
    # Paramedic". They are then ranked by the average of WRatio and token_sort_ratio (token_set_ratio
    # for titles holding every query word), so that a short title that merely contains part of a
    # word ("Ager" in "manager") or a near-spelling ("Mangler") does not outrank a real match.
    pool = max(100, limit * 10)
    q_sorted = " ".join(sorted(q.split()))
    cand = {i for k in _best_ratio(q_sorted, pool) for i in _distinct_sorted_titles()[1][k]}
    lists = [words.get(w, []) for w in set(q.split())]  # each list: shortest titles first
    if len(lists) == 1:
        cand.update(lists[0][:HOLDERS])
    elif all(lists):
        common = set(lists[0]).intersection(*lists[1:])
        cand.update(sorted(common, key=lambda i: (len(processed[i]), i))[:HOLDERS])
    cand = sorted(cand)
    titles = [processed[i] for i in cand]
    # the scores of every candidate in one call each (rapidfuzz's C loop, not a Python one)
    wratio = process.cdist([q], titles, scorer=fuzz.WRatio, dtype=np.float64)[0]
    tsort = process.cdist([q], titles, scorer=fuzz.token_sort_ratio, dtype=np.float64)[0]
    # a title that holds every word of the query is scored with token_set_ratio instead (100 for
    # "manager" in "Store Manager"), so that it outranks a near-spelling ("Mangler")
    q_words = set(q.split())
    holds = np.array([q_words <= set(t.split()) for t in titles], dtype=bool)
    if holds.any():
        tset = process.cdist([q], [t for t, h in zip(titles, holds) if h], scorer=fuzz.token_set_ratio,
                             dtype=np.float64)[0]
        tsort[holds] = tset
    cand_codes = sorted({codes[i] for i in cand})
    own = process.cdist([q], [official_processed.get(c, "") for c in cand_codes], scorer=fuzz.WRatio,
                        dtype=np.float64)[0]
    closeness = dict(zip(cand_codes, own.tolist()))
    # ranking key of every candidate; ties: exact title first, then official titles, then the
    # occupation whose own title is closer to the query, then shorter titles, then the code
    keys = [(-round((w + t) / 2, 6), processed[i] != q, not is_official[i], -round(closeness[codes[i]], 6),
             len(names[i]), names[i], codes[i])
            for i, w, t in zip(cand, wratio.tolist(), tsort.tolist())]
    ranked, seen = [], set()
    for j in sorted(range(len(keys)), key=keys.__getitem__):  # each occupation at its best title
        code = keys[j][-1]
        if code not in seen:
            seen.add(code)
            i = cand[j]
            ranked.append((code, (None, names[i], (wratio[j] + tsort[j]) / 2)))
            if len(ranked) == limit:
                break
    return pd.DataFrame({
        "onet_code": pd.Series([c for c, _ in ranked], dtype="str"),
        "title": pd.Series([official.get(c, "") for c, _ in ranked], dtype="str"),
        "matched_title": pd.Series([v[1] for _, v in ranked], dtype="str"),
        "score": pd.Series([float(v[2]) for _, v in ranked], dtype="float64"),
    })
