"""Handouts (tools/make_handouts.py) opened from disk with the network blocked draw every plot.

The handouts are built for this test session into a temporary folder (see ``handout_dir`` in
conftest.py): one per course notebook, plus one of the hostile-ladder notebook, which must run
nothing when opened.
"""
from __future__ import annotations

import re

import nbformat
import pytest

from . import _figures, _notebooks, _safety
from .conftest import NOTEBOOKS

COURSE = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture
def offline_page(context, request):
    """A page that may load file:// URLs only; every other request is aborted and recorded, and
    fails the test afterwards (as any uncaught JavaScript exception does: see _clean.py)."""
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    from .conftest import PageWatch

    page = context.new_page()
    page.watch = PageWatch(page)
    page.blocked = blocked
    yield page
    page.watch.assert_clean(request.node.name)


def _open(page, path):
    assert path.exists(), f"the handout build wrote no {path.name}"
    html = path.read_text(encoding="utf-8")
    plot_divs = len(re.findall(r'class="plotly-graph-div"', html))
    page.goto(path.as_uri())
    return plot_divs


@pytest.mark.parametrize("stem", COURSE)
def test_handout_draws_its_plots_offline(stem, offline_page, handout_dir, screenshots):
    page = offline_page
    plot_divs = _open(page, handout_dir / f"{stem}.html")
    expected = _notebooks.expected_views(nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4))
    assert plot_divs >= expected.plots, (
        f"{stem}.html holds {plot_divs} plots; the notebook shows {expected.plots} ({expected.describe()})"
    )
    sigs = _figures.wait_drawn(page, page.locator("body"), plot_divs)
    page.screenshot(path=str(screenshots / f"handout-{stem}.png"), full_page=True)
    assert all(s["traces"] > 0 for s in sigs)
    assert page.watch.page_errors == [], page.watch.page_errors
    print(f"{stem}.html: {plot_divs} plots drawn offline; blocked requests: {page.blocked}")


def test_hostile_handout_runs_nothing(offline_page, handout_dir):
    page = offline_page
    plot_divs = _open(page, handout_dir / "hostile.html")
    _figures.wait_drawn(page, page.locator("body"), plot_divs)
    assert _safety.injected(page) == []
    assert page.watch.dialogs == []
