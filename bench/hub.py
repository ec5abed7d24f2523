"""Figure 8: a class on the careerkit JupyterHub (hub/jupyterhub_config.py) — 10, 20, 30 learners at once.

For each class size, on a fresh hub (class mode, as root) with that many new Unix users: every learner's
server is started through the hub's REST API at the same moment; once a server is ready, a kernel is
started on it and every code cell of notebook 02 runs in it, over the server's own websocket, through the
hub's proxy. Rows: time until every learner had run the notebook (from the first request), failures
(a server that did not start or a cell that raised; target 0), and memory per learner: the PSS of the
learner's single-user server and kernel (psutil, read after the notebook ran), median and largest.

Meanwhile one more learner, logged in through the hub's own login page in Chromium before the class
starts, keeps changing the lifetime app (Voila on their own server, the largest figure) the way figure 3
times it: the p95 of those changes while the class starts is a row (target ≤ 200 ms). To tell what the
hub's machine can give from what the app costs, the same learner also changes figure 3's floor (a
drop-down that only writes a text, in a second tab), taking turns with the app, and goes on doing both
once every server of the class has started (their kernels idle); the share of the machine's CPU in use
while the class started is a row too. The learner's Chromium shares the hub's two cores as an equal
(a session of its own; a learner's browser in a class runs on their own computer), so plotly.js's
drawing waits its turn too: harder than a real class.
The hub is the shipped one: each learner's server in a cgroup of its own (hub/careerkit_spawner.py), with a
low CPU weight until ``start_grace`` (60 s) after it is ready. The interacting learner is already working
when the class starts: the bench waits until their own server has left that start phase.
The learners' environment is built from the wheel into a folder every user can read (bench._envs),
unless ``CAREERKIT_HUB_ENV`` names one. Needs root and ``make hub-deps``.

Run alone:  .venv/bin/python -m bench hub      (``--quick``: 10 learners only)
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import nbformat

from bench import _hub, browser_latency, classroom
from bench.classroom import _row as _class_row

SIZES = (10, 20, 30)
LEARNER = "ckhub_bl"          # the interacting learner (not one of the class)
LEARNER_SUBJECT = "LifetimeApp"
MIN_CHANGES = 10
NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "02_career_ladders.ipynb"
GROUP = "ckhub_bench"
CELL_TIMEOUT_S = 300


def _names(n: int) -> list[str]:
    return [f"ckhub_b{i:03d}" for i in range(n)]


async def _request(hub, method: str, path: str, body=None):
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    req = HTTPRequest(f"{hub.base}/{path}", method=method, headers={"Authorization": f"token {hub.token}"},
                      body=None if body is None else json.dumps(body), allow_nonstandard_methods=True,
                      request_timeout=CELL_TIMEOUT_S)
    resp = await AsyncHTTPClient().fetch(req, raise_error=False)
    return resp.code, (json.loads(resp.body) if resp.body else None)


async def _run_notebook(hub, name: str, cells: list[str], waits: dict | None = None) -> str | None:
    """Start ``name``'s server, run every cell in a new kernel there; None, or what went wrong.
    ``waits[name]``: seconds from the server being ready to its new kernel's channels being open."""
    from tornado.websocket import websocket_connect

    code, _ = await _request(hub, "POST", f"hub/api/users/{name}/server")
    if code not in (201, 202):
        return f"starting the server: HTTP {code}"
    deadline = time.monotonic() + 300
    while True:
        code, user = await _request(hub, "GET", f"hub/api/users/{name}")
        server = (user or {}).get("servers", {}).get("")
        if server and server.get("ready"):
            break
        if time.monotonic() > deadline:
            return "the server was not ready within 300 s"
        await asyncio.sleep(0.5)  # polling the hub's REST API
    ready = time.monotonic()
    code, kernel = await _request(hub, "POST", f"user/{name}/api/kernels", {"name": "python3"})
    if code != 201:
        return f"starting a kernel: HTTP {code}"
    ws_url = hub.base.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel['id']}/channels"
    from tornado.httpclient import HTTPRequest

    # the same patience as every other request here (tornado's default for a websocket is 20 s; a
    # learner's JupyterLab keeps trying): a server still starting can take longer to open a kernel's
    # channels while the class arrives
    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {hub.token}"},
                                               connect_timeout=CELL_TIMEOUT_S, request_timeout=CELL_TIMEOUT_S))
    if waits is not None:
        waits[name] = time.monotonic() - ready
    session = uuid.uuid4().hex
    try:
        for i, source in enumerate(cells):
            msg_id = uuid.uuid4().hex
            conn.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": name, "session": session, "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True},
            }))
            while True:
                raw = await asyncio.wait_for(conn.read_message(), CELL_TIMEOUT_S)
                if raw is None:
                    return f"cell {i}: the websocket closed"
                if isinstance(raw, bytes):
                    continue  # binary buffers of widget messages
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "execute_reply":
                    if msg["content"]["status"] != "ok":
                        return f"cell {i} raised {msg['content'].get('ename')}: {msg['content'].get('evalue')}"
                    break
    finally:
        conn.close()
    return None


def _pss_mb(names) -> dict[str, float]:
    import psutil

    per = {}
    for proc in _hub.user_processes(set(names)):
        try:
            per[proc.info["username"]] = per.get(proc.info["username"], 0.0) + proc.memory_full_info().pss / 2**20
        except psutil.Error:
            continue
    return per


AFTER_CHANGES = 20  # each app's changes once the whole class has started
LEARNER_STEPS = 600  # planned changes of each kind: enough for the start of a class of 30 and AFTER_CHANGES


def _floor_notebook(book: Path) -> None:
    """Figure 3's floor app, written out in full (the learners' environment has careerkit, not the bench)."""
    import inspect

    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(inspect.getsource(browser_latency.floor_app)),
        nbformat.v4.new_code_cell("floor_app()")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), book)


class HubLearner:
    """The interacting learner: logs in through the hub's login page (PAM), waits for JupyterLab, then
    opens an app in Voila on their own server and changes it (``classroom.Learner.change``)."""

    def __init__(self, browser, hub, name: str, password: str, subject: str):
        import pwd

        user = pwd.getpwnam(name)
        book = Path(user.pw_dir) / f"bench_{subject}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("from careerkit import widgets"),
            nbformat.v4.new_code_cell(f"widgets.{subject}()")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), book)
        floor = Path(user.pw_dir) / "bench_floor.ipynb"
        _floor_notebook(floor)
        for path in (book, floor):
            os.chown(path, user.pw_uid, user.pw_gid)
        self.steps = {subject: iter(browser_latency.plan(subject, LEARNER_STEPS)),
                      "floor": iter(browser_latency.plan("floor", LEARNER_STEPS))}
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        _hub.log_in(self.page, hub, name, password)
        server = _hub.UserServer(hub, name)
        browser_latency.open_voila(self.page, server, book)
        floor_page = self.context.new_page()  # the same login (cookies of this context)
        browser_latency.open_voila(floor_page, server, floor)
        self.pages = {subject: self.page, "floor": floor_page}
        self.subject = subject
        self.times = {subject: [], "floor": []}  # (phase, ms) of each change shown
        self.phase = "starting"

    def change(self) -> tuple[float | None, str | None]:
        """The app and the floor take turns; the app's times are returned (``keep_changing``
        counts them), both are kept in ``times`` by phase."""
        for kind in (self.subject, "floor"):
            step = next(self.steps[kind], None)
            if step is None:
                return None, "no more planned changes"
            page = self.pages[kind]
            r = page.evaluate(browser_latency.STEP_JS, {"step": step, "timeoutMs": browser_latency.STEP_TIMEOUT_MS})
            page.wait_for_timeout(100)
            if "error" in r:
                return None, f"{kind}: {r['error']}"
            self.times[kind].append((self.phase, float(r["ms"])))
        return self.times[self.subject][-1][1], None

    def close(self) -> None:
        self.context.close()


def _wait_started(name: str, timeout: float = 300) -> None:
    """Until ``name``'s server has the CPU weight of a server whose start is over (or no cgroup at all:
    a hub that cannot make them gives every server the same weight from the start)."""
    spawner = _hub.careerkit_spawner()
    try:
        cgroup = spawner.LearnerCgroup.for_user(name)
    except spawner.CgroupUnavailable:
        return
    deadline = time.monotonic() + timeout
    while cgroup.procs_files()[0].exists() and cgroup.cpu_weight() != spawner.DEFAULT_WEIGHT:
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}'s server kept its start weight for {timeout:.0f} s")
        time.sleep(1)  # the hub changes the weight start_grace seconds after the server is ready


def one_class(env_prefix: Path, n: int, tmp: Path, browser=None) -> dict:
    import secrets
    import threading

    names = _names(n)
    _hub.remove_users([*names, LEARNER], GROUP)
    subprocess.run(["groupadd", GROUP], check=True)
    learner_ms, learner_errors, after_errors, timed = [], [], [], {}
    try:
        for name in [*names, LEARNER]:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", "--groups", GROUP, name], check=True)
        password = secrets.token_urlsafe(12)
        subprocess.run(["chpasswd"], input=f"{LEARNER}:{password}\n", text=True, check=True)
        hub = _hub.Hub(env_prefix, tmp, GROUP)
        try:
            learner = None
            if browser is not None:
                try:
                    learner = HubLearner(browser, hub, LEARNER, password, LEARNER_SUBJECT)
                except Exception as exc:  # noqa: BLE001 - the class is still measured; the row says why
                    learner_errors.append(f"the learner's app did not open: {type(exc).__name__}: {exc}")
            if learner is not None:
                _wait_started(LEARNER)
            nb = nbformat.read(NOTEBOOK, as_version=4)
            cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]

            async def everyone():
                from tornado.httpclient import AsyncHTTPClient

                # tornado's client sends at most 10 requests at once by default and times out the ones
                # queued behind them ("Timeout in request queue"): every learner gets a connection
                AsyncHTTPClient.configure(None, max_clients=4 * n)
                code, _ = await _request(hub, "POST", "hub/api/users", {"usernames": names})
                assert code in (201, 409), code
                return await asyncio.gather(*(_run_notebook(hub, name, cells, waits) for name in names),
                                            return_exceptions=True)

            import psutil

            # the class runs in a thread of its own; the learner's browser (Playwright's sync API) in this one
            out, done, waits = {}, threading.Event(), {}

            def the_class():
                started = time.perf_counter()
                psutil.cpu_percent()  # from now (psutil keeps the last reading per thread)
                try:
                    out["results"] = asyncio.run(everyone())
                finally:
                    out["seconds"] = time.perf_counter() - started
                    out["cpu"] = psutil.cpu_percent()
                    done.set()

            thread = threading.Thread(target=the_class, daemon=True)
            thread.start()
            if learner is not None:
                try:
                    learner_ms, errors = classroom.keep_changing(learner, done.is_set, 900, MIN_CHANGES)
                    learner_errors += errors
                    thread.join()
                    learner.phase = "started"
                    _after, after_errors = classroom.keep_changing(learner, lambda: True, 300, AFTER_CHANGES)
                    timed = learner.times
                finally:
                    learner.close()
            thread.join()
            results, seconds = out.get("results") or [RuntimeError("the class did not run")] * n, out["seconds"]
            memory = _pss_mb(names)
            if any(r is not None for r in results):  # the hub's whole log (servers and kernels too), to tell why
                kept = Path(tempfile.gettempdir()) / f"careerkit-bench-hub-{n}.log"
                kept.write_text(hub.text(), encoding="utf-8")
                for name, r in zip(names, results):
                    if r is not None:
                        print(f"[bench] hub n={n}: {name}: {r} (the hub's log: {kept})", file=sys.stderr, flush=True)
        finally:
            hub.stop()
    finally:
        _hub.remove_users([*names, LEARNER], GROUP)
    problems = [f"{name}: {r}" for name, r in zip(names, results) if r is not None]
    return {"n": n, "seconds": seconds, "problems": problems, "pss_mb": list(memory.values()),
            "learner_ms": learner_ms, "learner_errors": learner_errors, "cpu_percent": out.get("cpu", float("nan")),
            "after_errors": after_errors, "kernel_waits": sorted(waits.values()),
            "timed": {kind: {phase: [ms for p, ms in times if p == phase] for phase in ("starting", "started")}
                      for kind, times in timed.items()}}


def _row(*args, **kw) -> dict:
    return _class_row(*args, **kw, figure="hub")


def measure(quick: bool = False, sizes=None) -> list[dict]:
    if not _hub.is_root():
        return [_row("hub: started", 0, "", "runs as root", False, note="the hub bench creates Unix users: run as root")]
    sizes = list(sizes or ((SIZES[0],) if quick else SIZES))
    rows = []
    with tempfile.TemporaryDirectory(prefix="ck-bench-hub-") as tmp:
        env = Path(os.environ["CAREERKIT_HUB_ENV"]) if os.environ.get("CAREERKIT_HUB_ENV") else None
        if env is None:
            from bench._envs import shared_env

            env = shared_env("lab,hub").parent.parent
        from playwright.sync_api import sync_playwright

        from bench import _servers

        with sync_playwright() as pw:
            browser = _servers.launch_chromium(pw)
            try:
                runs = [one_class(env, n, Path(tempfile.mkdtemp(prefix=f"hub{n}-", dir=tmp)), browser) for n in sizes]
            finally:
                browser.close()
        for run in runs:
            n = run["n"]
            pss = run["pss_mb"]
            note = f"{len(run['problems'])} failure(s)" + (f": {run['problems'][0]}" if run["problems"] else "")
            rows += [
                _row(f"hub, {n} learners: all servers started and notebook 02 run", run["seconds"], "s", None,
                     True, note="servers started through the REST API at once, each ran every cell in its own kernel; "
                                "from a server ready to its kernel's channels open: median "
                                f"{statistics.median(run['kernel_waits']) if run['kernel_waits'] else float('nan'):.1f} s, "
                                f"slowest {max(run['kernel_waits'], default=float('nan')):.1f} s"),
                _row(f"hub, {n} learners: failures", len(run["problems"]), "", "<= 0", not run["problems"], note=note),
                _row(f"hub, {n} learners: memory per learner (server + kernel, PSS, median)",
                     statistics.median(pss) if pss else float("nan"), "MB", None, True,
                     note=f"largest {max(pss, default=float('nan')):.0f} MB over {len(pss)} learners"),
            ]
            times, errs = run["learner_ms"], run["learner_errors"]
            p95 = browser_latency.percentile(times, 95)
            rows.append(_row(f"hub, {n} learners: interacting learner p95 ({LEARNER_SUBJECT} in Voila on the hub)",
                             p95, "ms", f"<= {classroom.LEARNER_P95_MS:.0f}",
                             bool(times) and not errs and p95 <= classroom.LEARNER_P95_MS,
                             note=f"n={len(times)} changes while the class started (median "
                                  f"{statistics.median(times) if times else float('nan'):.0f} ms)"
                                  + (f"; {len(errs)} error(s): {errs[0]}" if errs else "")))
            rows.append(_row(f"hub, {n} learners: CPU in use while the class started", run["cpu_percent"], "%", None,
                             True, note="both cores, from the first request until every learner had run the notebook"))
            timed = run.get("timed") or {}
            for kind, phase, what in (("floor", "starting", "while the class started"),
                                      (LEARNER_SUBJECT, "started", "once every server had started"),
                                      ("floor", "started", "once every server had started")):
                t = (timed.get(kind) or {}).get(phase) or []
                label = "floor (text widget round trip)" if kind == "floor" else kind
                errs = run["after_errors"] if phase == "started" else run["learner_errors"]
                rows.append(_row(f"hub, {n} learners: interacting learner's {label} p95 {what}",
                                 browser_latency.percentile(t, 95), "ms", None, bool(t) and not errs,
                                 note=f"n={len(t)}, median {statistics.median(t) if t else float('nan'):.0f} ms; "
                                      "a reference: what the same change costs there"
                                      + (f"; {len(errs)} error(s): {errs[0]}" if errs else "")))
            print(f"[bench] hub n={n}: {run['seconds']:.1f} s, {len(run['problems'])} failures, "
                  f"PSS median {statistics.median(pss) if pss else float('nan'):.0f} MB", file=sys.stderr, flush=True)
    return rows


if __name__ == "__main__":
    for r in measure(quick="--quick" in sys.argv):
        print(json.dumps(r))
