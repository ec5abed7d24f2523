"""Figure 7b: a large class in Voila — 60 and 100 learners on one server with the classroom settings.

The same class as figure 7 (``bench.classroom``: notebook 02, every learner's request sent at the same
moment, a page complete only when Voila finished every cell and it holds every app and figure, one real
learner in Chromium changing an app meanwhile), with the documented classroom settings and a pool of as
many kernels as learners. Rows per class size: pool warm-up, slowest complete page (target ≤ 5 s once the
pool is warm), incomplete pages (target 0), the interacting learner's p95 (≤ 200 ms), and the memory the
class took (the kernels' RSS added up, psutil) against what the machine had.

Before each class the bench checks what would stop it before it starts, and reports it as a failed row
instead of starting: the memory the pool needs (the measured kernel size of figure 7 times the pool)
against the memory available, and the open-file limit against the file descriptors Voila needs per
kernel (Unix sockets and pipes, about 10 each).

Run alone:  .venv/bin/python -m bench classroom-large      (``--quick``: 60 learners only)
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench import _servers, browser_latency, classroom

SIZES = (60, 100)
FDS_PER_KERNEL = 10  # Voila's side of one kernel over ipc: 5 ZeroMQ sockets, their pipes, the process' pipes
KERNEL_MB_ESTIMATE = 132.0  # figure 7's measured RSS per kernel (README "Performance"); only for the pre-check


def _open_file_limit() -> int | None:
    if os.name != "posix":
        return None
    import resource

    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _available_mb() -> float:
    import psutil

    return psutil.virtual_memory().available / 2**20


def fits(n: int) -> str | None:
    """Why a pool of ``n`` kernels cannot start here, or None."""
    need_mb = n * KERNEL_MB_ESTIMATE
    have_mb = _available_mb()
    if need_mb > 0.9 * have_mb:
        return (f"memory: {n} kernels need about {need_mb / 1024:.1f} GB ({KERNEL_MB_ESTIMATE:g} MB each), "
                f"{have_mb / 1024:.1f} GB available now")
    limit = _open_file_limit()
    if limit is not None and n * FDS_PER_KERNEL + 200 > limit:
        return f"file descriptors: about {n * FDS_PER_KERNEL + 200} needed, the open-file limit is {limit} (ulimit -n)"
    return None


def _row(*args, **kw) -> dict:
    return classroom._row(*args, **kw, figure="classroom-large")


def measure(quick: bool = False, sizes=None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    sizes = list(sizes or ((SIZES[0],) if quick else SIZES))
    notebook = classroom.CLASS_NOTEBOOK
    subject = browser_latency.largest_figure_app(browser_latency.apps()) or "floor"
    rows = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-large-") as tmp, sync_playwright() as pw:
        browser = _servers.launch_chromium(pw)
        try:
            # what a complete page holds, from a server without a pool (fetching it from the pooled
            # server would use up one of the class's kernels)
            _, _, reference = classroom.one_class(browser, Path(tmp), notebook, subject, 1, pool=False)
            for n in sizes:
                reason = fits(n)
                if reason:
                    rows.append(_row(f"classroom-large pool={n}: started", 0, "", "class starts", False,
                                     note=f"not started: {reason}"))
                    continue
                before = _available_mb()
                run, info, reference = classroom.one_class(browser, Path(tmp), notebook, subject, n, pool=True,
                                                           reference=reference)
                rows.append(_row(f"classroom-large pool={n}: pool warm-up after start", info["warm_s"], "s",
                                 None, True, note=f"{n} kernels executing {notebook.name}"))
                for row in classroom._class_rows(run, f"pool={n}", classroom.PAGE_TARGET_S, learner_target=True):
                    rows.append({**row, "figure": "classroom-large"})
                total = sum(run["kernel_mb"])
                rows.append(_row(f"classroom-large pool={n}: memory of the class (kernels' RSS, sum)", total, "MB",
                                 None, True,
                                 note=f"median {statistics.median(run['kernel_mb']) if run['kernel_mb'] else 0:.0f} MB "
                                      f"per kernel over {len(run['kernel_mb'])}; {before:.0f} MB were available "
                                      "before the class"))
                print(f"[bench] classroom-large n={n}: {total:.0f} MB in kernels", file=sys.stderr, flush=True)
        finally:
            browser.close()
    return rows


if __name__ == "__main__":
    import json

    for r in measure(quick="--quick" in sys.argv):
        print(json.dumps(r))
