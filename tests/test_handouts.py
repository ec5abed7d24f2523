"""`make handouts` (tools/make_handouts.py): executed notebooks as HTML that draws offline.

Structural checks here (plotly.js inline, no script loaded from the network, every figure has
its drawing script, apps replaced by a note plus a static snapshot); a real browser opens the
handouts in tests/browser.
"""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("make_handouts", ROOT / "tools" / "make_handouts.py")
mh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mh)

REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']?(?:https?:)?//", re.IGNORECASE)
REMOTE_STYLE = re.compile(r"<link\b[^>]*\bhref=[\"']?(?:https?:)?//", re.IGNORECASE)


# ------------------------------------------------------------------ fast: the pieces


def widget_output(plain="LadderExplorer(children=(...))"):
    return nbformat.v4.new_output("display_data", data={
        mh.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "text/plain": plain})


def test_widget_outputs_become_an_escaped_note():
    cell = nbformat.v4.new_code_cell("widgets.LadderExplorer()")
    cell.outputs = [widget_output(), nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    assert mh.replace_widget_outputs(cell) is True
    note = cell.outputs[0]["data"]["text/html"]
    assert "Interactive app: LadderExplorer." in note and mh.WIDGET_VIEW not in cell.outputs[0]["data"]
    assert cell.outputs[1]["text"] == "hi\n"

    plain = nbformat.v4.new_code_cell("x")
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    assert mh.replace_widget_outputs(plain) is False

    odd = nbformat.v4.new_code_cell("x")
    odd.outputs = [widget_output("<script>alert(1)</script>")]
    mh.replace_widget_outputs(odd)
    assert "<script>" not in odd.outputs[0]["data"]["text/html"]


def test_cdn_scripts_are_removed_from_outputs_only():
    cell = nbformat.v4.new_code_cell("fig")
    html = ('<div> <script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/3.2.2/es5/tex-svg.min.js">'
            '</script><script type="text/javascript">Plotly.newPlot("x")</script></div>')
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    assert mh.drop_cdn_scripts(nb) == 1
    kept = cell.outputs[0]["data"]["text/html"]
    assert "cdnjs" not in kept and 'Plotly.newPlot("x")' in kept


def test_unknown_notebook_name_is_a_clear_error(capsys, tmp_path):
    assert mh.main(["99_nope", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "99_nope" in err and "02_career_ladders" in err
    assert not any(tmp_path.iterdir())


def test_every_course_notebook_is_exported():
    assert [p.stem for p in mh.course_notebooks()] == [
        "00_start_here", "01_job_or_career", "02_career_ladders", "03_lifetime_view", "04_job_to_career"]


# ------------------------------------------------------------------ slow: one real handout


@pytest.fixture(scope="module")
def ladders_handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    assert mh.main(["02_career_ladders.ipynb", "--out", str(out)]) == 0
    return (out / "02_career_ladders.html").read_text(encoding="utf-8")


def figure_and_app_cells(name):
    nb = nbformat.read(mh.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    return (sum("plots." in s for s in code), sum("widgets." in s and "import" not in s for s in code))


@pytest.mark.slow
def test_handout_embeds_plotly_and_loads_no_script_from_the_network(ladders_handout):
    html = ladders_handout
    assert re.search(r"plotly\.js v\d+\.\d+\.\d+", html), "plotly.js is inlined"
    assert html.count("window.Plotly = Plotly") == 1, "plotly.js inlined exactly once"
    assert not REMOTE_SCRIPT.search(html), REMOTE_SCRIPT.search(html)
    assert not REMOTE_STYLE.search(html)
    assert mh.WIDGET_VIEW not in html


@pytest.mark.slow
def test_every_figure_and_app_is_drawn_statically(ladders_handout):
    html = ladders_handout
    figures, apps = figure_and_app_cells("02_career_ladders")
    assert figures >= 2 and apps >= 2
    assert html.count("ck-handout-note") == apps
    divs = re.findall(r'class="plotly-graph-div"', html)
    # each static figure, plus at least one snapshot per app
    assert len(divs) >= figures + apps
    assert html.count("Plotly.newPlot(") == len(divs)
    assert "_hstack" not in html, "the snapshot code is hidden"


@pytest.mark.slow
def test_handout_keeps_the_text_and_the_checked_outputs(ladders_handout):
    import careerkit as ck

    html = ladders_handout
    assert "02 · Career ladders" in html
    fire = ck.ladders().query("ladder == 'Fire service (US)'")
    for title in fire["title"]:
        assert title in html
    assert "Hint: Not answered yet" in html
    assert "Traceback (most recent call last)" not in html


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="Unix sockets are for Linux and macOS")
def test_the_kernel_is_on_unix_sockets_and_leaves_no_file(tmp_path, monkeypatch):
    # a TCP port picked for the kernel and taken by another program before the kernel binds it
    # kills the kernel at start, and the build with it (tools/make_handouts.py, kernel_config)
    monkeypatch.setattr(mh.tempfile, "tempdir", str(tmp_path))
    path = tmp_path / "transport.ipynb"
    code = "import ipykernel, json; print(json.loads(ipykernel.get_connection_info())['transport'])"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    nb = mh.execute(path)
    assert nb.cells[0].outputs[0]["text"].strip() == "ipc"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["transport.ipynb"]
