"""What a learner does with one notebook, in JupyterLab and in Voila, as reusable steps.

``prepare_lab_copy`` writes the copy JupyterLab opens: every self-check answer cell gets a right
answer (read from the shipped tables), except the first, which the test types in the editor.
``lab_session`` runs the copy, checks outputs, apps, graphs and self-checks, drives every app
and writes screenshots. ``voila_renders`` renders a notebook N times (fresh kernel each) and
``voila_session`` checks and drives one render.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from playwright.sync_api import expect

from . import _apps, _clean, _figures, _lab, _notebooks, _voila


@dataclass
class LabCopy:
    path: Path                       # the copy on disk
    rel: str                         # its path as the server sees it
    nb: nbformat.NotebookNode        # the copy's content
    injected: list = field(default_factory=list)   # SelfChecks answered in the copy
    typed: _notebooks.SelfCheck | None = None       # the one to answer in the editor


def prepare_lab_copy(source: Path, root: Path) -> LabCopy:
    """Write ``<root>/<folder>/lab-<name>`` next to the served copy, with right answers filled in."""
    nb = nbformat.read(source, as_version=4)
    checks = [c for c in _notebooks.self_checks(nb) if c.plain and _notebooks.right_answer(c.key) is not None]
    typed = checks[0] if checks else None
    for check in checks[1:]:
        nb.cells[check.answer_cell].source = _answer_cell(nb.cells[check.answer_cell].source, check.key)
    folder = root / source.parent.name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"lab-{source.name}"
    nbformat.write(nb, path)
    return LabCopy(path, f"{folder.name}/{path.name}", nb, checks[1:], typed)


def _answer_cell(source: str, key: str) -> str:
    """Replace the ``answer_KEY = ...`` line of a cell (keeping its other lines) by a right answer."""
    line = _notebooks.answer_source(key, _notebooks.right_answer(key))
    pattern = re.compile(rf"^answer_{re.escape(key)}\s*=.*$", re.M)
    return pattern.sub(lambda _m: line, source, count=1) if pattern.search(source) else line


def _stdout(cell: dict) -> str:
    return "".join(o["text"] for o in cell["outputs"] if o.get("name") == "stdout")


def run_in_lab(page, lab, rel: str, nb: nbformat.NotebookNode, *, timeout: int = 120_000):
    """Open ``rel`` in JupyterLab and Run All; check that no cell failed, every app and graph the
    source displays is drawn and no widget failed. Returns the notebook panel, its cells and what
    it displays; ``timeout`` (ms) is how long the apps and the graphs may take to appear."""
    expected = _notebooks.expected_views(nb)
    _lab.open_notebook(page, lab, rel)
    assert _lab.run_all(page) == "true", f"{rel}: Run All did not finish"
    cells = _lab.cells(page)
    problems = _lab.problems(cells)
    assert not problems, f"{rel}: " + "; ".join(problems)
    panel = page.locator(_lab.panel_selector())
    expect(panel.locator(".ck-app"), f"careerkit apps shown ({expected.describe()})").to_have_count(
        len(expected.apps), timeout=timeout)
    _figures.wait_drawn(page, panel, expected.plots, timeout=timeout)
    broken = page.evaluate(
        "() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jupyter-widgets-error-widget')]"
        ".map(e => e.innerText.slice(0, 200))"
    )
    assert not broken, f"{rel}: widgets failed to display: {broken}"
    return panel, cells, expected


def lab_session(page, lab, copy: LabCopy, ctx: _apps.DriveContext, shots: Path, stem: str) -> list[str]:
    """Run a notebook copy in JupyterLab, check everything shows, use every app; returns a log."""
    log = []
    panel, cells, expected = run_in_lab(page, lab, copy.rel, copy.nb)
    _figures.wait_apps_fill_width(page, panel)
    log.append(f"ran {sum(c['type'] == 'code' for c in cells)} code cells; {len(expected.apps)} apps, "
               f"{expected.plots} graphs drawn ({expected.describe()})")

    for check in copy.injected:
        out = _stdout(cells[check.check_cell])
        assert out.startswith("✓"), f"{copy.rel}: self-check {check.key} with a right answer printed {out!r}"
    if copy.typed:
        check = copy.typed
        out = _stdout(cells[check.check_cell])
        assert not out.startswith("✓"), f"{copy.rel}: self-check {check.key} passes before it is answered: {out!r}"
        new = _answer_cell(copy.nb.cells[check.answer_cell].source, check.key)
        _lab.type_into_cell(page, check.answer_cell, new)
        _lab.run_cell(page, check.check_cell)
        expect(_lab.cell_locator(page, check.check_cell).locator(".jp-OutputArea-output")).to_contain_text("✓")
        log.append(f"self-check {check.key}: hint before, ✓ after typing {new!r}")
    if copy.injected:
        log.append("self-checks ✓ with right answers: " + ", ".join(c.key for c in copy.injected))

    log += _apps.drive_all(page, panel, ctx)
    page.screenshot(path=str(shots / f"lab-{stem}.png"))
    screenshot_apps(page, panel, shots, f"lab-{stem}")
    problems = _lab.problems(_lab.cells(page))
    assert not problems, f"{copy.rel} after using the apps: " + "; ".join(problems)
    return log


def screenshot_apps(page, root, shots: Path, prefix: str) -> None:
    """One PNG per app, ``<prefix>-<i>-<kind>.png``. The window is made tall enough for the app
    first, so JupyterLab's toolbar and status bar do not cover it."""
    size = page.viewport_size
    apps = root.locator(".ck-app")
    try:
        for i in range(apps.count()):
            app = apps.nth(i)
            kind = next((k for k in _apps.DRIVERS if k in _apps.kinds(app)), "app")
            height = app.bounding_box()["height"]
            page.set_viewport_size({"width": size["width"], "height": int(min(max(size["height"], height + 300), 6000))})
            app.scroll_into_view_if_needed()
            app.screenshot(path=str(shots / f"{prefix}-{i}-{kind.removeprefix('ck-')}.png"))
    finally:
        page.set_viewport_size(size)


def hang_report(nb: nbformat.NotebookNode, exc: _voila.RenderHang) -> str:
    """Name the cell Voila was executing when it hung (its "Executing N of M" is 1-based)."""
    m = re.search(r"Executing (\d+) of (\d+)", str(exc))
    if not m:
        return str(exc)
    cell = nb.cells[int(m.group(1)) - 1]
    return f"{exc} — cell {int(m.group(1)) - 1}: {cell.source.strip()[:200]!r}"


def more_renders(browser, voila, rel: str, nb, times: int, viewport: dict, *, at_once: int = 2) -> list[str]:
    """Render ``rel`` ``times`` more times, each in a fresh context (so a fresh kernel), up to
    ``at_once`` pages loading together; every render must finish and draw every app and graph.
    Returns the failures.

    Pages load together on purpose: a classroom opens the same notebook many times at once, and
    each render still gets its own kernel and its own page (no state is shared between them).
    """
    expected = _notebooks.expected_views(nb)
    failures = []
    numbers = list(range(2, times + 2))
    for start in range(0, len(numbers), at_once):
        opened = []
        for i in numbers[start:start + at_once]:
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            seen = _clean.watch(page)
            page.goto(voila.url(f"voila/render/{rel}"), wait_until="commit")
            opened.append((i, context, page, seen))
        for i, context, page, seen in opened:
            try:
                _voila.wait_finished(page, rel)
                expect(page.locator(".ck-app")).to_have_count(len(expected.apps))
                _figures.wait_drawn(page, page.locator("body"), expected.plots)
                shown = _voila.page_errors(page)
                assert not shown, f"errors on the page: {shown}"
                _clean.assert_clean(seen, f"render {i}")
            except _voila.RenderHang as exc:
                failures.append(f"render {i}: {hang_report(nb, exc)}")
            except AssertionError as exc:
                failures.append(f"render {i}: {exc}" + (f" (page errors: {sorted(set(seen.page_errors))})"
                                                        if seen.page_errors else ""))
            finally:
                context.close()
    return failures


def voila_session(page, voila, rel: str, nb, ctx, shots: Path, stem: str) -> list[str]:
    """One render: code hidden, no errors, every app and graph shown, every app used; screenshot."""
    expected = _notebooks.expected_views(nb)
    try:
        _voila.render(page, voila, rel)
    except _voila.RenderHang as exc:
        raise AssertionError(hang_report(nb, exc)) from None
    body = page.locator("body")
    expect(body.locator(".ck-app")).to_have_count(len(expected.apps))
    _figures.wait_drawn(page, body, expected.plots)
    _figures.wait_apps_fill_width(page, body)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    shown = _voila.visible_code(page, sources, prose)
    assert not shown, f"Voila {rel} shows code: {shown[:5]}"
    errors = _voila.page_errors(page)
    assert not errors, f"Voila {rel}: {errors}"
    log = _apps.drive_all(page, body, ctx)
    page.screenshot(path=str(shots / f"voila-{stem}.png"), full_page=True)
    screenshot_apps(page, body, shots, f"voila-{stem}")
    return log


def with_page_errors(page, flow, *args):
    """Run ``flow(*args)``; if it fails, add the page's JavaScript errors to the message."""
    try:
        return flow(*args)
    except AssertionError as exc:
        watch = getattr(page, "watch", None)
        extra = []
        if watch and watch.page_errors:
            extra.append("page errors: " + "; ".join(sorted(set(watch.page_errors)))[:800])
        if watch and watch.console_errors:
            extra.append("console errors: " + "; ".join(sorted(set(watch.console_errors)))[:800])
        if not extra:
            raise
        raise AssertionError(f"{exc}\n" + "\n".join(extra)) from None
