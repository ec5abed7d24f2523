"""careerkit.server: the Jupyter server extension that turns Nagle's algorithm off on kernel websockets."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from careerkit import server

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path("etc/jupyter/jupyter_server_config.d/careerkit.json")


class _Handler:
    def __init__(self, calls):
        self.calls = calls

    def set_nodelay(self, value):
        self.calls.append(("set_nodelay", value))


class _Base:
    def __init__(self, calls):
        self.calls = calls
        self.websocket_handler = _Handler(calls)

    def connect(self):
        self.calls.append(("connect",))
        return "connected"


def test_connection_sets_nodelay_before_it_connects():
    calls = []
    cls = server.no_delay(_Base)
    assert issubclass(cls, _Base) and cls.__name__ == "NoDelay_Base"
    assert cls(calls).connect() == "connected"
    assert calls == [("set_nodelay", True), ("connect",)]


def test_extension_wraps_the_configured_connection_class_once():
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    class App:
        class web_app:  # noqa: N801 - shaped like ServerApp.web_app
            settings = {"kernel_websocket_connection_class": ZMQChannelsWebsocketConnection}

        class log:  # noqa: N801
            lines = []
            info = lines.append

    server._load_jupyter_server_extension(App)
    cls = App.web_app.settings["kernel_websocket_connection_class"]
    assert issubclass(cls, ZMQChannelsWebsocketConnection) and cls is not ZMQChannelsWebsocketConnection
    server._load_jupyter_server_extension(App)  # loaded twice: not wrapped twice
    assert App.web_app.settings["kernel_websocket_connection_class"] is cls
    assert server._jupyter_server_extension_points() == [{"module": "careerkit.server"}]


def test_the_environment_switches_the_extension_on():
    """`make lab`/`make test` (and Binder's postBuild) put this file into the environment; a wheel
    install carries it as a data file (pyproject.toml)."""
    shipped = ROOT / "jupyter-config" / "jupyter_server_config.d" / "careerkit.json"
    assert json.loads(shipped.read_text())["ServerApp"]["jpserver_extensions"] == {"careerkit.server": True}
    installed = Path(sys.prefix) / CONFIG
    assert installed.is_file(), (f"{installed} is missing: copy {shipped.relative_to(ROOT)} there "
                                 "(make lab and make test do it on setup)")
    assert json.loads(installed.read_text()) == json.loads(shipped.read_text())
    import tomllib

    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    assert "jupyter-config/jupyter_server_config.d/careerkit.json" in data_files["etc/jupyter/jupyter_server_config.d"]


def test_voila_on_its_own_uses_the_no_delay_connection():
    """Voila run on its own (the classroom setup) loads no server extension: the shipped voila.json
    gives it the no-delay connection class. Without it, Nagle's algorithm held a message back about
    40 ms after every tenth or so change of PlanBuilder in Voila (make bench's browser figure)."""
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
    from traitlets.config import Config
    from voila.app import Voila

    shipped = json.loads((ROOT / "jupyter-config" / "voila.json").read_text())
    app = Voila(config=Config(shipped))
    cls = app.kernel_websocket_connection_class
    assert cls is server.NoDelayZMQChannelsWebsocketConnection
    assert issubclass(cls, ZMQChannelsWebsocketConnection) and cls._careerkit_no_delay
    assert shipped["VoilaConfiguration"]["template"] == "careerkit"
