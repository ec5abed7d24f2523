"""A ladder file whose words are HTML/JavaScript, loaded with careerkit.load_ladders and shown in the
apps, runs nothing and injects no element — in JupyterLab and in Voila (the handout: test_handouts).

The file is generated in the temporary work folder: the shipped fire-service ladder's pay and
years with ``<img onerror>``, ``<script>``, ``<svg onload>`` and ``<iframe srcdoc>`` payloads in the
ladder name, titles, pay basis, source and note. Every payload sets ``window.__ckXss`` and opens
an alert if it ever runs.
"""
from __future__ import annotations

from playwright.sync_api import expect

from . import _apps, _figures, _lab, _notebooks, _safety, _voila

HOSTILE = "generated/hostile.ipynb"


def _ctx(workdir, name):
    folder = workdir / "plans" / name
    folder.mkdir(parents=True, exist_ok=True)
    return _apps.DriveContext(plan_folder=folder, job_titles=_notebooks.job_titles())


def _shown_as_text(root) -> bool:
    """The payload text is on the page as words (escaped), not swallowed."""
    return "onerror" in root.inner_text()


def _figures_show_quotes(root) -> str:
    """The figures' text shows the payloads' double quotes as typed (no ``&quot;`` left over)."""
    drawn = root.evaluate("(el) => [...el.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent).join(' | ')")
    assert 'onerror="window' in drawn and "&quot;" not in drawn and "&#34;" not in drawn, drawn[:2000]
    return drawn


def test_hostile_ladder_file_runs_nothing_in_lab(page, lab, workdir):
    expected = _notebooks.expected_views(_notebooks.hostile_notebook("hostile_ladders.csv"))
    _lab.open_notebook(page, lab, HOSTILE)
    _lab.run_all(page)
    assert _lab.problems(_lab.cells(page)) == []
    panel = page.locator(_lab.panel_selector())
    expect(panel.locator(".ck-app")).to_have_count(len(expected.apps))
    _figures.wait_drawn(page, panel, expected.plots)
    log = _apps.drive_all(page, panel, _ctx(workdir, "hostile-lab"))
    assert _safety.injected(page) == [], log
    assert page.watch.dialogs == []
    assert _shown_as_text(panel.locator(".ck-app").first)
    _figures_show_quotes(panel.locator(".ck-app").first)


def test_hostile_ladder_file_runs_nothing_in_voila(page, voila, workdir):
    expected = _notebooks.expected_views(_notebooks.hostile_notebook("hostile_ladders.csv"))
    _voila.render(page, voila, HOSTILE)
    body = page.locator("body")
    expect(body.locator(".ck-app")).to_have_count(len(expected.apps))
    _figures.wait_drawn(page, body, expected.plots)
    log = _apps.drive_all(page, body, _ctx(workdir, "hostile-voila"))
    assert _safety.injected(page) == [], log
    assert page.watch.dialogs == []
    assert _shown_as_text(body.locator(".ck-app").first)
    _figures_show_quotes(body.locator(".ck-app").first)
