"""careerkit.envcheck: ✓ for a working setup, a ✗ with a fix for each broken piece, never a traceback."""
from __future__ import annotations

import pytest

from careerkit import envcheck

GOOD = {"ipywidgets": "8.1.9", "jupyterlab_widgets": "3.0.17", "plotly": "7.1.0", "anywidget": "0.11.0"}


def by_name(findings):
    return {f.name: f for f in findings}


def test_matching_versions_are_all_fine():
    found = by_name(envcheck.check_versions(GOOD))
    assert set(found) == set(GOOD)
    assert all(f.ok for f in found.values())
    assert "8.1.9" in found["ipywidgets"].detail


@pytest.mark.parametrize("broken, name, words", [
    ({"anywidget": None}, "anywidget", "pip install 'anywidget"),
    ({"anywidget": "0.8.1"}, "anywidget", "0.9 or later"),
    ({"ipywidgets": "7.8.1"}, "ipywidgets", "pip install 'ipywidgets>=8.1"),
    ({"ipywidgets": None}, "ipywidgets", "not installed"),
    ({"jupyterlab_widgets": "1.1.0"}, "jupyterlab_widgets", "does not match"),
    ({"jupyterlab_widgets": None}, "jupyterlab_widgets", "cannot draw widgets"),
    ({"plotly": "5.24.1"}, "plotly", "6.1 or later"),
    ({"plotly": None}, "plotly", "not installed"),
])
def test_each_broken_piece_gets_a_fix(broken, name, words):
    found = by_name(envcheck.check_versions({**GOOD, **broken}))
    assert not found[name].ok
    assert words in str(found[name])
    assert "Fix:" in str(found[name]) and "restart the kernel" in found[name].fix
    assert all(f.ok for n, f in found.items() if n != name)


@pytest.mark.parametrize("environ, where", [
    ({"VOILA_KERNEL_ID": "x"}, "voila"),
    ({"SERVER_SOFTWARE": "voila/0.5.13"}, "voila"),
    ({"JPY_SESSION_NAME": "/notebooks/00_start_here.ipynb"}, "jupyter"),
])
def test_frontend_from_the_kernel_environment(environ, where):
    assert envcheck.frontend(environ) == where
    assert envcheck.check_frontend(environ).ok


def test_plain_python_is_told_how_to_open_the_notebook():
    finding = envcheck.check_frontend({})  # pytest is not a Jupyter kernel
    assert not finding.ok and "python -m careerkit lab" in finding.fix and "voila" in finding.fix


def test_a_figure_widget_can_be_built_here():
    assert envcheck.check_figure_widget().ok


def test_the_figure_widget_built_to_check_is_never_sent_to_the_page(monkeypatch):
    """Notebook 00 runs the check in a kernel: a widget opened there loaded plotly's 5 MB module in
    the page for nothing, and on a busy page anywidget reported it as an error."""
    import comm

    opened = []
    real = comm.create_comm
    monkeypatch.setattr(comm, "create_comm", lambda *a, **k: opened.append(k.get("target_name")) or real(*a, **k))
    assert envcheck.check_figure_widget().ok
    assert opened == []


def test_a_failing_figure_widget_is_reported_with_a_fix(monkeypatch):
    import plotly.graph_objects as go

    def broken(*a, **k):
        raise ImportError("anywidget is required")

    monkeypatch.setattr(go.FigureWidget, "__init__", broken)
    finding = envcheck.check_figure_widget()
    assert not finding.ok and "anywidget is required" in finding.detail and "pip install" in finding.fix


def test_run_prints_every_line_and_a_summary(capsys):
    envcheck.run({"JPY_SESSION_NAME": "x"})
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("✓ All set")
    assert len([ln for ln in lines if ln.startswith("✓ ")]) == 7


def test_run_never_raises(capsys, monkeypatch):
    monkeypatch.setattr(envcheck, "check_versions", lambda: 1 / 0)
    assert envcheck.run({"JPY_SESSION_NAME": "x"}) is None
    out = capsys.readouterr().out
    assert "✗ environment check: could not finish" in out and "Traceback" not in out
    assert out.splitlines()[-1].startswith("✗ Fix the lines")
