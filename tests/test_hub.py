"""The JupyterHub setup (hub/jupyterhub_config.py, class mode) with real Unix users and a real browser.

Needs root (it creates the Unix users ``ckhub_ana`` and ``ckhub_ben`` and the group ``ckhub_class``,
removed at the end, also when the test fails) and the proxy from npm (``make hub-deps``). The learners'
environment is built from the wheel into a folder every user can read (the test's own virtualenv may
live where learners cannot reach it). Then, in Chromium, each learner logs in on the hub's login page
with their Unix password (PAM), gets a server, lands in JupyterLab on 00_start_here.ipynb, runs it and
uses its app. Checked: each learner's course was copied into their own home, as them, and is not copied
again over their edits; a learner gets 403/404 for the other's server and cannot read the other's files;
Voila answers; the servers get CAREERKIT_CLASS_DIR and MEM_LIMIT; each server and its kernels run in the
learner's own cgroup (hub/careerkit_spawner.py) with the memory limit, a low CPU weight while the server
starts and the normal one after, and a process a learner left running dies with the server;
hub/start_class.py starts both servers before a lesson; stopping the hub leaves no process of either
learner.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench._envs import ROOT, shared_env
from bench._hub import Hub, UserServer, careerkit_spawner, is_root, log_in, remove_users, user_processes
from bench._servers import CHROMIUM, CHROMIUM_ARGS

_spawner = careerkit_spawner()
DEFAULT_WEIGHT, LearnerCgroup = _spawner.DEFAULT_WEIGHT, _spawner.LearnerCgroup

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNERS = ("ckhub_ana", "ckhub_ben")
GROUP = "ckhub_class"
PROXY = ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
NOTEBOOK = "careerkit-course/00_start_here.ipynb"
# JupyterLab settings for the learners' environment: no "Jupyter news" pop-up over the notebook
OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
START_GRACE = 20  # s a ready server keeps its start weight in this test (60 in a class)


@pytest.fixture(scope="module")
def learners():
    """The Unix users (with a random password each) and their group; removed afterwards."""
    if not is_root():
        pytest.skip("the hub test creates Unix users and runs the hub as root; run it as root (CI does)")
    remove_users(LEARNERS, GROUP)  # left over from an interrupted run
    subprocess.run(["groupadd", GROUP], check=True)
    passwords = {}
    try:
        for name in LEARNERS:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", "--groups", GROUP, name], check=True)
            passwords[name] = secrets.token_urlsafe(12)
            subprocess.run(["chpasswd"], input=f"{name}:{passwords[name]}\n", text=True, check=True)
        yield passwords
    finally:
        remove_users(LEARNERS, GROUP)


@pytest.fixture(scope="module")
def learner_env():
    """careerkit[lab,hub] from the wheel (tests/_wheel.py), in a folder all users can read."""
    python = shared_env("lab,hub")
    settings = python.parent.parent / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(OVERRIDES), encoding="utf-8")
    return python.parent.parent


def _login(browser, hub: Hub, name: str, password: str):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(120_000)
    page = ctx.new_page()
    log_in(page, hub, name, password)
    # the hub starts the server, then JupyterLab opens the course's first notebook
    page.wait_for_url(re.compile(rf"/user/{name}/lab/tree/{re.escape(NOTEBOOK)}"), timeout=240_000)
    return ctx, page


def test_two_learners_on_the_hub(learners, learner_env, tmp_path):
    # Playwright's sync API will not start in a thread where another one runs (the browser tests'
    # session-wide browser, when the whole suite runs in one process): this test gets its own thread
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(_two_learners_on_the_hub, learners, learner_env, tmp_path).result()


def _two_learners_on_the_hub(learners, learner_env, tmp_path):
    import psutil
    from browser import _apps, _lab
    from playwright.sync_api import sync_playwright

    assert PROXY.exists(), "run `make hub-deps` first (npm ci in hub/)"
    started = time.monotonic()
    phases = []

    def phase(what):
        phases.append(f"{what}: {time.monotonic() - started:.0f} s")
        print(phases[-1], flush=True)

    # Spawner.args on the command line replaces the config file's: its kernel transport is repeated here
    # (tests/test_hub_config.py checks the file's)
    hub = Hub(learner_env, tmp_path, GROUP,
              "--Spawner.args=['--KernelManager.transport=ipc', '--LabApp.expose_app_in_browser=True']",
              f"--CareerkitSpawner.start_grace={START_GRACE}")
    phase("hub up")
    ana, ben = LEARNERS
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                pages = {}
                for name in LEARNERS:
                    ctx, page = _login(browser, hub, name, learners[name])
                    phase(f"{name} logged in, server started")
                    pages[name] = page
                    _lab.open_notebook(page, UserServer(hub, name), NOTEBOOK)
                    _lab.run_all(page)
                    phase(f"{name} ran {NOTEBOOK}")
                    assert _lab.problems(_lab.cells(page)) == [], name
                    apps = page.locator(f"{_lab.panel_selector()} .ck-app")
                    assert apps.count() >= 1, f"{name}: notebook 00 shows no app"
                    ctx_drive = _apps.DriveContext(plan_folder=Path("/nonexistent"), job_titles=["Firefighter"])
                    assert _apps.drive(page, apps.first, ctx_drive), f"{name}: the app did nothing"
                    phase(f"{name} used the app")

                page = pages[ana]
                own = page.request.get(f"{hub.base}/user/{ana}/api/contents/careerkit-course")
                assert own.status == 200 and {i["name"] for i in own.json()["content"]} >= {"00_start_here.ipynb"}
                for path in ("api/contents/careerkit-course", "lab", "files/careerkit-course/00_start_here.ipynb"):
                    other = page.request.get(f"{hub.base}/user/{ben}/{path}", max_redirects=5)
                    assert other.status in (403, 404), (path, other.status, other.text()[:300])
                # the contents API of ana's own server does not reach out of her home
                escape = page.request.get(f"{hub.base}/user/{ana}/api/contents/..%2F{ben}")
                assert escape.status in (400, 403, 404), escape.status
                assert page.request.get(f"{hub.base}/user/{ana}/voila/tree/careerkit-course").status == 200
            finally:
                browser.close()

        homes = {name: Path(os.path.expanduser(f"~{name}")) for name in LEARNERS}
        for name, home in homes.items():
            course = home / "careerkit-course" / "00_start_here.ipynb"
            assert course.stat().st_uid == _uid(name), f"{name}'s course is not owned by {name}"
            assert (home.stat().st_mode & 0o077) == 0, f"{name}'s home is readable by others"
        denied = subprocess.run(["cat", str(homes[ben] / "careerkit-course" / "00_start_here.ipynb")],
                                user=ana, capture_output=True, text=True)
        assert denied.returncode != 0 and "Permission denied" in denied.stderr

        servers = [p for p in user_processes({ana}) if "jupyterhub-singleuser" in " ".join(p.cmdline())]
        assert servers, "no single-user server process for ana"
        environ = servers[0].environ()
        assert environ["CAREERKIT_CLASS_DIR"] == str(hub.class_dir)
        assert environ["MEM_LIMIT"] == str(2**30)

        # the server and the kernel it started are in ana's cgroup, which enforces her memory limit and,
        # the start over, gives her the normal CPU weight
        cgroup = LearnerCgroup.for_user(ana)
        running = {p.pid for p in user_processes({ana})}
        assert len(running) >= 2 and running <= cgroup.pids(), (running, cgroup.pids())
        assert cgroup.memory_limit() == 2**30
        # her kernel listens on Unix sockets in her own runtime folder, not on ports other users can reach
        kernels = [p for p in user_processes({ana}) if "ipykernel_launcher" in " ".join(p.cmdline())]
        assert kernels, "no kernel process for ana"
        connection = json.loads(Path(kernels[0].cmdline()[kernels[0].cmdline().index("-f") + 1]).read_text())
        assert connection["transport"] == "ipc" and connection["ip"].startswith(str(Path(f"~{ana}").expanduser()))
        _wait(lambda: cgroup.cpu_weight() == DEFAULT_WEIGHT, START_GRACE + 30, "ana's weight after her start")

        # copied once: an edit survives a restart of the server
        guide = homes[ana] / "careerkit-course" / "instructor_guide.md"
        subprocess.run(["sh", "-c", f"echo 'my note' >> '{guide}'"], user=ana, check=True)
        # a process ana left running in a session of its own (as a terminal's background job is): no
        # signal to her server reaches it, her cgroup does
        stray = subprocess.Popen(["sleep", "600"], user=ana, start_new_session=True)
        for procs in cgroup.procs_files():
            procs.write_text(str(stray.pid))
        hub.api(f"users/{ana}/server", "DELETE")
        hub.wait_server(ana, ready=False)
        assert stray.wait(timeout=15) == -9, "a process of ana's outlived her server"
        assert not any(d.exists() for d in cgroup.dirs.values()), "ana's cgroup outlived her server"
        hub.api(f"users/{ana}/server", "POST")
        hub.wait_server(ana, ready=True)
        assert cgroup.cpu_weight() < DEFAULT_WEIGHT, "a server that has just started has the low start weight"
        phase("ana's server restarted")
        assert guide.read_text(encoding="utf-8").endswith("my note\n")
        assert "careerkit: course copied for ckhub_ana" in hub.text()
        assert hub.text().count("careerkit: course copied for ckhub_ana") == 1

        # hub/start_class.py: both learners' servers stopped, then started again before "the lesson"
        for name in LEARNERS:
            hub.api(f"users/{name}/server", "DELETE")
            hub.wait_server(name, ready=False)
        script = subprocess.run([sys.executable, str(ROOT / "hub" / "start_class.py"), "--group", GROUP,
                                 "--hub", hub.base, "--timeout", "240"],
                                env={**os.environ, "CAREERKIT_HUB_API_TOKEN": hub.token},
                                capture_output=True, text=True, timeout=300)
        assert script.returncode == 0, script.stdout + script.stderr
        assert "2 of 2 servers ready" in script.stdout, script.stdout
        for name in LEARNERS:
            assert hub.api(f"users/{name}")["servers"][""]["ready"], name
        phase("both servers started by hub/start_class.py")
        assert psutil.pid_exists(hub.process.pid)
        proxy_pid = int((hub.state / "jupyterhub-proxy.pid").read_text())
        assert psutil.pid_exists(proxy_pid)
    finally:
        hub.stop()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and user_processes(LEARNERS):
        time.sleep(0.5)  # the servers' kernels may take a moment to exit after their server
    left = [(p.pid, p.info["username"], " ".join(p.info["cmdline"] or [])[:120]) for p in user_processes(LEARNERS)]
    assert left == [], f"learner processes left after the hub stopped: {left}"
    assert not psutil.pid_exists(proxy_pid), "the proxy outlived the hub"


def _wait(ok, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        assert time.monotonic() < deadline, f"{what}: not within {timeout:.0f} s"
        time.sleep(0.5)  # the hub changes it on its own schedule


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
