"""Figure 5: the size of each committed notebook and of each handout.

A notebook is committed without outputs (nbstripout), except small text outputs that nbval
checks; a single saved figure or widget state adds megabytes (a ``FigureWidget``'s saved state
carries the whole plotly.js bundle, ~5 MB). Target per notebook: at most 200 kB.

A handout (``make handouts`` → ``handouts/*.html``) must draw its plots offline, so it embeds
plotly.js once. Target per handout: plotly.js bundle + 1 MB of text and figures (a second
embedded bundle, or a figure with a huge data array, fails it).

Handouts are build outputs (not committed). When ``handouts/`` has no HTML files the figure
reports that instead of a size; run ``make handouts`` first.

Run alone:  .venv/bin/python -m bench sizes
"""
from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_TARGET_KB = 200.0
HANDOUT_EXTRA_KB = 1024.0


def committed_notebooks(root: Path = ROOT) -> list[Path]:
    """Every ``notebooks/*.ipynb`` tracked by git (falls back to every file there outside git)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--", "notebooks/*.ipynb"], cwd=root, check=True, capture_output=True, text=True
        ).stdout
        paths = [root / line for line in out.splitlines() if line.strip()]
    except (OSError, subprocess.CalledProcessError):
        paths = sorted((root / "notebooks").glob("*.ipynb"))
    return sorted(p for p in paths if p.is_file())


def plotly_bundle_kb() -> float:
    """Size of the plotly.js bundle a handout embeds (the one shipped with the installed plotly)."""
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").stat().st_size / 1024


def measure(root: Path = ROOT, handouts: Path | None = None) -> list[dict]:
    """One row per committed notebook and per handout: name, value (kB), unit, target, passed."""
    rows = []
    for path in committed_notebooks(root):
        kb = path.stat().st_size / 1024
        rows.append(_row(f"notebook size: {path.name}", kb, f"<= {NOTEBOOK_TARGET_KB:.0f}", kb <= NOTEBOOK_TARGET_KB))
    if not rows:
        rows.append(_row("notebook size: (no committed notebooks yet)", 0.0, None, True,
                         note="no notebooks/*.ipynb tracked by git"))
    handouts = handouts or root / "handouts"
    pages = sorted(handouts.glob("*.html")) if handouts.is_dir() else []
    limit = plotly_bundle_kb() + HANDOUT_EXTRA_KB
    for path in pages:
        kb = path.stat().st_size / 1024
        rows.append(_row(f"handout size: {path.name}", kb, f"<= {limit:.0f}", kb <= limit,
                         note="target: one plotly.js bundle + 1 MB"))
    if not pages:
        rows.append(_row("handout size: (handouts not built)", 0.0, None, True,
                         note=f"no HTML files in {handouts}; run `make handouts` first"))
    return rows


def _row(name, value, target, passed, *, note=""):
    return {"figure": "sizes", "name": name, "value": round(float(value), 1), "unit": "kB",
            "target": target, "passed": bool(passed), "note": note}


if __name__ == "__main__":
    for r in measure():
        print(f"{r['name']:<50}{r['value']:>10.1f} kB  {r['target'] or 'info'}  {r['note']}")
