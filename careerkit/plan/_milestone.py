"""One milestone of a learner's plan (see :mod:`careerkit.plan`)."""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

YEAR_LABEL = "Target year (your own plan)"
#: The years a plan can name (a milestone's year, the start year), in Python and in a plan file alike.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: ``source`` of a milestone the learner added; sources of learner-owned milestones start "your own".
OWN = "your own milestone"
EDITED = "your own edit of a proposed milestone; proposed from: "
#: Longest text a milestone field (or a plan's current job, target, ladder) may hold: room for a
#: proposed "Typical entry education for <title>: <education>" from any ladder file careerkit reads.
MAX_TEXT = 25_000
_SURROGATE = re.compile("[\ud800-\udfff]")  # searched in C: every milestone's texts pass here


def clean_text(value, what: str = "text") -> str:
    """``value`` as text a plan file can hold: a lone surrogate (half of an emoji, from a bad copy
    and paste) becomes U+FFFD "�"; longer than ``MAX_TEXT`` characters is a ``ValueError``."""
    s = "" if value is None else str(value)
    if _SURROGATE.search(s):
        s = s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if len(s) > MAX_TEXT:
        raise ValueError(f"The {what} is {len(s):,} characters long; a plan keeps at most {MAX_TEXT:,}. "
                         "Shorten it (something was pasted by mistake?).")
    return s


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
        self.text = clean_text(self.text, "milestone text").strip()
        if not self.text:
            raise ValueError("A milestone needs some text: say what you will do.")
        self.way = clean_text(self.way, "milestone's way")
        self.source = clean_text(self.source, "milestone's source")
        if isinstance(self.date, str):
            try:
                self.date = _dt.date.fromisoformat(self.date)
            except ValueError:
                raise ValueError(f"Milestone {self.text!r}: write the date as YYYY-MM-DD, "
                                 f"e.g. 2030-06-30, not {self.date!r}.") from None
        if self.year is not None:
            try:
                whole = not isinstance(self.year, (bool, str)) and int(self.year) == self.year
            except (TypeError, ValueError, OverflowError):
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
