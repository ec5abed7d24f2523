"""Fixtures for the real-browser tests: Debian's Chromium, and JupyterLab and Voila servers.

The servers are started once per test session on 127.0.0.1 (random free port, random token),
with every Jupyter setting and runtime file in a temporary folder, and serve *copies* of the
notebooks (``work/notebooks``) plus the small generated notebooks the harness tests use
(``work/generated``). They are stopped at the end of the session, also when a test fails.

Every test in this folder is marked ``browser``. When Chromium is missing the tests fail with
a message saying how to install it; they never skip.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import _clean, _notebooks, _servers

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = _servers.CHROMIUM
LAUNCH_ARGS = _servers.CHROMIUM_ARGS
VIEWPORT = {"width": 1280, "height": 900}
#: How long expect(...) waits for the page (ms). Generous: the machine is shared, and a kernel
#: round trip that normally takes 60 ms can take seconds under load.
EXPECT_TIMEOUT = 60_000

MISSING_CHROMIUM = f"""\
careerkit browser tests: Chromium was not found at {CHROMIUM}.
  These tests drive a real browser and do not skip. Install Debian's Chromium:
      sudo apt-get install -y chromium        (or: bash tools/ensure_chromium.sh)
  or point CAREERKIT_CHROMIUM at a Chromium/Chrome binary. Never use 'playwright install'.
  To run every other test: make test-fast"""


def _terminate(signum, frame):
    # `kill` / a CI timeout: stop like Ctrl-C, so the session fixtures stop the servers they started
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _terminate)
    try:
        from playwright.sync_api import expect
    except ImportError:  # reported by the browser fixture
        return
    expect.set_options(timeout=EXPECT_TIMEOUT)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


# ----------------------------------------------------------------------------- handouts
# The handouts are built by tools/make_handouts.py (its own functions) in a background process,
# started as soon as the handout tests are collected, so the build overlaps the JupyterLab and Voila
# tests instead of adding to them. It is built once a session, into the folder every test process
# shares (tests/conftest.py): by the first process that collects the handout tests; the others wait
# for it to finish (handouts.exit).

HANDOUT_TIMEOUT = 900  # s for the whole build
_BUILD = """
import importlib.util, sys, traceback
from pathlib import Path
out, done = Path(sys.argv[2]), Path(sys.argv[3])
status = 1
try:
    spec = importlib.util.spec_from_file_location("make_handouts", sys.argv[1])
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for nb in [*tool.course_notebooks(), *map(Path, sys.argv[4:])]:
        print(tool.make_handout(nb, out), flush=True)
    status = 0
except BaseException:
    traceback.print_exc()
finally:
    done.with_suffix(".part").write_text(str(status))  # whole, or not there: another process waits for it
    done.with_suffix(".part").replace(done)
sys.exit(status)
"""
_handout_build: dict = {}


def pytest_collection_finish(session):
    from bench._envs import SESSION_DIR

    if not any(Path(str(item.fspath)).name in ("test_handouts.py", "test_a11y.py") for item in session.items):
        return
    tmp = Path(os.environ[SESSION_DIR]) / "handouts"
    _handout_build.update(tmp=tmp, out=tmp / "html", done=tmp.parent / "handouts.exit")
    try:
        tmp.mkdir()  # atomic: the one process that makes the folder builds the handouts
    except FileExistsError:
        return
    _notebooks.write_generated(tmp / "generated")
    with open(tmp / "build.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", _BUILD, str(REPO / "tools" / "make_handouts.py"), str(tmp / "html"),
             str(_handout_build["done"]), str(tmp / "generated" / "hostile.ipynb")],
            cwd=REPO, env=_servers.jupyter_env(tmp / "jupyter"), stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    # stopped by the session (tests/conftest.py) if it is still running when every test has finished
    (tmp.parent / "handouts.pid").write_text(str(process.pid))
    _handout_build["process"] = process


@pytest.fixture(scope="session")
def handout_dir() -> Path:
    """The folder of built handouts: NAME.html for every course notebook, and hostile.html."""
    if not _handout_build:
        pytest.fail("the handout build was not started (it starts when test_handouts.py is collected)")
    done = _handout_build["done"]
    deadline = time.monotonic() + HANDOUT_TIMEOUT
    log = _handout_build["tmp"] / "build.log"
    process = _handout_build.get("process")  # in the one process that started the build
    while not done.exists():
        if process is not None and process.poll() is not None and not done.exists():
            pytest.fail(f"tools/make_handouts.py stopped (exit {process.returncode}) without finishing:\n"
                        + log.read_text(encoding="utf-8", errors="replace")[-3000:], pytrace=False)
        if time.monotonic() > deadline:
            pytest.fail(f"building the handouts took more than {HANDOUT_TIMEOUT} s")
        time.sleep(0.5)
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else "(no log)"
    status = done.read_text().strip()
    if status != "0":
        pytest.fail(f"tools/make_handouts.py failed (exit {status}):\n{text[-3000:]}", pytrace=False)
    return _handout_build["out"]


# ----------------------------------------------------------------------------- browser and pages


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    """The folder the servers serve: copies of notebooks/*.ipynb and the generated notebooks."""
    root = tmp_path_factory.mktemp("work")
    (root / "notebooks").mkdir()
    for nb in sorted(NOTEBOOKS.glob("*.ipynb")):
        shutil.copy2(nb, root / "notebooks" / nb.name)
    _notebooks.write_generated(root / "generated")
    return root


@pytest.fixture(scope="session")
def lab(workdir, tmp_path_factory):
    """A JupyterLab server on the work folder (stopped at the end of the session)."""
    server = _servers.start_lab(workdir, tmp_path_factory.mktemp("jupyter"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila(workdir, tmp_path_factory):
    """A Voila server on the work folder; each page load runs the notebook in a fresh kernel."""
    server = _servers.start_voila(workdir, tmp_path_factory.mktemp("jupyter"))
    try:
        yield server
    finally:
        server.stop()


_IDLE = re.compile(rb'"execution_state":\s*"idle"')
_BUSY = re.compile(rb'"execution_state":\s*"busy"')


class PageWatch:
    """What a page did that a test may want to assert on: dialogs, console errors, uncaught
    exceptions and requests to other hosts (``clean``, see _clean.py), the plotly figure
    reports it sent to a kernel, and whether its kernels have finished what they were asked."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.clean = _clean.watch(page)
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        # careerkit's models whose messages anywidget had held back, each recovered by careerkit's
        # module: a figure sent again, or plotly.js's carrier, which had nothing to lose
        self.gates_held: list[str] = []
        page.on("console", lambda m: self.gates_held.append(m.text) if "careerkit: anywidget had held back" in m.text
                else None)
        # what careerkit's and anywidget's modules said and threw, when and on which page: printed
        # with a page that is not clean, to tell which model's gate closed and whether it recovered
        self.started = time.monotonic()
        self.timeline: list[str] = []
        page.on("console", lambda m: self._note(m.type, m.text) if re.search(r"careerkit|anywidget", m.text)
                else None)
        page.on("pageerror", lambda e: self._note("pageerror", _clean._describe(e)))
        page.on("framenavigated", lambda f: self._note("page", f.url) if f == page.main_frame else None)
        # plotly's "what plotly.js filled in" reports (app figures must not send them)
        self.plotly_reports: list[str] = []
        page.on("websocket", lambda ws: ws.on("framesent", self._frame_sent))
        # a kernel's last status and when the page last heard from it: an app sends some widgets
        # after its figure (PlanBuilder's lists), so "the figure changed" is not "the app is done"
        self.kernel_idle = True
        self.last_received = time.monotonic()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame_received))

    def _frame_received(self, payload):
        data = payload if isinstance(payload, bytes) else str(payload).encode()
        self.last_received = time.monotonic()
        if _BUSY.search(data):
            self.kernel_idle = False
        elif _IDLE.search(data):
            self.kernel_idle = True

    def wait_kernel_done(self, page, quiet: float = 0.25, timeout: float = 30.0) -> bool:
        """Wait until the kernel's last status is idle and nothing has arrived for ``quiet`` s.
        Playwright delivers websocket events while the page is being waited on, hence the
        page-side waits."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.kernel_idle and time.monotonic() - self.last_received >= quiet:
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return True
            page.wait_for_timeout(50)
        return False

    def _note(self, kind: str, text: str) -> None:
        self.timeline.append(f"{time.monotonic() - self.started:8.2f} s  {kind}: {text[:300]}")

    def said(self, last: int = 200) -> str:
        """The end of the page's timeline (page loads, careerkit's and anywidget's console lines,
        uncaught exceptions), one line each, for a failure's message."""
        return "what the page said and threw:\n    " + "\n    ".join(self.timeline[-last:])

    def assert_clean(self, where: str) -> None:
        """Fail, naming ``where``, when the page threw or asked another host for anything;
        anywidget's closed-gate error is accepted only where careerkit's modules said they had
        recovered from it (see _clean.ANYWIDGET_GATE). The failure lists the page's timeline."""
        recovered = (_clean.ANYWIDGET_GATE,) if self.gates_held else ()
        try:
            _clean.assert_clean(self.clean, where, _clean.ALLOWED + recovered)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n  {self.said()}") from None

    @property
    def figures_sent_again(self) -> list[str]:
        """The figures anywidget had held back, sent again by careerkit's figure module."""
        return [m for m in self.gates_held if "the figure was sent again" in m]

    @property
    def page_errors(self) -> list[str]:
        return self.clean.page_errors

    def _frame_sent(self, payload):
        data = payload if isinstance(payload, bytes) else str(payload).encode()
        for name in (b"_js2py_traceDeltas", b"_js2py_layoutDelta", b"_js2py_widget_layoutDelta"):
            if name in data:
                self.plotly_reports.append(name.decode())

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def context(browser):
    """A fresh browser context (own cookies and storage), closed after the test."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(60_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context, request):
    """A page in a fresh context; ``page.watch`` records dialogs and errors. The test fails when
    the page threw an uncaught JavaScript exception or asked another host for anything
    (see _clean.py; checked after the test, whatever it did)."""
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    yield pg
    pg.watch.assert_clean(request.node.name)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
