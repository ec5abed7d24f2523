"""Every app at every width: each course notebook in Voila and in JupyterLab, measured from the DOM.

At each width (_widths.WIDTHS in Voila, from 320 px — WCAG 1.4.10 reflow, a page zoomed to 400 % —
to 1920 px; in JupyterLab with the file browser closed and open) every careerkit app must have
slider tracks of at least 120 px, no overlapping labels, readouts or controls, no label cut off,
nothing past its right edge, no figure text cut off or on top of other text (``_widths.measure``
lists every check), and the page must not scroll sideways. A failure names the front
end, the notebook, the width, the app and the control. Each app at each width is screenshotted
to ``screenshots/width-<front end>-<notebook>-<width>-<i>-<app>.png``.

One page per front end, resized rather than reloaded: a Voila page per notebook (each render is a
fresh kernel), a JupyterLab notebook run once and looked at in every window size.  The same pages get
the accessibility audit (axe-core, ``_axe.py``): the Voila app at 1280 and at 320 px, the notebook's
outputs in JupyterLab after Run All; the layout is asserted first, then the audit.
"""
from __future__ import annotations

import shutil

import nbformat
import pytest

from . import _axe, _figures, _lab, _notebooks, _voila, _widths
from .conftest import NOTEBOOKS, VIEWPORT

COURSE = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
# JupyterLab: the widths the layout has to hold at with the file browser closed (at 320 px JupyterLab
# leaves an output 204 px wide), and two with it open (the notebook is then about 300 px narrower
# than the window).
LAB_WIDTHS = (320, 360, 800, 1024, 1600)  # file browser closed
LAB_WIDTHS_BROWSER_OPEN = (1280, 1920)    # with the file browser beside the notebook
#: Voila widths the accessibility audit also runs at: the tests' window, and the narrowest width WCAG
#: 1.4.10 (reflow) asks a page to work at.
AUDIT_WIDTHS = (VIEWPORT["width"], 320)


def _check_audits(audits) -> None:
    for audit in audits:
        print(audit.report())
    bad = [a for a in audits if a.failing()]
    assert not bad, "\n\n".join(a.explain() for a in bad)


@pytest.fixture(scope="module")
def shared_page(browser):
    """One page for the whole module (its context closed at the end)."""
    from .conftest import PageWatch

    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.watch = PageWatch(page)
    try:
        yield page
    finally:
        context.close()
    page.watch.assert_clean("test_widths")


def _settle(page, root) -> None:
    """After a resize: every app's figure fitted to its new place (also scrolls each into view)."""
    page.wait_for_timeout(100)  # one layout pass and the figures' resize observers
    _figures.wait_apps_fill_width(page, root)


def _look(page, root, where: str, width: int, shots, stem: str, *, height: int = 900) -> list[str]:
    page.set_viewport_size({"width": width, "height": height})
    _settle(page, root)
    found = []
    if where.startswith("Voila"):
        sideways = _widths.page_scrolls_sideways(page)
        if sideways > 0:
            found.append(f"{where} @ {width} px: the page scrolls {sideways} px sideways")
    apps = root.locator(".ck-app")
    for i in range(apps.count()):
        app = apps.nth(i)
        app.scroll_into_view_if_needed()  # JupyterLab lays out only the cells in view
        page.wait_for_timeout(50)
        kind = _widths.kind(app)
        lines = _widths.measure(app)
        for _ in range(10):  # a figure that came into view is fitted, and its text wrapped, a few frames later
            if not lines:
                break
            page.wait_for_timeout(200)
            lines = _widths.measure(app)
        found += [f"{where} @ {width} px, app {i} ({kind}): {line}" for line in lines]
        box = app.bounding_box()
        if box and box["height"] + 200 > height:  # tall apps: the window made tall enough for them
            page.set_viewport_size({"width": width, "height": int(min(box["height"] + 200, 6000))})
            app.scroll_into_view_if_needed()
        app.screenshot(path=str(shots / f"width-{where.split()[0].lower()}-{stem}-{width}-{i}-{kind.removeprefix('ck-')}.png"))
        page.set_viewport_size({"width": width, "height": height})
    return found


def _wait_count(page, selector: str, count: int, timeout: int = 30_000) -> None:
    """Until ``count`` elements match ``selector`` (or the timeout: the assertion after it says what
    the page shows)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("([s, n]) => document.querySelectorAll(s).length === n", arg=[selector, count],
                               timeout=timeout)
    except PlaywrightTimeout:
        pass


@pytest.mark.parametrize("name", COURSE)
def test_voila_apps_at_every_width(name, shared_page, voila, workdir, screenshots):
    page = shared_page
    nb = _notebooks.expected_views(nbformat.read(workdir / "notebooks" / name, as_version=4))
    page.set_viewport_size(VIEWPORT)
    _voila.render(page, voila, f"notebooks/{name}")
    body = page.locator("body")
    _figures.wait_drawn(page, body, nb.plots)
    # the apps' views come after the notebook's own plots (their widgets' models arrive first)
    _wait_count(page, ".ck-app", len(nb.apps))
    assert page.locator(".ck-app").count() == len(nb.apps), (
        f"{name}: apps shown ({nb.describe()}); the page now: {_voila.state(page)}; {page.watch.said(20)}")
    _axe.wait_helped(page, body, f"Voila {name}")
    stem = name.removesuffix(".ipynb")
    found, audits = [], []
    for width in _widths.WIDTHS:
        found += _look(page, body, f"Voila {name}", width, screenshots, stem)
        if width in AUDIT_WIDTHS:
            audits.append(_axe.audit(page, f"Voila {name} ({width} px)", "voila"))
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found)
    assert {a.where for a in audits} == {f"Voila {name} ({w} px)" for w in AUDIT_WIDTHS}
    _check_audits(audits)


_SIDEBAR = """(open) => {
  const shell = window.jupyterapp.shell;
  if (open) { window.jupyterapp.commands.execute('filebrowser:activate'); } else { shell.collapseLeft(); }
}"""


@pytest.mark.parametrize("name", COURSE)
def test_lab_apps_at_every_width(name, shared_page, lab, workdir, screenshots):
    page = shared_page
    copy = workdir / "notebooks" / f"widths-{name}"
    shutil.copy2(workdir / "notebooks" / name, copy)
    nb = _notebooks.expected_views(nbformat.read(copy, as_version=4))
    page.set_viewport_size(VIEWPORT)
    _lab.open_notebook(page, lab, f"notebooks/{copy.name}")
    _lab.run_all(page)
    panel = page.locator(_lab.panel_selector())
    _figures.wait_drawn(page, panel, nb.plots)
    _wait_count(page, f"{_lab.panel_selector()} .ck-app", len(nb.apps))  # as in Voila
    assert panel.locator(".ck-app").count() == len(nb.apps), (
        f"{name}: apps shown ({nb.describe()}); {page.watch.said(20)}")
    _axe.wait_helped(page, panel, f"JupyterLab {name}")
    audits = [_axe.audit(page, f"JupyterLab {name}", "lab")]  # the outputs as Run All left them, 1280 px
    stem = name.removesuffix(".ipynb")
    found = []
    page.evaluate(_SIDEBAR, False)
    for width in LAB_WIDTHS:
        found += _look(page, panel, f"JupyterLab {name} (file browser closed)", width, screenshots, stem)
    page.set_viewport_size(VIEWPORT)
    page.evaluate(_SIDEBAR, True)
    page.wait_for_function("() => !window.jupyterapp.shell.leftCollapsed")
    for width in LAB_WIDTHS_BROWSER_OPEN:
        found += _look(page, panel, f"JupyterLab-browser {name} (file browser open)", width, screenshots, stem)
    page.evaluate(_SIDEBAR, False)
    # the next notebook opens in this page: nothing to save here (a copy), and one kernel at a time
    page.evaluate("""() => { const panel = window.jupyterapp.shell.currentWidget;
      panel.context.model.dirty = false; return panel.sessionContext.shutdown(); }""")
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found)
    _check_audits(audits)
