"""A quick check, for notebook 00, that widgets and plots can render here.

``run()`` prints one line per check — ``✓ …`` when it is fine, ``✗ …`` followed by
what to do when it is not. It never raises. ``findings()`` returns the same checks as a
list of :class:`Finding` (one per checked item) without printing.

What it can check from inside the kernel: the installed versions of ipywidgets,
jupyterlab_widgets, plotly and anywidget (and whether they fit together), whether a
plotly ``FigureWidget`` can be built, and which front end started the kernel
(Voila, JupyterLab/Notebook, or plain Python). Whether the *browser* draws the widgets
can only be seen on screen: notebook 00 shows a chart and an app right after the check.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import metadata

OK = "✓"
BAD = "✗"

RESTART = "then restart the kernel (Kernel → Restart Kernel) and reload this browser page."


@dataclass(frozen=True)
class Finding:
    """One checked item: what was checked, whether it is fine, and what to do if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def __str__(self) -> str:
        line = f"{OK if self.ok else BAD} {self.name}: {self.detail}"
        return line if self.ok or not self.fix else f"{line}\n    Fix: {self.fix}"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _major(version: str | None) -> int | None:
    try:
        return int(str(version).split(".")[0])
    except ValueError:
        return None


def frontend(environ=None) -> str:
    """Which front end started this kernel: ``"voila"``, ``"jupyter"`` or ``"python"``.

    Voila sets ``VOILA_*`` variables (and ``SERVER_SOFTWARE=voila/…``) in its kernels;
    Jupyter Server sets ``JPY_SESSION_NAME`` for kernels started by JupyterLab/Notebook.
    """
    env = os.environ if environ is None else environ
    if any(k.startswith("VOILA_") for k in env) or env.get("SERVER_SOFTWARE", "").startswith("voila"):
        return "voila"
    if "JPY_SESSION_NAME" in env or "JPY_PARENT_PID" in env:
        return "jupyter"
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        return "jupyter"
    return "python"


def check_versions(versions=None) -> list[Finding]:
    """Findings for the widget and plot packages. ``versions`` maps package → version (or None)."""
    names = ("ipywidgets", "jupyterlab_widgets", "plotly", "anywidget")
    v = {n: _version(n) for n in names} if versions is None else versions
    found = []
    ipyw, labw = v.get("ipywidgets"), v.get("jupyterlab_widgets")
    if ipyw is None:
        found.append(Finding("ipywidgets", False, "not installed",
                             f"run `pip install 'ipywidgets>=8.1,<9'` in a terminal, {RESTART}"))
    elif _major(ipyw) != 8:
        found.append(Finding("ipywidgets", False, f"version {ipyw}, the apps need 8.x",
                             f"run `pip install 'ipywidgets>=8.1,<9'`, {RESTART}"))
    else:
        found.append(Finding("ipywidgets", True, f"version {ipyw}"))
    if labw is None:
        found.append(Finding("jupyterlab_widgets", False,
                             "not installed here, so JupyterLab cannot draw widgets "
                             "(fine only if your Jupyter server runs in another environment that has it)",
                             f"run `pip install 'jupyterlab_widgets>=3,<4'`, {RESTART}"))
    elif _major(ipyw) == 8 and _major(labw) != 3:
        found.append(Finding("jupyterlab_widgets", False,
                             f"version {labw} does not match ipywidgets {ipyw} (8.x needs 3.x)",
                             f"run `pip install 'jupyterlab_widgets>=3,<4'`, {RESTART}"))
    else:
        found.append(Finding("jupyterlab_widgets", True, f"version {labw}"))
    plotly = v.get("plotly")
    if plotly is None:
        found.append(Finding("plotly", False, "not installed",
                             f"run `pip install 'plotly>=6.1,<8'`, {RESTART}"))
    elif (_major(plotly) or 0) < 6:
        found.append(Finding("plotly", False, f"version {plotly}, the figures need 6.1 or later",
                             f"run `pip install 'plotly>=6.1,<8'`, {RESTART}"))
    else:
        found.append(Finding("plotly", True, f"version {plotly}"))
    if v.get("anywidget") is None:
        found.append(Finding("anywidget", False,
                             "not installed: plotly's interactive FigureWidget needs it",
                             f"run `pip install 'anywidget>=0.9,<1'`, {RESTART}"))
    elif _version_tuple(v["anywidget"]) < (0, 9):
        found.append(Finding("anywidget", False,
                             f"version {v['anywidget']}, the figures need 0.9 or later",
                             f"run `pip install 'anywidget>=0.9,<1'`, {RESTART}"))
    else:
        found.append(Finding("anywidget", True, f"version {v['anywidget']}"))
    return found


def _version_tuple(version: str) -> tuple[int, ...]:
    """'0.9.16' -> (0, 9, 16); stops at the first part that is not a number ('1.0rc1' -> (1,))."""
    parts = []
    for part in version.split("."):
        if not part.isdigit():
            break
        parts.append(int(part))
    return tuple(parts)


def check_figure_widget() -> Finding:
    """Try to build a small plotly ``FigureWidget`` (the apps' interactive figure).

    It is built and never sent to the page: a widget sent there would load plotly's own module
    (plotly.js, about 5 MB) in the page for nothing, and on a busy page anywidget reports a module
    that takes more than 2 s to start as an error ("Failed to initialize model").
    """
    try:
        import plotly.graph_objects as go

        class Unsent(go.FigureWidget):
            def open(self):  # ipywidgets opens the widget's comm to the page here
                pass

        Unsent(data=[go.Bar(x=["a"], y=[1])])
    except Exception as exc:  # any failure here is what the learner needs to hear about
        return Finding("interactive figures", False,
                       f"a plotly FigureWidget cannot be built ({type(exc).__name__}: {exc})",
                       f"run `pip install 'anywidget>=0.9,<1' 'ipywidgets>=8.1,<9'`, {RESTART}")
    return Finding("interactive figures", True, "a plotly FigureWidget can be built")


def check_frontend(environ=None) -> Finding:
    """Which front end this kernel belongs to, and whether widgets can show there."""
    where = frontend(environ)
    if where == "voila":
        return Finding("front end", True, "running as a Voila app (code hidden, widgets live)")
    if where == "jupyter":
        return Finding("front end", True, "running in a Jupyter kernel (JupyterLab or Notebook)")
    return Finding("front end", False,
                   "plain Python, not a Jupyter kernel: widgets and figures cannot show here",
                   "open this notebook in JupyterLab (`python -m careerkit lab`) "
                   "or as an app (`voila notebooks/00_start_here.ipynb`).")


def check_jupyter(versions=None) -> list[Finding]:
    """Findings for the programs that show the course: JupyterLab and Voila (checked from a terminal)."""
    v = {n: _version(n) for n in ("jupyterlab", "voila")} if versions is None else versions
    found = []
    for name, needed in (("jupyterlab", "'jupyterlab>=4.2,<5'"), ("voila", "'voila>=0.5.8,<0.6'")):
        if v.get(name) is None:
            found.append(Finding(name, False, "not installed",
                                 f"run `python -m pip install {needed}` in this environment"))
        else:
            found.append(Finding(name, True, f"version {v[name]}"))
    return found


def check_server_extension(enabled=None) -> Finding:
    """Whether Jupyter servers of this environment load careerkit.server (see careerkit/server.py)."""
    if enabled is None:
        from jupyter_core.paths import jupyter_config_path
        from jupyter_server.extension.config import ExtensionConfigManager

        enabled = ExtensionConfigManager(read_config_path=jupyter_config_path()).enabled("careerkit.server")
    if enabled:
        return Finding("careerkit.server", True, "switched on (widget updates are sent without delay)")
    return Finding("careerkit.server", False,
                   "not switched on: in JupyterLab every other widget update waits about 40 ms",
                   "run `python -m careerkit enable-server`, then restart JupyterLab.")


def terminal_findings() -> list[Finding]:
    """The checks that make sense outside a kernel (``python -m careerkit check``): the packages,
    a FigureWidget, JupyterLab and Voila, and careerkit.server. Never raises."""
    return _collect((check_versions, check_figure_widget, check_jupyter, check_server_extension))


def _collect(steps) -> list[Finding]:
    found: list[Finding] = []
    for step in steps:
        try:
            result = step()
        except Exception as exc:  # the check itself must never end in a traceback
            result = Finding("environment check", False, f"could not finish ({exc})",
                             "copy this message to your instructor.")
        found.extend(result if isinstance(result, list) else [result])
    return found


def findings(environ=None) -> list[Finding]:
    """Every check, one :class:`Finding` per item, in the order ``run()`` prints them."""
    return _collect((check_versions, check_figure_widget, lambda: check_frontend(environ)))


def run(environ=None) -> None:
    """Print one ✓/✗ line per check, with a fix under every ✗. Returns nothing."""
    found = findings(environ)
    for finding in found:
        print(finding)
    if all(f.ok for f in found):
        print(f"{OK} All set. If you can see the chart and the app further down, they render here too.")
    else:
        print(f"{BAD} Fix the lines marked {BAD} above, then run this cell again.")
