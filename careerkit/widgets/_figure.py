"""The apps' interactive figure: a plotly ``FigureWidget`` whose browser code is sent once per kernel.

plotly's ``go.FigureWidget`` is an anywidget whose front-end module is the whole of plotly.js
(about 5 MB).  anywidget sends that module with *every* figure and the browser parses it again
for each one, so a notebook with eight figures moved 40 MB through the kernel and the websocket
and spent seconds compiling the same code eight times (Run All in JupyterLab, every Voila page,
every headless notebook run).

:class:`FigureWidget` behaves exactly like ``go.FigureWidget`` in Python (same class, same
``batch_update``/``update``, same traces).  Only its front-end module differs: a few lines that
hand over to plotly's widget module once that is in the page, without making anywidget wait for it.  The module itself travels once per
kernel, as the binary ``bundle`` of one hidden :class:`PlotlyBundle` widget, and the browser
imports it once per page (kept in ``globalThis`` under a key naming the plotly version).  Both
modules only run code shipped inside the installed ``plotly`` package; nothing is fetched.
"""

from __future__ import annotations

import json
import logging
import uuid
from copy import deepcopy
from pathlib import Path

import anywidget
import plotly
import plotly.graph_objects as go
import traitlets

from careerkit import plots

log = logging.getLogger("careerkit.widgets")

_BUNDLE_PATH = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"
#: Names this plotly build in the browser's ``globalThis``; a different plotly gets its own slot.
BUNDLE_KEY = f"__careerkit_plotly_widget_{plotly.__version__}_{_BUNDLE_PATH.stat().st_size}"

# One slot per page: a promise of plotly's widget module, filled by the first PlotlyBundle
# model that arrives (from any kernel on the page), awaited by every figure.
_SLOT_JS = f"""
const KEY = {json.dumps(BUNDLE_KEY)};
function slot() {{
  let s = globalThis[KEY];
  if (!s) {{
    let resolve, reject;
    const promise = new Promise((res, rej) => {{ resolve = res; reject = rej; }});
    s = globalThis[KEY] = {{ promise, resolve, reject, loading: false }};
  }}
  return s;
}}
"""

#: ``openGate(model)``: careerkit's anywidget models (the figures, plotly.js's carrier and the apps'
#: accessibility helper, each a :class:`Reachable`) reach past anywidget's gate with it.
GATE_JS = """
// anywidget (from 0.9.17, manzt/anywidget#828) hands the kernel's messages to a model only once the
// model's module has started, and closes that gate for good ("[anywidget] Failed to initialize
// model") when the module has not started 2 s after the model arrived. On a busy page (Run All on
// an older laptop, a class of pages) a figure then never took another message: the plotly data
// sent just after the model was opened was lost and the figure stayed blank. careerkit's modules are
// ready for messages from initialize() on, so their models take them straight to ipywidgets' own
// handler (openGate); where the gate had closed, a figure asks the kernel for the whole figure again.
// Resolves to true when anywidget had closed the gate, false when it had not or when this page's
// widgets lack what the bypass needs (the gate then works as anywidget made it).
async function openGate(model) {
  const manager = model.widget_manager, id = model.get("_careerkit_id");
  if (!id || !manager || typeof manager.get_model !== "function") return false;
  const own = await manager.get_model(id);  // the model itself, not anywidget's proxy of it
  const base = own && Object.getPrototypeOf(Object.getPrototypeOf(own));  // the class anywidget's model extends
  if (!own || !own.comm || typeof own.comm.on_msg !== "function" || !base || typeof base._handle_comm_msg !== "function") {
    return false;
  }
  own.comm.on_msg((msg) => base._handle_comm_msg.call(own, msg));
  // a message of no consequence through anywidget's own handler settles as its gate did
  const probe = { content: { data: { method: "custom", content: { careerkit: "gate" } } }, buffers: [] };
  return Promise.resolve(own._handle_comm_msg(probe)).then(() => false, () => true);
}
"""

_HOLDER_ESM = _SLOT_JS + GATE_JS + """
export default {
  initialize({ model }) {
    const s = slot();
    // where anywidget had given up on this model (its module started after 2 s, on a busy page) it
    // reports that as an error; the carrier lost nothing (its bytes came with the model): say so
    openGate(model).then((lost) => {
      if (lost) console.info("careerkit: anywidget had held back the messages of plotly.js's carrier; it had none to lose");
    }, () => {});
    if (s.loading) return;
    s.loading = true;
    const url = URL.createObjectURL(new Blob([model.get("bundle")], { type: "text/javascript" }));
    import(url).then(s.resolve, s.reject).finally(() => URL.revokeObjectURL(url));
  },
};
"""

# plotly's widget view draws the figure once, at the width its element has then; in JupyterLab
# the element is not laid out yet, so figures stayed 700 px wide (titles cut off) in a wider
# notebook. The figure is fitted to its element whenever the element's width changes
# (ResizeObserver) and when it comes into view (IntersectionObserver: JupyterLab skips the layout
# of cells out of view, and plotly.js then measures nothing) — what plotly's view does on
# JupyterLab's resize messages, which anywidget views do not get.
_FIGURE_ESM = _SLOT_JS + GATE_JS + f"const ROW_NAME = {json.dumps(plots.ROW_NAME)};\n" + """
function fitWidth(el, tries) {
  const P = globalThis.Plotly;
  if (!el._fullLayout) {  // not drawn yet: look again on the next frames (about 10 s at most)
    if (tries < 600) requestAnimationFrame(() => fitWidth(el, tries + 1));
    return;
  }
  if (!P || !el.clientWidth || (el.layout && el.layout.width)) return;
  if (!el.__careerkitFit && typeof el.on === "function") {
    // once the frame that shows the update is painted (a task queued from the next frame): measuring
    // forces a layout, which would otherwise come before that paint
    let pending = 0;
    const refit = () => requestAnimationFrame(() => { clearTimeout(pending); pending = setTimeout(() => fitText(el), 0); });
    el.__careerkitFit = { refit };
    // a relayout that only moves the axes (a resize, or this module's own wrapping, which plotly.js
    // also sizes the figure anew for) redraws without "plotly_afterplot"
    el.on("plotly_afterplot", refit);
    el.on("plotly_relayout", refit);
    fitText(el);
  }
  // the text is fitted again after every change of the element's size, also when plotly.js
  // had already followed it: its redraw for the new size may have come before the last fitting
  const refit = el.__careerkitFit ? el.__careerkitFit.refit : () => {};
  if (Math.abs(el.clientWidth - el._fullLayout.width) > 1) {
    Promise.resolve(P.Plots.resize(el)).then(refit).catch(() => {});  // rejected while hidden: a later event fits it
  } else {
    refit();
  }
}
// plotly.js never wraps text, so on a narrow page (a phone, a window zoomed to 400 %) a figure's
// title, axis titles and notes ran past its edges and were cut off. After every draw each of them
// that does not fit the room it has is wrapped (at spaces, measured in its own font) into lines
// that do; the title's margin and the rows named above their bars grow by the extra lines, and
// the figure by as much, so the plot keeps its height. Whole-number ticks too close together are
// spaced out. Where the room grows again what the kernel sent comes back. The kernel's copy of the
// figure is not changed.
const MEASURE = document.createElement("canvas").getContext("2d");
const PLAIN = document.createElement("textarea");  // turns entities (&lt;) back into the characters drawn
function plain(html) {
  PLAIN.innerHTML = html.replace(/<[^>]*>/g, "");
  return PLAIN.value;
}
function textWidth(html, font) {
  MEASURE.font = `${font.size}px ${font.family}`;
  return MEASURE.measureText(plain(html)).width;
}
function wrapText(source, font, room) {
  const lines = source.split(/<br\\s*\\/?>/i);
  if (lines.every((line) => textWidth(line, font) <= room)) return source;
  const out = [];
  let line = "";
  source.split(/<br\\s*\\/?>|\\s+/i).filter(Boolean).forEach((word) => {
    const longer = line ? `${line} ${word}` : word;
    if (line && textWidth(longer, font) > room) { out.push(line); line = word; } else { line = longer; }
  });
  if (line) out.push(line);
  return out.join("<br>");
}
function lineCount(html) { return (html.match(/<br\\s*\\/?>/gi) || []).length + 1; }
function fitText(el) {
  const P = globalThis.Plotly, full = el._fullLayout, layout = el.layout, state = el.__careerkitFit;
  if (!P || !full || !layout || !full._size || !el.clientWidth) return;
  const box = el.getBoundingClientRect(), width = Math.min(full.width, el.clientWidth);
  const items = [];  // [path in the layout, text shown, font, room in px]
  const title = full.title || {};
  if (title.text) {
    items.push(["title.text", (layout.title || {}).text || "", title.font, width * (1 - (title.x || 0)) - 12]);
  }
  const axes = Object.keys(full).filter((k) => /^[xy]axis\\d*$/.test(k));
  const yDomains = axes.filter((k) => k[0] === "y").map((k) => full[k].domain || [0, 1]);
  axes.forEach((name) => {
    const axis = full[name], given = (layout[name] || {}).title;
    if (!axis || !axis.visible || !axis.title || !axis.title.text || !given) return;
    const d = axis.domain || [0, 1], mid = (d[0] + d[1]) / 2;
    // a y title (turned) may also take half the gap to the panel below and above it
    const below = Math.max(0, ...yDomains.filter((o) => o[1] <= d[0]).map((o) => o[1]));
    const above = Math.min(1, ...yDomains.filter((o) => o[0] >= d[1]).map((o) => o[0]));
    const room = name[0] === "x"
      ? 2 * Math.min(full._size.l + full._size.w * mid, width - full._size.l - full._size.w * mid)
      : full._size.h * (d[1] - d[0] + (d[0] - below) / 2 + (above - d[1]) / 2);
    items.push([`${name}.title.text`, given.text || "", axis.title.font, room - 12]);
  });
  (full.annotations || []).forEach((note, i) => {
    const shown = el.querySelector(`.annotation[data-index="${i}"]`);
    if (!note.visible || !note.text || !shown || (note.xanchor !== "left" && note.xanchor !== "auto")) return;
    const drawn = shown.getBoundingClientRect(), text = (layout.annotations[i] || {}).text || "";
    // the note as drawn (its box and padding) can be a little wider than its text measured here
    const widest = Math.max(...text.split(/<br\\s*\\/?>/i).map((line) => textWidth(line, note.font)), 1);
    const scale = Math.max(1, drawn.width / widest);
    items.push([`annotations[${i}].text`, text, note.font, (width - Math.max(drawn.left - box.left, 0) - 12) / scale]);
  });
  // a legend one entry a line (careerkit.plots.legend_under): a name too long for its line beside
  // its symbol (about 40 px), wherever the legend starts
  const legend = el.querySelector(".legend"), lg = full.legend || {};
  const oneALine = lg.orientation === "h" && lg.entrywidthmode === "pixels" && lg.entrywidth >= width;
  if (legend && full.showlegend && oneALine) {
    const left = Math.max(legend.getBoundingClientRect().left - box.left, 0);
    (el._fullData || []).forEach((trace) => {
      const given = (el.data[trace.index] || {}).name;
      if (trace.showlegend && trace.visible === true && typeof given === "string" && given) {
        items.push([`data[${trace.index}].name`, given, lg.font || full.font, width - left - 52, trace.index]);
      }
    });
  }
  const changes = {}, names = {};  // layout changes; legend names, by trace
  items.forEach(([path, shown, font, room, trace]) => {
    const kept = state[path];
    const source = kept && shown === kept.wrapped ? kept.source : shown;  // otherwise the kernel sent new text
    const wrapped = room > 40 ? wrapText(source, font, room) : source;
    state[path] = { source, wrapped };
    if (wrapped === shown) return;
    if (trace === undefined) changes[path] = wrapped; else names[trace] = wrapped;
  });
  const traces = Object.keys(names).map(Number);
  if (traces.length) Promise.resolve(P.restyle(el, { name: traces.map((i) => names[i]) }, traces)).catch(() => {});
  axes.filter((k) => k[0] === "x").forEach((name) => fitTicks(full[name], name, layout, state, changes));
  // the title's new lines in the top margin, the legend's in the bottom one; the plot keeps the
  // height the kernel gave it, so the figure grows by both and by the rows' new lines
  const margin = layout.margin || {}, t = state["title.text"];
  const top = grow(state, "top", margin.t, t ? Math.ceil(LINE * title.font.size) * (lineCount(t.wrapped) - lineCount(t.source)) : 0,
    changes, "margin.t");
  const bottom = grow(state, "bottom", margin.b, oneALine ? fitLegend(el, full, state) : 0, changes, "margin.b");
  // plotly.js forgets the height it was given when it resizes a figure (and keeps it drawn so tall)
  grow(state, "tall", layout.height || full.height, fitRows(full, layout, state) + top + bottom, changes, "height");
  if (!Object.keys(changes).length) return;
  Promise.resolve(P.relayout(el, changes)).then(() => {
    // plotly.js pins the width of a figure given a new height: let it follow its element again
    if ("height" in changes && el.layout) delete el.layout.width;
  }).catch(() => {});
}
// Rows named above their bars (careerkit.plots.names_above_bars): a name wrapped onto more lines
// than the kernel's needs a taller row, or it runs into the row above. Returns the px the figure
// needs for it.
const LINE = 1.3;  // plotly.js's line height, in font sizes
function fitRows(full, layout, state) {
  const given = layout.annotations || [];
  const rows = (full.annotations || []).map((note, i) => [note, i]).filter(([, i]) => (given[i] || {}).name === ROW_NAME);
  if (!rows.length) return 0;
  let more = 0;
  rows.forEach(([, i]) => {
    const s = state[`annotations[${i}].text`];
    if (s) more = Math.max(more, lineCount(s.wrapped) - lineCount(s.source));
  });
  const first = rows[0][0], axis = full[`yaxis${first.yref.slice(1)}`];
  if (!more || !axis || !axis.range) return 0;
  const bar = Math.min(Math.max(-2 * first.y, 0), 0.9);  // the first row's note sits on its bar's top edge, at -bar/2
  const span = Math.abs(axis.range[1] - axis.range[0]);
  return Math.ceil(span * more * LINE * first.font.size / (1 - bar));
}
// Lines the page added to legend names (one entry a line), in px.
function fitLegend(el, full, state) {
  let more = 0;
  (el._fullData || []).forEach((trace) => {
    const s = state[`data[${trace.index}].name`];
    if (s) more += lineCount(s.wrapped) - lineCount(s.source);
  });
  return Math.ceil(more * LINE * ((full.legend && full.legend.font) || full.font).size);
}
// A number the page adds ``extra`` px to (a margin, the height), kept in ``state[key]``: the value
// the kernel sent is the base, so one it sends again replaces it and the page never adds twice.
// Sets ``changes[path]`` when the number changes; returns what was added (0 without a number).
function grow(state, key, now, extra, changes, path) {
  if (typeof now !== "number") return 0;
  const kept = state[key];
  const base = kept && now === kept.now ? kept.base : now;
  state[key] = { base, now: base + extra };
  if (base + extra !== now) changes[path] = base + extra;
  return extra;
}
// Whole-number ticks the kernel spaced (``dtick``, careerkit.plots.whole_ticks) ran into each other
// on a narrow plot: the step grows (1, 2, 5, 10, 20 …) until each label has room, and comes back
// when the plot widens.
function fitTicks(axis, name, layout, state, changes) {
  const given = (layout[name] || {}).dtick, key = `${name}.dtick`, kept = state[key];
  if (!axis || !axis.visible || !axis.showticklabels || typeof given !== "number" || !(given > 0)) return;
  const source = kept && given === kept.now ? kept.source : given;
  const range = axis.range || [0, 1], span = Math.abs(range[1] - range[0]);
  const widest = Math.max(1, ...(axis._vals || []).map((v) => textWidth(String(v.text || ""), axis.tickfont)));
  let step = source;
  for (let k = 0; k < 40 && axis._length * step / span < widest + 12; k++) {
    const e = Math.pow(10, Math.floor(Math.log10(step))), m = step / e;
    step = (m < 2 ? 2 : m < 5 ? 5 : 10) * e;
  }
  state[key] = { source, now: step };
  if (step !== given) changes[key] = step;
}
// After every update plotly's view diffs the whole drawn figure against what Python sent and
// reports the difference (trace and layout "deltas", 6-7 kB for the lifetime figure) to the
// kernel, which spends tens of milliseconds merging it and then sends back messages that make
// plotly.js restyle again. careerkit's apps never read those plotly.js-filled values, so this
// module's views (only careerkit's figures use it) do not report them.
function quiet(View) {
  if (!View || View.prototype.__careerkitQuiet) return;
  View.prototype._sendTraceDeltas = function () {};
  View.prototype._sendLayoutDelta = function () {};
  View.prototype.__careerkitQuiet = true;
}
// The messages plotly's model turns into changes of the figure it holds in the page.
const UPDATES = ["_py2js_addTraces", "_py2js_deleteTraces", "_py2js_moveTraces", "_py2js_restyle", "_py2js_relayout",
  "_py2js_update", "_py2js_animate", "_py2js_removeLayoutProps", "_py2js_removeTraceProps"];
// The kernel sends the whole figure again (FigureWidget._on_page_message): everything where the
// gate lost messages, only what changed where plotly's model started after updates had arrived.
function resend(model, everything) {
  return new Promise((resolve) => {
    const done = (msg) => { if (msg && msg.careerkit === "resent") { model.off("msg:custom", done); resolve(); } };
    model.on("msg:custom", done);
    model.send({ careerkit: "resend", everything });
    setTimeout(resolve, 15000);  // an old kernel that does not answer: draw what the page has
  });
}
// plotly.js (5 MB) can take longer to arrive and compile on a busy classroom machine than anywidget
// gives a module, so nothing here waits for it there: initialize() only starts plotly's model once
// the bundle is in the page, and render(), which anywidget does not time, waits for that. An update
// that arrived before plotly's model existed was not applied to the page's copy of the figure: the
// kernel is then asked for the figure again before it is drawn.
export default () => {
  let ready = null;
  return {
    initialize(context) {
      const { model } = context;
      let missed = false;
      const early = () => { missed = true; };
      UPDATES.forEach((name) => model.on(`change:${name}`, early));
      const gate = openGate(model).catch((error) => { console.error("careerkit: figure messages", error); return false; });
      ready = slot().promise.then(async (plotlyWidget) => {
        quiet(plotlyWidget.FigureView);
        const widget = await plotlyWidget.default();
        UPDATES.forEach((name) => model.off(`change:${name}`, early));
        await widget.initialize(context);
        const lost = await gate;
        if (lost) console.info("careerkit: anywidget had held back this figure's messages; the figure was sent again");
        if (missed || lost) await resend(model, lost);
        return widget;
      });
      ready.catch((error) => console.error("careerkit: plotly's widget module did not load", error));
    },
    async render(context) {
      const widget = await ready;
      const cleanup = widget.render(context);
      const el = context.el;
      let frame = 0;
      const later = () => { cancelAnimationFrame(frame); frame = requestAnimationFrame(() => fitWidth(el, 0)); };
      const observers = [];
      if (typeof ResizeObserver === "function") observers.push(new ResizeObserver(later));
      if (typeof IntersectionObserver === "function") {
        observers.push(new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) later(); }));
      }
      observers.forEach((o) => o.observe(el));
      return () => {
        observers.forEach((o) => o.disconnect());
        cancelAnimationFrame(frame);
        if (typeof cleanup === "function") cleanup();
      };
    },
  };
};
"""


class Reachable(traitlets.HasTraits):
    """A widget whose comm is opened under an id chosen here and also sent in the model's first
    state (``_careerkit_id``), so that the page's module can reach the model itself, not only
    anywidget's proxy of it (see ``openGate`` in the modules)."""

    _careerkit_id = traitlets.Unicode("").tag(sync=True)  # the comm's id (see open)

    def open(self):
        if self.comm is None:
            self._model_id = self._model_id or uuid.uuid4().hex
            self._careerkit_id = self._model_id
        super().open()


class PlotlyBundle(Reachable, anywidget.AnyWidget):
    """Hidden widget that carries plotly's widget module (bytes of ``widgetbundle.js``) to the page.

    Never displayed; one per kernel (see :func:`bundle_widget`).
    """

    _esm = _HOLDER_ESM
    bundle = traitlets.Bytes().tag(sync=True)


_HOLDER: PlotlyBundle | None = None


def bundle_widget() -> PlotlyBundle:
    """The kernel's one :class:`PlotlyBundle`, created (and sent to the page) on first use."""
    global _HOLDER
    if _HOLDER is None or getattr(_HOLDER, "comm", None) is None:
        _HOLDER = PlotlyBundle(bundle=_BUNDLE_PATH.read_bytes())
    return _HOLDER


def _message(**tags) -> traitlets.Dict:
    from plotly.serializers import custom_serializers

    return traitlets.Dict(allow_none=True).tag(sync=True, **custom_serializers, **tags)


#: The synced traits that carry a FigureWidget's figure.
_FIGURE_TRAITS = ("_widget_data", "_widget_layout")


class FigureWidget(Reachable, go.FigureWidget):
    """``go.FigureWidget`` whose plotly.js arrives once per kernel instead of once per figure.

    Use it like ``go.FigureWidget(fig)``; the figure's data, layout and in-place updates are
    plotly's own.

    After every update plotly's view sends the kernel what plotly.js filled in (``_js2py_*``
    messages, 6–7 kB for the lifetime figure), and ipywidgets 8 sends each such message straight
    back to the page (``echo_update``, for other views of the same widget). careerkit's figures
    are shown once each, so these messages are not echoed; and the page's module does not send the
    filled-in values at all (careerkit never reads them; merging them took the kernel tens of
    milliseconds per update and made plotly.js restyle once more).

    What goes to the page per update is one message: plotly's ``plotly_update`` also sends two
    edit counters, which only label those reports, and then resets the update to ``None``; here the
    counters stay in Python and the reset is not sent (the page ignores an update of ``None``).
    """

    _esm = _FIGURE_ESM
    _js2py_traceDeltas = _message(echo_update=False)
    _js2py_layoutDelta = _message(echo_update=False)
    _js2py_restyle = _message(echo_update=False)
    _js2py_relayout = _message(echo_update=False)
    _js2py_update = _message(echo_update=False)
    _js2py_pointsCallback = _message(echo_update=False)
    _last_layout_edit_id = traitlets.Integer(0)  # not synced: see above
    _last_trace_edit_id = traitlets.Integer(0)

    def _should_send_property(self, key, value):
        if value is None and key.startswith("_py2js_"):
            return False  # plotly's reset after each message
        return super()._should_send_property(key, value)

    def get_state(self, key=None, drop_defaults=False):
        """The widget's state, with the figure as it is now.

        plotly sends its updates to the pages that already show the figure and leaves the synced
        figure (``_widget_data``, ``_widget_layout``) as it was when the widget was made. A page that
        asks the kernel for the state later (JupyterLab opened again or reloaded, another view of
        the widget, Voila taking the state after a later cell updated the figure) drew that first
        figure next to controls showing their current values.
        """
        state = super().get_state(key, drop_defaults)
        if not hasattr(self, "_layout_obj"):  # plotly's own __init__ is still sending the first state
            return state
        # plotly asks for one message trait at a time (each update): the figure is copied only when
        # the state asked for carries it
        wanted = [name for name in _FIGURE_TRAITS if name in state]
        for name, current in self._figure_now(wanted).items():
            state[name] = self.trait_metadata(name, "to_json", self._trait_to_json)(current, self)
        return state

    def _figure_now(self, names=_FIGURE_TRAITS) -> dict:
        """A copy of the figure as it is now, under the names of the synced traits that carry it."""
        now = {"_widget_data": self._data, "_widget_layout": self._layout_obj._props}
        return {name: deepcopy(now[name]) for name in names}

    def __init__(self, *args, **kwargs):
        bundle_widget()
        super().__init__(*args, **kwargs)
        # a shorter toolbar that does not cover the title: no logo, no selection tools
        self._config = {**(self._config or {}), **TOOLBAR}
        self.on_msg(self._on_page_message)

    def _on_page_message(self, _widget, content, _buffers) -> None:
        """The page asks for the figure again: its plotly model started after an update had
        arrived (plotly.js came late), or anywidget dropped messages (``everything``). Send it,
        then say so."""
        if not (isinstance(content, dict) and content.get("careerkit") == "resend"):
            return
        current = self._figure_now()
        stale = [key for key, value in current.items() if getattr(self, key) != value]
        with self.hold_sync():  # what differs from the figure as it was displayed, in one message
            for key in stale:
                setattr(self, key, current[key])
        if content.get("everything"):  # and what the page may never have had, though unchanged here
            unchanged = [key for key in (*current, "_config") if key not in stale]
            self.send_state(unchanged)
        self.send({"careerkit": "resent"})


#: plotly.js config of the apps' figures.
TOOLBAR = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


# -- redrawing a figure in place ---------------------------------------------------------------
# The plotly internals the quick path uses (tests/test_plotly_contract.py names each one and says
# what to do when a plotly release changes it).  Looked up by name, so that a plotly without them
# is noticed here and not deep inside an app's callback.
_PROPS = "_props"  # a trace's or the layout's own dict of properties: read in place, never changed
_COMPOUND_ARRAYS = "_compound_array_props"  # the layout's cached objects of annotations, shapes …
_UNDEFINED = "Undefined"  # plotly.basedatatypes' marker for "this trace is not restyled"
_warned = False


def _internals(figure: go.Figure):
    """``(Undefined, layout props, trace props)`` of ``figure`` (the widget or the new figure)
    when this plotly has what the quick path needs, else ``None``."""
    from plotly import basedatatypes

    undefined = getattr(basedatatypes, _UNDEFINED, None)
    layout = getattr(figure.layout, _PROPS, None)
    traces = [getattr(trace, _PROPS, None) for trace in figure.data]
    if (undefined is None or not isinstance(layout, dict) or not all(isinstance(t, dict) for t in traces)
            or not isinstance(getattr(figure.layout, _COMPOUND_ARRAYS, None), dict)
            or not callable(getattr(figure, "plotly_update", None))):
        return None
    return undefined, layout, traces


def update_figure(widget: go.FigureWidget, new_figure: go.Figure | dict) -> None:
    """Redraw ``widget`` in place with the traces and layout of ``new_figure`` (the apps' one way
    to update a figure; :class:`careerkit.widgets._base.FigurePanel` calls it). ``new_figure`` is a
    ``go.Figure`` or a figure as plotly JSON (``careerkit.plots.figure_json``), which is read as it is.

    The changes (:func:`careerkit.plots.figure_changes`) go to the browser as one
    ``plotly_update``: one message, one redraw, without plotly first applying and validating
    each property the way ``batch_update`` does.  That needs a few plotly internals (read the
    current and the new properties in place, drop the layout's cached annotation and shape
    objects that changed); if this plotly lacks them, the figure is updated with plotly's public
    ``batch_update`` (:func:`careerkit.plots.refresh`: slower, the same figure) and one warning
    is logged.
    """
    global _warned
    plain = isinstance(new_figure, dict)
    found = _internals(widget)
    new_found = (None, new_figure["layout"], new_figure["data"]) if plain else _internals(new_figure)
    if found is None or new_found is None:
        if not _warned:
            _warned = True
            log.warning("careerkit: this plotly (%s) lacks the internals careerkit's quick figure updates use "
                        "(see tests/test_plotly_contract.py); figures update through plotly's batch_update "
                        "instead (slower, the same figures).", plotly.__version__)
        plots.refresh(widget, plots.as_figure(new_figure) if plain else new_figure)
        return
    undefined, old_layout, old_traces = found
    _, new_layout, new_traces = new_found
    traces, relayout = plots.figure_changes(old_traces, old_layout, new_traces, new_layout)
    if traces is None:  # other traces: plotly replaces the data (its own messages)
        plots.refresh(widget, plots.as_figure(new_figure) if plain else new_figure)
        return
    # the changes are the new figure's own values, read in place; the widget keeps what it is given
    # and the apps keep their figures to show again, so the widget gets copies of the changes only
    traces, relayout = deepcopy(traces), deepcopy(relayout)
    restyle: dict[str, list] = {}
    for position, changes in enumerate(traces):
        for key, value in changes.items():
            restyle.setdefault(key, [undefined] * len(traces))[position] = value
    if restyle or relayout:
        widget.plotly_update(restyle_data=restyle, relayout_data=relayout, trace_indexes=list(range(len(traces))))
        # plotly keeps Python objects for list properties (annotations, shapes) and does not
        # rebuild them after plotly_update; drop the ones that changed so they are read anew
        cached = getattr(widget.layout, _COMPOUND_ARRAYS)
        for key in relayout:
            cached.pop(key, None)
