"""Read an instructor's own career-ladder file and check it, reporting every problem at once.

One row of a ladder file is one step of a career ladder, e.g. ``Fire service (UK), 2, Crew
Manager, 3, 38000``.  The file needs five columns::

    ladder, step, title, years_from_start, pay

and may add ``soc_code, onet_code, has_ladder, years_basis, pay_basis, pay_year, education,
training, experience, job_zone, median_pay, pay_p10, pay_p90, source, note``.  Other columns are
ignored.  :func:`load_ladders` returns the same columns and dtypes as ``careerkit.ladders()``,
so an instructor's ladders work in every app and plot.

The file may be what a spreadsheet program writes (see :func:`load_ladders`): an Excel
workbook (read with openpyxl), or text separated by commas, semicolons or tabs in UTF-8,
UTF-16 or Windows-1252, with decimal commas in semicolon and tab files.  pandas' own readers
are not used for text: the C parser silently joins rows into a cell after a stray quote and
gives no line numbers to say where; the standard ``csv`` module gives both.

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
import io
import itertools
import os
import re
import stat
import unicodedata
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from careerkit.errors import DataError, Problem

REQUIRED = ["ladder", "step", "title", "years_from_start", "pay"]

#: The ladder schema, once: every column careerkit.ladders() has, in order, with its type —
#: "str" text, "int" a whole number that must be there, "float" a number that may be blank,
#: "Int64" a whole number that may be blank, "bool" true/false.  careerkit.datasets reads the
#: shipped data/ladders.csv with it and :func:`read_ladders` checks an instructor's file against it.
COLUMNS = {
    "ladder": "str", "step": "int", "title": "str", "soc_code": "str", "onet_code": "str",
    "has_ladder": "bool", "years_from_start": "float", "years_basis": "str", "years_rated_by": "str",
    "pay": "float", "pay_basis": "str", "median_pay": "float", "pay_p10": "float", "pay_p90": "float",
    "pay_year": "Int64", "education": "str", "training": "str", "experience": "str",
    "job_zone": "Int64", "employment": "Int64", "headcount_share": "float", "headcount": "float",
    "jobs_per_job_below": "float", "move_up_cap": "float", "odds_basis": "str",
    "source": "str", "note": "str",
}

#: The pandas dtype of each of those types.
PANDAS_DTYPES = {"str": "str", "float": "float64", "int": "int64", "Int64": "Int64", "bool": "bool"}

MAX_ROWS = 200_000          # steps per file; a classroom file has tens
MAX_COLUMNS = 200           # columns read; a ladder file has at most 20
MAX_CELL_CHARS = 10_000     # longer cells are pasted by mistake
MAX_NAME_CHARS = 200        # a ladder name or job title longer than this cannot be shown
MAX_BYTES = 20_000_000      # refuse to read anything larger (checked before reading)
# Upper bounds that keep every app and check cheap whatever a cell holds (a date typed into
# 'step', pay 1e308): no ladder has more steps, no career more years, no step more pay.
MAX_STEP = 100
MAX_YEARS = 60
MAX_PAY = 10_000_000        # a year, in the file's currency unit
DEFAULT_PAY_BASIS = "instructor's file"
DEFAULT_YEARS_BASIS = "instructor's file"

#: Other header names read as careerkit's columns (after lower-casing and writing spaces and
#: hyphens as underscores, so "Years from start" is years_from_start).  ``median_pay`` is what
#: the first version of the ladder schema called ``pay``; it is read as pay only when the file
#: has no pay column (otherwise it is the occupation's median, as in careerkit.ladders()).
HEADER_SYNONYMS = {
    "pay": ("median_pay", "annual_pay", "salary", "annual_salary"),
    "title": ("job_title",),
    "ladder": ("ladder_name", "career_ladder"),
    "step": ("step_number",),
}

# Column names people often use instead of ours, offered as "Did you mean …" (never renamed).
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
_SAVE_AS = ("Save it again from your spreadsheet program: File > Save As (or Download) and pick "
            "'CSV UTF-8 (comma delimited)' or 'Excel Workbook (.xlsx)', then load that file")
# Characters that do not show but make two names differ: zero-width spaces and joiners, the
# byte-order mark, soft hyphen, and the bidirectional controls that reorder what is shown.
INVISIBLE = {"\u200b": "ZERO WIDTH SPACE", "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER",
             "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
             "\u00ad": "SOFT HYPHEN", "\u200e": "LEFT-TO-RIGHT MARK", "\u200f": "RIGHT-TO-LEFT MARK",
             **{chr(c): unicodedata.name(chr(c)) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}}
_INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")


def name_key(name) -> str:
    """How careerkit compares ladder names: case-insensitively and after Unicode normalisation
    (NFKC), with runs of spaces as one; so "Fire", "fire " and "FIRE" are one name, and "Café"
    typed with an accented é or with e + a combining accent is one name.

    >>> name_key("Café") == name_key("Cafe\u0301") == name_key(" CAFÉ ")
    True
    """
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())


def invisible_characters(text) -> list[str]:
    """Names of the invisible characters in ``text`` (see :data:`INVISIBLE`), e.g.
    ``['U+200B ZERO WIDTH SPACE']``."""
    return [f"U+{ord(c):04X} {INVISIBLE[c]}" for c in dict.fromkeys(_INVISIBLE_RE.findall(str(text)))]


def same_name_problems(names, file: str = "the table", column: str = "ladder") -> list[Problem]:
    """A problem for each set of ladder names that are different texts but one name by
    :func:`name_key` ("Fire" and "fire"), and for each name holding an invisible character."""
    groups: dict[str, list[str]] = {}
    for n in pd.unique(pd.Series(list(names), dtype=object)):
        groups.setdefault(name_key(n), []).append(str(n))
    out = []
    for spellings in groups.values():
        if len(spellings) > 1:
            shown = " and ".join(repr(_short(s)) for s in spellings[:5])
            out.append(Problem(file, None, column,
                               f"{shown} are one ladder name written {len(spellings)} ways (names are compared "
                               "ignoring capitals, accents typed as one or two characters, and extra spaces). "
                               "Write the name the same way in every row, or give the ladders different names."))
    for n in groups:
        for s in groups[n]:
            hidden = invisible_characters(s)
            if hidden:
                out.append(Problem(file, None, column, f"the ladder name {_short(s)!r} contains the invisible "
                                   f"character(s) {', '.join(hidden)}. Delete them (retype the name)."))
    return out


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


def load_ladders(source, *, sheet=None) -> pd.DataFrame:
    """Read an instructor's ladder file as a spreadsheet program writes it.

    ``source``: the path of the file (text or ``pathlib.Path``), or an open file (``open(path, "rb")``,
    ``io.BytesIO``, ``io.StringIO``).  Read: Excel workbooks (.xlsx, .xlsm: the first worksheet,
    or ``sheet=`` a name or 0-based number), and text separated by commas, semicolons or tabs,
    in UTF-8, UTF-16 (Excel's "Unicode Text") or Windows-1252 (Excel's "CSV" on Windows), with
    an optional Excel ``sep=`` first line.  Semicolon and tab files may write numbers with
    decimal commas (``52.000,50``).  Headers may be in any case, with spaces for underscores
    ("Years from start"); :data:`HEADER_SYNONYMS` lists the other names accepted.

    Returns one row per step with the columns of ``careerkit.ladders()``, sorted by step within
    each ladder.  Missing optional columns are empty; ``has_ladder`` defaults to True,
    ``pay_basis`` and ``years_basis`` to "instructor's file" and ``source`` to the file name.
    ``df.attrs["read_as"]`` says in one line how the file was read.

    Raises :class:`careerkit.DataError` listing every problem found, and ``TypeError`` when
    ``source`` is neither a path nor an open file.
    """
    data, name, suffix = _read_source(source)
    if suffix in _EXCEL_SUFFIXES or data[:4] == b"PK\x03\x04":
        rows, rownums, how = _read_xlsx(data, name, sheet)
        decimal = "."
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or suffix in (".xls", ".ods"):
        _fail(name, "this is an old-style Excel (.xls) or OpenDocument workbook, which careerkit does not read. "
                    + _SAVE_AS + ".")
    else:
        text, encoding = _decode(data, name)
        rows, rownums, sep, sep_line = _parse_text(text, name)
        decimal = "." if sep == "," else None  # semicolon/tab files: decided from the numbers
        how = (f"text separated by {_SEP_WORDS[sep]}, {encoding}"
               + (f", after its 'sep={sep}' first line" if sep_line else ""))
    raw, over = _rows_to_table(rows)
    out = _check_table(raw, over, name, rownums, decimal=decimal, how=how)
    return out


# ---- reading: a file → rows of cell texts ------------------------------------------------------


_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SEP_WORDS = {",": "commas", ";": "semicolons", "\t": "tabs"}


def _fail(name, message, row=None, column=None):
    raise DataError([Problem(name, row, column, message)])


def _read_source(source) -> tuple[bytes, str, str]:
    """The bytes of ``source`` (at most MAX_BYTES, refused by size before reading), its name
    for messages and its lower-case suffix."""
    if hasattr(source, "read"):
        name = Path(str(getattr(source, "name", "") or "the file")).name or "the file"
        try:
            data = source.read(MAX_BYTES + 1)
        except OSError as err:
            _fail(name, f"the file could not be read ({err.strerror or err}).")
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"load_ladders: the open file gave {type(data).__name__}, not text or bytes.")
        if len(data) > MAX_BYTES:
            _too_large(name, None)
        return bytes(data), name, Path(name).suffix.lower()
    if not isinstance(source, (str, os.PathLike)) or isinstance(source, bytes):
        raise TypeError("load_ladders takes the path of a ladder file (text or pathlib.Path) or an open file, "
                        f"not {type(source).__name__}. For example: careerkit.load_ladders('my_ladders.csv').")
    path = Path(source)
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        _fail(name, f"file not found at {str(path)!r}. Check the folder and the spelling of the name.")
    except OSError as err:
        _fail(name, f"the file could not be opened ({err.strerror or err}). Check you may read it.")
    if stat.S_ISDIR(info.st_mode):
        _fail(name, f"{str(path)!r} is a folder, not a file. Give the path of the ladder file inside it.")
    if not stat.S_ISREG(info.st_mode):
        _fail(name, f"{str(path)!r} is not a regular file (it is a device, a pipe or a socket). "
                    "Give the path of a ladder file saved on disk.")
    if info.st_size > MAX_BYTES:
        _too_large(name, info.st_size)
    try:
        with open(path, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced since the check above
                _fail(name, f"{str(path)!r} is not a regular file.")
            data = fh.read(MAX_BYTES + 1)
    except OSError as err:  # no permission, file locked by another program, …
        _fail(name, f"the file could not be opened ({err.strerror or err}). Close it in other programs "
                    "and check you may read it.")
    if len(data) > MAX_BYTES:
        _too_large(name, None)
    return data, name, path.suffix.lower()


def _too_many_rows(name, n=None):
    _fail(name, f"the file has {f'{n:,}' if n else 'more than ' + f'{MAX_ROWS:,}'} rows; a ladder file can have at most "
                f"{MAX_ROWS:,}. Check you picked the right file, or split it.")


def _too_large(name, size):
    shown = f"is {size / 1e6:.0f} MB" if size else "is larger than that"
    _fail(name, f"the file {shown}, too large for a ladder file (limit {MAX_BYTES / 1e6:.0f} MB; "
                f"a classroom file is a few kB). Check you picked the right file.")


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the name of its encoding: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
    "Unicode Text"), else Windows-1252 (what Excel's plain "CSV" writes in Western locales).

    No charset detection library: a ladder file is short, and guessing among single-byte code
    pages from a few accented letters is unreliable; Windows-1252 is what Excel writes in the
    locales whose CSV uses these separators, and anything else is reported with the fix.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16 (Excel 'Unicode Text')"
        except UnicodeDecodeError as err:
            _fail(name, f"the file starts as UTF-16 text but is damaged ({err.reason}). " + _SAVE_AS + ".")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data:
            row = data.count(b"\n", 0, data.index(b"\x00")) + 1
            _fail(name, "this is not a ladder file (it contains binary data). " + _SAVE_AS + ".", row=row)
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as err:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252 (Excel 'CSV' on Windows)"
            except UnicodeDecodeError:
                row = data.count(b"\n", 0, err.start) + 1
                _fail(name, "the file is neither UTF-8 nor Windows-1252 text (it was saved in another "
                            "encoding). " + _SAVE_AS + ".", row=row)
    if not text.strip():
        _fail(name, "the file is empty. Start from careerkit.validate.template_path() "
                    "and keep its header row: ladder,step,title,years_from_start,pay.")
    return text, encoding


def _parse_text(text: str, name: str) -> tuple[list[list[str]], list[int], str, bool]:
    """Rows of cells, the spreadsheet row of each, the separator, and whether an Excel
    ``sep=`` line gave it.

    A spreadsheet row is a record (a quoted cell may hold line breaks); the ``sep=`` line,
    which Excel does not show, is not counted. A double quote that opens a cell and runs
    over the following lines into what looks like other rows is reported at the row where
    it opened (otherwise those rows would silently vanish into one cell).
    """
    first_nl = text.find("\n")
    first = text[: first_nl if first_nl >= 0 else len(text)].strip().strip('"').lower()
    sep_line = re.fullmatch(r"sep=(.)", first.replace(" ", ""))
    if sep_line:
        sep = sep_line.group(1)
        text = text[first_nl + 1:] if first_nl >= 0 else ""
        if sep not in _SEP_WORDS:
            _fail(name, f"the first line 'sep={sep}' names a separator careerkit does not read; use "
                        "commas, semicolons or tabs.", row=1)
    else:
        header = next((line for line in text[:100_000].splitlines() if line.strip()), "")
        counts = {s: header.count(s) for s in _SEP_WORDS}
        sep = max(counts, key=lambda s: (counts[s], s == ","))
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, MAX_BYTES))  # long cells are reported later, not crashed on
    spans = []  # (row position, line of the file where it starts) of rows over several lines
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        rows = list(itertools.islice(reader, MAX_ROWS + 1000))
        if len(rows) > MAX_ROWS + 1 and sum(1 for r in rows if any(c.strip() for c in r)) > MAX_ROWS + 1:
            _too_many_rows(name)
        lines = text.count("\n") + (not text.endswith("\n"))
        if '"' in text and len(rows) < lines and reader.line_num < lines + 1:
            # some quoted cell holds line breaks: read again, noting where each row starts
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
            line = 0
            for pos, _record in enumerate(itertools.islice(reader, len(rows))):
                if reader.line_num > line + 1:
                    spans.append((pos, line + 1))
                line = reader.line_num
    except csv.Error as err:
        _fail(name, f"the file could not be read as text in columns ({err}). Check for a stray double "
                    "quote (\") in a cell. " + _SAVE_AS + ".")
    finally:
        csv.field_size_limit(old_limit)
    rownums = list(range(1, len(rows) + 1))
    width = next((len(r) for r in rows if any(c.strip() for c in r)), 0)
    for pos, first_line in spans:
        for cell in rows[pos]:
            lines = cell.split("\n")
            if len(lines) > 1 and any(part.count(sep) >= max(1, width - 1) for part in lines[1:]):
                col = rows[pos].index(cell)
                _fail(name, f"a double quote (\") opens a cell in this row (line {first_line} of the file, "
                            f"column {col + 1}) and is not closed on that line, so the rows after it were read "
                            "into that one cell. Delete the stray quote, or close it at the end of the cell.",
                      row=rownums[pos])
    return rows, rownums, sep, bool(sep_line)


def _rows_to_table(rows: list[list[str]]) -> tuple[pd.DataFrame, dict[int, int]]:
    """Rows of cells → (table as wide as the header row, {row position: cell count} of wider rows)."""
    start = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), len(rows))
    width = min(len(rows[start]), MAX_COLUMNS) if start < len(rows) else 0
    over = {i: len(r) for i, r in enumerate(rows) if len(r) > width and any(c.strip() for c in r[width:])}
    even = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(even, columns=range(width), dtype=object), over


def _read_xlsx(data: bytes, name: str, sheet) -> tuple[list[list[str]], list[int], str]:
    """Rows of cell texts of one worksheet, with their spreadsheet row numbers (openpyxl,
    read-only: the sheet is streamed, not loaded whole)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile:
        _fail(name, "this looks like an Excel workbook but it is damaged (not a complete .xlsx file). "
                    "Open it in your spreadsheet program and save it again.")
    if unpacked > 20 * MAX_BYTES:  # a "zip bomb", or a workbook far larger than a ladder file
        _too_large(name, unpacked)
    try:
        import openpyxl
    except ImportError:
        _fail(name, "reading Excel workbooks needs the package 'openpyxl', which is not installed "
                    "(pip install openpyxl). " + _SAVE_AS + ".")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - a corrupt or password-protected workbook
        _fail(name, f"the workbook could not be opened ({type(err).__name__}). Open it in your spreadsheet "
                    "program and save it again as .xlsx. " + _SAVE_AS + ".")
    try:
        names = book.sheetnames
        chosen = sheet
        if sheet is None:
            chosen = names[0] if names else None
        elif isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
            chosen = names[sheet]
        if chosen not in names:
            _fail(name, f"there is no worksheet {sheet!r}; the workbook has: {', '.join(map(repr, names))}. "
                        "Pass sheet= one of those names or a number from 0.")
        ws = book[chosen]
        rows, rownums = [], []
        for cells in ws.iter_rows(max_col=MAX_COLUMNS):
            if len(rows) > MAX_ROWS + 1:
                _too_many_rows(name)
            values = [_xlsx_text(c.value) for c in cells]
            if not any(values):
                continue
            r = next((c.row for c in cells if getattr(c, "row", None)), None)
            rows.append(values)
            rownums.append(r if r is not None else len(rows))
    finally:
        book.close()
    if not rows:
        _fail(name, f"the worksheet {chosen!r} is empty. Start from careerkit.validate.template_path() "
                    "and keep its header row: ladder,step,title,years_from_start,pay.")
    return rows, rownums, f"Excel workbook, worksheet {chosen!r}"


def _xlsx_text(value) -> str:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# ---- checking: cell texts → DataFrame ---------------------------------------------------------------


def _tidy(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", name.strip().lower()).strip()


def _suggest(missing: str, header: list[str]) -> str:
    """A hint naming the header cell the instructor probably meant for ``missing``."""
    tidy = {_tidy(h): h for h in header if h}
    for cand in [_tidy(missing)] + SYNONYMS.get(missing, []):
        if cand in tidy:
            return f" Did you mean the column '{tidy[cand]}'? Rename it to '{missing}'."
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


def _header_key(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", unicodedata.normalize("NFKC", cell).strip().lower()).strip("_")


def _columns_of(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """{careerkit column: position in the header} and the renames made ("'Median pay' → pay")."""
    keys = [_header_key(h) for h in header]
    found, renamed = {}, []
    for j, (key, cell) in enumerate(zip(keys, header)):
        if key in COLUMNS and key not in found:
            found[key] = j
            if cell != key:
                renamed.append(f"'{_short(cell)}' → {key}")
    for col, others in HEADER_SYNONYMS.items():
        if col in found:
            continue
        for j, key in enumerate(keys):
            if key in others and (key not in found or col == "pay" and key == "median_pay"):
                found[col] = j
                if key in found and found[key] == j:
                    del found[key]
                    renamed = [r for r in renamed if not r.endswith(f" → {key}")]
                renamed.append(f"'{_short(header[j])}' → {col}")
                break
    return found, renamed


def _check_table(raw: pd.DataFrame, over: dict[int, int], name: str, rownums=None, *,
                 decimal: str | None = ".", how: str = "") -> pd.DataFrame:
    """``raw``: every cell as text; ``rownums[p]``: the spreadsheet row of row position p
    (default p + 1); ``over``: wider rows; ``decimal``: the decimal mark, or None to decide it
    from the numbers (semicolon and tab files)."""
    found = _Collector(name)
    rownums = np.arange(1, len(raw) + 1) if rownums is None else np.asarray(rownums[:len(raw)])
    start = next((i for i in range(len(raw)) if any(str(c).strip() for c in raw.iloc[i])), len(raw))
    header = [str(h).strip().lstrip("\ufeff") for h in raw.iloc[start]] if start < len(raw) else []
    head_row = int(rownums[start]) if start < len(raw) else 1
    body = raw.iloc[start + 1:]
    if len(body) > MAX_ROWS:
        _too_many_rows(name, len(body))
    positions, renamed = _columns_of(header)
    for col in REQUIRED:
        if col not in positions:
            found.add(head_row, col, f"the required column '{col}' is missing from the header row."
                      + _suggest(col, header) + _ACCEPTED)
    seen = {}
    for j, h in enumerate(header):
        key = _header_key(h)
        if key in COLUMNS and key in seen and positions.get(key) != j:
            found.add(head_row, key, f"the column '{key}' appears twice in the header row ('{_short(header[seen[key]])}' "
                                     f"and '{_short(h)}'). Delete or rename one of them.")
        seen.setdefault(key, j)
    for pos, n in over.items():
        found.add(rownums[pos], None, f"this row has {n} cells but the header has {len(header)}. A cell probably "
                                      "contains the separator: put that text in double quotes, or remove the extra cells.")

    # The columns careerkit knows, stripped, indexed by spreadsheet row; blank rows dropped.
    # (Plain list comprehensions: pandas' .str methods on 100,000 Python strings are slower.)
    rows = rownums[start + 1:]
    cols, nonblank = {}, np.zeros(len(body), dtype=bool)
    for h, j in positions.items():
        values = np.array([c.strip() for c in body[j].to_numpy()], dtype=object)
        sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
        limit = MAX_NAME_CHARS if h in ("ladder", "title") else MAX_CELL_CHARS
        for i in np.flatnonzero(sizes > limit):
            found.add(rows[i], h, f"this cell holds {sizes[i]:,} characters (limit {limit:,}); "
                                  + ("a name that long cannot be shown. Shorten it." if limit == MAX_NAME_CHARS
                                     else "something was pasted by mistake. Shorten it."))
            values[i] = ""
        nonblank |= sizes > 0
        cols[h] = values
    misaligned = np.isin(rows, [rownums[p] for p in over])
    frame = pd.DataFrame(cols, index=rows, dtype=object)
    unsure = set(frame.loc[misaligned, "ladder"]) if "ladder" in frame.columns else set()
    frame = frame[nonblank & ~misaligned]  # misaligned rows are reported once, above
    if frame.empty and len(header):
        found.add(None, None, "the file has a header row but no steps. Add one row per step below the header.")

    if decimal is None:
        decimal = _decimal_mark(frame, found)
    out = _convert(frame, found, decimal)
    if "ladder" in frame.columns:
        unsure |= _check_names(out, found)
    if all(c in frame.columns for c in ("ladder", "step")):
        _check_ladders(out, found, unsure)
    if found.problems:
        order = {c: i for i, c in enumerate(COLUMNS)}
        found.problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
        raise DataError(found.problems, summary=f"{name}: {len(found.problems)} problem"
                                                f"{'s' if len(found.problems) != 1 else ''} to fix")
    out = _finish(out, name)
    marks = {",": "decimal commas", ".": "decimal points"}
    parts = [f"{name}: read as {how}" if how else f"{name}: read",
             f"numbers with {marks[decimal]}" if decimal == "," else "",
             "columns " + ", ".join(renamed) if renamed else ""]
    n, k = len(out), out["ladder"].nunique()
    parts.append(f"{n} step{'s' * (n != 1)} in {k} ladder{'s' * (k != 1)}")
    out.attrs["read_as"] = "; ".join(p for p in parts if p) + "."
    return out


_ACCEPTED = (" Headers may use any capitals and spaces for underscores; also read: "
             + "; ".join(f"{', '.join(v)} as {k}" for k, v in HEADER_SYNONYMS.items()) + ".")
_NUMERIC = ("step", "years_from_start", "pay", "median_pay", "pay_p10", "pay_p90", "pay_year", "job_zone")
_DEC_COMMA = re.compile(r"[-+]?(\d{1,3}(\.\d{3})+,\d*|\d+,(\d{1,2}|\d{4,}))")
_DEC_POINT = re.compile(r"[-+]?(\d{1,3}(,\d{3})+\.\d*|\d+\.(\d{1,2}|\d{4,}))")
_AMBIGUOUS = re.compile(r"[-+]?\d{1,3}([.,]\d{3})+")


def _decimal_mark(frame: pd.DataFrame, found: _Collector) -> str | None:
    """The decimal mark of a semicolon or tab file, from the numbers themselves: "," if some
    number can only be read with a decimal comma ("4,5", "52.000,50"), "." if some can only be
    read with a decimal point ("4.5", "52,000.50"), None if no number tells (then "52,000" and
    "52.000" are reported as ambiguous). Both in one file is a problem at the first of each."""
    first = {}
    for col in _NUMERIC:
        if col not in frame.columns:
            continue
        for mark, pattern in ((",", _DEC_COMMA), (".", _DEC_POINT)):
            hits = frame[col].str.replace(r"^[$£€]\s*|\s*[$£€]$", "", regex=True).str.fullmatch(pattern)
            if hits.any() and (mark not in first or hits.idxmax() < first[mark][0]):
                first[mark] = (int(hits.idxmax()), col, frame.at[hits.idxmax(), col])
    if len(first) == 2:
        (rc, cc, vc), (rp, cp, vp) = first[","], first["."]
        found.add(max(rc, rp), cc if rc > rp else cp,
                  f"this file writes numbers both with a decimal comma ('{_short(vc)}', row {rc}) and with a decimal "
                  f"point ('{_short(vp)}', row {rp}). Use one: in a file separated by semicolons, decimal commas.")
        return ","
    return next(iter(first), None)


def _number(frame, col, found, *, whole=False, required=False, minimum=None, maximum=None, decimal=".") -> pd.Series:
    text = frame[col]
    blank = text == ""
    values = pd.to_numeric(text.where(~blank, None), errors="coerce").astype(float)
    retry = values.isna() & ~blank
    if decimal != ".":  # a dot may be a thousands separator here: "31.000" is not 31
        retry |= ~blank & text.str.contains(".", regex=False)
    ambiguous = pd.Series(False, index=text.index)
    if retry.any():
        # Accept "$52,000", "£38 000" or "38 000 €" as a spreadsheet might show them; nothing else is guessed.
        cleaned = text[retry].str.replace(r"^[$£€]\s*|\s*[$£€]$", "", regex=True)
        cleaned = cleaned.str.replace(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", regex=True)
        if decimal == ",":
            comma = cleaned.str.fullmatch(r"[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d*)?")
            cleaned = cleaned.where(~comma, cleaned.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
        elif decimal == ".":
            cleaned = cleaned.where(~cleaned.str.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?"),
                                    cleaned.str.replace(",", "", regex=False))
        else:
            ambiguous[retry] = cleaned.str.fullmatch(_AMBIGUOUS.pattern)
        values[retry] = pd.to_numeric(cleaned, errors="coerce").astype(float)
        values[ambiguous] = np.nan
    values = values.where(np.isfinite(values))  # "inf" is not a pay
    bad = ~blank & values.isna() & ~ambiguous
    kind = "a whole number" if whole else "a number"
    example = {"step": "2", "years_from_start": "4.5", "pay_year": "2025", "job_zone": "3"}.get(col, "45000")

    def why(v):
        if decimal == "." and re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})*,\d+", v.strip(" $£€")):
            return (f"'{_short(v)}' is written with a decimal comma, but this file separates its columns with "
                    f"commas, so it cannot be told apart from a list. Type {example} (digits, a decimal point and no "
                    "thousands separator), or save the file separated by semicolons.")
        return f"'{_short(v)}' is not {kind}. Type digits only, e.g. {example}."

    found.cells(bad, col, why, text)
    found.cells(ambiguous, col, lambda v: f"'{_short(v)}' could be read two ways (a thousands separator or a decimal "
                                          f"mark), and no other number in this file says which. Type {example} "
                                          "(digits only, no thousands separator).", text)
    if required:
        hint = {"pay": "enter this step's annual pay (for example from your local pay scale)",
                "years_from_start": "enter the years from the start of the career to this step (0 for step 1) and say in years_basis what they are",
                "step": "number the steps 1, 2, 3 … within each ladder"}[col]
        found.cells(blank, col, f"{col} is blank: {hint}.")
    if whole:
        frac = values.notna() & (values != values.round())
        found.cells(frac, col, lambda v: f"'{_short(v)}' is not a whole number. Use 1, 2, 3 ….", text)
    if minimum is not None:
        low = values < minimum
        what = "negative" if minimum == 0 else f"below {minimum}"
        found.cells(low, col, lambda v: f"{_short(v)} is {what}; {col} must be {minimum} or more.", text)
    if maximum is not None:
        limit, unit = maximum
        high = values > limit
        found.cells(high, col, lambda v: f"{_short(v)} is more than {limit:,}{' ' + unit if unit else ''}, the largest {col} careerkit "
                                         f"takes. Check the cell (a date or an extra digit?).", text)
        values = values.where(~high)
    return values


def _short(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _convert(frame: pd.DataFrame, found: _Collector, decimal: str | None = ".") -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for col in ("ladder", "title"):
        if col in frame.columns:
            found.cells(frame[col] == "", col,
                        f"{col} is blank: every step needs a {'ladder name' if col == 'ladder' else 'job title'}.")
    minimums = {"step": 1, "years_from_start": 0, "pay": 0, "median_pay": 0, "pay_p10": 0, "pay_p90": 0,
                "job_zone": 1}
    pay = (MAX_PAY, "a year")
    maximums = {"step": (MAX_STEP, "steps"), "years_from_start": (MAX_YEARS, "years"), "pay": pay,
                "median_pay": pay, "pay_p10": pay, "pay_p90": pay, "pay_year": (2200, ""), "job_zone": (5, "")}
    for col, kind in COLUMNS.items():
        if col not in frame.columns:
            continue
        if kind == "int":
            out[col] = _number(frame, col, found, whole=True, required=True, minimum=1, maximum=maximums[col],
                               decimal=decimal)
        elif kind in ("float", "Int64"):
            out[col] = _number(frame, col, found, required=col in REQUIRED, minimum=minimums.get(col),
                               maximum=maximums.get(col), whole=kind == "Int64", decimal=decimal)
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


def _check_names(out: pd.DataFrame, found: _Collector) -> set:
    """Ladder names that are one name by :func:`name_key` but written differently ("Fire" and
    "fire": they would be one ladder in every app), and names holding invisible characters."""
    names = out["ladder"]
    firsts = names[names != ""].drop_duplicates()
    groups: dict[str, list] = {}
    for row, n in zip(firsts.index.tolist(), firsts.tolist()):
        hidden = invisible_characters(n)
        if hidden:
            found.add(row, "ladder", f"the ladder name {_short(n)!r} contains the invisible character(s) "
                                     f"{', '.join(hidden)}. Delete them (retype the name).")
        groups.setdefault(name_key(n), []).append((row, n))
    clashing = set()
    for spellings in groups.values():
        for row, n in spellings[1:]:
            first_row, first = spellings[0]
            how = (" (the same letters, with an accent typed as a different character)"
                   if unicodedata.normalize("NFC", n) == unicodedata.normalize("NFC", first) else "")
            found.add(row, "ladder", f"the ladder name {_short(n)!r} is the same name as {_short(first)!r} (row "
                                     f"{first_row}) written differently{how}: names are compared ignoring capitals, "
                                     "spaces and how accents are typed. Write it the same way, or name it differently.")
            clashing.update((n, first))
    return clashing


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
            out[col] = {"str": "", "float": np.nan, "Int64": np.nan, "bool": True}[kind]
    defaults = {"pay_basis": DEFAULT_PAY_BASIS, "years_basis": DEFAULT_YEARS_BASIS, "source": name}
    for col, value in defaults.items():
        out[col] = out[col].where(out[col] != "", value)
    soc_from_onet = out["onet_code"].str.slice(0, 7)
    out["soc_code"] = out["soc_code"].where(out["soc_code"] != "", soc_from_onet)
    order = pd.Series(pd.factorize(out["ladder"])[0], index=out.index)
    out = out.assign(_order=order).sort_values(["_order", "step"], kind="stable").drop(columns="_order")
    out = out[list(COLUMNS)].reset_index(drop=True)
    return out.astype({c: PANDAS_DTYPES[kind] for c, kind in COLUMNS.items()})


def combine_ladders(base: pd.DataFrame, extra: pd.DataFrame, *, on_clash: str = "error") -> pd.DataFrame:
    """The shipped ladders (``base``) plus an instructor's (``extra``), one row per step.

    Ladder names that appear in both are a clash.  ``on_clash="error"`` (default) raises
    :class:`careerkit.DataError` naming each clashing ladder; ``"replace"`` keeps only the
    instructor's version of a clashing ladder; ``"rename"`` keeps both and adds " (your file)"
    to the instructor's name.
    """
    if on_clash not in ("error", "replace", "rename"):
        raise ValueError(f"on_clash must be 'error', 'replace' or 'rename', not {on_clash!r}")
    base_keys = {name_key(x) for x in pd.unique(base["ladder"])}
    clashes = [x for x in pd.unique(extra["ladder"]) if name_key(x) in base_keys]
    if clashes and on_clash == "error":
        source = lambda x: str(extra.loc[extra["ladder"] == x, "source"].iloc[0]) if "source" in extra else "your file"
        raise DataError([Problem(source(x), None, "ladder",
                                 f"the ladder name '{x}' is already used by a shipped ladder (names are compared "
                                 "ignoring capitals, spaces and how accents are typed). Rename your ladder, or "
                                 "call combine_ladders(..., on_clash='replace') to use yours instead, or "
                                 "on_clash='rename' to keep both.") for x in clashes],
                        summary=f"{len(clashes)} ladder name{'s' if len(clashes) != 1 else ''} clash with the shipped ladders")
    extra = extra.copy()
    clash_keys = {name_key(x) for x in clashes}
    if on_clash == "replace":
        base = base[~base["ladder"].map(name_key).isin(clash_keys)]
    elif on_clash == "rename":
        extra["ladder"] = extra["ladder"].where(~extra["ladder"].isin(clashes), extra["ladder"] + " (your file)")
    both = pd.concat([base, extra[list(base.columns)]], ignore_index=True)
    problems = same_name_problems(both["ladder"], "the combined ladders")
    if problems:  # e.g. a renamed ladder that now clashes with another
        raise DataError(problems, summary="The combined ladders have names that are one name written two ways")
    both.attrs = {"read_as": extra.attrs["read_as"]} if "read_as" in extra.attrs else {}
    return both


def check_ladder_table(df: pd.DataFrame, what: str = "ladders=") -> None:
    """Raise :class:`careerkit.DataError` if no app could use the ladder table ``df`` (a table
    built or combined in a notebook rather than read by :func:`load_ladders`): a missing required
    column, a ladder name written two ways or holding invisible characters, or a step, years or
    pay outside the bounds :func:`load_ladders` keeps (step a whole number 1 to ``MAX_STEP``,
    years 0 to ``MAX_YEARS``, pay 0 to ``MAX_PAY``; blank numbers are left to the apps to say)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a DataFrame of ladder steps (e.g. careerkit.load_ladders(path)), "
                        f"not {type(df).__name__}.")
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise DataError([Problem(what, None, c, f"the required column '{c}' is missing; a ladder table needs "
                                                f"{', '.join(REQUIRED)}.") for c in missing],
                        summary=f"{what}: not a ladder table")
    problems = same_name_problems(df["ladder"], what)
    bounds = {"step": (1, MAX_STEP), "years_from_start": (0, MAX_YEARS), "pay": (0, MAX_PAY)}
    for col, (low, high) in bounds.items():
        values = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isnan(values) & ~((values >= low) & (values <= high))
        if col == "step":
            bad |= np.isnan(values) | (values != np.round(values))
        for label, v in zip(df.index[bad][:5].tolist(), values[bad][:5].tolist()):
            problems.append(Problem(what, None, col, f"row {label!r}: {v:g} is not {'a whole number ' if col == 'step' else ''}"
                                                     f"from {low:,} to {high:,}, the {col} careerkit takes."))
    if problems:
        raise DataError(problems, summary=f"{what}: {len(problems)} problem{'s' * (len(problems) != 1)} to fix")
