"""Quiz: "job or career?" — one scenario at a time, two buttons, instant feedback, a running score.

    from careerkit.widgets import Quiz
    Quiz()

The scenarios are ``careerkit.quiz()`` (one row per scenario: id, statement, answer, explanation).

CSS classes (stable; browser tests use them):
``ck-app ck-quiz`` (the app), ``ck-quiz-statement`` (the scenario), ``ck-answer-job`` and
``ck-answer-career`` (the two answer buttons), ``ck-quiz-feedback`` (right/wrong + explanation),
``ck-quiz-score`` (running score), ``ck-quiz-next`` (next scenario), ``ck-status``.
"""
from __future__ import annotations

import ipywidgets as w

from careerkit import classroom
from careerkit.widgets._a11y import live
from careerkit.widgets._base import App, Friendly, esc, guarded, html_box

ANSWERS = ("job", "career")


class Quiz(App):
    """The "job or career?" scenarios, in file order (or shuffled with ``seed``).

    ``scenarios``: a DataFrame like ``careerkit.quiz()`` (default: the shipped one).
    ``ladders`` is accepted like every app's, but the quiz offers no ladder choices.
    ``app.answer("job")`` / ``app.answer("career")`` answers the current scenario;
    ``app.next()`` moves on (after the last one it starts over). ``app.score`` is ``(right, answered)``.
    """

    heading = "Job or career?"

    def __init__(self, *, scenarios=None, seed: int | None = None, ladders=None):
        super().__init__()
        self.add_class("ck-quiz")
        if scenarios is None:
            import careerkit

            scenarios = careerkit.quiz()
        missing = {"statement", "answer", "explanation"} - set(scenarios.columns)
        if missing:
            raise ValueError(f"Quiz: scenarios need the columns {sorted(missing)} (see careerkit.quiz()).")
        if seed is not None:
            scenarios = scenarios.sample(frac=1, random_state=seed)
        self.scenarios = scenarios.reset_index(drop=True)
        self.index = 0
        self.right = 0
        self.answered = 0
        self._done_current = False

        self.statement = html_box("ck-quiz-statement")
        self.job_button = w.Button(description="Job", tooltip="This sounds like a job")
        self.job_button.add_class("ck-answer-job")
        self.career_button = w.Button(description="Career", tooltip="This sounds like a career")
        self.career_button.add_class("ck-answer-career")
        self.next_button = w.Button(description="Next scenario", tooltip="Show the next scenario")
        self.next_button.add_class("ck-quiz-next")
        self.feedback = live(html_box("ck-quiz-feedback"))
        self.score_box = html_box("ck-quiz-score")
        self.job_button.on_click(lambda _: self.answer("job"))
        self.career_button.on_click(lambda _: self.answer("career"))
        self.next_button.on_click(lambda _: self.next())
        self._build(
            self.statement,
            w.HBox([self.job_button, self.career_button, self.next_button]),
            self.feedback,
            self.score_box,
        )
        self._show()

    @property
    def score(self) -> tuple[int, int]:
        """``(right, answered)`` so far."""
        return self.right, self.answered

    @property
    def current(self):
        """The scenario on screen (a row of ``careerkit.quiz()``), or ``None`` at the end."""
        if self.index >= len(self.scenarios):
            return None
        return self.scenarios.iloc[self.index]

    @guarded
    def answer(self, choice: str) -> None:
        """Answer the current scenario with ``"job"`` or ``"career"`` and show the feedback."""
        choice = str(choice).strip().lower()
        if choice not in ANSWERS:
            raise Friendly(f"Answer with 'job' or 'career' (got '{choice}').")
        row = self.current
        if row is None:
            raise Friendly("That was the last scenario — press 'Start over' to play again.")
        if self._done_current:
            raise Friendly("You already answered this one — press 'Next scenario'.")
        expected = str(row["answer"]).strip().lower()
        correct = choice == expected
        self.answered += 1
        self.right += int(correct)
        self._done_current = True
        classroom.record_quiz(row.get("id", self.index + 1), choice, correct)  # only in a class
        verdict = "✓ Right" if correct else f"✗ Not quite — this one is a {esc(expected)}"
        colour = "#1b6e20" if correct else "#8a4b00"
        self.feedback.value = (
            f"<div><b style='color:{colour}'>{verdict}.</b> {esc(row['explanation'])}</div>"
        )
        self._show_score()
        self._enable(False)
        self.say("")

    @guarded
    def next(self) -> None:
        """Move to the next scenario; after the last one, start over with a fresh score."""
        if self.current is None:
            self.index, self.right, self.answered = 0, 0, 0
        else:
            self.index += 1
        self._done_current = False
        self.feedback.value = ""
        self._show()

    def _show(self):
        row = self.current
        if row is None:
            self.statement.value = (
                f"<p><b>That's every scenario.</b> You got {self.right} of {self.answered} right.</p>"
                if len(self.scenarios)
                else "<p>There are no scenarios to show.</p>"
            )
            self._enable(False)
            self.next_button.description = "Start over"
            self.next_button.disabled = not len(self.scenarios)
        else:
            self.next_button.description = "Next scenario"
            self.statement.value = (
                f"<p>Scenario {self.index + 1} of {len(self.scenarios)}:</p>"
                f"<blockquote style='font-size:1.1em'>{esc(row['statement'])}</blockquote>"
            )
            self._enable(True)
        self._show_score()

    def _show_score(self):
        self.score_box.value = f"<p>Score: <b>{self.right}</b> right out of {self.answered} answered.</p>"

    def _enable(self, on: bool):
        self.job_button.disabled = not on
        self.career_button.disabled = not on
