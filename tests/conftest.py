"""Session-wide clean-up for every test module."""
from __future__ import annotations

import sys

import pytest


@pytest.fixture(scope="session", autouse=True)
def _remove_shared_environments():
    """The environments bench._envs.shared_env built for this session (the wheel and hub tests) are
    removed when the session ends, in each pytest-xdist worker that built one."""
    yield
    envs = sys.modules.get("bench._envs")
    if envs is not None:
        envs.remove_shared()
