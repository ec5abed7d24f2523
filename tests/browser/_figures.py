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
    data: hash(JSON.stringify((gd.data || []).map(t => [t.x, t.y, t.base, t.text, t.selectedpoints, t.marker, t.line, t.visible]))),
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
    """A graph that has been laid out with a visible size."""
    return sig["width"] > 50 and sig["height"] > 50


_ALL_DRAWN = """([root, n]) => {
  const gds = [...root.querySelectorAll('.js-plotly-plot')];
  return gds.length === n && gds.every(gd => gd._fullLayout && gd.querySelector('.main-svg')
    && gd.data && gd.data.length > 0
    && gd.getBoundingClientRect().height > 50 && gd.getBoundingClientRect().width > 50);
}"""


def wait_drawn(page, locator, count: int, *, timeout: int = 120_000) -> list[dict]:
    """Wait until exactly ``count`` graphs under ``locator`` are drawn with data; return their signatures.

    Every careerkit graph starts with at least one trace, so a graph with none is a figure the
    browser drew blank (see the report of ``blank``).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_ALL_DRAWN, arg=[locator.element_handle(), count], timeout=timeout)
    except PlaywrightTimeout:
        sigs = signatures(locator)
        blank = [i for i, s in enumerate(sigs) if s["traces"] == 0]
        small = [f"{i} ({s['width']:.0f}x{s['height']:.0f} px, title {s['title']!r})"
                 for i, s in enumerate(sigs) if not drawn(s)]
        raise AssertionError(
            f"expected {count} plotly graphs drawn with data, found {len(sigs)} after {timeout // 1000} s"
            + (f"; graph(s) {blank} (in page order) are blank: empty axes, no traces "
               "(the FigureWidget view never received its figure)" if blank else "")
            + (f"; graph(s) never laid out with a visible size: {small}" if small else "")
        ) from None
    return signatures(locator)


def wait_apps_fill_width(page, locator, *, timeout: int = 30_000) -> None:
    """Every app graph under ``locator``, once scrolled into view, is drawn as wide as the place it
    has on the page (a graph left at plotly's default 700 px cuts its title off in a wider
    notebook). JupyterLab skips the layout of cells out of view, so each graph is looked at
    where a learner sees it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    graphs = locator.locator(".ck-app .js-plotly-plot")
    root = locator.element_handle()
    try:
        for i in range(graphs.count()):
            # the graph is looked up anew, and scrolled into view, each time: the page may replace
            # it meanwhile, and a handle or a scroll of the old element would keep looking at a
            # detached graph (0 px wide) or fail on it, and never see the new one
            page.wait_for_function(
                "([root, i]) => { const gd = root.querySelectorAll('.ck-app .js-plotly-plot')[i];"
                " if (gd) gd.scrollIntoView({block: 'nearest'});"
                " return gd && gd._fullLayout && (gd.layout && gd.layout.width"
                " || Math.abs(gd._fullLayout.width - gd.clientWidth) <= 2); }",
                arg=[root, i], timeout=timeout)
    except PlaywrightTimeout:
        widths = locator.evaluate("""(root) => [...root.querySelectorAll('.ck-app .js-plotly-plot')].map(gd =>
          [gd._fullLayout ? gd._fullLayout.width : null, gd.clientWidth])""")
        raise AssertionError(f"app graphs not drawn at the width of their place ([drawn, place] px): {widths}") from None
