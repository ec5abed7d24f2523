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

from . import _apps, _figures, _lab, _notebooks, _voila


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


def lab_session(page, lab, copy: LabCopy, ctx: _apps.DriveContext, shots: Path, stem: str) -> list[str]:
    """Run a notebook copy in JupyterLab, check everything shows, use every app; returns a log."""
    log = []
    expected = _notebooks.expected_views(copy.nb)
    _lab.open_notebook(page, lab, copy.rel)
    _lab.run_all(page)
    cells = _lab.cells(page)
    problems = _lab.problems(cells)
    assert not problems, f"{copy.rel}: " + "; ".join(problems)
    panel = page.locator(_lab.panel_selector())
    expect(panel.locator(".ck-app"), f"careerkit apps shown ({expected.describe()})").to_have_count(len(expected.apps))
    _figures.wait_drawn(page, panel, expected.plots)
    log.append(f"ran {sum(c['type'] == 'code' for c in cells)} code cells; {len(expected.apps)} apps, "
               f"{expected.plots} graphs drawn ({expected.describe()})")
    broken = page.evaluate(
        "() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jupyter-widgets-error-widget')]"
        ".map(e => e.innerText.slice(0, 200))"
    )
    assert not broken, f"{copy.rel}: widgets failed to display: {broken}"

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
    apps = panel.locator(".ck-app")
    for i in range(apps.count()):
        kind = next((k for k in _apps.DRIVERS if k in _apps.kinds(apps.nth(i))), "app")
        apps.nth(i).screenshot(path=str(shots / f"lab-{stem}-{i}-{kind.removeprefix('ck-')}.png"))
    page.screenshot(path=str(shots / f"lab-{stem}.png"))
    problems = _lab.problems(_lab.cells(page))
    assert not problems, f"{copy.rel} after using the apps: " + "; ".join(problems)
    return log


def hang_report(nb: nbformat.NotebookNode, exc: _voila.RenderHang) -> str:
    """Name the cell Voila was executing when it hung (its "Executing N of M" is 1-based)."""
    m = re.search(r"Executing (\d+) of (\d+)", str(exc))
    if not m:
        return str(exc)
    cell = nb.cells[int(m.group(1)) - 1]
    return f"{exc} — cell {int(m.group(1)) - 1}: {cell.source.strip()[:200]!r}"


def start_renders(browser, voila, rel: str, times: int, viewport: dict) -> list:
    """Open ``times`` pages on ``rel`` at once, each in its own context (so each runs its own kernel)."""
    contexts = [browser.new_context(viewport=viewport) for _ in range(times)]
    for c in contexts:
        c.new_page().goto(voila.url(f"voila/render/{rel}"), wait_until="commit")
    return contexts


def finish_renders(contexts: list, rel: str, nb) -> list[str]:
    """Wait for every page opened by :func:`start_renders`; each must finish and draw everything."""
    expected = _notebooks.expected_views(nb)
    failures = []
    try:
        for i, c in enumerate(contexts, 1):
            page = c.pages[0]
            try:
                _voila.wait_finished(page, rel)
                expect(page.locator(".ck-app")).to_have_count(len(expected.apps))
                _figures.wait_drawn(page, page.locator("body"), expected.plots)
                errors = _voila.page_errors(page)
                assert not errors, f"errors on the page: {errors}"
            except _voila.RenderHang as exc:
                failures.append(f"render {i}: {hang_report(nb, exc)}")
            except AssertionError as exc:
                failures.append(f"render {i}: {exc}")
    finally:
        for c in contexts:
            c.close()
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
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    shown = _voila.visible_code(page, sources)
    assert not shown, f"Voila {rel} shows code: {shown[:5]}"
    errors = _voila.page_errors(page)
    assert not errors, f"Voila {rel}: {errors}"
    log = _apps.drive_all(page, body, ctx)
    page.screenshot(path=str(shots / f"voila-{stem}.png"), full_page=True)
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
