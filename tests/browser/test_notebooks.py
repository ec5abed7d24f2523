"""Every course notebook (notebooks/*.ipynb, found when the tests are collected) in a real browser.

JupyterLab: run all cells on a copy; no error; every app and graph the source displays is drawn;
self-checks print ✓ for right answers (one typed in the editor); every app used as a learner
would; screenshots in screenshots/.

Voila: the notebook renders as an app 5 times, each with a fresh kernel (the first is used and
screenshotted, four more follow one by one); every render must finish and draw everything.
A render that hangs is reported with the cell Voila was executing.
"""
from __future__ import annotations

import pytest

from . import _apps, _flows, _notebooks
from .conftest import NOTEBOOKS, VIEWPORT

COURSE = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
VOILA_RENDERS = 5


def _ctx(workdir, name):
    folder = workdir / "plans" / name
    folder.mkdir(parents=True, exist_ok=True)
    return _apps.DriveContext(plan_folder=folder, job_titles=_notebooks.job_titles())


def _stem(name: str) -> str:
    return name.removesuffix(".ipynb")


def test_course_notebooks_exist():
    assert COURSE, f"{NOTEBOOKS} holds no .ipynb file: the browser tests have no course notebook to open"


@pytest.mark.parametrize("name", COURSE)
def test_lab(name, page, lab, workdir, screenshots):
    copy = _flows.prepare_lab_copy(workdir / "notebooks" / name, workdir)
    log = _flows.with_page_errors(page, _flows.lab_session, page, lab, copy,
                                  _ctx(workdir, f"lab-{_stem(name)}"), screenshots, _stem(name))
    print("\n".join(log))
    assert page.watch.dialogs == [], f"{name} opened dialogs: {page.watch.dialogs}"


@pytest.mark.parametrize("name", COURSE)
def test_voila(name, browser, page, voila, workdir, screenshots):
    import nbformat

    rel = f"notebooks/{name}"
    nb = nbformat.read(workdir / rel, as_version=4)
    log = _flows.with_page_errors(page, _flows.voila_session, page, voila, rel, nb,
                                  _ctx(workdir, f"voila-{_stem(name)}"), screenshots, _stem(name))
    print("\n".join(log))
    failures = _flows.more_renders(browser, voila, rel, nb, VOILA_RENDERS - 1, VIEWPORT)
    assert not failures, (f"Voila {name}: {len(failures)} of {VOILA_RENDERS - 1} further renders failed: "
                          + " | ".join(failures))
    assert page.watch.dialogs == []
