"""The careerkit hub (hub/jupyterhub_config.py, class mode) started for a test or a benchmark: free ports on
127.0.0.1, an admin service token for the REST API, its state in a temporary folder; and the Unix users
such a run creates (removed afterwards with every process they still run). Needs root."""
from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench._servers import free_port

ROOT = Path(__file__).resolve().parent.parent


def careerkit_spawner():
    """hub/careerkit_spawner.py, imported as the hub imports it (hub/ is not a package: the hub's config
    puts its own folder on the path)."""
    folder = str(ROOT / "hub")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import careerkit_spawner

    return careerkit_spawner


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def user_processes(names) -> list:
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "username", "cmdline"]):
        if proc.info["username"] in names:
            found.append(proc)
    return found


def remove_users(names, group: str) -> None:
    import psutil

    for proc in user_processes(names):  # only processes of the users this run created
        try:
            proc.kill()
        except psutil.Error:
            pass
    for name in names:
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", group], capture_output=True)


def log_in(page, hub: "Hub", name: str, password: str) -> None:
    """Log ``name`` in through the hub's own login page in ``page``; returns once the hub has sent the
    learner on to their server (their server started)."""
    import re

    page.goto(f"{hub.base}/hub/login", timeout=120_000)
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"^{re.escape(hub.base)}/user/{re.escape(name)}/"), timeout=240_000)


class _PortTaken(Exception):
    pass


class UserServer:
    """A learner's own server behind the hub, as the browser helpers need a server: ``url(path)``
    (the hub's cookie in the page does the rest)."""

    def __init__(self, hub: "Hub", name: str):
        self.prefix = f"{hub.base}/user/{name}/"

    def url(self, path: str) -> str:
        return self.prefix + path.lstrip("/")


class Hub:
    """A running hub; ``api(path, method)`` calls its REST API with the admin service token."""
    def __init__(self, env_prefix: Path, tmp: Path, group: str, *args: str, tries: int = 3):
        self.token = secrets.token_hex(16)
        self.class_dir = Path(tempfile.mkdtemp(prefix="ckhub-class-"))
        self.state = tmp / "state"
        self.log_path = tmp / "hub.log"
        for attempt in range(tries):
            try:
                self._start(env_prefix, tmp, group, args)
                return
            except _PortTaken:
                # another process took one of the three ports between free_port() and the hub's
                # (or its proxy's) bind: the hub exited; try again on new ports
                if attempt == tries - 1:
                    shutil.rmtree(self.class_dir, ignore_errors=True)
                    raise AssertionError(f"the hub found its ports taken {tries} times:\n{self.text()[-4000:]}") from None

    def _start(self, env_prefix: Path, tmp: Path, group: str, args) -> None:
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CAREERKIT_"))}
        env.update({
            "CAREERKIT_HUB_MODE": "class", "CAREERKIT_HUB_GROUP": group, "CAREERKIT_HUB_ENV": str(env_prefix),
            "CAREERKIT_HUB_STATE": str(self.state), "CAREERKIT_HUB_PORT": str(self.port),
            "CAREERKIT_HUB_API_PORT": str(free_port()), "CAREERKIT_HUB_PROXY_API_PORT": str(free_port()),
            "CAREERKIT_HUB_API_TOKEN": self.token, "CAREERKIT_CLASS_DIR": str(self.class_dir),
        })
        self.log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(ROOT / "hub" / "jupyterhub_config.py"),
             *args],
            cwd=tmp, env=env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = self.text()
            if "EADDRINUSE" in text or "Address already in use" in text:
                # the proxy logs it and keeps running without its public port
                self.stop(keep_class_dir=True)
                raise _PortTaken
            if self.process.poll() is not None:
                self.log.close()
                raise AssertionError(f"the hub exited:\n{text[-4000:]}")
            try:
                self.api("", timeout=5)
                return
            except (OSError, http.client.HTTPException):
                # HTTPException: something that is not the hub answered on its port (another
                # process took it); the hub then exits, above
                time.sleep(0.25)  # polling a starting hub
        raise AssertionError(f"the hub did not answer within 120 s:\n{self.text()[-4000:]}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def api(self, path: str, method: str = "GET", timeout: float = 30):
        req = urllib.request.Request(f"{self.base}/hub/api/{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback only
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

    def stop(self, keep_class_dir: bool = False) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: the hub stops every learner's server, then the proxy
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()
        if not keep_class_dir:
            shutil.rmtree(self.class_dir, ignore_errors=True)
