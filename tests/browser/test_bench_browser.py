"""A quick run of the browser benchmark (bench/browser_latency.py) with 3 changes in each of two
pages, in Voila.

No timing is asserted: the run must time every change, plotly.js's drawing inside it and the kernel's
part of it, draw the app's figures alone again through each state a counted change showed (in a new
page), open a page again once when its first load fails, and put each page's changes in its row. A
JupyterLab page's kernel is shut down when the bench is done with the page.
"""
from __future__ import annotations

import concurrent.futures

from bench import browser_latency as bl

from . import _lab


def test_browser_benchmark_times_changes_and_the_redraw_alone_and_retries_a_page(monkeypatch):
    real_open = bl.open_voila
    opened = []

    def flaky_open(page, server, notebook):
        opened.append(notebook.name)
        if len(opened) == 1:
            raise TimeoutError("the first page load never finished (on purpose)")
        real_open(page, server, notebook)

    monkeypatch.setattr(bl, "open_voila", flaky_open)
    # in a thread of its own: the benchmark starts its own Playwright, and Playwright's sync API
    # refuses to start in a thread where another test's session browser already runs its loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        data = pool.submit(bl.measure_subjects, ["floor", "LadderExplorer"], 3, ("voila",), 2).result()
    floor, app = data[("voila", "floor")], data[("voila", "LadderExplorer")]
    # opened again after the failure, then its second page
    assert opened[:3] == ["bench_floor.ipynb"] * 3, opened
    # after each page, the app's figures are drawn alone in a new page of its notebook, where
    # plotly.js has not drawn those states before; the floor, with no figure, is not opened again
    assert opened[3:] == ["bench_LadderExplorer.ipynb"] * 4, opened
    assert floor["hung"] and "on purpose" in floor["hung"][0] and floor["errors"] == []
    for d in (floor, app):
        assert len(d["times"]) == 2 * 3 and all(t > 0 for t in d["times"]), d
    assert floor["redraw"] == []  # the floor's target is a text, not a figure
    # one draw of the app's figures per counted change, through the states those changes showed
    assert len(app["redraw"]) == len(app["times"]) and all(t > 0 for t in app["redraw"]), app
    assert app["points"] > 0 and not app["hung"]
    # plotly.js's own drawing timed inside each counted change: it begins after the change and
    # ends before the change shows
    assert len(app["draws"]) == len(app["times"]), app
    for (began, drew), total in zip(app["draws"], app["times"]):
        assert 0 < began and 0 < drew and began + drew <= total, app
    assert floor["draws"] == []  # the floor draws no figure
    # the kernel's own part of each counted change, by its clock: from taking the change to sending
    # the figure plotly.js drew, which is less than the whole change
    assert len(app["kernel"]) == len(app["times"]), app
    for kernel, total in zip(app["kernel"], app["times"]):
        assert 0 < kernel < total, app


def test_the_bench_shuts_down_the_kernel_of_a_jupyterlab_page(page, lab):
    # JupyterLab keeps a notebook's kernel after its page closes: the bench's next page of the same
    # notebook would reuse it, with the apps of the pages before
    _lab.open_notebook(page, lab, "notebooks/00_start_here.ipynb")
    session = "() => { const s = window.jupyterapp.shell.currentWidget.sessionContext; return s.session ? s.session.id : null; }"
    opened = page.evaluate(session)
    assert opened
    bl.shut_kernel(page)
    page.wait_for_function(f"() => ({session})() === null", timeout=30_000)
    # the server's sessions (other tests' notebooks may still have theirs)
    sessions = page.evaluate("(url) => fetch(url).then((r) => r.json())", lab.url("api/sessions"))
    assert opened not in [s["id"] for s in sessions], sessions
