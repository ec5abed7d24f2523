"""Every course notebook (notebooks/*.ipynb, found when the tests are collected) in a real browser.

JupyterLab: run all cells on a copy; no error; every app and graph the source displays is drawn;
self-checks print ✓ for right answers (one typed in the editor); every app used as a learner
would; screenshots in screenshots/.

Voila: the notebook renders as an app twice, each with a fresh kernel (the first is used and
screenshotted, the second must come up the same); every render must finish and draw everything.
(Many learners opening one notebook at once is the classroom bench's job: ``make bench``.)
A render that hangs is reported with the cell Voila was executing.
"""
from __future__ import annotations

import time

import nbformat
import pytest

from . import _apps, _devices, _flows, _notebooks
from .conftest import NOTEBOOKS, VIEWPORT

COURSE = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
VOILA_RENDERS = 2


def _ctx(workdir, name):
    folder = workdir / "plans" / name
    folder.mkdir(parents=True, exist_ok=True)
    return _apps.DriveContext(plan_folder=folder, job_titles=_notebooks.job_titles())


def _stem(name: str) -> str:
    return name.removesuffix(".ipynb")


def test_course_notebooks_exist_and_show_every_app():
    """The course notebooks are where the browser tests use the apps: each app must be in one."""
    import nbformat

    from careerkit import widgets

    assert COURSE, f"{NOTEBOOKS} holds no .ipynb file: the browser tests have no course notebook to open"
    code = "\n".join(c.source for name in COURSE for c in nbformat.read(NOTEBOOKS / name, as_version=4).cells
                     if c.cell_type == "code")
    missing = [app for app in widgets.__all__ if f"widgets.{app}(" not in code]
    assert not missing, f"no course notebook shows {missing}: the browser tests would never use them"


def _no_plotly_reports(page, name):
    """App figures do not send the kernel what plotly.js filled in after each draw (careerkit never
    reads it; merging it kept the kernel busy after every update). Counted on the page's websockets."""
    reports = page.watch.plotly_reports
    assert not reports, f"{name}: the page sent {len(reports)} plotly reports to the kernel: {sorted(set(reports))}"


@pytest.mark.parametrize("name", COURSE)
def test_lab(name, page, lab, workdir, screenshots):
    copy = _flows.prepare_lab_copy(workdir / "notebooks" / name, workdir)
    log = _flows.with_page_errors(page, _flows.lab_session, page, lab, copy,
                                  _ctx(workdir, f"lab-{_stem(name)}"), screenshots, _stem(name))
    print("\n".join(log))
    assert page.watch.dialogs == [], f"{name} opened dialogs: {page.watch.dialogs}"
    _no_plotly_reports(page, name)


@pytest.mark.parametrize("name", COURSE)
def test_voila(name, browser, page, voila, workdir, screenshots):
    import nbformat

    rel = f"notebooks/{name}"
    nb = nbformat.read(workdir / rel, as_version=4)
    started = time.perf_counter()
    log = _flows.with_page_errors(page, _flows.voila_session, page, voila, rel, nb,
                                  _ctx(workdir, f"voila-{_stem(name)}"), screenshots, _stem(name))
    print("\n".join(log))
    print(f"render 1 with every app used: {time.perf_counter() - started:.1f} s")
    _no_plotly_reports(page, name)
    started = time.perf_counter()
    failures = _flows.more_renders(browser, voila, rel, nb, VOILA_RENDERS - 1, VIEWPORT)
    print(f"renders 2-{VOILA_RENDERS}: {time.perf_counter() - started:.1f} s")
    assert not failures, (f"Voila {name}: {len(failures)} of {VOILA_RENDERS - 1} further renders failed: "
                          + " | ".join(failures))
    assert page.watch.dialogs == []


def test_lab_runs_the_lifetime_notebook_on_a_slow_laptop(page, lab, workdir):
    """Run All of notebook 03 (four apps, two of them lifetime fans) on a slow device: the page's CPU
    throttled to DevTools' "low-tier mobile" (``_devices``), slower than an old classroom laptop or a
    Chromebook. Every app and graph is drawn and the page throws nothing (the page fixture).

    anywidget (from 0.9.17) stops passing the kernel's messages to a model whose module has not
    started 2 s after the model arrived. With the CPU throttled 8 times on a faster test host, that
    left a figure blank in 9 of 13 runs before careerkit's figure module took its messages past that
    gate (``openGate`` in careerkit/widgets/_figure.py). The figures it had to send again are printed."""
    name = "notebooks/03_lifetime_view.ipynb"
    nb = nbformat.read(workdir / name, as_version=4)
    cdp, throttle = _devices.throttle_to(page)
    print(throttle.describe())
    try:
        _flows.run_in_lab(page, lab, name, nb, timeout=240_000)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    print(f"figures sent again after anywidget held back their messages: {len(page.watch.figures_sent_again)}")
