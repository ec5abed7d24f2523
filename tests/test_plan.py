"""careerkit.Plan: building, editing, versioned atomic files, safe names, exports.

Golden files live in tests/golden/plan_*; regenerate them after a deliberate change with
``CAREERKIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_plan.py`` and review the diff.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

import careerkit as ck
from careerkit.plan import FORMAT_VERSION, Milestone, Plan, default_folder, plan_path

GOLDEN = Path(__file__).parent / "golden"
XSS = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
FORMULAS = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]

# A small ladder in the ladders.csv shape, so from_gap tests do not depend on curated numbers.
LADDER = pd.DataFrame({
    "ladder": "Test service", "step": [1, 2, 3, 4],
    "title": ["Helper", "Worker", "Lead", "Chief"],
    "years_from_start": [0.0, 2.4, 6.5, float("nan")],
    "years_basis": "O*NET 29.3 related work experience (test)",
    "pay": [30000.0, 40000.0, 50000.0, 60000.0],
    "education": ["High school diploma or equivalent", "High school diploma or equivalent",
                  "Bachelor's degree", "Bachelor's degree"],
    "training": ["None", "Apprenticeship", "Apprenticeship", "None"],
})
WAYS = pd.DataFrame({"way_number": [1, 2, 3], "way": ["Know your path", "Learn and train", "Network"],
                     "summary": ["a step towards it", "skills", "people"], "action": ["a", "b", "c"]})


def example_plan() -> Plan:
    """A plan with every field used, unicode, and hostile text in every learner field."""
    plan = Plan(current=f"Firefighter {XSS}", target=f"=Captain {IMG}", ladder="Fire service (US)",
                start_year=2026)
    plan.add_milestone("Finish Fire Officer I — évening course", way="Learn and train", year=2027, done=True)
    plan.add_milestone(XSS, way="=cmd|' /C calc'!A0", year=2029)
    plan.add_milestone("Ask the captain to mentor me", way="Find a mentor", date="2028-03-15")
    plan.add_milestone("+1 [link](javascript:alert(3)) | pipe *bold* _u_ `code` # h", way="@Network")
    return plan


# -- building and editing ---------------------------------------------------------------
def test_add_edit_remove_and_mark_done():
    plan = Plan("Cashier", "Store manager", start_year=2026)
    m = plan.add_milestone("Ask for shift-lead training", way="Learn and train", year=2027)
    assert plan.milestones == [m] and m.done is False and m.source == "your own milestone"
    plan.add_milestone("Apply for shift lead", way="Take every opportunity", year=2028)
    plan.mark_done(0)
    assert plan.milestones[0].done is True
    plan.mark_done(0, False)
    assert plan.milestones[0].done is False
    plan.edit_milestone(1, text="Apply for assistant manager", year=2030)
    assert (plan.milestones[1].text, plan.milestones[1].year) == ("Apply for assistant manager", 2030)
    gone = plan.remove_milestone(0)
    assert gone.text == "Ask for shift-lead training"
    assert [x.text for x in plan.milestones] == ["Apply for assistant manager"]


def test_milestone_date_sets_year_and_bad_values_are_explained():
    m = Milestone("Course", date="2028-03-15")
    assert (m.year, m.date) == (2028, dt.date(2028, 3, 15))
    with pytest.raises(ValueError, match="needs some text"):
        Milestone("   ")
    for bad in (2027.5, "2027", "soon", True):
        with pytest.raises(ValueError, match="whole number from 1900 to 2200, like 2030"):
            Milestone("x", year=bad)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Milestone("x", date="next spring")
    with pytest.raises(ValueError, match="not in year 2030"):
        Milestone("x", year=2030, date="2028-01-01")
    plan = Plan("a", "b")
    with pytest.raises(IndexError, match="has 0"):
        plan.remove_milestone(0)
    plan.add_milestone("x")
    with pytest.raises(TypeError, match="no field"):
        plan.edit_milestone(0, colour="red")


def test_a_plan_reads_well_in_a_notebook():
    plan = example_plan()
    assert repr(plan.milestones[0]) == "Milestone('Finish Fire Officer I — évening course', way='Learn and train', year=2027, done=True)"
    assert repr(plan.milestones[2]).endswith("date='2028-03-15', done=False)")
    assert plan._repr_markdown_() == plan.to_markdown()
    frame = plan.to_frame()
    assert frame["milestone"].tolist() == [m.text for m in plan.milestones]
    assert frame["year"].tolist()[:3] == [2027, 2029, 2028] and frame["done"].sum() == 1


def test_from_gap_proposes_steps_with_years_from_the_ladder_and_says_so():
    plan = Plan.from_gap(current="helper", target="Lead", ladders=LADDER, start_year=2030, ways=WAYS)
    assert (plan.current, plan.target, plan.ladder, plan.start_year) == ("helper", "Lead", "Test service", 2030)
    texts = [m.text for m in plan.milestones]
    assert texts == ["Typical on-the-job training for Worker: Apprenticeship", "Reach Worker",
                     "Typical entry education for Lead: Bachelor's degree", "Reach Lead"]
    reach = {m.text: m for m in plan.milestones if m.text.startswith("Reach")}
    # 2.4 and 6.5 years after Helper (years_from_start 0), rounded half up
    assert reach["Reach Worker"].year == 2030 + 2 and reach["Reach Lead"].year == 2030 + 7
    assert all("O*NET 29.3 related work experience" in m.source for m in reach.values())
    assert all(m.way == "Know your path" for m in reach.values())
    prep = [m for m in plan.milestones if not m.text.startswith("Reach")]
    assert all(m.way == "Learn and train" and "BLS Employment Projections" in m.source for m in prep)
    # preparation sits in the year the learner holds the step before
    assert [m.year for m in prep] == [2030, 2032]


def test_from_gap_step_without_years_has_no_year_and_says_why():
    plan = Plan.from_gap(current="Worker", target="Chief", ladders=LADDER, start_year=2030, ways=WAYS)
    chief = plan.milestones[-1]
    assert chief.text == "Reach Chief" and chief.year is None
    assert "choose your own year" in chief.source


def test_from_gap_with_the_shipped_ladders_follows_the_ladder_table():
    steps = ck.model.gap("Firefighter", "Fire Captain")
    plan = Plan.from_gap(current="Firefighter", target="Fire Captain", start_year=2026)
    reach = [m for m in plan.milestones if m.text.startswith("Reach ")]
    assert [m.text for m in reach] == [f"Reach {t}" for t in steps["title"].iloc[1:]]
    for m, (_, row) in zip(reach, steps.iloc[1:].iterrows()):
        yrs = float(row["years_from_start"]) - float(steps["years_from_start"].iloc[0])
        assert m.year == 2026 + int(yrs + 0.5)
        assert f"step {row['step']}" in m.source
    ways = set(ck.five_ways()["way"])
    assert {m.way for m in plan.milestones} <= ways


def test_a_proposal_moved_to_another_start_year_is_the_proposal_for_that_year():
    """PlanBuilder proposes once per pair of roles and moves the proposal when the start year
    changes (Plan.moved_to): for every pair of steps of every shipped ladder, that must equal a
    fresh proposal for the new year."""
    ladders = ck.ladders()
    pairs = 0
    for name in ck.model.ladder_names(ladders):
        titles = [str(t) for t in ck.model.get_ladder(name, ladders=ladders)["title"]]
        for i, current in enumerate(titles[:-1]):
            for target in titles[i + 1:]:
                steps = ck.model.gap(current, target, ladders=ladders)
                first = Plan.from_steps(steps, current, target, start_year=2026)
                for year in (1990, 2027, 2061):
                    moved = first.moved_to(year)
                    assert moved == Plan.from_steps(steps, current, target, start_year=year), (name, current, target, year)
                pairs += 1
    assert pairs > 40
    assert first.milestones and first.moved_to(2026).milestones[0] is not first.milestones[0], "a copy, not the same"


def test_from_gap_unknown_role_is_a_clear_error():
    with pytest.raises(ValueError, match="No ladder step titled 'Astronaut'"):
        Plan.from_gap(current="Astronaut", target="Lead", ladders=LADDER)


# -- files ----------------------------------------------------------------------------------
def test_round_trip_keeps_every_field(tmp_path):
    plan = example_plan()
    path = plan.save(tmp_path / "plan.json")
    back = Plan.load(path)
    assert back == plan
    assert back.milestones[2].date == dt.date(2028, 3, 15)
    doc = json.loads(path.read_text("utf-8"))
    assert doc["format_version"] == FORMAT_VERSION and doc["format"] == "careerkit-plan"


def test_save_keeps_the_previous_version_as_bak_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "plan.json"
    first = example_plan()
    first.save(path)
    first_bytes = path.read_bytes()
    second = example_plan()
    second.add_milestone("A new one", year=2031)
    second.save(path)
    assert (tmp_path / "plan.json.bak").read_bytes() == first_bytes
    assert Plan.load(path) == second and Plan.load(tmp_path / "plan.json.bak") == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.json.bak"]


def test_save_with_a_folder_uses_the_learners_name(tmp_path):
    path = example_plan().save("my plan", folder=tmp_path / "plans")
    assert path == tmp_path / "plans" / "my plan.json" and path.exists()
    assert Plan.load("my plan", folder=tmp_path / "plans") == example_plan()


def test_default_folder_is_documents_careerkit(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path / "Docs"))
    assert default_folder() == tmp_path / "Docs" / "careerkit"
    assert plan_path("mine") == tmp_path / "Docs" / "careerkit" / "mine.json"
    saved = example_plan().save("mine", folder=True)
    assert saved == tmp_path / "Docs" / "careerkit" / "mine.json" and saved.exists()


def test_a_plan_that_would_not_load_back_is_not_saved(tmp_path):
    plan = example_plan()
    plan.start_year = 1492
    with pytest.raises(ck.DataError, match="start_year"):
        plan.save(tmp_path / "p.json")
    assert list(tmp_path.iterdir()) == []


def _good_json(**changes) -> str:
    """The example plan as JSON, with top-level ``changes`` (None = remove the field)."""
    doc = example_plan().to_dict()
    for key, value in changes.items():
        if value is None:
            del doc[key]
        else:
            doc[key] = value
    return json.dumps(doc, indent=2)


BAD_FILES = {
    "empty": (b"", r"empty"),
    "whitespace": (b"  \n", r"empty"),
    "truncated": (_good_json()[:200].encode(), r"not valid JSON — it ends too early \(truncated\)"),
    "not json": (b"current: Firefighter\n", r"not valid JSON — line 1, column 1"),
    "not utf-8": (b"\xff\xfe\x00garbage", r"not UTF-8"),
    "a list": (b"[1, 2]", r"not a careerkit plan"),
    "future version": (_good_json().replace('"format_version": 1', '"format_version": 99').encode(),
                       r"format_version 99 was written by a newer careerkit; this one reads up to 1"),
    "version text": (_good_json().replace('"format_version": 1', '"format_version": "1"').encode(),
                     r"field format_version: '1' is not a known version"),
    "year as text": (_good_json().replace('"year": 2029', '"year": "soon"').encode(),
                     r"field milestones\[1\]\.year: Input should be a valid integer"),
    "done as text": (_good_json().replace('"done": true', '"done": "yes"').encode(),
                     r"field milestones\[0\]\.done: Input should be a valid boolean"),
    "milestones not a list": (_good_json(milestones="none").encode(),
                              r"field milestones: Input should be a valid (list|array)"),
    "missing target": (_good_json(target=None).encode(), r"field target: Field required"),
    "unknown field": (_good_json(colour="red").encode(), r"field colour: Extra inputs are not permitted"),
    "cut inside a text": (_good_json()[:_good_json().index("Ask the captain") + 5].encode(),
                          r"it ends too early \(truncated\)"),
    "blank milestone": (_good_json().replace('"text": "Ask the captain to mentor me"', '"text": "  "').encode(),
                        r"field milestones\[2\]\.text: String should match pattern"),
    "date not in year": (_good_json().replace('"date": "2028-03-15"', '"date": "2031-03-15"').encode(),
                         r"field milestones\[2\]: Milestone 'Ask the captain to mentor me': date 2031-03-15 is not"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_plan_files_give_a_clear_error_and_change_nothing(tmp_path, case):
    content, message = BAD_FILES[case]
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    bak = tmp_path / "plan.json.bak"
    bak.write_bytes(_good_json().encode())
    before = (path.read_bytes(), bak.read_bytes(), path.stat().st_mtime_ns, bak.stat().st_mtime_ns)
    with pytest.raises(ck.DataError) as err:
        Plan.load(path)
    text = str(err.value)
    assert str(path) in text and re.search(message, text), text
    assert all(p.file == str(path) for p in err.value.problems)
    if case in {"empty", "whitespace", "truncated", "cut inside a text", "not json", "not utf-8", "a list",
                "future version", "version text"}:
        assert "plan.json.bak" in text  # points the learner at the backup
    assert (path.read_bytes(), bak.read_bytes(), path.stat().st_mtime_ns, bak.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "plan.json.bak"]


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(ck.DataError, match="no such file"):
        Plan.load(tmp_path / "nope.json")


@pytest.mark.parametrize("name", ["../escape", "..", ".", "/etc/passwd", "a/b", "a\\b", "C:evil", "", "   ",
                                  ".hidden", "CON", "nul.json", "com1", "LPT9.txt", "x" * 121, "bad\x00name",
                                  "line\nbreak", "what?", "end."])
def test_names_cannot_escape_the_folder_or_use_reserved_names(tmp_path, name):
    with pytest.raises(ValueError, match="Type a plain name"):
        plan_path(name, tmp_path)
    with pytest.raises(ValueError, match="Type a plain name"):
        example_plan().save(name, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_out_of_the_folder_is_rejected(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "sneaky.json").symlink_to(outside / "target.json")
    with pytest.raises(ValueError, match="outside the folder"):
        example_plan().save("sneaky", folder=folder)
    assert list(outside.iterdir()) == []


def test_plain_names_are_accepted(tmp_path):
    assert plan_path("My plan 2026", tmp_path) == tmp_path / "My plan 2026.json"
    assert plan_path("plan-v2.json", tmp_path) == tmp_path / "plan-v2.json"
    assert plan_path("console", tmp_path).name == "console.json"  # only exact device names are reserved


# -- exports --------------------------------------------------------------------------------
def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("CAREERKIT_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    return path.read_bytes().decode("utf-8") if path.exists() else "(missing golden file)"


def test_markdown_matches_golden_file():
    assert example_plan().to_markdown() == _golden("plan_example.md", example_plan().to_markdown())


def test_csv_matches_golden_file(tmp_path):
    text = example_plan().to_csv(tmp_path / "plan.csv")
    assert (tmp_path / "plan.csv").read_bytes().decode("utf-8") == text
    assert text == _golden("plan_example.csv", text)


def test_html_is_a_standalone_offline_page_with_escaped_text():
    page = example_plan().to_html()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*['\"]?(https?:)?//", page, re.I)
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js itself is inside
    assert 'id="plan-timeline"' in page
    assert page.count("<tr class=") == len(example_plan().milestones)
    assert "Target year (your own plan)" in page and "your own assumption" in page


def _hostile_plan(payload: str) -> Plan:
    plan = Plan(current=payload, target=payload, ladder=payload, start_year=2026)
    plan.add_milestone(payload, way=payload, year=2027, source=payload)
    return plan


@pytest.mark.parametrize("payload", [XSS, IMG, "<svg/onload=alert(4)>", "</td></tr></table><script>x()</script>"])
def test_html_and_markdown_escape_every_text_field(payload):
    plan = _hostile_plan(payload)
    for out in (plan.to_html(), plan.to_markdown()):
        assert payload not in out
        assert not re.search(r"<(script|img|svg)[^>]*(alert|onerror|onload|x\(\))", out)
    assert plan.to_markdown().count("&lt;") >= 5  # current, target, ladder, milestone, way, source


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_neutralises_formulas_in_every_text_field(payload):
    text = _hostile_plan(payload).to_csv()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    row = rows[0]
    for column in ("current", "target", "way", "source"):
        assert row[column] == "'" + payload, (column, row[column])
    # milestone text is stripped of surrounding white space when it is added
    assert row["milestone"] == ("'" + payload if payload == payload.strip() else payload.strip())
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_timeline_figure_follows_the_milestones():
    plan = example_plan()
    fig = plan.timeline()
    dated = [m for m in plan.milestones if m.year is not None]
    assert sum(len(t.x) for t in fig.data) == len(dated)
    assert sorted(x for t in fig.data for x in t.x) == sorted(m.year for m in dated)
    assert "Without a year yet" in fig.layout.meta["alt"]
    assert all("<script>" not in str(t.name) + "".join(map(str, t.y)) for t in fig.data)
    plan.add_milestone("Apply for Captain", way="Take every opportunity", year=2032)
    fig2 = plan.timeline()
    # the same traces (one per way, so an app redraws in place), the new milestone on its way's trace
    assert [t.name for t in fig2.data] == [t.name for t in fig.data]
    opportunity = next(t for t in fig2.data if t.name == "Take every opportunity")
    assert 2032 in opportunity.x and opportunity.showlegend
    assert all(t.showlegend == bool(len(t.x)) for t in fig2.data)
    assert fig2.layout.xaxis.tickformat == "d"


def test_timeline_height_follows_the_number_of_milestones():
    plan = Plan("Firefighter", "Fire Chief", start_year=2026)
    heights = []
    for n in range(12):
        heights.append(plan.timeline().layout.height)
        plan.add_milestone(f"Milestone {n}: a course or a test", year=2026 + n)
    assert heights[0] <= heights[1] == heights[2] <= 300, heights  # two rows at least, no 400 px of white space
    # one row per milestone: a line of its text (14 px, which plotly.js sets 18.2 px apart) above
    # its 14 px markers with their outline, and no more than a few px between two rows
    assert all(18.2 + 16 < b - a <= 18.2 + 16 + 16 for a, b in zip(heights[2:], heights[3:])), heights
    assert len({b - a for a, b in zip(heights[2:], heights[3:])}) == 1, heights
    assert plan.timeline(height=500).layout.height == 500


def test_timeline_leaves_the_plot_room_on_a_narrow_page():
    """At 320-360 px a legend at the side, 40-character labels and a label for every year left the
    plot a few pixels with the years on top of each other: the legend goes under the plot, one way
    per line (the room it needs does not depend on the page's width), each milestone's text is
    above its row (at most three lines of 36 characters: a line fits a 320 px page) and at most
    four years are labelled."""
    plan = Plan("Firefighter", "Fire Chief", start_year=2026)
    plan.add_milestone("Typical on-the-job training for Fire Lieutenant: moderate-term on-the-job training "
                       "and a long course at the state fire academy", way="Learn and train", year=2027)
    plan.add_milestone("Ask a captain to be my mentor", way="Find a mentor", year=2035)
    fig = plan.timeline()
    legend = fig.layout.legend
    # one way per line at any page width: entries wider than a 1920 px page (plotly.js widens the
    # left margin for a vertical legend placed there)
    assert fig.layout.showlegend and legend.orientation == "h"
    assert (legend.entrywidthmode, legend.entrywidth >= 1920) == ("pixels", True)
    assert (legend.yref, legend.y, legend.yanchor, legend.title.side) == ("container", 0, "bottom", "top")
    # room for the legend's title and its two ways at least as large as what plotly.js widens the
    # bottom margin to (58 + 21.5 px a line, measured in Chromium), which would take it from the rows
    assert fig.layout.margin.b >= 58 + 21.5 * 3
    labels = [y for t in fig.data for y in (t.y or ())]
    assert labels and all(len(html.unescape(line)) <= 36 for y in labels for line in y.split("<br>")), labels
    assert max(y.count("<br>") for y in labels) == 2 and labels[0].endswith("…"), labels
    # written above the rows, not as axis labels beside the plot
    assert [a.text for a in fig.layout.annotations][:2] == labels and fig.layout.yaxis.showticklabels is False
    assert fig.layout.margin.l <= 20
    low, high = fig.layout.xaxis.range
    assert (high - low) / fig.layout.xaxis.dtick <= 4, (fig.layout.xaxis.range, fig.layout.xaxis.dtick)
    # the rows are as tall as three lines of 14 px text (18.2 px apart in plotly.js)
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot / 2 >= 3 * 18.2, plot


def test_empty_plan_exports_and_draws():
    plan = Plan("Cashier", "Store manager", start_year=2026)
    assert "No milestone has a year yet" in plan.timeline().layout.meta["alt"]
    assert plan.to_csv().count("\n") == 1
    assert "| # | Milestone" in plan.to_markdown()


# -- the PlanBuilder app ----------------------------------------------------------------------
LADDERS2 = pd.concat([LADDER, pd.DataFrame({
    "ladder": "Other", "step": [1, 2], "title": ["Clerk", "Office manager"], "years_from_start": [0.0, 4.0],
    "years_basis": "O*NET 29.3 related work experience (test)", "pay": [35000.0, 70000.0],
    "education": ["High school diploma or equivalent", "Bachelor's degree"], "training": ["None", "None"],
    "source": "test source <b>"})], ignore_index=True)


@pytest.fixture()
def app(tmp_path):
    from careerkit.widgets.planner import PlanBuilder

    return PlanBuilder(ladders=LADDERS2, ways=WAYS, folder=tmp_path, start_year=2030)


def _points(app):
    """(year, label) of every point drawn, the label's lines joined again."""
    return sorted((int(x), str(y).replace("<br>", " ")) for t in app.panel.figure.data for x, y in zip(t.x, t.y))


def test_planner_starts_with_the_whole_first_ladder_proposed(app):
    assert (app.current_select.value, app.target_select.value) == ("Helper", "Chief")
    assert list(app.target_select.options) == ["Worker", "Lead", "Chief"]
    expected = Plan.from_gap(current="Helper", target="Chief", ladders=LADDER, start_year=2030, ways=WAYS)
    assert app.plan.milestones == expected.milestones
    assert "Worker" in app.gap.value and "Chief" in app.gap.value
    assert len(app.milestone_select.options) == len(expected.milestones)


def test_planner_changing_roles_changes_gap_milestones_and_figure(app):
    before_points, before_gap = _points(app), app.gap.value
    app.apply(target="Worker")
    assert [m.text for m in app.plan.milestones if m.text.startswith("Reach")] == ["Reach Worker"]
    assert "Lead" not in app.gap.value and app.gap.value != before_gap
    assert _points(app) != before_points and _points(app)[-1][0] == 2032
    app.apply(current="Worker")  # Worker has no target above it called Worker: the target moves up
    assert app.target_select.value in {"Lead", "Chief"} and "Worker" not in app.target_select.options
    app.apply(start_year=2040)
    assert min(x for x, _ in _points(app)) >= 2040
    app.apply(ladder="Other")
    assert (app.plan.current, app.plan.target, app.plan.ladder) == ("Clerk", "Office manager", "Other")
    assert [x for x, _ in _points(app)] == [2040, 2044]  # education while a Clerk, then 4 years on
    assert (2044, "2. Reach Office manager") in _points(app)
    assert "test source &lt;b&gt;" in app.gap.value


def test_planner_gap_escapes_file_text(tmp_path):
    from careerkit.widgets.planner import PlanBuilder

    evil = LADDERS2.copy()
    evil.loc[evil["ladder"] == "Other", "source"] = XSS
    app = PlanBuilder(ladders=evil, ways=WAYS, folder=tmp_path, ladder="Other")
    assert "&lt;script&gt;" in app.gap.value
    assert all("<script>" not in v for v in app.html_values())


def test_planner_edit_add_remove_done_and_keep_own_milestones(app):
    n = len(app.plan.milestones)
    app.apply(text="Find a mentor at the station", way="Network", year=2031, done=False)
    app.add()
    assert len(app.plan.milestones) == n + 1 and app.plan.milestones[-1].text == "Find a mentor at the station"
    assert (2031, f"{n + 1}. Find a mentor at the station") in _points(app)
    # edit a proposed milestone: it becomes the learner's own, with the data source kept in words
    app.apply(milestone=1)
    assert app.text.value == app.plan.milestones[1].text
    app.apply(year=2035)
    app.update()
    assert app.plan.milestones[1].year == 2035 and app.plan.milestones[1].source.startswith("your own edit")
    app.apply(milestone=0)
    app.toggle_done()
    assert app.plan.milestones[0].done is True
    symbols = [s for t in app.panel.figure.data for s in t.marker.symbol]
    assert any(not s.endswith("-open") for s in symbols)  # a done milestone is drawn filled
    # changing the target re-proposes the ladder's milestones and keeps the learner's own
    app.apply(target="Lead")
    texts = [m.text for m in app.plan.milestones]
    assert "Find a mentor at the station" in texts and "Reach Worker" in texts
    assert sum(t == "Reach Worker" for t in texts) == 1
    app.apply(milestone=texts.index("Find a mentor at the station"))
    app.remove()
    assert "Find a mentor at the station" not in [m.text for m in app.plan.milestones]


def test_planner_friendly_messages_instead_of_errors(app):
    app.apply(text="   ")
    app.add()
    assert "Type what you will do" in app.message
    app.apply(name="../outside")
    assert app.save() is None and "plain name" in app.message


def test_planner_saves_a_loadable_file_and_opens_it_again(app, tmp_path):
    app.apply(text="Ask about the officer course", way="Learn and train", year=2031)
    app.add()
    app.apply(name="my plan")
    path = app.save()
    assert path == tmp_path / "my plan.json" and "Saved to" in app.message
    assert Plan.load(path) == app.plan
    saved = Plan.load(path)
    app.apply(ladder="Other")
    assert app.plan != saved
    app.load()
    assert app.plan == saved and app.current_select.value == "Helper" and app.ladder_select.value == "Test service"
    exported = app.export()
    assert [p.name for p in exported] == ["my plan.html", "my plan.md", "my plan.csv"]
    assert all(p.exists() for p in exported)
    assert (tmp_path / "my plan.md").read_text("utf-8") == saved.to_markdown()


def test_planner_with_the_shipped_ladders_matches_plan_from_gap(tmp_path):
    from careerkit import widgets

    ladders = ck.ladders()
    app = widgets.PlanBuilder(folder=tmp_path, start_year=2026)
    app.apply(ladder="Fire service (US)", current="Firefighter", target="Fire Captain")
    rows = ladders[ladders["ladder"] == "Fire service (US)"]
    expected = Plan.from_gap(current="Firefighter", target="Fire Captain", ladders=rows, start_year=2026)
    assert app.plan.milestones == expected.milestones
    titles = rows.sort_values("step")["title"].tolist()
    assert list(app.target_select.options) == titles[1:]
    steps = ck.model.gap("Firefighter", "Fire Captain", ladders=rows)
    for title in steps["title"]:
        assert html.escape(title) in app.gap.value
    assert "O*NET 29.3 related work experience" in app.gap.value
    dated = [m for m in expected.milestones if m.year is not None]
    assert sum(len(t.x) for t in app.panel.figure.data) == len(dated)


def test_planner_has_each_ladders_first_proposal_ready_when_it_opens(tmp_path, monkeypatch):
    """Choosing a ladder for the first time only draws: its proposal (first step to top) was
    worked out when the app opened, and the same as proposing it then."""
    from careerkit import model, widgets

    app = widgets.PlanBuilder(folder=tmp_path, start_year=2026)
    names = list(app.ladder_select.options)

    def no_gap(*args, **kwargs):
        raise AssertionError("a proposal was worked out on choosing a ladder")

    monkeypatch.setattr(model, "gap", no_gap)
    ladders = ck.ladders()
    for name in names[1:]:
        app.apply(ladder=name)
        assert app.message == "" or "Proposed" in app.message, app.message
        rows = ladders[ladders["ladder"] == name]
        monkeypatch.undo()
        expected = Plan.from_gap(current=app.current_select.value, target=app.target_select.value, ladders=rows,
                                 start_year=2026)
        monkeypatch.setattr(model, "gap", no_gap)
        assert app.plan.milestones == expected.milestones, name


def test_planner_opens_when_one_ladder_cannot_be_proposed(tmp_path, monkeypatch):
    """Working the proposals out ahead never stops the app: the ladder that fails says so when chosen."""
    from careerkit import model
    from careerkit.widgets.planner import PlanBuilder

    real_gap = model.gap

    def gap(current, target, ladders=None):
        if "Other" in set(ladders["ladder"]):
            raise ValueError("this ladder cannot be proposed (test)")
        return real_gap(current, target, ladders=ladders)

    monkeypatch.setattr(model, "gap", gap)
    app = PlanBuilder(ladders=LADDERS2, ways=WAYS, folder=tmp_path, start_year=2030)
    assert app.current_select.value == "Helper"
    app.apply(ladder="Other")
    assert "cannot be proposed" in app.message


def test_building_an_app_takes_the_loaded_heap_out_of_the_collectors_way():
    """Once per kernel (careerkit.widgets._base.settle_heap): Python's full collection otherwise
    walked every object of pandas, plotly and ipywidgets every tenth or so change of an app."""
    import subprocess
    import sys

    code = ("import gc; from careerkit import widgets; before = gc.get_freeze_count(); "
            "widgets.PlanBuilder(folder='.'); once = gc.get_freeze_count(); widgets.Quiz(); "
            "print(before, once > 10_000, gc.get_freeze_count() <= once)")  # frozen objects can still be freed
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["0", "True", "True"], out.stdout + out.stderr


def test_plan_exports_itself_next_to_its_saved_file(tmp_path):
    plan = Plan.from_gap(current="Firefighter", target="Fire Captain")
    paths = plan.export("my_plan.json", folder=tmp_path)
    assert [p.name for p in paths] == ["my_plan.html", "my_plan.md", "my_plan.csv"]
    assert all(p.parent == tmp_path and p.stat().st_size for p in paths)
    assert paths[1].read_text(encoding="utf-8") == plan.to_markdown()
    with pytest.raises(ValueError):
        plan.export("../outside", folder=tmp_path)


@pytest.mark.parametrize("year", [1899, 2201, 30000])
def test_a_milestone_year_the_plan_file_would_refuse_is_refused_when_typed(year, tmp_path):
    """The Milestone dataclass and the plan file's schema accept the same years."""
    with pytest.raises(ValueError, match="from 1900 to 2200"):
        Milestone("Finish the course", year=year)
    plan = Plan(current="a", target="b", start_year=2026)
    plan.add_milestone("Finish the course", year=2200)
    assert Plan.load(plan.save(tmp_path / "edge.json")).milestones[0].year == 2200
