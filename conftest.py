"""Kernels the tests start are reached over Unix sockets, not TCP ports (Linux and macOS).

For TCP, jupyter_client picks five free ports and the kernel binds them a second or two later, when
Python has started; a port that another program takes in between kills the kernel at start
("Address already in use"). The tests start kernels while two test processes, their servers and
browsers take ports all the time. JupyterLab, Voila and JupyterHub restart such a kernel on new
ports; nbval and nbclient do not, so one lost port fails a notebook's tests or the handout build.
``tools/make_handouts.py`` does the same for its kernels (``kernel_config``).

nbval makes its kernel manager with no settings, so the ``KernelManager`` it calls is replaced by
one that takes these; ``tests/test_kernels.py`` checks that nbval's kernels still use them.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid

import pytest

UNIX_SOCKETS = os.name == "posix"
_FOLDER = pytest.StashKey[str]()  # this test process's folder of kernel sockets


def unix_socket_settings(folder: str) -> dict:
    """``KernelManager`` settings for one kernel whose sockets are files ``folder/<id>-<n>``."""
    return {"transport": "ipc", "ip": os.path.join(folder, uuid.uuid4().hex[:12])}


def pytest_configure(config):
    if not UNIX_SOCKETS:
        return
    import nbval.kernel

    folder = tempfile.mkdtemp(prefix="careerkit-kernels-")
    config.stash[_FOLDER] = folder

    class UnixSocketKernelManager(nbval.kernel.KernelManager):
        def __init__(self, **kwargs):
            super().__init__(**{**unix_socket_settings(folder), **kwargs})

    nbval.kernel.KernelManager = UnixSocketKernelManager


def pytest_unconfigure(config):
    folder = config.stash.get(_FOLDER, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def kernel_config(request):
    """A traitlets ``Config`` for ``nbclient.NotebookClient(config=...)``: its kernel on Unix sockets."""
    from traitlets.config import Config

    if not UNIX_SOCKETS:
        return Config()
    return Config({"KernelManager": unix_socket_settings(request.config.stash[_FOLDER])})
