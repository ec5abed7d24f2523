"""Every careerkit app on its own (generated notebook, one app per cell), used in JupyterLab and Voila.

This covers the apps before and independently of the course notebooks.
"""
from __future__ import annotations

from . import _apps, _flows, _notebooks

APPS = "generated/apps.ipynb"


def _ctx(workdir, name):
    folder = workdir / "plans" / name
    folder.mkdir(parents=True, exist_ok=True)
    return _apps.DriveContext(plan_folder=folder, job_titles=_notebooks.job_titles())


def test_every_app_in_lab(page, lab, workdir, screenshots):
    copy = _flows.prepare_lab_copy(workdir / APPS, workdir)
    log = _flows.with_page_errors(page, _flows.lab_session, page, lab, copy, _ctx(workdir, "lab-apps"), screenshots, "apps")
    print("\n".join(log))
    assert page.watch.dialogs == []


def test_every_app_in_voila(page, voila, workdir, screenshots):
    nb = _notebooks.apps_notebook()
    log = _flows.with_page_errors(page, _flows.voila_session, page, voila, APPS, nb, _ctx(workdir, "voila-apps"), screenshots, "apps")
    print("\n".join(log))
    assert page.watch.dialogs == []
