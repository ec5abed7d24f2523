"""Widget apps: set control values like a learner would and check what the views show.

Expected values are computed here from the shipped tables (``careerkit.ladders()`` etc.),
not read back from the app, so a wiring mistake makes a test fail.
"""
from __future__ import annotations

import html
import json
import re
import sys

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import careerkit as ck
from careerkit import widgets
from careerkit.widgets import _base

EVIL = "<img src=x onerror=alert(1)>"
APPS = ["LadderExplorer", "CompareLadders", "LifetimeApp", "WhatsNext", "InterestsApp", "Quiz"]


@pytest.fixture(scope="module")
def ladders():
    return ck.ladders()


def steps_of(ladders, name):
    return ladders[ladders["ladder"] == name].sort_values("step")


def names_with_steps(ladders):
    counts = ladders.groupby("ladder", sort=False)["step"].count()
    return [n for n, c in counts.items() if c >= 2]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def classes_in(app):
    return {c for x in walk(app) for c in getattr(x, "_dom_classes", ())}


# ---- Ladder explorer -------------------------------------------------------------------------


def test_ladder_explorer_redraws_chosen_ladder_in_place(ladders):
    app = widgets.LadderExplorer()
    pay_fw, timeline_fw = app.pay.figure, app.timeline.figure
    assert isinstance(pay_fw, go.FigureWidget) and isinstance(timeline_fw, go.FigureWidget)
    other = [n for n in names_with_steps(ladders) if n != app.ladder_select.value][0]

    app.apply(ladder=other)

    expected = steps_of(ladders, other)
    assert app.pay.figure is pay_fw and app.timeline.figure is timeline_fw  # same objects: redrawn in place
    assert pay_fw in list(walk(app)) and timeline_fw in list(walk(app))
    assert list(pay_fw.data[0].x) == pytest.approx(expected["pay"].astype(float).tolist())
    bars = timeline_fw.data[0]
    assert list(bars.base) == pytest.approx(expected["years_from_start"].astype(float).tolist())
    assert [y.split(". ", 1)[1] for y in bars.y] == [html.escape(t) for t in expected["title"]]
    assert app.message == ""


def test_going_back_to_a_ladder_redraws_it(ladders):
    first, second = names_with_steps(ladders)[:2]
    app = widgets.LadderExplorer(ladder=first)
    app.apply(ladder=second)
    app.apply(ladder=first)  # the second visit reuses the figure built the first time
    assert list(app.pay.figure.data[0].x) == pytest.approx(steps_of(ladders, first)["pay"].astype(float).tolist())
    assert [v for _, v in app.step_select.options][1:] == steps_of(ladders, first)["step"].astype(int).tolist()


def test_ladder_explorer_step_shows_that_steps_facts_and_highlights_it(ladders):
    name = names_with_steps(ladders)[0]
    app = widgets.LadderExplorer(ladder=name)
    expected = steps_of(ladders, name)
    assert [v for _, v in app.step_select.options] == [0, *expected["step"].astype(int)]
    row = expected.iloc[1]

    app.apply(step=int(row["step"]))

    details = app.details.value
    assert html.escape(str(row["title"])) in details
    assert html.escape(str(row["pay_basis"])) in details
    assert html.escape(str(row["source"])) in details
    assert f"${float(row['pay']):,.0f}" in details
    assert list(app.pay.figure.data[0].selectedpoints) == [1]
    app.apply(step=0)
    assert app.pay.figure.data[0].selectedpoints is None


def test_ladder_explorer_alt_text_follows_the_figure(ladders):
    first, second = names_with_steps(ladders)[:2]
    app = widgets.LadderExplorer(ladder=first)
    app.apply(ladder=second)
    assert html.escape(second) in app.timeline.alt.value
    assert html.escape(first) not in app.timeline.alt.value
    assert app.pay.alt.value and app.pay.alt_text in html.unescape(app.pay.alt.value)


def test_unexpected_error_becomes_a_friendly_message(ladders, monkeypatch):
    app = widgets.LadderExplorer()
    other = [n for n in names_with_steps(ladders) if n != app.ladder_select.value][0]

    def broken(*args, **kwargs):
        raise RuntimeError("figure builder exploded")

    monkeypatch.setattr("careerkit.widgets.ladder.plots.ladder_timeline", broken)
    app.apply(ladder=other)  # must not raise
    assert "could not be updated" in app.message
    assert "RuntimeError" in app.message


def test_unknown_choice_is_a_friendly_message():
    app = widgets.LadderExplorer()
    before = list(app.pay.figure.data[0].x)
    app.apply(ladder="No such ladder " + EVIL)  # must not raise
    assert "is not one of the choices for Career family" in app.message
    assert "<img" not in app.message and html.escape(EVIL) in app.message
    assert list(app.pay.figure.data[0].x) == before


def test_instructor_file_supplies_every_choice(tmp_path):
    path = tmp_path / "my_ladders.csv"
    path.write_text(
        "ladder,step,title,years_from_start,pay\n"
        "Bakery,1,Baker's helper,0,31000\n"
        "Bakery,2,Baker,2,38000\n"
        "Bakery,3,Head baker,6,52000\n",
        encoding="utf-8",
    )
    mine = ck.load_ladders(path)
    app = widgets.LadderExplorer(ladders=mine)
    assert list(app.ladder_select.options) == ["Bakery"]
    assert list(app.pay.figure.data[0].x) == [31000, 38000, 52000]
    compare = widgets.CompareLadders(ladders=mine)
    assert list(compare.a_select.options) == ["Bakery"]


# ---- Compare ---------------------------------------------------------------------------------


def test_compare_shows_both_chosen_ladders(ladders):
    app = widgets.CompareLadders()
    fw = app.panel.figure
    a, b = names_with_steps(ladders)[-2:]

    app.apply(a=a, b=b)

    assert app.panel.figure is fw
    assert list(fw.data[0].y) == pytest.approx(steps_of(ladders, a)["pay"].astype(float).tolist())
    assert list(fw.data[1].y) == pytest.approx(steps_of(ladders, b)["pay"].astype(float).tolist())
    assert html.escape(a) in app.summary.value and html.escape(b) in app.summary.value


def test_compare_same_ladder_twice_says_so(ladders):
    name = names_with_steps(ladders)[0]
    app = widgets.CompareLadders(a=name, b=names_with_steps(ladders)[1])
    app.apply(b=name)
    assert "same family" in app.message


# ---- Lifetime --------------------------------------------------------------------------------


def test_lifetime_years_and_ladder_change_the_earnings(ladders):
    app = widgets.LifetimeApp()
    fw = app.panel.figure
    name = names_with_steps(ladders)[-1]

    app.apply(view="on_time", ladder=name, years=25, growth=0.0)

    assert app.panel.figure is fw
    job_pay, career_pay = fw.data[0], fw.data[1]
    assert list(job_pay.x) == list(range(1, 26))
    top = steps_of(ladders, name).iloc[-1]
    assert career_pay.y[-1] == pytest.approx(float(top["pay"]))  # 25 years in: on the top step
    total = sum(career_pay.y)
    assert f"${total:,.0f}" in app.sentence.value
    assert html.escape(name) in app.sentence.value


def test_lifetime_growth_slider_compounds_the_job_pay(ladders):
    app = widgets.LifetimeApp()
    app.apply(view="on_time", years=20, growth=0.0)
    flat = app.panel.figure.data[0].y[-1]
    app.apply(growth=2.0)
    assert app.panel.figure.data[0].y[-1] == pytest.approx(flat * 1.02**19)
    assert "your assumed rate" in app.sentence.value


def test_lifetime_job_choice_is_a_ladder_row(ladders):
    app = widgets.LifetimeApp()
    label, index = app.controls["job"].options[3]
    app.apply(view="on_time", job=index)
    row = ladders.reset_index(drop=True).loc[index]
    assert html.escape(str(row["title"])) in app.sentence.value
    assert app.panel.figure.data[0].y[-1] == pytest.approx(float(row["pay"]))  # after the ramp: the job's pay


def test_lifetime_simulated_view_draws_the_fan_and_restyles_in_place(ladders):
    pytest.importorskip("anywidget")
    from careerkit import model, simulate

    app = widgets.LifetimeApp()
    fw = app.panel.figure
    assert app.controls["view"].value == "simulated" and len(fw.data) == 13
    traces = list(fw.data)
    sent = []
    fw._send = lambda msg, buffers=None: sent.append(msg)
    app.apply(chance=2.0, discount=3.0, training_cost=20000)
    assert app.panel.figure is fw and list(fw.data) == traces  # the same trace objects: restyled
    assert sent and all(list(m["state"]) == ["_py2js_update"] for m in sent)
    assert all("_py2js_addTraces" not in m["state"] for m in sent)
    fire = model.get_ladder("Fire service (US)", ladders)
    sim = simulate.careers(fire, assumptions=app.assumptions(),
                           odds=simulate.Odds(chance_scale=2.0, discount_rate=0.03, training_cost=20000))
    assert list(fw.data[11].y) == pytest.approx(sim.years["career_cumulative_median"].tolist())  # bottom median
    assert list(fw.data[9].y) == pytest.approx(sim.years["career_cumulative_p90"].tolist())  # bottom band top
    n = app.controls["years"].value
    assert f"after 10 years <b>{sim.share_ahead_after(10):.0%}</b>" in app.sentence.value
    assert f"after {n} years <b>{sim.share_ahead:.0%}</b>" in app.sentence.value
    for title, people in zip(sim.reached["title"], sim.reached["people"]):
        assert f"{html.escape(title)}</td><td data-label='People'>{people:,} of 1,000" in app.sentence.value
    assert "present value at 3% a year" in app.sentence.value
    assert "(present value)" in app.panel.alt_text and "middle 80%" in app.panel.alt_text


def test_lifetime_more_chance_never_lowers_the_share_shown(ladders):
    app = widgets.LifetimeApp()
    shares = []
    for scale in (0.0, 0.5, 1.0, 2.0, 3.0):
        app.apply(chance=scale)
        shares.append(app.simulation.share_ahead)
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] > shares[2]


def test_lifetime_on_time_view_is_todays_deterministic_path(ladders):
    from careerkit import model

    assert "No view called" in widgets.LifetimeApp(view="fan").message
    app = widgets.LifetimeApp(view="on_time")
    assert len(app.panel.figure.data) == 5
    e = model.lifetime_earnings(model.get_ladder("Fire service (US)", ladders), assumptions=app.assumptions())
    assert list(app.panel.figure.data[3].y) == e["career_cumulative"].tolist()
    assert "If every promotion comes on time" in app.sentence.value
    app.apply(view="simulated")
    assert len(app.panel.figure.data) == 13


def test_every_years_and_pay_figure_shown_carries_its_basis(ladders, tmp_path):
    """Ladder explorer, lifetime app and plan: next to every years or pay figure, what it is."""
    from careerkit import model

    explorer = widgets.LadderExplorer(ladder="Fire service (US)")
    for _, row in model.get_ladder("Fire service (US)", ladders).iterrows():
        explorer.apply(step=int(row["step"]))
        text = explorer.details.value
        assert html.escape(row["pay_basis"]) in text
        if row["years_from_start"] > 0:
            assert html.escape(row["years_basis"]) in text and "asked for to be hired" in text
            assert html.escape(row["odds_basis"]) in text
        assert "typical" not in text.lower()
    explorer.apply(step=0)
    assert "asked for to be hired" in explorer.details.value and "not a measured time" in explorer.details.value
    app = widgets.LifetimeApp()
    for view in ("simulated", "on_time"):
        app.apply(view=view)
        text = app.sentence.value
        assert "BLS OEWS May 2025 (pay, headcount)" in text and "asked for to be hired" in text
        assert "typical" not in text.lower() and "usual" not in text.lower()
    app.apply(view="simulated")
    assert "OEWS jobs here per job at the step below" in app.sentence.value
    plan = ck.Plan.from_gap(current="Firefighter", target="Fire Captain", start_year=2030)
    fire = model.get_ladder("Fire service (US)", ladders).set_index("title")
    reach = [m for m in plan.milestones if m.text.startswith("Reach ")]
    assert reach
    for m in reach:
        title = m.text.removeprefix("Reach ")
        assert fire.at[title, "years_basis"] in m.source and "not a promised time to promotion" in m.source
    from careerkit.widgets.planner import _gap_table

    gap = model.gap("Firefighter", "Fire Chief", ladders)
    shown = _gap_table(gap, 2030)
    for _, row in gap.iloc[1:].iterrows():
        assert f"{row['years_from_current']:g}<br><small>{html.escape(row['years_basis'])}</small>" in shown
        assert f"<br><small>{html.escape(row['pay_basis'])}</small>" in shown
    assert "typical" not in shown.lower()


# ---- What's next -----------------------------------------------------------------------------


def test_whats_next_search_and_pick(ladders):
    app = widgets.WhatsNext(title="firefighter")
    fw = app.panel.figure
    app.apply(title="fire captain")
    codes = [v for _, v in app.match_select.options]
    assert "33-1021.00" in codes
    app.apply(match="33-1021.00")
    assert app.panel.figure is fw
    related = ck.related()
    occ = ck.occupations().set_index("onet_code")
    related_codes = related.loc[related["onet_code"] == "33-1021.00", "related_code"]
    allowed = set(occ.loc[occ.index.intersection(related_codes), "title"].astype(str))
    shown = {html.unescape(y.replace("<br>", " ")) for y in fw.data[0].y}
    assert shown and shown <= allowed
    assert html.escape(occ.loc["33-1021.00", "title"]) in app.ladder_note.value


def test_whats_next_starts_with_the_title_given():
    app = widgets.WhatsNext(title="cashier")
    assert app.title_input.value == "cashier"
    assert app.match_select.value == ck.find_occupation("cashier", limit=1)["onet_code"].item()
    assert "<b>Cashiers</b>" in app.ladder_note.value


def test_whats_next_unknown_title_is_a_friendly_message():
    app = widgets.WhatsNext(title="cashier")
    before = list(app.panel.figure.data[0].y)
    app.apply(title="qqqzzzxxv wwwkkkj")
    assert "No O*NET job title looks like" in app.message
    assert list(app.panel.figure.data[0].y) == before
    app.apply(title="   ")
    assert "Type a job title" in app.message


# ---- Interests -------------------------------------------------------------------------------


def test_interests_counts_picked_keywords_per_area():
    keywords = ck.riasec_keywords()
    actions = keywords[keywords["keyword_type"] == "Action"]
    social = actions[actions["letter"] == "S"]["keyword"].astype(str).tolist()[:3]
    app = widgets.InterestsApp()
    fw = app.panel.figure
    assert "Pick a few" in app.summary.value

    app.apply(actions=tuple(social))

    assert app.panel.figure is fw
    counts = dict(zip([y[-2] for y in fw.data[0].y], fw.data[0].x))  # "Social (S)" → "S"
    expected = {k: int(keywords[keywords["keyword"].isin(social) & (keywords["letter"] == k)].shape[0]) for k in "RIASEC"}
    assert counts == expected
    assert "Social" in app.summary.value
    assert "Career ladders that fit" in app.ladder_matches.value
    assert "<td" in app.occupation_matches.value


# ---- Quiz ------------------------------------------------------------------------------------


def test_quiz_feedback_score_and_next():
    scenarios = ck.quiz()
    app = widgets.Quiz()
    first = scenarios.iloc[0]
    assert html.escape(str(first["statement"])) in app.statement.value
    wrong = "job" if first["answer"] == "career" else "career"

    app.answer(wrong)
    assert app.score == (0, 1)
    assert "Not quite" in app.feedback.value
    assert html.escape(str(first["explanation"])) in app.feedback.value
    assert app.job_button.disabled and app.career_button.disabled

    app.next()
    second = scenarios.iloc[1]
    app.career_button.click() if second["answer"] == "career" else app.job_button.click()
    assert app.score == (1, 2)
    assert "Right" in app.feedback.value
    assert "1</b> right out of 2" in app.score_box.value


# ---- Shared rules ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def evil_ladders(ladders):
    df = ladders.copy()
    df["ladder"] = df["ladder"].astype(str) + " " + EVIL
    df["title"] = df["title"].astype(str) + " " + EVIL
    for col in ("pay_basis", "source", "note", "years_basis", "education"):
        if col in df.columns:
            df[col] = EVIL
    return df


def test_titles_from_an_instructor_file_are_escaped_in_every_html_widget(evil_ladders):
    name = names_with_steps(evil_ladders)[0]
    apps = [
        widgets.LadderExplorer(ladders=evil_ladders, ladder=name, step=1),
        widgets.CompareLadders(ladders=evil_ladders),
        widgets.LifetimeApp(ladders=evil_ladders),
        widgets.WhatsNext(ladders=evil_ladders, title=str(evil_ladders["title"].iloc[0]).split(" <")[0]),
        widgets.InterestsApp(ladders=evil_ladders, picked=["Help", "Teach", "Build"]),
        widgets.Quiz(scenarios=pd.DataFrame({"statement": [EVIL], "answer": ["job"], "explanation": [EVIL]})),
    ]
    apps[-1].answer("job")
    for app in apps:
        values = app.html_values()
        for value in values:
            assert "<img" not in value.lower(), (type(app).__name__, value)
        assert any(html.escape(EVIL) in v for v in values), type(app).__name__


@pytest.mark.parametrize("name", APPS)
def test_every_control_has_a_description_and_documented_class(name):
    app = getattr(widgets, name)()
    assert isinstance(app, w.VBox)
    present = classes_in(app)
    assert {"ck-app", "ck-status"} <= present
    for x in walk(app):
        if isinstance(x, (w.ValueWidget, w.Button)) and not isinstance(x, (w.HTML, go.FigureWidget)):
            assert (x.description or "").strip(), type(x).__name__
            assert any(c.startswith("ck-") for c in x._dom_classes), (type(x).__name__, x.description)
    documented = set(re.findall(r"``([^`]+)``", sys.modules[type(app).__module__].__doc__))
    documented = {c for group in documented for c in group.split() if c.startswith("ck-")}
    assert documented and documented <= present, documented - present


def test_a_missing_planner_does_not_break_the_other_apps(monkeypatch):
    monkeypatch.setitem(sys.modules, "careerkit.widgets.planner", None)  # import of it now fails
    with pytest.raises(ImportError):
        widgets.PlanBuilder  # noqa: B018
    assert isinstance(widgets.Quiz(), _base.App)


def test_apps_send_plotly_js_once_per_kernel_not_once_per_figure():
    """Every app figure is a real go.FigureWidget whose front-end module is a few lines; the
    5 MB plotly widget module travels once, in the kernel's single PlotlyBundle widget."""
    import plotly.graph_objects as go

    from careerkit.widgets import _figure

    first, second = widgets.LadderExplorer(), widgets.CompareLadders()
    figures = [first.timeline.figure, first.pay.figure, *[p.figure for p in _panels(second)]]
    assert len(figures) >= 3
    for fig in figures:
        assert isinstance(fig, go.FigureWidget)
        # careerkit's own front-end code (fitting the figure to its place, with its comments):
        # kilobytes, where plotly's module is 5 MB
        assert len(fig._esm) < 20_000 and _figure.BUNDLE_KEY in fig._esm
    holder = _figure.bundle_widget()
    assert holder is _figure.bundle_widget()  # one per kernel
    assert holder.bundle == _figure._BUNDLE_PATH.read_bytes() and len(holder.bundle) > 1_000_000
    assert _figure.BUNDLE_KEY in holder._esm


def _panels(app):
    from careerkit.widgets._base import FigurePanel

    found, todo = [], [app]
    while todo:
        node = todo.pop()
        if isinstance(node, FigurePanel):
            found.append(node)
        todo.extend(getattr(node, "children", ()))
    return found


def test_app_figures_do_not_echo_plotlys_messages_back_to_the_page():
    """plotly's view reports what plotly.js filled in after every update; ipywidgets 8 would send each
    report straight back to the page (echo_update). An app figure's reports are not echoed, and
    plotly still handles them (the edit is no longer in process)."""
    pytest.importorskip("anywidget")
    from careerkit import model, plots
    from careerkit.widgets._figure import FigureWidget

    fig = FigureWidget(plots.ladder_timeline(model.get_ladder("Fire service (US)")))
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    delta = {"trace_deltas": [{"uid": fig.data[0].uid, "visible": True}], "trace_edit_id": fig._last_trace_edit_id}
    fig._trace_edit_in_process = True
    fig.set_state({"_js2py_traceDeltas": delta})
    assert not [m for m in sent if m.get("method") == "echo_update"], sent
    assert fig._trace_edit_in_process is False and fig._js2py_traceDeltas is None
    fig.set_state({"_widget_layout": dict(fig._widget_layout)})  # other state is still echoed
    assert [m for m in sent if m.get("method") == "echo_update"]


@pytest.mark.parametrize("quick", [True, False], ids=["update_figure", "batch_update fallback"])
def test_an_app_figure_update_reaches_the_page_as_one_message(quick):
    """plotly's plotly_update sends two edit counters, the update and then a reset to None (four
    messages, each handled by the page); an app figure sends only the update."""
    pytest.importorskip("anywidget")
    import careerkit as ck
    from careerkit import model, plots
    from careerkit.widgets._figure import FigureWidget, update_figure

    first, second = [n for n in model.ladder_names(ck.ladders()) if len(model.get_ladder(n)) > 1][:2]
    fig = FigureWidget(plots.ladder_timeline(model.get_ladder(first)))
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    (update_figure if quick else plots.refresh)(fig, plots.ladder_timeline(model.get_ladder(second)))
    assert [list(m["state"]) for m in sent] == [["_py2js_update"]], sent
    update = sent[0]["state"]["_py2js_update"]
    assert update["style_data"] and second in json.dumps(update["layout_data"])  # the new ladder's figure


def test_apps_write_no_table_markup_of_their_own():
    """Every table in an app comes from careerkit.text.html_table (escaped cells, data-label for the
    narrow layout, a caption); an app that writes <table>/<tr>/<td> itself skips all three."""
    import re
    from pathlib import Path

    import careerkit.widgets

    found = []
    for path in sorted(Path(careerkit.widgets.__file__).parent.glob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"<(table|tr|td|th)[\s>]", line):
                found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "hand-written table markup:\n" + "\n".join(found)


def test_lifetime_chance_redraws_the_simulation_only(monkeypatch):
    """"Every promotion on time" has no promotion chance in it: a new chance runs the simulation
    again but reuses the on-time earnings."""
    from careerkit import simulate

    app = widgets.LifetimeApp()
    calls = []
    real = simulate.with_odds  # the on-time table counted at the discount rate and training cost
    monkeypatch.setattr(simulate, "with_odds", lambda *a, **k: calls.append(1) or real(*a, **k))
    before = app.panel.alt_text
    app.apply(chance=app.controls["chance"].value * 0.5)
    assert app.panel.alt_text != before
    assert calls == [], "the on-time earnings were worked out again for a new chance"
    app.apply(discount=3)
    assert calls == [1], "a new discount rate changes the on-time totals"


def test_lifetime_says_where_its_numbers_come_from_once_per_ladder_and_job(monkeypatch):
    """The sources under the figure depend only on the ladder and the job: a slider does not look
    them up again, another ladder or job does."""
    from careerkit.widgets import lifetime

    app = widgets.LifetimeApp()
    looked_up = []
    real = lifetime._pay_year
    monkeypatch.setattr(lifetime, "_pay_year", lambda steps: looked_up.append(1) or real(steps))
    before = app.sentence.value
    app.apply(chance=app.controls["chance"].value * 0.5)
    app.apply(discount=3, training_cost=5000, years=30)
    assert looked_up == [], "a slider looked the sources up again"
    notes = re.findall(r"Pay: (.*?)\. Chances", app.sentence.value)
    assert notes and notes == re.findall(r"Pay: (.*?)\. Chances", before)
    ladders = app.controls["ladder"].options
    app.apply(ladder=next(n for n in ladders if n != app.controls["ladder"].value))
    assert looked_up == [1]


@pytest.mark.parametrize("control", ["ladder", "years", "discount", "training_cost"])
def test_lifetime_going_back_to_any_shown_choice_only_redraws(monkeypatch, control):
    """A learner who goes through every ladder, or a slider's whole range, and back again waits
    only for the redraw: nothing shown before is simulated or built again. (With one limit for
    every kind of result, a change stored several and each was dropped just before it was needed.)"""
    from careerkit import model, plots, simulate

    app = widgets.LifetimeApp()
    slider = app.controls[control]
    if control == "ladder":
        values = list(slider.options)
    else:
        values = [slider.min + i * slider.step for i in range(round((slider.max - slider.min) / slider.step) + 1)]
    for value in values:
        app.apply(**{control: value})
    calls = []
    for module, name in ((simulate, "lives"), (simulate.Lives, "simulation"), (simulate, "with_odds"),
                         (model, "lifetime_earnings"), (model, "lifetime_earnings_from"), (simulate, "prepare"),
                         (plots, "lifetime_fan"), (plots, "lifetime_fan_json"), (plots, "lifetime_earnings")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name, **k: calls.append(name) or real(*a, **k))
    for value in values:
        app.apply(**{control: value})
    assert calls == [], f"going back through {len(values)} values of {control} computed {len(calls)} results again"


def test_lifetime_reads_every_ladder_when_it_opens(monkeypatch):
    """Picking a ladder for the first time only simulates and draws: every ladder's steps were read
    when the app opened (pandas work that a kernel does slowest right after a pause)."""
    from careerkit import model, simulate

    app = widgets.LifetimeApp()
    calls, drawn = [], []
    for module, name in ((model, "get_ladder"), (simulate, "prepare"), (model, "earnings_inputs")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name, **k: calls.append(name) or real(*a, **k))
    real_people = simulate.people
    monkeypatch.setattr(simulate, "people", lambda *a, **k: drawn.append(1) or real_people(*a, **k))
    names = list(app.controls["ladder"].options)
    for name in names[1:]:
        app.apply(ladder=name)
        assert app.message == "" and name in app.sentence.value
    assert calls == [], f"picking a ladder read the table again: {calls}"
    assert len(drawn) == len(names) - 1  # each new ladder is still a new simulation


def test_lifetime_a_ladder_that_cannot_be_read_says_why_when_it_is_picked():
    """The ladders read when the app opens include an instructor's: one that cannot be read does not
    stop the app, and says what is wrong with it when picked, as before."""
    import careerkit as ck

    shipped = ck.ladders()
    broken = shipped[shipped["ladder"] == "Nursing (US)"].assign(ladder="Broken")
    broken.loc[broken.index[1], "pay"] = np.nan
    app = widgets.LifetimeApp(ladders=pd.concat([shipped, broken], ignore_index=True))
    assert app.message == ""
    app.apply(ladder="Broken")
    assert "pay is missing" in app.message
    app.apply(ladder="Fire service (US)")
    assert app.message == ""


@pytest.mark.parametrize("control", ["discount", "training_cost"])
def test_lifetime_discount_and_training_cost_add_up_the_same_people_again(monkeypatch, control):
    """A discount rate or a training cost changes only how the simulated people's pay is added up:
    moving either slider draws no new people and works out no new on-time pay, and shows what a
    simulation of its own would."""
    from careerkit import model, simulate

    app = widgets.LifetimeApp()
    calls = []
    for module, name in ((simulate, "people"), (simulate, "lives"), (simulate, "run"), (model, "lifetime_earnings"),
                         (model, "lifetime_earnings_from"), (simulate.People, "lives")):
        real, label = getattr(module, name), f"{getattr(module, '__name__', '')}.{name}"
        monkeypatch.setattr(module, name, lambda *a, real=real, label=label, **k: calls.append(label) or real(*a, **k))
    slider = app.controls[control]
    for value in (slider.max, slider.min + slider.step, (slider.min + slider.max) / 2):
        app.apply(**{control: value})
    assert calls == [], f"moving {control} drew the people again: {calls}"
    alone = simulate.careers(app.steps, assumptions=app.assumptions(), odds=app.odds())
    pd.testing.assert_frame_equal(app.simulation.years, alone.years, check_exact=True)
    calls.clear()
    app.apply(chance=app.controls["chance"].value / 2)
    # a new promotion chance decides again who is promoted, among the same people
    assert calls == ["People.lives"], f"a new promotion chance: {calls}"
    alone = simulate.careers(app.steps, assumptions=app.assumptions(), odds=app.odds())
    pd.testing.assert_frame_equal(app.simulation.years, alone.years, check_exact=True)


def test_every_app_has_its_class_in_the_first_state_the_page_gets(monkeypatch):
    """The page learns of a widget from the state its comm opens with; a class added after that
    arrives in a message of its own, and until then the app's box has neither its class nor the
    styles keyed to it."""
    first = []
    real = w.Widget.open

    def open_and_note(self):
        if isinstance(self, _base.App):
            first.append(tuple(self._dom_classes))
        real(self)

    monkeypatch.setattr(w.Widget, "open", open_and_note)
    widgets.Quiz()
    widgets.LadderExplorer()
    assert len(first) == 2 and all("ck-app" in classes for classes in first), first
