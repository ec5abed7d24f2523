"""Using each careerkit app the way a learner does, in JupyterLab or Voila, and checking it answered.

``drive(page, app, ctx)`` finds the app's kind from its CSS class (see the module docstrings in
``careerkit/widgets/``), does what a learner would (choose another ladder, drag a slider, type
a job title, answer the quiz, build and save a plan) and asserts that the page really changed:
the graph's drawn title, axis titles, tick labels or traces, and the app's text. It returns
one line per action for the test report.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import expect

from . import _figures

#: The JavaScript twin of ``_figures.visible_part``: one string per app, changes when what is drawn changes.
_VISIBLE = """(root) => JSON.stringify((%s)(root).map(s => [s.title, s.xtitle, s.ytitle, s.ticks, s.traces, s.names, s.data]))""" % _figures.SIGNATURES


@dataclass
class DriveContext:
    """What the drivers need besides the page: where plans may be saved, a job title to type."""

    plan_folder: Path
    job_titles: list[str]


def kinds(app) -> set[str]:
    return set((app.get_attribute("class") or "").split())


def _visible(app) -> str:
    return app.evaluate(_VISIBLE)


def _expect_redraw(page, app, before: str, what: str) -> None:
    """Wait until the graphs in ``app`` show something else than ``before``, and are drawn again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"([root, before]) => ({_VISIBLE})(root) !== before", arg=[app.element_handle(), before],
            timeout=60_000,
        )
    except PlaywrightTimeout:
        status = app.locator(".ck-status").first.inner_text()
        raise AssertionError(f"{what}: the plot did not change (status line: {status!r})") from None
    count = app.locator(".js-plotly-plot").count()
    _figures.wait_drawn(page, app, count)
    # Apps send their figures first and their other widgets after (LadderExplorer's step list,
    # PlanBuilder's target list): the next control is read only once the kernel is done.
    watch = getattr(page, "watch", None)
    if watch is not None:
        assert watch.wait_kernel_done(page), f"{what}: the kernel was still busy 30 s after the change"


def _no_error_status(app, what: str) -> None:
    bad = app.locator(".ck-status [data-kind='error'], .ck-status [data-kind='warning']")
    if bad.count():
        raise AssertionError(f"{what}: the app says {bad.first.inner_text()!r}")


def _text(locator) -> str:
    return locator.first.inner_text() if locator.count() else ""


def _selected(select) -> str:
    return select.evaluate("s => s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''").strip()


def _choose_other(select, *, avoid: str | None = None) -> str | None:
    """Pick the option after the current one (wrapping round); None when there is no other."""
    options = [o.strip() for o in select.locator("option").all_text_contents()]
    current = _selected(select)
    candidates = [o for o in options if o != current and o != avoid]
    if not candidates:
        return None
    after = options.index(current) + 1 if current in options else 0
    ordered = options[after:] + options[:after]
    choice = next(o for o in ordered if o in candidates)
    select.select_option(label=choice)
    return choice


def _drag_slider(page, slider, fraction: float) -> None:
    """Drag a slider's handle by ``fraction`` of its track (negative: to the left)."""
    track = slider.locator(".noUi-target, .slider").first
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    box, hbox = track.bounding_box(), handle.bounding_box()
    x, y = hbox["x"] + hbox["width"] / 2, hbox["y"] + hbox["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + fraction * box["width"], y, steps=8)
    page.mouse.up()


# ----------------------------------------------------------------------------- one driver per app


def ladder_explorer(page, app, ctx) -> list[str]:
    done = []
    select = app.locator(".ck-ladder-select select")
    before = _visible(app)
    choice = _choose_other(select)
    if choice:
        _expect_redraw(page, app, before, f"LadderExplorer: choosing the ladder {choice!r}")
        _no_error_status(app, "LadderExplorer")
        done.append(f"chose ladder {choice!r}: both graphs redrawn")
    details = app.locator(".ck-step-details")
    before_text, before = _text(details), _visible(app)
    steps = app.locator(".ck-step-select select")
    step = _choose_other(steps)
    assert step, "LadderExplorer: the step list offers no step to pick"
    expect(details.first).not_to_have_text(before_text)
    _expect_redraw(page, app, before, f"LadderExplorer: choosing the step {step!r}")
    # the step chosen is the one still chosen, and described, once the kernel is done
    assert _selected(steps) == step, f"LadderExplorer: chose {step!r}, the list now shows {_selected(steps)!r}"
    expect(details.first).to_contain_text(" ".join(step.split()[1:]))
    done.append(f"chose step {step!r}: details and highlight changed")
    return done


def compare_ladders(page, app, ctx) -> list[str]:
    summary = app.locator(".ck-compare-summary")
    before_text, before = _text(summary), _visible(app)
    first = app.locator(".ck-ladder-a-select select").evaluate("s => s.value")
    choice = _choose_other(app.locator(".ck-ladder-b-select select"), avoid=first)
    if not choice:
        return ["only one ladder to compare: nothing to choose"]
    _expect_redraw(page, app, before, f"CompareLadders: choosing {choice!r}")
    expect(summary.first).not_to_have_text(before_text)
    _no_error_status(app, "CompareLadders")
    return [f"chose second ladder {choice!r}: graph and summary redrawn"]


def lifetime(page, app, ctx) -> list[str]:
    done = []
    sentence = app.locator(".ck-lifetime-sentence")
    choice = None
    before_text, before = _text(sentence), _visible(app)
    choice = _choose_other(app.locator(".ck-ladder-select select"))
    if choice:
        _expect_redraw(page, app, before, f"LifetimeApp: choosing the ladder {choice!r}")
        expect(sentence.first).not_to_have_text(before_text)
        done.append(f"chose ladder {choice!r}: graph and sentence redrawn")
    slider = app.locator(".ck-years-slider")
    readout = slider.locator(".widget-readout")
    before_text, before, before_value = _text(sentence), _visible(app), readout.inner_text()
    _drag_slider(page, slider, -0.3)
    expect(readout).not_to_have_text(before_value)
    _expect_redraw(page, app, before, "LifetimeApp: dragging the working-years slider")
    expect(sentence.first).not_to_have_text(before_text)
    _no_error_status(app, "LifetimeApp")
    done.append(f"dragged working years {before_value} → {readout.inner_text()}: graph and sentence redrawn")
    if "simulated people" not in _text(sentence):  # the on-time view does not use the odds sliders
        return done
    # the chance goes down: above 1 a ladder without headcounts (chance 1) would not change
    for css, fraction in ((".ck-chance-slider", -0.25), (".ck-discount-slider", 0.3)):
        slider = app.locator(css)
        readout = slider.locator(".widget-readout")
        before_text, before, before_value = _text(sentence), _visible(app), readout.inner_text()
        _drag_slider(page, slider, fraction)
        expect(readout).not_to_have_text(before_value)
        _expect_redraw(page, app, before, f"LifetimeApp: dragging {css}")
        expect(sentence.first).not_to_have_text(before_text)
        _no_error_status(app, "LifetimeApp")
        done.append(f"dragged {css} {before_value} → {readout.inner_text()}: fan and sentence redrawn")
    traces = app.evaluate("root => [...root.querySelectorAll('.js-plotly-plot')].map(gd => (gd.data || []).length)")
    assert traces == [13], f"LifetimeApp: the fan should keep its 13 traces (restyled in place), has {traces}"
    return done


def whats_next(page, app, ctx) -> list[str]:
    box = app.locator(".ck-title-input input")
    title = next(t for t in ctx.job_titles if t.lower() != box.input_value().strip().lower())
    before = _visible(app)
    box.fill("")
    box.press_sequentially(title)
    box.press("Enter")
    app.locator(".ck-search-button").click()
    matches = app.locator(".ck-match-select select option")
    expect(matches.first).to_be_attached()
    _expect_redraw(page, app, before, f"WhatsNext: searching for {title!r}")
    _no_error_status(app, "WhatsNext")
    done = [f"typed {title!r}: {matches.count()} matches, graph redrawn"]
    before = _visible(app)
    choice = _choose_other(app.locator(".ck-match-select select"))
    if choice:
        _expect_redraw(page, app, before, f"WhatsNext: choosing the match {choice!r}")
        done.append(f"chose match {choice!r}: graph redrawn")
    return done


def interests(page, app, ctx) -> list[str]:
    select = app.locator(".ck-action-select select")
    options = [o.strip() for o in select.locator("option").all_text_contents()]
    picked = select.evaluate("s => [...s.selectedOptions].map(o => o.text.trim())")
    fresh = [o for o in options if o not in picked][-3:]
    summary = app.locator(".ck-interest-summary")
    before_text, before = _text(summary), _visible(app)
    select.select_option(label=fresh)
    _expect_redraw(page, app, before, f"InterestsApp: picking {fresh}")
    expect(summary.first).not_to_have_text(before_text)
    _no_error_status(app, "InterestsApp")
    return [f"picked {fresh}: graph and summary redrawn"]


def quiz(page, app, ctx) -> list[str]:
    score, feedback, statement = (app.locator(s) for s in (".ck-quiz-score", ".ck-quiz-feedback", ".ck-quiz-statement"))
    before_score, before_statement = _text(score), _text(statement)
    app.locator(".ck-answer-job").first.click()
    expect(feedback.first).not_to_be_empty()
    expect(score.first).not_to_have_text(before_score)
    app.locator(".ck-quiz-next").first.click()
    expect(statement.first).not_to_have_text(before_statement)
    _no_error_status(app, "Quiz")
    return [f"answered 'job': feedback shown, score {before_score!r} → {_text(score)!r}; next scenario shown"]


def plan_builder(page, app, ctx) -> list[str]:
    done = []
    status = app.locator(".ck-status").first
    before, gap_before, status_before = _visible(app), _text(app.locator(".ck-plan-gap")), _text(status)
    milestones = app.locator(".ck-milestone-select select option")
    target = _choose_other(app.locator(".ck-target-select select"))
    if target:
        _expect_redraw(page, app, before, f"PlanBuilder: choosing the target {target!r}")
        expect(app.locator(".ck-plan-gap").first).not_to_have_text(gap_before)
        # The list is sent after the figure and the gap (PlanBuilder._figure_first) and may be
        # drawn after them: wait for the length the app says it proposed, not for whatever is there.
        expect(status).not_to_have_text(status_before)
        said = re.search(r"Proposed (\d+) milestones from the ladder(?:; kept your (\d+) own)?", _text(status))
        assert said, f"PlanBuilder: choosing the target {target!r} did not say what it proposed: {_text(status)!r}"
        expect(milestones).to_have_count(int(said[1]) + int(said[2] or 0))
        done.append(f"chose target {target!r}: gap, plan graph and {said[0].lower()} redrawn")
    text = "Ask my manager which course the next step needs"
    count = milestones.count()
    app.locator(".ck-milestone-text input").fill(text)
    app.locator(".ck-milestone-text input").press("Tab")
    app.locator(".ck-milestone-add").first.click()
    expect(milestones).to_have_count(count + 1)
    expect(app.locator(".ck-milestone-select select")).to_contain_text(text)
    folder = app.locator(".ck-plan-folder input")
    folder.fill(str(ctx.plan_folder))
    folder.press("Tab")
    name = f"browser_plan_{abs(hash((str(ctx.plan_folder), page.url))) % 10_000}"
    app.locator(".ck-plan-name input").fill(name)
    app.locator(".ck-plan-name input").press("Tab")
    app.locator(".ck-plan-save").first.click()
    expect(app.locator(".ck-status").first).to_contain_text(str(ctx.plan_folder))
    _no_error_status(app, "PlanBuilder: saving")
    import careerkit
    from careerkit.plan import plan_path

    saved = plan_path(name, ctx.plan_folder)
    assert saved.exists(), f"PlanBuilder said it saved, but {saved} is not there"
    plan = careerkit.Plan.load(saved)
    assert text in [m.text for m in plan.milestones], f"the saved plan {saved} lacks the added milestone"
    done.append(f"added a milestone and saved {saved.name}; the file holds it ({len(plan.milestones)} milestones)")
    return done


def class_view(page, app, ctx) -> list[str]:
    overview = app.locator(".ck-class-summary")
    expect(overview.first).to_contain_text("learner")
    target = ctx.plan_folder / "class_results.csv"
    box = app.locator(".ck-class-export-path input")
    box.fill(str(target))
    box.press("Tab")
    app.locator(".ck-class-export").first.click()
    expect(app.locator(".ck-status").first).to_contain_text(f"to {target}")
    assert target.exists(), f"ClassView said it saved, but {target} is not there"
    header = target.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("kind,item,notebook,learners"), header
    app.locator(".ck-class-refresh").first.click()
    expect(overview.first).to_contain_text("read at")
    return [f"exported {target.name} ({header.count(',') + 1} columns); pressed Refresh now"]


DRIVERS = {
    "ck-ladder-explorer": ladder_explorer,
    "ck-compare": compare_ladders,
    "ck-lifetime": lifetime,
    "ck-whats-next": whats_next,
    "ck-interests": interests,
    "ck-quiz": quiz,
    "ck-plan-builder": plan_builder,
    "ck-class-view": class_view,
}


def drive(page, app, ctx: DriveContext) -> list[str]:
    """Use one app (a locator of its ``.ck-app`` element) as a learner would; see the module docstring."""
    app.scroll_into_view_if_needed()
    found = [name for name in DRIVERS if name in kinds(app)]
    if not found:
        raise AssertionError(f"no browser driver for the app with classes {sorted(kinds(app))}; add one to tests/browser/_apps.py")
    return DRIVERS[found[0]](page, app, ctx)


def drive_all(page, root, ctx: DriveContext) -> list[str]:
    """Drive every app under ``root``; returns "AppClass: action" lines."""
    apps = root.locator(".ck-app")
    done = []
    for i in range(apps.count()):
        app = apps.nth(i)
        label = next((k for k in DRIVERS if k in kinds(app)), "?")
        done += [f"app {i} ({label}): {line}" for line in drive(page, app, ctx)]
    return done


def dumps(lines: list[str]) -> str:
    return json.dumps(lines, indent=1, ensure_ascii=False)
