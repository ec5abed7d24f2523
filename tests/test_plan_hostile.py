"""Plans a hostile or careless user made: exports, names, numbers and files that must not
break anything (tests/bad_plans/ holds the damaged plan files)."""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import careerkit as ck
from careerkit import Plan

EVIL_CELL = "a;=cmd|' /C calc'!A0;"
BIDI = "invoice\u202egpj.exe"


def _evil_plan() -> Plan:
    ladder = pd.DataFrame({"ladder": "Shared", "step": [1, 2], "title": ["Start", EVIL_CELL],
                           "years_from_start": [0, 3], "pay": [100.0, 200.0]})
    plan = Plan.from_gap(current="Start", target=EVIL_CELL, ladders=ladder, start_year=2030)
    plan.add_milestone("Learn;\t@SUM(1+1)*cmd|' /C calc'!A0", way="-2+3", year=2031)
    plan.add_milestone(BIDI, way="x\u2067y\u2069", year=2032, source="a\u202db")
    return plan


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_export_holds_no_formula_whatever_the_list_separator(sep):
    text = _evil_plan().to_csv()
    assert "Reach" in text
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
        for field in row:
            assert not field.strip(' "').startswith(("=", "+", "-", "@")), (sep, field)


def test_csv_export_keeps_the_text_readable():
    rows = list(csv.DictReader(io.StringIO(_evil_plan().to_csv(), newline="")))
    assert rows[0]["milestone"] == "Reach a;'=cmd|' /C calc'!A0;"
    assert rows[1]["way"] == "'-2+3"


@pytest.mark.parametrize("export", ["to_csv", "to_markdown", "to_html"])
def test_bidirectional_overrides_are_shown_not_obeyed_in_every_export(export):
    text = getattr(_evil_plan(), export)()
    for ch in "\u202e\u2067\u2069\u202d":
        assert ch not in text, (export, hex(ord(ch)))
    assert "invoice[U+202E]gpj.exe" in text or "invoice\\[U\\+202E\\]gpj\\.exe" in text


# ---- damaged plan files: always a DataError --------------------------------------------------------

import os  # noqa: E402
import random  # noqa: E402
import stat  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from careerkit import widgets  # noqa: E402
from careerkit.plan import _files, plan_path  # noqa: E402

BAD_PLANS = Path(__file__).parent / "bad_plans"


@pytest.mark.parametrize("path", sorted(BAD_PLANS.glob("*.json")), ids=lambda p: p.name)
def test_every_damaged_plan_is_a_data_error_naming_the_file(path):
    with pytest.raises(ck.DataError) as info:
        Plan.load(path)
    assert path.name in str(info.value) and "Traceback" not in str(info.value)


@pytest.mark.parametrize("path", sorted((BAD_PLANS / "valid").glob("*.json")), ids=lambda p: p.name)
def test_plans_from_other_editors_load(path):
    plan = Plan.load(path)
    assert plan.current == "Firefighter" and plan.milestones


def test_start_year_1900_is_kept_and_shown_as_saved():
    plan = Plan.load(BAD_PLANS / "valid" / "start_year_1900.json")
    assert plan.start_year == 1900
    app = widgets.PlanBuilder(folder=str(BAD_PLANS / "valid"))
    app.name.value = "start_year_1900"
    app.load()
    assert app.start_year.value == 1900 and app.plan.start_year == 1900
    assert (app.start_year.min, app.start_year.max) == (_files.YEAR_MIN, _files.YEAR_MAX)


def test_random_damage_to_a_plan_is_always_a_data_error_or_a_plan(tmp_path):
    good = (BAD_PLANS / "valid" / "notepad_utf8_bom.json").read_bytes()
    rng = random.Random(13)
    path = tmp_path / "p.json"
    for _ in range(400):
        data = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            pos = rng.randrange(len(data) or 1)
            if kind < 0.3:
                data = data[:pos]
            elif kind < 0.6:
                data[pos:pos + 1] = bytes([rng.randrange(256)])
            elif kind < 0.8:
                data[pos:pos] = rng.choice([b"[" * 3000, b"9" * 5000, b'"\\ud800"', b"{}", b"null", b"\x00"])
            else:
                del data[pos:pos + rng.randint(1, 20)]
        path.write_bytes(bytes(data))
        try:
            assert isinstance(Plan.load(path), Plan)
        except ck.DataError:
            pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX devices and named pipes")
def test_plan_load_refuses_devices_pipes_and_huge_files(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path in ("/dev/zero", "/dev/urandom", fifo):
        with pytest.raises(ck.DataError, match="not a regular file"):
            Plan.load(path)
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(50_000_000)
    with pytest.raises(ck.DataError, match="a careerkit plan is a few kB"):
        Plan.load(big)


# ---- saving what learners and notebooks pass ----------------------------------------------------


def test_numpy_integers_and_lone_surrogates_save_and_load(tmp_path):
    plan = Plan(current="Fire\ud83dfighter", target="Captain", start_year=np.int64(2026))
    plan.add_milestone("Course \udcff done", year=np.int64(2028))
    plan.mark_done(np.int64(0))
    path = plan.save(tmp_path / "p.json")
    back = Plan.load(path)
    assert back.start_year == 2026 and type(back.start_year) is int and back.milestones[0].done
    assert back.current == "Fire\ufffdfighter" and back.milestones[0].text == "Course \ufffd done"
    plan.edit_milestone(np.int64(0), text="Course done")
    assert plan.remove_milestone(np.int64(0)).text == "Course done"


@pytest.mark.parametrize("year", [1899, 2201, 10**9, 2026.5, "2026", True])
def test_start_year_outside_the_format_is_refused_at_once(year):
    with pytest.raises(ValueError, match="from 1900 to 2200"):
        Plan(current="a", target="b", start_year=year)


def test_a_pasted_megabyte_milestone_is_refused_and_to_html_stays_fast():
    with pytest.raises(ValueError, match="at most 25,000"):
        Plan(current="a", target="b").add_milestone("x" * 3_000_000)
    plan = Plan(current="a", target="b", start_year=2030)
    plan.add_milestone("x" * 24_000, year=2031)
    plan.milestones[0].text = "y" * 3_000_000  # set directly, past the check
    t = time.perf_counter()
    page = plan.to_html()
    assert time.perf_counter() - t < 10 and "yyyy" in page  # was 18 s (textwrap of the whole text)


@pytest.mark.parametrize("name, saved", [("plan v1.0", "plan v1.0.json"), ("my.plan", "my.plan.json"),
                                         ("done.JSON", "done.JSON"), ("plan", "plan.json")])
def test_plan_names_with_dots_get_the_json_suffix(tmp_path, name, saved):
    assert plan_path(name, tmp_path).name == saved


@pytest.mark.parametrize("name", ["CON", "con.json", "COM¹", "lpt²", "COM0", "CONIN$", "conout$.txt", "CLOCK$",
                                  "nul .json"])
def test_windows_reserved_names_are_refused(tmp_path, name):
    with pytest.raises(ValueError, match="Windows reserves"):
        plan_path(name, tmp_path)


def test_name_length_is_checked_in_bytes_before_the_file_system_does(tmp_path):
    with pytest.raises(ValueError, match=r"bytes long as a file name \(at most 200"):
        plan_path("\U0001F525" * 100, tmp_path)
    path = plan_path("\U0001F525" * 40, tmp_path)  # 160 + 5 bytes: saves, with its backup and temp file
    Plan(current="a", target="b").save(path)
    Plan(current="a", target="c").save(path)
    assert Plan.load(path).target == "c"


# ---- atomic saves: no copies left, the file keeps its mode ---------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_concurrent_saves_leave_no_hidden_copies(tmp_path):
    path = tmp_path / "plan.json"
    Plan(current="a", target="b").save(path)
    errors = []

    def save(k):
        try:
            for j in range(25):
                Plan(current=f"a{k}", target=f"b{j}").save(path)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=save, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and _leftovers(tmp_path) == []
    assert Plan.load(path).current.startswith("a") and Plan.load(path.with_name("plan.json.bak"))


def test_a_save_killed_between_its_renames_is_cleaned_up_by_the_next_save(tmp_path, monkeypatch):
    path = tmp_path / "plan.json"
    Plan(current="a", target="old").save(path)
    real_replace = os.replace

    def killed(src, dst):  # the process dies just after linking the backup, before renaming it
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", killed)
    monkeypatch.setattr(_files.os, "unlink", lambda p: None)  # a killed process cleans nothing up
    with pytest.raises(KeyboardInterrupt):
        Plan(current="a", target="new").save(path)
    monkeypatch.undo()
    left = _leftovers(tmp_path)
    assert any(n.endswith(".tmp.bak") for n in left)  # what a kill leaves
    old = time.time() - _files.STALE_TEMP_S - 60
    for n in left:
        os.utime(tmp_path / n, (old, old))
    monkeypatch.setattr(_files.time, "time", lambda: time.time_ns() / 1e9 + _files.STALE_TEMP_S + 120)
    Plan(current="a", target="newer").save(path)
    assert _leftovers(tmp_path) == [] and Plan.load(path).target == "newer"
    assert real_replace is os.replace


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saves_keep_the_file_mode(tmp_path):
    path = tmp_path / "plan.json"
    Plan(current="a", target="b").save(path)
    os.chmod(path, 0o644)
    Plan(current="a", target="c").save(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    assert stat.S_IMODE(os.stat(path.with_name("plan.json.bak")).st_mode) == 0o644


def test_files_module_guards_posix_only_calls(monkeypatch, tmp_path):
    monkeypatch.setattr(_files, "_posix", lambda: False)  # as on Windows
    called = []
    monkeypatch.setattr(_files.os, "chmod", lambda *a: called.append("chmod"))
    monkeypatch.setattr(_files.os, "fsync", lambda fd: called.append(("fsync", stat.S_ISDIR(os.fstat(fd).st_mode))))
    Plan(current="a", target="b").save(tmp_path / "p.json")
    Plan(current="a", target="c").save(tmp_path / "p.json")
    assert "chmod" not in called and not any(c[1] for c in called if isinstance(c, tuple))


# ---- what the apps say when a save fails ------------------------------------------------------


def test_failed_save_and_open_messages_say_what_failed(tmp_path):
    app = widgets.PlanBuilder(folder=str(tmp_path))
    app.name.value = "CON"
    assert app.save() is None
    assert "The plan was not saved:" in app.status.value and "That choice could not be shown" not in app.status.value
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    app.name.value = "broken"
    app.load()
    assert "The plan could not be opened:" in app.status.value
    app.name.value = "plan v1.0"
    app.save()
    assert (tmp_path / "plan v1.0.json").is_file()
    app.export()
    assert {"plan v1.0.html", "plan v1.0.md", "plan v1.0.csv"} <= {p.name for p in tmp_path.iterdir()}


def test_assumptions_years_has_an_upper_bound():
    from careerkit import model

    with pytest.raises(ValueError, match="from 0 to 100"):
        model.Assumptions(years=10**9)
