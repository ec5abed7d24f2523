"""careerkit.load_ladders: instructors' own ladder files, every problem reported at once.

The corpus in tests/bad_ladders/ holds one file per kind of mistake; expected.csv lists, for
each file, every problem it must produce (spreadsheet row, column, a piece of the message).
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import careerkit as ck
from careerkit import validate

HERE = Path(__file__).parent / "bad_ladders"
VALID = HERE / "valid"
HEADER = "ladder,step,title,years_from_start,pay\n"


def _expected() -> dict[str, list[tuple]]:
    table = pd.read_csv(HERE / "expected.csv", dtype=str, keep_default_na=False)
    out: dict[str, list[tuple]] = {}
    for file, row, column, message in table.itertuples(index=False):
        out.setdefault(file, []).append((int(row) if row else None, column or None, message))
    return out


EXPECTED = _expected()


def _problems(path) -> list:
    with pytest.raises(ck.DataError) as info:
        ck.load_ladders(path)
    return info.value.problems


def _write(tmp_path, text: str, name: str = "ladders.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the corpus of bad files -------------------------------------------------------------------


def test_every_corpus_file_has_expectations():
    on_disk = {p.name for p in HERE.glob("*.csv")} - {"expected.csv"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_exactly_its_problems(name):
    problems = _problems(HERE / name)
    assert all(p.file == name for p in problems)
    unmatched = list(problems)
    for row, column, message in EXPECTED[name]:
        hit = [p for p in unmatched if p.row == row and p.column == column and message.lower() in p.message.lower()]
        assert hit, f"{name}: no problem at row {row}, column {column} saying {message!r}; got {problems}"
        unmatched.remove(hit[0])
    assert not unmatched, f"{name}: unexpected extra problems {unmatched}"


def test_three_different_mistakes_give_three_problems_in_one_error():
    problems = _problems(HERE / "three_problems.csv")
    assert [(p.row, p.column) for p in problems] == [(2, "title"), (3, "pay"), (4, "years_from_start")]


def test_error_message_lists_every_problem_with_file_row_and_column():
    with pytest.raises(ck.DataError) as info:
        ck.load_ladders(HERE / "three_problems.csv")
    text = str(info.value)
    assert "three_problems.csv, row 2, column 'title'" in text
    assert "three_problems.csv, row 4, column 'years_from_start'" in text
    assert "Traceback" not in text and "pandas" not in text
    assert isinstance(info.value, ValueError)


def test_missing_file_and_folder(tmp_path):
    (p,) = _problems(tmp_path / "nope.csv")
    assert p.file == "nope.csv" and "not found" in p.message
    (p,) = _problems(tmp_path)
    assert "folder" in p.message


def test_too_many_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_ROWS", 10)
    body = "".join(f"L,{i},T{i},{i},1000\n" for i in range(1, 12))
    (p,) = _problems(_write(tmp_path, HEADER + body))
    assert "more than 10 rows" in p.message and "at most 10" in p.message


def test_too_many_rows_ok_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_ROWS", 10)
    body = "".join(f"L,{i},T{i},{i},1000\n" for i in range(1, 11))
    assert len(ck.load_ladders(_write(tmp_path, HEADER + body))) == 10


def test_file_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_BYTES", 50)
    (p,) = _problems(_write(tmp_path, HEADER + "L,1,T,0,1000\n" * 10))
    assert "too large" in p.message


def test_decimal_comma_is_not_guessed(tmp_path):
    # In a comma-separated file "52,5" could be 52.5 or 525: ask, never guess.
    (p,) = _problems(_write(tmp_path, HEADER + 'L,1,T,0,"52,5"\n'))
    assert (p.row, p.column) == (2, "pay") and "'52,5' is written with a decimal comma" in p.message
    assert "save the file separated by semicolons" in p.message


def test_problems_in_many_ladders_are_each_reported(tmp_path):
    rows = [f"A,{s},T,{y},1000" for s, y in [(1, 0), (2, 5), (3, 2)]]      # years go down at row 4
    rows += [f"B,{s},T,{s},1000" for s in (1, 2, 2)]                       # duplicate step at row 7
    rows += [f"C,{s},T,{s},1000" for s in (1, 3)]                          # step 2 missing (first row 8)
    problems = _problems(_write(tmp_path, HEADER + "\n".join(rows) + "\n"))
    assert [(p.row, p.column) for p in problems] == [(4, "years_from_start"), (7, "step"), (8, "step")]
    assert "'C' has no step 2" in problems[2].message


def test_row_numbers_count_blank_lines_above_the_header(tmp_path):
    problems = _problems(_write(tmp_path, "\n,,\n" + HEADER + "L,1,T,0,1000\nL,2,T,1,lots\n"))
    assert [(p.row, p.column) for p in problems] == [(5, "pay")]


def test_trailing_empty_cells_and_short_rows_are_fine(tmp_path):
    # Spreadsheets pad rows with empty cells or trim them; neither is a mistake.
    df = ck.load_ladders(_write(tmp_path, HEADER.strip() + ",note\nL,1,T,0,1000,,,\nL,2,T,1,2000\n"))
    assert df["pay"].tolist() == [1000.0, 2000.0] and (df["note"] == "").all()


def test_excel_without_reader_says_how_to_convert(tmp_path, monkeypatch):
    path = _xlsx(tmp_path, [["ladder", "step", "title", "years_from_start", "pay"]])
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)  # as if it were not installed
    (p,) = _problems(path)
    assert "openpyxl" in p.message and "CSV UTF-8" in p.message


# ---- files that must load ----------------------------------------------------------------------


def test_bom_crlf_and_non_english_titles_load_unchanged():
    df = ck.load_ladders(VALID / "bom_crlf_non_english.csv")
    assert df["title"].tolist() == ["Bombero", "Capitán de bomberos", "消防士", "消防司令"]
    assert df["ladder"].tolist()[0] == "Bomberos (ES)"
    assert df["pay"].tolist() == [30000.0, 45000.0, 3500000.0, 5200000.0]


def test_html_in_titles_is_kept_as_text():
    # Escaping is the display layer's job; the loader must not alter or drop the text.
    df = ck.load_ladders(VALID / "html_in_titles.csv")
    assert df["title"].tolist() == ["<img src=x onerror=alert(1)>", "<script>alert('x')</script> & \"quotes\""]
    assert df["ladder"].iloc[0] == "<b>Bold</b> ladder"


def test_spreadsheet_export_quirks():
    df = ck.load_ladders(VALID / "spreadsheet_export.csv")
    # blank rows skipped, steps sorted within each ladder, ladders kept in file order
    assert list(zip(df["ladder"], df["step"])) == [("Plumbing", 1), ("Plumbing", 2), ("Car wash", 1)]
    assert df["pay"].tolist() == [40000.0, 60000.0, 30000.5]        # "$60,000" and "40,000" read as numbers
    assert df["pay_basis"].tolist() == [validate.DEFAULT_PAY_BASIS, "union scale", validate.DEFAULT_PAY_BASIS]
    assert df["has_ladder"].tolist() == [True, True, False]
    assert df.loc[1, "note"] == "A note\nover two lines"
    assert "Comments" not in df.columns


def test_shape_and_defaults_match_the_ladders_schema():
    df = ck.load_ladders(VALID / "bom_crlf_non_english.csv")
    assert list(df.columns) == list(validate.COLUMNS)
    assert df["step"].dtype == np.int64
    assert df["has_ladder"].dtype == bool and df["has_ladder"].all()
    for col in ("years_from_start", "pay", "median_pay", "pay_p10", "pay_p90"):
        assert df[col].dtype == np.float64, col
    for col in ("pay_year", "job_zone"):  # whole numbers that an instructor may leave blank
        assert str(df[col].dtype) == "Int64" and df[col].isna().all(), col
    assert df["median_pay"].isna().all()
    assert (df["source"] == "bom_crlf_non_english.csv").all()
    assert (df["pay_basis"] == "instructor's file").all()
    assert (df["note"] == "").all()


def test_round_trip_of_the_shipped_ladders(tmp_path):
    """Saving careerkit.ladders() to CSV and loading it back gives the same table."""
    try:
        shipped = ck.ladders()
    except Exception as err:  # the derived table is built by tools/build_data.py
        pytest.skip(f"shipped ladders not available: {err}")
    path = tmp_path / "shipped.csv"
    shipped.to_csv(path, index=False)
    back = ck.load_ladders(path)
    pd.testing.assert_frame_equal(back, shipped.reset_index(drop=True), check_dtype=False)
    assert dict(back.dtypes.astype(str)) == dict(shipped.dtypes.astype(str))


def test_100k_rows_validate(tmp_path):
    path = tmp_path / "big.csv"
    write_big_file(path, 100_000)
    df = ck.load_ladders(path)
    assert len(df) == 100_000 and df["ladder"].nunique() == 20_000


def test_100k_rows_with_one_mistake_names_that_row(tmp_path):
    path = tmp_path / "big.csv"
    write_big_file(path, 100_000, bad_row=73_456)
    (p,) = _problems(path)
    assert (p.row, p.column) == (73_456, "pay")


def write_big_file(path: Path, n: int, *, bad_row: int | None = None) -> None:
    """n rows: ladders of five steps with rising years and pay; bad_row gets pay 'n/a'."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ladder", "step", "title", "years_from_start", "pay", "note"])
        for i in range(n):
            step = i % 5 + 1
            pay = "n/a" if bad_row == i + 2 else 30000 + 5000 * step
            w.writerow([f"Ladder {i // 5}", step, f"Role {step}", 2 * (step - 1), pay, "a note"])


# ---- templates and combining -------------------------------------------------------------------


def test_template_loads_and_is_shipped():
    path = validate.template_path()
    assert path.name == "my_ladders.csv" and path.is_file()
    df = ck.load_ladders(path)
    assert len(df) == 2 and df["source"].str.len().gt(0).all()
    # the example rows are copied from the shipped table, not typed in
    shipped = ck.ladders()
    shipped = shipped[shipped["ladder"] == df["ladder"].iloc[0].removeprefix("Example: ")].set_index("title")
    for _, row in df.iterrows():
        for col in ("step", "years_from_start", "pay", "pay_basis", "years_basis", "pay_year", "soc_code", "source"):
            assert row[col] == shipped.at[row["title"], col], (row["title"], col)
    with pytest.raises(FileNotFoundError, match="uk_fire_service.csv"):
        validate.template_path("nope.csv")


def test_uk_fire_service_example_leaves_pay_and_years_to_the_instructor():
    problems = _problems(validate.template_path("uk_fire_service.csv"))
    assert len(problems) == 14
    assert {p.column for p in problems} == {"pay", "years_from_start"}
    assert {p.row for p in problems} == set(range(2, 9))
    titles = pd.read_csv(validate.template_path("uk_fire_service.csv"))["title"].tolist()
    assert titles == ["Firefighter", "Crew Manager", "Watch Manager", "Station Manager",
                      "Group Manager", "Area Manager", "Brigade Manager"]


def _mine(tmp_path, ladder: str) -> pd.DataFrame:
    return ck.load_ladders(_write(tmp_path, HEADER + f"{ladder},1,Apprentice,0,100\n{ladder},2,Lead,3,200\n", "mine.csv"))


def test_combine_ladders_reports_name_clashes(tmp_path):
    base = ck.load_ladders(VALID / "bom_crlf_non_english.csv")
    mine = _mine(tmp_path, "Bomberos (ES)")
    with pytest.raises(ck.DataError) as info:
        validate.combine_ladders(base, mine)
    (p,) = info.value.problems
    assert p.file == "mine.csv" and p.column == "ladder" and "'Bomberos (ES)'" in p.message
    replaced = validate.combine_ladders(base, mine, on_clash="replace")
    assert replaced.loc[replaced["ladder"] == "Bomberos (ES)", "title"].tolist() == ["Apprentice", "Lead"]
    renamed = validate.combine_ladders(base, mine, on_clash="rename")
    assert "Bomberos (ES) (your file)" in set(renamed["ladder"]) and len(renamed) == len(base) + 2


def test_combine_ladders_without_clash_keeps_everything(tmp_path):
    base = ck.load_ladders(VALID / "bom_crlf_non_english.csv")
    both = validate.combine_ladders(base, _mine(tmp_path, "Plumbing"))
    assert len(both) == 6 and list(both.columns) == list(base.columns)
    with pytest.raises(ValueError, match="on_clash"):
        validate.combine_ladders(base, base, on_clash="merge")


# ---- files as spreadsheet programs write them ----------------------------------------------------


def _xlsx(tmp_path, rows, *, name="ladders.xlsx", sheets=None, blank_rows_above=0):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Ladders"
    for _ in range(blank_rows_above):
        book.active.append([])
    for r in rows:
        book.active.append(r)
    for title, other in (sheets or {}).items():
        ws = book.create_sheet(title)
        for r in other:
            ws.append(r)
    path = tmp_path / name
    book.save(path)
    return path


XLSX_HEADER = ["Ladder", "Step", "Title", "Years from start", "Pay"]


def test_xlsx_first_sheet_with_numbers_and_text(tmp_path):
    path = _xlsx(tmp_path, [XLSX_HEADER, ["Plumbing", 1, "Apprentice", 0, 40000],
                            ["Plumbing", 2, "Journeyman", 4.5, 60000.5]],
                 sheets={"Other": [XLSX_HEADER, ["Fire", 1, "Firefighter", 0, 50000]]})
    df = ck.load_ladders(path)
    assert df["title"].tolist() == ["Apprentice", "Journeyman"]
    assert df["years_from_start"].tolist() == [0.0, 4.5] and df["pay"].tolist() == [40000.0, 60000.5]
    assert "Excel workbook, worksheet 'Ladders'" in df.attrs["read_as"]
    assert ck.load_ladders(path, sheet="Other")["ladder"].tolist() == ["Fire"]
    assert ck.load_ladders(path, sheet=1)["ladder"].tolist() == ["Fire"]
    (p,) = _problems_kw(path, sheet="Nope")
    assert "no worksheet 'Nope'" in p.message and "'Ladders', 'Other'" in p.message


def _problems_kw(path, **kw) -> list:
    with pytest.raises(ck.DataError) as info:
        ck.load_ladders(path, **kw)
    return info.value.problems


def test_xlsx_problems_name_spreadsheet_rows(tmp_path):
    path = _xlsx(tmp_path, [XLSX_HEADER, ["Plumbing", 1, "Apprentice", 0, 40000], [],
                            ["Plumbing", 2, "Journeyman", 4, "lots"], ["Plumbing", 3, "Master", 8, 1e308]],
                 blank_rows_above=2)
    problems = _problems(path)
    assert [(p.row, p.column) for p in problems] == [(6, "pay"), (7, "pay")]
    assert all(p.file == "ladders.xlsx" for p in problems)


def test_xlsx_saved_with_a_csv_name_is_read_as_a_workbook(tmp_path):
    path = _xlsx(tmp_path, [XLSX_HEADER, ["Plumbing", 1, "Apprentice", 0, 40000]], name="ladders.csv")
    assert ck.load_ladders(path)["title"].tolist() == ["Apprentice"]


def test_damaged_and_old_workbooks(tmp_path):
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (p,) = _problems(tmp_path / "bad.xlsx")
    assert "damaged" in p.message
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40)
    (p,) = _problems(tmp_path / "old.xls")
    assert ".xls" in p.message and "CSV UTF-8" in p.message


def test_excel_semicolon_file_in_windows_1252_with_decimal_commas():
    df = ck.load_ladders(VALID / "excel_semicolon_cp1252.csv")
    assert df["pay"].tolist() == [24500.0, 27300.5, 31000.0]       # "24.500,00 €", "27.300,50", "31.000"
    assert df["years_from_start"].tolist() == [0.0, 4.5, 9.0]      # "4,5"
    how = df.attrs["read_as"]
    assert "semicolons" in how and "Windows-1252" in how and "sep=;" in how and "decimal commas" in how
    assert "'Median pay' → pay" in how and "median_pay" not in how.replace("'Median pay'", "")
    assert df["median_pay"].isna().all()


def test_excel_unicode_text_is_utf16_with_tabs():
    df = ck.load_ladders(VALID / "unicode_text.txt")
    assert df["title"].tolist() == ["Bombero", "Capitán"] and df["pay"].tolist() == [30000.5, 45000.0]
    assert "UTF-16" in df.attrs["read_as"] and "tabs" in df.attrs["read_as"]


@pytest.mark.parametrize("name, title", [("windows_1252.csv", "Capitán de bomberos"), ("utf16_commas.csv", "Master Plumber"),
                                         ("semicolon.csv", "Plumber"), ("tab.csv", "Plumber")])
def test_other_encodings_and_separators_load(name, title):
    assert title in ck.load_ladders(VALID / name)["title"].tolist()


def test_headers_as_people_type_them():
    df = ck.load_ladders(VALID / "headers_as_typed.csv")
    assert df["pay"].tolist() == [40000.0, 60000.0] and df["pay_basis"].tolist() == ["union scale"] * 2
    assert df["title"].tolist() == ["Apprentice", "Journeyman"]
    assert "'Job Title' → title" in df.attrs["read_as"] and "'Median_Pay' → pay" in df.attrs["read_as"]
    assert ck.load_ladders(VALID / "salary_header.csv")["pay"].tolist() == [40000.0, 60000.0, 80000.0]


def test_median_pay_stays_the_median_when_there_is_a_pay_column(tmp_path):
    df = ck.load_ladders(_write(tmp_path, "ladder,step,title,years_from_start,pay,median_pay\nL,1,T,0,100,90\n"))
    assert (df["pay"].item(), df["median_pay"].item()) == (100.0, 90.0)


def test_missing_column_message_lists_the_accepted_names(tmp_path):
    (p,) = _problems(_write(tmp_path, "ladder,step,title,years_from_start,wage\nL,1,T,0,100\n"))
    assert p.column == "pay" and "median_pay, annual_pay, salary, annual_salary as pay" in p.message


def test_read_as_for_a_plain_file():
    how = ck.load_ladders(VALID / "bom_crlf_non_english.csv").attrs["read_as"]
    assert how == "bom_crlf_non_english.csv: read as text separated by commas, UTF-8; 4 steps in 2 ladders."


def test_multi_line_notes_are_not_mistaken_for_an_open_quote(tmp_path):
    text = HEADER.strip() + ",note\nL,1,T,0,100,\"first line\nsecond line, with a comma\"\nL,2,U,1,200,\n"
    assert ck.load_ladders(_write(tmp_path, text))["note"].iloc[0] == "first line\nsecond line, with a comma"


# ---- hostile input: wrong types, devices, sizes, numbers and names ------------------------------


@pytest.mark.parametrize("source", [None, 5, b"ladder,step\n", 2.5])
def test_wrong_argument_type_is_a_type_error_saying_what_it_takes(source):
    with pytest.raises(TypeError, match="path of a ladder file .* or an open file"):
        ck.load_ladders(source)


def test_open_file_objects_are_read():
    text = HEADER + "L,1,T,0,100\n"
    assert ck.load_ladders(io.StringIO(text))["pay"].tolist() == [100.0]
    assert ck.load_ladders(io.BytesIO(text.encode("utf-16")))["pay"].tolist() == [100.0]
    with open(VALID / "tab.csv", "rb") as fh:
        df = ck.load_ladders(fh)
    assert df["title"].tolist() == ["Plumber"] and df.attrs["read_as"].startswith("tab.csv:")


def test_open_file_is_read_in_bounded_pieces(monkeypatch):
    monkeypatch.setattr(validate, "MAX_BYTES", 1000)

    class Endless:
        asked = []

        def read(self, n=-1):
            self.asked.append(n)
            assert 0 < n <= 1001, "must never read without a limit"
            return b"x" * n

    (p,) = _problems(Endless())
    assert "too large" in p.message and Endless.asked == [1001]


@pytest.mark.skipif(os.name != "posix", reason="POSIX devices and named pipes")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "fifo"])
def test_devices_and_named_pipes_are_refused_without_reading(tmp_path, device):
    if device == "fifo":
        device = tmp_path / "pipe.csv"
        os.mkfifo(device)  # opening it to read would wait forever for a writer
    (p,) = _problems(device)
    assert "not a regular file" in p.message


def test_file_too_large_is_refused_by_its_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with open(path, "wb") as fh:
        fh.truncate(25_000_000)  # sparse: no time or disk spent; a ladder file is a few kB
    opened = []
    monkeypatch.setattr(validate, "open", lambda *a, **k: opened.append(a) or open(*a, **k), raising=False)
    (p,) = _problems(path)
    assert "too large" in p.message and f"limit {validate.MAX_BYTES / 1e6:.0f} MB" in p.message and not opened


def test_a_file_near_the_size_limit_loads_in_bounded_memory(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "near_limit.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER.strip() + ",note\n")
        row = -1
        while fh.tell() < validate.MAX_BYTES - 2_000:
            row += 1
            fh.write(f"Ladder {row // 2},{row % 2 + 1},Role,{row % 2},{30000 + row % 2},{'n' * 120}\n")
    code = ("import resource, sys, careerkit as ck\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "assert len(ck.load_ladders(sys.argv[1])) > 100_000\n"
            "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)")
    grew = int(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                              check=True).stdout)
    assert grew < 30 * validate.MAX_BYTES, f"reading a {validate.MAX_BYTES / 1e6:.0f} MB file took {grew / 1e6:.0f} MB"


def test_too_many_rows_are_refused_before_building_a_table(tmp_path, monkeypatch):
    monkeypatch.setattr(validate, "MAX_ROWS", 10)
    monkeypatch.setattr(validate, "_rows_to_table", lambda *a: pytest.fail("built a table of every row"))
    body = "".join(f"L,{i % 5 + 1},T,0,1000\n" for i in range(5000))
    (p,) = _problems(_write(tmp_path, HEADER + body))
    assert "at most 10" in p.message


def test_checks_cost_nothing_more_for_huge_numbers(tmp_path):
    import time

    t = time.perf_counter()
    problems = _problems(HERE / "huge_numbers.csv")
    assert time.perf_counter() - t < 5  # was MemoryError (range(1, 1e20)) or 2 s and 850 MB
    assert all("Check the cell" in p.message for p in problems)


def test_the_bounds_themselves_load():
    df = ck.load_ladders(VALID / "at_the_bounds.csv")
    assert df["pay"].max() == validate.MAX_PAY and df["years_from_start"].max() == validate.MAX_YEARS


def test_a_hundred_steps_load_and_a_hundred_and_one_do_not(tmp_path):
    rows = "".join(f"L,{s},T{s},{s * 0.5},{1000 * s}\n" for s in range(1, 101))
    assert len(ck.load_ladders(_write(tmp_path, HEADER + rows))) == 100
    problems = _problems(_write(tmp_path, HEADER + rows + "L,101,T,55,1\n"))
    assert [(p.row, p.column) for p in problems] == [(102, "step")] and "100" in problems[0].message


def test_name_key_rule():
    assert validate.name_key("Fire") == validate.name_key(" fire  ") == validate.name_key("FIRE")
    assert validate.name_key("Caf\u00e9") == validate.name_key("Cafe\u0301")
    assert validate.name_key("Fire service") != validate.name_key("Fire\u200bservice")
    assert validate.invisible_characters("a\u200bb\u202e") == ["U+200B ZERO WIDTH SPACE",
                                                                "U+202E RIGHT-TO-LEFT OVERRIDE"]


def test_combine_ladders_clash_ignores_case_and_unicode_form(tmp_path):
    base = ck.load_ladders(VALID / "bom_crlf_non_english.csv")
    mine = _mine(tmp_path, "BOMBEROS (es)")
    with pytest.raises(ck.DataError, match="'BOMBEROS \\(es\\)' is already used"):
        validate.combine_ladders(base, mine)
    assert "BOMBEROS (es) (your file)" in set(validate.combine_ladders(base, mine, on_clash="rename")["ladder"])
    replaced = validate.combine_ladders(base, mine, on_clash="replace")
    assert "Bomberos (ES)" not in set(replaced["ladder"])


def test_combine_ladders_with_the_shipped_fire_service(tmp_path):
    mine = _mine(tmp_path, "fire service (us)")
    with pytest.raises(ck.DataError):
        validate.combine_ladders(ck.ladders(), mine)
    assert mine.attrs["read_as"] in validate.combine_ladders(ck.ladders(), mine, on_clash="rename").attrs["read_as"]


def test_rows_after_an_excel_sep_line_are_numbered_as_excel_shows_them(tmp_path):
    text = "sep=;\nladder;step;title;years_from_start;pay\nL;1;T;0;100\nL;2;U;1;lots\n"
    (p,) = _problems(_write(tmp_path, text))
    assert (p.row, p.column) == (3, "pay")
