"""Session-wide set-up and clean-up for every test module.

One folder is shared by every process of a test session (``bench._envs.SESSION_DIR``): what only
has to be made once a session (the wheel's environment, the handouts) is made there by the first
process that needs it, and the others use it. The process that starts the session (pytest-xdist's
controller, or pytest itself without it) makes the folder before any worker starts, and removes it,
and stops what is still running there (a ``NAME.pid`` without its ``NAME.exit``), after every
worker has finished.
"""
from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import pytest

from bench._envs import SESSION_DIR

_OWNED = pytest.StashKey[Path]()


def pytest_configure(config):
    if hasattr(config, "workerinput") or os.environ.get(SESSION_DIR):
        return  # a pytest-xdist worker, or a session inside another one: the folder is given
    folder = Path(tempfile.mkdtemp(prefix="careerkit-tests-"))
    if os.name == "posix":
        folder.chmod(0o755)  # the hub's learners run the environment built in it
    os.environ[SESSION_DIR] = str(folder)  # the workers, started after this, inherit it
    config.stash[_OWNED] = folder


def pytest_unconfigure(config):
    folder = config.stash.get(_OWNED, None)
    if folder is None:
        return
    os.environ.pop(SESSION_DIR, None)
    for pid_file in folder.glob("*.pid"):
        if pid_file.with_suffix(".exit").exists() or not hasattr(os, "killpg"):
            continue
        try:
            os.killpg(int(pid_file.read_text()), signal.SIGTERM)  # started with start_new_session
        except (ValueError, OSError):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _long(item) -> bool:
    return any(item.get_closest_marker(m) for m in ("browser", "slow"))


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests
def pytest_collection_modifyitems(config, items):
    """The test files with the most long tests (marked ``browser`` or ``slow``) first, files without
    one last, each group with its largest files first. pytest-xdist (``--dist loadfile --no-loadscope-reorder``,
    see the Makefile) hands the files out in this order, so while one process is still in a long
    file the other takes the short ones: left last, one file of long tests kept one process busy
    alone after the other had finished."""
    files: dict[str, list] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::", 1)[0], []).append(item)
    order = sorted(files.values(), key=lambda tests: (-sum(map(_long, tests)), -len(tests)))
    items[:] = [item for tests in order for item in tests]


@pytest.fixture(scope="session", autouse=True)
def _remove_shared_environments():
    """The environments bench._envs.shared_env built for this session outside the session folder
    (when that folder is not set) are removed when the session ends, in each process that built one."""
    yield
    envs = sys.modules.get("bench._envs")
    if envs is not None:
        envs.remove_shared()
