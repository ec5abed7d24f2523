"""The kernels the tests start are on Unix sockets (conftest.py says why): nbval's, and nbclient's
through the ``kernel_config`` fixture. If a new nbval made its kernel manager some other way, its
kernels would be back on TCP ports and the first test here fails."""
from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets are for Linux and macOS")

TRANSPORT = "import ipykernel, json; print(json.loads(ipykernel.get_connection_info())['transport'])"


def test_nbval_starts_its_kernels_on_unix_sockets():
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, RunningKernel

    kernel = RunningKernel(CURRENT_ENV_KERNEL_NAME)  # returns when the kernel has answered
    try:
        info = json.loads(Path(kernel.km.connection_file).read_text(encoding="utf-8"))
        assert info["transport"] == "ipc", info
    finally:
        kernel.stop()


def test_the_kernel_config_fixture_starts_nbclient_kernels_on_unix_sockets(kernel_config, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(TRANSPORT)])
    NotebookClient(nb, kernel_name="python3", timeout=120, config=kernel_config,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "ipc"
