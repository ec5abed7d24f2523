"""One milestone of a learner's plan (see :mod:`careerkit.plan`)."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

YEAR_LABEL = "Target year (your own plan)"
#: The years a plan can name (a milestone's year, the start year), in Python and in a plan file alike.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: ``source`` of a milestone the learner added; sources of learner-owned milestones start "your own".
OWN = "your own milestone"
EDITED = "your own edit of a proposed milestone; proposed from: "


@dataclass(repr=False)
class Milestone:
    """One step of a plan.

    ``text``: what the learner will do. ``way``: which of the five ways (``careerkit.five_ways()``)
    it serves, or ``""``. ``year``: the target year — the learner's own plan. ``date``: an
    optional exact target date. ``done``: finished or not. ``source``: where a proposed
    milestone and its year came from (``"your own milestone"`` for ones the learner added).
    """

    text: str
    way: str = ""
    year: int | None = None
    date: _dt.date | None = None
    done: bool = False
    source: str = OWN

    @property
    def is_own(self) -> bool:
        """True if the learner added or changed this milestone (not as proposed from the data)."""
        return self.source.startswith("your own")

    def __post_init__(self):
        self.text = str(self.text).strip()
        if not self.text:
            raise ValueError("A milestone needs some text: say what you will do.")
        self.way = "" if self.way is None else str(self.way)
        self.source = "" if self.source is None else str(self.source)
        if isinstance(self.date, str):
            try:
                self.date = _dt.date.fromisoformat(self.date)
            except ValueError:
                raise ValueError(f"Milestone {self.text!r}: write the date as YYYY-MM-DD, "
                                 f"e.g. 2030-06-30, not {self.date!r}.") from None
        if self.year is not None:
            try:
                whole = not isinstance(self.year, (bool, str)) and int(self.year) == self.year
            except (TypeError, ValueError):
                whole = False
            if not whole or not FIRST_YEAR <= int(self.year) <= LAST_YEAR:
                raise ValueError(f"Milestone {self.text!r}: the year must be a whole number from {FIRST_YEAR} "
                                 f"to {LAST_YEAR}, like 2030, not {self.year!r}.")
            self.year = int(self.year)
        if self.date is not None and self.year is None:
            self.year = self.date.year
        if self.date is not None and self.date.year != self.year:
            raise ValueError(f"Milestone {self.text!r}: date {self.date} is not in year {self.year}.")
        self.done = bool(self.done)


    def __repr__(self) -> str:
        # short enough to read in a list: plan.milestones
        parts = [repr(self.text)]
        if self.way:
            parts.append(f"way={self.way!r}")
        parts.append(f"year={self.year!r}" if self.date is None else f"date='{self.date.isoformat()}'")
        parts.append(f"done={self.done!r}")
        return f"Milestone({', '.join(parts)})"
