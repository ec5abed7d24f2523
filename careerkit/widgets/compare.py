"""Compare two career ladders side by side: pick two families → both views update.

    from careerkit.widgets import CompareLadders
    CompareLadders(a="Fire service (US)", b="Retail")

CSS classes (stable; browser tests use them):
``ck-app ck-compare`` (the app), ``ck-ladder-select ck-ladder-a-select`` (first family),
``ck-ladder-select ck-ladder-b-select`` (second family), ``ck-compare-summary`` (the two ladders in
words, with sources), ``ck-figure ck-compare-figure``, ``ck-alt``, ``ck-status``.
"""
from __future__ import annotations

import ipywidgets as w

from careerkit import model, plots
from careerkit.widgets._base import (
    FIGURE_HEIGHT,
    App,
    Cache,
    FigurePanel,
    Friendly,
    control,
    esc,
    guarded,
    html_box,
    ladder_table,
    money,
)


class CompareLadders(App):
    """Two career families side by side: steps over the years and pay, redrawn in place.

    ``ladders``: a DataFrame with one row per ladder step (shape of ``careerkit.ladders()``);
    default: the shipped ladders. ``a``/``b``: the families shown first.
    ``app.apply(a="Nursing", b="Retail")`` changes the choice and returns after the redraw.
    """

    heading = "Compare two career ladders"

    def __init__(self, *, ladders=None, a: str | None = None, b: str | None = None):
        super().__init__()
        self.add_class("ck-compare")
        self.ladders = ladder_table(ladders)  # loaded once; every change reuses it
        names = model.ladder_names(ladders=self.ladders)
        if not names:
            raise ValueError("CompareLadders: the ladder table has no ladders; pass ladders= with at least one row.")
        first_a = a if a in names else names[0]
        others = [n for n in names if n != first_a]
        first_b = b if b in names else (others[0] if others else first_a)
        self.a_select = control(w.Dropdown, "ck-ladder-select", "First career family", options=names, value=first_a)
        self.a_select.add_class("ck-ladder-a-select")
        self.b_select = control(w.Dropdown, "ck-ladder-select", "Second career family", options=names, value=first_b)
        self.b_select.add_class("ck-ladder-b-select")
        self.controls = {"a": self.a_select, "b": self.b_select}
        self.summary = html_box("ck-compare-summary")

        self._cache = Cache()
        self.steps_a = self._steps(first_a)
        self.steps_b = self._steps(first_b)
        self.panel = FigurePanel(self._figure(), css="ck-compare-figure")
        self._build(
            w.HBox([self.a_select, self.b_select], layout=w.Layout(width="100%", flex_flow="row wrap")),
            self.panel,
            self.summary,
        )
        self._summarise()
        self.a_select.observe(self._on_change, names="value")
        self.b_select.observe(self._on_change, names="value")
        unknown = [n for n in (a, b) if n is not None and n not in names]
        if unknown:
            self.say(f"No ladder called {', '.join(repr(n) for n in unknown)}; pick one from the lists.", kind="warning")
        elif first_a == first_b:
            self.say("Both lists show the same family; pick a different one to compare.", kind="info")

    def _steps(self, name):
        return self._cache.get(("steps", name), lambda: model.get_ladder(name, ladders=self.ladders))

    def _figure(self):
        key = ("figure", self.a_select.value, self.b_select.value)
        return self._cache.get(key, lambda: plots.compare_ladders(self.steps_a, self.steps_b, height=FIGURE_HEIGHT))

    @guarded
    def _on_change(self, change=None):
        name_a, name_b = self.a_select.value, self.b_select.value
        if not name_a or not name_b:
            raise Friendly("Pick a career family in both lists.")
        self.steps_a = self._steps(name_a)
        self.steps_b = self._steps(name_b)
        self.panel.show(self._figure())
        self._summarise()
        if name_a == name_b:
            self.say("Both lists show the same family; pick a different one to compare.", kind="info")
        else:
            self.say("")

    def _summarise(self):
        # two columns side by side while each has 18em, one above the other below that (not a layout table)
        cells = "".join(
            f"<div>{_one(name, steps)}</div>"
            for name, steps in ((self.a_select.value, self.steps_a), (self.b_select.value, self.steps_b))
        )
        self.summary.value = (f"<div style='display:grid;grid-template-columns:repeat(auto-fit,minmax(min(18em,100%),1fr));"
                              f"gap:4px 2em'>{cells}</div>")


def _one(name, steps) -> str:
    if len(steps) == 0:
        return f"<b>{esc(name)}</b>: no steps."
    first, last = steps.iloc[0], steps.iloc[-1]
    sources = sorted({esc(s) for s in steps.get("source", []) if esc(s)})
    return (
        f"<b>{esc(name)}</b> — {len(steps)} step(s): {esc(first['title'])} ({money(first['pay'])}) "
        f"→ {esc(last['title'])} ({money(last['pay'])})"
        + (f"<br><small>Source: {'; '.join(sources)}</small>" if sources else "")
    )
