"""axe-core in the browser tests: run it on a page, split what it finds into careerkit's and upstream's.

axe-core itself is ``axe.min.js`` as shipped in the ``axe-playwright-python`` wheel (a test
dependency, pinned in constraints.txt); it is read from the installed package and injected into
the page under test, so nothing is fetched.

*careerkit's output* is every element inside :data:`OURS`: the apps (``.ck-app``, with the
ipywidgets and plotly.js elements they are built from), careerkit's tables and notes, and the
notebook output areas. A serious or critical violation there fails the test. Everything else on the
page is JupyterLab's, Voila's or nbconvert's own page; what axe finds there is listed in
:data:`UPSTREAM` with the upstream issue, and a serious or critical violation there that is *not*
listed fails too, so the list stays complete.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Impacts that fail a test (axe's scale: minor, moderate, serious, critical).
FAILING = ("serious", "critical")

#: careerkit's output on a page: its apps and tables, the handout notes, notebook output areas.
OURS = ".ck-app, .ck-table, .ck-handout-note, .jp-OutputArea-output"

#: The WCAG 2.x A and AA rules (and axe's best practices, reported but only failing if serious).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

#: What axe finds on the pages around careerkit's output, by page kind and rule, with the
#: upstream issue. Shown in the test output on every run; none of it is inside careerkit's output.
UPSTREAM: dict[str, dict[str, str]] = {
    "voila": {
        "region": "Voila 0.5's page template puts the notebook cells in no landmark (no <main>), so every "
                  "cell outside careerkit's apps and tables is 'not in a landmark' (moderate). No Voila "
                  "issue found; JupyterLab's notebook has the same gap: "
                  "https://github.com/jupyterlab/jupyterlab/issues/14765",
    },
    "lab": {
        "aria-allowed-attr": "toolbar buttons (<jp-button>) carry aria-pressed with role none (critical): "
                             "https://github.com/jupyterlab/jupyterlab/issues/16891",
        "aria-input-field-name": "code cell editors (CodeMirror, role=textbox) have no accessible name "
                                 "(serious): https://github.com/jupyterlab/jupyterlab/issues/10347",
        "aria-required-children": "the notebook's cell list is role=feed with children that are not "
                                  "articles (critical): https://github.com/jupyterlab/jupyterlab/issues/14765",
        "button-name": "the collapse button of a Markdown heading has no text (critical); JupyterLab's "
                       "accessibility report: https://github.com/jupyterlab/jupyterlab/issues/16891",
        "scrollable-region-focusable": "a code cell editor's scroller has tabindex=-1 (serious); JupyterLab's "
                                       "keyboard-scrolling issue: https://github.com/jupyterlab/jupyterlab/issues/8992",
        "region": "the skip-link wrapper sits outside every landmark (moderate): "
                  "https://github.com/jupyterlab/jupyterlab/issues/16891",
    },
    "handout": {},
}

_RUN = """async ([ours, tags]) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                           elementRef: true});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({
      target: n.target.map(String), html: (n.html || '').slice(0, 240),
      summary: (n.failureSummary || '').slice(0, 300),
      ours: !!(n.element && n.element.closest && n.element.closest(ours)),
    })),
  }));
}"""


@dataclass
class Audit:
    """What axe found on one page: ``ours`` (violations inside careerkit's output) and ``theirs``."""

    where: str
    kind: str
    ours: list[dict] = field(default_factory=list)
    theirs: list[dict] = field(default_factory=list)

    def failing(self) -> list[dict]:
        """Serious/critical violations in careerkit's output, and unlisted ones around it."""
        listed = UPSTREAM.get(self.kind, {})
        return ([v for v in self.ours if v["impact"] in FAILING]
                + [v for v in self.theirs if v["impact"] in FAILING and v["id"] not in listed])

    def report(self) -> str:
        lines = [f"axe on {self.where}:"]
        for label, found in (("careerkit", self.ours), ("around it", self.theirs)):
            for v in found:
                note = UPSTREAM.get(self.kind, {}).get(v["id"], "") if label != "careerkit" else ""
                lines.append(f"  [{label}] {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}"
                             + (f" — upstream: {note}" if note else ""))
                for node in v["nodes"][:4]:
                    lines.append(f"      {' '.join(node['target'])}: {node['html'][:160]}")
        if len(lines) == 1:
            lines.append("  no violation")
        return "\n".join(lines)

    def explain(self) -> str:
        bad = self.failing()
        return (f"{len(bad)} serious/critical accessibility violation(s) on {self.where} "
                f"({', '.join(sorted({v['id'] for v in bad}))}):\n{self.report()}")


def _script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def audit(page, where: str, kind: str) -> Audit:
    """Run axe-core on the whole page; ``kind`` ("voila", "lab", "handout") picks the upstream list."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_script())
    found = page.evaluate(_RUN, [OURS, TAGS])
    result = Audit(where, kind)
    for v in found:
        mine = [n for n in v["nodes"] if n["ours"]]
        other = [n for n in v["nodes"] if not n["ours"]]
        if mine:
            result.ours.append({**v, "nodes": mine})
        if other:
            result.theirs.append({**v, "nodes": other})
    return result


#: True once careerkit's front-end helper (careerkit.widgets._a11y) has run in every app under a root.
_HELPED = """(root) => [...root.querySelectorAll('.ck-app')].every(app => app.getAttribute('role') === 'region'
  && [...app.querySelectorAll('.ck-live')].every(e => e.getAttribute('role') === 'status')
  && [...app.querySelectorAll('.noUi-handle')].every(h => h.hasAttribute('aria-labelledby')))"""


def wait_helped(page, root, where: str) -> None:
    """Wait until every app under ``root`` is a named region with live regions and named sliders."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(_HELPED, arg=root.element_handle(), timeout=60_000)
    except PlaywrightTimeout:
        raise AssertionError(f"{where}: careerkit's accessibility helper did not run in every app "
                             "(apps without role=region, live regions or named slider handles)") from None


def render_app(page, voila, workdir, name: str):
    """Render ``notebooks/<name>`` in Voila and wait until every app and graph is drawn and the
    helper has run in every app; returns the page's body (a locator)."""
    import nbformat
    from playwright.sync_api import expect

    from . import _figures, _notebooks, _voila

    rel = f"notebooks/{name}"
    expected = _notebooks.expected_views(nbformat.read(workdir / rel, as_version=4))
    _voila.render(page, voila, rel)
    body = page.locator("body")
    expect(body.locator(".ck-app")).to_have_count(len(expected.apps))
    _figures.wait_drawn(page, body, expected.plots)
    wait_helped(page, body, f"Voila {name}")
    return body
