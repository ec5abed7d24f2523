"""The course notebooks follow the house structure (read statically, nothing is executed here).

Every learner notebook has a title, "In this notebook you will" objectives, an estimated time,
numbered sections, at least two exercises (bold question → answer cell holding ``...`` → check
cell), and closing key points. Code cells are at most two lines (comments aside) and define no
function. Notebooks are committed small: only cells tagged ``nbval-check-output`` keep an
output, it is plain text, and each file stays under 100 KB.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LEARNER = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
INSTRUCTOR = [NOTEBOOKS / "instructor_class_view.ipynb"]
EXPECTED = ["00_start_here", "01_job_or_career", "02_career_ladders", "03_lifetime_view",
            "04_job_to_career"]
MAX_BYTES = 100_000
CHECK_TAG = "nbval-check-output"  # nbval compares these cells' outputs (a cell tag, not a comment)
TEXT_OUTPUTS = {"stream"}


def load(path: Path):
    return nbformat.read(path, as_version=4)


def code_lines(cell) -> list[str]:
    return [ln for ln in cell.source.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


ids = [p.stem for p in LEARNER]


def test_the_five_learner_notebooks_and_the_guide_exist():
    assert [p.stem for p in LEARNER] == EXPECTED
    assert (NOTEBOOKS / "instructor_guide.md").is_file()
    assert all(p.is_file() for p in INSTRUCTOR)


@pytest.mark.parametrize("path", LEARNER + INSTRUCTOR, ids=ids + [p.stem for p in INSTRUCTOR])
def test_valid_and_small(path):
    nbformat.validate(load(path))
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size:,} bytes"


@pytest.mark.parametrize("path", LEARNER, ids=ids)
def test_title_objectives_time_sections_key_points(path):
    nb = load(path)
    first = nb.cells[0]
    number = path.stem[:2]
    assert first.cell_type == "markdown" and re.match(rf"# {number} · \S", first.source), \
        "the first cell is a markdown title '# NN · …'"
    text = markdown(nb)
    assert "In this notebook you will" in first.source
    assert re.search(r"Estimated time: \d+ minutes", first.source)
    sections = [int(n) for n in re.findall(r"^## (\d+)\. ", text, flags=re.M)]
    assert len(sections) >= 3 and sections == list(range(1, len(sections) + 1)), sections
    assert re.search(r"^## Key points", text, flags=re.M)
    assert nb.cells[-1].cell_type == "markdown" and "Key points" in nb.cells[-1].source


@pytest.mark.parametrize("path", LEARNER, ids=ids)
def test_exercises_question_answer_check(path):
    cells = load(path).cells
    number = int(path.stem[:2])
    found = []
    for i, cell in enumerate(cells):
        m = re.match(r"answer_(\d+)_(\d+) = \.\.\.(\s+#.*)?$", cell.source.strip())
        if cell.cell_type != "code" or not m:
            continue
        n, k = int(m.group(1)), int(m.group(2))
        assert n == number, f"{cell.source!r} belongs to notebook {number}"
        question = cells[i - 1]
        assert question.cell_type == "markdown" and f"**Question {n}.{k}.**" in question.source
        check = cells[i + 1]
        assert check.cell_type == "code"
        assert code_lines(check) == [f"check.question_{n}_{k}(answer_{n}_{k})"]
        assert CHECK_TAG in check.metadata.get("tags", []), "the placeholder hint is compared by nbval"
        found.append(k)
    assert len(found) >= 2 and found == list(range(1, len(found) + 1)), found
    # every check function the notebook calls exists
    from careerkit import check as checks

    for k in found:
        assert callable(getattr(checks, f"question_{number}_{k}"))


@pytest.mark.parametrize("path", LEARNER + INSTRUCTOR, ids=ids + [p.stem for p in INSTRUCTOR])
def test_code_cells_are_short_calls(path):
    for cell in load(path).cells:
        if cell.cell_type != "code":
            continue
        lines = code_lines(cell)
        assert 1 <= len(lines) <= 2, f"code cell has {len(lines)} lines:\n{cell.source}"
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)), \
                f"a notebook defines no function or class:\n{cell.source}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"input", "display_html"}, f"no blocking input():\n{cell.source}"
        assert "time.sleep" not in cell.source and ".show()" not in cell.source


@pytest.mark.parametrize("path", LEARNER, ids=ids)
def test_committed_without_bulky_outputs(path):
    nb = load(path)
    checked = 0
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)) or set(counts) == {None}, \
        f"run the notebook top to bottom in a fresh kernel before committing; counts: {counts}"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert "NBVAL_" not in cell.source, f"nbval options are cell tags, not comments:\n{cell.source}"
        marked = CHECK_TAG in cell.metadata.get("tags", [])
        assert bool(cell.metadata.get("keep_output")) == marked, \
            f"keep_output metadata must match the {CHECK_TAG} tag:\n{cell.source}"
        if not marked:
            assert cell.outputs == [], f"stripped cell has outputs:\n{cell.source}"
            continue
        checked += 1
        assert cell.outputs, f"{CHECK_TAG} cell has no committed output to compare:\n{cell.source}"
        assert cell.execution_count, f"nbval compares only cells with an execution count:\n{cell.source}"
        for out in cell.outputs:
            assert out.output_type in TEXT_OUTPUTS, f"only printed text is kept, got {out.output_type}"
            assert out.get("name") == "stdout"
            assert len(out.text) < 5_000
            assert "Traceback" not in out.text and "Error" not in out.text
    assert checked >= 2


@pytest.mark.parametrize("path", LEARNER, ids=ids)
def test_placeholder_checks_print_a_hint(path):
    """The committed output of every check cell is the hint for `...`, not a traceback."""
    for cell in load(path).cells:
        if cell.cell_type == "code" and "check.question_" in cell.source:
            text = "".join(o.get("text", "") for o in cell.outputs)
            assert text.startswith("Hint: Not answered yet"), text


def test_sanitize_file_is_valid():
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(NOTEBOOKS / "nbval_sanitize.cfg")
    assert cfg.sections()
    for section in cfg.sections():
        re.compile(cfg[section]["regex"])
        assert "replace" in cfg[section]


def test_pytest_runs_nbval_over_the_notebooks():
    import tomllib

    config = tomllib.loads((NOTEBOOKS.parent / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "notebooks" in config["testpaths"]
    assert "--nbval-lax" in config["addopts"]
    assert "notebooks/nbval_sanitize.cfg" in config["addopts"]


def test_pre_commit_strips_notebooks_but_keeps_checked_outputs():
    text = (NOTEBOOKS.parent / ".pre-commit-config.yaml").read_text()
    assert "kynan/nbstripout" in text and "id: nbstripout" in text
    assert "--keep-output" not in text.replace("keep_output", "")  # per-cell metadata, not global


def test_instructor_guide_covers_the_workshop():
    guide = (NOTEBOOKS / "instructor_guide.md").read_text()
    for needed in ["60-minute", "90-minute", "Learning outcomes", "Discussion prompts", "voila notebooks/",
                   "make lab", "data/templates/my_ladders.csv", "load_ladders", "ladders=",
                   "Crew Manager", "Watch Manager", "Station Manager", "Group Manager", "Area Manager",
                   "Brigade Manager", "CC BY 4.0", "Bureau of Labor Statistics", "## Seeing the class",
                   "python -m careerkit.classroom init", "ck.export_class_results()"]:
        assert needed in guide, needed


@pytest.mark.parametrize("path", INSTRUCTOR, ids=[p.stem for p in INSTRUCTOR])
def test_instructor_notebooks_are_committed_without_outputs(path):
    nb = load(path)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# Instructor · ")
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source


def test_notebook_00_shows_how_to_join_and_leave_a_class():
    nb = load(NOTEBOOKS / "00_start_here.ipynb")
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any(line.startswith("ck.join_class(") for src in code for line in code_lines_of(src))
    text = markdown(nb)
    assert "ck.leave_class()" in text and "ck.export_class_results()" in text and "4.3" in text


def code_lines_of(source: str) -> list[str]:
    return [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
