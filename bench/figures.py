"""Python time to compute + build + refresh each careerkit figure on the shipped data.

For every figure the input alternates between real cases (ladder after ladder, occupation after
occupation, …), so each refresh has real changes to copy into the ``go.FigureWidget``.  One
update = the model call + the figure builder + ``update_figure`` — what a widget callback does
besides wiring.  Reported per figure: median and 95th percentile in ms; target: median <= 20 ms
(the whole widget callback budget, see bench/widgets.py).

Run:  .venv/bin/python -m bench.figures [repeats]
"""
from __future__ import annotations

import itertools
import os
import statistics
import sys
import time

TARGET_MS = 20.0


def _cases():
    """(name, list of zero-argument callables that return a new figure)."""
    import careerkit as ck
    from careerkit import model, plots

    ladders = ck.ladders()
    occ, rel, kw, dims = ck.occupations(), ck.related(), ck.riasec_keywords(), ck.dimensions()
    names = model.ladder_names(ladders, with_steps_only=True)
    steps = {n: model.get_ladder(n, ladders) for n in names}
    codes = ["33-2011.00", "41-2011.00", "29-1141.00", "35-3023.00", "47-2111.00", "15-1252.00"]
    titles = occ.set_index("onet_code")["title"]
    keywords = kw["keyword"].astype(str).tolist()
    years = [40, 30, 45, 20, 35]
    return [
        ("ladder_timeline (ladder changes)",
         [lambda n=n: plots.ladder_timeline(model.get_ladder(n, ladders)) for n in names]),
        ("pay_by_step (ladder changes)", [lambda n=n: plots.pay_by_step(model.get_ladder(n, ladders)) for n in names]),
        ("compare_ladders (ladder b changes)",
         [lambda n=n: plots.compare_ladders(steps[names[0]], model.get_ladder(n, ladders)) for n in names[1:]]),
        ("lifetime_earnings (years slider)",
         [lambda y=y: plots.lifetime_earnings(model.lifetime_earnings(
             steps[names[0]], assumptions=model.Assumptions(years=y))) for y in years]),
        ("lifetime_earnings (ladder changes)",
         [lambda n=n: plots.lifetime_earnings(model.lifetime_earnings(steps[n])) for n in names]),
        ("next_steps (occupation changes)",
         [lambda c=c: plots.next_steps(model.next_steps(c, occupations=occ, related=rel), current_title=titles[c])
          for c in codes]),
        ("interests (keywords change)",
         [lambda i=i: plots.interests(model.interest_scores(keywords[i:i + 4], keyword_table=kw))
          for i in range(0, len(keywords) - 4, 4)]),
        ("job_vs_career (build once)", [lambda: plots.job_vs_career(dims)]),
    ]


def _time(makers, repeat: int) -> tuple[list[float], list[float]]:
    from careerkit.widgets._figure import FigureWidget, update_figure

    widget = FigureWidget(makers[0]())
    widget._send = lambda msg, buffers=None: None  # no page: the update is built, not sent
    wall, cpu = [], []
    for make in itertools.islice(itertools.cycle(makers[1:] + makers[:1]), repeat):
        t, c = time.perf_counter(), time.process_time()
        update_figure(widget, make())
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def measure(repeat: int = 30) -> list[dict]:
    """One dict per figure: name, median_ms (wall clock), min_ms, p95_ms, cpu_median_ms, n, target_ms, passed, note.

    The CPU time (``time.process_time``) is reported too: on a shared, busy machine the wall
    clock also counts time spent waiting for a core.  The target is judged on the wall clock.
    """
    rows = []
    for name, makers in _cases():
        _time(makers, 3)  # warm up (first-use imports, plotly validators)
        wall, cpu = _time(makers, repeat)
        ms = sorted(wall)
        median = statistics.median(ms)
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        rows.append({"name": name, "median_ms": median, "p95_ms": p95, "cpu_median_ms": statistics.median(cpu),
                     "n": len(ms), "target_ms": TARGET_MS, "passed": median <= TARGET_MS,
                     "min_ms": ms[0],
                     "note": f"model + figure + refresh; min {ms[0]:.1f} ms, p95 {p95:.1f} ms, "
                             f"CPU median {statistics.median(cpu):.1f} ms "
                             f"over {len(ms)} updates; load average {load:.1f} on {os.cpu_count()} cores"})
    return rows


if __name__ == "__main__":
    for r in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 30):
        print(f"{r['name']:<40} median {r['median_ms']:6.1f} ms  min {r['min_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
              f"CPU median {r['cpu_median_ms']:6.1f} ms  "
              f"target <= {r['target_ms']:g}  {'PASS' if r['passed'] else 'FAIL'}")
