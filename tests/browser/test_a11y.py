"""axe-core on every page a learner sees: each notebook as a Voila app, each notebook's outputs in
JupyterLab, and each handout (see ``_axe.py`` for what counts as careerkit's output and for the list
of what axe finds around it, upstream).

A serious or critical violation inside careerkit's output fails; so does one around it that the
upstream list does not name. Everything axe finds is printed (``pytest -s`` shows it).
"""
from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect

from . import _axe, _figures, _lab, _notebooks
from .conftest import NOTEBOOKS

COURSE = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
HANDOUTS = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
#: The narrowest width WCAG 1.4.10 (reflow) asks a page to work at, in CSS px.
NARROW = 320

def _settle(page) -> None:
    """Two animation frames: layout and the figures' resize have run after a viewport change."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def _check(audits) -> None:
    for audit in audits:
        print(audit.report())
    bad = [a for a in audits if a.failing()]
    assert not bad, "\n\n".join(a.explain() for a in bad)


@pytest.mark.parametrize("name", COURSE)
def test_voila_app(name, page, voila, workdir):
    """Each notebook as a Voila app, at 1280 px and at 320 px wide."""
    _axe.render_app(page, voila, workdir, name)
    audits = [_axe.audit(page, f"Voila {name} (1280 px)", "voila")]
    size = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": size["height"]})
    _settle(page)
    audits.append(_axe.audit(page, f"Voila {name} ({NARROW} px)", "voila"))
    _check(audits)


@pytest.mark.parametrize("name", COURSE)
def test_lab_outputs(name, page, lab, workdir):
    """Each notebook run in JupyterLab: its output areas (apps, figures, tables, text) are careerkit's,
    the rest of the page (menus, side bars, cell editors) is JupyterLab's."""
    rel = f"notebooks/{name}"
    expected = _notebooks.expected_views(nbformat.read(workdir / rel, as_version=4))
    copy = workdir / "a11y" / name
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes((workdir / rel).read_bytes())
    _lab.open_notebook(page, lab, f"a11y/{name}")
    _lab.run_all(page)
    panel = page.locator(_lab.panel_selector())
    expect(panel.locator(".ck-app")).to_have_count(len(expected.apps))
    _figures.wait_drawn(page, panel, expected.plots)
    _axe.wait_helped(page, panel, f"JupyterLab {name}")
    _check([_axe.audit(page, f"JupyterLab {name}", "lab")])


@pytest.mark.parametrize("stem", HANDOUTS)
def test_handout(stem, context, handout_dir):
    """Each handout (tools/make_handouts.py) opened from disk."""
    page = context.new_page()
    path = handout_dir / f"{stem}.html"
    assert path.exists(), f"the handout build wrote no {path.name}"
    page.goto(path.as_uri())
    expected = _notebooks.expected_views(nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4))
    _figures.wait_drawn(page, page.locator("body"), page.locator(".plotly-graph-div").count())
    assert page.locator(".plotly-graph-div").count() >= expected.plots
    _check([_axe.audit(page, f"handout {stem}.html", "handout")])
