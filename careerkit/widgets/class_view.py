"""The instructor's class view: how the room is doing on the self-checks and the quiz, live.

    from careerkit.widgets import ClassView
    ClassView("/srv/careerkit-class")     # default: the folder in $CAREERKIT_CLASS_DIR

It reads a class folder (``careerkit.classroom``): the learners' own record files and any
hand-in files dropped there. Per question: how many learners tried, how many were right at the
first try, later, or not yet, and the three most common wrong answers; per notebook how many
learners reached it; per quiz scenario the class's job/career split. The figure redraws in place.

Live: an ``asyncio`` task on the kernel's own event loop reads the folder again every
``interval`` seconds (in a worker thread, so the kernel stays free for other cells and widget
messages) and redraws only when a file changed; the "Refresh now" button reads at once. A
front-end timer (``ipywidgets.Play``) would only tick while a browser shows the page and sends
a message per tick; the task needs no browser.

Learner files are untrusted: a file that cannot be used is skipped and named in the warnings
(``ck-class-warnings``); every text from a file is escaped.

CSS classes (stable; browser tests use them):
``ck-app ck-class-view`` (the app), ``ck-class-summary`` (learners, answers, newest answer),
``ck-class-refresh`` (button), ``ck-class-live`` (checkbox), ``ck-class-export-path`` (text),
``ck-class-export`` (button), ``ck-figure ck-class-figure``, ``ck-alt``, ``ck-class-questions``,
``ck-class-notebooks``, ``ck-class-quiz`` (tables), ``ck-class-warnings``, ``ck-status``.
"""
from __future__ import annotations

import asyncio
import datetime as _dt
import os
import threading
from pathlib import Path

import ipywidgets as w
import pandas as pd

from careerkit import classroom, plots
from careerkit.text import html_table
from careerkit.widgets._base import App, FigurePanel, Friendly, control, controls_row, esc, guarded, html_box

#: Seconds between two reads of the folder while the view is live.
INTERVAL = 5.0


def _q(label: str) -> str:
    return str(label).replace("_", ".")


def _table(caption: str, headers: list[str], rows: list[list]) -> str:
    """The class's table: ``rows`` of plain text (html_table escapes every cell)."""
    return html_table(pd.DataFrame(rows, columns=headers, dtype=object), caption=caption)


def _pct(n: int, total: int) -> str:
    return f"{n} ({n / total:.0%})" if total else str(n)


class ClassView(App):
    """How a class is doing, from a class folder; refreshed every ``interval`` seconds.

    ``folder``: the class folder (default ``$CAREERKIT_CLASS_DIR``). ``interval``: seconds
    between reads while live (``0`` or ``None``: only the button). ``quiz``: the scenarios
    table naming the quiz rows (default ``careerkit.quiz()``). ``app.refresh()`` reads now;
    ``app.summary`` is the last :class:`careerkit.classroom.Summary`; ``app.export_csv(path)``
    writes it as CSV. ``ladders`` is accepted like every app's and not used.
    """

    heading = "How the class is doing"

    def __init__(self, folder=None, *, interval: float | None = INTERVAL, quiz=None, ladders=None):
        super().__init__()
        self.add_class("ck-class-view")
        folder = folder if folder not in (None, "") else os.environ.get(classroom.CLASS_DIR_ENV, "")
        self.folder = Path(str(folder)).expanduser() if str(folder).strip() else None
        if quiz is None:
            import careerkit

            quiz = careerkit.quiz()
        self.quiz = quiz
        self.interval = float(interval) if interval else 0.0
        self._reader = classroom.ClassReader(self.folder) if self.folder else None
        self._lock = threading.Lock()
        self._task: asyncio.Task | None = None
        self.summary: classroom.Summary | None = None

        self.overview = html_box("ck-class-summary")
        self.refresh_button = w.Button(description="Refresh now", tooltip="Read the class folder again now")
        self.refresh_button.add_class("ck-class-refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.live = control(w.Checkbox, "ck-class-live", f"Refresh every {self.interval:g} s" if self.interval
                            else "Refresh by itself (no interval set)", value=bool(self.interval),
                            disabled=not self.interval, indent=False)
        self.live.observe(self._on_live, "value")
        self.export_path = control(w.Text, "ck-class-export-path", "CSV file", value="class_results.csv",
                                   continuous_update=False)
        self.export_button = w.Button(description="Export CSV", tooltip="Save the tables above as a CSV file")
        self.export_button.add_class("ck-class-export")
        self.export_button.on_click(lambda _: self.export_csv())
        self.controls = {"live": self.live, "export_path": self.export_path}
        self.panel = FigurePanel(plots.class_results(pd.DataFrame(), learners=0), css="ck-class-figure")
        self.questions = html_box("ck-class-questions")
        self.notebooks = html_box("ck-class-notebooks")
        self.quiz_box = html_box("ck-class-quiz")
        self.warnings = html_box("ck-class-warnings")
        self._build(
            self.overview,
            controls_row(self.refresh_button, self.live),
            self.panel,
            self.questions,
            self.notebooks,
            self.quiz_box,
            self.warnings,
            controls_row(self.export_path, self.export_button),
        )
        self.refresh()
        if self.interval and self._reader is not None:
            self._start()

    # ------------------------------------------------------------------ reading and drawing

    @guarded
    def refresh(self) -> "ClassView":
        """Read the folder now and redraw (only what changed is read again)."""
        if self._reader is None:
            self._show(classroom.ClassData("", {}, []))
            raise Friendly("No class folder: give one, e.g. widgets.ClassView(\"/srv/careerkit-class\"), "
                           f"or set {classroom.CLASS_DIR_ENV} before starting Jupyter.")
        with self._lock:
            data = self._reader.read()
        if data.changed or self.summary is None:
            self._show(data)
        else:  # no file changed: the same numbers, read again just now
            self.overview.value = self._overview_html(self.summary)
        return self

    def _show(self, data: classroom.ClassData) -> None:
        summary = classroom.summarize(data, self.quiz)
        self.summary = summary
        self.overview.value = self._overview_html(summary)
        table = pd.DataFrame(summary.questions)
        self.panel.show(plots.class_results(table, learners=summary.learners))
        self.questions.value = self._questions_html(summary)
        self.notebooks.value = self._notebooks_html(summary)
        self.quiz_box.value = self._quiz_html(summary)
        if summary.warnings:
            items = "".join(f"<li>{esc(x)}</li>" for x in summary.warnings[:50])
            more = f"<li>… and {len(summary.warnings) - 50} more</li>" if len(summary.warnings) > 50 else ""
            self.warnings.value = (f"<details><summary>{len(summary.warnings)} file warning"
                                   f"{'s' if len(summary.warnings) != 1 else ''} (files skipped or partly read)"
                                   f"</summary><ul>{items}{more}</ul></details>")
            self.say(f"{len(summary.warnings)} file warning{'s' if len(summary.warnings) != 1 else ''}: "
                     f"{summary.warnings[0]}", kind="warning")
        else:
            self.warnings.value = ""
            self.say("")

    def _overview_html(self, summary: classroom.Summary) -> str:
        now = _dt.datetime.now(_dt.timezone.utc).strftime("%H:%M:%S UTC")
        newest = summary.last.replace("T", " ") if summary.last else "none yet"
        where = esc(str(self.folder)) if self.folder else "no folder"
        return (f"<p><b>{summary.learners}</b> learner{'s' if summary.learners != 1 else ''} joined · "
                f"<b>{summary.records}</b> answers · newest answer: {esc(newest)} · "
                f"folder <code>{where}</code> · read at {now}</p>")

    @staticmethod
    def _questions_html(s: classroom.Summary) -> str:
        if not s.questions:
            return "<p>No self-check answers yet.</p>"
        rows = [[_q(q["question"]), q["notebook"], q["tried"], _pct(q["right_first"], q["tried"]),
                 q["right_later"], q["not_yet_right"],
                 "; ".join(f"“{a}” ({n})" for a, n in q["wrong_answers"]) or "—"] for q in s.questions]
        return _table("Self-checks (learners)", ["Question", "Notebook", "Tried", "Right at the first try",
                                                        "Right later", "Not right yet",
                                                        "Most common wrong answers (learners)"], rows)

    @staticmethod
    def _notebooks_html(s: classroom.Summary) -> str:
        if not s.notebooks:
            return ""
        rows = [[n["label"], f"{n['reached']} of {s.learners}"] for n in s.notebooks]
        return _table("How far the class is", ["Notebook", "Learners who answered there"], rows)

    @staticmethod
    def _quiz_html(s: classroom.Summary) -> str:
        if not s.quiz:
            return "<p>No quiz answers yet.</p>"
        rows = [[z["statement"] if z["statement"] else f"scenario {z['scenario']}",
                 _pct(z["job"], z["answered"]), _pct(z["career"], z["answered"]), z["expected"] or "?"]
                for z in s.quiz]
        return _table("Job or career? (each learner's first answer)",
                      ["Scenario", "Said job", "Said career", "The data's answer"], rows)

    # ------------------------------------------------------------------ export

    @guarded
    def export_csv(self, path=None) -> Path | None:
        """Write the tables as CSV to ``path`` (default: the "CSV file" box) and return the path."""
        if self.summary is None:
            raise Friendly("Nothing to export yet.")
        target = Path(str(path if path is not None else self.export_path.value).strip() or "class_results.csv")
        try:
            done = classroom.export_csv(self.summary, target.expanduser())
        except OSError as exc:
            raise Friendly(f"Could not save {target}: {exc.strerror or exc}") from None
        self.say(f"Saved {len(self.summary.questions) + len(self.summary.quiz)} rows to {done.resolve()}.")
        return done

    # ------------------------------------------------------------------ live refresh

    def _on_live(self, change) -> None:
        if change["new"]:
            self._start()
        else:
            self.stop()

    def _start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not inside a kernel's event loop (a plain script): the button still works
            return
        self._task = loop.create_task(self._tick())

    def stop(self) -> None:
        """Stop refreshing by itself (the button still reads the folder)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if self.live.value:
            self.live.value = False

    def close(self) -> None:
        self.stop()
        super().close()

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval)
            try:
                data = await loop.run_in_executor(None, self._read_locked)
                if data.changed:
                    self._show(data)
            except Exception as exc:  # noqa: BLE001 - the next tick tries again
                self.say(f"Reading the class folder failed ({type(exc).__name__}: {exc}); trying again.",
                         kind="warning")

    def _read_locked(self) -> classroom.ClassData:
        with self._lock:
            return self._reader.read()
