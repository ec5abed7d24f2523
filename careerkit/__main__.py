"""``python -m careerkit``: the course on any computer, with no clone, no make and no shell script.

    python -m careerkit course [FOLDER]   copy the notebooks into FOLDER (default ./careerkit-course)
    python -m careerkit lab [FOLDER]      open JupyterLab on FOLDER (default: that folder, or notebooks/ in a clone)
    python -m careerkit check             the environment check of notebook 00, in the terminal
    python -m careerkit enable-server     switch careerkit.server on (what an editable install needs)

The same commands work in PowerShell, cmd, macOS and Linux; ``make lab`` runs ``lab`` too.
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import careerkit
from careerkit.course import DEFAULT_FOLDER, FIRST_NOTEBOOK, copy_course

DEFAULT_PORT = 8888


def python_command() -> str:
    """How the learner can type this Python again: relative if it lives under the current folder
    (a ``.venv``), ``python`` if that name finds this very interpreter, else its full path."""
    exe = Path(sys.executable)
    cwd = Path.cwd()
    on_path = shutil.which("python")
    if on_path and _same_file(on_path, exe):
        shown = "python"
    else:
        try:
            shown = str(exe.relative_to(cwd))
        except ValueError:
            shown = str(exe)
    return _quote(shown)


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _quote(arg: str) -> str:
    if os.name == "nt":
        return subprocess.list2cmdline([arg])
    return shlex.quote(arg)


def lab_folder(folder: str | None, cwd: Path | None = None) -> tuple[Path, bool]:
    """The folder ``lab`` opens, and whether the course must be copied there first.

    An explicit ``folder`` is used as it is. Without one: ``./careerkit-course`` when it holds the
    course, else ``./notebooks`` in a clone of the repository, else a new ``./careerkit-course``.
    """
    cwd = Path.cwd() if cwd is None else cwd
    if folder is not None:
        return Path(folder), False
    course = cwd / DEFAULT_FOLDER
    if (course / FIRST_NOTEBOOK).is_file():
        return course, False
    clone = cwd / "notebooks"
    if (clone / FIRST_NOTEBOOK).is_file():
        return clone, False
    return course, True


def is_root() -> bool:
    """True when running as root on a POSIX system (JupyterLab then needs --allow-root)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_argv(folder: Path, *, port: int = DEFAULT_PORT, open_browser: bool = True,
             root: bool | None = None) -> list[str]:
    """JupyterLab's command-line settings, the same as ``make lab``: 127.0.0.1 only, the given port
    (JupyterLab tries the next ones when it is taken), ``--allow-root`` only for root."""
    argv = [f"--notebook-dir={folder}", "--ip=127.0.0.1", f"--port={port}"]
    if not open_browser:
        argv.append("--no-browser")
    if is_root() if root is None else root:
        argv.append("--allow-root")
    return argv


def cmd_course(args) -> int:
    report = copy_course(args.folder)
    print(report)
    folder = args.folder if args.folder == DEFAULT_FOLDER else str(report.folder)
    lab = "lab" if args.folder == DEFAULT_FOLDER else f"lab {_quote(folder)}"
    print(f"\nNext: {python_command()} -m careerkit {lab}")
    print(f"      then open {FIRST_NOTEBOOK} in JupyterLab.")
    return 0


def cmd_lab(args) -> int:
    folder, needs_course = lab_folder(args.folder)
    if needs_course:
        print(f"No course folder here yet: copying the course into {folder}")
        print(copy_course(folder))
    if not folder.is_dir():
        print(f"{folder} is not a folder. To put the course there: "
              f"{python_command()} -m careerkit course {_quote(str(folder))}", file=sys.stderr)
        return 2
    argv = lab_argv(folder.resolve(), port=args.port, open_browser=not args.no_browser)
    from jupyterlab.labapp import LabApp

    LabApp.launch_instance(argv=argv)
    return 0


def cmd_check(args) -> int:
    from careerkit import envcheck

    found = envcheck.terminal_findings()
    for finding in found:
        print(finding)
    if all(f.ok for f in found):
        print(f"{envcheck.OK} All set. Next: {python_command()} -m careerkit lab")
        return 0
    print(f"{envcheck.BAD} Fix the lines marked {envcheck.BAD} above, then run this check again.")
    return 1


def cmd_enable_server(args) -> int:
    from careerkit import server

    path = server.write_config()
    print(f"careerkit.server is switched on for this environment ({sys.prefix}): wrote {path}")
    print("Restart JupyterLab or Voila if one is running.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m careerkit",
        description="careerkit: a course, in Jupyter notebooks, on the difference between a job and a career.",
        epilog="Start with `python -m careerkit course`, then `python -m careerkit lab`.",
    )
    p.add_argument("--version", action="version", version=f"careerkit {careerkit.__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("course", help="copy the course notebooks into a folder (never overwrites your copies)",
                       description="Copy the five notebooks and the instructor guide into FOLDER. A file "
                                   "already there is never overwritten; the command says which were skipped.")
    c.add_argument("folder", nargs="?", default=DEFAULT_FOLDER, metavar="FOLDER",
                   help=f"where to put the course (default: ./{DEFAULT_FOLDER})")
    c.set_defaults(run=cmd_course)

    lab = sub.add_parser("lab", help="open JupyterLab on the course folder",
                         description="Start JupyterLab on FOLDER, reachable from this computer only "
                                     "(127.0.0.1). Stop it with Ctrl+C.")
    lab.add_argument("folder", nargs="?", default=None, metavar="FOLDER",
                     help=f"the folder to open (default: ./{DEFAULT_FOLDER}, or notebooks/ in a clone of the "
                          f"repository; the course is copied to ./{DEFAULT_FOLDER} first if neither exists)")
    lab.add_argument("--port", type=int, default=DEFAULT_PORT,
                     help=f"port to listen on (default {DEFAULT_PORT}; the next free one if it is taken)")
    lab.add_argument("--no-browser", action="store_true", help="print the address instead of opening a browser")
    lab.set_defaults(run=cmd_lab)

    ck = sub.add_parser("check", help="check that this environment can show the course's apps and charts",
                        description="The environment check of notebook 00, run in the terminal; exits with 1 "
                                    "when something needs fixing.")
    ck.set_defaults(run=cmd_check)

    es = sub.add_parser("enable-server", help="switch careerkit.server on in this environment "
                                              "(needed after an editable install)",
                        description="Write etc/jupyter/jupyter_server_config.d/careerkit.json into this "
                                    "environment, the file a wheel install brings along.")
    es.set_defaults(run=cmd_enable_server)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.command is None:
        p.print_help()
        return 0
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
