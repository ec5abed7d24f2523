"""A careerkit wheel built from a clean copy of the source, and a fresh virtual environment with it
installed (not editable, with its real dependencies from ``constraints.txt``).
Used by tests/test_course_wheel.py (self-study), tests/test_hub.py and bench.hub (the learners' environment)."""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = "Scripts" if os.name == "nt" else "bin"


def clean_env() -> dict[str, str]:
    """This process's environment without anything that points Python or Jupyter elsewhere."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"} and not k.startswith("JUPYTER")}
    env["PYTHONUTF8"] = "1"  # ✓ / ✗ also on a Windows console
    return env


def run(argv, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run([str(a) for a in argv], capture_output=True, text=True, encoding="utf-8",
                         errors="replace", env=kw.pop("env", clean_env()), **kw)
    assert out.returncode == 0, f"{argv} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


#: What the copy of the source leaves out: version control, build output, caches, and every virtual
#: environment (``make test`` builds ``.venv-newest`` beside ``.venv`` while the tests run; copied, it
#: was about 900 MB of a temporary folder, twice a run).
SOURCE_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "handouts", "screenshots",
    "node_modules", "state")


def build_wheel(tmp: Path) -> Path:
    """``pip wheel`` from a copy of the source: setuptools reuses an in-tree build/ folder, whose
    leftovers would end up in the wheel (a file the package data no longer lists would still ship)."""
    source = tmp / "source" / "careerkit"
    shutil.copytree(ROOT, source, ignore=SOURCE_IGNORE)
    dist = tmp / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, source])
    wheels = list(dist.glob("careerkit-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def install_env(wheel: Path, venv: Path, extras: str = "lab", *, base_python: str = sys.executable) -> Path:
    """A new virtual environment at ``venv`` with ``careerkit[extras]`` from ``wheel``; returns its python."""
    run([base_python, "-m", "venv", "--without-pip", venv])
    python = venv / SCRIPTS / ("python.exe" if os.name == "nt" else "python")
    # this environment's pip installs into the new one (`pip --python`): a venv's own pip may be older
    # (Debian 12's is 23.0) and not read the cache a newer pip wrote, and download everything again
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--disable-pip-version-check",
         "-c", ROOT / "constraints.txt", f"careerkit[{extras}] @ {wheel.as_uri()}"])
    return python


_shared: dict[str, Path] = {}
_folders: list[Path] = []


def shared_env(extras: str = "lab,hub") -> Path:
    """One environment per test session, from a fresh wheel, for every test that needs one: its python.

    It lives in a folder every user can read and run (the hub's learners use it), built from a Python
    they can run too: this one, unless it sits under a folder only root can enter (a pyenv in /root),
    then /usr/bin/python3. Removed when the session ends.
    """
    if extras not in _shared:
        folder = Path(tempfile.mkdtemp(prefix="ckhub-env-"))
        _folders.append(folder)
        atexit.register(shutil.rmtree, folder, True)  # for bench.hub; the tests call remove_shared
        if os.name == "posix":
            folder.chmod(0o755)
        wheel = build_wheel(folder / "build")
        _shared[extras] = install_env(wheel, folder / "venv", extras, base_python=_runnable_python())
    return _shared[extras]


def remove_shared() -> None:
    """Remove every environment :func:`shared_env` made (about 1 GB each). The tests call it when their
    session ends (tests/conftest.py): under pytest-xdist a worker's ``atexit`` removal did not
    always finish, and runs of ``make test`` had left their environments in the temporary folder."""
    while _folders:
        shutil.rmtree(_folders.pop(), ignore_errors=True)
    _shared.clear()


def _runnable_python() -> str:
    base = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
    if os.name != "posix" or all(os.stat(p).st_mode & 0o001 for p in [base, *base.parents]):
        return sys.executable
    return "/usr/bin/python3"
