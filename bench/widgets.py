"""Python time per update of every careerkit app (kernel side: model + figure + in-place redraw).

Each app is built once, then a control is changed ~30 times the way a learner would (a new
ladder, a slider, a search); each change returns only when the FigureWidget and the HTML
views are updated, because ipywidgets observers run synchronously in the kernel.
Reported: median and 95th percentile in milliseconds. Target: median <= 20 ms per app.
Browser time (the message to the page, plotly.js drawing) comes on top; see the design guide.

Run:  .venv/bin/python -m bench.widgets [changes]
"""
from __future__ import annotations

import itertools
import statistics
import sys
import time

TARGET_MS = 20.0


def _cases():
    """(app name, control change description, factory, list of apply() keyword dicts to cycle)."""
    import careerkit as ck
    from careerkit import model, widgets

    names = model.ladder_names(ck.ladders(), with_steps_only=True)
    keywords = ck.riasec_keywords()
    actions = keywords.loc[keywords["keyword_type"] == "Action", "keyword"].astype(str).tolist()
    return [
        ("LadderExplorer", "ladder", widgets.LadderExplorer, [{"ladder": n} for n in names]),
        ("LadderExplorer", "step", widgets.LadderExplorer, [{"step": s} for s in (1, 2, 3, 0)]),
        ("CompareLadders", "ladder b", widgets.CompareLadders, [{"b": n} for n in names[1:]]),
        ("LifetimeApp", "years slider", widgets.LifetimeApp, [{"years": y} for y in (40, 30, 45, 20, 35)]),
        ("LifetimeApp", "ladder", widgets.LifetimeApp, [{"ladder": n} for n in names]),
        ("WhatsNext", "type a title", widgets.WhatsNext,
         [{"title": t} for t in ("cashier", "registered nurse", "fire captain", "web developer", "electrician")]),
        ("InterestsApp", "pick keywords", widgets.InterestsApp,
         [{"actions": tuple(actions[i:i + 3])} for i in range(0, len(actions) - 3, 3)]),
        ("Quiz", "answer + next", widgets.Quiz, None),
    ]


def _time_quiz(app, changes: int) -> list[float]:
    out = []
    for i in range(changes):
        t = time.perf_counter()
        app.answer("job" if i % 2 else "career")
        app.next()
        out.append(time.perf_counter() - t)
    return out


def measure(changes: int = 30) -> list[dict]:
    """One row per (app, change): median_ms, p95_ms, build_ms, passed."""
    rows = []
    for name, what, factory, values in _cases():
        t = time.perf_counter()
        app = factory()
        build = time.perf_counter() - t
        if values is None:
            times = _time_quiz(app, changes)
        else:
            times = []
            for kw in itertools.islice(itertools.cycle(values), changes + 1):
                t = time.perf_counter()
                app.apply(**kw)
                times.append(time.perf_counter() - t)
                if app.message and "could not" in app.message:
                    raise RuntimeError(f"{name}: update failed: {app.message}")
            times = times[1:]  # the first value may equal the start value (no change event)
        times.sort()
        median = statistics.median(times) * 1000
        rows.append({
            "app": name, "change": what, "n": len(times), "build_ms": build * 1000,
            "median_ms": median, "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
            "target_ms": TARGET_MS, "passed": median <= TARGET_MS,
        })
    return rows


def main(argv: list[str]) -> int:
    changes = int(argv[1]) if len(argv) > 1 else 30
    rows = measure(changes)
    print(f"{'app':<16}{'change':<16}{'n':>4}{'build ms':>10}{'median ms':>11}{'p95 ms':>9}  target")
    for r in rows:
        print(f"{r['app']:<16}{r['change']:<16}{r['n']:>4}{r['build_ms']:>10.0f}{r['median_ms']:>11.1f}"
              f"{r['p95_ms']:>9.1f}  <= {r['target_ms']:.0f} ms {'PASS' if r['passed'] else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
