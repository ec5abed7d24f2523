"""Figure colours: one palette (Okabe–Ito), told apart with the common colour-vision deficiencies,
and never the only thing that tells two things apart.

Every public figure builder in ``careerkit.plots`` (found by its ``-> go.Figure`` annotation, so a
new one is checked too) and the plan timeline are built on the shipped data. For each figure:

* every trace colour is an Okabe–Ito colour or one of careerkit's neutral greys;
* every two colours that appear in the same figure are at least :data:`MIN_DISTANCE` apart in
  CAM02-UCS, as seen with normal colour vision and as colorspacious simulates full protanopia,
  deuteranopia and tritanopia (Machado et al. 2009, severity 100);
* two traces on the same axes differ by more than colour (trace type, mode, marker symbol, line
  dash), and a trace whose points have several colours gives each colour its own marker symbol or
  fill pattern.
"""
from __future__ import annotations

import inspect
import itertools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from careerkit import model, plots, simulate

colorspacious = pytest.importorskip("colorspacious")

#: Smallest CAM02-UCS distance between two colours of one figure. Okabe–Ito's closest pair under any
#: of the simulations is orange and reddish purple with tritanopia (about 11); plotly's default red
#: and green with deuteranopia are about 4 apart (see the test of the check itself).
MIN_DISTANCE = 10.0
DEFICIENCIES = [None, "protanomaly", "deuteranomaly", "tritanomaly"]  # severity 100 = -opia
#: Greys careerkit uses next to the palette: lines and text that carry no category.
NEUTRALS = {"#BBBBBB", "#555555", "#E5E5E5", "GREY"}


def _hex(colour: str) -> str:
    return str(colour).strip().upper()


def _rgb(colour: str) -> np.ndarray:
    c = _hex(colour).lstrip("#")
    if c == "GREY":
        c = "808080"
    return np.array([int(c[i:i + 2], 16) for i in (0, 2, 4)]) / 255


def _seen(colour: str, deficiency: str | None) -> np.ndarray:
    rgb = _rgb(colour)
    if deficiency:
        space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def distance(a: str, b: str, deficiency: str | None = None) -> float:
    """CAM02-UCS distance between two colours as seen with ``deficiency`` (None: normal vision)."""
    return float(np.linalg.norm(_seen(a, deficiency) - _seen(b, deficiency)))


def too_close(colours) -> list[str]:
    """Every pair of ``colours`` closer than :data:`MIN_DISTANCE` with some vision, in words."""
    found = []
    for a, b in itertools.combinations(sorted(set(map(_hex, colours))), 2):
        for deficiency in DEFICIENCIES:
            d = distance(a, b, deficiency)
            if d < MIN_DISTANCE:
                found.append(f"{a} and {b}: {d:.1f} apart with {deficiency or 'normal vision'}")
    return found


# ---- every figure careerkit draws --------------------------------------------------------------


def builders() -> dict:
    """Every public figure builder of careerkit.plots (a function annotated ``-> go.Figure``)."""
    found = {}
    for name, fn in vars(plots).items():
        if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != plots.__name__:
            continue
        if name in ("figure", "as_figure"):  # the base every builder is made on (plain dicts in), not a figure of data
            continue
        if "Figure" in str(inspect.signature(fn).return_annotation):
            found[name] = fn
    return found


def _shipped():
    import careerkit as ck

    ladders = ck.ladders()
    fire = model.get_ladder("Fire service (US)", ladders)
    nursing = model.get_ladder("Nursing (US)", ladders)
    return ck, fire, nursing


def _examples() -> dict:
    """Figures of each builder on the shipped data (several where the colours depend on the data)."""
    ck, fire, nursing = _shipped()
    ways = list(dict.fromkeys(ck.five_ways()["way"]))
    plan = ck.Plan.from_gap(current="Firefighter", target="Fire Captain", start_year=2030)
    for i, way in enumerate([*ways, ""]):  # a milestone for every way, one of them done
        plan.add_milestone(f"Milestone {i}", way=way, year=2031 + i, done=i == 0)
    return {
        "ladder_timeline": [plots.ladder_timeline(fire)],
        "pay_by_step": [plots.pay_by_step(fire)],
        "compare_ladders": [plots.compare_ladders(fire, nursing)],
        "job_vs_career": [plots.job_vs_career(ck.dimensions())],
        "lifetime_earnings": [plots.lifetime_earnings(model.lifetime_earnings(fire))],
        "next_steps": [plots.next_steps(model.next_steps("41-2011.00"), current_title="Cashiers"),
                       plots.next_steps(model.next_steps("33-2011.00"), current_title="Firefighters")],
        "interests": [plots.interests(model.interest_scores(["Build", "Help", "Lead"]))],
        "plan_timeline": [plan.timeline()],
        "ladder_pyramid": [plots.ladder_pyramid(fire), plots.ladder_pyramid(nursing)],
        "lifetime_fan": [plots.lifetime_fan(simulate.careers(fire), on_time=model.lifetime_earnings(fire),
                                            job_title="Firefighter")],
        "class_results": [plots.class_results(pd.DataFrame({
            "question": ["0_1", "2_1", "3_2"], "tried": [12, 10, 7], "right_first": [9, 4, 2],
            "right_later": [2, 3, 1], "not_yet_right": [1, 3, 4]}), learners=12)],
    }


def _generic(fn) -> list[go.Figure]:
    """A builder without an example: called with the shipped data its parameters are named after."""
    ck, fire, nursing = _shipped()
    known = {"steps": fire, "steps_a": fire, "steps_b": nursing, "ladder": fire,
             "earnings": model.lifetime_earnings(fire), "dimensions": ck.dimensions(),
             "scores": model.interest_scores(["Build", "Help"]), "current_title": "Firefighter"}
    args = {}
    for p in inspect.signature(fn).parameters.values():
        if p.default is not inspect.Parameter.empty:
            continue
        if p.name not in known:
            pytest.fail(f"plots.{fn.__name__} needs {p.name!r}: add an example of it to _examples() in "
                        "tests/test_colours.py")
        args[p.name] = known[p.name]
    return [fn(**args)]


def every_figure():
    examples = _examples()
    for name, fn in builders().items():
        for fig in examples.get(name) or _generic(fn):
            yield name, fig
    yield from (("plan_timeline", fig) for fig in examples["plan_timeline"])


def _shown(fig: go.Figure) -> list:
    """Traces that draw something (an empty placeholder trace shows nothing)."""
    return [t for t in fig.data if t.visible is not False and (t.x is not None and len(t.x) or t.y is not None and len(t.y))]


def trace_colours(trace) -> list[str]:
    out = []
    for part in (getattr(trace, "marker", None), getattr(trace, "line", None)):
        colour = getattr(part, "color", None) if part is not None else None
        if colour is None:
            continue
        out += [c for c in (list(colour) if isinstance(colour, (list, tuple, np.ndarray)) else [colour]) if isinstance(c, str)]
    return out


@pytest.fixture(scope="module")
def figures():
    return list(every_figure())


def test_every_builder_is_checked(figures):
    names = {name for name, _ in figures}
    assert set(builders()) <= names and "plan_timeline" in names
    assert len(builders()) >= 7


def test_one_palette(figures):
    palette = {_hex(c) for c in plots.OKABE_ITO.values()}
    for name, fig in figures:
        stray = {_hex(c) for t in _shown(fig) for c in trace_colours(t)} - palette - NEUTRALS
        assert not stray, f"plots.{name} uses colours outside the Okabe–Ito palette: {sorted(stray)}"


def test_colours_of_one_figure_stay_apart_with_colour_vision_deficiencies(figures):
    for name, fig in figures:
        colours = [c for t in _shown(fig) for c in trace_colours(t)]
        close = too_close(colours)
        assert not close, f"plots.{name}: colours too close to tell apart: {close}"


def test_the_palette_itself_stays_apart():
    assert not too_close(plots.OKABE_ITO.values())


def test_the_check_catches_a_red_green_pair():
    """plotly's default red and green look alike with deuteranopia: the check must say so."""
    close = too_close(["#D62728", "#2CA02C"])
    assert any("deuteranomaly" in c for c in close), close
    assert distance("#D62728", "#2CA02C") > MIN_DISTANCE  # with normal vision they are far apart


def _cues(trace) -> tuple:
    """What tells a trace apart besides colour."""
    marker, line = getattr(trace, "marker", None), getattr(trace, "line", None)
    symbol = getattr(marker, "symbol", None) if marker is not None else None
    pattern = getattr(getattr(marker, "pattern", None), "shape", None) if marker is not None else None
    fill = getattr(getattr(trace, "fillpattern", None), "shape", None)  # a hatched band (scatter fill)
    return (trace.type, getattr(trace, "mode", None), _frozen(symbol), getattr(line, "dash", None) if line is not None else None,
            _frozen(pattern), fill)


def _frozen(value):
    return tuple(value) if isinstance(value, (list, tuple, np.ndarray)) else value


def _axes(trace) -> tuple:
    return getattr(trace, "xaxis", None) or "x", getattr(trace, "yaxis", None) or "y"


def test_no_figure_tells_traces_apart_by_colour_alone(figures):
    for name, fig in figures:
        shown = _shown(fig)
        for a, b in itertools.combinations(shown, 2):
            if _axes(a) != _axes(b) or set(trace_colours(a)) == set(trace_colours(b)):
                continue
            assert _cues(a) != _cues(b), (
                f"plots.{name}: traces {a.name!r} and {b.name!r} differ only by colour ({_cues(a)}); "
                "give one a line dash, a marker symbol or direct labels")


def test_points_of_several_colours_carry_another_cue(figures):
    for name, fig in figures:
        for t in _shown(fig):
            colours = [c for c in trace_colours(t)]
            marker = getattr(t, "marker", None)
            per_point = marker is not None and isinstance(marker.color, (list, tuple, np.ndarray))
            if not per_point or len(set(colours)) < 2:
                continue
            symbols = getattr(marker, "symbol", None)
            symbols = symbols if isinstance(symbols, (list, tuple, np.ndarray)) else None
            patterns = getattr(marker.pattern, "shape", None)
            patterns = patterns if isinstance(patterns, (list, tuple, np.ndarray)) else None
            cue = next((c for c in (symbols, patterns) if c is not None), None)
            assert cue is not None, (f"plots.{name}: trace {t.name!r} colours its points {sorted(set(colours))} "
                                     "with no marker symbol or fill pattern to match")
            pairs = {(c, s) for c, s in zip(marker.color, cue)}
            assert len({c for c, _ in pairs}) == len({s for _, s in pairs}) == len(pairs), (
                f"plots.{name}: trace {t.name!r} colours {sorted(set(colours))} do not each have their own "
                f"symbol or pattern: {sorted(pairs)}")


# ---- WCAG 1.4.11: what draws a line, a marker or a bar's edge stands out from the white page ----

#: Non-text contrast (WCAG 2.2 1.4.11, level AA): a graphical object needed to read a figure has at
#: least 3:1 against what is next to it, here the figures' white background.
MIN_CONTRAST = 3.0


def contrast(a: str, b: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two sRGB colours (1 … 21)."""
    def lum(c):
        rgb = _rgb(c)
        rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(rgb @ [0.2126, 0.7152, 0.0722])
    hi, lo = sorted([lum(a), lum(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def edge_colours(trace) -> list[str]:
    """The colours that meet the background: a line's colour; a marker's or a bar's outline when it
    has one (at least 1 px), else its fill.  A band's fill between two lines is not counted (its
    edges are the lines)."""
    def listed(colour):
        return [c for c in (list(colour) if isinstance(colour, (list, tuple, np.ndarray)) else [colour])
                if isinstance(c, str)]

    out = []
    mode = getattr(trace, "mode", None) or ""
    if trace.type == "scatter" and "lines" in mode and trace.line.color is not None:
        out += listed(trace.line.color)
    if trace.type == "bar" or "markers" in mode:
        edge = trace.marker.line
        width = edge.width if edge is not None and edge.width is not None else 0
        widths = list(width) if isinstance(width, (list, tuple, np.ndarray)) else [width]
        out += listed(edge.color) if edge.color is not None and min(widths) >= 1 else listed(trace.marker.color)
    return out


def test_lines_markers_and_bar_edges_have_3_to_1_contrast_with_the_page(figures):
    low = set()
    for name, fig in figures:
        for t in _shown(fig):
            low |= {f"plots.{name}: {c} ({contrast(c):.2f}:1) on '{t.name}'" for c in edge_colours(t)
                    if contrast(c) < MIN_CONTRAST}
    assert not low, "below 3:1 against white (WCAG 1.4.11):\n" + "\n".join(sorted(low))


def test_the_contrast_check_itself():
    assert round(contrast("#000000"), 1) == 21.0 and round(contrast("#767676"), 2) == 4.54
    assert contrast("#E69F00") < MIN_CONTRAST < contrast("#0072B2")  # Okabe–Ito orange fails, blue passes
