"""What keeps ``make test`` from spending time it need not: the order it hands the test files to its
processes in (tests/conftest.py, ``pytest_collection_modifyitems``, and ``--no-loadscope-reorder``
in the Makefile), and environments installed with their bytecode."""
from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# as pytest would take them: a file without a long test, two with one each (browser, slow), and a
# smaller file without one
FILES = ["tests/test_check.py", "tests/test_hub.py", "tests/test_plan_kill.py", "tests/test_numbers.py"]


def test_files_with_long_tests_come_first_and_stay_whole():
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                          "-p", "no:xdist", *FILES], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = [line.split("::", 1)[0] for line in out.splitlines() if "::" in line]
    order = list(dict.fromkeys(files))
    assert sorted(order) == sorted(FILES), out[-2000:]
    assert len(order) == len(list(itertools.groupby(files))), f"a file's tests are split: {files}"
    assert set(order[:2]) == {"tests/test_hub.py", "tests/test_plan_kill.py"}, order
    assert order[2:] == ["tests/test_check.py", "tests/test_numbers.py"], order  # the larger file first


def test_make_test_keeps_that_order():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    line = next(x for x in makefile.splitlines() if x.startswith("PYTEST_PARALLEL ="))
    # without it pytest-xdist sorts the files by their number of tests, which left the long
    # browser files (a few tests each) to the end
    assert "--dist loadfile" in line and "--no-loadscope-reorder" in line, line


def test_environments_are_installed_with_their_bytecode():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [x for x in makefile.splitlines() if "uv pip install" in x]
    assert len(installs) == 2 and all("--compile-bytecode" in x for x in installs), installs
    # where PYTHONDONTWRITEBYTECODE is set, nothing else writes them: each kernel would compile plotly
    import plotly

    compiled = Path(importlib.util.cache_from_source(plotly.__file__))
    assert compiled.exists() or not sys.flags.dont_write_bytecode, (
        f"{compiled} is missing: this environment was installed without bytecode (see the Makefile)")
