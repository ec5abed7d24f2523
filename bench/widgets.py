"""Python time per update of every careerkit app (kernel side: model + figure + in-place redraw).

A control is changed ~30 times the way a learner would (a new ladder, a slider, a search);
each change returns only when the FigureWidget and the HTML views are updated, because
ipywidgets observers run synchronously in the kernel. Two cases: *cold* (a value the app has
not shown before: model + figure + redraw) and *warm* (going back to a value already shown:
the app reuses the figure it built, so only the redraw is left).
Reported in milliseconds: the median CPU time of this process per change (``time.process_time``:
steady when other work loads the machine) and the wall-clock median and 95th percentile.
Target: cold CPU median <= 20 ms per app.
Browser time (the message to the page, plotly.js drawing) comes on top; see the design guide.

Run:  .venv/bin/python -m bench.widgets [changes]
      .venv/bin/python -m bench.widgets --profile     # where the cold time goes, per app
"""
from __future__ import annotations

import itertools
import statistics
import sys
import time

TARGET_MS = 20.0


def _cases():
    """(app name, what changes, factory, distinct apply() keyword dicts), or None values for the quiz."""
    import careerkit as ck
    from careerkit import model, widgets

    names = model.ladder_names(ck.ladders(), with_steps_only=True)
    keywords = ck.riasec_keywords()
    actions = keywords.loc[keywords["keyword_type"] == "Action", "keyword"].astype(str).tolist()
    picks = [tuple(actions[i:i + 3]) for i in range(0, len(actions) - 2)]
    titles = ["cashier", "registered nurse", "fire captain", "web developer", "electrician", "barista",
              "truck driver", "accountant", "teacher", "police officer", "chef", "bank teller"]
    nurse = ck.find_occupation("nurse", limit=8)["onet_code"].tolist()
    return [
        ("LadderExplorer", "ladder", widgets.LadderExplorer, [{"ladder": n} for n in names]),
        ("LadderExplorer", "step", widgets.LadderExplorer, [{"step": s} for s in (1, 2, 3, 0)]),
        ("CompareLadders", "ladder b", widgets.CompareLadders, [{"b": n} for n in names[1:]]),
        ("LifetimeApp", "years slider", widgets.LifetimeApp, [{"years": y} for y in range(10, 50)]),
        ("LifetimeApp", "ladder", widgets.LifetimeApp, [{"ladder": n} for n in names]),
        # 1,000 simulated careers over 45 working years
        ("LifetimeApp", "chance, 45 y", _lifetime_45, [{"chance": c / 10} for c in range(0, 31)]),
        ("LifetimeApp", "discount, 45 y", _lifetime_45, [{"discount": r / 2} for r in range(0, 21)]),
        ("LifetimeApp", "train cost, 45 y", _lifetime_45, [{"training_cost": k * 1000} for k in range(0, 101, 3)]),
        ("WhatsNext", "type a title", widgets.WhatsNext, [{"title": t} for t in titles]),
        ("WhatsNext", "pick a match", lambda: widgets.WhatsNext(title="nurse"), [{"match": c} for c in nurse]),
        ("InterestsApp", "pick keywords", widgets.InterestsApp, [{"actions": p} for p in picks]),
        ("Quiz", "answer + next", widgets.Quiz, None),
        ("ClassView", "new answer + refresh", None, None),
        ("PlanBuilder", "career family", _planner, [{"ladder": n} for n in names]),
        ("PlanBuilder", "start year", _planner, [{"start_year": y} for y in range(2020, 2060)]),
    ]


def _lifetime_45():
    """A LifetimeApp simulating 1,000 careers over 45 working years (the issue's size)."""
    from careerkit import widgets

    return widgets.LifetimeApp().apply(years=45)


def _planner():
    """A PlanBuilder whose save folder is a temporary one (nothing is saved while measuring)."""
    import tempfile

    from careerkit import widgets

    return widgets.PlanBuilder(folder=tempfile.gettempdir(), start_year=2019)


def _time_quiz(changes: int) -> list[float]:
    from careerkit import widgets

    app, out = widgets.Quiz(), []
    for i in range(changes):
        t, c = time.perf_counter(), time.process_time()
        app.answer("job" if i % 2 else "career")
        app.next()
        out.append((time.perf_counter() - t, time.process_time() - c))
    return out


def _time_class_view(changes: int, learners: int = 30) -> list[float]:
    """A class of ``learners`` (bench.class_view's records): one learner answers, the view refreshes."""
    import shutil
    import tempfile
    from pathlib import Path

    from bench.class_view import write_class
    from careerkit import widgets

    tmp = Path(tempfile.mkdtemp(prefix="careerkit-bench-"))
    try:
        write_class(tmp, learners=learners)
        app, out = widgets.ClassView(tmp, interval=0), []
        files = sorted(tmp.glob("*.jsonl"))
        for i in range(changes):
            path = files[i % len(files)]
            line = path.read_text(encoding="utf-8").splitlines()[-1]
            t, c = time.perf_counter(), time.process_time()
            with path.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
            app.refresh()
            out.append((time.perf_counter() - t, time.process_time() - c))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def _apply(app, kw: dict, prof=None) -> tuple[float, float] | None:
    """(wall, CPU) seconds for one change, or None when the control already shows that value."""
    if all(app.controls[k].value == v for k, v in kw.items()):
        return None
    if prof is not None:
        prof.enable()
    t, c = time.perf_counter(), time.process_time()
    app.apply(**kw)
    dt, dc = time.perf_counter() - t, time.process_time() - c
    if prof is not None:
        prof.disable()
    if "could not" in app.message:
        raise RuntimeError(f"{type(app).__name__}: update failed: {app.message}")
    return dt, dc


def _time_changes(factory, values: list[dict], changes: int, prof=None) -> tuple[list[float], list[float], float]:
    """Cold: every value shown for the first time in its app (a fresh app when the values run
    out). Warm: going back to values the app has already shown (its results are cached)."""
    cold, build = [], []
    while len(cold) < changes:
        t = time.perf_counter()
        app = factory()
        build.append(time.perf_counter() - t)
        for kw in values:
            if len(cold) >= changes:
                break
            dt = _apply(app, kw, prof)
            if dt is not None:
                cold.append(dt)
    if prof is not None:
        return cold, [], 0.0
    warm = []
    for kw in itertools.cycle(values):
        if len(warm) >= changes:
            break
        dt = _apply(app, kw)
        if dt is not None:
            warm.append(dt)
    return cold, warm, statistics.median(build)


def _ms(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[round(q * (len(times) - 1))] * 1000


def _med(pairs: list[tuple[float, float]], i: int) -> float:
    return statistics.median(p[i] for p in pairs) * 1000 if pairs else float("nan")


def measure(changes: int = 30) -> list[dict]:
    """One row per (app, change): build_ms, cold and warm medians (CPU and wall) in ms, passed (cold CPU)."""
    rows = []
    for name, what, factory, values in _cases():
        if name == "ClassView":
            cold, warm, build = _time_class_view(changes), [], 0.0
        elif values is None:
            cold, warm, build = _time_quiz(changes), [], 0.0
        else:
            cold, warm, build = _time_changes(factory, values, changes)
        cpu = _med(cold, 1)
        rows.append({
            "app": name, "change": what, "n": len(cold), "build_ms": build * 1000,
            "cold_cpu_median_ms": cpu, "cold_median_ms": _med(cold, 0),
            "cold_p95_ms": _ms([p[0] for p in cold], 0.95),
            "warm_cpu_median_ms": _med(warm, 1), "warm_median_ms": _med(warm, 0),
            "target_ms": TARGET_MS, "passed": cpu <= TARGET_MS,
        })
    return rows


_PARTS = [  # (label, test on a profiled function's file and name), first match wins
    ("find_occupation", lambda f, n: f.endswith("careerkit/datasets.py") and n == "find_occupation"),
    ("model", lambda f, n: f.endswith("careerkit/model.py") and not n.startswith("_")),
    ("update_figure", lambda f, n: f.endswith("careerkit/widgets/_figure.py") and n == "update_figure"),
    ("plots builders", lambda f, n: f.endswith("careerkit/plots.py") and not n.startswith("_")
     and n not in ("refresh", "figure_changes", "alt_text")),
]


def profile(changes: int = 30) -> list[dict]:
    """Where the cold time goes, per app: ms per change in find_occupation, the model functions,
    the plot builders, update_figure and the rest (widget wiring, HTML text, ipywidgets)."""
    import cProfile
    import pstats

    rows = []
    for name, what, factory, values in _cases():
        if values is None:
            continue
        prof = cProfile.Profile()
        cold, _, _ = _time_changes(factory, values, changes, prof)
        stats = pstats.Stats(prof).stats
        total = sum(p[0] for p in cold) * 1000
        parts = dict.fromkeys([p for p, _ in _PARTS], 0.0)
        for (file, _, func), (_, _, _, cum, callers) in stats.items():
            for label, test in _PARTS:
                if test(file, func):
                    # count only top-level entries (not called from another counted function)
                    if not any(any(t(cf, cn) for _, t in _PARTS) for (cf, _, cn) in callers):
                        parts[label] += cum * 1000
                    break
        row = {"app": name, "change": what, "total_ms": total / len(cold)}
        row.update({k: v / len(cold) for k, v in parts.items()})
        row["rest"] = row["total_ms"] - sum(row[k] for k in parts)
        rows.append(row)
    return rows


def main(argv: list[str]) -> int:
    import os

    if "--profile" in argv:
        argv = [a for a in argv if a != "--profile"]
        rows = profile(int(argv[1]) if len(argv) > 1 else 30)
        labels = [p for p, _ in _PARTS] + ["rest"]
        print("cold ms per change (under cProfile, so slower than the plain run), by part:")
        print(f"{'app':<16}{'change':<15}{'total':>8}" + "".join(f"{p:>17}" for p in labels))
        for r in rows:
            print(f"{r['app']:<16}{r['change']:<15}{r['total_ms']:>8.1f}" + "".join(f"{r[p]:>17.1f}" for p in labels))
        return 0
    changes = int(argv[1]) if len(argv) > 1 else 30
    rows = measure(changes)
    print(f"Target: median Python (CPU) time of a cold update <= {TARGET_MS:.0f} ms")
    print(f"{'app':<16}{'change':<15}{'n':>4}{'build':>8}{'cold cpu':>10}{'cold wall':>10}{'wall p95':>10}"
          f"{'warm cpu':>10}{'warm wall':>10}  cold cpu vs target")
    for r in rows:
        print(f"{r['app']:<16}{r['change']:<15}{r['n']:>4}{r['build_ms']:>8.0f}{r['cold_cpu_median_ms']:>10.1f}"
              f"{r['cold_median_ms']:>10.1f}{r['cold_p95_ms']:>10.1f}{r['warm_cpu_median_ms']:>10.1f}"
              f"{r['warm_median_ms']:>10.1f}  {'PASS' if r['passed'] else 'FAIL'}")
    print("medians in ms per change; cold = a value shown for the first time, warm = going back to one")
    print("already shown; cpu = time.process_time of this process (steady when other processes load the")
    print(f"machine), wall = time.perf_counter. Load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
