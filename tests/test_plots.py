"""careerkit.plots and careerkit.text: assertions on fig.data / fig.layout, never on images."""
from __future__ import annotations

import doctest
import html
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.utils import PlotlyJSONEncoder

from careerkit import model, plots, simulate, text

STEPS = pd.DataFrame(
    {
        "ladder": "Fire <script>",
        "step": [1, 2, 3],
        "title": ["Firefighter", "Fire <b>Lieutenant</b>", "Fire Captain"],
        "years_from_start": [0, 5, 5],
        "pay": [59280.0, 80000.0, 93530.0],
        "pay_p10": [34490.0, 53970.0, np.nan],
        "pay_p90": [101330.0, 142300.0, 142300.0],
        "pay_basis": ["median of 33-2011", "50th percentile & more", "75th percentile of 33-1021"],
        "education": "Postsecondary nondegree award",
        "training": "Long-term on-the-job training",
        "experience": "None",
        "source": "BLS OEWS May 2025",
        "note": ["", "ranks share <one> SOC code", np.nan],
    }
)
OTHER = pd.DataFrame(
    {
        "ladder": "Nursing",
        "step": [1, 2],
        "title": ["Nursing Assistant", "Registered Nurse"],
        "years_from_start": [0, 3],
        "pay": [42260.0, 97550.0],
        "pay_p10": [31390.0, 66030.0],
        "pay_p90": [50140.0, 135320.0],
    }
)


def has_raw_markup(strings) -> bool:
    return any("<script>" in s or "<b>Lieutenant" in s or "<one>" in s for s in strings if isinstance(s, str))


def test_text_docstring_examples_run():
    result = doctest.testmod(text)
    assert result.attempted >= 10 and result.failed == 0


def test_escape_and_money():
    assert text.escape('<img src=x onerror="a">') == "&lt;img src=x onerror=&#34;a&#34;&gt;"
    assert html.unescape(text.escape("a \"b\" 'c' <d> & e")) == "a \"b\" 'c' <d> & e"
    assert text.escape(np.nan) == "" and text.escape(pd.NA) == ""
    assert text.money(1234.4) == "$1,234" and text.signed_money(-50) == "-$50"


def test_ladder_timeline_bars_span_the_years():
    fig = plots.ladder_timeline(STEPS, last_step_years=4)
    assert isinstance(fig, go.Figure) and len(fig.data) == 2
    bars, marks = fig.data
    assert bars.type == "bar" and bars.orientation == "h"
    assert list(bars.base) == [0, 5, 5]
    assert list(bars.x) == [5 - 0, 5 - 5, 4]  # equal years: a bar of length 0, the marker still shows
    assert list(marks.x) == [0, 5, 5]
    assert list(marks.text) == ["$59,280", "$80,000", "$93,530"]
    assert fig.layout.xaxis.tickformat == "d"
    assert fig.layout.uirevision == "careerkit-ladder_timeline"
    assert "Fire &lt;script&gt; ladder" in fig.layout.title.text.replace("<br>", " ")
    assert bars.y[1] == "2. Fire &lt;b&gt;Lieutenant&lt;/b&gt;"
    assert not has_raw_markup(list(bars.y) + list(bars.hovertext) + [fig.layout.title.text])
    assert "Long-term on-the-job training" in bars.hovertext[0] and "BLS OEWS May 2025" in bars.hovertext[0]
    assert "ranks share &lt;one&gt; SOC code" in bars.hovertext[1]


def test_ladder_timeline_alt_text_names_every_step():
    fig = plots.ladder_timeline(STEPS)
    alt = plots.alt_text(fig)
    assert alt == fig.layout.meta["alt"]
    assert alt.startswith("The Fire <script> ladder has 3 steps")  # plain text, escaped where it meets HTML
    for title, pay in zip(STEPS["title"], ["$59,280", "$80,000", "$93,530"]):
        assert title in alt and pay in alt


def test_one_step_ladder_timeline():
    fig = plots.ladder_timeline(STEPS.iloc[:1], last_step_years=5)
    assert list(fig.data[0].x) == [5] and "has 1 step:" in plots.alt_text(fig)


def test_pay_by_step_band_is_p10_to_p90():
    fig = plots.pay_by_step(STEPS)
    assert len(fig.data) == 1
    trace = fig.data[0]
    assert list(trace.x) == STEPS["pay"].tolist()
    assert list(trace.error_x.array) == [101330 - 59280, 142300 - 80000, 142300 - 93530]
    # missing P10: no lower line rather than an invented one
    assert list(trace.error_x.arrayminus) == [59280 - 34490, 80000 - 53970, 0]
    # step names escaped, down the page, each written above its point (not beside the plot)
    names = ["1. Firefighter", "2. Fire &lt;b&gt;Lieutenant&lt;/b&gt;", "3. Fire Captain"]
    assert list(trace.y) == names == [a.text for a in fig.layout.annotations]
    assert fig.layout.yaxis.showticklabels is False and fig.layout.margin.l == 10
    assert (fig.layout.xaxis.tickprefix, fig.layout.xaxis.tickformat) == ("$", "~s")  # $50k: short ticks
    assert "most earn $34,490 to $101,330" in plots.alt_text(fig)


def test_compare_ladders_share_one_axis():
    fig = plots.compare_ladders(STEPS, OTHER)
    assert len(fig.data) == 2
    a, b = fig.data
    assert list(a.x) == pytest.approx([0.94, 1.94, 2.94]) and list(b.x) == pytest.approx([1.06, 2.06])
    assert list(b.y) == OTHER["pay"].tolist()
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis.dtick == 1
    assert a.name == "Fire &lt;script&gt;" and b.name == "Nursing"
    alt = plots.alt_text(fig)
    assert "Nursing goes from Nursing Assistant at $42,260 to Registered Nurse at $97,550 in 2 steps" in alt


def test_job_vs_career_one_row_per_dimension():
    dims = pd.DataFrame(
        {
            "order": [2, 1],
            "dimension": ["Goal", "Time frame"],
            "job": ["Earn money now", "This month & <this> year"],
            "career": ["Grow skills and responsibility over many years", "A path of roles"],
        }
    )
    fig = plots.job_vs_career(dims)
    assert len(fig.data) == 2
    job, career = fig.data
    assert list(job.y) == ["<b>Time frame</b>", "<b>Goal</b>"]  # sorted by `order`
    assert set(job.x) == {0} and set(career.x) == {1}
    assert job.text[0] == "This month &amp; &lt;this&gt; year"
    assert "<br>" in career.text[1]  # long text is wrapped
    assert "Time frame: a job means This month & <this> year" in plots.alt_text(fig)


def earnings(**kw):
    return model.lifetime_earnings(STEPS, assumptions=model.Assumptions(**kw))


def test_lifetime_earnings_figure_has_yearly_and_cumulative_panels():
    e = earnings(years=30, training_years=2)
    fig = plots.lifetime_earnings(e)
    assert len(fig.data) == 5
    names = [t.name for t in fig.data]
    assert names[1] == names[3] == "Climb the ladder" and names[0] == "Stay a Firefighter"
    assert list(fig.data[0].x) == list(range(1, 31))
    assert list(fig.data[1].y) == e["career_pay"].tolist()
    assert list(fig.data[3].y) == e["career_cumulative"].tolist()
    assert (fig.data[2].yaxis, fig.data[3].yaxis) == ("y2", "y2")
    assert fig.layout.xaxis.tickformat == "d" and fig.layout.xaxis2.tickformat == "d"
    # the crossover: first year from which the career total stays ahead, worked out here
    ahead = (e["career_cumulative"] > e["job_cumulative"]).tolist()
    year = next(i + 1 for i in range(len(ahead)) if all(ahead[i:]))
    assert list(fig.data[4].x) == [year]
    assert fig.data[4].y[0] == e["career_cumulative"].iloc[year - 1]
    assert [s.x0 for s in fig.layout.shapes] == [year, year]
    assert f"pulls ahead for good in year {year}" in plots.alt_text(fig)


def test_lifetime_earnings_without_crossover_keeps_five_traces():
    e = model.lifetime_earnings(STEPS.iloc[:1], assumptions=model.Assumptions(years=10))
    fig = plots.lifetime_earnings(e)
    assert len(fig.data) == 5 and len(fig.data[4].x) == 0 and len(fig.layout.shapes) == 0
    assert "does not pull ahead" in plots.alt_text(fig)


def test_lifetime_earnings_zero_years():
    fig = plots.lifetime_earnings(earnings(years=0))
    assert len(fig.data) == 5 and len(fig.data[0].x) == 0
    assert "0 years" in plots.alt_text(fig)


def test_next_steps_bar_is_ranked_and_readable():
    steps = pd.DataFrame(
        {
            "title": ["Fire Inspectors <and> Investigators", "Emergency Management Directors", "Unknown pay"],
            "pay_change": [16640.0, -1000.0, np.nan],
            "job_zone_change": [0.0, 1.0, 1.0],
            "education": ["Postsecondary nondegree award", "Bachelor's degree", ""],
        }
    )
    fig = plots.next_steps(steps, current_title="Firefighters")
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert list(bar.x) == [16640.0, -1000.0, 0.0]
    assert bar.y[0] == "Fire Inspectors &lt;and&gt; Investigators"
    assert not bar.text  # the words are above the bar: beside it they ran past a narrow plot's edge
    assert len(set(bar.marker.color)) == 3  # more pay, less pay, unknown
    low, high = fig.layout.yaxis.range
    assert low > high, "the best first, at the top"
    # each name above its bar, with what the step means
    notes = [a.text.replace("<br>", " ") for a in fig.layout.annotations]
    assert notes == ["Fire Inspectors &lt;and&gt; Investigators: +$16,640 a year",
                     "Emergency Management Directors: -$1,000 a year, more preparation (Job Zone +1)",
                     "Unknown pay: pay not published, more preparation (Job Zone +1)"]
    assert all(a.name == plots.ROW_NAME for a in fig.layout.annotations)  # the page finds the rows by it
    assert max(len(line) for a in fig.layout.annotations for line in a.text.split("<br>")) <= plots.NEXT_STEP_WIDTH + 8
    assert "From Firefighters" in fig.layout.title.text
    assert "Unknown pay (pay not published)" in plots.alt_text(fig)


def test_next_steps_empty():
    empty = pd.DataFrame(columns=["title", "pay_change", "job_zone_change"])
    fig = plots.next_steps(empty, current_title="Chief <Executives>")
    assert len(fig.layout.annotations) == 1 and "Chief &lt;Executives&gt;" in fig.layout.annotations[0].text


def test_interests_bar():
    scores = pd.Series({"R": 2, "I": 0, "A": 5, "S": 2, "E": 1, "C": 0})
    fig = plots.interests(scores)
    bar = fig.data[0]
    assert list(bar.x) == [2, 0, 5, 2, 1, 0] and bar.orientation == "h"
    assert bar.y[0] == "Realistic (R)" == fig.layout.annotations[0].text
    highlighted = [y for y, c in zip(bar.y, bar.marker.color) if c == plots.CAREER_COLOUR]
    assert highlighted == ["Realistic (R)", "Artistic (A)", "Social (S)"]
    assert fig.layout.xaxis.tickformat == "d" and "ARS" in fig.layout.title.text
    assert plots.alt_text(fig).startswith("Your interest keywords per area: Realistic 2, Investigative 0")


def test_titles_can_be_overridden_and_every_figure_has_alt_text():
    figs = [
        plots.ladder_timeline(STEPS, title="T", height=300),
        plots.pay_by_step(STEPS, title="T", height=300),
        plots.compare_ladders(STEPS, OTHER, title="T", height=300),
        plots.lifetime_earnings(earnings(years=5), title="T", height=300),
        plots.interests(pd.Series(dict.fromkeys("RIASEC", 1)), title="T", height=300),
    ]
    for fig in figs:
        assert fig.layout.title.text == "T" and fig.layout.height == 300
        assert plots.alt_text(fig) and fig.layout.uirevision.startswith("careerkit-")
    with pytest.raises(ValueError, match="no text alternative"):
        plots.alt_text(go.Figure())


# ---- refresh ------------------------------------------------------------------------------


@pytest.fixture
def widget():
    pytest.importorskip("anywidget")
    return go.FigureWidget(plots.ladder_timeline(STEPS))


def _update_figure(widget, new):
    from careerkit.widgets._figure import update_figure

    update_figure(widget, new)


def _update_figure_from_json(widget, new):
    from careerkit.widgets._figure import update_figure

    update_figure(widget, new.to_plotly_json())  # what plots.figure_json gives: no go.Figure built


@pytest.fixture(params=[plots.refresh, _update_figure, _update_figure_from_json],
                ids=["plots.refresh", "update_figure", "update_figure from JSON"])
def redraw(request):
    """Every way of redrawing in place: plotly's public batch_update and the apps' quick path, from
    a go.Figure or from the same figure as plotly JSON."""
    return request.param


def test_refresh_same_shape_updates_traces_in_place(widget, redraw):
    before = list(widget.data)
    new = plots.ladder_timeline(OTHER)
    redraw(widget, new)
    assert all(a is b for a, b in zip(before, widget.data))  # same trace objects: no re-render
    assert list(widget.data[0].y) == ["1. Nursing Assistant", "2. Registered Nurse"]
    assert list(widget.data[1].text) == ["$42,260", "$97,550"]
    assert widget.layout.title.text == new.layout.title.text
    assert widget.layout.meta["alt"] == plots.alt_text(new)


def test_refresh_different_shape_replaces_data(widget, redraw):
    new = plots.pay_by_step(OTHER)
    redraw(widget, new)
    assert [t.type for t in widget.data] == ["scatter"]
    assert list(widget.data[0].x) == OTHER["pay"].tolist()
    assert widget.layout.uirevision == "careerkit-pay_by_step"
    assert widget.layout.xaxis.tickformat == "~s"  # the timeline's year format does not linger
    assert widget.layout.xaxis.dtick is None  # nor its one-year tick step


def test_refresh_clears_properties_the_new_figure_does_not_set(widget, redraw):
    widget.data[0].marker.opacity = 0.5  # the timeline's bars set their colour and outline, not their opacity
    widget.layout.shapes = [dict(type="line", x0=0, x1=1, y0=0, y1=1)]
    redraw(widget, plots.ladder_timeline(OTHER))
    assert widget.data[0].marker.opacity is None
    assert len(widget.layout.shapes) == 0


def test_refresh_keeps_the_learners_zoom(widget, redraw):
    widget.layout.xaxis.range = [2, 8]
    widget.layout.xaxis.autorange = False
    redraw(widget, plots.ladder_timeline(OTHER))
    assert tuple(widget.layout.xaxis.range) == (2, 8)
    assert widget.layout.xaxis.tickformat == "d"


def test_a_figure_as_plotly_json_is_the_figure_built_from_it():
    """The lifetime app redraws from lifetime_fan_json without building a go.Figure: the JSON must
    be what the go.Figure holds, so the widget gets the same changes either way."""
    sim = simulate.careers(OTHER, odds=simulate.Odds(people=50))
    on_time = model.lifetime_earnings(OTHER)
    spec = plots.lifetime_fan_json(sim, on_time=on_time, job_title="Nursing Assistant", height=640)
    fig = plots.as_figure(spec)
    assert [t.to_plotly_json() for t in fig.data] == spec["data"]
    assert fig.layout.to_plotly_json() == spec["layout"]
    assert fig.to_plotly_json() == plots.lifetime_fan(sim, on_time=on_time, job_title="Nursing Assistant",
                                                       height=640).to_plotly_json()
    assert plots.alt_text(spec) == plots.alt_text(fig) != ""


# ---- the shipped tables -------------------------------------------------------------------


def test_every_figure_builds_on_the_shipped_data():
    import careerkit as ck

    ladders = ck.ladders()
    names = model.ladder_names(ladders, with_steps_only=True)
    for name in names:
        steps = model.get_ladder(name, ladders)
        fig = plots.ladder_timeline(steps)
        assert len(fig.data[0].y) == len(steps) and plots.alt_text(fig)
        assert list(plots.pay_by_step(steps).data[0].x) == steps["pay"].tolist()
    fig = plots.compare_ladders(model.get_ladder(names[0], ladders), model.get_ladder(names[1], ladders))
    assert len(fig.data) == 2
    dims = ck.dimensions()
    fig = plots.job_vs_career(dims)
    assert len(fig.data[0].y) == len(dims)
    e = model.lifetime_earnings(model.get_ladder("Fire service (US)", ladders))
    assert len(plots.lifetime_earnings(e).data[4].x) == 1
    ns = model.next_steps("41-2011.00")
    fig = plots.next_steps(ns, current_title="Cashiers")
    assert len(fig.data[0].x) == len(ns)


def test_every_figure_passes_plotlys_full_validation():
    """Figures are built without plotly's validation (speed); rebuilding them validated must
    neither fail nor change anything, so a misspelt or wrong-typed property is still caught."""
    import careerkit as ck

    ladders = ck.ladders()
    fire = model.get_ladder("Fire service (US)", ladders)
    nursing = model.get_ladder("Nursing (US)", ladders)
    figures = [
        plots.ladder_timeline(fire), plots.pay_by_step(fire), plots.compare_ladders(fire, nursing),
        plots.ladder_pyramid(fire), plots.ladder_pyramid(nursing),
        plots.lifetime_fan(simulate.careers(fire), on_time=model.lifetime_earnings(fire), job_title="Firefighter"),
        plots.lifetime_fan(simulate.careers(fire, assumptions=model.Assumptions(years=0))),
        plots.job_vs_career(ck.dimensions()), plots.lifetime_earnings(model.lifetime_earnings(fire)),
        plots.lifetime_earnings(earnings(years=0)),
        plots.next_steps(model.next_steps("41-2011.00"), current_title="Cashiers"),
        plots.next_steps(model.next_steps("41-2011.00").iloc[0:0], current_title="Cashiers"),
        plots.interests(model.interest_scores(["Build", "Help"])),
        plots.class_results(pd.DataFrame([{"question": "2_1", "tried": 3, "right_first": 1, "right_later": 1,
                                           "not_yet_right": 1}]), learners=3),
        plots.class_results(pd.DataFrame(), learners=0),
        ck.Plan.from_gap(current="Firefighter", target="Fire Captain", start_year=2030).timeline(),
        ck.Plan(current="Firefighter", target="Fire Captain", start_year=2030).timeline(),
    ]

    def plain(fig_json):  # as the browser gets it; plotly's validation leaves out empty lists
        return json.dumps({k: {p: v for p, v in part.items() if v != []} if isinstance(part, dict) else part
                           for k, part in json.loads(json.dumps(fig_json, cls=PlotlyJSONEncoder)).items()},
                          sort_keys=True)

    for fig in figures:
        built = fig.to_plotly_json()
        checked = go.Figure(built).to_plotly_json()  # raises ValueError on any invalid property
        assert plain(checked) == plain(built), plots.alt_text(fig)


def test_refresh_lifetime_figure_drops_the_crossover_when_there_is_none(redraw):
    pytest.importorskip("anywidget")
    widget = go.FigureWidget(plots.lifetime_earnings(earnings(years=30, training_years=2)))
    assert len(widget.layout.shapes) == 2
    flat = model.lifetime_earnings(STEPS.iloc[:1], assumptions=model.Assumptions(years=20))
    redraw(widget, plots.lifetime_earnings(flat))
    assert len(widget.layout.shapes) == 0 and len(widget.data[4].x) == 0
    assert list(widget.data[0].x) == list(range(1, 21))
    assert widget.layout.meta["alt"] == text.lifetime_alt(flat, None)


def test_alt_text_for_empty_inputs():
    empty = model.timeline(STEPS.iloc[:0])
    assert text.timeline_alt(empty, "Fire") == "The Fire ladder has no steps."
    assert text.timeline_alt(empty) == "This ladder has no steps."


@pytest.mark.parametrize("years,dtick", [(3, 1), (10, 1), (11, 2), (40, 5), (60, 10)])
def test_year_axes_only_have_whole_number_ticks(years, dtick):
    fig = plots.lifetime_earnings(earnings(years=years))
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert axis.tickformat == "d" and axis.dtick == dtick and axis.tick0 == 0
        assert years / axis.dtick <= 10


def test_short_ladder_and_small_counts_get_whole_ticks():
    # a 2-step ladder spanning 3 years: plotly would pick half-year ticks and print "0, 0, 1, 1, …"
    short = STEPS.iloc[:2].assign(years_from_start=[0, 1])
    assert plots.ladder_timeline(short, last_step_years=2).layout.xaxis.dtick == 1
    fig = plots.interests(pd.Series({"R": 2, "I": 0, "A": 0, "S": 2, "E": 0, "C": 1}))
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == "d"


def test_a_minimal_instructor_ladder_works_everywhere():
    own = pd.DataFrame({"ladder": "My shop", "step": [2, 1], "title": ["Lead", "Helper"],
                        "years_from_start": [3, 0], "pay": [50000.0, 30000.0]})
    fig = plots.ladder_timeline(own)
    assert list(fig.data[0].y) == ["1. Helper", "2. Lead"]
    assert "basis not given" in fig.data[0].hovertext[0]
    assert list(plots.pay_by_step(own).data[0].error_x.array) == [0, 0]  # no band published: none drawn
    e = model.lifetime_earnings(own, assumptions=model.Assumptions(years=5))
    # no P10 to start from: the job path pays the first step's pay from year 1
    assert e["job_pay"].tolist() == [30000.0] * 5 and e["career_pay"].tolist() == [30000.0] * 3 + [50000.0] * 2
    assert plots.lifetime_earnings(e).data[4].x == (4,)


def test_timeline_hover_says_when_each_step_is_held():
    hover = plots.ladder_timeline(STEPS).data[0].hovertext
    assert "Years 0–5 from the start" in hover[0]
    assert "From year 5 on" in hover[2] and "Years" not in hover[2].split("<br>")[1]


# ---- margins wide enough for the labels (one draw in the browser, see plots.fit_margins) -------------

def test_label_width_reads_lines_tags_and_entities():
    assert text.label_width("Fire &lt;b&gt;<br>Captain") == pytest.approx(text.text_width("Fire <b>"))
    assert text.label_width("<b>Short</b>") == pytest.approx(1.1 * text.text_width("Short"))
    assert text.text_width("iiii") < text.text_width("MMMM")
    assert text.text_width("x", size=28) == pytest.approx(2 * text.text_width("x", size=14))


def _bars(names: list[str]) -> go.Figure:
    """A horizontal bar figure with ``names`` as its y-axis labels, on careerkit's figure base."""
    data = [dict(type="bar", orientation="h", y=names, x=list(range(1, len(names) + 1)))]
    return plots.figure(data, {"yaxis": {}}, kind="bars", title="Bars", alt="bars", height=None)


SHORT_NAMES = ["1. Firefighter", "2. Fire &lt;b&gt;Lieutenant&lt;/b&gt;", "3. Fire Captain"]
LONG_NAMES = ["1. Firefighter", "2. Fire Lieutenant", "3. Deputy Assistant Chief of Fire Prevention Operations"]


def test_left_margin_fits_the_longest_label():
    short, wide = _bars(SHORT_NAMES), _bars(LONG_NAMES)
    needed = text.label_width(LONG_NAMES[2])
    assert wide.layout.margin.l >= needed + 12 > short.layout.margin.l
    assert short.layout.margin.l >= text.label_width(SHORT_NAMES[1]) + 12


def test_bar_names_above_the_bars_leave_the_plot_its_width():
    """The timeline and next-steps figures name their bars above them: no margin beside the plot."""
    long = STEPS.assign(title=["Firefighter", "Fire Lieutenant", "Deputy Assistant Chief of Fire Prevention Operations"])
    fig = plots.ladder_timeline(long)
    assert fig.layout.margin.l == plots.ladder_timeline(STEPS).layout.margin.l == 10
    assert fig.layout.yaxis.showticklabels is False
    names = [a.text for a in fig.layout.annotations]
    assert names == list(fig.data[0].y) and names[2].startswith("3. Deputy Assistant")
    low, high = fig.layout.yaxis.range
    assert low > high, "the first step at the top"
    for i, note in enumerate(fig.layout.annotations):  # just above its own bar, clear of the one above
        assert note.yanchor == "bottom" and i - 1 + plots.BAR / 2 < note.y <= i - plots.BAR / 2
    assert fig.data[0].width == plots.BAR


def test_left_margin_fits_money_ticks_and_the_axis_title():
    fig = plots.compare_ladders(STEPS, OTHER)  # up to $142,300: ticks up to "$150k"
    assert fig.layout.margin.l >= text.text_width("$150k") + 1.35 * 14
    low = STEPS.assign(pay=[10.0, 20.0, 30.0], pay_p10=np.nan, pay_p90=np.nan)
    small = plots.compare_ladders(low, OTHER.assign(pay=[10.0, 20.0], pay_p10=np.nan, pay_p90=np.nan))
    assert small.layout.margin.l < fig.layout.margin.l


def test_right_margin_only_for_a_legend_at_the_side():
    import careerkit as ck

    one_way = ck.Plan("Firefighter", "Fire Captain", start_year=2030)
    one_way.add_milestone("Fire officer course", way="Learn and train", year=2031)
    two_ways = ck.Plan("Firefighter", "Fire Captain", start_year=2030)
    two_ways.add_milestone("Fire officer course", way="Learn and train", year=2031)
    two_ways.add_milestone("Ask a captain to mentor me", way="Find a mentor", year=2032)
    a, b = one_way.timeline(), two_ways.timeline()
    assert not a.layout.showlegend and b.layout.showlegend
    # the plan's legend is under the plot: room below it, none beside it
    assert b.layout.margin.r == a.layout.margin.r and b.layout.margin.b >= a.layout.margin.b + 3 * 22
    assert [t.name for t in a.data] == [t.name for t in b.data]  # same traces: redrawn in place
    # a vertical legend where plotly.js puts it by default, beside the plot, gets room there
    ways = [{"type": "scatter", "x": [1], "y": [1], "name": n} for n in ("Learn and train", "Find a mentor")]
    side = plots.fit_margins(ways, {"showlegend": True}, {"l": 10, "r": 20, "t": 70, "b": 50})
    assert side["r"] >= 20 + text.text_width("Learn and train") + 40
    # figures with the legend above the plot keep their right margin
    assert plots.compare_ladders(STEPS, OTHER).layout.margin.r == 20


def test_refresh_margins_only_grow_while_the_figure_is_the_same_kind(redraw):
    pytest.importorskip("anywidget")
    fig = go.FigureWidget(_bars(SHORT_NAMES))
    narrow = fig.layout.margin.l
    redraw(fig, _bars(LONG_NAMES))
    wide = fig.layout.margin.l
    assert wide == _bars(LONG_NAMES).layout.margin.l > narrow
    redraw(fig, _bars(SHORT_NAMES))
    assert fig.layout.margin.l == wide  # kept: no second draw in the browser, no jumping plot area
    assert list(fig.data[0].y) == SHORT_NAMES


def test_long_titles_are_wrapped_and_get_room_above_the_plot():
    short, extra = plots.wrap_title("Fire service (US) and Nursing (US): pay step by step")
    assert extra == 0 and "<br>" not in short
    long = "Pay at each step of the Software (US) ladder (bars: what the middle 80% of workers earn)"
    wrapped, extra = plots.wrap_title(long)
    lines = wrapped.split("<br>")
    assert extra == 1 and " ".join(lines) == long and max(map(len, lines)) <= 64
    assert abs(len(lines[0]) - len(lines[1])) <= 12, "lines of about equal length, no word left alone"
    fig = plots.pay_by_step(STEPS, title=long)
    assert fig.layout.title.text == wrapped and fig.layout.margin.t == 70 + plots.TITLE_LINE
    escaped, _ = plots.wrap_title("From Fire &lt;script&gt; Captain: related jobs that pay more or ask for more")
    assert "&lt;script&gt;" in escaped and "<script>" not in escaped  # entities are never split


def test_ladder_pyramid_counts_people_per_step_and_marks_the_assumed_split():
    import careerkit as ck

    fire = model.get_ladder("Fire service (US)", ck.ladders())
    fig = plots.ladder_pyramid(fire)
    own, assumed = fig.data
    assert list(own.x) == [345_990] and list(assumed.x) == fire["headcount"].iloc[1:].tolist()
    assert list(assumed.base) == [-h / 2 for h in assumed.x]  # centred: reads as a pyramid
    assert assumed.marker.pattern.shape == "/" and not own.marker.pattern.shape  # not by colour alone
    assert all("assumed split" in t for t in assumed.text) and "0.15 per job below" in assumed.text[0]
    alt = plots.alt_text(fig)
    assert "Firefighter: 345,990 jobs" in alt and "Fire Chief: 6,609 jobs" in alt and "assumed share" in alt


def test_lifetime_fan_bands_medians_and_the_on_time_line():
    import careerkit as ck

    fire = model.get_ladder("Fire service (US)", ck.ladders())
    sim = simulate.careers(fire, odds=simulate.Odds(discount_rate=0.03))
    on_time = simulate.on_time(fire, odds=sim.odds)
    fig = plots.lifetime_fan(sim, on_time=on_time, job_title="Firefighter")
    assert len(fig.data) == 13
    y = sim.years
    top, bottom = fig.data[:6], fig.data[6:12]
    for traces, panel in ((top, "pay"), (bottom, "cumulative")):
        assert list(traces[0].y) == y[f"job_{panel}_p10"].tolist() and list(traces[1].y) == y[f"job_{panel}_p90"].tolist()
        assert traces[1].fill == "tonexty" and traces[3].fill == "tonexty"  # the bands
        assert traces[1].fillpattern.shape == "/" and not traces[3].fillpattern.shape  # hatched vs plain
        assert traces[4].line.dash == "dash" and traces[4].marker.symbol == "square"  # not by colour alone
        assert traces[5].line.dash == "solid" and traces[5].marker.symbol == "circle"
        assert list(traces[5].y) == y[f"career_{panel}_median"].tolist()
    assert list(fig.data[12].y) == on_time["career_cumulative"].tolist() and fig.data[12].line.dash == "dot"
    assert fig.layout.yaxis2.title.text == "Present value"
    alt = plots.alt_text(fig)
    assert "middle 80%" in alt and f"ahead for {sim.share_ahead:.0%}" in alt and "Fire Chief" in alt
    # zero years: the same thirteen traces, empty
    empty = plots.lifetime_fan(simulate.careers(fire, assumptions=model.Assumptions(years=0)))
    assert len(empty.data) == 13 and "over 0 years" in plots.alt_text(empty)


def test_next_steps_is_as_tall_as_its_rows_text():
    """Each row holds its note's lines above its bar: rows of longer notes make a taller figure, and
    the bar keeps the same height in px."""
    def steps(title):
        return pd.DataFrame({"title": [title, "Paramedics"], "pay_change": [1000.0, 2000.0], "job_zone_change": [0.0, 0.0]})

    short = plots.next_steps(steps("Paramedics II"), current_title="Firefighters")
    long = plots.next_steps(steps("Occupational Health and Safety Specialists and Technicians, All Other, "
                                  "and First-Line Supervisors of Their Work"),
                            current_title="Firefighters")
    lines = [max(a.text.count("<br>") + 1 for a in f.layout.annotations) for f in (short, long)]
    assert lines[0] == 1 and lines[1] >= 2
    assert long.layout.height >= short.layout.height + (lines[1] - 1) * 2 * plots.TEXT_LINE  # two rows
    for f in (short, long):  # the bar's share of a row, in px of the plot
        low, high = f.layout.yaxis.range
        plot = f.layout.height - f.layout.margin.t - f.layout.margin.b
        assert abs(f.data[0].width * plot / abs(low - high) - plots.NEXT_STEP_BAR) < 1
