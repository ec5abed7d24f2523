"""Driving Voila 0.5 in the page: render a notebook as an app and tell a finished render from a hang.

Voila streams the page while it runs the cells in a fresh kernel: ``#loading`` shows
"Executing N of M" and is removed by ``voila_finish()`` once every cell has run; then the
widget manager connects to the kernel and draws the widgets.
"""
from __future__ import annotations

RENDER_TIMEOUT = 180_000  # ms for one render of one notebook

_FINISHED = """() => {
  const cells = document.getElementById('rendered_cells');
  return !document.getElementById('loading') && !!cells && cells.style.display !== 'none';
}"""

_STATE = """() => ({
  loading: document.getElementById('loading') ? document.getElementById('loading').innerText : null,
  plots: document.querySelectorAll('.js-plotly-plot').length,
  apps: document.querySelectorAll('.ck-app').length,
  text: document.body ? document.body.innerText.slice(0, 400) : '',
})"""


class RenderHang(AssertionError):
    """A render that never finished: says which cell Voila was executing."""


def render(page, voila, path: str, *, timeout: int = RENDER_TIMEOUT) -> None:
    """Load ``/voila/render/<path>`` and wait until every cell has run (fresh kernel each call)."""
    page.goto(voila.url(f"voila/render/{path}"), wait_until="commit")
    wait_finished(page, path, timeout=timeout)


def wait_finished(page, path: str, *, timeout: int = RENDER_TIMEOUT) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_FINISHED, timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate(_STATE)
        raise RenderHang(
            f"Voila never finished rendering {path} within {timeout // 1000} s: the page still "
            f"says {state['loading']!r} ({state['plots']} plots, {state['apps']} apps drawn so far)"
        ) from None


def state(page) -> dict:
    return page.evaluate(_STATE)


def visible_code(page, sources: list[str], prose: str = "") -> list[str]:
    """Lines of the notebook's code that a learner can read on the page (should be none).

    ``prose``: the notebook's Markdown; a code line the Markdown itself quotes is not counted.
    """
    text = page.evaluate("() => document.body.innerText")
    shown = []
    for source in sources:
        for line in source.splitlines():
            line = line.strip()
            if len(line) >= 12 and not line.startswith("#") and line in text and line not in prose:
                shown.append(line)
    editors = page.evaluate(
        "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea, .cm-editor, .jp-InputPrompt')]"
        ".filter(e => e.offsetParent !== null).length"
    )
    if editors:
        shown.append(f"{editors} code editor(s)/prompt(s) visible")
    return shown


def page_errors(page) -> list[str]:
    """Tracebacks, error outputs and widgets that failed to draw, as shown on the page."""
    return page.evaluate("""() => {
      const found = [];
      document.querySelectorAll('[data-mime-type="application/vnd.jupyter.error"], '
        + '[data-mime-type="application/vnd.jupyter.stderr"]').forEach(e => found.push(e.innerText.slice(0, 400)));
      document.querySelectorAll('.jupyter-widgets-error-widget').forEach(e => found.push('widget error: ' + e.innerText.slice(0, 200)));
      const text = document.body.innerText;
      for (const marker of ['Error displaying widget', 'Traceback (most recent call last)', 'Failed to load model class']) {
        if (text.includes(marker)) found.push(marker);
      }
      return found;
    }""")
