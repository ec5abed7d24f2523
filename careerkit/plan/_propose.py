"""Milestones proposed from the ladder steps between a current role and a target role.

The years are the learner's start year plus the ladder's years (O*NET 29.3 related work
experience); the education and training come from BLS Employment Projections 2024–34. Every
proposed milestone names its source.
"""
from __future__ import annotations

import math

from careerkit.plan._milestone import Milestone
from careerkit.text import number as _number


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    s = str(value).strip()
    return "" if s.lower() in {"nan", "<na>", "none"} else s


def _pick_way(ways, words: tuple[str, ...]) -> str:
    """The first of the five ways whose name (failing that, summary) mentions one of ``words``."""
    if ways is None or len(ways) == 0 or "way" not in ways.columns:
        return ""
    table = ways.drop_duplicates("way")
    names = [_text(v) for v in table["way"]]
    for column in ("way", "summary"):
        if column not in table.columns:
            continue
        for name, value in zip(names, table[column].tolist()):
            if any(w in _text(value).lower() for w in words):
                return name
    return ""




def proposed_milestones(steps, current: str, start_year: int, *, ways=None) -> list[Milestone]:
    """Milestones proposed from ``steps`` (one row per ladder step, as ``model.gap`` returns).

    A first row whose title is ``current`` is the starting point, not a milestone. Each later
    step gives "Typical entry education for <title>: …" and "Typical on-the-job training for
    <title>: …" (where they differ from the step before; year: while holding the step before)
    and "Reach <title>" in ``start_year`` + the years after the current role. ``ways`` (like
    ``careerkit.five_ways()``, default: that table) labels which way each one serves.
    """
    rows = [r for _, r in steps.iterrows()]
    prev = None
    if rows and _text(rows[0].get("title")).casefold() == current.strip().casefold():
        prev = rows.pop(0)
    # years after reaching the current role: model.gap's years_from_current, else years_from_start
    # minus the current role's (or from the start of the career when the current role is not listed)
    col = "years_from_current" if "years_from_current" in steps.columns else "years_from_start"
    base = (_number(prev.get(col)) or 0.0) if prev is not None and col == "years_from_start" else 0.0
    if ways is None:
        try:
            from careerkit import five_ways
            ways = five_ways()
        except Exception:  # the table is optional for proposing; ways stay blank
            ways = None
    learn = _pick_way(ways, ("learn", "train", "skill", "education"))
    climb = _pick_way(ways, ("path", "ladder", "promot", "step"))
    out: list[Milestone] = []
    prev_year = start_year
    start = _text(prev.get("title")) if prev is not None else "the start of the career"
    for r in rows:
        title, ladder, step = _text(r.get("title")), _text(r.get("ladder")), _text(r.get("step"))
        after = _number(r.get(col))
        after = None if after is None else after - base
        year = None if after is None else start_year + math.floor(after + 0.5)
        basis = _text(r.get("years_basis")) or "O*NET 29.3 related work experience"
        where = f"ladder '{ladder}', step {step}" if ladder else "the ladder"
        for column, label in (("education", "Typical entry education"), ("training", "Typical on-the-job training")):
            val = _text(r.get(column))
            if val and val.lower() != "none" and (prev is None or val != _text(prev.get(column))):
                out.append(Milestone(f"{label} for {title}: {val}", way=learn, year=prev_year,
                                     source=f"BLS Employment Projections 2024–34 ({where}); "
                                            "year: while you hold the step before"))
        yr_src = (f"year = start year + {after:g} years after {start} (years drawn from: {basis}; "
                  "not a promised time to promotion)" if after is not None
                  else "no years in the data; choose your own year")
        out.append(Milestone(f"Reach {title}", way=climb, year=year, source=f"{where}; {yr_src}"))
        prev, prev_year = r, (year if year is not None else prev_year)
    return out

