"""Start and stop the JupyterLab and Voila servers that the browser tests and the benchmarks use.

The one implementation: ``tests/browser/_servers.py`` re-exports it. Every server runs from this
virtualenv on 127.0.0.1 only, on a free port, with a random token, with all Jupyter settings and
runtime files in a temporary folder (the lab extensions for ipywidgets, anywidget and plotly are
still found in ``<sys.prefix>/share/jupyter``), in its own process group so that
:meth:`Server.stop` also ends every kernel it started. Use it as a context manager::

    with start_voila(folder, tmp, "--preheat_kernel=True", "--pool_size=30") as server:
        server.url("voila/render/app.ipynb")
"""
from __future__ import annotations

import http.client
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
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
START_TIMEOUT = 120  # seconds a server may take to answer its first request (a limit, not a figure)
CHROMIUM = os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
#: JupyterLab user settings written into the temporary settings folder:
#: no "Jupyter news" pop-up, no update check, no autosave (the notebooks are copies anyway).
#: The notebook's windowing mode stays at JupyterLab's default, as a learner has it: with
#: ``windowingMode: "none"`` FigureWidgets below the fold were drawn empty (measured here).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jupyter_env(tmp: Path) -> dict[str, str]:
    """Environment for a server: Jupyter config, data, runtime, settings and workspaces in ``tmp``."""
    env = dict(os.environ)
    for key in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(key, None)
    dirs = {
        "JUPYTER_CONFIG_DIR": tmp / "config",
        "JUPYTER_DATA_DIR": tmp / "data",
        "JUPYTER_RUNTIME_DIR": tmp / "runtime",
        "JUPYTERLAB_SETTINGS_DIR": tmp / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp / "lab-workspaces",
        "IPYTHONDIR": tmp / "ipython",
        # platformdirs' documents folder (PlanBuilder's default) and config: never the real home
        "XDG_DOCUMENTS_DIR": tmp / "documents",
        "XDG_CONFIG_HOME": tmp / "xdg-config",
    }
    for key, path in dirs.items():
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    for rel, values in LAB_SETTINGS.items():
        target = dirs["JUPYTERLAB_SETTINGS_DIR"] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=1), encoding="utf-8")
    return env


@dataclass
class Server:
    """A running server: ``url(path)`` adds the token; ``log()`` returns what it printed."""

    name: str
    port: int
    token: str
    process: subprocess.Popen
    log_path: Path
    root: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path.lstrip('/')}{sep}token={self.token}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def api(self, path: str):
        """GET a JSON endpoint of the server (with the token)."""
        req = urllib.request.Request(self.url(path))
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - loopback only
            return json.loads(resp.read().decode())

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


def _start(name: str, argv: list[str], *, root: Path, env: dict, port: int, token: str,
           ready_path: str, log_dir: Path) -> Server:
    log_path = log_dir / f"{name}-{port}.log"
    log_file = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the server's life
    process = subprocess.Popen(argv, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(name, port, token, process, log_path, root)
    deadline = time.monotonic() + START_TIMEOUT
    last_error = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with code {process.returncode} before answering; its log "
                               f"({log_path}):\n{server.log()[-4000:]}")
        try:
            with urllib.request.urlopen(server.url(ready_path), timeout=5) as resp:  # noqa: S310 - loopback only
                if resp.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException) as exc:
            # HTTPException: something that is not an HTTP server answered (another process took
            # the port between free_port() and the server's bind); the server then exits, above.
            last_error = exc
        time.sleep(0.25)  # polling a starting server, not waiting for a page
    server.stop()
    raise RuntimeError(f"{name} did not answer on port {port} within {START_TIMEOUT} s ({last_error}); "
                       f"its log ({log_path}):\n{server.log()[-4000:]}")


def _start_on_free_port(name: str, argv, *, root: Path, env_dir: Path, ready_path: str, log_dir: Path,
                        tries: int = 3) -> Server:
    """Start a server on a free port; if another process takes that port before the server binds
    it (the server then exits: port retries are off, so it never moves to a port nobody polls),
    try again on a new port."""
    for attempt in range(tries):
        port, token = free_port(), secrets.token_hex(16)
        env = jupyter_env(env_dir / f"{name}-{port}")
        try:
            return _start(name, argv(port, token, env), root=root, env=env, port=port, token=token,
                          ready_path=ready_path, log_dir=log_dir)
        except RuntimeError:
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def start_lab(root: Path, tmp: Path) -> Server:
    """JupyterLab serving ``root``, with ``window.jupyterapp`` exposed so the page can run commands."""
    def argv(port: int, token: str, env: dict) -> list[str]:
        return [
            str(BIN / "jupyter-lab"), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
            "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
            "--LabApp.workspaces_dir=" + env["JUPYTERLAB_WORKSPACES_DIR"],
            "--LabApp.user_settings_dir=" + env["JUPYTERLAB_SETTINGS_DIR"],
            *_root_flag(),
        ]
    return _start_on_free_port("jupyterlab", argv, root=root, env_dir=tmp, ready_path="api/status", log_dir=tmp)


def start_voila(root: Path, tmp: Path, *flags: str) -> Server:
    """Voila serving every notebook under ``root`` at ``voila/render/NAME.ipynb`` (a fresh kernel
    per page unless ``flags`` set up a pool); ``flags`` go to voila."""
    def argv(port: int, token: str, env: dict) -> list[str]:
        return [
            str(BIN / "voila"), str(root), "--no-browser", "--Voila.ip=127.0.0.1", f"--port={port}",
            "--Voila.port_retries=0", f"--token={token}", "--show_tracebacks=True", *flags,
        ]
    return _start_on_free_port("voila", argv, root=root, env_dir=tmp, ready_path="voila/tree", log_dir=tmp)


def launch_chromium(playwright):
    """Debian's Chromium, headless, with no network features (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}; install Debian's chromium (tools/ensure_chromium.sh)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
