"""What the apps' controls need for keyboard and screen-reader users that ipywidgets leaves out.

ipywidgets 8.1 draws a slider as a noUiSlider handle (``role="slider"``, reached with Tab, moved
with the arrow keys) but gives the handle no accessible name: the ``description`` label next to
it is not tied to it (jupyter-widgets/ipywidgets#2650), so a screen reader says only "slider, 40".
An ``HTML`` widget replaces its whole content on every change, so a live region written *inside*
its value is a new element each time, and screen readers do not reliably announce a live region
that appears together with its text.

:class:`Helper` is a hidden widget that every app carries (see ``App._build``). Its front-end
module, a few lines with nothing fetched, watches the app's own elements and

* names every slider handle after its widget's visible label (``aria-labelledby``), also
  handles ipywidgets draws again later;
* makes every element with the class ``ck-live`` (the status line, the quiz's feedback) a
  persistent polite live region (``role="status"``), so a changed message is announced;
* makes the app a named region (``role="region"``, labelled by its heading);

and its stylesheet gives every control in an app a clearly visible keyboard focus.

The helper is an anywidget, so on a busy page its module can start after anywidget's 2 s, like
the figures' (see ``careerkit.widgets._figure``): it takes the same way past anywidget's gate.
"""
from __future__ import annotations

import anywidget
import ipywidgets as w

from careerkit.widgets._figure import GATE_JS, Reachable

#: Class of the elements that are announced when their text changes.
LIVE = "ck-live"
#: Focus ring of every control inside an app: 2 px in Okabe–Ito blue (5.2:1 on white).
FOCUS_COLOUR = "#0072B2"

_ESM = GATE_JS + """
const LIVE = "%(live)s";
function nextId(prefix) {
  globalThis.__careerkitA11yIds = (globalThis.__careerkitA11yIds || 0) + 1;
  return `${prefix}-${globalThis.__careerkitA11yIds}`;
}
function idOf(el, prefix) {
  if (!el.id) el.id = nextId(prefix);
  return el.id;
}
function mend(app) {
  const heading = app.querySelector(".ck-heading h1, .ck-heading h2, .ck-heading h3");
  if (heading && !app.hasAttribute("role")) {
    app.setAttribute("role", "region");
    app.setAttribute("aria-labelledby", idOf(heading, "ck-app-heading"));
  }
  for (const handle of app.querySelectorAll('.noUi-handle[role="slider"]')) {
    if (handle.hasAttribute("aria-labelledby") || handle.hasAttribute("aria-label")) continue;
    const slider = handle.closest(".widget-slider");
    const label = slider && slider.querySelector(":scope > .widget-label");
    if (label && label.textContent.trim()) {
      handle.setAttribute("aria-labelledby", idOf(label, "ck-slider-label"));
    } else if (slider && slider.title) {
      handle.setAttribute("aria-label", slider.title);
    }
  }
  for (const region of app.getElementsByClassName(LIVE)) {
    if (region.getAttribute("role") === "status") continue;
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
  }
}
function outsideFigures(records) {
  // plotly.js rewrites its SVG on every redraw: those changes never add a control
  return records.some((r) => !(r.target.closest && r.target.closest(".js-plotly-plot")));
}
export default {
  initialize({ model }) {
    // where anywidget had given up on this model (its module started after 2 s, on a busy page) it
    // reports that as an error; the helper lost nothing (the kernel sends it nothing later): say so
    openGate(model).then((lost) => {
      if (lost) console.info("careerkit: anywidget had held back the messages of an app's accessibility helper; it had none to lose");
    }, () => {});
  },
  render({ el }) {
    let observer = null, timer = 0, tries = 0;
    const attach = () => {
      const app = el.closest(".ck-app");
      if (!app) {  // the app's box attaches its children after they render: look again shortly
        if (tries++ < 400) timer = setTimeout(attach, 25);
        return;
      }
      mend(app);
      let queued = false;
      observer = new MutationObserver((records) => {
        if (queued || !outsideFigures(records)) return;
        queued = true;
        queueMicrotask(() => { queued = false; mend(app); });
      });
      observer.observe(app, { childList: true, subtree: true });
    };
    attach();
    return () => { clearTimeout(timer); if (observer) observer.disconnect(); };
  },
};
""" % {"live": LIVE}

# ipywidgets' own stylesheet sets ``outline: none !important`` on text inputs, drop-downs and
# slider handles (with selectors as specific as ``.widget-text input[type="text"]``); these
# selectors are more specific, so the ring shows on every control.
_CSS = """
.ck-app :is(input, select, textarea, button, [tabindex], [contenteditable]):focus-visible,
.ck-app .noUi-handle:focus,
.ck-app .widget-readout:focus {
  outline: 2px solid %(colour)s !important;
  outline-offset: 2px !important;
}
""" % {"colour": FOCUS_COLOUR}


class Helper(Reachable, anywidget.AnyWidget):
    """Hidden widget whose front-end module gives its app's controls names, live regions and a
    visible focus (see the module docstring). One per app; it shows nothing itself."""

    _esm = _ESM
    _css = _CSS

    def __init__(self, **kwargs):
        kwargs.setdefault("layout", w.Layout(display="none"))
        super().__init__(**kwargs)
        self.add_class("ck-a11y")


def live(widget: w.DOMWidget) -> w.DOMWidget:
    """Mark ``widget`` (an ``HTML`` status or feedback box) as a live region; returns it."""
    widget.add_class(LIVE)
    return widget
