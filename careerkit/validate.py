"""Read an instructor's own career-ladder file and check it, reporting every problem at once.

One row of a ladder file is one step of a career ladder, e.g. ``Fire service (UK), 2, Crew
Manager, 3, 38000``.  The file needs five columns::

    ladder, step, title, years_from_start, pay

and may add ``soc_code, onet_code, has_ladder, years_basis, pay_basis, pay_year, education,
training, experience, job_zone, median_pay, pay_p10, pay_p90, source, note``.  Other columns are
ignored.  :func:`load_ladders` returns the same columns and dtypes as ``careerkit.ladders()``,
so an instructor's ladders work in every app and plot.

If anything is wrong, :func:`load_ladders` raises :class:`careerkit.DataError` whose
``.problems`` lists *every* problem, each with the file name, the spreadsheet row (the header is
row 1), the column and what to do — never a pandas traceback.

The checks are hand-written and vectorised rather than a pandera schema: pandera reports
0-based index labels and check names such as ``coerce_dtype('float64')`` (twice per bad
number cell), the cross-row rules (gaps in steps, duplicate steps, years going down) would
need custom checks anyway, and importing it costs more than checking a classroom file.

    >>> import careerkit as ck
    >>> steps = ck.load_ladders(ck.validate.template_path())
    >>> list(steps.columns[:5])
    ['ladder', 'step', 'title', 'soc_code', 'onet_code']
"""
from __future__ import annotations

import csv
import difflib
import importlib.util
import io
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from careerkit.errors import DataError, Problem

REQUIRED = ["ladder", "step", "title", "years_from_start", "pay"]

# Every column careerkit.ladders() has, in order, with the kind of value it holds.
COLUMNS = {
    "ladder": "text", "step": "int", "title": "text", "soc_code": "text", "onet_code": "text",
    "has_ladder": "bool", "years_from_start": "number", "years_basis": "text", "years_rated_by": "text",
    "pay": "number", "pay_basis": "text", "median_pay": "number", "pay_p10": "number", "pay_p90": "number",
    "pay_year": "number", "education": "text", "training": "text", "experience": "text",
    "job_zone": "number", "employment": "number", "headcount_share": "number", "headcount": "number",
    "jobs_per_job_below": "number", "move_up_cap": "number", "odds_basis": "text",
    "source": "text", "note": "text",
}

WHOLE_OPTIONAL = ("pay_year", "job_zone", "employment")

MAX_ROWS = 200_000          # steps per file; a classroom file has tens
MAX_CELL_CHARS = 10_000     # longer cells are pasted by mistake
MAX_BYTES = 200_000_000     # refuse to read anything larger
DEFAULT_PAY_BASIS = "instructor's file"
DEFAULT_YEARS_BASIS = "instructor's file"

# Column names people often use instead of ours (compared after lower-casing and tidying).
SYNONYMS = {
    "pay": ["salary", "wage", "wages", "annual pay", "annual salary", "income", "earnings", "pay usd"],
    "years_from_start": ["years", "year", "years from start", "years experience", "experience years",
                         "years in", "start year", "years to reach"],
    "title": ["role", "job", "job title", "position", "rank", "name"],
    "ladder": ["career", "career family", "family", "ladder name", "path", "pathway", "track"],
    "step": ["level", "order", "step number", "stage", "grade"],
}
_TRUE = {"true", "yes", "y", "1", "t", ""}
_FALSE = {"false", "no", "n", "0", "f"}
_SAVE_AS_CSV = ("Save it as CSV: in your spreadsheet program choose File > Save As (or Download) "
                "and pick 'CSV UTF-8 (comma delimited)', then load that .csv file")
_EXCEL_ENGINES = {".xlsx": "openpyxl", ".xlsm": "openpyxl", ".xls": "xlrd", ".ods": "odf"}


def template_path(name: str = "my_ladders.csv") -> Path:
    """Path of a ladder file shipped with careerkit (``data/templates/``), to copy and edit.

    ``my_ladders.csv`` is the template (the header and two example rows copied from the shipped
    U.S. data); ``uk_fire_service.csv`` is an example ladder structure whose pay and years are
    left for you to fill in from your local pay scale and promotion times.
    """
    path = Path(str(resources.files("careerkit.data").joinpath("templates", name)))
    if not path.is_file():
        shipped = sorted(p.name for p in path.parent.glob("*.csv"))
        raise FileNotFoundError(f"No template called {name!r}; the shipped templates are: {', '.join(shipped)}")
    return path


def load_ladders(path, *, sheet=None) -> pd.DataFrame:
    """Read an instructor's ladder file (CSV, or Excel if an Excel reader is installed).

    Returns one row per step with the columns of ``careerkit.ladders()``, sorted by step within
    each ladder.  Missing optional columns are empty; ``has_ladder`` defaults to True,
    ``pay_basis`` and ``years_basis`` to "instructor's file" and ``source`` to the file name.
    ``sheet`` picks a worksheet of an Excel file (name or 0-based number; default the first).

    Raises :class:`careerkit.DataError` listing every problem found.
    """
    path = Path(path)
    name = path.name or str(path)
    raw, over = _read_table(path, name, sheet)
    return _check_table(raw, over, name)


# ---- reading: bytes → a table of cell texts ----------------------------------------------------


def _fail(name, message, row=None, column=None):
    raise DataError([Problem(name, row, column, message)])


def _read_table(path: Path, name: str, sheet) -> tuple[pd.DataFrame, dict[int, int]]:
    if not path.exists():
        _fail(name, f"file not found at {str(path)!r}. Check the folder and the spelling of the name.")
    if path.is_dir():
        _fail(name, f"{str(path)!r} is a folder, not a file. Give the path of the .csv file inside it.")
    if path.suffix.lower() in _EXCEL_ENGINES:
        return _read_excel(path, name, sheet)
    size = path.stat().st_size
    if size > MAX_BYTES:
        _fail(name, f"the file is {size / 1e6:.0f} MB, too large for a ladder file "
                    f"(limit {MAX_BYTES / 1e6:.0f} MB). Check you picked the right file.")
    try:
        data = path.read_bytes()
    except OSError as err:  # no permission, file locked by another program, …
        _fail(name, f"the file could not be opened ({err.strerror or err}). Close it in other programs "
                    "and check you may read it.")
    return _parse_csv(_decode(data, name), name)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        _fail(name, "the file is saved as UTF-16 ('Unicode Text'), not as CSV. " + _SAVE_AS_CSV + ".")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        _fail(name, "this is an Excel workbook, not CSV text (only its name ends in .csv). " + _SAVE_AS_CSV + ".")
    if not data.strip():
        _fail(name, "the file is empty. Start from careerkit.validate.template_path() "
                    "and keep its header row: ladder,step,title,years_from_start,pay.")
    if b"\x00" in data:
        row = data.count(b"\n", 0, data.index(b"\x00")) + 1
        _fail(name, "this is not a CSV text file (it contains binary data). " + _SAVE_AS_CSV + ".", row=row)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        row = data.count(b"\n", 0, err.start) + 1
        _fail(name, "the file is not UTF-8 text (it was probably saved in an older encoding such as "
                    "Windows-1252). " + _SAVE_AS_CSV + ".", row=row)


def _parse_csv(text: str, name: str) -> tuple[pd.DataFrame, dict[int, int]]:
    header_line = next((line for line in io.StringIO(text) if line.strip()), "")
    if "," not in header_line:
        for sep, label in ((";", "semicolons (;)"), ("\t", "tabs")):
            if sep in header_line:
                _fail(name, f"the columns are separated by {label}, not commas. Save as comma-separated "
                            "CSV: choose File > Save As and pick 'CSV UTF-8 (comma delimited)'.", row=1)
    try:  # fast path: pandas' C parser, every cell kept as the exact text
        raw = pd.read_csv(io.StringIO(text), header=None, dtype=object, na_filter=False,
                          skip_blank_lines=False, engine="c")
        return raw, {}
    except (pd.errors.ParserError, ValueError):
        pass  # a row wider than the header, or blank lines above it: read row by row to say where
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, MAX_BYTES))  # long cells are reported later, not crashed on
    try:
        return _rows_to_table(list(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as err:
        _fail(name, f"the file could not be read as CSV ({err}). Check for a stray double quote (\") "
                    "in a cell. " + _SAVE_AS_CSV + ".")
    finally:
        csv.field_size_limit(old_limit)


def _rows_to_table(rows: list[list[str]]) -> tuple[pd.DataFrame, dict[int, int]]:
    """Rows of cells → (table as wide as the header row, {row position: cell count} of wider rows)."""
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), len(rows))
    width = len(rows[start]) if start < len(rows) else 0
    over = {i: len(r) for i, r in enumerate(rows) if len(r) > width and any(c.strip() for c in r[width:])}
    even = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(even, columns=range(width), dtype=object), over


def _read_excel(path: Path, name: str, sheet) -> tuple[pd.DataFrame, dict[int, int]]:
    engine = _EXCEL_ENGINES[path.suffix.lower()]
    if importlib.util.find_spec(engine) is None:
        _fail(name, f"reading {path.suffix} files needs the optional package '{engine}', which is not "
                    f"installed. {_SAVE_AS_CSV} (or ask whoever set up Python to install '{engine}').")
    try:
        book = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine=engine,
                             keep_default_na=False)
    except Exception as err:  # a corrupt or password-protected workbook
        _fail(name, f"the workbook could not be opened ({type(err).__name__}: {err}). {_SAVE_AS_CSV}.")
    names = list(book)
    if sheet is None:
        sheet = names[0] if names else None
    elif isinstance(sheet, int) and 0 <= sheet < len(names):
        sheet = names[sheet]
    if sheet not in book:
        _fail(name, f"there is no worksheet {sheet!r}; the workbook has: {', '.join(map(repr, names))}.")
    frame = book[sheet].fillna("")
    return _rows_to_table([[str(v) for v in row] for row in frame.itertuples(index=False)])


# ---- checking: cell texts → DataFrame ---------------------------------------------------------------


def _tidy(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


def _suggest(missing: str, header: list[str]) -> str:
    """A hint naming the header cell the instructor probably meant for ``missing``."""
    tidy = {_tidy(h): h for h in header if h}
    for cand in [_tidy(missing)] + SYNONYMS.get(missing, []):
        if cand in tidy:
            return f" Did you mean the column '{tidy[cand]}'? Rename it to '{missing}' (lower case, exactly)."
    close = difflib.get_close_matches(_tidy(missing), list(tidy), n=1, cutoff=0.75)
    if close:
        return f" Did you mean the column '{tidy[close[0]]}'? Rename it to '{missing}'."
    return ""


class _Collector:
    """Gathers problems; row numbers are spreadsheet rows (header = 1)."""

    def __init__(self, name: str):
        self.name, self.problems = name, []

    def add(self, row, column, message):
        self.problems.append(Problem(self.name, None if row is None else int(row), column, message))

    def cells(self, mask: pd.Series, column: str, message, text: pd.Series | None = None):
        """One problem for every row where ``mask`` is True.

        ``message`` is the words for each, or a function of the cell's text (from ``text``).
        """
        pos = np.flatnonzero(mask.to_numpy(dtype=bool, na_value=False))
        rows = mask.index.to_numpy()[pos].tolist()
        words = [message(v) for v in text.to_numpy()[pos]] if callable(message) else [message] * len(pos)
        self.problems.extend(Problem(self.name, r, column, m) for r, m in zip(rows, words))


def _check_table(raw: pd.DataFrame, over: dict[int, int], name: str) -> pd.DataFrame:
    """``raw``: every cell as text, row position p is spreadsheet row p + 1; ``over``: wider rows."""
    found = _Collector(name)
    start = next((i for i in range(len(raw)) if any(str(c).strip() for c in raw.iloc[i])), len(raw))
    header = [str(h).strip().lstrip("\ufeff") for h in raw.iloc[start]] if start < len(raw) else []
    body = raw.iloc[start + 1:]
    if len(body) > MAX_ROWS:
        _fail(name, f"the file has {len(body):,} rows; a ladder file can have at most {MAX_ROWS:,}. "
                    "Check you picked the right file, or split it.")
    for col in REQUIRED:
        if col not in header:
            found.add(start + 1, col, f"the required column '{col}' is missing from the header row."
                                      + _suggest(col, header))
    seen = set()
    for h in header:
        if h in COLUMNS and h in seen:
            found.add(start + 1, h, f"the column '{h}' appears twice in the header row. Delete or rename one of them.")
        seen.add(h)
    for pos, n in over.items():
        found.add(pos + 1, None, f"this row has {n} cells but the header has {len(header)}. A cell probably "
                                 "contains a comma: put that text in double quotes, or remove the extra cells.")

    # The columns careerkit knows, stripped, indexed by spreadsheet row; blank rows dropped.
    # (Plain list comprehensions: pandas' .str methods on 100,000 Python strings are slower.)
    rows = np.arange(start + 2, start + 2 + len(body))
    cols, nonblank = {}, np.zeros(len(body), dtype=bool)
    for j, h in enumerate(header):
        if h in COLUMNS and h not in cols:
            values = np.array([c.strip() for c in body[j].to_numpy()], dtype=object)
            sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
            for i in np.flatnonzero(sizes > MAX_CELL_CHARS):
                found.add(rows[i], h, f"this cell holds {sizes[i]:,} characters (limit {MAX_CELL_CHARS:,}); "
                                      "something was pasted by mistake. Shorten it.")
                values[i] = ""
            nonblank |= sizes > 0
            cols[h] = values
    misaligned = np.isin(rows, [p + 1 for p in over])
    frame = pd.DataFrame(cols, index=rows, dtype=object)
    unsure = set(frame.loc[misaligned, "ladder"]) if "ladder" in frame.columns else set()
    frame = frame[nonblank & ~misaligned]  # misaligned rows are reported once, above
    if frame.empty and len(header):
        found.add(None, None, "the file has a header row but no steps. Add one row per step below the header.")

    out = _convert(frame, found)
    if all(c in frame.columns for c in ("ladder", "step")):
        _check_ladders(out, found, unsure)
    if found.problems:
        order = {c: i for i, c in enumerate(COLUMNS)}
        found.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
        raise DataError(found.problems, summary=f"{name}: {len(found.problems)} problem"
                                                f"{'s' if len(found.problems) != 1 else ''} to fix")
    return _finish(out, name)


def _number(frame, col, found, *, whole=False, required=False, minimum=None) -> pd.Series:
    text = frame[col]
    blank = text == ""
    values = pd.to_numeric(text.where(~blank, None), errors="coerce").astype(float)
    retry = values.isna() & ~blank
    if retry.any():
        # Accept "$52,000" or "£38 000" as a spreadsheet might show them; nothing else is guessed.
        cleaned = text[retry].str.replace(r"^[$£€]\s*", "", regex=True)
        cleaned = cleaned.where(~cleaned.str.fullmatch(r"\d{1,3}([, ]\d{3})+(\.\d+)?"),
                                cleaned.str.replace(r"[, ]", "", regex=True))
        values[retry] = pd.to_numeric(cleaned, errors="coerce").astype(float)
    values = values.where(np.isfinite(values))  # "inf" is not a pay
    bad = ~blank & values.isna()
    kind = "a whole number" if whole else "a number"
    example = {"step": "2", "years_from_start": "4.5", "pay_year": "2025", "job_zone": "3"}.get(col, "45000")
    found.cells(bad, col, lambda v: f"'{_short(v)}' is not {kind}. Type digits only, e.g. {example}.", text)
    if required:
        hint = {"pay": "enter this step's annual pay (for example from your local pay scale)",
                "years_from_start": "enter the years from the start of the career to this step (0 for step 1) and say in years_basis what they are",
                "step": "number the steps 1, 2, 3 … within each ladder"}[col]
        found.cells(blank, col, f"{col} is blank: {hint}.")
    if whole:
        frac = values.notna() & (values != values.round())
        found.cells(frac, col, lambda v: f"'{v}' is not a whole number. Use 1, 2, 3 ….", text)
    if minimum is not None:
        low = values < minimum
        what = "negative" if minimum == 0 else f"below {minimum}"
        found.cells(low, col, lambda v: f"{_short(v)} is {what}; {col} must be {minimum} or more.", text)
    return values


def _short(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _convert(frame: pd.DataFrame, found: _Collector) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col in ("ladder", "title"):
        if col in frame.columns:
            found.cells(frame[col] == "", col,
                        f"{col} is blank: every step needs a {'ladder name' if col == 'ladder' else 'job title'}.")
    minimums = {"step": 1, "years_from_start": 0, "pay": 0, "median_pay": 0, "pay_p10": 0, "pay_p90": 0}
    for col, kind in COLUMNS.items():
        if col not in frame.columns:
            continue
        if kind == "int":
            out[col] = _number(frame, col, found, whole=True, required=True, minimum=1)
        elif kind == "number":
            out[col] = _number(frame, col, found, required=col in REQUIRED, minimum=minimums.get(col),
                               whole=col in WHOLE_OPTIONAL)
        elif kind == "bool":
            low = frame[col].str.lower()
            found.cells(~low.isin(_TRUE | _FALSE), col,
                        lambda v: f"'{_short(v)}' is not true or false. Use true, false or leave it blank (true).", frame[col])
            out[col] = ~low.isin(_FALSE)
        else:
            out[col] = frame[col]
    for col, pattern, example in (("soc_code", r"\d{2}-\d{4}", "33-2011"), ("onet_code", r"\d{2}-\d{4}\.\d{2}", "33-2011.00")):
        if col in out.columns:
            bad = (out[col] != "") & ~out[col].str.fullmatch(pattern)
            kind = "SOC" if col == "soc_code" else "O*NET-SOC"
            found.cells(bad, col, lambda v: f"'{_short(v)}' is not a U.S. {kind} code like {example}. "
                                            "Fix it or leave the cell blank.", out[col])
    return out


def _check_ladders(out: pd.DataFrame, found: _Collector, unsure: set) -> None:
    """Duplicate steps, gaps in 1..n, years that go down, one-step 'no ladder' jobs.

    Rows whose step is already reported as bad are left out, and ladders with such rows
    (or with misaligned rows, ``unsure``) are not checked for gaps, so one mistake is
    reported once.
    """
    ok = (out["ladder"] != "") & out["step"].notna() & (out["step"] == out["step"].round()) & (out["step"] >= 1)
    unsure = unsure | set(out.loc[~ok, "ladder"])
    steps = out.loc[ok, ["ladder", "step"]].assign(row=out.index[ok])
    by_step = steps.groupby(["ladder", "step"], sort=False)["row"]
    dup = steps.assign(first=by_step.transform("first"))[by_step.cumcount().to_numpy() > 0]
    for row, ladder, step, first in dup[["row", "ladder", "step", "first"]].itertuples(index=False):
        found.add(row, "step", f"step {int(step)} of ladder '{_short(ladder)}' appears twice (first at row "
                               f"{first}). Give each step its own number.")
    unique = steps.drop_duplicates(["ladder", "step"])
    per = unique.groupby("ladder", sort=False).agg(top=("step", "max"), n=("step", "size"), row=("row", "min"))
    gappy = per[(per["top"] != per["n"]) & ~per.index.isin(list(unsure))]
    have: dict[str, set] = {}
    sub = unique[unique["ladder"].isin(gappy.index)]
    for ladder, step in zip(sub["ladder"].tolist(), sub["step"].tolist()):
        have.setdefault(ladder, set()).add(int(step))
    for ladder, top, row in zip(gappy.index.tolist(), gappy["top"].tolist(), gappy["row"].tolist()):
        missing = [s for s in range(1, int(top) + 1) if s not in have[ladder]]
        shown = ", ".join(map(str, missing[:10])) + (" …" if len(missing) > 10 else "")
        found.add(row, "step", f"ladder '{_short(ladder)}' has no step {shown}. Number the steps 1, 2, 3 … with no gaps.")
    if "years_from_start" in out.columns:
        yrs = out.loc[ok, ["ladder", "step", "years_from_start"]].assign(row=out.index[ok])
        yrs = yrs[yrs["years_from_start"] >= 0].sort_values(["ladder", "step"], kind="stable")
        before = yrs.groupby("ladder", sort=False)["years_from_start"].shift()
        prev_row = yrs.groupby("ladder", sort=False)["row"].shift()
        down = (yrs["years_from_start"] < before).to_numpy()
        cols = [yrs.loc[down, c].tolist() for c in ("row", "step", "ladder", "years_from_start")]
        for row, step, ladder, years, was, was_row in zip(*cols, before[down].tolist(), prev_row[down].tolist()):
            found.add(row, "years_from_start",
                      f"years_from_start goes down at step {int(step)} of ladder '{_short(ladder)}': {years:g} here "
                      f"but {was:g} at the step before (row {int(was_row)}). Years must stay the same or rise up the ladder.")
    if "has_ladder" in out.columns:
        flat = steps[~out.loc[ok, "has_ladder"]].groupby("ladder", sort=False)["row"].min()
        sizes = steps.groupby("ladder", sort=False).size()
        n = sizes[flat.index].to_numpy()
        for ladder, row, k in zip(flat.index[n > 1].tolist(), flat[n > 1].tolist(), n[n > 1].tolist()):
            found.add(row, "has_ladder", f"ladder '{_short(ladder)}' is marked has_ladder=false (a job without a "
                                         f"ladder) but has {k} steps. Give it one step, or set has_ladder to true.")


def _finish(out: pd.DataFrame, name: str) -> pd.DataFrame:
    """Add the optional columns, fill defaults and order rows and columns like careerkit.ladders()."""
    for col, kind in COLUMNS.items():
        if col not in out.columns:
            out[col] = {"text": "", "number": np.nan, "bool": True}[kind]
    defaults = {"pay_basis": DEFAULT_PAY_BASIS, "years_basis": DEFAULT_YEARS_BASIS, "source": name}
    for col, value in defaults.items():
        out[col] = out[col].where(out[col] != "", value)
    soc_from_onet = out["onet_code"].str.slice(0, 7)
    out["soc_code"] = out["soc_code"].where(out["soc_code"] != "", soc_from_onet)
    order = pd.Series(pd.factorize(out["ladder"])[0], index=out.index)
    out = out.assign(_order=order).sort_values(["_order", "step"], kind="stable").drop(columns="_order")
    out = out[list(COLUMNS)].reset_index(drop=True)
    types = {c: {"text": "str", "int": "int64", "number": "float64", "bool": "bool"}[k] for c, k in COLUMNS.items()}
    types.update({c: "Int64" for c in WHOLE_OPTIONAL})  # whole numbers that may be blank
    return out.astype(types)


def combine_ladders(base: pd.DataFrame, extra: pd.DataFrame, *, on_clash: str = "error") -> pd.DataFrame:
    """The shipped ladders (``base``) plus an instructor's (``extra``), one row per step.

    Ladder names that appear in both are a clash.  ``on_clash="error"`` (default) raises
    :class:`careerkit.DataError` naming each clashing ladder; ``"replace"`` keeps only the
    instructor's version of a clashing ladder; ``"rename"`` keeps both and adds " (your file)"
    to the instructor's name.
    """
    if on_clash not in ("error", "replace", "rename"):
        raise ValueError(f"on_clash must be 'error', 'replace' or 'rename', not {on_clash!r}")
    clashes = [x for x in pd.unique(extra["ladder"]) if x in set(base["ladder"])]
    if clashes and on_clash == "error":
        source = lambda x: str(extra.loc[extra["ladder"] == x, "source"].iloc[0]) if "source" in extra else "your file"
        raise DataError([Problem(source(x), None, "ladder",
                                 f"the ladder name '{x}' is already used by a shipped ladder. Rename your ladder, or "
                                 "call combine_ladders(..., on_clash='replace') to use yours instead, or "
                                 "on_clash='rename' to keep both.") for x in clashes],
                        summary=f"{len(clashes)} ladder name{'s' if len(clashes) != 1 else ''} clash with the shipped ladders")
    extra = extra.copy()
    if on_clash == "replace":
        base = base[~base["ladder"].isin(clashes)]
    elif on_clash == "rename":
        extra["ladder"] = extra["ladder"].where(~extra["ladder"].isin(clashes), extra["ladder"] + " (your file)")
    return pd.concat([base, extra[list(base.columns)]], ignore_index=True)
