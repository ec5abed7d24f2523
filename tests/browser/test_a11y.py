"""axe-core on every page a learner sees: each handout here; each notebook as a Voila app (at 1280
and 320 px) and each notebook's outputs in JupyterLab in ``test_widths.py``, on the pages it has open
anyway (see ``_axe.py`` for what counts as careerkit's output and for the list of what axe finds
around it, upstream).

A serious or critical violation inside careerkit's output fails; so does one around it that the
upstream list does not name. Everything axe finds is printed (``pytest -s`` shows it).
"""
from __future__ import annotations

import nbformat
import pytest

from . import _axe, _figures, _notebooks
from .conftest import NOTEBOOKS

HANDOUTS = sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _check(audits) -> None:
    for audit in audits:
        print(audit.report())
    bad = [a for a in audits if a.failing()]
    assert not bad, "\n\n".join(a.explain() for a in bad)


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
