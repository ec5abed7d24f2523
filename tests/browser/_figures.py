"""Reading plotly graphs from the page: what a learner sees (title, axis titles, ticks, traces)."""
from __future__ import annotations

#: For every ``.js-plotly-plot`` under an element: the drawn title, axis titles and tick labels
#: (SVG text in the DOM), the number of traces drawn, their names and a hash of their data.
SIGNATURES = """(root) => {
  const hash = (s) => { let h = 0; for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; } return h; };
  const texts = (gd, sel) => [...gd.querySelectorAll(sel)].map(e => e.textContent).join(' | ');
  return [...root.querySelectorAll('.js-plotly-plot')].map(gd => ({
    title: texts(gd, '.gtitle'),
    xtitle: texts(gd, '.xtitle, .x2title'),
    ytitle: texts(gd, '.ytitle, .y2title'),
    ticks: texts(gd, '.xtick text, .ytick text'),
    drawn_traces: gd.querySelectorAll('.trace').length,
    traces: (gd.data || []).length,
    names: (gd.data || []).map(t => t.name || ''),
    data: hash(JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.base, t.text]))),
    width: gd.getBoundingClientRect().width,
    height: gd.getBoundingClientRect().height,
  }));
}"""


def signatures(locator) -> list[dict]:
    """Signatures of every plotly graph inside ``locator`` (a Playwright locator of one element)."""
    return locator.evaluate(SIGNATURES)


def visible_part(sig: dict) -> tuple:
    """The parts of a signature a learner can see or that change the drawing."""
    return (sig["title"], sig["xtitle"], sig["ytitle"], sig["ticks"], sig["traces"], tuple(sig["names"]), sig["data"])


def drawn(sig: dict) -> bool:
    """A graph that has a size and at least one trace drawn in its SVG."""
    return sig["width"] > 50 and sig["height"] > 50 and sig["drawn_traces"] > 0


_ALL_DRAWN = """([root, n]) => {
  const gds = [...root.querySelectorAll('.js-plotly-plot')];
  return gds.length === n && gds.every(gd => gd.data && gd.data.length > 0
    && gd.querySelectorAll('.trace').length > 0 && gd.getBoundingClientRect().height > 50);
}"""


def wait_drawn(page, locator, count: int, *, timeout: int = 120_000) -> list[dict]:
    """Wait until exactly ``count`` graphs under ``locator`` are drawn (size and traces); return their signatures."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_ALL_DRAWN, arg=[locator.element_handle(), count], timeout=timeout)
    except PlaywrightTimeout:
        sigs = signatures(locator)
        raise AssertionError(
            f"expected {count} drawn plotly graphs, found {len(sigs)} "
            f"({sum(drawn(s) for s in sigs)} drawn) after {timeout // 1000} s"
        ) from None
    return signatures(locator)
