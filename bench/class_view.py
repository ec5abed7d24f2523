"""The class view on a large class: 1,000 learner files of 50 records each, loaded and drawn.

The folder is written once into a temporary directory with the records a learner's kernel writes
(``careerkit.classroom``'s own format: the shipped self-check questions and quiz scenarios, a
mix of right and wrong answers, up to 40-character wrong answers). Measured, each a median over
``repeat`` runs:

The target is on the CPU time of the kernel's process (``time.process_time``), as for the widget
rows: on a machine shared with other work the wall time (in each row's note) also counts the time
the process waited for a core.

* **cold**: ``widgets.ClassView(folder)`` built from nothing — every file read and validated, the
  summary computed, the figure built and copied into its ``FigureWidget``, the tables written.
  Target ≤ 1 s.
* **refresh, nothing changed**: what the live view does every few seconds when no learner answered
  (a stat of each file, the summary and an in-place redraw).
* **refresh, one learner answered**: one file grew by a record.

Python time in the kernel; the browser's redraw of one figure is measured elsewhere
(``bench.browser_latency``).

Run alone:  .venv/bin/python -m bench class_view
"""
from __future__ import annotations

import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

LEARNERS = 1000
RECORDS = 50
TARGET_S = 1.0
CHECKS = ["0_1", "0_2", "1_1", "1_2", "2_1", "2_2", "2_3", "2_4", "3_1", "3_2", "4_1", "4_2", "4_3"]
NOTEBOOKS = {"0": "00_start_here", "1": "01_job_or_career", "2": "02_career_ladders", "3": "03_lifetime_view",
             "4": "04_job_to_career"}
WRONG = ["Fire Captain", "Battalion Chief", "3", "12000", "2019", "S", "career", "Bachelor's degree",
         "Fire Chief", "59280"]


def write_class(folder: Path, learners: int = LEARNERS, records: int = RECORDS, seed: int = 7) -> None:
    """``learners`` files of ``records`` records each, as kernels write them."""
    import careerkit as ck

    rng = random.Random(seed)
    scenarios = [str(i) for i in ck.quiz()["id"]]
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(learners):
        ident = f"{n:024x}"
        tries: dict = {}
        lines = []
        for i in range(records):
            if rng.random() < 0.25:
                kind, q = "quiz", rng.choice(scenarios)
            else:
                kind, q = "check", rng.choice(CHECKS)
            tries[(kind, q)] = tries.get((kind, q), 0) + 1
            ok = rng.random() < 0.6
            rec = {"v": 1, "id": ident, "name": f"learner-{n}", "kind": kind, "q": q, "ok": ok,
                   "try": tries[(kind, q)], "nb": NOTEBOOKS["1" if kind == "quiz" else q[0]],
                   "t": f"2026-12-01T10:{i // 60:02d}:{i % 60:02d}Z"}
            if kind == "quiz":
                rec["answer"] = rng.choice(["job", "career"])
            elif not ok and q != "4_3":
                rec["answer"] = rng.choice(WRONG)
            lines.append(json.dumps(rec, separators=(",", ":")))
        (folder / f"{ident}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _median(func, repeat: int) -> tuple[float, float]:
    """Median CPU time of this process and median wall time, in seconds."""
    cpu, wall = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return statistics.median(cpu), statistics.median(wall)


def measure(repeat: int = 5) -> list[dict]:
    """Rows: cold load and draw, refresh with nothing changed, refresh after one new answer."""
    from careerkit import widgets

    tmp = Path(tempfile.mkdtemp(prefix="careerkit-bench-class-"))
    try:
        folder = tmp / "class"
        write_class(folder)
        size = sum(p.stat().st_size for p in folder.iterdir())
        widgets.ClassView(folder, interval=0)  # warm-up: imports, the quiz table
        cold = _median(lambda: widgets.ClassView(folder, interval=0), repeat)
        view = widgets.ClassView(folder, interval=0)
        same = _median(view.refresh, repeat)
        target = folder / f"{0:024x}.jsonl"
        line = target.read_text(encoding="utf-8").splitlines()[-1]

        def one_more():
            with target.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
            view.refresh()

        grown = _median(one_more, repeat)
        assert view.summary.learners == LEARNERS, view.summary.learners
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    note = f"{LEARNERS:,} files x {RECORDS} records ({size / 1e6:.1f} MB); median of {repeat}"
    return [
        {"name": f"class view: load and draw {LEARNERS:,} learner files x {RECORDS} records (CPU)",
         "value": round(cold[0], 3), "unit": "s", "target": f"<= {TARGET_S:g}", "passed": cold[0] <= TARGET_S,
         "note": f"{note}; wall {cold[1]:.2f} s"},
        {"name": "class view: live refresh, no file changed (CPU)", "value": round(same[0], 3), "unit": "s",
         "target": None, "passed": True, "note": f"a stat per file; wall {same[1]:.3f} s"},
        {"name": "class view: live refresh, one learner answered (CPU)", "value": round(grown[0], 3), "unit": "s",
         "target": None, "passed": True, "note": f"one file read again, summary and in-place redraw; wall {grown[1]:.3f} s"},
    ]


if __name__ == "__main__":
    for row in measure():
        print(row)
