"""Tables a learner reads in a notebook stay tables: printed as text, they fit 80 columns.

A text table wider than the output area wraps line by line into a jumble (notebook 03 printed
two dimensions 208 columns wide). A table wider than that is shown as a DataFrame (HTML), which
the notebook lays out itself. Checked twice:

* every committed text output (the cells tagged ``nbval-check-output``), and
* every text output of a notebook run headless (the cells printing a table with ``to_string``
  or ``print`` whose output is not committed),

a text output being a table when a cell calls ``to_string`` or when two of its lines have columns
(words set apart by two or more spaces). A line of prose (one sentence or paragraph, like a
self-check's answer) is not a table: the output area wraps it between words, which reads well.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LEARNER = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
WIDTH = 80
_COLUMNS = re.compile(r"\S {2,}\S")


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/plain", "") if "text/html" not in data else ""


def too_wide(source: str, text: str) -> list[str]:
    """The lines of a table output wider than WIDTH (empty when the output is prose or fits)."""
    lines = text.splitlines()
    table = "to_string(" in source or sum(bool(_COLUMNS.search(line)) for line in lines) >= 2
    return [line for line in lines if table and len(line) > WIDTH]


def test_the_rule_finds_a_wide_table_and_leaves_prose_alone():
    wide = "dimension          job" + " " * 70 + "career\nBenefits   Mainly money: a paycheck" + " " * 60 + "Money"
    assert len(too_wide('print(dims.to_string())', wide)) == 2
    assert len(too_wide("print(x)", wide)) == 2  # columns without to_string
    prose = "✓ Right. " + "A career is a series of jobs that build on each other, " * 3
    assert too_wide("check.question_1_1(answer_1_1)", prose) == []
    assert too_wide('print(df.to_string())', "a  b\n1  2") == []


@pytest.mark.parametrize("path", LEARNER, ids=[p.stem for p in LEARNER])
def test_committed_text_tables_fit_80_columns(path):
    nb = nbformat.read(path, as_version=4)
    wide = [(i, line) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) for line in too_wide(c.source, _text(o))]
    assert not wide, f"{path.name}: committed table lines over {WIDTH} columns: " + "; ".join(
        f"cell {i}: {len(line)} columns: {line[:100]!r}" for i, line in wide)


@pytest.mark.slow
@pytest.mark.parametrize("path", LEARNER, ids=[p.stem for p in LEARNER])
def test_printed_tables_fit_80_columns_when_the_notebook_runs(path, tmp_path, kernel_config):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False, config=kernel_config,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    wide = [(i, line) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) for line in too_wide(c.source, _text(o))]
    assert not wide, f"{path.name}: printed table lines over {WIDTH} columns: " + "; ".join(
        f"cell {i}: {len(line)} columns: {line[:100]!r}" for i, line in wide)
