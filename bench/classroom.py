"""Figure 7: a class on one machine — N learners open a notebook as a Voila app on one server.

The class notebook is ``notebooks/02_career_ladders.ipynb`` (the one the instructor guide runs in
Voila: two figures, two apps, self-checks). N learners (10, 20, 30) request it at the same moment,
each on its own HTTP connection; a learner's time is from sending the request to the end of the
streamed response. A page counts as **complete** when the status is 200, the body ends with
``</html>`` after Voila's ``window.voila_finish()`` (written only once every cell has executed),
and it holds as many widget views and plotly figures as a page served to one learner alone, with
no traceback. (Without a pool Voila streams each cell's output as it executes, so the response
ends when the last cell has run; with a pool the cells already ran before the learner came.)

Meanwhile one real learner (headless Chromium, opened before the class arrives) keeps changing the
app with the largest figure (the same timing as figure 3, ``bench.browser_latency``), from the
first class request until every class page is complete (and for at least 20 changes).

Two server settings, measured one after the other:

* **pool** (the classroom settings): ``voila --preheat_kernel=True --pool_size=30`` — 30 kernels
  execute the notebook ahead of time, a learner gets a finished page; Voila refills the pool.
  Targets: each of 30 learners ≤ 5 s to a complete page, the interacting learner's p95 ≤ 200 ms,
  ≤ 200 MB per kernel (RSS, psutil), 0 failures.
* **no pool** (Voila's defaults): a kernel is started per request. Target: every page ≤ 60 s.

After each class the class kernels are shut down (``POST voila/api/shutdown/<id>``), and the next
class waits until the pool is full and idle again.

Run alone:  .venv/bin/python -m bench classroom        (``--quick``: 10 learners, pool of 10)
"""
from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import _servers, browser_latency

ROOT = Path(__file__).resolve().parent.parent
CLASS_NOTEBOOK = ROOT / "notebooks" / "02_career_ladders.ipynb"
PAGE_TARGET_S = 5.0
NO_POOL_TARGET_S = 60.0
LEARNER_P95_MS = 200.0
KERNEL_MB = 200.0
MIN_CHANGES = 20
PAGE_TIMEOUT_S = 240.0  # a page not complete by then is a failure
WARM_TIMEOUT_S = 600.0  # the longest the bench waits for a pool to fill
LEARNER_STEPS = 250  # upper bound on the interacting learner's changes per server
VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def page_facts(body: str) -> dict:
    """What a Voila response holds: finished?, widget views, plotly figures, tracebacks, kernel id."""
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', body)
    return {"finished": "window.voila_finish()" in body and body.rstrip().endswith("</html>"),
            "views": body.count(VIEW), "plots": body.count(PLOTLY), "tracebacks": body.count("Traceback"),
            "kernel": kernel.group(1) if kernel else None, "bytes": len(body)}


def fetch(url: str, timeout: float = PAGE_TIMEOUT_S, start: threading.Barrier | None = None) -> dict:
    """One learner opening the page: seconds to the end of the response, and what it holds.

    The response is read as it streams; a page not finished after ``timeout`` seconds is cut off
    (Voila writes a heartbeat every few seconds, so the check runs even while a cell executes).
    """
    import httpx

    with httpx.Client(timeout=60) as client:
        if start is not None:
            start.wait(timeout=60)
        t = time.perf_counter()
        chunks, status, error = [], None, None
        try:
            with client.stream("GET", url) as r:
                status = r.status_code
                for chunk in r.iter_text():
                    chunks.append(chunk)
                    if time.perf_counter() - t > timeout:
                        error = f"not finished after {timeout:.0f} s"
                        break
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        body = "".join(chunks)
        return {"seconds": time.perf_counter() - t, "status": status, "error": error, **page_facts(body)}


def complete(page: dict, reference: dict) -> str | None:
    """``None`` when ``page`` is a complete page like ``reference``, else what is wrong with it."""
    if page["error"]:
        return page["error"]
    if page["status"] != 200:
        return f"HTTP {page['status']}"
    if not page["finished"]:
        return "the response ended before Voila finished executing the notebook"
    if page["tracebacks"]:
        return "a cell raised an error"
    if (page["views"], page["plots"]) != (reference["views"], reference["plots"]):
        return (f"{page['views']} widget views and {page['plots']} figures, but a page alone has "
                f"{reference['views']} and {reference['plots']}")
    return None


def shutdown(server, kernels) -> None:
    """Shut the class's kernels down the way a closed tab does."""
    import httpx

    for k in kernels:
        if k:
            try:
                httpx.post(server.url(f"voila/api/shutdown/{k}"), timeout=30)
            except httpx.HTTPError:
                pass


def wait_idle(server, kernels: int, timeout: float = WARM_TIMEOUT_S) -> float:
    """Wait until the server runs ``kernels`` kernels that used < 0.1 s of CPU in each of 3 seconds."""
    import psutil

    t = time.perf_counter()
    last, quiet = {}, 0
    while time.perf_counter() - t < timeout:
        used, now = 0.0, {}
        for p in server.kernels():
            try:
                cpu = p.cpu_times()
            except psutil.Error:
                continue
            now[p.pid] = cpu.user + cpu.system
            used += now[p.pid] - last.get(p.pid, 0.0)
        idle = len(now) >= kernels and set(now) == set(last) and used < 0.1 * len(now) + 0.2
        quiet = quiet + 1 if idle else 0
        if quiet >= 3:
            return time.perf_counter() - t
        last = now
        time.sleep(1.0)
    raise TimeoutError(f"the Voila pool did not fill with {kernels} idle kernels within {timeout:.0f} s")


class Learner:
    """One real learner in Chromium who keeps changing an app (steps from ``browser_latency.plan``)."""

    def __init__(self, browser, server, notebook: Path, subject: str):
        self.steps = iter(browser_latency.plan(subject, LEARNER_STEPS))
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        browser_latency.open_voila(self.page, server, notebook)
        self.index = 0

    def change(self) -> tuple[float | None, str | None]:
        """Make the next change; (milliseconds, None) or (None, error)."""
        step = next(self.steps, None)
        if step is None:
            return None, "no more planned changes"
        self.index += 1
        r = self.page.evaluate(browser_latency.STEP_JS, {"step": step, "timeoutMs": browser_latency.STEP_TIMEOUT_MS})
        self.page.wait_for_timeout(100)
        return (None, r["error"]) if "error" in r else (float(r["ms"]), None)

    def close(self) -> None:
        self.context.close()


def run_class(server, url: str, n: int, learner: Learner, reference: dict) -> dict:
    """N learners at once plus the interacting learner; pages, failures, learner times, kernel memory."""
    barrier = threading.Barrier(n + 1)
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(fetch, url, PAGE_TIMEOUT_S, barrier) for _ in range(n)]
        barrier.wait(timeout=60)
        start = time.perf_counter()
        times, errors, in_a_row = [], [], 0
        while time.perf_counter() - start < PAGE_TIMEOUT_S + 30:  # bounded in time and in count
            if all(f.done() for f in futures) and len(times) >= MIN_CHANGES:
                break
            ms, err = learner.change()
            if err == "no more planned changes" or in_a_row >= 3:  # the app is out of step: stop, report
                errors.append(err or "stopped after 3 changes in a row that did not show")
                break
            in_a_row = in_a_row + 1 if err else 0
            (errors.append(err) if err else times.append(ms))
        pages = [f.result() for f in futures]
    memory = server.kernel_rss_mb()
    problems = [p for p in (complete(page, reference) for page in pages) if p]
    return {"n": n, "seconds": [p["seconds"] for p in pages], "problems": problems, "learner_ms": times,
            "learner_errors": errors, "kernel_mb": memory, "kernels": [p["kernel"] for p in pages]}


def _prepare(tmp: Path, notebook: Path, subject: str) -> tuple[Path, Path]:
    folder = tmp / "class"
    folder.mkdir()
    shutil.copy(notebook, folder / notebook.name)
    return folder, browser_latency.write_notebook(folder, subject)


def scenario(browser, tmp: Path, notebook: Path, subject: str, sizes, pool: int) -> tuple[list[dict], dict]:
    """Run the classes of ``sizes`` on one server (with a pool of ``pool`` kernels, or none if 0)."""
    sub = Path(tempfile.mkdtemp(prefix=f"pool{pool}-", dir=tmp))
    folder, learner_book = _prepare(sub, notebook, subject)
    flags = ([f"--preheat_kernel=True", f"--pool_size={pool}",
              f"--VoilaKernelManager.preheat_denylist=['{learner_book.stem}']"] if pool else [])
    runs, info = [], {}
    started = time.perf_counter()
    with _servers.start_voila(folder, sub, *flags) as server:
        url = server.url(f"voila/render/{notebook.name}")
        if pool:
            wait_idle(server, pool)
            info["warm_s"] = time.perf_counter() - started
        reference = fetch(url)  # one learner alone; also what a complete page holds
        info["alone_s"] = reference["seconds"]
        if not reference["finished"] or reference["status"] != 200 or reference["tracebacks"]:
            raise RuntimeError(f"{notebook.name} does not render completely in Voila even for one learner: "
                               f"{ {k: reference[k] for k in ('status', 'finished', 'tracebacks', 'error')} }")
        shutdown(server, [reference["kernel"]])
        learner = Learner(browser, server, learner_book, subject)
        try:
            for n in sizes:
                if pool:
                    wait_idle(server, pool + 1)  # the pool is full again (+ the interacting learner's kernel)
                run = run_class(server, url, n, learner, reference)
                runs.append(run)
                print(f"[bench] classroom pool={pool} n={n}: slowest {max(run['seconds']):.1f} s, "
                      f"median {statistics.median(run['seconds']):.1f} s, problems {len(run['problems'])}, "
                      f"learner p95 {browser_latency.percentile(run['learner_ms'], 95):.0f} ms "
                      f"({len(run['learner_ms'])} changes), kernels max {max(run['kernel_mb'], default=0):.0f} MB",
                      file=sys.stderr, flush=True)
                shutdown(server, run["kernels"])
        finally:
            learner.close()
    return runs, info


def measure(quick: bool = False, notebook: Path = CLASS_NOTEBOOK, sizes=None, pool: int | None = None,
            subject: str | None = None) -> list[dict]:
    """Rows for the pooled classes (each size) and one class of the largest size without a pool."""
    from playwright.sync_api import sync_playwright

    sizes = list(sizes or ((10,) if quick else (10, 20, 30)))
    pool = pool or max(sizes)
    subject = subject or browser_latency.largest_figure_app(browser_latency.apps()) or "floor"
    rows = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-class-") as tmp, sync_playwright() as pw:
        browser = _servers.launch_chromium(pw)
        try:
            runs, info = scenario(browser, Path(tmp), notebook, subject, sizes, pool)
            rows.append(_row(f"classroom pool={pool}: pool warm-up after start", info["warm_s"], "s", None, True,
                             note=f"{pool} kernels executing {notebook.name}"))
            rows.append(_row(f"classroom pool={pool}: one learner alone", info["alone_s"], "s", None, True))
            for run in runs:
                rows += _class_rows(run, f"pool={pool}", PAGE_TARGET_S, learner_target=True)
            biggest = max(max(r["kernel_mb"], default=0) for r in runs)
            all_mb = [mb for r in runs for mb in r["kernel_mb"]]
            rows.append(_row(f"classroom pool={pool}: memory per kernel (largest RSS)", biggest, "MB",
                             f"<= {KERNEL_MB:g}", bool(all_mb) and biggest <= KERNEL_MB,
                             note=f"median {statistics.median(all_mb) if all_mb else float('nan'):.0f} MB "
                                  f"over {len(all_mb)} kernel readings"))
            runs, info = scenario(browser, Path(tmp), notebook, subject, sizes[-1:], 0)
            rows.append(_row("classroom no pool: one learner alone", info["alone_s"], "s", None, True))
            rows += _class_rows(runs[0], "no pool", NO_POOL_TARGET_S, learner_target=False)
        finally:
            browser.close()
    return rows


def _class_rows(run: dict, label: str, page_target: float, *, learner_target: bool) -> list[dict]:
    n, secs, problems = run["n"], run["seconds"], run["problems"]
    note = f"median {statistics.median(secs):.1f} s"
    if problems:
        note += f"; {len(problems)} incomplete page(s): {problems[0]}"
    p95 = browser_latency.percentile(run["learner_ms"], 95)
    lnote = (f"{len(run['learner_ms'])} changes while the class loaded, median "
             f"{statistics.median(run['learner_ms']) if run['learner_ms'] else float('nan'):.0f} ms"
             + (f"; {len(run['learner_errors'])} error(s): {run['learner_errors'][0]}" if run["learner_errors"] else ""))
    return [
        _row(f"classroom {label}, {n} learners: slowest complete page", max(secs), "s", f"<= {page_target:g}",
             not problems and max(secs) <= page_target, note=note),
        _row(f"classroom {label}, {n} learners: pages not complete", len(problems), "", "<= 0", not problems),
        _row(f"classroom {label}, {n} learners: interacting learner p95", p95, "ms",
             f"<= {LEARNER_P95_MS:g}" if learner_target else None,
             (not run["learner_errors"] and p95 <= LEARNER_P95_MS) if learner_target else True, note=lnote),
    ]


def _row(name, value, unit, target, passed, *, note=""):
    value = float(value)
    return {"figure": "classroom", "name": name, "value": round(value, 2) if value == value else value,
            "unit": unit, "target": target, "passed": bool(passed), "note": note}


if __name__ == "__main__":
    import json

    for r in measure(quick="--quick" in sys.argv):
        print(json.dumps(r))
