"""Self-study without a clone: the built wheel, installed (not editable) into a fresh virtual
environment with its real dependencies, brings the course and switches careerkit.server on.

The environment is built from the wheel alone (``pip install -c constraints.txt "careerkit[lab]"``,
quick with pip's cache), then, from a folder outside the repository: ``python -m careerkit course``
copies the notebooks, 00_start_here.ipynb runs from that copy in that environment's own kernel,
``python -m careerkit check`` passes and ``jupyter server extension list`` shows careerkit.server
enabled. Runs on Linux, macOS and Windows (the CI jobs run it on all three).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from careerkit.course import COURSE_FILES

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = "Scripts" if os.name == "nt" else "bin"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _env() -> dict[str, str]:
    """This process's environment without anything that points Python or Jupyter elsewhere."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"} and not k.startswith("JUPYTER")}
    env["PYTHONUTF8"] = "1"  # the check prints ✓ / ✗ also on a Windows console
    return env


def _run(argv, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run([str(a) for a in argv], capture_output=True, text=True, encoding="utf-8",
                         errors="replace", env=kw.pop("env", _env()), **kw)
    assert out.returncode == 0, f"{argv} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # built from a copy of the source: setuptools reuses an in-tree build/ folder, whose leftovers
    # would end up in the wheel (a file that the package data no longer lists would still be shipped)
    source = tmp_path_factory.mktemp("source") / "careerkit"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "handouts", "screenshots",
        "node_modules"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source])
    wheels = list(dist.glob("careerkit-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_carries_the_course_and_the_server_switch(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for name in COURSE_FILES:
        assert f"careerkit/notebooks/{name}" in names
    assert not [n for n in names if "nbval_sanitize" in n or "checkpoint" in n]
    assert [n for n in names if n.endswith("data/etc/jupyter/jupyter_server_config.d/careerkit.json")]


@pytest.mark.slow
def test_fresh_environment_from_the_wheel_runs_the_course(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv])
    python = venv / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-c", ROOT / "constraints.txt", f"careerkit[lab] @ {wheel.as_uri()}"])

    elsewhere = tmp_path / "learner"
    elsewhere.mkdir()
    out = _run([python, "-m", "careerkit", "course"], cwd=elsewhere).stdout
    folder = elsewhere / "careerkit-course"
    assert sorted(p.name for p in folder.iterdir()) == sorted(COURSE_FILES)
    assert "-m careerkit lab" in out
    for name in COURSE_FILES:
        assert (folder / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()

    # 00_start_here.ipynb from the copied folder, in a kernel of the new environment (nbclient and the
    # kernel spec come from there too); one extra cell, in memory only, says which Python ran it.
    script = textwrap.dedent(
        """
        import sys, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read("careerkit-course/00_start_here.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import sys; print('KERNEL', sys.executable)"))
        NotebookClient(nb, kernel_name="python3", timeout=300,
                       resources={"metadata": {"path": "careerkit-course"}}).execute()
        text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        print(text)
        """
    )
    ran = _run([python, "-c", script], cwd=elsewhere).stdout
    kernel = re.search(r"KERNEL (.+)", ran).group(1).strip()
    assert os.path.samefile(kernel, python), (kernel, python)
    assert "All set" in ran and "✗" not in ran, ran

    check = _run([python, "-m", "careerkit", "check"], cwd=elsewhere).stdout
    assert "✓ careerkit.server: switched on" in check and "All set" in check

    listed = _run([venv / SCRIPTS / "jupyter", "server", "extension", "list"], cwd=elsewhere)
    text = ANSI.sub("", listed.stdout + listed.stderr)
    assert re.search(r"careerkit\.server\s+enabled", text), text
    assert re.search(r"careerkit\.server\s+OK", text), text
