"""The code's own rules: the package's layers hold (CONTRIBUTING.md, "The shape of the code"), no
module uses another module's private names, and ruff finds nothing."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "careerkit"


def test_every_module_imports_only_from_the_layers_below_it():
    """The layers contract in pyproject.toml ([tool.importlinter]), checked by import-linter."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "1 kept, 0 broken" in out.stdout


def _private_imports(path: Path) -> list[str]:
    here = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("careerkit"):
            for alias in node.names:
                if alias.name.startswith("_") and node.module != here:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: from {node.module} import {alias.name}")
    return found


def test_no_module_imports_another_modules_private_names():
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in _private_imports(path)]
    assert not found, "make the name public (or move it) instead:\n" + "\n".join(found)


def test_the_private_name_check_finds_one(tmp_path):
    (tmp_path / "careerkit").mkdir()
    probe = tmp_path / "careerkit" / "probe.py"
    probe.write_text("from careerkit.plots import _figure, alt_text\n")
    global ROOT
    root, ROOT = ROOT, tmp_path
    try:
        assert _private_imports(probe) == ["careerkit/probe.py:1: from careerkit.plots import _figure"]
    finally:
        ROOT = root


def test_ruff_finds_nothing():
    """ruff's checks as configured in pyproject.toml ([tool.ruff]): pyflakes, pycodestyle errors,
    bugbear and import order. Fix with `ruff check --fix`; the code is not reformatted by a tool."""
    ruff = Path(sys.executable).with_name("ruff")
    out = subprocess.run([str(ruff), "check", "--no-cache", "--output-format", "concise", "."], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
