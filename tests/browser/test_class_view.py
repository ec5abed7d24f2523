"""The class view live: two learners answer self-checks in JupyterLab (two kernels), and the
instructor's ClassView, open in Voila before they start, shows their results without a reload.

One learner's wrong answer is HTML that would set ``window.__ckXss`` if it ran; the view must show
it as text.
"""
from __future__ import annotations

import uuid

import nbformat
from playwright.sync_api import expect

from . import _figures, _lab, _notebooks, _voila

EVIL = "<img src=x onerror=window.__ckXss=1>"  # 36 characters: short enough to be recorded


def _write(path, *cells):
    nb = _notebooks._nb(*(("code", c) for c in cells))
    nbformat.write(nb, path)


def test_two_learners_in_lab_show_up_in_the_instructors_voila_view(browser, context, page, lab, voila, workdir,
                                                                    screenshots):
    run = uuid.uuid4().hex[:8]
    folder = workdir / f"class-{run}"
    folder.mkdir()
    gen = workdir / "generated"
    _write(gen / f"class_view_{run}.ipynb", "from careerkit import widgets",
           f"widgets.ClassView({str(folder)!r}, interval=1)")
    learners = {
        "a": ["Captain", "Firefighter"],
        "b": [EVIL, "Fire Chief", "Firefighter"],
    }
    for who, answers in learners.items():
        _write(gen / f"learner_{who}_{run}.ipynb", "import careerkit as ck\nfrom careerkit import check",
               f"ck.join_class({str(folder)!r}, name='learner-{who}')",
               *[f"check.question_0_1({a!r})" for a in answers])

    # the instructor opens the view first
    _voila.render(page, voila, f"generated/class_view_{run}.ipynb")
    view = page.locator(".ck-class-view")
    expect(view).to_have_count(1)
    _figures.wait_drawn(page, view, 1)
    summary = view.locator(".ck-class-summary")
    expect(summary).to_contain_text("0 learners")
    page.evaluate("() => { window.__ckSamePage = 1; }")

    # two learners, each in their own JupyterLab kernel
    for who in learners:
        learner = context.new_page()
        _lab.open_notebook(learner, lab, f"generated/learner_{who}_{run}.ipynb")
        _lab.run_all(learner)
        cells = _lab.cells(learner)
        assert not _lab.problems(cells), _lab.problems(cells)
        out = "".join(o["text"] for o in cells[1]["outputs"])
        assert "You joined the class" in out, out
        assert "".join(o["text"] for o in cells[-1]["outputs"]).startswith("✓")
        learner.close()
    assert len(list(folder.glob("*.jsonl"))) == 2

    # the view shows them, by itself, on the same page
    expect(summary).to_contain_text("2 learners")
    expect(summary).to_contain_text("5 answers")
    questions = view.locator(".ck-class-questions")
    expect(questions).to_contain_text("0.1")
    expect(questions).to_contain_text("Captain")
    expect(questions).to_contain_text("Fire Chief")
    expect(questions).to_contain_text(EVIL)  # shown as text
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ck-class-view .js-plotly-plot')].some(gd => gd._fullLayout"
        " && gd._fullLayout.meta && String(gd._fullLayout.meta.alt).includes('question 0.1: 2 tried, 0 right at the"
        " first try, 2 right later'))")
    assert page.evaluate("() => window.__ckSamePage") == 1, "the Voila page was reloaded"
    assert page.evaluate("() => window.__ckXss") is None, "a learner's answer ran as HTML"
    assert view.locator(".ck-class-questions img").count() == 0
    alt = view.locator(".ck-alt")
    expect(alt).to_contain_text("2 learners")
    page.screenshot(path=str(screenshots / "voila-class-view-live.png"), full_page=True)
