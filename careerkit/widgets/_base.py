"""Shared wiring for the careerkit apps: a status line, guarded callbacks, figure panels.

Every app is an ``ipywidgets.VBox`` subclass built from these pieces:

* :class:`App` — the base class: a heading, a status line (``ck-status``) and
  :meth:`App.apply`, which sets control values and returns once every view is redrawn
  (observers run synchronously in the kernel, so tests and benchmarks can call it directly).
* :func:`guarded` — wraps a callback so that *any* exception becomes a friendly message in the
  status line instead of a traceback in the notebook.
* :class:`FigurePanel` — one ``go.FigureWidget`` (``ck-figure``), created once and redrawn in
  place with ``update_figure`` (``careerkit.widgets._figure``), with its text alternative (``ck-alt``) underneath.

Text that comes from data files goes through :func:`esc` before it reaches an ``HTML`` widget.
"""
from __future__ import annotations

import functools
import gc
import logging
from typing import Any, Callable

import ipywidgets as w
from traitlets import TraitError

from careerkit.text import escape as esc  # noqa: F401 - re-exported for the app modules
from careerkit.text import money  # noqa: F401
from careerkit.widgets._a11y import Helper as A11yHelper
from careerkit.widgets._a11y import live

log = logging.getLogger("careerkit.widgets")

#: Height of every figure in the apps (px): fits a JupyterLab cell and a Voila page.
FIGURE_HEIGHT = 420
#: Control labels take the width of their text (never cut off); APP_CSS lets a long one wrap, and
#: puts it above its control when both do not fit side by side.
LABEL_STYLE = {"description_width": "initial"}
#: The narrowest slider track (px) the apps allow: room to drag a handle with some precision.
MIN_TRACK = 120


class Friendly(Exception):
    """A message for the learner (not a bug): shown as-is in the status line."""


def layout(**kw) -> w.Layout:
    """A full-width layout (plus any extra CSS properties given)."""
    kw.setdefault("width", "100%")
    return w.Layout(**kw)


def control(cls: type[w.Widget], css: str, description: str, **kw) -> w.Widget:
    """Build a control with a ``description`` and the stable CSS class ``css``.

    Browser tests find controls by these classes, so keep them stable. Every control also gets
    ``ck-control``, which APP_CSS lays out for any width: the label beside the control when both
    fit, above it when not, never cut off and never wider than the app; a slider fills its place
    and its track is never narrower than MIN_TRACK px, its readout always at the track's end.
    """
    kw.setdefault("style", LABEL_STYLE)
    slider = issubclass(cls, (w.IntSlider, w.FloatSlider, w.IntRangeSlider, w.FloatRangeSlider,
                              w.SelectionSlider, w.SelectionRangeSlider, w.FloatLogSlider))
    kw.setdefault("layout", w.Layout(width="100%") if slider else w.Layout(width="auto", min_width="min(260px, 100%)"))
    widget = cls(description=description, **kw)
    widget.add_class(css)
    widget.add_class("ck-control")
    return widget


def controls_grid(*controls: w.Widget, column: str = "320px") -> w.GridBox:
    """Controls in as many columns of at least ``column`` as the app's width holds (one column
    when the app is narrower than that: a column never makes the app wider than its place)."""
    grid = w.GridBox(list(controls), layout=layout(
        grid_template_columns=f"repeat(auto-fill, minmax(min({column}, 100%), 1fr))", grid_gap="0 16px"))
    grid.add_class("ck-grid")
    return grid


def controls_row(*controls: w.Widget) -> w.HBox:
    """Controls side by side, the next line taking those that do not fit."""
    return w.HBox(list(controls), layout=layout(flex_flow="row wrap"))


def html_box(css: str, value: str = "") -> w.HTML:
    """An ``HTML`` widget with the CSS class ``css`` (callers escape data text with :func:`esc`)."""
    box = w.HTML(value=value, layout=layout())
    box.add_class(css)
    return box


def guarded(method: Callable) -> Callable:
    """Decorate an app method so no exception escapes to the notebook.

    :class:`Friendly`, ``ValueError`` and ``KeyError`` (careerkit's own input errors, e.g. an
    unknown ladder name or a :class:`careerkit.DataError`) show their message; anything else
    shows a short apology naming the error type, and the traceback goes to the
    ``careerkit.widgets`` logger for whoever debugs it.
    """

    @functools.wraps(method)
    def wrapper(self: "App", *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Friendly as exc:
            self.say(str(exc), kind="warning")
        except (ValueError, KeyError, LookupError) as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            self.say(f"That choice could not be shown: {msg}", kind="warning")
        except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes
            log.exception("careerkit app %s failed in %s", type(self).__name__, method.__name__)
            self.say(
                "Sorry — this view could not be updated "
                f"({type(exc).__name__}: {exc}). Try another choice; if it keeps happening, "
                "restart the kernel and tell your instructor.",
                kind="error",
            )
        return None

    return wrapper


_STATUS_STYLE = {
    "info": "color:#1f4e79",
    "warning": "color:#8a4b00;font-weight:600",
    "error": "color:#a11d1d;font-weight:600",
}


# Text and tables inside the apps: ipywidgets gives HTML widgets the 28 px line height of a
# control row, which double-spaces paragraphs and tables; table cells get room between them.
#
# Controls (``ck-control``, see control()), at any width from 320 px up: ipywidgets keeps a label
# on one line and never shrinks it, so a long label took the slider's track (16 px left at
# 1600 px) and a readout slid over the next label. Here each control is a wrapping flex row: the
# label beside its control when both fit on one line, else on its own line above it; the label's
# text wraps rather than leaving the app. A table of an app (``ck-table``, each cell with its
# column's name in ``data-label``) becomes one block per row, each value named, where its box is
# narrower than 44em: six columns side by side ran 800 px past the app at 360 px. A slider's track is at least MIN_TRACK px and keeps
# room for its readout at its end (the readout's negative margin puts it into that room), so
# the track and its readout always move to the next line together. In a grid of sliders every
# label is above its track, so the tracks of a row line up. Boxes inside an app have no
# side margins (rows space their controls with a gap instead): ipywidgets' 2 px on top of a width
# of 100 % put their edge past the app's.
APP_CSS = """
.ck-app { max-width: 100%; min-width: 0; }
.ck-app .widget-box, .ck-app .widget-html { margin-left: 0; margin-right: 0; max-width: 100%; }
.ck-app .widget-hbox { column-gap: 12px; }
.ck-app .ck-control { flex-wrap: wrap; max-width: 100%; min-width: 0; height: auto; margin-left: 0; margin-right: 0; }
.ck-app .ck-control > .widget-label {
  flex: 0 1 auto; max-width: 100%; min-width: 0; white-space: normal; overflow-wrap: break-word;
  text-overflow: clip; text-align: left; line-height: 1.3; height: auto; padding: 5px 0; align-self: center;
}
.ck-app .ck-control > select, .ck-app .ck-control > input, .ck-app .ck-control > textarea {
  flex: 1 1 12em; min-width: min(12em, 100%); max-width: 100%;
}
.ck-app .ck-control > .widget-toggle-buttons, .ck-app .ck-control .widget-toggle-button { max-width: 100%; }
.ck-app .ck-control.widget-toggle-buttons > div { display: flex; flex-wrap: wrap; max-width: 100%; }
.ck-app .ck-control > .slider-container {
  flex: 1 1 {track}px; min-width: {track}px; margin-right: calc(var(--ck-readout) + 8px);
}
.ck-app .ck-control { --ck-readout: 4.5em; }
.ck-app .ck-control > .widget-readout {
  flex: 0 0 var(--ck-readout); width: var(--ck-readout); min-width: 0; max-width: none;
  margin-left: calc(-1 * var(--ck-readout)); text-align: right;
}
.ck-app .ck-grid > .ck-control.widget-slider > .widget-label { flex-basis: 100%; }
.ck-app .widget-html-content { line-height: 1.45; }
.ck-app .widget-html-content table { border-collapse: collapse; margin: 4px 0; }
.ck-app .widget-html-content th, .ck-app .widget-html-content td {
  text-align: left; vertical-align: top; padding: 3px 14px 3px 0; line-height: 1.35;
}
.ck-app .widget-html-content thead th { border-bottom: 1px solid #999; }
.ck-app .widget-html-content p { margin: 4px 0; }
.ck-app .widget-html-content td, .ck-app .widget-html-content th { overflow-wrap: break-word; }
.ck-app .widget-html-content:has(table.ck-table) { container-type: inline-size; }
.ck-app table.ck-table caption { text-align: left; font-weight: 600; padding: 2px 0; }
@container (max-width: 44em) {
  .ck-app table.ck-table, .ck-app table.ck-table tbody, .ck-app table.ck-table tr,
  .ck-app table.ck-table td { display: block; width: auto; }
  .ck-app table.ck-table thead {
    position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
  .ck-app table.ck-table tr { border-top: 1px solid #bbb; padding: 4px 0; }
  .ck-app table.ck-table td { padding: 1px 0; }
  .ck-app table.ck-table td::before { content: attr(data-label) ": "; font-weight: 600; }
}
.ck-app .ck-control > select[multiple], .ck-app .ck-control > select[size] { flex-basis: 18em; }
/* a message may name a long folder path: it breaks anywhere rather than widening the app */
.ck-app .ck-status, .ck-app .ck-status * { overflow-wrap: anywhere; }
""".replace("{track}", str(MIN_TRACK))


def _style_box() -> w.HTML:
    box = html_box("ck-style", f"<style>{APP_CSS}</style>")
    box.layout.display = "none"
    return box


_heap_settled = False


def settle_heap() -> None:
    """Once per kernel, when the first app is built: collect garbage, then put every object alive
    now (modules, the shipped tables, that app) out of the collector's way (``gc.freeze``).

    Python's full collection walks every object it tracks; with pandas, plotly and ipywidgets loaded
    it took 31-50 ms in a kernel and came about every tenth change of an app (PlanBuilder in
    ``make bench``'s browser figure, timed with a ``gc`` callback): the slowest updates a learner
    saw. Objects made later are collected as usual; frozen ones are still freed when nothing refers
    to them, only a reference cycle among them stays.
    """
    global _heap_settled
    if _heap_settled:
        return
    _heap_settled = True
    gc.collect()
    gc.freeze()


class App(w.VBox):
    """Base class of every careerkit app: heading, controls, views and a status line.

    Subclasses create their controls, register them in ``self.controls`` (name → widget)
    and call :meth:`_build` with the rows to show. ``apply(name=value, …)`` sets controls
    in the order given and returns once the views are updated.
    """

    heading: str = ""

    def __init__(self, **kwargs):
        self.controls: dict[str, w.Widget] = {}
        self.status = live(html_box("ck-status"))
        self.status.layout.min_height = "1.6em"
        kwargs.setdefault("layout", layout())
        # in the first state the page gets, not in a message after it: a page shows the app's box
        # with its class and style from the start
        kwargs["_dom_classes"] = (*kwargs.get("_dom_classes", ()), "ck-app")
        super().__init__(**kwargs)

    def _build(self, *rows: w.Widget) -> None:
        head = [_style_box(), A11yHelper()]
        if self.heading:
            title = html_box("ck-heading", f"<h3 style='margin:4px 0'>{esc(self.heading)}</h3>")
            head.append(title)
        read_as = getattr(getattr(self, "ladders", None), "attrs", {}).get("read_as")
        if read_as:  # how an instructor's file was read, in one short line
            head.append(html_box("ck-ladder-source", f"<small>Ladders from {esc(read_as)}</small>"))
        self.children = (*head, *rows, self.status)
        settle_heap()

    def say(self, message: str, *, kind: str = "info") -> None:
        """Show ``message`` (plain text, escaped here) in the status line; ``""`` clears it."""
        if not message:
            self.status.value = ""
            return
        style = _STATUS_STYLE.get(kind, _STATUS_STYLE["info"])
        self.status.value = (
            f"<div data-kind='{kind}' style='{style}'>"
            f"{esc(message)}</div>"
        )

    @property
    def message(self) -> str:
        """The status line's current HTML (empty when all is well)."""
        return self.status.value

    def apply(self, **values: Any) -> "App":
        """Set control values (by the names in ``self.controls``) and return after the redraw."""
        for name, value in values.items():
            if name not in self.controls:
                raise KeyError(
                    f"{type(self).__name__} has no control {name!r}; "
                    f"its controls are {sorted(self.controls)}"
                )
            widget = self.controls[name]
            try:
                widget.value = value
            except TraitError:
                self.say(_not_a_choice(widget, value), kind="warning")
                break
        return self

    def html_values(self) -> list[str]:
        """The value of every ``HTML`` widget inside this app (used by tests for escaping)."""
        out: list[str] = []

        def walk(widget):
            if isinstance(widget, (w.HTML, w.HTMLMath)):
                out.append(widget.value)
            for child in getattr(widget, "children", ()) or ():
                walk(child)

        walk(self)
        return out


def _not_a_choice(widget: w.Widget, value: Any) -> str:
    label = (widget.description or "this control").strip()
    options = getattr(widget, "options", None)
    if options is not None:
        labels = getattr(widget, "_options_labels", None) or [str(o) for o in options]
        shown = ", ".join(f"'{x}'" for x in list(labels)[:12]) + (" …" if len(labels) > 12 else "")
        return f"'{value}' is not one of the choices for {label}. Pick one of: {shown}."
    lo, hi = getattr(widget, "min", None), getattr(widget, "max", None)
    if lo is not None and hi is not None:
        return f"{label} must be between {lo} and {hi} (got {value!r})."
    return f"{value!r} cannot be used for {label}."


class FigurePanel(w.VBox):
    """A figure drawn once as a ``go.FigureWidget`` and redrawn in place, with its text alternative.

    ``panel.figure`` is the FigureWidget (CSS class ``ck-figure`` plus ``css``); ``panel.alt``
    is an ``HTML`` widget (``ck-alt``) holding ``plots.alt_text`` of the figure shown.
    """

    def __init__(self, fig, *, css: str | None = None):
        from careerkit import plots
        from careerkit.widgets._figure import FigureWidget, update_figure

        self._plots = plots
        self._update = update_figure
        self.figure = FigureWidget(plots.as_figure(fig) if isinstance(fig, dict) else fig)
        self.figure.layout.autosize = True
        self.figure.add_class("ck-figure")
        if css:
            self.figure.add_class(css)
        self.alt = html_box("ck-alt")
        super().__init__([self.figure, self.alt], layout=layout())
        self._set_alt(fig)

    def show(self, fig) -> None:
        """Redraw in place with the traces and layout of ``fig`` (a new ``go.Figure``, or a figure as
        plotly JSON: ``careerkit.plots.figure_json``)."""
        self._update(self.figure, fig)
        self._set_alt(fig)

    def _set_alt(self, fig) -> None:
        text = self._plots.alt_text(fig)
        self._alt = text
        self.alt.value = (
            "<div style='font-size:0.85em;color:#444' aria-label='Figure description'>"
            f"{esc(text)}</div>"
        )

    @property
    def alt_text(self) -> str:
        """The text alternative of the figure currently shown (plain text)."""
        return self._alt


class Cache:
    """Results already computed for this app (figures, ladder steps …), by key, oldest dropped first.

    An app's tables do not change while it is open and the model and plot functions are pure,
    so a result only needs computing the first time the learner makes a choice; going back to
    it only redraws.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self._figures: dict = {}

    def get(self, key, build: Callable):
        """The value stored under ``key``, computed with ``build()`` on first use."""
        fig = self._figures.pop(key, None)
        if fig is None:
            fig = build()
        self._figures[key] = fig  # most recently used last
        while len(self._figures) > self.size:
            self._figures.pop(next(iter(self._figures)))
        return fig

    def __len__(self) -> int:
        return len(self._figures)


def ladder_table(ladders):
    """The ladder table an app uses: ``ladders`` if given (checked with
    ``careerkit.validate.check_ladder_table``: a table no app could use raises
    ``careerkit.DataError``), else the shipped ``careerkit.ladders()``."""
    from careerkit.datasets import ladders_or_shipped

    if ladders is not None:
        from careerkit.validate import check_ladder_table

        check_ladder_table(ladders)
    return ladders_or_shipped(ladders)
