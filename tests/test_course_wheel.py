"""Self-study without a clone: the built wheel, installed (not editable) into a fresh virtual
environment with its real dependencies, brings the course and switches careerkit.server on.

The environment is built from the wheel alone (``pip install -c constraints.txt "careerkit[lab,hub]"``),
then, from a folder outside the repository: ``python -m careerkit course``
copies the notebooks, 00_start_here.ipynb runs from that copy in that environment's own kernel,
``python -m careerkit check`` passes and ``jupyter server extension list`` shows careerkit.server
enabled. Runs on Linux, macOS and Windows (the CI jobs run it on all three).
"""
from __future__ import annotations

import os
import re
import textwrap
import zipfile
from pathlib import Path

import pytest

from bench import _envs
from bench._envs import ROOT, SCRIPTS, build_wheel, run, shared_env
from careerkit.course import COURSE_FILES

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_the_course_and_the_server_switch(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for name in COURSE_FILES:
        assert f"careerkit/notebooks/{name}" in names
    assert not [n for n in names if "nbval_sanitize" in n or "checkpoint" in n]
    assert [n for n in names if n.endswith("data/etc/jupyter/jupyter_server_config.d/careerkit.json")]


def test_the_source_copied_for_a_wheel_leaves_out_every_virtual_environment():
    names = [".venv", ".venv-newest", ".git", "build", "careerkit", "notebooks", "data", "pyproject.toml"]
    left_out = _envs.SOURCE_IGNORE(str(ROOT), names)
    assert left_out == {".venv", ".venv-newest", ".git", "build"}


def test_the_shared_environments_are_removed_when_the_session_ends(tmp_path, monkeypatch):
    """What tests/conftest.py calls at the end of a session (in each pytest-xdist worker)."""
    folder = tmp_path / "ckhub-env-test"
    (folder / "venv" / "bin").mkdir(parents=True)
    monkeypatch.setattr(_envs, "_folders", [folder])
    monkeypatch.setattr(_envs, "_shared", {"lab,hub": folder / "venv" / "bin" / "python"})
    _envs.remove_shared()
    assert not folder.exists()
    assert _envs._shared == {} and _envs._folders == []


def test_an_environment_is_built_once_a_session_and_the_other_processes_wait_for_it(tmp_path, monkeypatch):
    built = []

    def build(folder, extras):
        built.append(folder)
        return folder / "venv" / SCRIPTS / "python"

    monkeypatch.setattr(_envs, "_build", build)
    first = _envs._session_env(tmp_path, "lab,hub")
    again = _envs._session_env(tmp_path, "lab,hub")  # as another process: the folder is there, and ready
    assert again == first == tmp_path / "env-lab-hub" / "venv" / SCRIPTS / "python"
    assert built == [tmp_path / "env-lab-hub"]


def test_a_failed_build_fails_the_processes_waiting_for_it(tmp_path, monkeypatch):
    def build(folder, extras):
        raise AssertionError("pip install failed")

    monkeypatch.setattr(_envs, "_build", build)
    with pytest.raises(AssertionError, match="pip install failed"):
        _envs._session_env(tmp_path, "lab")
    with pytest.raises(AssertionError, match="in another test process failed:\nAssertionError: pip install failed"):
        _envs._session_env(tmp_path, "lab")


def test_every_process_of_a_test_session_is_given_the_same_folder():
    """Made by the process that starts the session, before its workers (tests/conftest.py)."""
    folder = Path(os.environ[_envs.SESSION_DIR])
    assert folder.is_dir() and folder.name.startswith("careerkit-tests-")


@pytest.mark.slow
def test_fresh_environment_from_the_wheel_runs_the_course(wheel, tmp_path):
    python = shared_env()  # careerkit[lab,hub] from a fresh wheel (the hub test uses the same one)
    venv = python.parent.parent

    elsewhere = tmp_path / "learner"
    elsewhere.mkdir()
    out = run([python, "-m", "careerkit", "course"], cwd=elsewhere).stdout
    folder = elsewhere / "careerkit-course"
    assert sorted(p.name for p in folder.iterdir()) == sorted(COURSE_FILES)
    assert "-m careerkit lab" in out
    for name in COURSE_FILES:
        assert (folder / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()

    # 00_start_here.ipynb from the copied folder, in a kernel of the new environment (nbclient and the
    # kernel spec come from there too); one extra cell, in memory only, says which Python ran it.
    # The kernel is on Unix sockets, as every kernel the tests start (conftest.py says why).
    script = textwrap.dedent(
        """
        import os, sys, tempfile, nbformat
        from nbclient import NotebookClient
        from traitlets.config import Config
        nb = nbformat.read("careerkit-course/00_start_here.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import sys; print('KERNEL', sys.executable)"))
        with tempfile.TemporaryDirectory() as folder:
            ipc = {"transport": "ipc", "ip": os.path.join(folder, "kernel")}
            config = Config(KernelManager=ipc) if os.name == "posix" else Config()
            NotebookClient(nb, kernel_name="python3", timeout=300, config=config,
                           resources={"metadata": {"path": "careerkit-course"}}).execute()
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        print(text)
        """
    )
    ran = run([python, "-c", script], cwd=elsewhere).stdout
    kernel = re.search(r"KERNEL (.+)", ran).group(1).strip()
    assert os.path.samefile(kernel, python), (kernel, python)
    assert "All set" in ran and "✗" not in ran, ran

    check = run([python, "-m", "careerkit", "check"], cwd=elsewhere).stdout
    assert "✓ careerkit.server: switched on" in check and "All set" in check

    listed = run([venv / SCRIPTS / "jupyter", "server", "extension", "list"], cwd=elsewhere)
    text = ANSI.sub("", listed.stdout + listed.stderr)
    assert re.search(r"careerkit\.server\s+enabled", text), text
    assert re.search(r"careerkit\.server\s+OK", text), text
