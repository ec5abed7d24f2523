"""Measuring, from the DOM, whether a careerkit app holds its layout at the page's current width.

:func:`measure` looks inside one ``.ck-app`` and reports, one line each:

* a slider whose track (``.slider-container``) is narrower than :data:`MIN_TRACK` px;
* two boxes that overlap: labels, readouts, slider tracks, text boxes, lists and buttons of the app;
* a label whose text is cut off (its text is wider than its box);
* anything past the app's right edge, any box of the app that scrolls sideways (ipywidgets' boxes
  scroll what does not fit), and an app wider than the page or notebook it sits in. Only a
  ``ck-scroll`` box (a wide table meant to scroll on its own) may hold something wider;
* a figure's title, axis title, note or legend entry that runs out of the figure (plotly.js cuts
  it off there), two notes of a figure on top of each other, a title running into its plot, a plot
  narrower than half its figure, and tick labels of one axis on top of each other.
"""
from __future__ import annotations

#: The narrowest slider track a learner can drag with some precision (px).
MIN_TRACK = 120
#: The widths (CSS px) every app is looked at: a small phone / 400% zoom, a phone, a tablet and
#: laptop and desktop windows.
WIDTHS = (320, 360, 800, 1024, 1280, 1600, 1920)

_MEASURE = """([app, minTrack]) => {
  const found = [];
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return null;
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none') return null;
    return r;
  };
  const nameOf = (e, app) => {
    for (let x = e; x && x !== app; x = x.parentElement) {
      const ck = [...x.classList].find(c => c.startsWith('ck-') && c !== 'ck-app' && c !== 'ck-control');
      if (ck) {
        const label = x.querySelector(':scope > .widget-label');
        return ck + (label && label.textContent.trim() ? ` ("${label.textContent.trim().slice(0, 50)}")` : '');
      }
    }
    const text = (e.textContent || '').trim().slice(0, 40);
    return e.tagName.toLowerCase() + '.' + [...e.classList].slice(0, 2).join('.') + (text ? ` ("${text}")` : '');
  };
  const place = (app) => {
    // the box the app has to fit: the page in Voila, the notebook's scrolling area in JupyterLab
    const lab = app.closest('.jp-WindowedPanel-outer, .jp-Notebook');
    return lab ? lab.getBoundingClientRect().right : document.documentElement.clientWidth;
  };
  {
    const a = visible(app);
    const label = 'app';
    if (!a) { found.push(`${label}: not laid out (0 px)`); return found; }
    if (a.right > place(app) + 1) found.push(`${label}: ${Math.round(a.right - place(app))} px wider than its place on the page`);
    // 1. slider tracks
    app.querySelectorAll('.widget-slider .slider-container, .widget-hslider .slider-container').forEach(t => {
      const r = visible(t);
      if (r && r.width < minTrack) found.push(`${label}: slider ${nameOf(t, app)} has a ${Math.round(r.width)} px track (< ${minTrack})`);
    });
    // 2. boxes that must not overlap
    const atoms = [...app.querySelectorAll(
      '.widget-label, .widget-readout, .slider-container, select, input, textarea, button, .ck-alt, .js-plotly-plot'
    )].filter(e => !e.closest('.js-plotly-plot') || e.classList.contains('js-plotly-plot'))
      .map(e => [e, visible(e)]).filter(([e, r]) => r);
    for (let i = 0; i < atoms.length; i++) {
      for (let j = i + 1; j < atoms.length; j++) {
        const [e1, r1] = atoms[i], [e2, r2] = atoms[j];
        if (e1.contains(e2) || e2.contains(e1)) continue;
        const w = Math.min(r1.right, r2.right) - Math.max(r1.left, r2.left);
        const h = Math.min(r1.bottom, r2.bottom) - Math.max(r1.top, r2.top);
        if (w > 2 && h > 2) found.push(`${label}: ${nameOf(e1, app)} overlaps ${nameOf(e2, app)} (${Math.round(w)}x${Math.round(h)} px)`);
      }
    }
    // 3. labels cut off
    app.querySelectorAll('.widget-label').forEach(l => {
      if (visible(l) && l.textContent.trim() && l.scrollWidth > l.clientWidth + 1)
        found.push(`${label}: label ${nameOf(l, app)} is cut off (${l.scrollWidth} px of text in ${l.clientWidth} px)`);
    });
    // 4. past the app's right edge
    const right = a.right;
    const past = new Set();
    app.querySelectorAll('*').forEach(e => {
      if (e.closest('.js-plotly-plot') && !e.classList.contains('js-plotly-plot')) return;
      if (e.closest('.ck-style')) return;
      const r = visible(e);
      if (!r) return;
      const s = getComputedStyle(e);
      // a box of the app that scrolls sideways: what it holds is wider than the app gives it
      // (not a native list box: the browser cuts its options' text, it cannot wrap them)
      if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1 && !e.closest('.ck-scroll')
          && e.tagName !== 'SELECT')
        found.push(`${label}: ${nameOf(e, app)} scrolls sideways (${e.scrollWidth} px of content in ${e.clientWidth} px)`);
      if (r.right <= right + 1 || e.closest('.ck-scroll')) return;
      let edge = r.right;  // where it can be seen: a box that clips (and does not scroll) hides the rest
      for (let x = e.parentElement; x && x !== app; x = x.parentElement) {
        const o = getComputedStyle(x).overflowX;
        if (o === 'hidden' || o === 'clip') edge = Math.min(edge, x.getBoundingClientRect().right);
      }
      if (edge <= right + 1) return;
      past.add(e);
      if (!past.has(e.parentElement))  // its children are past the edge with it: name the outermost only
        found.push(`${label}: ${nameOf(e, app)} ends ${Math.round(edge - right)} px past the app's right edge`);
    });
    // 5. a figure's title, axis titles and notes inside the figure (plotly.js cuts off what is not)
    app.querySelectorAll('.js-plotly-plot').forEach(fig => {
      const f = visible(fig);
      if (!f) return;
      // the text itself: a note's box adds an invisible border and padding around it
      fig.querySelectorAll('.gtitle, .g-xtitle, .g-ytitle, [class^="g-x"][class$="title"], [class^="g-y"][class$="title"], .annotation-text, .legendtext').forEach(t => {
        const r = visible(t);
        if (!r || !(t.textContent || '').trim()) return;
        const cut = Math.max(f.left - r.left, r.right - f.right, f.top - r.top, r.bottom - f.bottom);
        if (cut > 2) found.push(`${label}: figure text "${t.textContent.trim().slice(0, 50)}" runs ${Math.round(cut)} px out of its figure`);
      });
      // notes not on top of each other (a row's name wrapped onto more lines than its row has)
      const notes = [...fig.querySelectorAll('.annotation-text')].map(t => [t, visible(t)]).filter(([t, r]) => r && t.textContent.trim());
      for (let i = 0; i < notes.length; i++) for (let j = i + 1; j < notes.length; j++) {
        const [a, b] = [notes[i][1], notes[j][1]];
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left), dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 2 && dy > 2)
          found.push(`${label}: figure notes "${notes[i][0].textContent.trim().slice(0, 30)}" and "${notes[j][0].textContent.trim().slice(0, 30)}" overlap by ${Math.round(dy)} px`);
      }
      // the title above every plot of the figure, not over the top of one
      const gtitle = fig.querySelector('.gtitle'), title = gtitle && visible(gtitle);
      const tops = [...fig.querySelectorAll('.nsewdrag')].map(visible).filter(Boolean).map(r => r.top);
      if (title && tops.length && title.bottom > Math.min(...tops) + 2)
        found.push(`${label}: the title "${gtitle.textContent.trim().slice(0, 40)}" runs ${Math.round(title.bottom - Math.min(...tops))} px into its plot`);
      // the plot itself keeps most of the figure's width (labels beside it must not take it)
      fig.querySelectorAll('.nsewdrag').forEach(p => {
        const r = visible(p);
        if (r && r.width < 0.5 * f.width)
          found.push(`${label}: the plot of "${((fig.querySelector('.gtitle') || {}).textContent || '').slice(0, 40)}" is ${Math.round(r.width)} px wide in a figure of ${Math.round(f.width)} px`);
      });
      // tick labels of one axis side by side, not on top of each other
      fig.querySelectorAll('.xaxislayer-above, .yaxislayer-above').forEach(layer => {
        // turned labels (plotly.js turns them when they do not fit level) have boxes that overlap
        // while their text does not: only level ones are compared
        const level = (t) => !/rotate\\(\\s*-?[1-9]/.test(t.getAttribute('transform') || '');
        const ticks = [...layer.querySelectorAll('.xtick text, .ytick text')].filter(level)
          .map(t => [t, visible(t)]).filter(([t, r]) => r && t.textContent.trim());
        for (let i = 0; i + 1 < ticks.length; i++) {
          const [t1, r1] = ticks[i], [t2, r2] = ticks[i + 1];
          const w = Math.min(r1.right, r2.right) - Math.max(r1.left, r2.left);
          const h = Math.min(r1.bottom, r2.bottom) - Math.max(r1.top, r2.top);
          if (w > 1 && h > 1) found.push(`${label}: tick labels "${t1.textContent.trim().slice(0, 30)}" and "${t2.textContent.trim().slice(0, 30)}" overlap (${Math.round(w)}x${Math.round(h)} px)`);
        }
      });
    });
    if (app.scrollWidth > app.clientWidth + 1)
      found.push(`${label}: the app scrolls sideways (${app.scrollWidth} px of content in ${app.clientWidth} px)`);
  }
  return [...new Set(found)].map(line => line.replace(/^app: /, ''));
}"""


def measure(app) -> list[str]:
    """Every layout problem of one app (a Playwright locator of its ``.ck-app``), one line each."""
    return app.evaluate(f"(el, minTrack) => ({_MEASURE})([el, minTrack])", MIN_TRACK)


def kind(app) -> str:
    """The app's own class (``ck-lifetime``, ``ck-plan-builder`` …)."""
    return next((c for c in (app.get_attribute("class") or "").split() if c.startswith("ck-") and c != "ck-app"), "ck-app")


def page_scrolls_sideways(page) -> int:
    """How many px the page can be scrolled sideways (0 when the content fits the window)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
