"""Notebooks for the browser tests: the generated ones, and what a course notebook should show.

* :func:`write_generated` writes the small notebooks the harness and safety tests open, and a
  ladder file whose text is HTML/JavaScript (its pay and years are the shipped fire-service
  ladder's, so no number is made up; only the words are hostile).
* :func:`expected_views` reads a notebook's source and says how many careerkit apps and plotly
  graphs its cells display, so the tests know what must appear on the page.
* :func:`self_checks` finds the ``answer_X_Y = ...`` / ``check.question_X_Y(answer_X_Y)`` pairs, and
  :func:`right_answer` computes a right answer for each from the shipped tables.
"""
from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

#: Set by every payload in the hostile ladder file if it ever runs.
XSS_FLAG = "__ckXss"
PAYLOADS = [
    f'<img src=x onerror="window.{XSS_FLAG}=1;alert(\'img\')">',
    f"<script>window.{XSS_FLAG}=1;alert('script')</script>",
    f'<svg onload="window.{XSS_FLAG}=1;alert(\'svg\')"></svg>',
    f'"><iframe srcdoc="<script>parent.{XSS_FLAG}=1</script>"></iframe>',
]
XSS_LADDER = f"Hostile {PAYLOADS[0]} ladder"

HARNESS_SELECT = "ck-harness-select"


def _nb(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(make(source))
    return nb


def harness_notebook() -> nbformat.NotebookNode:
    """One ``go.FigureWidget`` and a Dropdown that redraws it in place (title, trace name and y)."""
    return _nb(
        ("md", "# Harness notebook\nA dropdown that redraws a figure in place."),
        ("code", "import ipywidgets as w\nimport plotly.graph_objects as go"),
        ("code",
         "fig = go.FigureWidget(go.Scatter(x=[1, 2, 3], y=[1, 4, 9], name='squares'),\n"
         "                      layout=dict(title=dict(text='squares'), height=360))\n"
         "pick = w.Dropdown(options=['squares', 'cubes'], value='squares', description='Power')\n"
         f"pick.add_class('{HARNESS_SELECT}')\n"
         "def redraw(change):\n"
         "    power = 2 if change['new'] == 'squares' else 3\n"
         "    with fig.batch_update():\n"
         "        fig.data[0].y = [x ** power for x in (1, 2, 3)]\n"
         "        fig.data[0].name = change['new']\n"
         "        fig.layout.title.text = change['new']\n"
         "pick.observe(redraw, 'value')\n"
         "w.VBox([pick, fig])"),
        ("code", "print('harness done')"),
    )


LATE_FIGURE = "ck-late-figure"


def late_bundle_notebook() -> nbformat.NotebookNode:
    """An app figure whose plotly.js reaches the page 3 s after the figure (a busy classroom
    machine), and an update sent while the page waits for it."""
    return _nb(
        ("md", "# plotly.js arrives late\nThe figure must still draw, showing the update."),
        ("code", "import time\nfrom careerkit import model, plots\nfrom careerkit.widgets import _figure\n"
                 "_figure.bundle_widget, later = (lambda: None), _figure.bundle_widget"),
        ("code", "fig = _figure.FigureWidget(plots.ladder_timeline(model.get_ladder('Fire service (US)')))\n"
                 f"fig.add_class('{LATE_FIGURE}')\nfig"),
        ("code", "time.sleep(3)\n"
                 "_figure.update_figure(fig, plots.ladder_timeline(model.get_ladder('Nursing (US)')))\n"
                 "_figure.bundle_widget = later\n_figure.bundle_widget()\nprint('late bundle sent')"),
    )


def _late_module_script(marker: str, counter: str) -> str:
    """A page script under which the anywidget module whose text holds ``marker`` starts 2.5 s
    after anywidget starts loading it: anywidget builds a Blob of the module's text, and the Blob
    given back is a module that waits 2.5 s and then hands over to the real one, so the module
    starts after anywidget's 2 s whatever the machine's speed. ``window[counter]`` counts them."""
    return """
(() => {
  const Original = window.Blob;
  window.Blob = class extends Original {
    constructor(parts, options) {
      if (Array.isArray(parts) && parts.some((p) => typeof p === "string" && p.includes(MARKER))) {
        const real = JSON.stringify(URL.createObjectURL(new Original(parts, options)));
        window[COUNTER] = (window[COUNTER] || 0) + 1;
        parts = [`await new Promise((resolve) => setTimeout(resolve, 2500));
export * from ${real};
export { default } from ${real};`];
      }
      super(parts, options);
    }
  };
})();
""".replace("MARKER", json.dumps(marker)).replace("COUNTER", json.dumps(counter))


#: Page script for :func:`late_module_notebook`: careerkit's figure module starts late.
LATE_MODULE_SCRIPT = _late_module_script("function fitWidth(", "__ckLateModules")
#: The same for the module of plotly.js's carrier (``careerkit.widgets._figure.PlotlyBundle``).
LATE_CARRIER_SCRIPT = _late_module_script('model.get("bundle")', "__ckLateCarriers")
#: The same for the module of the apps' accessibility helper (``careerkit.widgets._a11y.Helper``).
LATE_HELPER_SCRIPT = _late_module_script("function outsideFigures(", "__ckLateHelpers")


def late_module_notebook() -> nbformat.NotebookNode:
    """An app figure updated as soon as it is made and again later, for a page whose figure module
    starts more than 2 s after the figure arrived (:data:`LATE_MODULE_SCRIPT`)."""
    return _nb(
        ("md", "# The figure module starts late\nThe figure must show the last update."),
        ("code", "from careerkit import model, plots\nfrom careerkit.widgets import _figure"),
        ("code", "fig = _figure.FigureWidget(plots.ladder_timeline(model.get_ladder('Fire service (US)')))\n"
                 f"fig.add_class('{LATE_FIGURE}')\n"
                 "_figure.update_figure(fig, plots.ladder_timeline(model.get_ladder('Nursing (US)')))\nfig"),
        ("code", "import time\ntime.sleep(4)\n"
                 "_figure.update_figure(fig, plots.ladder_timeline(model.get_ladder('Law enforcement (US)')))\n"
                 "print('last update sent')"),
    )


def late_helper_notebook() -> nbformat.NotebookNode:
    """An app with sliders, for a page whose accessibility helper module starts more than 2 s
    after the helper arrived (:data:`LATE_HELPER_SCRIPT`)."""
    return _nb(
        ("md", "# The accessibility helper starts late\nThe sliders must still be named."),
        ("code", "from careerkit.widgets import LifetimeApp\nLifetimeApp()"),
    )


def later_cell_notebook() -> nbformat.NotebookNode:
    """A ladder app shown with one ladder, then moved to another by a later cell."""
    return _nb(
        ("md", "# An app changed by a later cell\nBoth figures must show the Nursing ladder."),
        ("code", "from careerkit.widgets import LadderExplorer\napp = LadderExplorer(ladder='Fire service (US)')\napp"),
        ("code", "import time\ntime.sleep(3)\n_ = app.apply(ladder='Nursing (US)')\nprint('updated by a later cell')"),
    )


def hostile_ladder_rows():
    """The fire-service ladder (shipped pay and years) with HTML/JavaScript in every text column."""
    import careerkit

    steps = careerkit.ladders()
    steps = steps[steps["ladder"] == "Fire service (US)"].sort_values("step")
    rows = []
    for i, (_, row) in enumerate(steps.iterrows()):
        payload = PAYLOADS[i % len(PAYLOADS)]
        rows.append({
            "ladder": XSS_LADDER,
            "step": int(row["step"]),
            "title": f"{row['title']} {payload}",
            "years_from_start": row["years_from_start"],
            "pay": row["pay"],
            "pay_basis": f"{row['pay_basis']} {PAYLOADS[(i + 1) % len(PAYLOADS)]}",
            "pay_year": row["pay_year"],
            "source": f"{row['source']} {PAYLOADS[(i + 2) % len(PAYLOADS)]}",
            "note": PAYLOADS[(i + 3) % len(PAYLOADS)],
        })
    return rows


def hostile_notebook(csv_name: str) -> nbformat.NotebookNode:
    """Load the hostile ladder file with ``careerkit.load_ladders`` and show it in the ladder apps."""
    return _nb(
        ("md", "# Hostile ladder file\nTitles that contain HTML and JavaScript must show as text."),
        ("code", "import careerkit as ck\nfrom careerkit import widgets"),
        ("code", f"mine = ck.load_ladders({csv_name!r})\nmine[['ladder', 'step', 'title', 'source']]"),
        ("code", f"widgets.LadderExplorer(ladders=mine, ladder={XSS_LADDER!r})"),
        ("code", f"widgets.CompareLadders(ladders=mine, a={XSS_LADDER!r}, b={XSS_LADDER!r})"),
        ("code", f"widgets.LifetimeApp(ladders=mine, ladder={XSS_LADDER!r})"),
    )


def job_titles() -> list[str]:
    """Job titles a learner might type: the first step of every shipped ladder (from the data)."""
    import careerkit

    steps = careerkit.ladders().sort_values(["ladder", "step"])
    return list(dict.fromkeys(steps.groupby("ladder", sort=True).head(1)["title"].map(str)))


def write_generated(folder: Path) -> None:
    """Write the harness and hostile notebooks (and the hostile ladder CSV) into ``folder``."""
    import pandas as pd

    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(harness_notebook(), folder / "harness.ipynb")
    nbformat.write(late_bundle_notebook(), folder / "late_bundle.ipynb")
    nbformat.write(late_module_notebook(), folder / "late_module.ipynb")
    # the same for plotly.js's carrier starting late: a notebook of its own, so that each test
    # gets a kernel of its own in JupyterLab (a notebook opened again keeps its kernel and figures)
    nbformat.write(late_module_notebook(), folder / "late_carrier.ipynb")
    nbformat.write(late_helper_notebook(), folder / "late_helper.ipynb")
    nbformat.write(later_cell_notebook(), folder / "later_cell.ipynb")
    pd.DataFrame(hostile_ladder_rows()).to_csv(folder / "hostile_ladders.csv", index=False)
    nbformat.write(hostile_notebook("hostile_ladders.csv"), folder / "hostile.ipynb")


# ----------------------------------------------------------------------------- what a notebook shows


@dataclass
class Expected:
    """What a notebook's cells display: ``apps`` (class names, in order) and ``plots`` per cell."""

    apps: list[str] = field(default_factory=list)
    plots: int = 0
    by_cell: dict[int, str] = field(default_factory=dict)

    def describe(self) -> str:
        return "; ".join(f"cell {i}: {what}" for i, what in sorted(self.by_cell.items())) or "nothing"


def _app_names() -> set[str]:
    from careerkit import widgets

    return set(widgets.__all__)


@lru_cache(maxsize=None)
def figures_in_app(name: str) -> int:
    """How many plotly ``FigureWidget``s the app ``name`` shows (built once here with its defaults)."""
    import plotly.graph_objects as go

    from careerkit import widgets

    app = getattr(widgets, name)()
    count = 0

    def walk(widget):
        nonlocal count
        if isinstance(widget, go.FigureWidget):
            count += 1
        for child in getattr(widget, "children", ()) or ():
            walk(child)

    walk(app)
    return count


def _call_name(node: ast.AST) -> str | None:
    """``widgets.LadderExplorer(...)`` → "widgets.LadderExplorer"; ``plots.x(...)`` → "plots.x"."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts)) or None


def _kind(node: ast.AST, names: dict[str, str], apps: set[str]) -> str | None:
    """What displaying ``node`` shows: "app:Name", "plot", or None."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    name = _call_name(node)
    if not name:
        return None
    last = name.split(".")[-1]
    if last in apps:
        return f"app:{last}"
    if ".plots." in f".{name}" and last not in {"alt_text", "refresh"}:
        return "plot"
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {
        "update_layout", "update_traces", "add_trace", "add_annotation", "add_hline", "add_vline",
    }:
        return _kind(node.func.value, names, apps)
    if name in {"go.Figure", "go.FigureWidget", "plotly.graph_objects.Figure"} or name.startswith("px."):
        return "plot"
    return None


def expected_views(nb: nbformat.NotebookNode) -> Expected:
    """Count what the notebook displays, from its source (no kernel needed).

    A cell displays its last expression, every ``display(x)`` argument and every ``x.show()``
    receiver. ``name = widgets.App(...)`` / ``name = plots.f(...)`` are remembered, so
    ``name`` on its own later shows that app or figure.
    """
    apps = _app_names()
    names: dict[str, str] = {}
    out = Expected()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse("\n".join(
                line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
            ))
        except SyntaxError:
            continue
        shown: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                kind = _kind(node.value, names, apps)
                if kind:
                    names[node.targets[0].id] = kind
            elif isinstance(node, ast.Call):
                name = _call_name(node) or ""
                if name in {"display", "IPython.display.display"}:
                    shown += [k for k in (_kind(a, names, apps) for a in node.args) if k]
                elif isinstance(node.func, ast.Attribute) and node.func.attr == "show" and not node.args:
                    kind = _kind(node.func.value, names, apps)
                    if kind:
                        shown.append(kind)
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body[-1].value
            if not (_call_name(last) or "").endswith(("display", ".show")):
                kind = _kind(last, names, apps)
                if kind:
                    shown.append(kind)
        for kind in shown:
            if kind == "plot":
                out.plots += 1
            else:
                app = kind.split(":", 1)[1]
                out.apps.append(app)
                out.plots += figures_in_app(app)
        if shown:
            out.by_cell[index] = ", ".join(shown)
    return out


# ----------------------------------------------------------------------------- self-checks


@dataclass
class SelfCheck:
    key: str            # "2_1"
    answer_cell: int    # index of the cell assigning answer_2_1
    check_cell: int     # index of the cell calling check.question_2_1(answer_2_1)
    plain: bool         # the check is called with the answer only (no keyword arguments)


def self_checks(nb: nbformat.NotebookNode) -> list[SelfCheck]:
    """Every answer/check pair in the notebook, in order."""
    answers: dict[str, int] = {}
    found: list[SelfCheck] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id.startswith("answer_"):
                        answers[target.id[len("answer_"):]] = index
            name = _call_name(node) or ""
            if name.split(".")[-1].startswith("question_"):
                key = name.split(".")[-1][len("question_"):]
                if key in answers:
                    found.append(SelfCheck(key, answers[key], index, plain=not node.keywords))
    return found


def right_answer(key: str):
    """A right answer to exercise ``key``, read from the shipped tables (None if not known here)."""
    import careerkit as ck
    from careerkit import model, simulate

    ladders = ck.ladders()
    fire = ladders[ladders["ladder"] == "Fire service (US)"].sort_values("step")

    def row(title, table=fire):
        return table[table["title"] == title].iloc[0]

    def earnings():
        return model.lifetime_earnings(fire)

    answers = {
        "0_1": lambda: str(fire.iloc[0]["title"]),
        "0_2": lambda: int(max(int(y) for y in ladders["pay_year"].dropna())),
        "1_1": lambda: str(ck.quiz().iloc[0]["answer"]),
        "1_2": lambda: str(ck.occupations().set_index("onet_code").loc["33-2011.00", "riasec"])[0],
        "2_1": lambda: str(fire[fire["step"] == row("Fire Lieutenant")["step"] + 1].iloc[0]["title"]),
        "2_2": lambda: float(row("Fire Captain")["years_from_start"]),
        "2_3": lambda: float(row("Fire Captain")["pay"]) - float(row("Firefighter")["pay"]),
        "2_4": lambda: str(ladders[~ladders["has_ladder"].astype(bool)].iloc[0]["title"]),
        "3_1": lambda: model.crossover_year(earnings()),
        "3_2": lambda: float(earnings().iloc[-1]["career_cumulative"] - earnings().iloc[-1]["job_cumulative"]),
        "3_3": lambda: round(simulate.careers(fire).share_ahead_after(10) * 100, 1),
        "3_4": lambda: int(simulate.careers(fire).reached.set_index("title").at["Fire Chief", "people"]),
        "4_1": lambda: str(ck.occupations().iloc[0]["onet_code"]),
        "4_2": lambda: str(row("Registered Nurse (RN)", ladders[ladders["ladder"] == "Nursing (US)"])["education"]),
        "4_3": lambda: ("In five years I want to lead a small team; my next step is the course "
                        "my employer offers and asking my manager what the role needs."),
    }
    make = answers.get(key)
    return None if make is None else make()


def answer_source(key: str, value) -> str:
    """The answer cell a learner would type: ``answer_2_1 = "Fire Captain"``."""
    return f"answer_{key} = {json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)}"
