"""Driving JupyterLab 4.6 in the page: open a notebook, run every cell, read cells and outputs.

The server runs with ``--LabApp.expose_app_in_browser=True``, so ``window.jupyterapp`` is the
running application and the tests use its own commands (``editmenu:clear-all``,
``runmenu:run-all``) and notebook model instead of guessing from pixels.
"""
from __future__ import annotations

import itertools

OPEN_TIMEOUT = 120_000   # ms: the page, the notebook and its kernel
RUN_TIMEOUT = 300_000    # ms: every cell of one notebook

_workspaces = itertools.count(1)

_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
    && panel.content.widgets.length > 0;
}"""

_RUN_ALL = """() => {
  const app = window.jupyterapp;
  window.__ckRun = {done: false};
  app.commands.execute('editmenu:clear-all')
    .then(() => app.commands.execute('runmenu:run-all'))
    .then(r => { window.__ckRun = {done: true, result: String(r)}; },
          e => { window.__ckRun = {done: true, error: String(e)}; });
}"""

_IDLE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle';
}"""

_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    const outputs = c.type === 'code' ? c.outputs.toJSON().map(o => ({
      output_type: o.output_type, name: o.name, ename: o.ename, evalue: o.evalue,
      text: Array.isArray(o.text) ? o.text.join('') : (o.text || ''),
      mimes: o.data ? Object.keys(o.data) : [],
      plain: o.data && o.data['text/plain'] ? String(o.data['text/plain']).slice(0, 300) : '',
    })) : [];
    out.push({index: i, type: c.type, source: c.sharedModel.getSource(),
              count: c.type === 'code' ? c.executionCount : null, outputs});
  }
  return out;
}"""


def panel_selector() -> str:
    """CSS selector of the notebook panel currently shown."""
    return ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(page, lab, path: str) -> None:
    """Open ``path`` (relative to the server root) in a fresh workspace and wait for its kernel."""
    workspace = f"ck{next(_workspaces)}"
    page.goto(lab.url(f"lab/workspaces/{workspace}/tree/{path}?reset"))
    page.wait_for_function(_READY, arg=path, timeout=OPEN_TIMEOUT)


def run_all(page, *, timeout: int = RUN_TIMEOUT) -> str:
    """Clear every output, run every cell (Run ▸ Run All Cells), wait until the kernel is idle."""
    page.evaluate(_RUN_ALL)
    page.wait_for_function("() => window.__ckRun && window.__ckRun.done", timeout=timeout)
    page.wait_for_function(_IDLE, timeout=timeout)
    state = page.evaluate("() => window.__ckRun")
    if "error" in state:
        raise AssertionError(f"Run All failed in JupyterLab: {state['error']}")
    return state["result"]


def cells(page) -> list[dict]:
    """Every cell of the open notebook: index, type, source, execution count, outputs (summarised)."""
    return page.evaluate(_CELLS)


def problems(cell_list: list[dict]) -> list[str]:
    """Error outputs, tracebacks on stderr and code cells that never ran, one line each."""
    found = []
    for cell in cell_list:
        if cell["type"] != "code" or not cell["source"].strip():
            continue
        first = cell["source"].strip().splitlines()[0][:80]
        if cell["count"] is None:
            found.append(f"cell {cell['index']} ({first!r}) did not run")
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                found.append(f"cell {cell['index']} ({first!r}) raised {out['ename']}: {out['evalue']}")
            elif out.get("name") == "stderr" and "Traceback" in out["text"]:
                found.append(f"cell {cell['index']} ({first!r}) printed a traceback: {out['text'][-300:]}")
    return found


def count_in_notebook(page, selector: str) -> int:
    return page.evaluate(
        "(sel) => window.jupyterapp.shell.currentWidget.node.querySelectorAll(sel).length", selector
    )


def cell_locator(page, index: int):
    """The ``index``-th cell of the open notebook (its node, marked through the notebook widget)."""
    page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.setAttribute('data-ck-cell', String(i))",
        index,
    )
    return page.locator(f"{panel_selector()} [data-ck-cell='{index}']")


def type_into_cell(page, index: int, source: str) -> None:
    """Replace a cell's text the way a learner does: click into it, select all, type, run it."""
    cell = cell_locator(page, index)
    editor = cell.locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(source)
    page.keyboard.press("Shift+Enter")


def run_cell(page, index: int) -> None:
    """Click into a cell and press Shift+Enter."""
    cell = cell_locator(page, index)
    cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
