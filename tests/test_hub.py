"""The JupyterHub setup (hub/jupyterhub_config.py, class mode) with real Unix users and a real browser.

Needs root (it creates the Unix users ``ckhub_ana`` and ``ckhub_ben`` and the group ``ckhub_class``,
removed at the end, also when the test fails) and the proxy from npm (``make hub-deps``). The learners'
environment is built from the wheel into a folder every user can read (the test's own virtualenv may
live where learners cannot reach it). Then, in Chromium, each learner logs in on the hub's login page
with their Unix password (PAM), gets a server, lands in JupyterLab on 00_start_here.ipynb, runs it and
uses its app. Checked: each learner's course was copied into their own home, as them, and is not copied
again over their edits; a learner gets 403/404 for the other's server and cannot read the other's files;
Voila answers; the servers get CAREERKIT_CLASS_DIR and MEM_LIMIT; stopping the hub leaves no process of
either learner.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from _wheel import ROOT, shared_env

from bench._servers import CHROMIUM, CHROMIUM_ARGS, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNERS = ("ckhub_ana", "ckhub_ben")
GROUP = "ckhub_class"
PROXY = ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
NOTEBOOK = "careerkit-course/00_start_here.ipynb"
# JupyterLab settings for the learners' environment: no "Jupyter news" pop-up over the notebook
OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _user_processes(names) -> list:
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "username", "cmdline"]):
        if proc.info["username"] in names:
            found.append(proc)
    return found


def _remove_users() -> None:
    import psutil

    for proc in _user_processes(LEARNERS):  # only processes of the users this test created
        try:
            proc.kill()
        except psutil.Error:
            pass
    for name in LEARNERS:
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", GROUP], capture_output=True)


@pytest.fixture(scope="module")
def learners():
    """The Unix users (with a random password each) and their group; removed afterwards."""
    if not _is_root():
        pytest.skip("the hub test creates Unix users and runs the hub as root; run it as root (CI does)")
    _remove_users()  # left over from an interrupted run
    subprocess.run(["groupadd", GROUP], check=True)
    passwords = {}
    try:
        for name in LEARNERS:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", "--groups", GROUP, name], check=True)
            passwords[name] = secrets.token_urlsafe(12)
            subprocess.run(["chpasswd"], input=f"{name}:{passwords[name]}\n", text=True, check=True)
        yield passwords
    finally:
        _remove_users()


@pytest.fixture(scope="module")
def learner_env():
    """careerkit[lab,hub] from the wheel (tests/_wheel.py), in a folder all users can read."""
    python = shared_env("lab,hub")
    settings = python.parent.parent / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(OVERRIDES), encoding="utf-8")
    return python.parent.parent


class Hub:
    def __init__(self, env_prefix: Path, tmp: Path):
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.class_dir = Path(tempfile.mkdtemp(prefix="ckhub-class-"))
        self.state = tmp / "state"
        self.log_path = tmp / "hub.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CAREERKIT_"))}
        env.update({
            "CAREERKIT_HUB_MODE": "class", "CAREERKIT_HUB_GROUP": GROUP, "CAREERKIT_HUB_ENV": str(env_prefix),
            "CAREERKIT_HUB_STATE": str(self.state), "CAREERKIT_HUB_PORT": str(self.port),
            "CAREERKIT_HUB_API_PORT": str(free_port()), "CAREERKIT_HUB_PROXY_API_PORT": str(free_port()),
            "CAREERKIT_HUB_API_TOKEN": self.token, "CAREERKIT_CLASS_DIR": str(self.class_dir),
        })
        self.log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "hub" / "jupyterhub_config.py"),
             "--Spawner.args=--LabApp.expose_app_in_browser=True"],
            cwd=tmp, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the hub exited:\n{self.text()[-4000:]}"
            try:
                self.api("")
                return
            except OSError:
                time.sleep(0.25)  # polling a starting hub
        raise AssertionError(f"the hub did not answer within 120 s:\n{self.text()[-4000:]}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def api(self, path: str, method: str = "GET"):
        req = urllib.request.Request(f"{self.base}/hub/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback only
            body = resp.read()
            return json.loads(body) if body else None

    def wait_server(self, name: str, ready: bool, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api(f"users/{name}")["servers"].get("")
            if bool(server and server.get("ready")) == ready and (ready or server is None):
                return
            time.sleep(0.5)  # polling the hub's REST API
        raise AssertionError(f"{name}'s server did not become {'ready' if ready else 'stopped'}:\n{self.text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: the hub stops every learner's server, then the proxy
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        shutil.rmtree(self.class_dir, ignore_errors=True)


def _login(browser, hub: Hub, name: str, password: str):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(120_000)
    page = ctx.new_page()
    page.goto(f"{hub.base}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    # the hub starts the server, then JupyterLab opens the course's first notebook
    page.wait_for_url(re.compile(rf"/user/{name}/lab/tree/{re.escape(NOTEBOOK)}"), timeout=240_000)
    return ctx, page


class _Lab:
    """What tests/browser/_lab.py needs of a server: ``url(path)``; the hub's cookie does the rest."""

    def __init__(self, hub: Hub, name: str):
        self.prefix = f"{hub.base}/user/{name}/"

    def url(self, path: str) -> str:
        return self.prefix + path.lstrip("/")


def test_two_learners_on_the_hub(learners, learner_env, tmp_path):
    import psutil
    from browser import _apps, _lab
    from playwright.sync_api import sync_playwright

    assert PROXY.exists(), "run `make hub-deps` first (npm ci in hub/)"
    started = time.monotonic()
    phases = []

    def phase(what):
        phases.append(f"{what}: {time.monotonic() - started:.0f} s")
        print(phases[-1], flush=True)

    hub = Hub(learner_env, tmp_path)
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
                    _lab.open_notebook(page, _Lab(hub, name), NOTEBOOK)
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

        servers = [p for p in _user_processes({ana}) if "jupyterhub-singleuser" in " ".join(p.cmdline())]
        assert servers, "no single-user server process for ana"
        environ = servers[0].environ()
        assert environ["CAREERKIT_CLASS_DIR"] == str(hub.class_dir)
        assert environ["MEM_LIMIT"] == str(2**30)

        # copied once: an edit survives a restart of the server
        guide = homes[ana] / "careerkit-course" / "instructor_guide.md"
        subprocess.run(["sh", "-c", f"echo 'my note' >> '{guide}'"], user=ana, check=True)
        hub.api(f"users/{ana}/server", "DELETE")
        hub.wait_server(ana, ready=False)
        hub.api(f"users/{ana}/server", "POST")
        hub.wait_server(ana, ready=True)
        phase("ana's server restarted")
        assert guide.read_text(encoding="utf-8").endswith("my note\n")
        assert "careerkit: course copied for ckhub_ana" in hub.text()
        assert hub.text().count("careerkit: course copied for ckhub_ana") == 1
        assert psutil.pid_exists(hub.process.pid)
        proxy_pid = int((hub.state / "jupyterhub-proxy.pid").read_text())
        assert psutil.pid_exists(proxy_pid)
    finally:
        hub.stop()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _user_processes(LEARNERS):
        time.sleep(0.5)  # the servers' kernels may take a moment to exit after their server
    left = [(p.pid, p.info["username"], " ".join(p.info["cmdline"] or [])[:120]) for p in _user_processes(LEARNERS)]
    assert left == [], f"learner processes left after the hub stopped: {left}"
    assert not psutil.pid_exists(proxy_pid), "the proxy outlived the hub"


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
