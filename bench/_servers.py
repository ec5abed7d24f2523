"""Start and stop the JupyterLab and Voila servers the browser and classroom figures measure.

Every server runs from this virtualenv on 127.0.0.1 only, on a free port, with a random token,
with all Jupyter settings and runtime files in a temporary folder, in its own process group so
that :meth:`Server.stop` also ends every kernel it started. Use it as a context manager::

    with start_voila(folder, tmp, "--preheat_kernel=True", "--pool_size=30") as server:
        server.url("voila/render/app.ipynb")

(The same approach as tests/browser/_servers.py, plus extra Voila flags and kernel memory.)
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
START_TIMEOUT = 120  # seconds a server may take to answer its first request (a limit, not a figure)
CHROMIUM = os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LAB_SETTINGS = {  # no news pop-up, no update check, no autosave (the notebooks are temporary copies)
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(tmp: Path) -> dict[str, str]:
    """Environment for a server: Jupyter config, data, runtime and lab settings kept in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH")}
    dirs = {"JUPYTER_CONFIG_DIR": "config", "JUPYTER_DATA_DIR": "data", "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
            "IPYTHONDIR": "ipython"}
    for key, sub in dirs.items():
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[key] = str(tmp / sub)
    for rel, values in LAB_SETTINGS.items():
        path = tmp / "lab-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Server:
    """A running server; ``url(path)`` adds the token."""

    name: str
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{sep}token={self.token}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def kernels(self) -> list:
        """The kernel processes this server started (``psutil.Process`` objects)."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        out = []
        for p in children:
            try:
                if "ipykernel_launcher" in " ".join(p.cmdline()):
                    out.append(p)
            except psutil.Error:
                continue
        return out

    def kernel_rss_mb(self) -> list[float]:
        """Resident memory (RSS, MB) of each kernel process of this server."""
        import psutil

        out = []
        for p in self.kernels():
            try:
                out.append(p.memory_info().rss / 2**20)
            except psutil.Error:
                continue
        return out

    def stop(self) -> None:
        """Stop the server and every kernel it started (its whole process group)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        try:  # kernels that outlived the server in the same group
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _start(name: str, argv: list[str], *, cwd: Path, env: dict, port: int, token: str, ready: str,
           log_dir: Path) -> Server:
    log_path = log_dir / f"{name}-{port}.log"
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the server's life
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(name, port, token, process, log_path)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited ({process.returncode}) before answering; log {log_path}:\n"
                               f"{server.log()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url(ready), timeout=5) as resp:  # noqa: S310 - loopback only
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"{name} did not answer within {START_TIMEOUT} s; log {log_path}:\n{server.log()[-3000:]}")


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def start_lab(root: Path, tmp: Path) -> Server:
    """JupyterLab serving ``root``, with ``window.jupyterapp`` exposed so the page can run commands."""
    port, token = free_port(), secrets.token_hex(16)
    env = jupyter_env(tmp / f"lab-{port}")
    argv = [str(BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True", *_root_flag()]
    return _start("jupyterlab", argv, cwd=root, env=env, port=port, token=token, ready="api/status", log_dir=tmp)


def start_voila(root: Path, tmp: Path, *flags: str) -> Server:
    """Voila serving every notebook under ``root`` at ``voila/render/NAME.ipynb``; ``flags`` go to voila."""
    port, token = free_port(), secrets.token_hex(16)
    env = jupyter_env(tmp / f"voila-{port}")
    argv = [str(BIN / "voila"), str(root), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}", "--Voila.port_retries=0",
            f"--token={token}", "--show_tracebacks=True", *flags]
    return _start("voila", argv, cwd=root, env=env, port=port, token=token, ready="voila/tree", log_dir=tmp)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no network features (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; install Debian's chromium (tools/ensure_chromium.sh)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
