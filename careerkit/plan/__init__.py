"""A learner's career plan: current job, target role and milestones.

One :class:`Milestone` is one thing the learner means to do: *what*, which of the five ways
of building a career it serves, the target year (the learner's own plan), and whether it
is done. A :class:`Plan` holds the current job, the target role and the list of milestones::

    import careerkit as ck
    plan = ck.Plan.from_gap(current="Firefighter", target="Fire Captain")
    plan.add_milestone("Finish the fire officer I course", way="Learn and train", year=2028)
    plan.save("my_plan", folder="plans")        # plans/my_plan.json (+ my_plan.json.bak)
    plan = ck.Plan.load("plans/my_plan.json")
    plan.to_markdown(); plan.to_html(); plan.to_csv("plans/my_plan.csv")

Where the numbers come from: proposed milestone years are the start year (the learner's
own assumption, the current calendar year by default) plus the ladder's ``years_from_start``
(O*NET 29.3 related work experience, see ``careerkit.ladders()``); every proposed milestone
says so in its ``source``. Everything else in a plan is the learner's own.

Files: a plan is saved as versioned JSON (``format_version``), atomically — a save that is
interrupted at any moment leaves the old plan or the new one, never a mixture — and the
previous version is kept next to it as ``NAME.bak``. A name the learner types is checked
by :func:`plan_path` so it cannot leave the chosen folder. The default folder
(``save(name, folder=True)``, and the first folder the PlanBuilder app offers) is
``platformdirs.user_documents_dir()/careerkit``, e.g. ``~/Documents/careerkit``: outside the
course repository, so saved plans are never committed or overwritten by a course update, and
the same for every notebook. Pass ``folder="."`` for the notebook's own folder.
"""
from __future__ import annotations

import datetime as _dt
import json
import operator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from careerkit.errors import DataError, Problem
from careerkit.plan._export import export_csv, export_html, export_markdown
from careerkit.plan._files import (
    FORMAT,
    FORMAT_VERSION,
    YEAR_MAX,
    YEAR_MIN,
    atomic_write,
    default_folder,
    plan_path,
    read_plan_file,
    validate_plan_json,
)
from careerkit.plan._milestone import EDITED, OWN, Milestone, clean_text
from careerkit.plan._propose import proposed_milestones
from careerkit.plan._timeline import plan_timeline

# what a learner or an app calls; the other public names (atomic_write, plan_path, OWN,
# proposed_milestones …) are the plan's own building blocks, importable but not part of the interface
__all__ = ["FORMAT_VERSION", "Milestone", "Plan", "default_folder", "plan_timeline"]


@dataclass
class Plan:
    """A learner's career plan: ``current`` job, ``target`` role, and ``milestones``.

    ``milestones`` is a plain list of :class:`Milestone` a learner can read and print;
    change it with :meth:`add_milestone`, :meth:`edit_milestone`, :meth:`remove_milestone`
    and :meth:`mark_done`. ``ladder`` names the career ladder the plan was proposed from
    (``""`` if none); ``start_year`` is the learner's own assumption of when the plan starts.
    """

    current: str
    target: str
    milestones: list[Milestone] = field(default_factory=list)
    ladder: str = ""
    start_year: int = field(default_factory=lambda: _dt.date.today().year)

    def __post_init__(self):
        self.current = clean_text(self.current, "current job")
        self.target = clean_text(self.target, "target role")
        self.ladder = clean_text(self.ladder, "ladder name")
        self.start_year = _whole_year(self.start_year, "start_year")

    # -- building -------------------------------------------------------------------
    @classmethod
    def from_gap(cls, current: str, target: str, *, ladders=None, start_year: int | None = None,
                 ways=None) -> "Plan":
        """Propose a plan from the ladder steps between ``current`` and ``target``.

        Uses ``careerkit.model.gap(current, target, ladders)`` (one row per ladder step from
        the current role to the target). Each step after the current one becomes a milestone
        "Reach <title>" in ``start_year`` + the ladder's years from the current role to that step
        (``years_from_start``: related work experience O*NET 29.3 says is asked for to be hired, not a time to promotion), preceded by the step's typical entry education and on-the-job training
        (BLS Employment Projections) where they differ from the previous step's. ``ways``: a
        DataFrame like ``careerkit.five_ways()`` used to label the way each one serves.
        """
        from careerkit import model

        steps = model.gap(current, target, ladders=ladders)
        return cls.from_steps(steps, current, target, start_year=start_year, ways=ways)

    @classmethod
    def from_steps(cls, steps, current: str, target: str, *, start_year: int | None = None,
                   ways=None) -> "Plan":
        """The plan :meth:`from_gap` proposes, from the steps ``careerkit.model.gap`` gave."""
        plan = cls(current=current, target=target,
                   start_year=_dt.date.today().year if start_year is None else start_year)
        if len(steps) == 0:
            return plan
        plan.ladder = str(steps["ladder"].iloc[0]) if "ladder" in steps.columns else ""
        plan.milestones = proposed_milestones(steps, current, plan.start_year, ways=ways)
        return plan

    def moved_to(self, start_year: int) -> "Plan":
        """A copy of this plan starting in ``start_year``, every milestone's year moved by as many
        years as the start. For a proposed plan this is what :meth:`from_steps` proposes for
        ``start_year`` (its years are the start year plus the ladder's years), without the work."""
        shift = _whole_year(start_year, "start_year") - self.start_year
        return Plan(current=self.current, target=self.target, ladder=self.ladder, start_year=start_year,
                    milestones=[replace(m, year=None if m.year is None else m.year + shift)
                                for m in self.milestones])

    def keeping_own(self, old: "Plan") -> "Plan":
        """This plan (freshly proposed) with every milestone the learner added or edited in ``old``
        kept, at the end; each replaces a proposed milestone with the same text. Returns ``self``."""
        own = [m for m in old.milestones if m.is_own]
        texts = {m.text for m in own}
        self.milestones = [m for m in self.milestones if m.text not in texts] + own
        return self

    def add_milestone(self, text: str, *, way: str = "", year: int | None = None,
                      date: _dt.date | str | None = None, done: bool = False,
                      source: str = OWN) -> Milestone:
        """Add a milestone at the end of the list and return it."""
        m = Milestone(text, way=way, year=year, date=date, done=done, source=source)
        self.milestones.append(m)
        return m

    def edit_milestone(self, index: int, **changes) -> Milestone:
        """Change fields of milestone number ``index`` (0 = first), e.g. ``year=2031``.

        Changing the text, year or date of a proposed milestone makes it the learner's own:
        its ``source`` becomes "your own edit of a proposed milestone; proposed from: …".
        """
        old = self._get(index)
        unknown = set(changes) - set(Milestone.__dataclass_fields__)
        if unknown:
            raise TypeError(f"Milestones have no field {sorted(unknown)}; use text, way, year, date, done or source.")
        if "year" in changes and "date" not in changes:
            changes["date"] = None  # a new year replaces the old exact date
        merged = {**asdict(old), **changes}
        if "source" not in changes and not old.is_own and any(
                merged[k] != getattr(old, k) for k in ("text", "year", "date")):
            merged["source"] = EDITED + old.source
        new = Milestone(**merged)
        self.milestones[index] = new
        return new

    def remove_milestone(self, index: int) -> Milestone:
        """Remove milestone number ``index`` (0 = first) and return it."""
        self._get(index)
        return self.milestones.pop(index)

    def mark_done(self, index: int, done: bool = True) -> Milestone:
        """Mark milestone number ``index`` done (or not done with ``done=False``)."""
        m = self._get(index)
        m.done = bool(done)
        return m

    def _get(self, index: int) -> Milestone:
        n = len(self.milestones)
        try:  # numpy integers too (a row number from a DataFrame)
            i = None if isinstance(index, bool) else operator.index(index)
        except TypeError:
            i = None
        if i is None or not -n <= i < n:
            raise IndexError(f"No milestone number {index!r}: this plan has {n} (numbered 0 to {n - 1}).")
        return self.milestones[i]

    # -- files ----------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The plan as the JSON-ready dict that :meth:`save` writes."""
        return {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "current": self.current, "target": self.target, "ladder": self.ladder,
            "start_year": self.start_year,
            "milestones": [{**asdict(m), "date": m.date.isoformat() if m.date else None}
                           for m in self.milestones],
        }

    def save(self, path, *, folder=None) -> Path:
        """Save the plan as JSON, atomically; return the file's path.

        With ``folder`` given (or ``folder=True`` for the default folder), ``path`` is a
        name the learner typed and must stay inside that folder (see :func:`plan_path`).
        The previous version of the file is kept as ``NAME.bak``.
        """
        target = plan_path(path, None if folder is True else folder) if folder is not None else Path(path)
        data = (json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        validate_plan_json(data, str(target))  # never write a plan that would not load back
        atomic_write(target, data, backup=True)
        return target

    @classmethod
    def load(cls, path, *, folder=None) -> "Plan":
        """Read a plan saved by :meth:`save`. Raises ``careerkit.DataError`` naming the file
        (and, for a wrong value, the JSON field) if it is damaged, truncated or too new.
        Loading never changes the file or its backup."""
        source = plan_path(path, None if folder is True else folder) if folder is not None else Path(path)
        doc = read_plan_file(source)
        milestones = []
        for i, m in enumerate(doc.pop("milestones")):
            try:
                milestones.append(Milestone(**m))
            except ValueError as e:
                raise DataError([Problem(str(source), None, None, f"field milestones[{i}]: {e}")],
                                summary=f"Cannot read the plan file {source}: wrong values") from None
        try:
            return cls(**doc, milestones=milestones)
        except ValueError as e:
            raise DataError([Problem(str(source), None, None, str(e))],
                            summary=f"Cannot read the plan file {source}: wrong values") from None

    # -- exports --------------------------------------------------------------------
    def to_frame(self):
        """The milestones as a DataFrame: one row per milestone, columns number, milestone,
        way, year (your own plan), date, done, source."""
        import pandas as pd

        return pd.DataFrame([{"number": i + 1, "milestone": m.text, "way": m.way, "year": m.year,
                              "date": m.date, "done": m.done, "source": m.source}
                             for i, m in enumerate(self.milestones)],
                            columns=["number", "milestone", "way", "year", "date", "done", "source"])

    def _repr_markdown_(self) -> str:  # how a notebook shows a plan: the Markdown export
        return self.to_markdown()

    def to_markdown(self) -> str:
        """The plan as Markdown: a heading, the plan's facts and a table of milestones."""
        return export_markdown(self)

    def to_html(self) -> str:
        """A standalone HTML page with the milestone table and the plan timeline.
        plotly.js is embedded, so the page works offline."""
        return export_html(self)

    def export(self, name: str, folder=None) -> list[Path]:
        """Write the plan as ``NAME.html`` (with the timeline), ``NAME.md`` and ``NAME.csv`` in
        ``folder`` (the same folder rules as :meth:`save`; a name ending in ``.json`` loses it),
        each atomically; returns the three paths. Raises ``OSError`` when one cannot be written."""
        stem = name.strip()
        stem = stem[:-5] if stem.lower().endswith(".json") else stem
        out = []
        for suffix, text in ((".html", self.to_html()), (".md", self.to_markdown()), (".csv", self.to_csv())):
            path = plan_path(stem, None if folder is True else folder, suffix=suffix)
            atomic_write(path, text.encode("utf-8"), backup=False)
            out.append(path)
        return out

    def to_csv(self, path=None) -> str:
        """One row per milestone; writes ``path`` (atomically) if given, and returns the text."""
        text = export_csv(self)
        if path is not None:
            atomic_write(Path(path), text.encode("utf-8"), backup=False)
        return text

    def timeline(self, *, title=None, height=None):
        """The plan timeline figure (see :func:`plan_timeline`)."""
        return plan_timeline(self, title=title, height=height)


def _whole_year(value, what: str) -> int:
    """``value`` as an int year (numpy integers and whole floats too), or a ValueError."""
    try:
        year = None if isinstance(value, bool) else operator.index(value)
    except TypeError:
        year = int(value) if isinstance(value, float) and value.is_integer() else None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"{what} must be a whole year from {YEAR_MIN} to {YEAR_MAX}, not {value!r}.")
    return int(year)
