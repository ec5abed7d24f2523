"""Errors careerkit raises for bad input files.

A :class:`DataError` lists *every* problem found in a file, each as a :class:`Problem`
naming the file, the row as a spreadsheet shows it (the header is row 1, the first data
row is row 2), the column, and what to do about it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one cell (or one row, or the whole file).

    ``row`` is the spreadsheet row number (header = 1) or ``None`` for file-level problems;
    ``column`` is the column name or ``None``.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A file could not be used. ``.problems`` holds every :class:`Problem` found.

    The message lists them all (the first 50, then a count), so a learner or instructor
    can fix the whole file in one go.
    """

    def __init__(self, problems: list[Problem], *, summary: str | None = None):
        self.problems = list(problems)
        n = len(self.problems)
        head = summary or (f"{n} problem{'s' if n != 1 else ''} found" if n else "problem found")
        lines = [str(p) for p in self.problems[:50]]
        if n > 50:
            lines.append(f"... and {n - 50} more problems")
        super().__init__(head + (":\n  " + "\n  ".join(lines) if lines else ""))
