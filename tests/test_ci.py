"""The GitHub Actions workflow (.github/workflows/ci.yml) parses and runs what it should.

It cannot run here (no GitHub runner): this test reads it. Linux runs ``make test`` in a Debian
container (Debian's Chromium for the browser tests); Windows and macOS run the fast tests and the
wheel test with the README's commands, without make or bash.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))


def commands(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] if "run" in step for line in step["run"].splitlines()]


def test_workflow_runs_on_pushes_and_pull_requests():
    wf = workflow()
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    assert set(wf["jobs"]) == {"linux", "other-systems"}


def test_linux_job_runs_make_test_with_debians_chromium():
    job = workflow()["jobs"]["linux"]
    assert job["container"].startswith("debian:")
    cmds = commands(job)
    assert "make test" in cmds
    install = next(c for c in cmds if "apt-get install" in c or c.endswith("\\"))
    packages = " ".join(cmds[cmds.index(install):cmds.index(install) + 3])
    for package in ("chromium", "python3-venv", "make", "git"):
        assert package in packages.split(), package
    assert any(step.get("uses", "").startswith("actions/checkout@") for step in job["steps"])
    node = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-node@"))
    assert int(node["with"]["node-version"]) >= 20  # configurable-http-proxy 5 needs Node 20


def test_windows_and_macos_run_the_fast_tests_and_the_wheel_test():
    job = workflow()["jobs"]["other-systems"]
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest"}
    assert job["runs-on"] == "${{ matrix.os }}"
    cmds = commands(job)
    assert not [c for c in cmds if c.startswith(("make", "bash", "./"))], "no make or bash there"
    assert 'python -m pip install -c constraints.txt -e ".[test]"' in cmds
    assert "python -m careerkit enable-server" in cmds
    fast = next(shlex.split(c) for c in cmds if c.startswith("python -m pytest -m"))
    assert fast[fast.index("-m", 3) + 1] == "not browser"
    assert "python -m pytest tests/test_course_wheel.py" in cmds
    assert (ROOT / "tests" / "test_course_wheel.py").is_file()
