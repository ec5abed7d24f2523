"""A Jupyter server extension: kernel messages reach the browser without waiting 40 ms.

A widget update is several small websocket messages from the server to the browser in a row (the
kernel's "busy", the widget's new state, ...).  Tornado, which Jupyter's server runs on, leaves
Nagle's algorithm on for websockets, so the operating system holds back a small message until the
browser has acknowledged the previous one, and browsers delay that acknowledgement by up to 40 ms.
Measured in JupyterLab on this project's apps: one update in two waited about 40 ms that way (a
text widget's round trip: median 17 ms, p95 51 ms; with this extension 10 and 12 ms).

The extension is switched on for every Jupyter server of the environment careerkit is installed in,
by ``etc/jupyter/jupyter_server_config.d/careerkit.json`` (a wheel installs it; for an editable
install ``make`` and ``postBuild`` copy ``jupyter-config/jupyter_server_config.d/careerkit.json``, and
``python -m careerkit enable-server`` writes it on any system, see :func:`write_config`).
It only sets ``TCP_NODELAY`` on kernel websockets, whatever connection class the server is
configured with. To switch it off: ``jupyter server extension disable careerkit.server``.
Voila run on its own loads no server extension; ``jupyter-config/voila.json`` (installed beside
careerkit's Voila template) names :data:`NoDelayZMQChannelsWebsocketConnection` for it instead.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

#: what ``jupyter-config/jupyter_server_config.d/careerkit.json`` holds
CONFIG = {"ServerApp": {"jpserver_extensions": {"careerkit.server": True}}}
CONFIG_FILE = Path("etc", "jupyter", "jupyter_server_config.d", "careerkit.json")


def write_config(prefix: str | os.PathLike | None = None) -> Path:
    """Switch the extension on for the environment at ``prefix`` (default: this Python's ``sys.prefix``).

    Writes the same file a wheel install puts there (an editable install leaves data files out, and
    ``jupyter server extension enable`` refuses an extension no config file names yet). Returns its path.
    """
    path = Path(sys.prefix if prefix is None else prefix) / CONFIG_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(CONFIG, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)  # atomic: a server starting meanwhile reads the old file or the new one
    return path


def no_delay(base: type) -> type:
    """A subclass of the kernel websocket connection class ``base`` that turns Nagle's algorithm off."""

    class NoDelayConnection(base):
        _careerkit_no_delay = True

        def connect(self):
            self.websocket_handler.set_nodelay(True)  # before the first message is written
            return super().connect()

    NoDelayConnection.__name__ = NoDelayConnection.__qualname__ = f"NoDelay{base.__name__}"
    NoDelayConnection.__module__ = __name__
    return NoDelayConnection


def __getattr__(name: str):
    """``NoDelayZMQChannelsWebsocketConnection``: jupyter_server's default kernel websocket connection
    with Nagle's algorithm off, for Voila run on its own (``voila notebook.ipynb``), which loads no
    server extension and takes the class from its ``Voila.kernel_websocket_connection_class`` setting
    (``jupyter-config/voila.json``). Made on first use: a Jupyter server imports this module at start."""
    if name == "NoDelayZMQChannelsWebsocketConnection":
        from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

        cls = no_delay(ZMQChannelsWebsocketConnection)
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _jupyter_server_extension_points():
    return [{"module": "careerkit.server"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

    settings = serverapp.web_app.settings
    base = settings.get("kernel_websocket_connection_class") or ZMQChannelsWebsocketConnection
    if not getattr(base, "_careerkit_no_delay", False):
        settings["kernel_websocket_connection_class"] = no_delay(base)
    serverapp.log.info("careerkit: kernel websockets send without delay (TCP_NODELAY)")
