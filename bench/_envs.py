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
import time
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

#: Set by the tests (tests/conftest.py) to a folder that every pytest-xdist process of one session
#: shares, and that the session removes when every process has finished. An environment is then
#: built once for the session, by the first process that needs it, and the others wait for it.
SESSION_DIR = "CAREERKIT_TEST_SESSION_DIR"
#: How long a process waits for the environment another one is building (s).
BUILD_TIMEOUT = 900


def shared_env(extras: str = "lab,hub") -> Path:
    """One environment per test session, from a fresh wheel, for every test that needs one: its python.

    It lives in a folder every user can read and run (the hub's learners use it), built from a Python
    they can run too: this one, unless it sits under a folder only root can enter (a pyenv in /root),
    then /usr/bin/python3. Removed when the session ends.
    """
    if extras not in _shared:
        session = os.environ.get(SESSION_DIR)
        _shared[extras] = _session_env(Path(session), extras) if session else _own_env(extras)
    return _shared[extras]


def _build(folder: Path, extras: str) -> Path:
    if os.name == "posix":
        folder.chmod(0o755)
    wheel = build_wheel(folder / "build")
    return install_env(wheel, folder / "venv", extras, base_python=_runnable_python())


def _own_env(extras: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ckhub-env-"))
    _folders.append(folder)
    atexit.register(shutil.rmtree, folder, True)  # for bench.hub; the tests call remove_shared
    return _build(folder, extras)


def _session_env(session: Path, extras: str) -> Path:
    folder = session / ("env-" + extras.replace(",", "-"))
    ready, failed = folder.with_name(folder.name + ".ready"), folder.with_name(folder.name + ".failed")
    try:
        folder.mkdir()  # atomic: the one process that makes the folder builds the environment
    except FileExistsError:
        return _built_elsewhere(extras, ready, failed)
    try:
        python = _build(folder, extras)
    except BaseException as exc:
        _write_at_once(failed, f"{type(exc).__name__}: {exc}")
        raise
    _write_at_once(ready, str(python))
    return python


def _write_at_once(path: Path, text: str) -> None:
    """Another process waits for ``path``: it must never read it half written."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


def _built_elsewhere(extras: str, ready: Path, failed: Path) -> Path:
    deadline = time.monotonic() + BUILD_TIMEOUT
    while time.monotonic() < deadline:
        if ready.exists():
            return Path(ready.read_text(encoding="utf-8"))
        if failed.exists():
            raise AssertionError(f"building careerkit[{extras}] in another test process failed:\n"
                                 + failed.read_text(encoding="utf-8"))
        time.sleep(1)
    raise AssertionError(f"careerkit[{extras}], built in another test process, was not ready after "
                         f"{BUILD_TIMEOUT} s ({ready.parent})")


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
