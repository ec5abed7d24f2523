"""What you care about: pick activities you enjoy → your top interest areas → ladders and jobs that fit.

    from careerkit.widgets import InterestsApp
    InterestsApp(picked=["Help", "Teach", "Organize"])

The activities are O*NET's RIASEC keywords (``careerkit.riasec_keywords()``); the areas, their
example occupations (``careerkit.riasec_examples()``) and each occupation's interest scores come
from O*NET 29.3; pay is BLS OEWS, preparation is the O*NET Job Zone and BLS entry education.

CSS classes (stable; browser tests use them):
``ck-app ck-interests`` (the app), ``ck-keyword-select ck-action-select`` (things you like doing),
``ck-keyword-select ck-object-select`` (things you like working with), ``ck-interest-summary``
(your top areas in words), ``ck-ladder-matches`` (ladders that fit), ``ck-occupation-matches``
(occupations that fit, with pay and preparation), ``ck-figure ck-interests-figure``, ``ck-alt``,
``ck-status``.
"""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

import careerkit
from careerkit import model, plots
from careerkit.text import RIASEC_AREAS, html_table, plain
from careerkit.widgets._base import (
    FIGURE_HEIGHT,
    App,
    Cache,
    FigurePanel,
    control,
    esc,
    guarded,
    html_box,
    ladder_table,
    money,
)

OCCUPATIONS = 8


class InterestsApp(App):
    """Pick what you enjoy → how your picks spread over the six interest areas → what fits.

    ``ladders``: a DataFrame with one row per ladder step (shape of ``careerkit.ladders()``);
    the ladders that fit are chosen from it. ``picked``: keywords selected at the start.
    ``app.apply(actions=("Help", "Teach"), objects=("People",))`` changes the picks and returns
    after the redraw.
    """

    heading = "What do you care about?"

    def __init__(self, *, ladders=None, picked=()):
        super().__init__()
        self.add_class("ck-interests")
        self.ladders = ladder_table(ladders)
        self.occupations = careerkit.occupations()  # loaded once; every pick reuses it
        self.keywords = careerkit.riasec_keywords()
        self.examples = careerkit.riasec_examples()
        kind = self.keywords.get("keyword_type")
        actions = sorted(set(self.keywords.loc[kind.astype(str) == "Action", "keyword"].astype(str)))
        objects = sorted(set(self.keywords.loc[kind.astype(str) != "Action", "keyword"].astype(str)))
        picked = {str(p).strip().lower() for p in picked}
        multi = dict(rows=8, layout=w.Layout(width="auto", min_width="min(300px, 100%)"))
        self.action_select = control(
            w.SelectMultiple, "ck-keyword-select", "Things I enjoy doing", options=actions,
            value=tuple(a for a in actions if a.lower() in picked), **multi,
        )
        self.action_select.add_class("ck-action-select")
        self.object_select = control(
            w.SelectMultiple, "ck-keyword-select", "Things I like working with", options=objects,
            value=tuple(o for o in objects if o.lower() in picked), **multi,
        )
        self.object_select.add_class("ck-object-select")
        self.controls = {"actions": self.action_select, "objects": self.object_select}
        hint = html_box(
            "ck-interest-hint",
            "<small>Hold Ctrl (Cmd on a Mac) or Shift to pick several. The words are O*NET's "
            "interest keywords (O*NET 29.3).</small>",
        )
        self.summary = html_box("ck-interest-summary")
        self.ladder_matches = html_box("ck-ladder-matches")
        self.occupation_matches = html_box("ck-occupation-matches")

        self._cache = Cache()
        self.scores = self._scores()
        self.panel = FigurePanel(self._figure(), css="ck-interests-figure")
        self._build(
            w.HBox([self.action_select, self.object_select], layout=w.Layout(width="100%", flex_flow="row wrap")),
            hint,
            self.panel,
            self.summary,
            self.ladder_matches,
            self.occupation_matches,
        )
        self._describe()
        self.action_select.observe(self._on_change, names="value")
        self.object_select.observe(self._on_change, names="value")

    @property
    def picked(self) -> list[str]:
        """Every keyword picked so far (actions, then objects)."""
        return [*self.action_select.value, *self.object_select.value]

    def _scores(self):
        return model.interest_scores(self.picked, keyword_table=self.keywords)

    def _figure(self):
        key = ("figure", *self.scores.tolist())
        return self._cache.get(key, lambda: plots.interests(self.scores, height=FIGURE_HEIGHT))

    @guarded
    def _on_change(self, change=None):
        self.scores = self._scores()
        self.panel.show(self._figure())
        self._describe()
        self.say("")

    def _describe(self):
        code = model.top_interests(self.scores)
        if not code:
            self.summary.value = "<p>Pick a few activities and things you enjoy to see which areas fit you.</p>"
            self.ladder_matches.value = ""
            self.occupation_matches.value = ""
            return
        areas = ", ".join(f"<b>{esc(RIASEC_AREAS[c])}</b>" for c in code)
        examples = self.examples[self.examples["letter"].astype(str) == code[0]]["title"].astype(str).head(5)
        self.summary.value = (
            f"<p>Your strongest interest areas: {areas} (code {esc(code)}). "
            + (f"O*NET's examples of {esc(RIASEC_AREAS[code[0]])} work: {esc(', '.join(examples))}." if len(examples) else "")
            + "</p>"
        )
        self.ladder_matches.value = self._cache.get(("ladders", code), lambda: _ladders_html(
            model.matching_ladders(code, self.ladders, occupations=self.occupations)))
        self.occupation_matches.value = self._cache.get(("occupations", code), lambda: _occupations_html(
            model.matching_occupations(code, OCCUPATIONS, occupations=self.occupations)))


def _ladders_html(found) -> str:
    if len(found) == 0:
        return "<p>None of these ladders has occupations with interest scores for your areas.</p>"
    top = list(found.head(5).itertuples(index=False))
    table = pd.DataFrame({
        "Ladder": [plain(r.ladder) for r in top],
        "From → to (pay a year)": [f"{plain(r.first_title)} ({money(r.first_pay)}) → "
                                   f"{plain(r.last_title)} ({money(r.last_pay)})" for r in top],
        "Fit": [f"{r.score:.1f} / 7" for r in top],
    })
    return (
        "<p><b>Career ladders that fit</b></p>" + html_table(table) +
        "<p><small>Fit: the mean O*NET 29.3 interest score (1–7) of the ladder's occupations for your "
        "areas; pay: the ladder table (each step's source is shown in the ladder explorer).</small></p>"
    )


def _occupations_html(found) -> str:
    if len(found) == 0:
        return ""
    year = int(found["pay_year"].iloc[0]) if "pay_year" in found.columns else None
    rows = list(found.itertuples(index=False))
    table = pd.DataFrame({
        "Occupation": [plain(r.title) for r in rows],
        "Median pay": [money(r.median_pay) for r in rows],
        "Job Zone": ["" if r.job_zone != r.job_zone else str(int(r.job_zone)) for r in rows],
        "Typical entry education": [plain(r.education) for r in rows],
        "Fit": [f"{r.score:.1f} / 7" for r in rows],
    })
    return (
        "<p><b>Occupations that fit</b></p>" + html_table(table) +
        f"<p><small>Fit: O*NET 29.3 interest scores (1–7) for your areas; pay: BLS OEWS"
        f"{f' May {year}' if year else ''} median; Job Zone: O*NET (1 = little preparation, 5 = extensive); "
        "education: BLS Employment Projections 2024–34.</small></p>"
    )
