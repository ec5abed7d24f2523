"""Plan files: safe names inside a chosen folder, atomic saves with a backup, versioned reading."""
from __future__ import annotations

import datetime as _dt
import json
import os
import stat
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from careerkit.errors import DataError, Problem
from careerkit.plan._milestone import FIRST_YEAR as YEAR_MIN  # years a plan may hold: one source
from careerkit.plan._milestone import LAST_YEAR as YEAR_MAX
from careerkit.plan._milestone import MAX_TEXT

FORMAT = "careerkit-plan"
FORMAT_VERSION = 1
#: Largest plan file read (a plan with a hundred milestones is about 30 kB).
MAX_PLAN_BYTES = 5_000_000
#: Longest file name, in bytes as the file system stores it (UTF-8): most allow 255, and a save
#: also writes NAME.bak and a hidden temporary file with about 20 more bytes.
MAX_NAME_BYTES = 200
# Device names Windows reserves with any extension (COM¹ … too: Windows reads ¹²³ as digits).
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
             *(f"{d}{i}" for d in ("com", "lpt") for i in [*"0123456789", "¹", "²", "³"])}
_BAD_CHARS = set('<>:"|?*\\/') | {chr(i) for i in range(32)} | {"\x7f"}


def default_folder() -> Path:
    """Where plans go when the learner gives no folder: ``user_documents_dir()/careerkit``."""
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "careerkit"


def plan_path(name: str, folder=None, *, suffix: str = ".json") -> Path:
    """The file for a plan name the learner typed, inside ``folder`` (default: :func:`default_folder`).

    Rejects names that could land outside the folder or that the system reserves: empty
    names, ``.`` and ``..``, names starting with a dot, path separators, drive letters and
    ``<>:"|?*``, control characters, Windows device names (``CON``, ``NUL``, ``COM1``, ``COM¹``,
    ``CONIN$`` …, with any extension), names longer than 120 characters or, with ``suffix``,
    longer than ``MAX_NAME_BYTES`` bytes in UTF-8 (an emoji is 4 bytes). ``suffix`` is added
    unless the name already ends with it (so "plan v1.0" is saved as "plan v1.0.json").
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
        why = "is a device name Windows reserves (CON, NUL, COM1 …)"
    elif nm.endswith("."):
        why = "ends with '.'"
    elif len(nm) > 120:
        why = f"is {len(nm)} characters long (at most 120)"
    elif any(0xD800 <= ord(c) <= 0xDFFF for c in nm):
        why = "contains a broken character (half of a surrogate pair)"
    else:
        full = nm if nm.lower().endswith(suffix.lower()) else nm + suffix
        size = len(full.encode("utf-8"))
        if size > MAX_NAME_BYTES:
            why = (f"is {size} bytes long as a file name (at most {MAX_NAME_BYTES}; a letter outside "
                   "English takes 2 to 4 bytes, an emoji 4)")
    if why:
        raise ValueError(f"The plan name {raw!r} {why}. Type a plain name such as 'my_plan' "
                         "(letters, digits, spaces, '-' and '_'); choose the folder separately.")
    if not nm.lower().endswith(suffix.lower()):
        nm += suffix
    base = Path(default_folder() if folder is None else folder).expanduser()
    path = base / nm
    if path.resolve().parent != base.resolve():
        raise ValueError(f"The plan name {raw!r} would be saved outside the folder {str(base)!r}. "
                         "Type a plain name such as 'my_plan'.")
    return path


def _posix() -> bool:
    """True on Linux, macOS and other POSIX systems: folders can be fsynced, modes set."""
    return os.name == "posix"


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Only POSIX systems can open a folder to fsync it
    (Windows cannot; there NTFS journals the rename itself)."""
    if not _posix():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes, mode: int | None = None) -> str:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None and _posix() and hasattr(os, "chmod"):  # keep the mode the file had (mkstemp makes 0600)
            os.chmod(tmp, mode)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


#: A hidden temporary file of a save is removed by a later save once it is this old (seconds):
#: only a save that was killed leaves one, and a running save needs milliseconds.
STALE_TEMP_S = 600


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Remove the hidden ``.NAME.*.tmp`` / ``.tmp.bak`` files that killed saves left behind."""
    now = time.time()
    for leftover in folder.glob(f".{glob_escape(name)}.*.tmp*"):
        if not leftover.name.endswith((".tmp", ".tmp.bak")):
            continue
        try:
            info = leftover.lstat()
            # a backup link shares the old plan's times; its ctime is when the link was made
            if now - max(info.st_mtime, info.st_ctime) > STALE_TEMP_S:
                leftover.unlink()
        except OSError:  # removed meanwhile by another save, or not ours to remove
            pass


def glob_escape(text: str) -> str:
    """``text`` with the glob characters ``*?[`` made literal."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def atomic_write(path: Path, data: bytes, *, backup: bool) -> None:
    """Write ``data`` to ``path`` so that ``path`` always holds the old or the new bytes.

    A temporary file in the same folder is written, flushed and fsynced, then renamed over
    ``path`` with ``os.replace`` and the folder fsynced (on POSIX). With ``backup``, the previous
    file is first kept (a hard link, or a copy where links are not possible) as ``NAME.bak``,
    also by an atomic rename. The file keeps the mode it had (a new file is 0600 on POSIX: a
    plan is personal). A save that is killed can leave a hidden ``.NAME.*.tmp`` or
    ``.NAME.*.tmp.bak`` file; it is never read, and the next save removes it once it is
    ``STALE_TEMP_S`` seconds old.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(folder, path.name)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) if _posix() else None
    except OSError:
        mode = None
    tmp = _write_temp(folder, path.name, data, mode)
    bak_tmp = f"{tmp}.bak"
    try:
        if backup and path.exists():
            bak = path.with_name(path.name + ".bak")
            try:
                os.link(path, bak_tmp)
            except OSError:  # no hard links here (FAT, some network drives): copy
                with open(path, "rb") as fh:
                    old = fh.read()
                os.replace(_write_temp(folder, path.name, old, mode), bak_tmp)
            try:
                os.replace(bak_tmp, bak)
            except FileNotFoundError:  # path was replaced meanwhile by another save: it made the backup
                pass
            # When NAME.bak is already a link to the same file (two saves at once), POSIX rename
            # does nothing and leaves bak_tmp: remove it.
            if os.path.lexists(bak_tmp):
                os.unlink(bak_tmp)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, bak_tmp):
            if os.path.lexists(leftover):
                os.unlink(leftover)
        raise
    _fsync_dir(folder)


# -- reading: the versioned schema -------------------------------------------------------
@lru_cache(maxsize=1)
def _schema():
    """The pydantic model of a plan file (pydantic is imported here, on first use)."""
    from typing import Literal, Optional

    from pydantic import BaseModel, ConfigDict, Field

    class MilestoneModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        text: str = Field(pattern=r"\S", max_length=MAX_TEXT)  # some text, not only spaces
        way: str = Field(default="", max_length=MAX_TEXT)
        year: Optional[int] = Field(default=None, ge=YEAR_MIN, le=YEAR_MAX)
        date: Optional[_dt.date] = None
        done: bool = False
        source: str = Field(default="", max_length=MAX_TEXT)

    class PlanModel(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        format: Literal["careerkit-plan"]
        format_version: Literal[1]
        current: str = Field(max_length=MAX_TEXT)
        target: str = Field(max_length=MAX_TEXT)
        ladder: str = Field(default="", max_length=MAX_TEXT)
        start_year: int = Field(ge=YEAR_MIN, le=YEAR_MAX)
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
    path = Path(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            why = ("is a folder, not a plan file" if stat.S_ISDIR(info.st_mode)
                   else "is not a regular file (a device, a pipe or a socket)")
            raise DataError([Problem(str(path), None, None, f"{why}; give the path of a saved plan (.json).")],
                            summary=f"Cannot read the plan file {path}")
        if info.st_size > MAX_PLAN_BYTES:
            raise _problem(path, f"the file is {info.st_size / 1e6:.0f} MB; a careerkit plan is a few kB "
                                 f"(at most {MAX_PLAN_BYTES / 1e6:.0f} MB). Check you picked the right file.")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_PLAN_BYTES + 1)
    except OSError as e:
        why = "no such file; check the folder and the name" if isinstance(e, FileNotFoundError) else (
            f"the file cannot be read ({e.strerror or e}); check the folder and the name")
        raise DataError([Problem(str(path), None, None, why)],
                        summary=f"Cannot read the plan file {path}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise _problem(path, f"the file is larger than {MAX_PLAN_BYTES / 1e6:.0f} MB; a careerkit plan is a few kB.")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # saved by Windows Notepad as "UTF-8 with BOM"
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
    except (RecursionError, ValueError, MemoryError):  # lists nested thousands deep, 5,000-digit numbers
        raise _problem(path, "this is not a careerkit plan (values nested too deeply or numbers too long). "
                             "The file is damaged.") from None
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
    except (ValueError, RecursionError):
        raise _problem(path, "this is not a careerkit plan (values nested too deeply). The file is damaged.") from None
    return m.model_dump(exclude={"format", "format_version"})


def _loc(loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"

