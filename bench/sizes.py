"""Figure 5: the size of each committed notebook and of each handout.

A notebook is committed without outputs (nbstripout), except small text outputs that nbval
checks; a single saved figure or widget state adds megabytes (a ``FigureWidget``'s saved state
carries the whole plotly.js bundle, ~5 MB). Target per notebook: at most 200 kB.

A handout (``make handouts`` → ``handouts/*.html``) must draw its plots offline, so it embeds
plotly.js once. Target per handout: plotly.js bundle + 1 MB of text and figures (a second
embedded bundle, or a figure with a huge data array, fails it).

Handouts are build outputs (not committed). ``handouts/*.html`` is measured when it is newer than
every notebook; otherwise the handouts are built afresh into a temporary folder with
``tools/make_handouts.py --out`` (executes every notebook, a minute or two). With ``build=False``
(``--quick``) stale or missing handouts are reported as not built instead.

Run alone:  .venv/bin/python -m bench sizes
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
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


def fresh_handouts(root: Path, folder: Path) -> list[Path]:
    """``folder/*.html`` if there is one per notebook and all are newer than every notebook, else []."""
    books = committed_notebooks(root)
    pages = sorted(folder.glob("*.html")) if folder.is_dir() else []
    if not books or {p.stem for p in pages} < {b.stem for b in books}:
        return []
    newest = max(b.stat().st_mtime for b in books)
    return pages if all(p.stat().st_mtime >= newest for p in pages) else []


def build_handouts(root: Path, out: Path) -> list[Path]:
    """Run ``tools/make_handouts.py --out out``; the HTML files it wrote."""
    tool = root / "tools" / "make_handouts.py"
    if not tool.exists():
        return []
    done = subprocess.run([sys.executable, str(tool), "--out", str(out)], cwd=root, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"tools/make_handouts.py failed: {done.stderr.strip()[-500:]}")
    return sorted(out.glob("*.html"))


def measure(root: Path = ROOT, handouts: Path | None = None, *, build: bool = False) -> list[dict]:
    """One row per committed notebook and per handout: name, value (kB), unit, target, passed."""
    rows = []
    for path in committed_notebooks(root):
        kb = path.stat().st_size / 1024
        rows.append(_row(f"notebook size: {path.name}", kb, f"<= {NOTEBOOK_TARGET_KB:.0f}", kb <= NOTEBOOK_TARGET_KB))
    if not rows:
        rows.append(_row("notebook size: (no committed notebooks yet)", 0.0, None, True,
                         note="no notebooks/*.ipynb tracked by git"))
    handouts = handouts or root / "handouts"
    limit = plotly_bundle_kb() + HANDOUT_EXTRA_KB
    with tempfile.TemporaryDirectory(prefix="ck-bench-handouts-") as tmp:
        pages, where = fresh_handouts(root, handouts), "handouts/"
        if not pages and build:
            pages, where = build_handouts(root, Path(tmp)), "built for this run"
        for path in pages:
            kb = path.stat().st_size / 1024
            rows.append(_row(f"handout size: {path.name}", kb, f"<= {limit:.0f}", kb <= limit,
                             note=f"{where}; target: one plotly.js bundle + 1 MB"))
    if not pages:
        rows.append(_row("handout size: (handouts not built)", 0.0, None, True,
                         note=f"no up-to-date HTML files in {handouts}; run `make handouts` first"))
    return rows


def _row(name, value, target, passed, *, note=""):
    return {"figure": "sizes", "name": name, "value": round(float(value), 1), "unit": "kB",
            "target": target, "passed": bool(passed), "note": note}


if __name__ == "__main__":
    for r in measure():
        print(f"{r['name']:<50}{r['value']:>10.1f} kB  {r['target'] or 'info'}  {r['note']}")
