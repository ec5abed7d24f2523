"""`make bench`: run every benchmark figure, print one table, write bench/results.json.

    .venv/bin/python -m bench                 # every figure (about 7 minutes on a quiet 2-core machine)
    .venv/bin/python -m bench --quick         # every figure with few repeats (a rough look, ~5 min)
    .venv/bin/python -m bench browser sizes   # only these figures; other rows in results.json are kept
    .venv/bin/python -m bench --list          # the figure names

Every row of the table and of ``results.json`` is one measurement: ``name``, ``value``, ``unit``,
``target`` (a text such as ``"<= 300"`` in the row's unit, or ``null`` for a reference figure such
as a floor) and ``passed`` (a bool; reference rows always pass). ``figure`` says which figure
the row belongs to and ``note`` adds context. A figure that crashes becomes one failed row with
the error, so one broken figure never hides the others. bench/README.md explains each figure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def _row(figure, name, value, unit, target, passed, note=""):
    return {"figure": figure, "name": name, "value": value, "unit": unit, "target": target,
            "passed": bool(passed), "note": note}


# ---- adapters for the figures whose modules return their own shapes ------------------------------

def fig_import(quick: bool) -> list[dict]:
    """Figure 1: cold import of careerkit + every table, against the stack alone (bench.import_time)."""
    from bench import import_time

    r = import_time.measure(3 if quick else 7)
    return [
        _row("import", "import pandas+plotly+ipywidgets (fresh process)", round(r["baseline_s"] * 1000), "ms",
             None, True, "median; the floor"),
        _row("import", "... + import careerkit + load every table", round(r["careerkit_s"] * 1000), "ms",
             None, True, "median"),
        _row("import", "careerkit extra over the stack", round(r["extra_s"] * 1000), "ms",
             f"<= {r['target_s'] * 1000:.0f}", r["passed"]),
    ]


def fig_widgets(quick: bool) -> list[dict]:
    """Figure 2: Python time per widget update for every app (bench.widgets)."""
    from bench import widgets

    rows = []
    for r in widgets.measure(8 if quick else 30):
        cpu = r.get("cold_cpu_median_ms", r.get("median_ms"))  # the module's own target measure
        wall, p95 = r.get("cold_median_ms", cpu), r.get("cold_p95_ms", r.get("p95_ms", float("nan")))
        warm = r.get("warm_median_ms")
        note = f"wall median {wall:.1f} ms, p95 {p95:.1f} ms over {r['n']} new values"
        if warm is not None and warm == warm:
            note += f"; back to a shown value: {warm:.1f} ms"
        rows.append(_row("widgets", f"widget update (Python, CPU): {r['app']} - {r['change']}", round(cpu, 1), "ms",
                         f"<= {r['target_ms']:g} (median)", r["passed"], note))
    return rows


def fig_figures(quick: bool) -> list[dict]:
    """Figure build times (bench.figures, by the plots module's owner)."""
    from bench import figures

    out = figures.measure(5 if quick else 30) if _takes_arg(figures.measure) else figures.measure()
    rows = out if isinstance(out, list) else [out]
    result = []
    for r in rows:
        name = r.get("name") or r.get("figure") or r.get("function") or "figure"
        value = next((r[k] for k in ("median_ms", "build_ms", "ms", "value") if k in r), float("nan"))
        target = r.get("target_ms", r.get("target"))
        result.append(_row("figures", f"figure build: {name}", round(float(value), 1), "ms",
                           None if target is None else f"<= {target:g} (median)" if isinstance(target, (int, float)) else target,
                           r.get("passed", True), r.get("note", "")))
    return result


def fig_validate(quick: bool) -> list[dict]:
    """Figure 6: validating a 100,000-row instructor file (bench.validate_100k)."""
    from bench import validate_100k

    r = validate_100k.measure(2 if quick else 5)
    target = f"<= {r['target_s']:g}"
    return [
        _row("validate", f"load_ladders, {r['rows']:,} rows, clean file", round(r["clean_s"], 2), "s",
             target, r["passed"], "median"),
        _row("validate", f"load_ladders, {r['rows']:,} rows, one bad cell", round(r["one_problem_s"], 2), "s",
             None, True, f"{r['one_problem_problems']:,} problem reported"),
        _row("validate", f"load_ladders, {r['rows']:,} rows, every 10th row bad", round(r["every_10th_row_bad_s"], 2),
             "s", None, True, f"{r['every_10th_row_bad_problems']:,} problems reported"),
    ]


def fig_notebooks(quick: bool) -> list[dict]:
    """Figure 4: each notebook executed headless, against a kernel start + the stack (bench.notebooks)."""
    from bench import notebooks

    return notebooks.measure(floor_repeat=2 if quick else 3, repeat=1 if quick else 3)


def fig_sizes(quick: bool) -> list[dict]:
    """Figure 5: size of each committed notebook and each handout (bench.sizes)."""
    from bench import sizes

    return sizes.measure(build=not quick)


def fig_browser(quick: bool) -> list[dict]:
    """Figure 3: widget change -> plot shows it, in headless Chromium, JupyterLab and Voila (bench.browser_latency)."""
    from bench import browser_latency

    return browser_latency.measure(changes=20 if quick else 24, frontends=("voila",) if quick else ("voila", "lab"),
                                   pages=1 if quick else browser_latency.PAGES)


def fig_classroom(quick: bool) -> list[dict]:
    """Figure 7: a class of N learners opening a Voila app on one server (bench.classroom)."""
    from bench import classroom

    return classroom.measure(quick=quick)


def fig_class_view(quick: bool) -> list[dict]:
    """The instructor's class view: 1,000 learner files x 50 records loaded and drawn (bench.class_view)."""
    from bench import class_view

    return [_row("class_view", r["name"], r["value"], r["unit"], r["target"], r["passed"], r["note"])
            for r in class_view.measure(3 if quick else 7)]
def fig_classroom_large(quick: bool) -> list[dict]:
    """Figure 7b: 60 and 100 learners in Voila with the classroom settings (bench.classroom_large)."""
    from bench import classroom_large

    return classroom_large.measure(quick=quick)


def fig_hub(quick: bool) -> list[dict]:
    """Figure 8: 10, 20, 30 learners on the careerkit JupyterHub (bench.hub)."""
    from bench import hub

    return hub.measure(quick=quick)


FIGURES = {
    "import": fig_import,
    "widgets": fig_widgets,
    "figures": fig_figures,
    "browser": fig_browser,
    "notebooks": fig_notebooks,
    "sizes": fig_sizes,
    "validate": fig_validate,
    "classroom": fig_classroom,
    "class_view": fig_class_view,
    "classroom-large": fig_classroom_large,
    "hub": fig_hub,
}


def _takes_arg(func) -> bool:
    import inspect

    try:
        return bool(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return False


def run(names: list[str], quick: bool) -> list[dict]:
    """Run the named figures in order; a figure that raises becomes one failed row."""
    rows = []
    for name in names:
        start = time.perf_counter()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            got = FIGURES[name](quick)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other figures
            traceback.print_exc()
            got = [_row(name, f"{name}: could not run", float("nan"), "", None, False,
                        f"{type(exc).__name__}: {exc}")]
        print(f"[bench] {name} done in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        rows.extend(got)
    return rows


def machine() -> dict:
    """What the figures were measured on."""
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    if hasattr(os, "getloadavg"):  # other work on the machine slows every figure down: say how busy it was
        info["load_average_1_5_15min"] = [round(x, 2) for x in os.getloadavg()]
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("pandas", "plotly", "ipywidgets", "jupyterlab", "voila", "playwright"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    return info


def _clean(value):
    """JSON has no NaN: a value that could not be measured is written as null."""
    return None if isinstance(value, float) and math.isnan(value) else value


def write_results(rows: list[dict], names: list[str], quick: bool, path: Path = RESULTS) -> dict:
    """Write ``path`` atomically (temp file + rename). Rows of figures not run this time are kept."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for r in rows:
        r["value"] = _clean(r["value"])
        r["measured"] = now + (" (quick)" if quick else "")
    kept = []
    if path.exists():
        try:
            kept = [r for r in json.loads(path.read_text(encoding="utf-8")).get("results", [])
                    if r.get("figure") not in names]
        except (ValueError, AttributeError):
            kept = []
    order = list(FIGURES)
    merged = sorted(kept + rows, key=lambda r: order.index(r["figure"]) if r.get("figure") in order else len(order))
    doc = {"date": now, "machine": machine(), "quick": quick, "figures_run": names, "results": merged}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return doc


def table(rows: list[dict]) -> str:
    """One plain-text table: figure, measurement, value, target, PASS/FAIL/info."""
    lines = [f"{'figure':<10} {'measurement':<66} {'value':>10} {'unit':<4} {'target':<26} result"]
    lines.append("-" * len(lines[0]))
    for r in rows:
        v = r["value"]
        value = "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.1f}" if isinstance(v, float) else f"{v:,}"
        verdict = "info" if r["target"] is None and r["passed"] else ("PASS" if r["passed"] else "FAIL")
        name = r["name"] if len(r["name"]) <= 66 else r["name"][:63] + "..."
        lines.append(f"{r['figure']:<10} {name:<66} {value:>10} {r['unit']:<4} {str(r['target'] or ''):<26} {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("figures", nargs="*", metavar="FIGURE", help=f"some of: {', '.join(FIGURES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and smaller loads: a rough look")
    parser.add_argument("--list", action="store_true", help="list the figures and exit")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.list:
        for name, func in FIGURES.items():
            print(f"{name:<10} {(func.__doc__ or '').strip().splitlines()[0] if func.__doc__ else ''}")
        return 0
    unknown = [n for n in args.figures if n not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; choose from {list(FIGURES)}")
    names = args.figures or list(FIGURES)
    rows = run(names, args.quick)
    doc = write_results(rows, names, args.quick, args.output)
    print(table(rows))
    failed = [r for r in rows if not r["passed"]]
    m = doc["machine"]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} rows pass; measured on {m.get('cpu', '?')}, "
          f"{m.get('cpus')} cores, {m.get('memory_gb', '?')} GB, Python {m['python']}; written to {args.output}")
    # A missed target is a result, not an error; only a figure that could not run fails the command.
    return 1 if any(r["name"].endswith(": could not run") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
