"""hub/jupyterhub_config.py read as JupyterHub reads it (``get_config()`` and the environment), without
starting a hub: what a local trial (``make hub``) sets up.  The hub itself runs in tests/test_hub.py."""
from __future__ import annotations

import os
import runpy
import stat
from pathlib import Path

import pytest
from traitlets.config import Config

CONFIG = Path(__file__).resolve().parent.parent / "hub" / "jupyterhub_config.py"
PROXY = CONFIG.parent / "node_modules" / ".bin" / "configurable-http-proxy"


def _load(monkeypatch, tmp_path, **env) -> Config:
    if not PROXY.exists():
        pytest.skip("hub/node_modules is missing: `make hub-deps` (make test installs it)")
    for key in [k for k in os.environ if k.startswith("CAREERKIT_")]:
        monkeypatch.delenv(key)
    for key, value in {"CAREERKIT_HUB_STATE": str(tmp_path / "state"), **env}.items():
        monkeypatch.setenv(key, value)
    config = Config()
    runpy.run_path(str(CONFIG), init_globals={"get_config": lambda: config})
    return config


def test_a_local_trial_gets_a_class_folder_for_the_class_view(monkeypatch, tmp_path, capsys):
    config = _load(monkeypatch, tmp_path, CAREERKIT_HUB_MODE="trial")
    folder = tmp_path / "state" / "class"
    assert config.Spawner.environment["CAREERKIT_CLASS_DIR"] == str(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o3753 if os.name == "posix" else folder.is_dir()
    out = capsys.readouterr().out
    assert "LOCAL TRIAL" in out and str(folder) in out


def test_a_class_folder_given_is_the_one_every_learner_gets(monkeypatch, tmp_path):
    mine = tmp_path / "my-class"
    config = _load(monkeypatch, tmp_path, CAREERKIT_HUB_MODE="trial", CAREERKIT_CLASS_DIR=str(mine))
    assert config.Spawner.environment["CAREERKIT_CLASS_DIR"] == str(mine)
    assert not (tmp_path / "state" / "class").exists() and not mine.exists()  # an instructor's folder: theirs to make


def test_learners_servers_get_nothing_of_the_hubs_python_path(monkeypatch, tmp_path):
    """A hub started with PYTHONPATH (a development checkout) or from another virtualenv or conda
    environment must not hand those to the learners' servers: their kernels would import another
    careerkit than the learners' environment holds (JupyterHub passes them on by default)."""
    from jupyterhub.spawner import Spawner

    config = _load(monkeypatch, tmp_path, CAREERKIT_HUB_MODE="trial")
    kept = config.Spawner.env_keep if "env_keep" in config.Spawner else Spawner.env_keep.default_value
    assert not {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CONDA_ROOT", "CONDA_DEFAULT_ENV"} & set(kept), kept
    assert "LANG" in kept


def test_learners_kernels_use_unix_sockets_not_tcp_ports(monkeypatch, tmp_path):
    """Kernels on TCP ports of 127.0.0.1 can be reached by every user of the machine, and servers that
    start kernels at the same moment can pick the same free port (the kernel then exits)."""
    for mode, env in (("class", {"CAREERKIT_HUB_GROUP": "learners"}), ("trial", {})):
        config = _load(monkeypatch, tmp_path, CAREERKIT_HUB_MODE=mode, **env)
        assert "--KernelManager.transport=ipc" in config.Spawner.args, (mode, config.Spawner.args)
