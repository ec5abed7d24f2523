"""The course itself: the five notebooks and the instructor guide, copied into a learner's folder.

The wheel carries them as the package data ``careerkit.notebooks`` (the ``notebooks/`` folder of the
repository, see pyproject.toml); in a clone with an editable install the same name reads ``notebooks/``
itself. :func:`copy_course` is what ``python -m careerkit course`` runs and what the JupyterHub setup
(``hub/jupyterhub_config.py``) runs for each new learner.

A learner's own copy is never overwritten: a file that is already there is left as it is (and
reported as kept when it differs from the shipped one, which usually means the learner has worked in
it). Each file is written to a temporary name first and then linked into place, so an interrupted copy
leaves no half-written notebook, and a file that appears meanwhile is not replaced.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

#: the files of the course, in the order a learner meets them
COURSE_FILES = (
    "00_start_here.ipynb",
    "01_job_or_career.ipynb",
    "02_career_ladders.ipynb",
    "03_lifetime_view.ipynb",
    "04_job_to_career.ipynb",
    "instructor_guide.md",
)

DEFAULT_FOLDER = "careerkit-course"
FIRST_NOTEBOOK = COURSE_FILES[0]


@dataclass
class CourseCopy:
    """What :func:`copy_course` did: ``copied`` files are new, ``kept`` ones differ from the shipped
    version and were left alone (a learner's edited copy), ``unchanged`` ones were already identical."""

    folder: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"Course folder: {self.folder}"]
        if self.copied:
            lines.append(f"  copied ({len(self.copied)}): " + ", ".join(self.copied))
        if self.unchanged:
            lines.append(f"  already there, same as shipped ({len(self.unchanged)}): " + ", ".join(self.unchanged))
        if self.kept:
            lines.append(f"  skipped, your own copy is kept ({len(self.kept)}): " + ", ".join(self.kept))
            lines.append("    (to get the original of one of these back, rename or delete your copy and run this again)")
        return "\n".join(lines)


def shipped(name: str) -> bytes:
    """The shipped content of one course file (one of :data:`COURSE_FILES`)."""
    if name not in COURSE_FILES:
        raise ValueError(f"{name!r} is not a course file; the course files are: {', '.join(COURSE_FILES)}")
    return _source().joinpath(name).read_bytes()


def _source():
    """Where the course files are: the installed package data, or ``notebooks/`` of a clone."""
    try:
        return files("careerkit.notebooks")
    except ModuleNotFoundError:
        # An editable install (a clone) cannot import careerkit.notebooks: setuptools' editable finder
        # does not find a sub-package without __init__.py that is mapped to another folder. The clone's
        # notebooks/ folder is that package's content.
        clone = Path(__file__).resolve().parents[1] / "notebooks"
        if (clone / FIRST_NOTEBOOK).is_file():
            return clone
        raise FileNotFoundError("the course notebooks are not installed with careerkit; "
                                "reinstall it: python -m pip install --force-reinstall careerkit") from None


def copy_course(folder: str | os.PathLike = DEFAULT_FOLDER) -> CourseCopy:
    """Copy the course into ``folder`` (created if needed) without overwriting anything there.

    Returns a :class:`CourseCopy` saying which files were copied, which were already there unchanged,
    and which were skipped because the folder holds a different (edited) copy.
    """
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a folder; choose another folder for the course")
    target.mkdir(parents=True, exist_ok=True)
    report = CourseCopy(folder=target.resolve())
    for name in COURSE_FILES:
        content = shipped(name)
        dest = target / name
        if os.path.lexists(dest):
            _note_existing(report, name, dest, content)
            continue
        if _place(dest, content):
            report.copied.append(name)
        else:
            _note_existing(report, name, dest, content)
    return report


def _note_existing(report: CourseCopy, name: str, dest: Path, content: bytes) -> None:
    try:
        same = dest.is_file() and dest.read_bytes() == content
    except OSError:
        same = False
    (report.unchanged if same else report.kept).append(name)


def _place(dest: Path, content: bytes) -> bool:
    """Write ``content`` to ``dest`` only if nothing is there; False if something already was."""
    # open(..., "xb") rather than tempfile.mkstemp: the file gets the usual permissions (umask), not 0600
    tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, dest)  # fails if dest exists: never replaces a file
        except FileExistsError:
            return False
        except OSError:
            # a file system without hard links (FAT, some network shares): exclusive create instead
            try:
                with open(dest, "xb") as out:
                    out.write(content)
            except FileExistsError:
                return False
        return True
    finally:
        os.unlink(tmp)
