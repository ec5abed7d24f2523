"""Packaging checks: environment.yml matches pyproject.toml, and a built wheel carries the data.

* The conda/Binder environment (environment.yml) must list the same packages, with the same
  version ranges, as pyproject.toml (runtime + test extras). Conda is not reachable on this
  machine, so the file is checked by reading it, not by solving it.
* ``pip install .`` (not editable) into a fresh environment, used from another directory, must
  still find every dataset: the tables ship inside the wheel as ``careerkit.data``.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]

# PyPI name -> conda-forge name, where they differ.
CONDA_NAMES: dict[str, str] = {}


def _split(req: str) -> tuple[str, str]:
    """'pandas>=2.2,<4' -> ('pandas', '>=2.2,<4') with a normalised name."""
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
    return name, m.group(2).replace(" ", "")


def _pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        reqs.extend(extra)
    return dict(_split(r) for r in reqs)


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"], "environment.yml must use conda-forge only"
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for req in dep.get("pip", []):
                name, spec = _split(req)
                out[name] = spec
            continue
        name, spec = _split(dep)
        if name in {"python", "pip"}:
            continue
        out[name] = spec
    return out


def test_environment_yml_lists_the_same_packages_as_pyproject():
    py = _pyproject_requirements()
    env = _environment_requirements()
    env_as_pypi = {next((k for k, v in CONDA_NAMES.items() if v == n), n): s for n, s in env.items()}
    missing = sorted(set(py) - set(env_as_pypi))
    extra = sorted(set(env_as_pypi) - set(py))
    assert not missing, f"in pyproject.toml but not in environment.yml: {missing}"
    assert not extra, f"in environment.yml but not in pyproject.toml: {extra}"
    differ = {n: (py[n], env_as_pypi[n]) for n in py if py[n] != env_as_pypi[n]}
    assert not differ, f"version ranges differ (pyproject, environment.yml): {differ}"


def test_required_direct_dependencies_are_declared():
    py = _pyproject_requirements()
    for name in ["jupyterlab", "ipywidgets", "pandas", "plotly", "anywidget", "nbformat", "nbval", "pytest"]:
        assert name in py, f"{name} must be a direct dependency"


def test_constraints_pin_every_direct_dependency():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_split(name)[0]] = version.strip()
    for name in _pyproject_requirements():
        assert name in pins, f"constraints.txt has no pin for {name}"


@pytest.mark.slow
def test_wheel_installed_elsewhere_finds_every_dataset(tmp_path):
    """Build a wheel, install it (no deps) into a fresh venv that borrows this venv's
    third-party packages, and load every dataset from a directory outside the repository."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
    )
    wheels = list(dist.glob("careerkit-*.whl"))
    assert len(wheels) == 1, wheels

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    vpy = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(vpy), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # Third-party packages from the test venv (a plain path entry: the editable careerkit
    # finder there is *not* activated, because .pth files are only run in site dirs).
    Path(purelib, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(vpy), "install", "--quiet", "--no-deps", str(wheels[0])],
        check=True,
    )
    script = textwrap.dedent(
        """
        import careerkit, pathlib, sys
        here = pathlib.Path(careerkit.__file__).resolve()
        assert str(here).startswith(sys.prefix), here
        for name in careerkit.list_datasets():
            df = careerkit.load_dataset(name)
            assert len(df) > 0, name
        from careerkit import validate
        # the ladder templates (the UK one is left blank for an instructor to fill in)
        assert len(validate.load_ladders(validate.template_path())) > 0
        assert "ladder,step,title" in validate.template_path("uk_fire_service.csv").read_text()
        print("ok", len(careerkit.list_datasets()))
        """
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH"}}
    out = subprocess.run([str(vpy), "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok"), out.stdout


def test_shipped_files_sit_in_packages_setuptools_is_told_about():
    """A package-data pattern reaching into a sub-folder ("templates/*.csv") makes setuptools warn
    that the folder is an importable package missing from ``packages``, one it may stop shipping:
    each folder of shipped files is a package of its own."""
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package, patterns in tool["package-data"].items():
        assert package in tool["packages"], package
        assert all("/" not in p for p in patterns), (package, patterns)


def test_every_jupyter_config_file_is_installed_by_make_postbuild_and_the_wheel():
    """Each file in jupyter-config/ (server extension switch, Voila template and the files that choose
    it) reaches the environment three ways: `make venv`, Binder's postBuild, and a wheel's data-files."""
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "jupyter-config").rglob("*") if p.is_file())
    assert "jupyter-config/voila.json" in files and "jupyter-config/voila/templates/careerkit/index.html.j2" in files
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    in_wheel = {f for listed in data_files.values() for f in listed}
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    postbuild = (ROOT / "postBuild").read_text(encoding="utf-8")
    for f in files:
        folder = f.rsplit("/", 1)[0] + "/*"
        assert f in in_wheel, f"pyproject.toml's data-files leave out {f}"
        assert f in makefile or folder in makefile, f"make venv does not install {f}"
        assert f in postbuild or folder in postbuild, f"postBuild does not install {f}"
    for target, listed in data_files.items():
        for f in listed:
            rel = f.removeprefix("jupyter-config/")
            assert target.endswith(rel.rsplit("/", 1)[0]) if "/" in rel else target == "etc/jupyter", (target, f)
