"""Plan files: safe names inside a chosen folder, atomic saves with a backup, versioned reading."""
from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from careerkit.errors import DataError, Problem

FORMAT = "careerkit-plan"
FORMAT_VERSION = 1
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
_BAD_CHARS = set('<>:"|?*\\/') | {chr(i) for i in range(32)} | {"\x7f"}


def default_folder() -> Path:
    """Where plans go when the learner gives no folder: ``user_documents_dir()/careerkit``."""
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "careerkit"


def plan_path(name: str, folder=None, *, suffix: str = ".json") -> Path:
    """The file for a plan name the learner typed, inside ``folder`` (default: :func:`default_folder`).

    Rejects names that could land outside the folder or that the system reserves: empty
    names, ``.`` and ``..``, names starting with a dot, path separators, drive letters and
    ``<>:"|?*``, control characters, Windows device names (``CON``, ``NUL``, ``COM1`` …) and
    names longer than 120 characters. ``suffix`` is added when the name has none.
    """
    raw = "" if name is None else str(name)
    nm = raw.strip()
    why = None
    if not nm:
        why = "is empty"
    elif nm.startswith(".") or ".." in nm:
        why = "starts with '.' or contains '..'"
    elif any(c in _BAD_CHARS for c in nm) or os.path.isabs(nm):
        why = 'contains a path separator or one of < > : " | ? * or a control character'
    elif nm.split(".")[0].strip().lower() in _RESERVED:
        why = "is a name the operating system reserves"
    elif nm.endswith("."):
        why = "ends with '.'"
    elif len(nm) > 120:
        why = f"is {len(nm)} characters long (at most 120)"
    if why:
        raise ValueError(f"The plan name {raw!r} {why}. Type a plain name such as 'my_plan' "
                         "(letters, digits, spaces, '-' and '_'); choose the folder separately.")
    if not Path(nm).suffix:
        nm += suffix
    base = Path(default_folder() if folder is None else folder).expanduser()
    path = base / nm
    if path.resolve().parent != base.resolve():
        raise ValueError(f"The plan name {raw!r} would be saved outside the folder {str(base)!r}. "
                         "Type a plain name such as 'my_plan'.")
    return path


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory to fsync it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def atomic_write(path: Path, data: bytes, *, backup: bool) -> None:
    """Write ``data`` to ``path`` so that ``path`` always holds the old or the new bytes.

    A temporary file in the same folder is written, flushed and fsynced, then renamed over
    ``path`` with ``os.replace`` and the folder fsynced. With ``backup``, the previous file is
    first kept (a hard link, or a copy where links are not possible) as ``NAME.bak``, also by
    an atomic rename. An interrupted save can leave a hidden ``.NAME.*.tmp`` file behind; it is
    never read.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(folder, path.name, data)
    try:
        if backup and path.exists():
            bak = path.with_name(path.name + ".bak")
            bak_tmp = f"{tmp}.bak"
            try:
                os.link(path, bak_tmp)
            except OSError:
                with open(path, "rb") as fh:
                    old = fh.read()
                os.replace(_write_temp(folder, path.name, old), bak_tmp)
            os.replace(bak_tmp, bak)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, f"{tmp}.bak"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise
    _fsync_dir(folder)


# -- reading: the versioned schema -------------------------------------------------------
@lru_cache(maxsize=1)
def _schema():
    """The pydantic model of a plan file (pydantic is imported here, on first use)."""
    from typing import Literal, Optional

    from pydantic import BaseModel, ConfigDict, Field

    from careerkit.plan._milestone import FIRST_YEAR, LAST_YEAR

    class MilestoneModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        text: str = Field(pattern=r"\S")  # some text, not only spaces
        way: str = ""
        year: Optional[int] = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR)
        date: Optional[_dt.date] = None
        done: bool = False
        source: str = ""

    class PlanModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        format: Literal["careerkit-plan"]
        format_version: Literal[1]
        current: str
        target: str
        ladder: str = ""
        start_year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
        milestones: list[MilestoneModel]

    return PlanModel


def _problem(path: Path, message: str) -> DataError:
    bak = path.with_name(path.name + ".bak")
    hint = (f" The previous save is kept in {bak.name}: careerkit.Plan.load({str(bak)!r})."
            if bak.exists() and not path.name.endswith(".bak") else "")
    return DataError([Problem(str(path), None, None, message + hint)],
                     summary=f"Cannot read the plan file {path}")


def validate_plan_json(data: bytes, name: str = "the plan") -> None:
    """Raise ``DataError`` if ``data`` would not load back (used before every save)."""
    from pydantic import ValidationError

    try:
        _schema().model_validate_json(data)
    except ValidationError as e:
        raise DataError([Problem(name, None, None, f"field {_loc(err['loc'])}: {err['msg']}")
                         for err in e.errors()], summary=f"Cannot save {name}: wrong values") from None


def read_plan_file(path: Path) -> dict:
    """The checked contents of a plan file: a dict with current, target, ladder, start_year and
    milestones (a list of dicts with text, way, year, date, done, source).

    Raises ``DataError`` naming the file — and, for a wrong value, the JSON field path such as
    ``milestones[2].year`` — for a missing, empty, truncated, damaged or newer-version file.
    Only reads: the file and its backup are never changed.
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        why = "no such file; check the folder and the name" if isinstance(e, FileNotFoundError) else (
            f"the file cannot be read ({e.strerror or e}); check the folder and the name")
        raise DataError([Problem(str(path), None, None, why)],
                        summary=f"Cannot read the plan file {path}") from None
    if not raw.strip():
        raise _problem(path, "the file is empty (an interrupted save or a copy that failed?).")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _problem(path, "this is not a careerkit plan (not UTF-8 text).") from None
    except json.JSONDecodeError as e:
        cut = e.pos >= len(raw.decode("utf-8").rstrip()) or e.msg.startswith("Unterminated string")
        what = "it ends too early (truncated)" if cut else f"line {e.lineno}, column {e.colno}: {e.msg}"
        raise _problem(path, f"this is not valid JSON — {what}. The file is damaged.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or "format_version" not in doc:
        raise _problem(path, f'this is not a careerkit plan (no "format": "{FORMAT}" with a "format_version").')
    ver = doc["format_version"]
    if not isinstance(ver, int) or isinstance(ver, bool) or ver < 1:
        raise _problem(path, f"field format_version: {ver!r} is not a known version (expected {FORMAT_VERSION}).")
    if ver > FORMAT_VERSION:
        raise _problem(path, f"format_version {ver} was written by a newer careerkit; this one reads up to "
                             f"{FORMAT_VERSION}. Update careerkit (pip install -U careerkit) to open it.")
    from pydantic import ValidationError

    try:
        m = _schema().model_validate_json(raw)
    except ValidationError as e:
        probs = [Problem(str(path), None, None, f"field {_loc(err['loc'])}: {err['msg']}") for err in e.errors()]
        raise DataError(probs, summary=f"Cannot read the plan file {path}: wrong values") from None
    return m.model_dump(exclude={"format", "format_version"})


def _loc(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"

