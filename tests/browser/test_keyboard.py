"""Every app used with the keyboard alone, in Voila: Tab, the arrow keys, Enter and Space.

For each app the test starts at the app's heading (where a screen-reader user lands when jumping
by heading) and from then on only presses keys:

1. Tab through the whole app: every control in it (drop-downs, lists, sliders, buttons, text
   fields, check boxes) is reached, in order, and each one shows a visible focus indicator when it
   has the focus (a computed outline of at least 1 px or a box shadow);
2. each control, reached again with Tab, is used the way a keyboard user would (arrows on a
   drop-down, list or slider; Enter on a button; Space on a toggle button or a check box; typing
   in a text field): what the app shows must change, and the figure must be redrawn for every
   control that chooses what the figure shows;
3. the quiz's feedback and the apps' status messages appear inside a live region (role=status,
   aria-live=polite) that was on the page before the message, so screen readers announce them.
"""
from __future__ import annotations

import nbformat
import pytest

from . import _apps, _axe, _figures, _notebooks
from .conftest import NOTEBOOKS

WITH_APPS = [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb"))
             if _notebooks.expected_views(nbformat.read(p, as_version=4)).apps]
MAX_TABS = 120

#: Controls that fill in a form or act on a file rather than choose what the figure shows: they
#: must change what the app shows (their own value, a list, the status line), not the figure.
NOT_FIGURE = {
    "ck-milestone-select", "ck-milestone-text", "ck-milestone-way", "ck-milestone-year", "ck-milestone-done",
    "ck-milestone-update", "ck-milestone-toggle", "ck-plan-folder", "ck-plan-name", "ck-plan-save",
    "ck-plan-load", "ck-plan-export", "widget-readout",
    "ck-class-live", "ck-class-export-path",  # the class view: switch live refresh, name the CSV file
}

#: Every element of an app a keyboard user must be able to reach.
_CONTROLS = """(app) => [...app.querySelectorAll(
    'select, input, textarea, button, .noUi-handle, [contenteditable="true"], [tabindex="0"]')]
  .filter(e => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0)
  .map((e, i) => { e.dataset.ckKey = e.dataset.ckKey || ('c' + Math.random().toString(36).slice(2, 9)); return e.dataset.ckKey; })"""

#: What has the focus: its key, kind, the widget classes around it and how its focus is drawn.
_FOCUSED = """(app) => {
  const e = document.activeElement;
  if (!e || e === document.body || !app.contains(e)) return {inside: false};
  if (!e.dataset.ckKey) e.dataset.ckKey = 'c' + Math.random().toString(36).slice(2, 9);
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
  const shadow = !!s.boxShadow && s.boxShadow !== 'none';
  let widget = e;  // the control's own widget: the nearest element with a careerkit class below the app
  while (widget && widget !== app && ![...widget.classList].some(c => c.startsWith('ck-'))) widget = widget.parentElement;
  if (!widget || widget === app) widget = e;
  const ck = [...new Set([...widget.classList, ...e.classList])].filter(c => c.startsWith('ck-') || c === 'widget-readout');
  let kind = e.tagName.toLowerCase();
  if (e.closest('.modebar')) kind = 'plotly';
  else if (e.classList.contains('noUi-handle')) kind = 'slider';
  else if (e.classList.contains('widget-readout')) kind = 'readout';
  else if (kind === 'select') kind = (e.multiple || e.size > 1) ? 'listbox' : 'dropdown';
  else if (kind === 'input') kind = e.type === 'checkbox' ? 'checkbox' : (e.type === 'number' ? 'number' : 'text');
  else if (kind === 'button' && e.closest('.widget-toggle-buttons')) kind = 'toggle';
  return {inside: true, key: e.dataset.ckKey, kind, css: ck.join(' '),
          name: (e.getAttribute('aria-label') || e.textContent || e.title || '').trim().slice(0, 40),
          visible: outline || shadow, focus: `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow ${s.boxShadow}`};
}"""

#: Everything an app shows and holds: the figures, its text, its controls' values.
_STATE = """(app) => JSON.stringify({
  figures: (%s)(app).map(s => [s.title, s.xtitle, s.ytitle, s.ticks, s.traces, s.names, s.data]),
  text: app.innerText,
  values: [...app.querySelectorAll('select, input, .noUi-handle')].map(e =>
    e.classList.contains('noUi-handle') ? e.getAttribute('aria-valuenow')
    : e.type === 'checkbox' ? e.checked : (e.multiple ? [...e.selectedOptions].map(o => o.value).join('|') : e.value)),
  pressed: [...app.querySelectorAll('.widget-toggle-buttons button')].map(b => b.classList.contains('mod-active')),
})""" % _figures.SIGNATURES


def _focused(page, app) -> dict:
    return page.evaluate(_FOCUSED, app.element_handle())


def _state(page, app) -> dict:
    import json

    return json.loads(page.evaluate(_STATE, app.element_handle()))


def _start(page, app) -> None:
    """Put the focus on the app's heading (not itself a control), as a jump by heading does."""
    app.locator(".ck-heading").first.evaluate("e => { e.tabIndex = -1; e.focus(); }")


def _tab_to(page, app, key: str) -> dict | None:
    """From the heading, press Tab until ``key`` has the focus; None if it cannot be reached now."""
    _start(page, app)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = _focused(page, app)
        if not info["inside"]:
            return None
        if info["key"] == key:
            return info
    return None


def _operate(page, app, info: dict, ctx, used: dict) -> str:
    """Use the focused control with the keys a keyboard user would; returns the keys pressed."""
    kind, css = info["kind"], info["css"]
    kb = page.keyboard
    if kind in ("dropdown", "listbox"):
        last = page.evaluate("() => { const s = document.activeElement; return s.selectedIndex >= s.options.length - 1; }")
        key = "ArrowUp" if last else "ArrowDown"
        kb.press(key)
        return key
    if kind == "slider":
        top = page.evaluate("() => { const h = document.activeElement; return +h.getAttribute('aria-valuenow') >= +h.getAttribute('aria-valuemax'); }")
        key = "ArrowLeft" if top else "ArrowRight"
        kb.press(key)
        return key
    if kind in ("toggle", "checkbox"):
        if kind == "toggle" and page.evaluate("() => document.activeElement.classList.contains('mod-active')"):
            return ""  # the choice already made (each toggle button is a tab stop): the others are used
        kb.press("Space")
        return "Space"
    if kind == "number":
        kb.press("ArrowUp")
        kb.press("Enter")
        return "ArrowUp, Enter"
    if kind in ("text", "textarea"):
        if "ck-title-input" in css:
            value = ctx.job_titles[used.setdefault("titles", 0) % len(ctx.job_titles)]
            used["titles"] += 1
        elif "ck-plan-folder" in css:
            value = str(ctx.plan_folder)
        elif "ck-plan-name" in css:
            value = "keyboard_plan"
        else:
            value = "Ask my manager which course the next step needs"
        kb.press("ControlOrMeta+a")
        kb.insert_text(value)
        kb.press("Enter")
        return f"typed {value!r}, Enter"
    if kind == "button":
        if "ck-search-button" in css:  # a search for the title already searched shows the same: type another
            kb.press("Shift+Tab")
            value = ctx.job_titles[used.setdefault("titles", 0) % len(ctx.job_titles)]
            used["titles"] += 1
            kb.press("ControlOrMeta+a")
            kb.insert_text(value)
            kb.press("Tab")
            kb.press("Enter")
            return f"Shift+Tab, typed {value!r}, Tab, Enter"
        key = "Enter" if used.setdefault("buttons", 0) % 2 == 0 else "Space"
        used["buttons"] += 1
        kb.press(key)
        return key
    return ""


def use_with_keyboard(page, app, ctx) -> list[str]:
    """Tab through ``app`` checking focus, then use every control by keyboard; returns a log."""
    label = next((k for k in _apps.DRIVERS if k in _apps.kinds(app)), "app")
    app.scroll_into_view_if_needed()
    controls = page.evaluate(_CONTROLS, app.element_handle())
    order, infos, hidden = [], {}, []
    _start(page, app)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = _focused(page, app)
        if not info["inside"] or info["key"] in infos:
            break
        order.append(info["key"])
        infos[info["key"]] = info
        if not info["visible"]:
            hidden.append(f"{info['kind']} {info['css'] or info['name']!r}: {info['focus']}")
    missed = [k for k in controls if k not in infos]
    assert not missed, (f"{label}: Tab never reached {len(missed)} of its {len(controls)} controls: "
                        + ", ".join(page.evaluate("(ks) => ks.map(k => { const e = document.querySelector(`[data-ck-key='${k}']`);"
                                                  " return e.outerHTML.slice(0, 120); })", missed)))
    assert not hidden, f"{label}: focus not visible on " + "; ".join(hidden)
    log = [f"{label}: Tab reaches all {len(order)} controls in turn, each with a visible focus "
           f"({infos[order[0]]['focus'].split(';')[0]} on the first)"]

    has_figure = app.locator(".js-plotly-plot").count() > 0
    used: dict = {}
    # a slider's readout repeats its slider; plotly.js's own tool buttons (zoom, pan, download) are
    # reached and show their focus, and are plotly's to test
    pending = [k for k in order if infos[k]["kind"] not in ("readout", "plotly")]
    unchanged, no_redraw, done = [], [], set()
    for _round in range(2):  # a control disabled by an earlier one (the quiz's answers) gets a second turn
        for key in pending:
            if key in done:
                continue
            info = _tab_to(page, app, key)
            if info is None:
                continue
            before = _state(page, app)
            keys = _operate(page, app, info, ctx, used)
            done.add(key)
            what = info["css"] or info["name"]
            if not keys:
                log.append(f"  {info['kind']} {what!r}: reached (the current choice)")
                continue
            wants_figure = has_figure and not (set(info["css"].split()) & NOT_FIGURE) and info["kind"] != "button"
            changed = _wait_for_state_change(page, app, before, part="figures" if wants_figure else None)
            if not changed:
                (no_redraw if wants_figure else unchanged).append(f"{info['kind']} {what!r} ({keys})")
                continue
            after = _state(page, app)
            redrawn = after["figures"] != before["figures"]
            if wants_figure and not redrawn:
                no_redraw.append(f"{info['kind']} {what!r} ({keys}; drawn and undrawn again?)")
            log.append(f"  {info['kind']} {what!r}: {keys} → " + ("figure redrawn" if redrawn else "app changed"))
    assert not unchanged, f"{label}: using these by keyboard changed nothing: {unchanged}"
    assert not no_redraw, f"{label}: using these by keyboard did not redraw the figure: {no_redraw}"
    return log


def _wait_for_state_change(page, app, before: dict, part: str | None = None) -> bool:
    """Wait until the app shows or holds something else than ``before`` (only its ``part``, e.g. the
    figures, if given), then until the kernel has sent all it had to send and the figures are drawn.
    Without the second wait the next control can be read before its own update has arrived (the
    plan builder's target list follows its figure) and then be used as it was."""
    import json

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:  # compared in the page, both sides as JSON.stringify writes them
        page.wait_for_function(
            f"([app, before, part]) => {{ const now = JSON.parse(({_STATE})(app)), was = JSON.parse(before);"
            " return JSON.stringify(part ? now[part] : now) !== JSON.stringify(part ? was[part] : was); }",
            arg=[app.element_handle(), json.dumps(before), part], timeout=30_000)
    except PlaywrightTimeout:
        return False
    assert page.watch.wait_kernel_done(page), "the kernel was still busy 30 s after the change"
    count = app.locator(".js-plotly-plot").count()
    if count:
        _figures.wait_drawn(page, app, count)
    return True


def _live_regions(page, app) -> list:
    return app.locator(".ck-live").element_handles()


def _announced(page, handles) -> list[dict]:
    return page.evaluate("""(els) => els.map(e => ({connected: e.isConnected, role: e.getAttribute('role'),
        live: e.getAttribute('aria-live'), css: e.className, text: e.innerText.trim().slice(0, 120)}))""", handles)


@pytest.mark.parametrize("name", WITH_APPS)
def test_keyboard_only(name, page, voila, workdir):
    body = _axe.render_app(page, voila, workdir, name)
    folder = workdir / "plans" / f"keyboard-{name.removesuffix('.ipynb')}"
    folder.mkdir(parents=True, exist_ok=True)
    ctx = _apps.DriveContext(plan_folder=folder, job_titles=_notebooks.job_titles())
    apps = body.locator(".ck-app")
    log = []
    for i in range(apps.count()):
        app = apps.nth(i)
        live = _live_regions(page, app)  # the live regions as they are before anything is said
        log += use_with_keyboard(page, app, ctx)
        regions = _announced(page, live)
        assert regions and all(r["connected"] and r["role"] == "status" and r["live"] == "polite" for r in regions), (
            f"app {i}: its live regions were replaced or are not role=status/aria-live=polite: {regions}")
        spoken = [r for r in regions if r["text"]]
        log.append("  live regions: " + "; ".join(f"{next(c for c in r['css'].split() if c.startswith('ck-') and c != 'ck-live')}: {r['text'][:60]!r}" for r in spoken)
                   if spoken else "  live regions: nothing said")
        if "ck-quiz" in _apps.kinds(app):
            assert any("ck-quiz-feedback" in r["css"] and r["text"] for r in regions), (
                f"the quiz's feedback did not appear in its live region: {regions}")
    print("\n".join(log))
    assert page.watch.dialogs == []
