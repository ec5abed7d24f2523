"""Time careerkit.load_ladders on a generated 100,000-row instructor file.

Three files, each validated several times (median reported): a clean file, a file with one
bad cell, and a file where every tenth row has a mistake (10,000 problems listed).
Target: about 2 s for the clean file on a 2-core machine.

Run:  .venv/bin/python -m bench.validate_100k
"""
from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import careerkit as ck

ROWS = 100_000
TARGET_S = 2.0


def write_file(path: Path, n: int = ROWS, *, bad_every: int = 0) -> None:
    """n rows: ladders of five steps with rising years and pay; every bad_every-th row gets pay 'n/a'."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ladder", "step", "title", "years_from_start", "pay", "pay_basis", "note"])
        for i in range(n):
            step = i % 5 + 1
            bad = bad_every and i % bad_every == bad_every - 1
            w.writerow([f"Ladder {i // 5}", step, f"Role {step}", 2 * (step - 1),
                        "n/a" if bad else 30000 + 5000 * step, "example scale", "a short note"])


def time_load(path: Path, repeat: int) -> tuple[float, int]:
    times, problems = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        try:
            ck.load_ladders(path)
        except ck.DataError as err:
            problems = len(err.problems)
        times.append(time.perf_counter() - t)
    return statistics.median(times), problems


def measure(repeat: int = 5) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, bad_every in (("clean", 0), ("one_problem", ROWS), ("every_10th_row_bad", 10)):
            path = Path(tmp) / f"{label}.csv"
            write_file(path, bad_every=bad_every)
            out[label] = time_load(path, repeat)
    return {"rows": ROWS, "target_s": TARGET_S, "passed": out["clean"][0] <= TARGET_S,
            **{f"{k}_s": v[0] for k, v in out.items()}, **{f"{k}_problems": v[1] for k, v in out.items()}}


if __name__ == "__main__":
    r = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
    for label in ("clean", "one_problem", "every_10th_row_bad"):
        print(f"load_ladders, {r['rows']:,} rows, {label:<20} {r[label + '_s']:6.2f} s (median)"
              f"  problems: {r[label + '_problems']:,}")
    print(f"target for the clean file <= {TARGET_S:.1f} s  {'PASS' if r['passed'] else 'FAIL'}")
