"""Cold-start cost of careerkit: `import careerkit` + loading every shipped table.

Each measurement is a fresh Python process (so nothing is cached in memory), compared with a
process that only imports the stack a notebook needs anyway (pandas, plotly, ipywidgets).
Target: the careerkit process takes at most 0.3 s more (median of several runs).

Run:  .venv/bin/python -m bench.import_time
"""
from __future__ import annotations

import statistics
import subprocess
import sys

BASELINE = "import time; t=time.perf_counter(); import pandas, plotly.graph_objects, ipywidgets; print(time.perf_counter()-t)"
CAREERKIT = (
    "import time; t=time.perf_counter(); import pandas, plotly.graph_objects, ipywidgets; import careerkit;"
    " [careerkit.load_dataset(n) for n in careerkit.list_datasets()]; print(time.perf_counter()-t)"
)
TARGET_S = 0.3


def _once(code: str) -> float:
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def measure(repeat: int = 7) -> dict:
    """Median seconds for the baseline and the careerkit process, interleaved to share noise."""
    base, ck = [], []
    _once(CAREERKIT)  # warm the OS file cache once; every process is still a cold interpreter
    for _ in range(repeat):
        base.append(_once(BASELINE))
        ck.append(_once(CAREERKIT))
    extra = statistics.median(ck) - statistics.median(base)
    return {
        "baseline_s": statistics.median(base),
        "careerkit_s": statistics.median(ck),
        "extra_s": extra,
        "target_s": TARGET_S,
        "passed": extra <= TARGET_S,
    }


if __name__ == "__main__":
    r = measure(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
    print(f"import pandas+plotly+ipywidgets      {r['baseline_s']*1000:7.0f} ms (median)")
    print(f"... + import careerkit + every table {r['careerkit_s']*1000:7.0f} ms (median)")
    print(f"extra                                {r['extra_s']*1000:7.0f} ms  target <= {TARGET_S*1000:.0f} ms  "
          f"{'PASS' if r['passed'] else 'FAIL'}")
