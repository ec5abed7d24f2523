"""Figure 4: each course notebook executed headless, against the floor of a kernel plus the stack.

One row is one notebook in ``notebooks/``, executed top to bottom by ``nbclient`` in a fresh
kernel (the time includes starting and stopping that kernel), in a temporary copy of the
folder so nothing in the repository is written: the median of 3 runs. The floor is the same
for a notebook whose one cell imports the stack every notebook needs (pandas, plotly,
ipywidgets), also the median of 3 runs. The suite is the sum of the notebooks' medians.

Targets: each notebook ≤ 2 × the floor; the whole course, one notebook after another, ≤ 30 s.

Run alone:  .venv/bin/python -m bench notebooks
"""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FLOOR_CODE = "import pandas, plotly.graph_objects, ipywidgets"
RATIO_TARGET = 2.0
SUITE_TARGET_S = 30.0


def run_notebook(path: Path, *, timeout: int = 300) -> float:
    """Execute the notebook at ``path`` in a fresh kernel (cwd = its folder); return seconds taken.

    Raises ``nbclient.exceptions.CellExecutionError`` naming the cell when a cell fails.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def floor(repeat: int = 3) -> float:
    """Median seconds to start a kernel, import the stack and stop the kernel."""
    import nbformat

    with tempfile.TemporaryDirectory(prefix="ck-bench-floor-") as tmp:
        path = Path(tmp) / "floor.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
        nbformat.write(nb, path)
        return statistics.median(run_notebook(path) for _ in range(repeat))


def course_notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The course notebooks, in order (``notebooks/*.ipynb``, checkpoints excluded)."""
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def measure(folder: Path = NOTEBOOKS, *, floor_repeat: int = 3, repeat: int = 3,
            only: list[str] | None = None) -> list[dict]:
    """Rows: the floor, one per notebook (seconds; target ≤ 2 × floor) and the whole suite."""
    base = floor(floor_repeat)
    rows = [_row("notebook floor: kernel start + import stack", base, None, True,
                 note=f"median of {floor_repeat}: `{FLOOR_CODE}`")]
    paths = course_notebooks(folder)
    if only:
        paths = [p for p in paths if p.stem in only or p.name in only]
    total = 0.0
    failed = False
    with tempfile.TemporaryDirectory(prefix="ck-bench-nb-") as tmp:
        copy = Path(tmp) / "notebooks"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.html"))
        for path in paths:
            try:
                seconds = statistics.median(run_notebook(copy / path.name) for _ in range(repeat))
            except Exception as exc:  # a failing notebook is a failed figure, not a crash of the bench
                failed = True
                rows.append(_row(f"notebook run: {path.name}", float("nan"), f"<= {RATIO_TARGET:g} x floor",
                                 False, note=f"failed: {type(exc).__name__}: {str(exc).strip().splitlines()[-1:]}"))
                continue
            total += seconds
            limit = RATIO_TARGET * base
            rows.append(_row(f"notebook run: {path.name}", seconds, f"<= {limit:.2f} ({RATIO_TARGET:g} x floor)",
                             seconds <= limit, note=f"{seconds / base:.2f} x floor; median of {repeat}"))
    if not paths:
        rows.append(_row("notebook run: (no notebooks yet)", 0.0, None, True, note=f"no *.ipynb in {folder}"))
    rows.append(_row("notebook suite: all notebooks one after another", total, f"<= {SUITE_TARGET_S:g}",
                     (not failed) and total <= SUITE_TARGET_S,
                     note=f"{len(paths)} notebook(s); the sum of their medians"))
    return rows


def _row(name, value, target, passed, *, note=""):
    return {"figure": "notebooks", "name": name, "value": round(float(value), 2), "unit": "s",
            "target": target, "passed": bool(passed), "note": note}


if __name__ == "__main__":
    for r in measure():
        print(f"{r['name']:<55}{r['value']:>8.2f} s  {r['target'] or 'info'}  {r['note']}")
