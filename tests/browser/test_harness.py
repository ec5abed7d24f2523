"""The harness itself, on a generated notebook: one FigureWidget redrawn in place by a Dropdown.

If these fail, the servers, the browser or the widget/plotly front-end are broken — not the
course notebooks.
"""
from __future__ import annotations

import re

from playwright.sync_api import expect

from . import _figures, _lab, _notebooks, _voila

HARNESS = "generated/harness.ipynb"


def _choose_cubes_and_expect_redraw(page, root):
    before = _figures.wait_drawn(page, root, 1)
    assert len(before) == 1 and before[0]["title"] == "squares", before
    root.locator(f".{_notebooks.HARNESS_SELECT} select").select_option("cubes")
    expect(root.locator(".js-plotly-plot .gtitle")).to_have_text("cubes")
    page.wait_for_function(
        "(el) => el.querySelector('.js-plotly-plot').data[0].y.join() === '1,8,27'",
        arg=root.element_handle(),
    )
    after = _figures.signatures(root)
    assert after[0]["names"] == ["cubes"]
    assert after[0]["ticks"] != before[0]["ticks"], "the y axis did not rescale for the new data"


def test_lab_runs_and_redraws_in_place(page, lab):
    _lab.open_notebook(page, lab, HARNESS)
    assert _lab.run_all(page) == "true"
    cells = _lab.cells(page)
    assert _lab.problems(cells) == []
    assert any("harness done" in o["text"] for c in cells for o in c["outputs"])
    root = page.locator(_lab.panel_selector())
    expect(root.locator(".js-plotly-plot")).to_have_count(1)
    _choose_cubes_and_expect_redraw(page, root)
    # the environment's JupyterLab loads careerkit.server (kernel websockets without Nagle's delay)
    assert "kernel websockets send without delay" in lab.log()
    # the news pop-up is switched off in the temporary settings
    assert page.locator(".jp-toast-container .Toastify__toast").count() == 0
    assert page.watch.dialogs == []


def test_voila_renders_with_code_hidden_and_redraws(page, voila):
    _voila.render(page, voila, HARNESS)
    root = page.locator("body")
    _figures.wait_drawn(page, root, 1)
    expect(page.get_by_text("harness done")).to_be_visible()
    sources = [c.source for c in _notebooks.harness_notebook().cells if c.cell_type == "code"]
    assert _voila.visible_code(page, sources) == []
    assert _voila.page_errors(page) == []
    _choose_cubes_and_expect_redraw(page, root)


def test_lab_draws_a_figure_whose_plotly_js_arrives_late(page, lab):
    """anywidget gives a module 2 s to initialise; plotly.js sent 3 s after the figure (with an
    update in between) must still give the figure, drawn with the update."""
    import careerkit as ck
    from careerkit import model, plots

    _lab.open_notebook(page, lab, "generated/late_bundle.ipynb")
    assert _lab.run_all(page) == "true"
    cells = _lab.cells(page)
    assert _lab.problems(cells) == []
    root = page.locator(_lab.panel_selector())
    _figures.wait_drawn(page, root, 1)
    title = plots.ladder_timeline(model.get_ladder("Nursing (US)", ck.ladders())).layout.title.text
    expect(root.locator(".gtitle")).to_have_text(title.replace("<br>", ""))
    assert page.locator(".jupyter-widgets-error-widget").count() == 0
    errors = page.watch.console_errors + page.watch.page_errors
    assert not [m for m in errors if "anywidget" in m or "careerkit" in m], errors


def _late_in_lab(page, lab, script: str, notebook: str, counter: str):
    """Run ``notebook`` (:func:`_notebooks.late_module_notebook`) in JupyterLab under a page script
    that holds a module back (``window[counter]`` counts it): the figure must draw and show the
    update sent after it. Returns the notebook's panel."""
    import careerkit as ck
    from careerkit import model, plots

    page.add_init_script(script)
    _lab.open_notebook(page, lab, notebook)
    assert _lab.run_all(page) == "true"
    assert _lab.problems(_lab.cells(page)) == []
    root = page.locator(_lab.panel_selector())
    expect(root.get_by_text("last update sent", exact=True)).to_be_visible(timeout=30_000)
    _figures.wait_drawn(page, root, 1)
    assert page.evaluate(f"window.{counter}") == 1, f"the module was not held back ({counter})"
    title = plots.ladder_timeline(model.get_ladder("Law enforcement (US)", ck.ladders())).layout.title.text
    expect(root.locator(".gtitle")).to_have_text(title.replace("<br>", ""), timeout=30_000)
    assert page.locator(".jupyter-widgets-error-widget").count() == 0
    return root


def test_lab_figure_draws_when_the_carrier_of_plotly_js_starts_late(page, lab):
    """plotly.js's carrier (an anywidget too) whose module starts 2.5 s late: anywidget reports its
    closed gate as an error, careerkit's carrier module says it had nothing to lose (the page check
    accepts the error only then), and the figure draws with its last update."""
    _late_in_lab(page, lab, _notebooks.LATE_CARRIER_SCRIPT, "generated/late_carrier.ipynb", "__ckLateCarriers")
    assert any("plotly.js's carrier" in m for m in page.watch.gates_held), page.watch.gates_held


def test_lab_figure_takes_its_updates_when_its_module_starts_late(page, lab):
    """anywidget (from 0.9.17) stops passing the kernel's messages to a model whose module has not
    started 2 s after the model arrived. A figure whose module starts 2.5 s late must still show the
    update sent with it and the one sent after it."""
    import importlib.metadata

    _late_in_lab(page, lab, _notebooks.LATE_MODULE_SCRIPT, "generated/late_module.ipynb", "__ckLateModules")
    gated = tuple(int(x) for x in importlib.metadata.version("anywidget").split(".")[:3]) >= (0, 9, 17)
    # where anywidget has the gate, it had closed, and the figure module sent for the figure again
    assert len(page.watch.figures_sent_again) == (1 if gated else 0), page.watch.figures_sent_again


def _names_its_sliders_with_a_late_helper(page, root):
    """The app in ``generated/late_helper.ipynb``, shown under :data:`_notebooks.LATE_HELPER_SCRIPT`:
    its helper still names every slider and the app's region, and its module said it had nothing
    to lose where anywidget's gate had closed (the page check accepts anywidget's error only then)."""
    _figures.wait_drawn(page, root, 1)
    expect(root.locator(".ck-app")).to_have_attribute("role", "region", timeout=30_000)
    handles = root.locator('.noUi-handle[role="slider"]')
    assert handles.count() > 0
    for i in range(handles.count()):
        expect(handles.nth(i)).to_have_attribute("aria-labelledby", re.compile(r"\S"))
    assert page.evaluate("window.__ckLateHelpers") == 1, "the helper's module was not held back"
    assert any("accessibility helper" in m for m in page.watch.gates_held), page.watch.gates_held


def test_lab_app_names_its_sliders_when_its_accessibility_helper_starts_late(page, lab):
    """The apps' accessibility helper is an anywidget too; its module starts 2.5 s late here."""
    page.add_init_script(_notebooks.LATE_HELPER_SCRIPT)
    _lab.open_notebook(page, lab, "generated/late_helper.ipynb")
    assert _lab.run_all(page) == "true"
    assert _lab.problems(_lab.cells(page)) == []
    _names_its_sliders_with_a_late_helper(page, page.locator(_lab.panel_selector()))


def test_voila_app_names_its_sliders_when_its_accessibility_helper_starts_late(page, voila):
    """The same in Voila, where anywidget's closed gate threw on a busy first page in CI."""
    page.add_init_script(_notebooks.LATE_HELPER_SCRIPT)
    _voila.render(page, voila, "generated/late_helper.ipynb")
    _names_its_sliders_with_a_late_helper(page, page.locator("body"))


LATER_CELL = "generated/later_cell.ipynb"


def _shows_the_later_ladder(page, root):
    """Both figures of the app in ``generated/later_cell.ipynb`` drawn, each with the ladder the later
    cell chose, and the ladder's list showing it too."""
    _figures.wait_drawn(page, root, 2)
    titles = root.locator(".js-plotly-plot .gtitle")
    expect(titles).to_have_count(2)
    for i in range(2):
        expect(titles.nth(i)).to_contain_text("Nursing", timeout=15_000)
    expect(root.locator(".ck-ladder-select select")).to_have_value("Nursing (US)")


def test_voila_shows_an_app_as_a_later_cell_left_it(page, voila):
    _voila.render(page, voila, LATER_CELL)
    _shows_the_later_ladder(page, page.locator("body"))


def test_lab_reloaded_shows_each_figure_as_it_is_now(page, lab):
    """JupyterLab reloaded while the kernel runs takes every widget's state from the kernel: the
    figures must be those the app shows now, not those it was made with."""
    _lab.open_notebook(page, lab, LATER_CELL)
    assert _lab.run_all(page) == "true"
    root = page.locator(_lab.panel_selector())
    _shows_the_later_ladder(page, root)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
    page.reload()
    page.wait_for_function(_lab._READY, arg=LATER_CELL, timeout=_lab.OPEN_TIMEOUT)
    _shows_the_later_ladder(page, page.locator(_lab.panel_selector()))
    assert page.locator(".jupyter-widgets-error-widget").count() == 0
