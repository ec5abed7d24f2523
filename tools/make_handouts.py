"""Export every course notebook, executed, to a self-contained HTML handout (`make handouts`).

    python tools/make_handouts.py                       # every notebook → handouts/NAME.html
    python tools/make_handouts.py 02_career_ladders     # only some (names with or without .ipynb)
    python tools/make_handouts.py --out /tmp/handouts

A handout must draw its charts when the file is opened offline, on a machine without Jupyter:

* the notebook is executed with plotly's ``plotly_mimetype+notebook`` renderer (and no MathJax
  from a CDN), so the first figure carries the whole plotly.js library inline and every figure is
  drawn by a script in the page (the default renderer leaves only a JSON bundle that a static
  page cannot draw);
* an interactive app (an ipywidgets ``VBox`` of controls and ``FigureWidget``s) cannot run without
  a kernel: its widget output is replaced by a short note, and right under it the handout shows a
  static snapshot of every figure the app was showing (the same data, not interactive);
* the page loads no script from the network: the template's require.js, MathJax and Mermaid
  ``<script src=…>`` tags and the MathJax tag plotly adds to each figure are left out.

Notebook text is rendered by nbconvert (Markdown → HTML, outputs escaped as usual); the notes
written here contain only the app's class name, escaped.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "handouts"
RENDERER = "plotly_mimetype+notebook"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATIC_TAG = "handout-static-snapshot"

# Runs in the kernel before the first cell (not part of the handout): draw figures with plotly.js
# inline and no MathJax script from a CDN.
SETUP_CODE = f"""\
import plotly.io as _hpio
_hpio.renderers.default = {RENDERER!r}
_hpio.renderers["notebook"].include_mathjax = False
"""

# Runs in the kernel right after a cell that displayed an app (`_` is that app): shows every
# FigureWidget inside it as a plain figure, which the notebook renderer draws offline.
SNAPSHOT_CODE = """\
import ipywidgets as _hw, plotly.graph_objects as _hgo
_hstack = [_] if isinstance(_, _hw.Widget) else []
while _hstack:
    _hx = _hstack.pop()
    if isinstance(_hx, _hgo.FigureWidget):
        display(_hgo.Figure(_hx))
    elif isinstance(_hx, _hw.Box):
        _hstack.extend(reversed(_hx.children))
"""

# The lab template, minus every <script src> that points at a CDN.
TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
{{ super() }}
<style>
/* text contrast of at least 4.5:1 (WCAG 1.4.3): the lab theme draws the In/Out prompts grey at half
   opacity (#b0b0b0 on white, 2.2:1) and code comments #408080 on #f5f5f5 (4.2:1) */
:root { --jp-cell-prompt-not-active-font-color: #595959; --jp-cell-prompt-not-active-opacity: 1; }
.highlight .c, .highlight .ch, .highlight .cm, .highlight .c1, .highlight .cs, .highlight .cpf { color: #2f6363; }
/* number literals: the theme's green (#080 on #f5f5f5) measured under 4.5:1 in axe */
.highlight .m, .highlight .mi, .highlight .mf, .highlight .mh, .highlight .mo, .highlight .il { color: #006400; }
</style>
{%- endblock html_head_css -%}
"""


def course_notebooks() -> list[Path]:
    """The learner notebooks, in course order (``notebooks/NN_*.ipynb``)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def app_note(output) -> str:
    """HTML note that replaces an app's widget output in a static handout."""
    plain = str(output.get("data", {}).get("text/plain", ""))
    name = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)\(", plain)
    app = html.escape(name.group(1) if name else "interactive app")
    return (
        '<div class="ck-handout-note" style="border:1px solid #999;border-radius:4px;padding:6px 10px;'
        'margin:4px 0;background:#f6f6f6">'
        f"<strong>Interactive app: {app}.</strong> It needs a running notebook: open this notebook in "
        "JupyterLab or as a Voila app to use it. Below is a static snapshot of its charts "
        "as they first appear.</div>"
    )


def replace_widget_outputs(cell) -> bool:
    """Swap every widget output of ``cell`` for a static note; True if the cell showed an app."""
    import nbformat

    found = False
    for i, output in enumerate(cell.get("outputs", [])):
        if WIDGET_VIEW in output.get("data", {}):
            cell.outputs[i] = nbformat.v4.new_output("display_data", data={"text/html": app_note(output)})
            found = True
    return found


CDN_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//[^>]*>\s*</script>", re.IGNORECASE)


def drop_cdn_scripts(nb) -> int:
    """Remove ``<script src="https://…"></script>`` tags from HTML outputs; returns how many.

    plotly's notebook renderer always adds MathJax from a CDN to each figure (for LaTeX in
    labels, which the course's figures do not use); offline it cannot load anyway.
    """
    removed = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                text = "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
                data["text/html"], n = CDN_SCRIPT.subn("", text)
                removed += n
    return removed


def kernel_config(folder: str):
    """Settings for the kernel that runs a notebook: on Linux and macOS it is reached over Unix
    sockets in ``folder``, not TCP ports.

    For TCP, jupyter_client picks five free ports and the kernel binds them a second or two later,
    when Python has started; a port another program takes in between kills the kernel at start
    ("Address already in use": nteract/papermill#511, jupyter-server/kernel_gateway#131). Nothing
    restarts it here, so the whole build would fail. Windows keeps TCP: jupyter_client's Unix
    sockets are for POSIX systems.
    """
    from traitlets.config import Config

    if os.name != "posix":
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "kernel")}})


def execute(path: Path):
    """Run ``path`` top to bottom in a fresh kernel (cwd = notebooks/) and return it with app
    outputs replaced by notes and static snapshots inserted after them."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # nbclient stores each executed cell at `cell_index` of the notebook it was given, so the
    # client gets a one-cell scratch notebook and the handout's cell list is built here.
    scratch = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    with tempfile.TemporaryDirectory(prefix="careerkit-kernel-") as sockets:
        client = NotebookClient(scratch, timeout=600, kernel_name="python3", store_widget_state=False,
                                resources={"metadata": {"path": str(path.parent)}},
                                config=kernel_config(sockets))
        nb.cells = run_cells(client, nb)
    drop_cdn_scripts(nb)
    return nb


def run_cells(client, nb) -> list:
    """Execute the setup, each cell of ``nb`` and a snapshot after each app; the handout's cells
    (``nb``'s, executed, and the snapshots)."""
    import nbformat

    cells = []
    with client.setup_kernel():
        # setup and snapshots do not count as cells: prompts read In [1], In [2] … as in Jupyter
        client.execute_cell(nbformat.v4.new_code_cell(SETUP_CODE), 0, store_history=False)
        for cell in nb.cells:
            client.execute_cell(cell, 0)
            cells.append(cell)
            if cell.cell_type == "code" and replace_widget_outputs(cell):
                snap = nbformat.v4.new_code_cell(SNAPSHOT_CODE, metadata={"tags": [STATIC_TAG]})
                client.execute_cell(snap, 0, store_history=False)
                cells.append(snap)
    return cells


def to_html(nb, name: str) -> str:
    """The executed notebook as one HTML page with no network requests for scripts."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {STATIC_TAG}
    exporter = HTMLExporter(config=config, template_name="lab",
                            extra_loaders=[DictLoader({"handout.html.j2": TEMPLATE})],
                            template_file="handout.html.j2")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return body


def make_handout(path: Path, out_dir: Path) -> Path:
    """Execute one notebook and write ``out_dir/NAME.html``; returns the written path."""
    nb = execute(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.html"
    tmp = target.with_suffix(".html.tmp")
    tmp.write_text(to_html(nb, path.stem), encoding="utf-8")
    tmp.replace(target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="notebook names (default: every course notebook)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: handouts/)")
    args = parser.parse_args(argv)
    available = {p.stem: p for p in course_notebooks()}
    wanted = [n.removesuffix(".ipynb") for n in args.names] or list(available)
    unknown = [n for n in wanted if n not in available]
    if unknown:
        print(f"No notebook called {', '.join(unknown)}; choose from: {', '.join(available)}", file=sys.stderr)
        return 2
    for name in wanted:
        target = make_handout(available[name], args.out)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
              f"({target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
