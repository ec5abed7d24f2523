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
