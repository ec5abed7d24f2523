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

Each class runs on a fresh Voila server (largest class first without a pool, then each size with
a pool), and every server is stopped with its kernels afterwards. Two server settings:

* **no pool** (Voila's defaults, except the executor time-outs below): a kernel is started per request and
  executes the notebook while the page streams. Target: every page ≤ 60 s.
* **pool** (the classroom settings)::

      voila 02_career_ladders.ipynb --preheat_kernel=True --pool_size=30 \\
            --VoilaKernelManager.fill_delay=3600 --VoilaExecutor.iopub_timeout=60 --VoilaExecutor.timeout=300 \\
            --KernelManager.transport=ipc

  as many kernels as learners execute the notebook as soon as Voila starts, a learner gets a page
  whose cells have already run, and the pool is refilled only after an hour. (With Voila's default
  refill after 1 s, every used kernel is replaced at once by a kernel executing the notebook: with
  30 learners that saturates 2 cores for minutes, and an interacting learner's p95 rose to 2.4–3.6 s
  in our runs.) Targets: each of 30 learners ≤ 5 s to a complete page, the interacting learner's
  p95 ≤ 200 ms, ≤ 200 MB per kernel (RSS of every kernel, psutil), 0 failures.

Both settings let Voila wait longer for cell outputs (``--VoilaExecutor.iopub_timeout=60``, default
4 s) and bound a cell at 300 s: with 30 kernels executing at once on 2 cores, outputs arrived later
than 4 s and Voila served every page without its apps (logging "Timeout waiting for IOPub output");
the bench counts such a page as incomplete. Both also use ``--KernelManager.transport=ipc``: each
kernel is reached over Unix sockets instead of five TCP ports that jupyter_client picks before the
kernel binds them; with 20 kernels starting at once another process took one of those ports first
and that kernel died (a pool then never fills, and a learner's page never completes).

Limits of an HTTP-level class: the N learners read the page but open no websocket, so their
browsers' widget set-up (one comm per widget, a few messages per learner) is not part of the load.

Run alone:  .venv/bin/python -m bench classroom        (``--quick``: one class of 10)
"""
from __future__ import annotations

import re
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
FILL_DELAY_S = 3600  # classroom setting: the pool is sized for the class, refill only after the lesson
# When many kernels share 2 cores, a cell's output can reach Voila later than its executor waits for
# it (iopub_timeout, 4 s): Voila then logs "Timeout waiting for IOPub output" and serves the page
# without that output (the apps are missing). Wait longer, and bound a cell at 300 s.
EXECUTOR_FLAGS = ["--VoilaExecutor.iopub_timeout=60", "--VoilaExecutor.timeout=300",
                  # kernels talk to Voila over Unix sockets: no TCP ports to pick, so no port race when
                  # many kernels start at once (with TCP, one of 20 pooled kernels died of it here)
                  "--KernelManager.transport=ipc"]
VIEW = "application/vnd.jupyter.widget-view+json"
PLOTLY = "application/vnd.plotly.v1+json"


def page_facts(body: str) -> dict:
    """What a Voila response holds: finished?, widget views, plotly figures, tracebacks, kernel id."""
    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', body)
    return {"finished": "window.voila_finish()" in body and body.rstrip().endswith("</html>"),
            "views": body.count(VIEW), "plots": body.count(PLOTLY),
            "tracebacks": body.count("Traceback") + body.count("Cell execution timed out"),
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
        return "a cell raised an error or timed out"
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


class KernelDied(RuntimeError):
    """A pooled kernel died while Voila started it."""


#: The last cell of the bench's copy of the class notebook: the kernel that ran it leaves a file named
#: by its process id. Voila logs "Kernel pool … is filled" when the kernels have started, before they
#: run the notebook, and kernels that have started and not yet been given the notebook use almost no
#: CPU for seconds (30 kernels here: 5 s), so a quiet CPU alone does not tell a warm pool.
RENDERED_CELL = "import os, pathlib\npathlib.Path({folder!r}, str(os.getpid())).touch()"


def wait_warm(server, kernels: int, rendered: Path, timeout: float = WARM_TIMEOUT_S, poll: float = 1.0) -> float:
    """Wait until ``kernels`` of the server's kernels have run the whole notebook (each left its file
    in ``rendered``, see ``RENDERED_CELL``) and then together used < 0.3 s of CPU in each of 3 polls
    (Voila still renders each page after the last cell). Returns the seconds waited."""
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
        if "died, removing from map" in server.log():
            # jupyter_client picks each kernel's TCP ports before the kernel binds them; with many
            # kernels starting at once another one can take a port first, and that kernel dies.
            # Voila does not replace it (fill_delay), so the pool would never fill.
            raise KernelDied("a kernel of the pool died while starting (its log: "
                             f"{server.log_path}); the pool cannot fill")
        ran = {int(f.name) for f in rendered.iterdir() if f.name.isdigit()} & set(now)
        idle = len(ran) >= kernels and set(now) == set(last) and used < 0.3 * poll  # CPU seconds, all kernels
        quiet = quiet + 1 if idle else 0
        if quiet >= 3:
            return time.perf_counter() - t
        last = now
        time.sleep(poll)
    raise TimeoutError(f"the Voila pool did not fill with {kernels} kernels that ran the notebook within "
                       f"{timeout:.0f} s ({len(list(rendered.iterdir()))} ran it)")


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


def keep_changing(learner, done, seconds: float, min_changes: int = MIN_CHANGES) -> tuple[list[float], list[str]]:
    """The interacting learner changes the app until ``done()`` and at least ``min_changes`` changes,
    for at most ``seconds``; stops early when the app is out of step. (milliseconds, errors)."""
    start = time.perf_counter()
    times, errors, in_a_row = [], [], 0
    while time.perf_counter() - start < seconds:  # bounded in time and in count
        if done() and len(times) >= min_changes:
            break
        ms, err = learner.change()
        if err == "no more planned changes" or in_a_row >= 3:  # the app is out of step: stop, report
            errors.append(err or "stopped after 3 changes in a row that did not show")
            break
        in_a_row = in_a_row + 1 if err else 0
        (errors.append(err) if err else times.append(ms))
    return times, errors


def run_class(server, url: str, n: int, learner: Learner, reference: dict) -> dict:
    """N learners at once plus the interacting learner; pages, failures, learner times, kernel memory."""
    barrier = threading.Barrier(n + 1)
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [pool.submit(fetch, url, PAGE_TIMEOUT_S, barrier) for _ in range(n)]
        barrier.wait(timeout=60)
        times, errors = keep_changing(learner, lambda: all(f.done() for f in futures), PAGE_TIMEOUT_S + 30)
        pages = [f.result() for f in futures]
    memory = server.kernel_rss_mb()
    problems = [p for p in (complete(page, reference) for page in pages) if p]
    return {"n": n, "seconds": [p["seconds"] for p in pages], "problems": problems, "learner_ms": times,
            "learner_errors": errors, "kernel_mb": memory, "kernels": [p["kernel"] for p in pages]}


def _prepare(tmp: Path, notebook: Path, subject: str) -> tuple[Path, Path, Path]:
    """The class folder: the class notebook with ``RENDERED_CELL`` added, and the interacting
    learner's notebook; returns (class folder, learner's notebook, folder of the kernels' files)."""
    import nbformat

    folder, rendered = tmp / "class", tmp / "rendered"
    folder.mkdir()
    rendered.mkdir()
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(RENDERED_CELL.format(folder=str(rendered))))
    nbformat.write(nb, folder / notebook.name)
    return folder, browser_latency.write_notebook(folder, subject), rendered


def classroom_flags(pool: int, exclude: str = "") -> list[str]:
    """Voila flags of the classroom settings: a pool of ``pool`` kernels, refilled only after an hour."""
    flags = ["--preheat_kernel=True", f"--pool_size={pool}", f"--VoilaKernelManager.fill_delay={FILL_DELAY_S}",
             *EXECUTOR_FLAGS]
    if exclude:  # the interacting learner's own notebook gets no pool
        flags.append(f"--VoilaKernelManager.preheat_denylist=['{exclude}']")
    return flags


def one_class(browser, tmp: Path, notebook: Path, subject: str, n: int, *, pool: bool,
              reference: dict | None = None, tries: int = 2) -> tuple[dict, dict, dict]:
    """One class of ``n`` learners on a fresh server (classroom settings if ``pool``): (run, info, reference).

    If a pooled kernel dies while the pool starts (a TCP port race in jupyter_client, seen with
    20 kernels starting at once), the class starts again on a new server, once; the row's note says so.
    """
    for attempt in range(tries):
        try:
            run, info, reference = _one_class(browser, tmp, notebook, subject, n, pool=pool, reference=reference)
        except KernelDied as exc:
            print(f"[bench] classroom n={n}: {exc}; starting the class again", file=sys.stderr, flush=True)
            if attempt == tries - 1:
                raise
            continue
        info["restarts"] = attempt
        return run, info, reference
    raise AssertionError("unreachable")


def _one_class(browser, tmp: Path, notebook: Path, subject: str, n: int, *, pool: bool,
               reference: dict | None = None) -> tuple[dict, dict, dict]:
    sub = Path(tempfile.mkdtemp(prefix=f"class{n}-", dir=tmp))
    folder, learner_book, rendered = _prepare(sub, notebook, subject)
    info = {}
    started = time.perf_counter()
    flags = classroom_flags(n, learner_book.stem) if pool else list(EXECUTOR_FLAGS)
    with _servers.start_voila(folder, sub, *flags) as server:
        url = server.url(f"voila/render/{notebook.name}")
        if pool:
            wait_warm(server, n, rendered)
            info["warm_s"] = time.perf_counter() - started
        if reference is None:
            reference = fetch(url)  # one learner alone; also what a complete page holds
            info["alone_s"] = reference["seconds"]
            if not reference["finished"] or reference["status"] != 200 or reference["tracebacks"]:
                raise RuntimeError(f"{notebook.name} does not render completely in Voila even for one learner: "
                                   f"{ {k: reference[k] for k in ('status', 'finished', 'tracebacks', 'error')} }")
            shutdown(server, [reference["kernel"]])
        learner = Learner(browser, server, learner_book, subject)
        try:
            run = run_class(server, url, n, learner, reference)
        finally:
            learner.close()
        print(f"[bench] classroom {'pool' if pool else 'no pool'} n={n}: slowest {max(run['seconds']):.1f} s, "
              f"median {statistics.median(run['seconds']):.1f} s, problems {len(run['problems'])}, "
              f"learner p95 {browser_latency.percentile(run['learner_ms'], 95):.0f} ms "
              f"({len(run['learner_ms'])} changes), kernels max {max(run['kernel_mb'], default=0):.0f} MB",
              file=sys.stderr, flush=True)
    return run, info, reference


def measure(quick: bool = False, notebook: Path = CLASS_NOTEBOOK, sizes=None, subject: str | None = None) -> list[dict]:
    """Rows: the largest class without a pool (Voila's defaults), then each class size with a pool of its size."""
    from playwright.sync_api import sync_playwright

    sizes = list(sizes or ((10,) if quick else (10, 20, 30)))
    subject = subject or browser_latency.largest_figure_app(browser_latency.apps()) or "floor"
    rows, memory = [], []
    with tempfile.TemporaryDirectory(prefix="ck-bench-class-") as tmp, sync_playwright() as pw:
        browser = _servers.launch_chromium(pw)
        try:
            run, info, reference = one_class(browser, Path(tmp), notebook, subject, sizes[-1], pool=False)
            rows.append(_row("classroom no pool: one learner alone", info["alone_s"], "s", None, True,
                             note=f"{notebook.name}; a kernel started for the request"))
            rows += _class_rows(run, "no pool", NO_POOL_TARGET_S, learner_target=False)
            memory += run["kernel_mb"]
            for n in sizes:
                run, info, _ = one_class(browser, Path(tmp), notebook, subject, n, pool=True, reference=reference)
                rows.append(_row(f"classroom pool={n}: pool warm-up after start", info["warm_s"], "s", None, True,
                                 note=f"{n} kernels executing {notebook.name}"
                                 + ("; the first pool lost a kernel at start-up and was started again"
                                    if info.get("restarts") else "")))
                rows += _class_rows(run, f"pool={n}", PAGE_TARGET_S, learner_target=True)
                memory += run["kernel_mb"]
        finally:
            browser.close()
    biggest = max(memory, default=float("nan"))
    rows.append(_row("classroom: memory per kernel (largest RSS)", biggest, "MB", f"<= {KERNEL_MB:g}",
                     bool(memory) and biggest <= KERNEL_MB,
                     note=f"median {statistics.median(memory) if memory else float('nan'):.0f} MB over "
                          f"{len(memory)} kernels read after the classes"))
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


def _row(name, value, unit, target, passed, *, note="", figure="classroom"):
    value = float(value)
    return {"figure": figure, "name": name, "value": round(value, 2) if value == value else value,
            "unit": unit, "target": target, "passed": bool(passed), "note": note}


if __name__ == "__main__":
    import json

    for r in measure(quick="--quick" in sys.argv):
        print(json.dumps(r))
