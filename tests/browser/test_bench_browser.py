"""A quick run of the browser benchmark (bench/browser_latency.py) with 3 changes, in Voila.

No timing is asserted: the run must time every change, plotly.js's drawing inside it and the kernel's
part of it, draw the app's figures alone again through each state a counted change showed (in a new
page), and open a page again once when its first load fails.
"""
from __future__ import annotations

import concurrent.futures

from bench import browser_latency as bl


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
        data = pool.submit(bl.measure_subjects, ["floor", "LadderExplorer"], 3, ("voila",)).result()
    floor, app = data[("voila", "floor")], data[("voila", "LadderExplorer")]
    assert opened[:2] == ["bench_floor.ipynb", "bench_floor.ipynb"]  # opened again after the failure
    # the app's figures are drawn alone in a new page of its notebook, where plotly.js has not drawn
    # those states before; the floor, with no figure, is not opened again
    assert opened[2:] == ["bench_LadderExplorer.ipynb", "bench_LadderExplorer.ipynb"], opened
    assert floor["hung"] and "on purpose" in floor["hung"][0] and floor["errors"] == []
    for d in (floor, app):
        assert len(d["times"]) == 3 and all(t > 0 for t in d["times"]), d
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
