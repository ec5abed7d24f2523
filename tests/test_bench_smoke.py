"""Smoke tests of the benchmark code (`make bench`): tiny inputs, no timing assertions.

They check the shape of what the figures report (names, units, targets, `passed` a bool), that
a target can fail, that a crashing figure becomes a failed row, and that results.json is written
atomically and merges a partial run with the rows already there.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pytest

from bench import __main__ as bench_main
from bench import notebooks, sizes

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"figure", "name", "value", "unit", "target", "passed", "note"}


def check_rows(rows, figure, unit):
    assert rows, f"figure {figure} returned no rows"
    for r in rows:
        assert KEYS <= set(r), f"row is missing {KEYS - set(r)}: {r}"
        assert r["figure"] == figure and r["unit"] == unit
        assert isinstance(r["passed"], bool)
        assert r["target"] is None or isinstance(r["target"], str)
        assert r["value"] is None or isinstance(r["value"], (int, float))


def write_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(nb, path)
    return path


# ---- figure 5: sizes ---------------------------------------------------------------------------

def test_sizes_flags_a_notebook_over_the_target_and_measures_handouts(tmp_path):
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "small.ipynb", "1 + 1")
    big = tmp_path / "notebooks" / "big.ipynb"
    big.write_text(" " * int((sizes.NOTEBOOK_TARGET_KB + 10) * 1024))
    (tmp_path / "handouts").mkdir()
    for name in ("small", "big"):
        (tmp_path / "handouts" / f"{name}.html").write_text("<html></html>")
        os.utime(tmp_path / "handouts" / f"{name}.html", (time.time() + 5, time.time() + 5))

    rows = {r["name"]: r for r in sizes.measure(tmp_path)}  # not a git repository: every *.ipynb counts

    check_rows(list(rows.values()), "sizes", "kB")
    assert rows["notebook size: small.ipynb"]["passed"] is True
    assert rows["notebook size: big.ipynb"]["passed"] is False
    assert rows["notebook size: big.ipynb"]["value"] > sizes.NOTEBOOK_TARGET_KB
    assert rows["handout size: small.html"]["passed"] is True


def test_sizes_ignores_missing_or_stale_handouts(tmp_path):
    (tmp_path / "notebooks").mkdir()
    write_notebook(tmp_path / "notebooks" / "a.ipynb", "1")
    rows = sizes.measure(tmp_path)
    assert any("handouts not built" in r["name"] and "make handouts" in r["note"] for r in rows)

    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "a.html").write_text("<html></html>")
    os.utime(tmp_path / "handouts" / "a.html", (time.time() - 60, time.time() - 60))  # older than a.ipynb
    rows = sizes.measure(tmp_path)
    assert not any(r["name"] == "handout size: a.html" for r in rows), "a stale handout was measured"


# ---- figure 4: notebooks ---------------------------------------------------------------------

@pytest.mark.slow
def test_notebooks_reports_floor_each_notebook_and_a_failing_one(tmp_path):
    write_notebook(tmp_path / "a_ok.ipynb", "x = 1 + 1")
    write_notebook(tmp_path / "b_broken.ipynb", "raise RuntimeError('broken on purpose')")

    rows = notebooks.measure(tmp_path, floor_repeat=1, repeat=1)

    check_rows(rows, "notebooks", "s")
    by_name = {r["name"]: r for r in rows}
    assert by_name["notebook floor: kernel start + import stack"]["target"] is None
    assert by_name["notebook run: a_ok.ipynb"]["value"] > 0
    broken = by_name["notebook run: b_broken.ipynb"]
    assert broken["passed"] is False and "failed" in broken["note"]
    suite = by_name["notebook suite: all notebooks one after another"]
    assert suite["passed"] is False, "a suite with a failing notebook cannot pass"


# ---- the runner: one table, results.json ------------------------------------------------------

def test_a_crashing_figure_becomes_one_failed_row(monkeypatch):
    def broken(quick):
        raise RuntimeError("no server")

    monkeypatch.setitem(bench_main.FIGURES, "sizes", broken)
    rows = bench_main.run(["sizes"], quick=True)
    assert len(rows) == 1 and rows[0]["passed"] is False and "no server" in rows[0]["note"]
    assert "FAIL" in bench_main.table(rows)


def test_results_json_is_written_atomically_and_merges_partial_runs(tmp_path):
    out = tmp_path / "results.json"
    first = [bench_main._row("import", "a", 1.0, "ms", "<= 2", True),
             bench_main._row("sizes", "b", float("nan"), "kB", None, True)]
    bench_main.write_results(first, ["import", "sizes"], quick=True, path=out)
    second = [bench_main._row("sizes", "c", 3.0, "kB", "<= 2", False)]
    doc = bench_main.write_results(second, ["sizes"], quick=False, path=out)

    on_disk = json.loads(out.read_text(encoding="utf-8"))  # valid JSON: NaN was written as null
    assert on_disk == doc
    assert [r["name"] for r in on_disk["results"]] == ["a", "c"]  # old sizes rows replaced, import kept
    assert on_disk["machine"]["cpus"] >= 1 and on_disk["date"]
    assert not list(tmp_path.glob("*.tmp"))


def test_table_says_pass_fail_and_info():
    rows = [bench_main._row("x", "passes", 1.0, "ms", "<= 2", True),
            bench_main._row("x", "fails", 3.0, "ms", "<= 2", False),
            bench_main._row("x", "reference", math.nan, "ms", None, True)]
    lines = bench_main.table(rows).splitlines()
    assert lines[2].endswith("PASS") and lines[3].endswith("FAIL") and lines[4].endswith("info")


def test_cli_runs_one_figure_and_rejects_unknown_ones(tmp_path):
    out = tmp_path / "r.json"
    done = subprocess.run([sys.executable, "-m", "bench", "sizes", "--quick", "--output", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "notebook size" in done.stdout
    assert {r["figure"] for r in json.loads(out.read_text())["results"]} == {"sizes"}
    bad = subprocess.run([sys.executable, "-m", "bench", "nonsense"], cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0 and "unknown figure" in bad.stderr


# ---- figure 2: Python time per update ------------------------------------------------------------

def test_widgets_measures_every_app_with_a_few_changes():
    from bench import widgets as bench_widgets
    from careerkit import widgets

    rows = bench_widgets.measure(changes=2)
    assert {r["app"] for r in rows} == set(widgets.__all__), "every app in careerkit.widgets is measured"
    for r in rows:
        assert r["n"] == 2 and r["cold_cpu_median_ms"] > 0 and isinstance(r["passed"], bool)


# ---- figure 3: what each app's changes must show (no browser needed) ----------------------------

def test_browser_plan_expects_a_new_state_after_every_change():
    from bench import browser_latency

    for subject in ("floor", "LadderExplorer", "Quiz", "naive-px:LifetimeApp", "naive:LifetimeApp"):
        steps = browser_latency.plan(subject, 3)
        assert len(steps) == 3 + browser_latency.WARMUP
        for step in steps:
            assert step["action"]["selector"].startswith(".") and step["target"]["selector"].startswith(".")
            assert step["target"]["kind"] in ("figure", "html") and step["target"]["expected"]
        expected = [s["target"]["expected"] for s in steps]
        assert all(a != b for a, b in zip(expected, expected[1:])), f"{subject}: two changes expect the same view"
    # the naive versions show the same numbers as the app: the same text alternative
    app_alt = browser_latency.plan("LifetimeApp", 2)[0]["target"]["expected"]
    assert "simulated working lives over " in app_alt and "years" in app_alt
    px_fig = browser_latency.naive_builder("LifetimeApp", express=True)[1]("Nursing (US)")
    own_fig = browser_latency.naive_builder("LifetimeApp")[1]("Nursing (US)")
    assert px_fig.layout.meta["alt"] == own_fig.layout.meta["alt"]
    assert px_fig.layout.template.layout.colorway, "the px version uses plotly's default template"
    figure_steps = browser_latency.plan("LadderExplorer", 2)
    assert figure_steps[0]["target"]["kind"] == "figure", "an app with a figure is timed on its figure"


def test_percentile_interpolates_and_is_nan_without_values():
    from bench.browser_latency import percentile

    assert percentile([10, 20, 30, 40, 50], 50) == 30
    assert percentile([10, 20], 95) == pytest.approx(19.5)
    assert math.isnan(percentile([], 95))


# ---- figure 7: what counts as a complete Voila page ---------------------------------------------

PAGE = ('<script id="jupyter-config-data">{"kernelId": "0b1c2d3e-aaaa-bbbb-cccc-123456789abc"}</script>'
        '<script type="application/vnd.jupyter.widget-view+json">{}</script>'
        '<div data-mime-type="application/vnd.plotly.v1+json"></div>'
        '<script>window.voila_finish();</script></body></html>\n')


def test_classroom_page_is_complete_only_when_voila_finished_every_cell():
    from bench import classroom

    whole = {**classroom.page_facts(PAGE), "status": 200, "error": None}
    assert whole["kernel"] == "0b1c2d3e-aaaa-bbbb-cccc-123456789abc"
    assert classroom.complete(whole, whole) is None

    cut = {**classroom.page_facts(PAGE[:-40]), "status": 200, "error": None}
    assert "ended before" in classroom.complete(cut, whole)
    error = {**classroom.page_facts(PAGE.replace("<script>window", "Traceback<script>window")), "status": 200,
             "error": None}
    assert "raised" in classroom.complete(error, whole)
    fewer = {**classroom.page_facts(PAGE.replace("widget-view", "nothing")), "status": 200, "error": None}
    assert "widget views" in classroom.complete(fewer, whole)
    assert "HTTP 500" in classroom.complete({**whole, "status": 500}, whole)


class _Kernel:
    """A kernel process as psutil shows it: its pid and the CPU it has used."""

    def __init__(self, pid: int, cpu: float = 2.0):
        self.pid, self.cpu = pid, cpu

    def cpu_times(self):
        return types.SimpleNamespace(user=self.cpu, system=0.0)


class _Pool:
    """A Voila server whose ``kernels`` have started and are quiet; all of them leave their file (run
    the notebook's last cell) at poll number ``after`` (each poll reads the kernels once)."""

    log_path = "voila.log"

    def __init__(self, kernels: int, rendered, after: int):
        self.procs = [_Kernel(1000 + i) for i in range(kernels)]
        self.rendered, self.after, self.polls = rendered, after, 0

    def kernels(self):
        self.polls += 1
        if self.polls == self.after:
            for k in self.procs:
                (self.rendered / str(k.pid)).touch()
        return self.procs

    def log(self):
        return ""


def test_classroom_pool_is_warm_only_once_every_kernel_has_run_the_notebook(tmp_path):
    """Pooled kernels that have started sit quiet for seconds before Voila gives them the notebook:
    the wait goes on through that lull until each has left its file, then 3 quiet polls."""
    from bench import classroom

    rendered = tmp_path / "rendered"
    rendered.mkdir()
    (rendered / "999").touch()  # a kernel that is no longer the server's (the reference learner's)
    pool = _Pool(3, rendered, after=8)
    classroom.wait_warm(pool, 3, rendered, poll=0.001)
    assert pool.polls == 8 + 2, f"returned after {pool.polls} polls"  # the poll that found them, 2 more

    never = tmp_path / "never"
    never.mkdir()
    with pytest.raises(TimeoutError, match="0 ran it"):
        classroom.wait_warm(_Pool(3, never, after=10**6), 3, never, timeout=0.05, poll=0.001)


def test_classroom_notebook_copy_ends_with_the_cell_that_says_a_kernel_ran_it(tmp_path):
    from bench import classroom

    folder, learner_book, rendered = classroom._prepare(tmp_path, classroom.CLASS_NOTEBOOK, "floor")
    copy = nbformat.read(folder / classroom.CLASS_NOTEBOOK.name, as_version=4)
    original = nbformat.read(classroom.CLASS_NOTEBOOK, as_version=4)
    assert [c.source for c in copy.cells[:-1]] == [c.source for c in original.cells]
    assert learner_book.parent == folder and list(rendered.iterdir()) == []
    exec(copy.cells[-1].source, {})  # as the kernel runs it
    assert [f.name for f in rendered.iterdir()] == [str(os.getpid())]


# ---- figure 3 for real, tiny: the floor in Voila ------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_browser_floor_round_trip_is_timed_in_voila():
    # In a fresh process: the browser tests of the same pytest session keep a Playwright
    # sync API (and its asyncio loop) running, and a second sync API cannot start beside it.
    code = (
        "import json\n"
        "from bench import browser_latency\n"
        "data = browser_latency.measure_subjects(['floor'], 3, ('voila',))\n"
        "print(json.dumps(data[('voila', 'floor')]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    run = json.loads(out.stdout.strip().splitlines()[-1])
    assert run["errors"] == []
    assert len(run["times"]) == 3 and all(t > 0 for t in run["times"])
