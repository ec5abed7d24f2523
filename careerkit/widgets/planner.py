"""Plan builder: pick your current job and a target → the gap, a proposed plan, your edits, saved.

    from careerkit.widgets import PlanBuilder
    PlanBuilder()                                        # the shipped ladders
    PlanBuilder(ladder="Nursing", current="LPN", target="Registered Nurse", folder=".")

The gap (one row per ladder step from the current role to the target, ``careerkit.model.gap``)
is proposed as milestones (``careerkit.Plan.from_gap``); the learner edits, adds and removes
them, and saves the plan under a name they type, inside the folder shown (default
``~/Documents/careerkit``, i.e. ``platformdirs.user_documents_dir()/careerkit``; ``folder="."``
for the notebook's own folder). Changing the roles or the start year proposes the ladder's
milestones again and keeps every milestone the learner added or edited.

CSS classes (stable; browser tests use them): ``ck-app ck-plan-builder`` (the app),
``ck-ladder-select``, ``ck-current-select``, ``ck-target-select``, ``ck-start-year``,
``ck-plan-gap`` (the gap table), ``ck-figure ck-plan-figure``, ``ck-alt``,
``ck-milestone-select``, ``ck-milestone-text``, ``ck-milestone-way``, ``ck-milestone-year``,
``ck-milestone-done``, ``ck-milestone-add``, ``ck-milestone-update``, ``ck-milestone-remove``,
``ck-milestone-toggle``, ``ck-plan-folder``, ``ck-plan-name``, ``ck-plan-save``,
``ck-plan-load``, ``ck-plan-export``, ``ck-status``.
"""
from __future__ import annotations

import datetime as _dt
from contextlib import ExitStack, contextmanager
from pathlib import Path

import ipywidgets as w

from careerkit import model
from careerkit.plan import YEAR_MAX, YEAR_MIN, Plan, default_folder, plan_timeline
from careerkit.text import html_table
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

NO_YEAR = 0  # the year list's "no year yet" choice
NO_WAY = ""


def _row(*widgets_) -> w.HBox:
    return w.HBox(list(widgets_), layout=w.Layout(width="100%", flex_flow="row wrap"))


def _button(css: str, description: str, tooltip: str) -> w.Button:
    b = w.Button(description=description, tooltip=tooltip, layout=w.Layout(width="auto"))
    b.add_class(css)
    return b


class PlanBuilder(App):
    """Build and save your own career plan.

    ``ladders``: one row per ladder step (shape of ``careerkit.ladders()``); default: the
    shipped ladders. ``ladder``/``current``/``target``: the choice shown first. ``folder``: the
    folder plans are saved in (default ``~/Documents/careerkit``). ``start_year``: when your
    plan starts (your own assumption; default this year). ``app.plan`` is the
    :class:`careerkit.Plan` being built; ``app.apply(current=..., target=...)`` changes the
    choice and returns after the redraw; ``app.add()``, ``app.update()``, ``app.remove()``,
    ``app.toggle_done()``, ``app.save()``, ``app.load()`` and ``app.export()`` do what the
    buttons do.
    """

    heading = "Build your career plan"

    def __init__(self, *, ladders=None, ladder: str | None = None, current: str | None = None,
                 target: str | None = None, folder=None, start_year: int | None = None, ways=None):
        super().__init__()
        self.add_class("ck-plan-builder")
        self.ladders = ladder_table(ladders)
        if ways is None:
            import careerkit

            ways = careerkit.five_ways()
        self.ways = ways
        sizes = self.ladders.groupby("ladder", sort=False)["step"].nunique()
        names = [n for n in model.ladder_names(ladders=self.ladders, with_steps_only=True) if sizes.get(n, 0) >= 2]
        only_flat = not names  # a table of one-step jobs: open on them, with only your own milestones
        names = names or model.ladder_names(ladders=self.ladders)
        if not names:
            raise ValueError("PlanBuilder: the ladder table has no ladders; pass ladders= with at least one row.")
        first = ladder if ladder in names else names[0]
        year = _dt.date.today().year if start_year is None else int(start_year)
        if not YEAR_MIN <= year <= YEAR_MAX:  # what a plan file may hold (careerkit.plan.YEAR_MIN/MAX)
            raise ValueError(f"PlanBuilder: start_year must be from {YEAR_MIN} to {YEAR_MAX}, not {start_year!r}.")
        self._holding = False
        self._titles = Cache()  # ladder -> its step titles
        self._proposals = Cache()  # (ladder, current, target) -> (gap steps, proposed plan for some start year)

        self.ladder_select = control(w.Dropdown, "ck-ladder-select", "Career family", options=names, value=first)
        self.current_select = control(w.Dropdown, "ck-current-select", "Your job now", options=[])
        self.target_select = control(w.Dropdown, "ck-target-select", "Where you want to get", options=[])
        self.start_year = control(w.BoundedIntText, "ck-start-year", "Plan starts in (your assumption)",
                                  value=year, min=YEAR_MIN, max=YEAR_MAX)
        self.gap = html_box("ck-plan-gap")

        way_names = [str(x) for x in dict.fromkeys(self.ways["way"])] if len(self.ways) else []
        self.milestone_select = control(w.Select, "ck-milestone-select", "Milestones", options=[], rows=8)
        self.milestone_select.layout = w.Layout(width="auto")  # 100% + its label ran past the edge
        self.text = control(w.Text, "ck-milestone-text", "What", placeholder="e.g. Finish the fire officer course",
                            layout=w.Layout(width="auto", min_width="min(420px, 100%)", flex="1 1 420px"))
        self.way = control(w.Dropdown, "ck-milestone-way", "Way it serves",
                           options=[("(choose a way)", NO_WAY), *[(n, n) for n in way_names]], value=NO_WAY)
        self.year = control(w.Dropdown, "ck-milestone-year", "Target year (your plan)", options=[(".", NO_YEAR)])
        self.done = control(w.Checkbox, "ck-milestone-done", "Done", value=False, indent=False)
        self.add_button = _button("ck-milestone-add", "Add", "Add a new milestone with these fields")
        self.update_button = _button("ck-milestone-update", "Update", "Change the selected milestone to these fields")
        self.remove_button = _button("ck-milestone-remove", "Remove", "Remove the selected milestone")
        self.toggle_button = _button("ck-milestone-toggle", "Done / not done", "Mark the selected milestone done or not")

        self.folder = control(w.Text, "ck-plan-folder", "Folder",
                              value=str(default_folder() if folder is None else Path(folder).expanduser()))
        self.folder.layout = w.Layout(width="auto")
        self.name = control(w.Text, "ck-plan-name", "File name", value="my_plan")
        self.save_button = _button("ck-plan-save", "Save", "Save the plan (the previous version is kept as .bak)")
        self.load_button = _button("ck-plan-load", "Open", "Open the plan saved under this name")
        self.export_button = _button("ck-plan-export", "Export", "Write the plan as .html, .md and .csv next to it")

        self.controls = {"ladder": self.ladder_select, "current": self.current_select, "target": self.target_select,
                         "start_year": self.start_year, "milestone": self.milestone_select, "text": self.text,
                         "way": self.way, "year": self.year, "done": self.done, "folder": self.folder,
                         "name": self.name}
        self.plan = Plan(current="", target="", start_year=year)
        self._fill_roles(current, target)
        self.plan = self._propose(self.plan)
        self.panel = FigurePanel(self._figure(), css="ck-plan-figure")
        self._build(
            _row(self.ladder_select, self.current_select, self.target_select, self.start_year),
            self.gap, self.panel, self.milestone_select,
            _row(self.text, self.way, self.year, self.done),
            _row(self.add_button, self.update_button, self.remove_button, self.toggle_button),
            self.folder, _row(self.name, self.save_button, self.load_button, self.export_button),
        )
        self._show()

        for c in (self.ladder_select, self.current_select, self.target_select, self.start_year):
            c.observe(self._on_roles, names="value")
        self.milestone_select.observe(self._on_pick, names="value")
        for b, fn in ((self.add_button, self.add), (self.update_button, self.update), (self.remove_button, self.remove),
                      (self.toggle_button, self.toggle_done), (self.save_button, self.save),
                      (self.load_button, self.load), (self.export_button, self.export)):
            b.on_click(lambda _b, fn=fn: fn())
        self._propose_ahead(names)
        if only_flat:
            self.say("No ladder in this table has two or more steps, so no milestones can be proposed; "
                     "add your own.", kind="warning")
        elif ladder is not None and ladder != first:
            self.say(f"There is no ladder called '{ladder}' with two or more steps; showing '{first}'.", kind="warning")

    # -- roles and the proposed plan ----------------------------------------------------------
    @contextmanager
    def _hold(self):
        was, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = was

    def _step_titles(self, name: str | None = None) -> list[str]:
        name = self.ladder_select.value if name is None else name
        return self._titles.get(name, lambda: [str(t) for t in model.get_ladder(name, ladders=self.ladders)["title"]])

    def _fill_roles(self, current=None, target=None):
        titles = self._step_titles()
        below = titles[:-1] or titles  # a one-step job: it is both where you are and where you go
        with self._hold():
            self.current_select.options = below
            self.current_select.value = current if current in below else titles[0]
            self._fill_targets(target)

    def _fill_targets(self, target=None):
        titles = self._step_titles()
        above = titles[titles.index(self.current_select.value) + 1:] or titles[-1:]
        keep = target if target in above else (self.target_select.value if self.target_select.value in above else None)
        with self._hold():
            self.target_select.options = above
            self.target_select.value = keep or above[-1]

    def _propose(self, old: Plan) -> Plan:
        """A plan proposed from the gap; milestones the learner added or edited are kept (and
        replace a proposed milestone with the same text)."""
        key = (self.ladder_select.value, self.current_select.value, self.target_select.value)
        # the gap does not depend on the start year, and the proposal's years only move with it
        self.gap_steps, proposed = self._proposals.get(key, lambda: self._proposal(*key))
        return proposed.moved_to(self.start_year.value).keeping_own(old)

    def _proposal(self, ladder: str, current: str, target: str):
        """(the gap's steps, the plan proposed from them) for these roles, from this year."""
        rows = self.ladders[self.ladders["ladder"].astype(str) == ladder]
        if current == target:  # a one-step job: nothing to propose
            return rows, Plan(current=current, target=target, ladder=ladder, start_year=self.start_year.value)
        steps = model.gap(current, target, ladders=rows)
        return steps, Plan.from_steps(steps, current, target, start_year=self.start_year.value, ways=self.ways)

    def _propose_ahead(self, names: list[str]) -> None:
        """What choosing each ladder first shows (its first step to its top), worked out now: a
        learner's first look at a ladder then waits only for the drawing."""
        for name in names[: self._proposals.size // 2]:
            titles = self._step_titles(name)
            if len(titles) >= 2:
                key = (name, titles[0], titles[-1])
                try:
                    self._proposals.get(key, lambda key=key: self._proposal(*key))
                except ValueError:  # said when the learner picks that ladder (_on_roles is guarded)
                    continue

    @contextmanager
    def _figure_first(self):
        """Send the lists and the gap table after the figure: the page redraws the plan first
        (each list it rebuilds before the figure message arrives delays the plot), and each of
        those widgets sends its changes in one message."""
        with ExitStack() as stack:
            for widget in (self.current_select, self.target_select, self.gap, self.milestone_select, self.year):
                stack.enter_context(widget.hold_sync())
            yield

    @guarded
    def _on_roles(self, change=None):
        """Another ladder, current role, target or start year: the roles below it, then the plan."""
        if self._holding:
            return
        owner = change.get("owner") if change else None
        with self._figure_first():
            if owner is self.ladder_select:
                self._fill_roles()
            elif owner is self.current_select:
                self._fill_targets()
            self._replan()

    def _replan(self):
        kept = sum(m.is_own for m in self.plan.milestones)
        self.plan = self._propose(self.plan)
        self._show()
        self.say(f"Proposed {len(self.plan.milestones) - kept} milestones from the ladder"
                 + (f"; kept your {kept} own." if kept else "."))

    # -- views ------------------------------------------------------------------------------
    def _figure(self):
        return plan_timeline(self.plan)  # as tall as its milestones need

    def _show(self, select: int | None = None):
        self.panel.show(self._figure())  # first: the page starts drawing while the rest is computed
        self.gap.value = _gap_table(self.gap_steps, self.plan.start_year)
        options = [(_label(i, m), i) for i, m in enumerate(self.plan.milestones)]
        years = sorted({*range(self.plan.start_year, min(self.plan.start_year + 41, YEAR_MAX + 1)),
                        *(m.year for m in self.plan.milestones if m.year is not None)})
        with self._hold():
            self.milestone_select.options = options
            self.milestone_select.value = select if select is not None and select < len(options) else None
            chosen = self.year.value
            self.year.options = [("no year yet", NO_YEAR), *[(str(y), y) for y in years]]
            self.year.value = chosen if chosen in years else NO_YEAR

    @guarded
    def _on_pick(self, change=None):
        if self._holding or self.milestone_select.value is None:
            return
        m = self.plan.milestones[self.milestone_select.value]
        self.text.value = m.text
        if m.way not in [v for _, v in self.way.options]:
            self.way.options = [*self.way.options, (m.way, m.way)]
        self.way.value = m.way
        self.year.value = NO_YEAR if m.year is None else m.year
        self.done.value = m.done
        self.say(f"Source: {m.source}" if m.source else "")

    # -- editing ----------------------------------------------------------------------------
    def _fields(self) -> dict:
        if not self.text.value.strip():
            raise Friendly("Type what you will do in the 'What' box first.")
        return {"text": self.text.value, "way": self.way.value,
                "year": None if self.year.value == NO_YEAR else int(self.year.value), "done": self.done.value}

    def _selected(self) -> int:
        if self.milestone_select.value is None:
            raise Friendly("Pick a milestone in the list first.")
        return self.milestone_select.value

    @guarded
    def add(self):
        """Add a milestone from the fields (the 'Add' button)."""
        self.plan.add_milestone(**self._fields())
        self._show(select=len(self.plan.milestones) - 1)
        self.say("Added. Remember to save.")

    @guarded
    def update(self):
        """Change the selected milestone to the fields (the 'Update' button)."""
        i = self._selected()
        self.plan.edit_milestone(i, **self._fields())
        self._show(select=i)
        self.say("Updated. Remember to save.")

    @guarded
    def remove(self):
        """Remove the selected milestone (the 'Remove' button)."""
        gone = self.plan.remove_milestone(self._selected())
        self._show()
        self.say(f"Removed: {gone.text}")

    @guarded
    def toggle_done(self):
        """Mark the selected milestone done, or not done again."""
        i = self._selected()
        m = self.plan.mark_done(i, not self.plan.milestones[i].done)
        self._show(select=i)
        self.done.value = m.done
        self.say(("Well done! " if m.done else "Marked not done. ") + "Remember to save.")

    # -- files ------------------------------------------------------------------------------
    def _folder(self) -> Path:
        if not self.folder.value.strip():
            raise Friendly("Type the folder to save in (for this notebook's folder type '.').")
        return Path(self.folder.value.strip()).expanduser()

    @guarded
    def save(self) -> Path | None:
        """Save the plan as ``<folder>/<name>.json`` (the 'Save' button); returns the path."""
        try:
            path = self.plan.save(self.name.value, folder=self._folder())
        except OSError as e:
            raise Friendly(f"Could not save in {self.folder.value!r}: {e.strerror or e}. Choose another folder.") from e
        except ValueError as e:  # a name the folder cannot take, or a plan that would not load back
            raise Friendly(f"The plan was not saved: {e}") from e
        self.say(f"Saved to {path} (the previous version, if any, is kept as {path.name}.bak).")
        return path

    @guarded
    def load(self) -> Plan | None:
        """Open ``<folder>/<name>.json`` (the 'Open' button); its roles are shown as saved."""
        try:
            plan = Plan.load(self.name.value, folder=self._folder())
        except ValueError as e:  # DataError too: a damaged file, or a name that is not a plan name
            raise Friendly(f"The plan could not be opened: {e}") from e
        names = list(self.ladder_select.options)
        with self._hold():
            if plan.ladder in names:
                self.ladder_select.value = plan.ladder
            self._fill_roles(plan.current, plan.target)
            self.start_year.value = plan.start_year
        rows = self.ladders[self.ladders["ladder"].astype(str) == self.ladder_select.value]
        try:
            self.gap_steps = model.gap(plan.current, plan.target, ladders=rows)
        except ValueError:
            self.gap_steps = rows.iloc[0:0]
        self.plan = plan
        self._show()
        self.say(f"Opened {self.name.value!r}: {len(plan.milestones)} milestones.")
        return plan

    @guarded
    def export(self) -> list[Path] | None:
        """Write the plan as .html (with the timeline), .md and .csv next to the saved plan."""
        try:
            out = self.plan.export(self.name.value, folder=self._folder())
        except OSError as e:
            where = e.filename or self.folder.value
            raise Friendly(f"Could not write {where}: {e.strerror or e}. Choose another folder.") from e
        except ValueError as e:  # a name the folder cannot take
            raise Friendly(f"The plan was not exported: {e}") from e
        self.say("Exported " + ", ".join(p.name for p in out) + f" to {out[0].parent}.")
        return out


def _label(i: int, m) -> str:
    when = "no year" if m.year is None else str(m.year)
    return f"{i + 1}. [{'x' if m.done else ' '}] {when} — {m.text}" + (f" ({m.way})" if m.way else "")


def _gap_table(steps, start_year: int) -> str:
    """The gap as an HTML table: one row per step from the current role to the target."""
    if steps is None or len(steps) == 0:
        return "<p>No ladder steps between these roles.</p>"
    import pandas as pd

    def column(name):
        return steps[name].tolist() if name in steps.columns else [""] * len(steps)

    years = ["not in the data" if y is None or y != y or y == "" else f"{float(y):g}"
             for y in column("years_from_current")]
    table = pd.DataFrame({"Step": column("step"), "Role": column("title"), "Years drawn after your job now": years,
                          "Pay": [money(p) for p in column("pay")], "Entry education": column("education"),
                          "On-the-job training": column("training")})
    # the years of the role you hold now are where the count starts: their basis is said for the steps above
    notes = {"Years drawn after your job now": [""] + column("years_basis")[1:], "Pay": column("pay_basis")}
    sources = sorted({esc(s) for s in steps.get("source", []) if esc(s)})
    basis = sorted({esc(s) for s in steps.iloc[1:].get("years_basis", []) if esc(s)})
    return ("<b>The gap: the ladder's steps from your job now to your target</b>"
            + html_table(table, notes=notes)
            + f"<small>Proposed milestone years: {start_year} (when your plan starts, your assumption) + the years "
            "above (related work experience O*NET 29.3 says is asked for to be hired, not a time to promotion"
            + (f": {'; '.join(basis)}" if basis else "") + ")."
            + (f" Sources: {'; '.join(sources)}." if sources else "") + "</small>")
