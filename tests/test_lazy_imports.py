"""What importing careerkit loads: `careerkit.server` (imported by every Jupyter server of the
environment) and `import careerkit` itself load no pandas, plotly, ipywidgets or pydantic."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ["pandas", "numpy", "plotly", "ipywidgets", "pydantic", "rapidfuzz", "careerkit.datasets"]


def _loaded_after(code: str) -> list[str]:
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("code", ["import careerkit.server", "import careerkit"])
def test_importing_loads_no_heavy_module(code):
    assert _loaded_after(code) == []


def test_every_public_name_still_works():
    import careerkit as ck

    assert set(ck.__all__) <= set(dir(ck))
    for name in ck.__all__:
        assert getattr(ck, name) is not None, name
    assert len(ck.ladders()) and ck.load_dataset("quiz").equals(ck.quiz())
    assert issubclass(ck.DataError, ValueError)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ck.nope  # noqa: B018
