"""The Python side of the apps' accessibility (the browser side is tests/browser/test_a11y.py,
test_widths.py and test_keyboard.py): every app carries the front-end helper and marks its live regions; careerkit's
tables are named, keyboard-reachable and escaped."""
from __future__ import annotations

import re

import pandas as pd
import pytest

pytest.importorskip("ipywidgets")

from careerkit import text, widgets  # noqa: E402
from careerkit.widgets import _a11y  # noqa: E402


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from _walk(child)


@pytest.fixture(scope="module", params=widgets.__all__)
def app(request):
    return getattr(widgets, request.param)()


def test_every_app_carries_one_hidden_helper(app):
    helpers = [w for w in _walk(app) if isinstance(w, _a11y.Helper)]
    assert len(helpers) == 1, f"{type(app).__name__} has {len(helpers)} accessibility helpers"
    assert helpers[0].layout.display == "none"


def test_status_line_is_a_live_region(app):
    assert _a11y.LIVE in app.status._dom_classes
    app.say("Saved <plan>", kind="info")
    # the message is plain escaped text inside the persistent region, not a live region of its own
    assert "&lt;plan&gt;" in app.status.value and "role=" not in app.status.value


def test_quiz_feedback_is_a_live_region():
    quiz = widgets.Quiz()
    assert _a11y.LIVE in quiz.feedback._dom_classes
    quiz.answer("job")
    assert quiz.feedback.value and "role=" not in quiz.feedback.value


def test_helper_fetches_nothing():
    code = _a11y.Helper._esm
    assert not re.search(r"\bimport\b|fetch\(|https?://|XMLHttpRequest", code)
    assert ".ck-app" in code and "aria-labelledby" in code and _a11y.LIVE in code


def test_table_is_a_named_keyboard_reachable_region():
    df = pd.DataFrame({"step": [1, 2], "title": ["<b>Chief</b>", "Captain & co"]})
    html = text.table(df, "Steps <of> the ladder")._repr_html_()
    assert "role='region'" in html and "tabindex='0'" in html and "overflow-x:auto" in html
    assert "aria-label='Steps &lt;of&gt; the ladder'" in html
    assert "&lt;b&gt;Chief&lt;/b&gt;" in html and "<b>Chief" not in html
    assert "<th></th>" not in html  # no empty index header cell
    assert repr(text.table(df, "x")) == repr(df)


def test_table_needs_a_label():
    with pytest.raises(ValueError, match="label"):
        text.table(pd.DataFrame({"a": [1]}), "  ")


#: ipywidgets' button styles whose white label is below 4.5:1 on JupyterLab's and Voila's light theme
#: (WCAG 1.4.3): info #0097A7 3.6:1, success #388E3C 4.1:1, warning #F57C00 2.9:1. axe finds them only
#: when the button is in view, so this is checked here for every button of every app.
LOW_CONTRAST_STYLES = {"info", "success", "warning"}


def test_no_button_has_a_low_contrast_style(app):
    import ipywidgets as w

    low = [f"{b.description!r} ({b.button_style})" for b in _walk(app)
           if isinstance(b, (w.Button, w.ToggleButton)) and b.button_style in LOW_CONTRAST_STYLES]
    assert not low, f"{type(app).__name__}: buttons with a white label below 4.5:1: {low}"
