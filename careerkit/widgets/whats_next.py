"""What's next: type a job title → pick the matching O*NET occupation → where it can lead.

    from careerkit.widgets import WhatsNext
    WhatsNext(title="cashier")

The search runs over every official and alternate O*NET 29.3 title (``careerkit.find_occupation``);
the next steps are O*NET's related occupations that ask more preparation or pay more
(``careerkit.model.next_steps``).

CSS classes (stable; browser tests use them):
``ck-app ck-whats-next`` (the app), ``ck-title-input`` (job title text box), ``ck-search-button``,
``ck-match-select`` (the matching occupations), ``ck-ladder-note`` (where the occupation sits on a
ladder), ``ck-next-table`` (the next steps with pay and preparation), ``ck-figure ck-next-figure``,
``ck-alt``, ``ck-status``.
"""
from __future__ import annotations

import ipywidgets as w

import careerkit
from careerkit import model, plots
from careerkit.text import plain
from careerkit.widgets._base import (
    App,
    Cache,
    FigurePanel,
    Friendly,
    control,
    esc,
    guarded,
    html_box,
    ladder_table,
    money,
)

MATCHES = 8
#: find_occupation scores 0–100; below this the best title is too unlike what was typed
#: (nonsense such as "qqqzzz" still gets ~36, a typo such as "cashir" gets ~92).
MIN_SCORE = 70
NEXT_STEPS = 8


class WhatsNext(App):
    """Type a job title → pick the match → related occupations that lead somewhere.

    ``ladders``: a DataFrame with one row per ladder step (shape of ``careerkit.ladders()``);
    it supplies the first title shown and tells you when a match is a step on one of its ladders.
    ``app.apply(title="paramedic")`` searches; ``app.apply(match=onet_code)`` picks a match.
    """

    heading = "What's next after this job?"

    def __init__(self, *, ladders=None, title: str | None = None):
        super().__init__()
        self.add_class("ck-whats-next")
        self.ladders = ladder_table(ladders)
        self.occupations = careerkit.occupations()  # loaded once: every search reuses it
        self.related = careerkit.related()
        self.wage_year = model.latest_wage_year(self.occupations)
        self._row_of = {str(c): i for i, c in enumerate(self.occupations["onet_code"])}
        self._next_steps = model.NextSteps(self.occupations, self.related)
        self._on_ladders: dict[str, list] = {}  # SOC code → [(ladder, step, title)] of this app's ladders
        for name, step, role, soc in zip(self.ladders["ladder"], self.ladders["step"], self.ladders["title"],
                                         self.ladders.get("soc_code", [""] * len(self.ladders))):
            self._on_ladders.setdefault(str(soc), []).append((name, step, role))
        if title is None:
            title = str(self.ladders["title"].iloc[0]) if len(self.ladders) else "Cashier"
        self.title_input = control(
            w.Text, "ck-title-input", "Your job title", value="", continuous_update=False,
            placeholder="e.g. cashier, firefighter, web developer",
        )
        self.search_button = w.Button(description="Search", tooltip="Find O*NET occupations with this title")
        self.search_button.add_class("ck-search-button")
        self.match_select = control(w.Dropdown, "ck-match-select", "Closest O*NET occupations", options=[])
        self.controls = {"title": self.title_input, "match": self.match_select}
        self.ladder_note = html_box("ck-ladder-note")
        self.table = html_box("ck-next-table")
        self.steps = None
        self._cache = Cache()
        self._filling = False
        self.current_title = ""
        self.panel = None

        self.title_input.value = title
        try:
            self._search(title)
        except Friendly as exc:  # the app still needs a first figure: the ladder table's first step
            code = _first_code(self.ladders)
            if code is not None:
                self._show(code)
                self.say(str(exc), kind="warning")
            else:  # e.g. a French ladder without O*NET codes: open empty, searching still works
                self._show_nothing()
                self.say(f"{exc} O*NET lists U.S. job titles in English, so titles from this ladder table may "
                         "not match; type a job title above to see where it can lead.", kind="warning")
        self.title_input.observe(self._on_title, names="value")
        self.search_button.on_click(lambda _: self._on_title())
        self.match_select.observe(self._on_match, names="value")
        self._build(
            w.HBox([self.title_input, self.search_button], layout=w.Layout(width="100%", flex_flow="row wrap")),
            self.match_select,
            self.ladder_note,
            self.panel,
            self.table,
        )

    # -- callbacks ---------------------------------------------------------------------------
    @guarded
    def _on_title(self, change=None):
        self._search(self.title_input.value)

    @guarded
    def _on_match(self, change=None):
        code = self.match_select.value
        if code and not self._filling:
            self._show(code)

    # -- steps -------------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        text = (text or "").strip()
        if not text:
            raise Friendly("Type a job title, for example 'cashier' or 'firefighter'.")
        if len(text) > careerkit.datasets.MAX_QUERY:  # a paste, not a title: searching it would freeze the box
            raise Friendly(f"That is {len(text):,} characters long; a job title has at most "
                           f"{careerkit.datasets.MAX_QUERY}. Type a shorter title, e.g. 'nurse'.")
        found = self._cache.get(("search", text.lower()), lambda: careerkit.find_occupation(text, limit=MATCHES))
        if found is None or len(found) == 0 or float(found["score"].max()) < MIN_SCORE:
            raise Friendly(
                f"No O*NET job title looks like '{text}'. Check the spelling, or try a shorter or more "
                "common title (e.g. 'nurse', 'sales', 'mechanic')."
            )
        options = []
        for r in found.itertuples(index=False):
            label = str(r.title)
            matched = str(getattr(r, "matched_title", "") or "")
            if matched and matched.lower() != label.lower():
                label = f"{label} (as '{matched}')"
            options.append((label, str(r.onet_code)))
        # the list reaches the page after the figure (one message): the plot is redrawn first
        with self.match_select.hold_sync():
            self._filling = True  # the list is being refilled: draw once, below
            try:
                self.match_select.options = options
                self.match_select.value = options[0][1]
            finally:
                self._filling = False
            self._show(options[0][1])

    def _show_nothing(self) -> None:
        """No occupation chosen yet: an empty figure and table."""
        self.current_title = ""
        any_code = str(self.occupations["onet_code"].iloc[0])
        self.steps = self._next_steps(any_code, limit=NEXT_STEPS).iloc[0:0]
        self.panel = FigurePanel(plots.next_steps(self.steps, current_title="the job you type"), css="ck-next-figure")

    def _show(self, onet_code: str) -> None:
        position = self._row_of.get(onet_code)
        if position is None:
            raise Friendly(f"The occupation {onet_code} is not in the O*NET 29.3 table.")
        occupation = self.occupations.iloc[position]
        self.current_title = str(occupation["title"])
        self.steps = self._cache.get(("steps", onet_code), lambda: self._next_steps(onet_code, limit=NEXT_STEPS))
        # as tall as its rows' text needs
        fig = self._cache.get(("figure", onet_code), lambda: plots.next_steps(self.steps, current_title=self.current_title))
        if self.panel is None:
            self.panel = FigurePanel(fig, css="ck-next-figure")
        else:
            self.panel.show(fig)
        self.ladder_note.value = self._ladder_note(occupation)
        self.table.value = self._cache.get(("table", onet_code), lambda: _table(self.steps))
        if len(self.steps):
            self.say("")
        else:
            self.say(
                f"O*NET lists no related occupation that asks more preparation or pays more than "
                f"{self.current_title}.", kind="info",
            )

    def _ladder_note(self, occupation) -> str:
        year = self.wage_year
        text = (
            f"<p><b>{esc(occupation['title'])}</b> ({esc(occupation['onet_code'])}): median pay "
            f"{money(occupation.get(f'median_{year}'))} a year (BLS OEWS May {year}"
            + "".join(f"; {esc(n)}" for n in model.wider_pay_notes(occupation.to_frame().T) if n) + ")."
        )
        on = self._on_ladders.get(str(occupation.get("soc_code")), [])
        if on:
            places = "; ".join(f"step {int(step)} ({esc(title)}) of <i>{esc(ladder)}</i>" for ladder, step, title in on)
            text += f" On a ladder: {places}."
        return text + "</p>"


def _first_code(ladders) -> str | None:
    codes = [str(c) for c in ladders.get("onet_code", []) if isinstance(c, str) and c]
    return codes[0] if codes else None


_COLUMNS = [  # (column of model.next_steps, heading, formatter; None = signed pay change)
    ("title", "Next step", plain),
    ("median_pay", "Median pay", money),
    ("pay_change", "Pay change", None),
    ("job_zone", "Job Zone", lambda v: "" if v != v or v is None else str(int(v))),
    ("education", "Typical entry education", plain),
    ("experience", "Related work experience", plain),
    ("tier", "O*NET relation", plain),
]


def _table(steps) -> str:
    """The next steps as an HTML table (every cell escaped)."""
    if steps is None or len(steps) == 0:
        return ""
    import pandas as pd

    from careerkit.text import html_table, signed_money

    cols = [(c, h, f or signed_money) for c, h, f in _COLUMNS if c in steps.columns]
    table = pd.DataFrame({h: [f(v) for v in steps[c].tolist()] for c, h, f in cols})
    notes = {"Median pay": steps["pay_basis"].tolist()} if "pay_basis" in steps.columns else None
    return (
        html_table(table, notes=notes) +  # whose pay it is, under each figure
        "<p><small>Sources: O*NET 29.3 related occupations and Job Zones; BLS OEWS wages; "
        "BLS Employment Projections 2024–34 education.</small></p>"
    )
