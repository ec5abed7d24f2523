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
import shutil
from pathlib import Path

import pytest

from . import _notebooks, _servers

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
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


def pytest_configure(config):
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


class PageWatch:
    """What a page did that a test may want to assert on: dialogs, console errors, failed requests."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

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
def page(context):
    """A page in a fresh context; ``page.watch`` records dialogs and errors."""
    pg = context.new_page()
    pg.watch = PageWatch(pg)
    return pg


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
