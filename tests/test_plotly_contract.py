"""What careerkit relies on inside plotly, ipywidgets and anywidget (careerkit/widgets/_figure.py).

Every name here is private to its library and may change in any release.  Each test says what
careerkit uses it for and what to do when it fails; when the quick figure update's internals are
missing at run time, figures still update through plotly's public ``batch_update``
(``test_figures_fall_back_to_batch_update_without_the_internals``).
"""
from __future__ import annotations

import inspect
import logging
import re

import pytest

pytest.importorskip("anywidget")

import anywidget  # noqa: E402
import ipywidgets  # noqa: E402
import plotly  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
from plotly import basedatatypes  # noqa: E402

from careerkit import model, plots  # noqa: E402
from careerkit.widgets import _figure  # noqa: E402

STEPS = model.get_ladder("Fire service (US)")
OTHER = model.get_ladder("Nursing (US)")
CHANGED = f"plotly {plotly.__version__} changed"


def test_properties_are_read_in_place_through_props():
    fig = go.FigureWidget(plots.ladder_timeline(STEPS))
    assert isinstance(getattr(fig.layout, _figure._PROPS, None), dict), (
        f"{CHANGED} BasePlotlyType._props (the layout's own property dict, read by update_figure "
        "instead of a deep copy): find the new name and set _figure._PROPS")
    fig.layout.title.text = "changed through the public API"
    assert fig.layout._props["title"]["text"] == "changed through the public API", (
        f"{CHANGED}: layout._props is no longer the live store of the layout's properties")
    trace = fig.data[0]
    assert isinstance(trace._props, dict) and trace._props.get("type") == "bar", (
        f"{CHANGED} a trace's _props (its own property dict)")


def test_the_layout_caches_list_properties_in_compound_array_props():
    fig = go.FigureWidget(plots.lifetime_earnings(model.lifetime_earnings(STEPS)))
    cache = getattr(fig.layout, _figure._COMPOUND_ARRAYS, None)
    assert isinstance(cache, dict), (
        f"{CHANGED} BaseLayoutType._compound_array_props (the cached shape/annotation objects "
        "update_figure drops after plotly_update)")
    assert len(fig.layout.shapes) == 2 and "shapes" in cache, (
        f"{CHANGED}: layout.shapes is no longer cached in _compound_array_props")
    fig.plotly_update(relayout_data={"shapes": []})
    assert len(fig.layout.shapes) == 2, (
        "plotly now rebuilds list properties after plotly_update: update_figure no longer needs to "
        "drop _compound_array_props entries (remove that code and this test)")


def test_plotly_update_takes_restyle_relayout_and_trace_indexes_with_undefined_for_untouched_traces():
    assert hasattr(basedatatypes, _figure._UNDEFINED), (
        f"{CHANGED} plotly.basedatatypes.Undefined (marks a trace not restyled in plotly_update)")
    params = inspect.signature(go.FigureWidget.plotly_update).parameters
    assert {"restyle_data", "relayout_data", "trace_indexes"} <= set(params), (
        f"{CHANGED} the plotly_update(restyle_data, relayout_data, trace_indexes) signature: {list(params)}")
    fig = go.FigureWidget(plots.ladder_timeline(STEPS))
    fig.plotly_update(restyle_data={"name": ["changed", basedatatypes.Undefined]}, trace_indexes=[0, 1])
    assert [t.name for t in fig.data] == ["changed", "pay"], (
        f"{CHANGED}: Undefined in a restyle list no longer leaves that trace alone")


def test_the_figure_widget_traits_careerkit_overrides_still_exist():
    traits = set(go.FigureWidget.class_trait_names())
    ours = ["_js2py_traceDeltas", "_js2py_layoutDelta", "_js2py_restyle", "_js2py_relayout", "_js2py_update",
            "_js2py_pointsCallback", "_last_layout_edit_id", "_last_trace_edit_id", "_py2js_update", "_config",
            "_widget_data", "_widget_layout"]
    missing = [name for name in ours if name not in traits]
    assert not missing, (
        f"{CHANGED} go.FigureWidget's traits {missing}: careerkit.widgets._figure.FigureWidget overrides "
        "them (no echo of the page's reports, edit counters not synced); rename or drop the overrides")
    synced = {n for n in traits if n.startswith("_js2py_") and go.FigureWidget.class_traits()[n].metadata.get("sync")}
    assert synced <= set(_figure.FigureWidget.class_trait_names()) and all(
        _figure.FigureWidget.class_traits()[n].metadata.get("echo_update") is False for n in synced), (
        f"{CHANGED}: a new page-to-kernel report {sorted(synced)} is echoed back to the page; add it to FigureWidget")
    assert not _figure.FigureWidget.class_traits()["_last_trace_edit_id"].metadata.get("sync"), (
        "the edit counters must stay in Python")


def test_the_whole_figure_can_be_sent_again():
    """When plotly.js reaches the page after an update, the page asks for the whole figure again
    (FigureWidget._on_page_message): plotly's own _repr_mimebundle_ does the same with _data and
    _layout_obj._props."""
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    assert isinstance(getattr(fig, "_data", None), list) and fig._data[0]["type"] == "bar", (
        f"{CHANGED} FigureWidget._data (the traces' property dicts sent as _widget_data)")
    assert getattr(getattr(fig, "_layout_obj", None), "_props", None) is fig.layout._props, (
        f"{CHANGED} FigureWidget._layout_obj (the layout sent as _widget_layout)")
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    _figure.update_figure(fig, plots.ladder_timeline(OTHER))
    sent.clear()
    fig._handle_custom_msg({"careerkit": "resend"}, [])
    assert len(sent) == 2 and sent[0]["method"] == "update", sent
    assert set(sent[0]["state"]) == {"_widget_data", "_widget_layout"}, sent
    assert "Nursing" in str(sent[0]["state"]["_widget_layout"]), "the page gets the figure as it is now"
    assert sent[1] == {"method": "custom", "content": {"careerkit": "resent"}}, sent


def test_a_page_that_asks_for_the_state_later_gets_the_figure_as_it_is_now():
    """JupyterLab reloaded, another view, Voila after a later cell: the page asks the kernel for every
    widget's state (ipywidgets' get_state, through the widget control comm). plotly's updates leave
    the synced figure as it was made; the state must hold the figure as updated since."""
    import ipywidgets as w

    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    _figure.update_figure(fig, plots.ladder_timeline(OTHER))
    state = fig.get_state()
    assert "Nursing" in str(state["_widget_layout"]) and "Fire" not in str(state["_widget_layout"]), (
        "the state holds the figure as it was made")
    assert state["_widget_data"][0]["x"] == list(fig.data[0].x), state["_widget_data"][0]
    assert fig.get_state("_widget_layout") == {"_widget_layout": state["_widget_layout"]}
    # what a page that connects later is given: every widget's get_state (ipywidgets' control comm
    # and embedding use the same call)
    assert "Nursing" in str(w.Widget.get_manager_state(widgets=[fig])["state"][fig.model_id]["state"]["_widget_layout"])


def test_an_update_does_not_copy_the_whole_figure(monkeypatch):
    """Only what changed is copied (the lifetime app's figure takes about 1 ms to copy). plotly
    sends each update's message through get_state, which copies the figure only for a state that
    carries it; the new figure is read in place, not through to_plotly_json (a copy)."""
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    new = plots.ladder_timeline(OTHER)
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    copied = []
    monkeypatch.setattr(_figure, "deepcopy", lambda value: copied.append(id(value)) or value)
    to_json = basedatatypes.BasePlotlyType.to_plotly_json
    monkeypatch.setattr(basedatatypes.BasePlotlyType, "to_plotly_json",
                        lambda self: copied.append(id(self)) or to_json(self))
    _figure.update_figure(fig, new)
    assert sent, "the update was not sent"
    whole = {id(x) for x in (fig._data, fig.layout._props, new._data, new.layout._props, new.layout, *new.data)}
    assert not whole & set(copied)


def test_a_figure_an_app_keeps_to_show_again_is_not_changed_by_the_widget():
    """update_figure reads the new figure in place and gives the widget copies of what changed:
    a learner's zoom changes the widget's layout in place, not the figure the app keeps."""
    def earnings(years):
        return plots.lifetime_earnings(model.lifetime_earnings(STEPS, assumptions=model.Assumptions(years=years)))

    fig = _figure.FigureWidget(earnings(10))
    kept = earnings(30)  # another span of years: the x axis changes
    before = kept.to_plotly_json()
    _figure.update_figure(fig, kept)
    fig.plotly_relayout({"xaxis.range": [1, 2], "yaxis.range": [0, 1]})  # as the page's zoom arrives
    assert fig.layout.xaxis.range == (1, 2)
    assert kept.to_plotly_json() == before


def test_a_page_that_lost_messages_gets_every_property_of_the_figure_again():
    """Where anywidget's gate dropped messages (openGate in the figure module), the page may lack
    even the figure's first data: ``everything`` sends it, changed here or not."""
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    fig._handle_custom_msg({"careerkit": "resend", "everything": True}, [])
    assert len(sent) == 2 and sent[0]["method"] == "update", sent
    assert set(sent[0]["state"]) == {"_widget_data", "_widget_layout", "_config"}, sent
    assert "Fire" in str(sent[0]["state"]["_widget_layout"])
    assert sent[1] == {"method": "custom", "content": {"careerkit": "resent"}}, sent


def test_the_comm_opens_under_the_id_the_page_is_given():
    """The figure module finds its model in the page's widget manager by ``_careerkit_id``: the
    kernel opens the comm under that id (FigureWidget.open sets ipywidgets' ``_model_id``, which
    Widget.open passes as the comm id)."""
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    assert fig._careerkit_id and fig.model_id == fig._careerkit_id, (
        f"ipywidgets {ipywidgets.__version__} no longer opens a widget's comm under Widget._model_id: "
        "find how to choose the comm id, or another way for the page to find the model")
    assert fig.get_state()["_careerkit_id"] == fig.model_id


def _front_end(package_dir) -> str:
    files = sorted(package_dir.rglob("*.js"))
    assert files, f"no front-end code under {package_dir}"
    return "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)


def test_the_widget_front_ends_offer_what_the_figure_module_uses_to_take_its_messages():
    """openGate (careerkit/widgets/_figure.py) needs, in the page: anywidget's model proxy with
    ``widget_manager`` and its model overriding ``_handle_comm_msg``; ipywidgets' manager with
    ``get_model`` and a comm with ``on_msg``. Read from the front-end code the packages install."""
    from pathlib import Path

    from jupyter_core.paths import jupyter_path

    anywidget_js = _front_end(Path(anywidget.__file__).parent / "labextension")
    assert re.search(r"widget_manager\s*:\s*\w+\.widget_manager", anywidget_js), (
        f"anywidget {anywidget.__version__} no longer hands a module its model's widget_manager: "
        "openGate cannot find the model itself (the figure still works while its module starts within 2 s)")
    assert "_handle_comm_msg" in anywidget_js, (
        f"anywidget {anywidget.__version__} no longer overrides _handle_comm_msg: if the 2-s gate is gone, "
        "openGate can go too (check manzt/anywidget's changelog)")
    manager = next((Path(d) / "@jupyter-widgets" / "jupyterlab-manager" for d in jupyter_path("labextensions")
                    if (Path(d) / "@jupyter-widgets" / "jupyterlab-manager").is_dir()), None)
    assert manager is not None, "ipywidgets' JupyterLab front end (jupyterlab_widgets) is not installed"
    widgets_js = _front_end(manager)
    for name in ("get_model(", "on_msg(", "_handle_comm_msg(", '"custom"'):
        assert name in widgets_js, f"ipywidgets' front end has no {name}: openGate needs it"


def test_ipywidgets_asks_should_send_property_before_each_sync():
    params = list(inspect.signature(ipywidgets.Widget._should_send_property).parameters)
    assert params == ["self", "key", "value"], (
        f"ipywidgets {ipywidgets.__version__} changed Widget._should_send_property(key, value), which "
        "FigureWidget overrides to not send plotly's reset of _py2js_* to None: {params}")


def test_plotly_serializers_and_the_widget_bundle_are_where_careerkit_reads_them():
    from plotly.serializers import custom_serializers

    assert {"from_json", "to_json"} <= set(custom_serializers), (
        f"{CHANGED} plotly.serializers.custom_serializers (the _js2py_* traits are tagged with it)")
    assert _figure._BUNDLE_PATH.is_file(), (
        f"{CHANGED} where its widget module lives: {_figure._BUNDLE_PATH} (PlotlyBundle sends that file)")


def test_the_widget_bundle_exports_what_the_figure_module_uses():
    js = _figure._BUNDLE_PATH.read_text(encoding="utf-8", errors="replace")
    exports = re.findall(r"export\s*\{([^}]*)\}", js)[-1]
    names = {part.split(" as ")[-1].strip() for part in exports.split(",")}
    assert {"default", "FigureView"} <= names, (
        f"{CHANGED} what its widget module exports ({sorted(names)}): the figure module calls "
        "default() and switches off FigureView.prototype._sendTraceDeltas/_sendLayoutDelta")
    for method in ("_sendTraceDeltas", "_sendLayoutDelta"):
        assert re.search(rf"\b{method}\s*\(", js), (
            f"{CHANGED}: FigureView has no {method} (the report to the kernel after each draw that the "
            "figure module switches off); find what sends the deltas now")
    assert re.search(r"initialize\s*\(", js) and re.search(r"render\s*\(", js), (
        f"{CHANGED}: its widget is no longer an anywidget object with initialize() and render()")


def test_anywidget_takes_the_module_as_esm():
    holder = _figure.PlotlyBundle(bundle=b"")
    assert holder.has_trait("_esm") and holder.trait_metadata("_esm", "sync"), (
        f"anywidget {anywidget.__version__} no longer sends a widget's class attribute _esm as its module")


def test_figures_fall_back_to_batch_update_without_the_internals(monkeypatch, caplog):
    """A plotly whose ``_props`` is renamed: figures still update, and one warning says so."""
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    sent = []
    fig._send = lambda msg, buffers=None: sent.append(msg)
    monkeypatch.setattr(_figure, "_PROPS", "_props_renamed_by_a_future_plotly")
    monkeypatch.setattr(_figure, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="careerkit.widgets"):
        _figure.update_figure(fig, plots.ladder_timeline(OTHER))
        _figure.update_figure(fig, plots.pay_by_step(OTHER).to_plotly_json())  # a figure as plotly JSON too
        _figure.update_figure(fig, plots.pay_by_step(STEPS))
    warnings = [r for r in caplog.records if "batch_update" in r.getMessage()]
    assert len(warnings) == 1, caplog.records
    assert [t.type for t in fig.data] == ["scatter"]
    assert list(fig.data[0].x) == STEPS["pay"].tolist()
    assert fig.layout.title.text == plots.pay_by_step(STEPS).layout.title.text
    assert sent  # the page was told


def test_with_the_internals_no_warning_is_logged(monkeypatch, caplog):
    fig = _figure.FigureWidget(plots.ladder_timeline(STEPS))
    fig._send = lambda msg, buffers=None: None
    monkeypatch.setattr(_figure, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="careerkit.widgets"):
        _figure.update_figure(fig, plots.ladder_timeline(OTHER))
    assert not caplog.records
    assert list(fig.data[0].y) == list(plots.ladder_timeline(OTHER).data[0].y)
