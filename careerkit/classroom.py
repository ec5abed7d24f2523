"""A class folder: learners who choose to join record their self-check and quiz answers there,
and the instructor's view (``careerkit.widgets.ClassView``) reads them. No server, no grading
service: a plain folder on a shared machine or a hub, or hand-in files carried over by hand.

Learner side::

    import careerkit as ck
    ck.join_class("/srv/careerkit-class")    # or the folder in $CAREERKIT_CLASS_DIR: ck.join_class()
    ck.leave_class()                         # stop recording in this kernel
    ck.export_class_results()                # one hand-in file (USB stick, learning platform)

Nothing is written anywhere until a learner joins (or the kernel starts with
``CAREERKIT_CLASS_DIR`` set, which a hub or an instructor sets on purpose; such a kernel says so
the first time it records). Each ``check.question_*`` call and each answer in the quiz app adds
one JSON line to the learner's own file ``<id>.jsonl``: question id, right or wrong, attempt
number, notebook, time, and for a wrong answer of at most 40 characters the answer itself. The
reflection of question 4.3 and plan contents are never recorded.

Records are appended with one ``os.write`` of a whole line to a file opened with ``O_APPEND``: a
kernel killed mid-write leaves at most a torn last line, which the reader skips. A learner's file
stops growing at :data:`MAX_FILE_BYTES`. Recording never raises into a notebook: a write that
fails warns once and recording stops.

The learner's name in the class is a readable pseudonym (``brave-otter-17``), the same every
time for one learner and one folder, and never the login name: it is derived from a random key
kept in the learner's own config folder (created when they first join), so the instructor cannot
work it out from a list of logins.

Instructor side: ``python -m careerkit.classroom init FOLDER --group GROUP`` creates a drop
folder (see :func:`init_folder`); :class:`ClassReader` reads every learner file and hand-in file
in a folder (untrusted input: each bad file is skipped with a warning naming it) and
:func:`summarize` turns the records into the tables the view shows.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

#: The environment variable a hub or an instructor sets to make every kernel record into a folder.
CLASS_DIR_ENV = "CAREERKIT_CLASS_DIR"
#: A learner's file never grows beyond this (about 1,500 records); the reader skips larger files.
MAX_FILE_BYTES = 256 * 1024
#: A wrong answer is recorded only when it is at most this long (a value, not a sentence).
MAX_ANSWER_CHARS = 40
#: Questions whose answer is the learner's own writing: never recorded, right or wrong.
PRIVATE_QUESTIONS = frozenset({"4_3"})
#: At most this many files are read from one folder (a flood of files cannot stall the view).
MAX_FILES = 5000
RECORD_SUFFIX = ".jsonl"
HANDIN_SUFFIX = ".json"
HANDIN_FORMAT = "careerkit-class-results"
FORMAT_VERSION = 1
KINDS = ("check", "quiz")
#: File owners, modes and groups are POSIX ideas; elsewhere (Windows) recording works without them.
_POSIX = os.name == "posix"

_ADJECTIVES = (
    "amber", "bold", "brave", "bright", "calm", "clever", "cosy", "curious", "daring", "eager",
    "fair", "gentle", "glad", "golden", "grand", "happy", "honest", "jolly", "keen", "kind",
    "lively", "lucky", "merry", "mighty", "modest", "neat", "nimble", "noble", "patient", "plucky",
    "polite", "proud", "quick", "quiet", "rapid", "ready", "silver", "sincere", "steady", "sunny",
    "swift", "tidy", "trusty", "upbeat", "vivid", "warm", "wise", "witty", "young", "zesty",
)
_ANIMALS = (
    "badger", "beaver", "bison", "crane", "dolphin", "eagle", "falcon", "ferret", "finch", "fox",
    "gecko", "gull", "hare", "hawk", "heron", "ibis", "jay", "koala", "lark", "lemur",
    "lion", "llama", "lynx", "marten", "mole", "moose", "newt", "otter", "owl", "panda",
    "panther", "parrot", "puffin", "quail", "rabbit", "raven", "robin", "salmon", "seal", "shrew",
    "sparrow", "stork", "swan", "tiger", "toucan", "turtle", "walrus", "weasel", "wolf", "wren",
)
_ID = re.compile(r"^[0-9a-f]{24}$")
_QUESTION = re.compile(r"^[A-Za-z0-9_.-]{1,24}$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")


class ClassroomWarning(UserWarning):
    """Recording for the class failed or stopped; the notebook itself goes on."""


# ----------------------------------------------------------------------------- the learner's side


@dataclass
class _Session:
    folder: Path
    name: str
    learner: str
    path: Path
    attempts: Counter = field(default_factory=Counter)
    from_env: bool = False
    announced: bool = True
    stopped: str = ""


_session: _Session | None = None
_env_state = {"left": False, "tried": False}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _key() -> bytes:
    """This learner's random key (``class-key`` in the user's config folder, created on first join).

    Where that folder cannot be written, a key for this kernel only (the name then changes with
    the next kernel, which the join message says)."""
    import platformdirs

    path = Path(platformdirs.user_config_dir("careerkit")) / "class-key"
    try:
        return bytes.fromhex(path.read_bytes().decode().strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key.hex().encode() + b"\n")
        finally:
            os.close(fd)
    except FileExistsError:  # another kernel of the same learner wrote it first: use that one
        try:
            return bytes.fromhex(path.read_bytes().decode().strip())
        except (OSError, ValueError):
            _key.kernel_only = True
    except OSError:
        _key.kernel_only = True
    return key


_key.kernel_only = False


def pseudonym(digest: bytes) -> str:
    """A readable name from the bytes of a learner's id: ``adjective-animal-NN``.

    >>> pseudonym(bytes(range(8)))
    'amber-beaver-75'
    """
    return (f"{_ADJECTIVES[digest[0] % len(_ADJECTIVES)]}-{_ANIMALS[digest[1] % len(_ANIMALS)]}-"
            f"{10 + int.from_bytes(digest[2:4], 'big') % 90}")


def learner_identity(folder, name: str | None = None, *, key: bytes | None = None) -> tuple[str, str]:
    """``(id, name)`` of this learner in ``folder``: the same every time for one learner, one
    folder and one ``name``; ``name`` defaults to :func:`pseudonym` of the id."""
    key = _key() if key is None else key
    where = str(Path(folder).expanduser().resolve())
    digest = hmac.new(key, f"{where}\0{name or ''}".encode(), hashlib.sha256).digest()
    return digest.hex()[:24], (name or pseudonym(digest))


def _clean_name(name) -> str | None:
    if name is None:
        return None
    text = re.sub(r"\s+", " ", str(name)).strip()
    if not text or len(text) > 40 or any(ord(c) < 32 for c in text):
        raise ValueError(f"The name {name!r} cannot be used: give 1 to 40 characters on one line, "
                         "or leave it out to get a pseudonym.")
    return text


def join_class(folder=None, name: str | None = None) -> None:
    """Start recording this kernel's self-check and quiz answers into the class folder ``folder``
    (default: the folder in ``$CAREERKIT_CLASS_DIR``), under ``name`` (default: a pseudonym).

    Prints what is recorded, where, and how to stop. Never raises: a folder that cannot be used
    is explained in the printed message and nothing is recorded.
    """
    global _session
    folder = folder if folder not in (None, "") else os.environ.get(CLASS_DIR_ENV, "")
    if not str(folder).strip():
        print("No class folder given. Ask your instructor which folder the class uses, then run "
              'ck.join_class("that folder"). Nothing is recorded.')
        return None
    try:
        session = _open_session(Path(str(folder)), _clean_name(name))
    except (OSError, ValueError) as exc:
        print(f"Could not join the class in {folder}: {exc}. Nothing is recorded.")
        return None
    _session = session
    _env_state["left"] = False
    print(_joined_message(session))
    return None


def _open_session(folder: Path, name: str | None, *, from_env: bool = False) -> _Session:
    folder = folder.expanduser()
    if not folder.exists():
        if from_env:  # a hub's class folder is the instructor's to create (init), never a learner's
            raise ValueError("the folder does not exist (the instructor creates it with "
                             "python -m careerkit.classroom init)")
        folder.mkdir(parents=True)
    if not folder.is_dir():
        raise ValueError("it is not a folder")
    learner, shown = learner_identity(folder, name)
    path = folder / f"{learner}{RECORD_SUFFIX}"
    os.close(_open_append(path))  # proves the file can be written (and creates it: an empty file)
    attempts = _own_attempts(path)
    return _Session(folder, shown, learner, path, attempts, from_env=from_env, announced=not from_env)


def _open_append(path: Path) -> int:
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o640)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{path.name} is not a regular file")
        if _POSIX:
            if info.st_uid != os.geteuid():
                raise ValueError(f"{path.name} belongs to someone else")
            # the folder's group (the instructors) may read it, nobody else, whatever the umask
            if stat.S_IMODE(info.st_mode) != 0o640:
                os.fchmod(fd, 0o640)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _own_attempts(path: Path) -> Counter:
    """Attempts already in this learner's file (a new kernel goes on counting from there)."""
    counts: Counter = Counter()
    try:
        with open(path, "rb") as fh:
            records, _bad = parse_lines(fh.read(MAX_FILE_BYTES + 1))
    except (OSError, ValueError):
        return counts
    for r in records:
        counts[(r["kind"], r["q"])] = max(counts[(r["kind"], r["q"])], r["try"])
    return counts


def _joined_message(s: _Session) -> str:
    kept = " (a name for this kernel only: your config folder cannot be written)" if _key.kernel_only else ""
    return (f"You joined the class in {s.folder} as {s.name}{kept}. From now on each self-check and "
            "quiz answer adds one line to your file there: the question, right or wrong, which "
            "attempt, the notebook and the time, and for a wrong short answer the answer itself "
            f"(at most {MAX_ANSWER_CHARS} characters). Your reflection (question 4.3) and your plan "
            "are never recorded. ck.leave_class() stops it; ck.export_class_results() writes a "
            "file to hand in.")


def leave_class() -> None:
    """Stop recording in this kernel (also when ``$CAREERKIT_CLASS_DIR`` switched it on).
    The records already written stay in the class folder."""
    global _session
    was, _session = _session, None
    _env_state["left"] = True
    if was is None:
        print("You are not in a class: nothing is being recorded.")
    else:
        print(f"You left the class in {was.folder}. Nothing more is recorded in this kernel "
              f"(what was recorded stays in {was.path.name}).")
    return None


def current() -> dict | None:
    """Where this kernel records (``folder``, ``name``, ``file``), or ``None`` when it does not."""
    s = _active()
    return None if s is None else {"folder": str(s.folder), "name": s.name, "file": str(s.path)}


def _active() -> _Session | None:
    """The session, joining the folder in ``$CAREERKIT_CLASS_DIR`` on first use."""
    global _session
    if _session is not None or _env_state["left"] or _env_state["tried"]:
        return _session
    folder = os.environ.get(CLASS_DIR_ENV, "").strip()
    if not folder:
        return None
    _env_state["tried"] = True
    try:
        _session = _open_session(Path(folder), None, from_env=True)
    except (OSError, ValueError) as exc:
        _warn(f"{CLASS_DIR_ENV} is set to {folder}, but answers cannot be recorded there ({exc}).")
    return _session


def _warn(message: str) -> None:
    text = f"careerkit class: {message} Your notebook works as before."
    try:
        warnings.warn(text, ClassroomWarning, stacklevel=4)
    except Exception:  # noqa: BLE001 - warnings turned into errors (python -W error): say it, never raise
        print(text, file=sys.stderr)


def _notebook() -> str | None:
    """The notebook this kernel runs (Jupyter server sets ``JPY_SESSION_NAME`` to its path)."""
    path = os.environ.get("JPY_SESSION_NAME", "")
    stem = Path(path).stem if path.endswith(".ipynb") else ""
    return stem[:80] or None


def _short(answer) -> str | None:
    if isinstance(answer, bool) or answer is None:
        return None
    try:
        if isinstance(answer, (int, float, str)) or (hasattr(answer, "item") and getattr(answer, "ndim", 1) == 0):
            text = re.sub(r"\s+", " ", str(answer)).strip()
            return text if 0 < len(text) <= MAX_ANSWER_CHARS else None
    except Exception:  # noqa: BLE001 - an answer that cannot be shown as text is simply not kept
        pass
    return None


def record_check(question: str, answer, ok: bool) -> None:
    """Called by every ``check.question_*``; a no-op unless this kernel is in a class."""
    if _session is None and (_env_state["left"] or not os.environ.get(CLASS_DIR_ENV)):
        return
    _record("check", question, ok, answer, keep=not ok and question not in PRIVATE_QUESTIONS)


def record_quiz(scenario, choice: str, ok: bool) -> None:
    """Called by the quiz app for each answer; ``choice`` is "job" or "career"."""
    if _session is None and (_env_state["left"] or not os.environ.get(CLASS_DIR_ENV)):
        return
    _record("quiz", scenario, ok, choice if choice in ("job", "career") else None, keep=True)


def _record(kind: str, question, ok, answer, *, keep: bool) -> None:
    try:
        question, ok, answer = str(question), bool(ok), (_short(answer) if keep else None)
        s = _active()
        if s is None or s.stopped:
            return
        key = (kind, question)
        attempt = s.attempts[key] + 1
        rec = {"v": FORMAT_VERSION, "id": s.learner, "name": s.name, "kind": kind, "q": question, "ok": ok,
               "try": attempt, "nb": _notebook(), "t": _now()}
        if answer is not None:
            rec["answer"] = answer
        line = (json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        fd = _open_append(s.path)
        try:
            if os.fstat(fd).st_size + len(line) > MAX_FILE_BYTES:
                s.stopped = "full"
                _warn(f"your class file {s.path.name} reached its size limit "
                      f"({MAX_FILE_BYTES // 1024} KB); further answers are not recorded.")
                return
            written = os.write(fd, line)
        finally:
            os.close(fd)
        if written != len(line):
            raise OSError(f"only {written} of {len(line)} bytes were written")
        s.attempts[key] = attempt
        if not s.announced:
            s.announced = True
            print(f"(Your answers are recorded for your class in {s.folder} as {s.name}; "
                  "ck.leave_class() stops it.)")
    except Exception as exc:  # noqa: BLE001 - recording must never break a learner's notebook
        if _session is not None:
            _session.stopped = "failed"
        _warn(f"recording your answer failed ({type(exc).__name__}: {exc}); nothing more is recorded.")


def export_class_results(path=None) -> Path | None:
    """Write every answer this learner recorded in the class folder into one hand-in file
    (default ``careerkit-results-<name>.json`` in the current folder) and return its path.

    For a class without a shared folder: join any folder of your own (``ck.join_class("my_class")``),
    work through the notebooks, then export and hand the file in; the instructor puts the hand-in
    files of the class into one folder and opens the class view on it.
    """
    s = _active()
    if s is None:
        print('You have not joined a class, so nothing was recorded to export. Join first, e.g. '
              'ck.join_class("my_class") (any folder of your own works without a shared folder).')
        return None
    try:
        with open(s.path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        records, _bad = parse_lines(data)
        doc = {"format": HANDIN_FORMAT, "version": FORMAT_VERSION, "id": s.learner, "name": s.name,
               "exported": _now(), "records": records}
        safe = re.sub(r"[^A-Za-z0-9_-]+", "_", s.name).strip("_") or s.learner
        target = Path(path) if path is not None else Path.cwd() / f"careerkit-results-{safe}{HANDIN_SUFFIX}"
        if target.is_dir():
            target = target / f"careerkit-results-{safe}{HANDIN_SUFFIX}"
        from careerkit.plan._files import atomic_write

        body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records)
        head = json.dumps({k: v for k, v in doc.items() if k != "records"}, ensure_ascii=False)[:-1]
        # one record a line, like the live file: about as large, and readable in an editor
        atomic_write(target, f'{head}, "records": [\n{body}\n]}}\n'.encode("utf-8"), backup=False)
    except OSError as exc:
        print(f"Could not write the hand-in file: {exc}")
        return None
    print(f"Wrote {target} ({len(records)} answers recorded as {s.name}). Hand this file to your instructor.")
    return target


# ----------------------------------------------------------------------------- reading (instructor)


_GOOD_Q: dict[str, bool] = {}
_OPTIONAL = (("nb", 80), ("answer", MAX_ANSWER_CHARS), ("name", 40), ("id", 24))
_KEYS = frozenset({"v", "id", "name", "kind", "q", "ok", "try", "nb", "t", "answer"})


def _good_q(q: str) -> bool:
    ok = _GOOD_Q.get(q)
    if ok is None:
        ok = len(q) <= 24 and _QUESTION.match(q) is not None
        if len(_GOOD_Q) < 10_000:
            _GOOD_Q[q] = ok
    return ok


def _valid(rec) -> bool:
    """A record as :func:`_record` writes it: known keys only, each of its type and length."""
    if type(rec) is not dict or not rec.keys() <= _KEYS:
        return False
    try:
        q, attempt, t = rec["q"], rec["try"], rec["t"]
        if not (rec["kind"] in KINDS and type(rec["ok"]) is bool and type(attempt) is int and 0 < attempt <= 100_000
                and type(q) is str and _good_q(q) and type(t) is str and len(t) <= 40):
            return False
    except KeyError:
        return False
    for key, limit in _OPTIONAL:
        value = rec.get(key)
        if value is not None and not (type(value) is str and len(value) <= limit):
            return False
    return True


def parse_lines(data: bytes) -> tuple[list[dict], int]:
    """Records from the bytes of a learner file and the number of lines that were not records.

    A last line without its newline (a kernel killed mid-write) is skipped and not counted."""
    if not data.endswith(b"\n"):
        data = data[: data.rfind(b"\n") + 1]
    if not data:
        return [], 0
    text = data.decode("utf-8")  # UnicodeDecodeError (a ValueError) for a binary file
    try:  # the common case: every line a record, parsed in one go
        items = json.loads("[" + text.rstrip("\n").replace("\n", ",") + "]")
        if len(items) == text.count("\n"):
            good = [r for r in items if _valid(r)]
            return good, len(items) - len(good)
    except ValueError:
        pass
    good, bad = [], 0
    for line in text.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if _valid(rec):
            good.append(rec)
        else:
            bad += 1
    return good, bad


@dataclass
class Learner:
    """One learner in the class: ``id`` (the file's), a ``name`` to show, their ``records``."""

    id: str
    name: str
    records: list[dict]
    files: list[str] = field(default_factory=list)
    _stats: dict | None = field(default=None, repr=False, compare=False)

    @property
    def stats(self) -> dict:
        """This learner's part of the :class:`Summary` (computed once: a refresh re-reads only
        the files that changed, and only their learners are counted again)."""
        if self._stats is None:
            self._stats = _learner_stats(self.records)
        return self._stats


def _learner_stats(records: list[dict]) -> dict:
    by_q: dict[tuple, list] = defaultdict(list)
    last = max((r["t"] for r in records), default=None)
    for r in records:
        by_q[(r["kind"], r["q"])].append(r)
    checks, quiz, reach = {}, {}, defaultdict(Counter)
    for (kind, q), recs in by_q.items():
        recs.sort(key=lambda r: (r["try"], r["t"]))
        for nb, n in Counter(r.get("nb") for r in recs).items():
            ch = chapter({"kind": kind, "q": q, "nb": nb})
            if ch:
                reach[ch][nb if nb and nb[:2] == ch else None] += n
        if kind == "quiz":
            first = recs[0].get("answer")
            if first in ("job", "career"):
                quiz[q] = first
            continue
        outcome = "first" if recs[0]["ok"] else "later" if any(r["ok"] for r in recs) else "never"
        wrong: dict[str, str] = {}
        for r in recs:
            if not r["ok"] and r.get("answer"):
                wrong.setdefault(_answer_key(r["answer"]), re.sub(r"\s+", " ", r["answer"]).strip())
        checks[q] = (outcome, tuple(wrong.items()))
    return {"records": len(records), "last": last, "checks": checks, "quiz": quiz, "reach": dict(reach)}


@dataclass
class ClassData:
    """What a folder holds: ``learners`` by id, and one ``warnings`` line per file skipped."""

    folder: str
    learners: dict[str, Learner]
    warnings: list[str]
    files_read: int = 0
    changed: bool = True  # False when no file was read anew or went away since the last read


class ClassReader:
    """Reads a class folder again and again: only files that changed since the last read are
    read anew (a stat of each file otherwise), so a refresh every few seconds stays cheap.

    Every file is untrusted: a non-regular file, a symbolic link, a file larger than
    :data:`MAX_FILE_BYTES`, one that is not UTF-8 JSON or holds no record is skipped with a
    warning naming it; lines that are not records are skipped and counted.
    """

    def __init__(self, folder):
        self.folder = Path(folder).expanduser()
        self._cache: dict[str, tuple[tuple, object]] = {}

    def read(self) -> ClassData:
        warn: list[str] = []
        learners: dict[str, Learner] = {}
        try:
            entries = sorted(os.scandir(self.folder), key=lambda e: e.name)
        except FileNotFoundError:
            return ClassData(str(self.folder), {}, [f"The folder {self.folder} does not exist (yet)."])
        except NotADirectoryError:
            return ClassData(str(self.folder), {}, [f"{self.folder} is not a folder."])
        except PermissionError:
            return ClassData(str(self.folder), {}, [f"You may not list the folder {self.folder} (permissions)."])
        candidates = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue  # temporary files of an export in progress, editor files
            if not name.endswith((RECORD_SUFFIX, HANDIN_SUFFIX)) or not _FILE_NAME.match(name):
                warn.append(f"{name[:80]}: skipped, not a careerkit class file (names end in .jsonl or .json).")
                continue
            candidates.append(entry)
        if len(candidates) > MAX_FILES:
            warn.append(f"{len(candidates)} files in the folder: only the first {MAX_FILES} were read.")
            candidates = candidates[:MAX_FILES]
        seen = set()
        read = 0
        for entry in candidates:
            seen.add(entry.name)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                warn.append(f"{entry.name}: skipped, cannot be read ({exc.strerror or exc}).")
                continue
            sig = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_mode)
            hit = self._cache.get(entry.name)
            if hit is not None and hit[0] == sig:
                got = hit[1]
            else:
                got = self._read_file(entry.name, info)
                self._cache[entry.name] = (sig, got)
                read += 1
            if isinstance(got, str):
                warn.append(got)
                continue
            learner, bad = got
            if bad:
                warn.append(f"{entry.name}: {bad} line{'s' if bad != 1 else ''} that are not answers skipped.")
            have = learners.get(learner.id)
            if have is None:
                learners[learner.id] = learner
            else:  # a learner's live file and their hand-in file: the same answers once
                known = {_rec_key(r) for r in have.records}
                learners[learner.id] = Learner(have.id, have.name,
                                               have.records + [r for r in learner.records if _rec_key(r) not in known],
                                               have.files + learner.files)
        gone = set(self._cache) - seen
        for name in gone:
            del self._cache[name]
        return ClassData(str(self.folder), learners, warn, read, changed=bool(read or gone))

    def _read_file(self, name: str, info):
        """``(Learner, bad_lines)`` or a warning (str) saying why the file is skipped."""
        if stat.S_ISLNK(info.st_mode):
            return f"{name}: skipped, a symbolic link (class files are plain files)."
        if not stat.S_ISREG(info.st_mode):
            return f"{name}: skipped, not a plain file."
        limit = MAX_FILE_BYTES + 4096 if name.endswith(RECORD_SUFFIX) else 2 * MAX_FILE_BYTES
        if info.st_size > limit:
            return f"{name}: skipped, too large ({info.st_size:,} bytes; a learner file stops at {MAX_FILE_BYTES:,})."
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.folder / name, flags)
        except OSError as exc:
            return f"{name}: skipped, cannot be read ({exc.strerror or exc})."
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return f"{name}: skipped, not a plain file."
            with os.fdopen(os.dup(fd), "rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            return f"{name}: skipped, cannot be read ({exc.strerror or exc})."
        finally:
            os.close(fd)
        if len(data) > limit:
            return f"{name}: skipped, too large (more than {MAX_FILE_BYTES:,} bytes)."
        stem = name.rsplit(".", 1)[0]
        try:
            if name.endswith(HANDIN_SUFFIX):
                return self._handin(name, data)
            records, bad = parse_lines(data)
        except (ValueError, RecursionError):
            return f"{name}: skipped, not a careerkit class file (not UTF-8 JSON lines)."
        if bad and not records:
            return f"{name}: skipped, none of its {bad} lines is an answer record."
        if not records and data.strip():
            return f"{name}: skipped, no answer records."
        # an empty file: a learner who joined (joining creates the file) and has not answered yet
        shown = (records[-1].get("name") or records[0].get("name")) if records else None
        learner_id = stem if _ID.match(stem) else hashlib.sha256(name.encode()).hexdigest()[:24]
        return Learner(learner_id, shown or learner_id[:8], records, [name]), bad

    def _handin(self, name: str, data: bytes):
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != HANDIN_FORMAT:
            return f"{name}: skipped, not a careerkit hand-in file (no \"format\": \"{HANDIN_FORMAT}\")."
        if doc.get("version") != FORMAT_VERSION:
            return f"{name}: skipped, hand-in format version {str(doc.get('version'))[:10]!s} (this careerkit reads {FORMAT_VERSION})."
        items = doc.get("records")
        if not isinstance(items, list):
            return f"{name}: skipped, its \"records\" is not a list."
        good = [r for r in items if _valid(r)]
        if not good:
            return f"{name}: skipped, no answer records."
        learner_id = doc.get("id") if isinstance(doc.get("id"), str) and _ID.match(doc["id"]) else \
            hashlib.sha256(name.encode()).hexdigest()[:24]
        shown = doc.get("name") if isinstance(doc.get("name"), str) and 0 < len(doc["name"]) <= 40 else learner_id[:8]
        return Learner(learner_id, shown, good, [name]), len(items) - len(good)


def _rec_key(r: dict) -> tuple:
    return (r["kind"], r["q"], r["try"], r["t"], r["ok"])


def read_class(folder) -> ClassData:
    """Every learner in ``folder`` (live files and hand-in files), read once."""
    return ClassReader(folder).read()


# ----------------------------------------------------------------------------- the class, in numbers


def _question_order(q: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[_.]", q)]


def chapter(rec: dict) -> str | None:
    """The two-digit notebook number of a record: from a check's question id (``2_1`` → ``02``),
    or from the notebook name a quiz answer was recorded in."""
    if rec["kind"] == "check":
        head = rec["q"].split("_", 1)[0]
        return f"{int(head):02d}" if head.isdigit() else None
    nb = rec.get("nb") or ""
    return nb[:2] if nb[:2].isdigit() else None


@dataclass
class Summary:
    """The class in numbers (what ``widgets.ClassView`` shows and exports).

    ``questions``: one dict per self-check question (question, notebook, tried, right_first,
    share_right_first, right_later, not_yet_right, wrong_answers: the three most common wrong
    answers as (answer, learners)); ``notebooks``: (notebook, label, learners who reached it);
    ``quiz``: one dict per scenario (scenario, answered, job, career; statement and expected
    when the scenario is one of ``quiz``'s); ``learners``, ``records``, ``last``: how many
    learners and records, and the time of the newest record.
    """

    learners: int
    records: int
    last: str | None
    questions: list[dict]
    notebooks: list[dict]
    quiz: list[dict]
    warnings: list[str]


def summarize(data: ClassData, quiz=None) -> Summary:
    """The tables of :class:`Summary` from the records in ``data``.

    A learner's attempts at one question are taken in attempt order: right at the first try
    means their first recorded attempt was right. In the quiz each learner counts once per
    scenario, with their first answer. ``quiz``: the scenarios table (``careerkit.quiz()``) to
    name each scenario and its expected answer.
    """
    per_q: dict[str, dict] = defaultdict(lambda: {"first": 0, "later": 0, "never": 0, "wrong": Counter(),
                                                  "label": {}, "learners": 0})
    reach: dict[str, int] = Counter()
    nb_names: dict[str, Counter] = defaultdict(Counter)
    quiz_votes: dict[str, Counter] = defaultdict(Counter)
    records = 0
    last = None
    for learner in data.learners.values():
        st = learner.stats
        records += st["records"]
        if st["last"] and (last is None or st["last"] > last):
            last = st["last"]
        for ch, names in st["reach"].items():
            reach[ch] += 1
            nb_names[ch].update({k: v for k, v in names.items() if k})
        for q, first in st["quiz"].items():
            quiz_votes[q][first] += 1
        for q, (outcome, wrong) in st["checks"].items():
            stats = per_q[q]
            stats["learners"] += 1
            stats[outcome] += 1
            for key, shown in wrong:  # each learner counts once per wrong answer
                stats["wrong"][key] += 1
                stats["label"].setdefault(key, shown)
    questions = []
    for q in sorted(per_q, key=_question_order):
        s = per_q[q]
        merged, label = s["wrong"], s["label"]
        head = q.split("_", 1)[0]
        questions.append({
            "question": q, "notebook": f"{int(head):02d}" if head.isdigit() else "",
            "tried": s["learners"], "right_first": s["first"],
            "share_right_first": s["first"] / s["learners"] if s["learners"] else float("nan"),
            "right_later": s["later"], "not_yet_right": s["never"],
            "wrong_answers": [(label[k], n) for k, n in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        })
    notebooks = [{"notebook": ch, "label": (nb_names[ch].most_common(1)[0][0] if nb_names[ch] else f"notebook {ch}"),
                  "reached": reach[ch]} for ch in sorted(reach)]
    known = {}
    if quiz is not None and len(quiz) and "id" in quiz.columns:
        known = {str(r["id"]): r for _, r in quiz.iterrows()}
    quiz_rows = []
    for q in sorted(quiz_votes, key=_question_order):
        votes = quiz_votes[q]
        row = known.get(q)
        quiz_rows.append({"scenario": q, "answered": sum(votes.values()), "job": votes["job"],
                          "career": votes["career"],
                          "statement": None if row is None else str(row["statement"]),
                          "expected": None if row is None else str(row["answer"]).strip().lower()})
    return Summary(len(data.learners), records, last, questions, notebooks, quiz_rows, list(data.warnings))


def _answer_key(answer: str) -> str:
    return re.sub(r"\s+", " ", str(answer)).strip().strip("\"'").casefold()


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value):
    """A value made safe for a spreadsheet: text starting with ``= + - @``, a tab or a line break
    gets a leading apostrophe, so a spreadsheet shows it instead of running it as a formula.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell(3), csv_cell("Fire Captain")
    ("'=HYPERLINK(1)", 3, 'Fire Captain')
    """
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def summary_rows(summary: Summary) -> list[dict]:
    """One row per question and per quiz scenario, every text cell passed through :func:`csv_cell`."""
    rows = []
    for q in summary.questions:
        row = {"kind": "check", "item": q["question"], "notebook": q["notebook"], "learners": q["tried"],
               "right_first_try": q["right_first"],
               "share_right_first_try": round(q["share_right_first"], 3) if q["tried"] else "",
               "right_later": q["right_later"], "not_yet_right": q["not_yet_right"], "job": "", "career": "",
               "expected": "", "statement": ""}
        for i in range(3):
            ans = q["wrong_answers"][i] if i < len(q["wrong_answers"]) else ("", "")
            row[f"wrong_answer_{i + 1}"], row[f"wrong_answer_{i + 1}_learners"] = ans
        rows.append(row)
    for s in summary.quiz:
        rows.append({"kind": "quiz", "item": s["scenario"], "notebook": "", "learners": s["answered"],
                     "right_first_try": (s[s["expected"]] if s["expected"] in ("job", "career") else ""),
                     "share_right_first_try": "", "right_later": "", "not_yet_right": "", "job": s["job"],
                     "career": s["career"], "expected": s["expected"] or "", "statement": s["statement"] or "",
                     **{f"wrong_answer_{i}{x}": "" for i in (1, 2, 3) for x in ("", "_learners")}})
    return [{k: csv_cell(v) for k, v in row.items()} for row in rows]


def export_csv(summary: Summary, path) -> Path:
    """Write :func:`summary_rows` to ``path`` as CSV (UTF-8 with BOM, for spreadsheets), atomically."""
    import csv
    import io

    from careerkit.plan._files import atomic_write

    rows = summary_rows(summary)
    columns = ["kind", "item", "notebook", "learners", "right_first_try", "share_right_first_try", "right_later",
               "not_yet_right", "wrong_answer_1", "wrong_answer_1_learners", "wrong_answer_2",
               "wrong_answer_2_learners", "wrong_answer_3", "wrong_answer_3_learners", "job", "career",
               "expected", "statement"]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = Path(path).expanduser()
    atomic_write(path, ("\ufeff" + buf.getvalue()).encode("utf-8"), backup=False)
    return path


# ----------------------------------------------------------------------------- setting up a folder


def init_folder(folder, group: str | None = None) -> list[str]:
    """Create (or fix) a class drop folder and return what was done, one line each.

    POSIX layout: the folder belongs to the instructor and the instructors' ``group``, mode
    ``3753`` — the owner may do everything; the group may list and read (``r-x``); everybody
    else (the learners) may create files and open a file whose name they know, but not list the
    folder (``-wx``). The sticky bit (``1000``) stops anyone but a file's owner (and the folder's
    owner) from deleting or renaming a file; the set-group-ID bit (``2000``) gives every new file
    the folder's group. Learners' files are created ``0640`` (the learner writes, the group
    reads, nobody else), with a name derived from a secret key that others cannot guess.

    On Windows the folder is created and nothing else is changed (set its sharing permissions
    in Explorer: learners "write", the instructor "read").
    """
    path = Path(folder).expanduser()
    done = []
    if not path.exists():
        path.mkdir(parents=True)
        done.append(f"created {path}")
    elif not path.is_dir():
        raise ValueError(f"{path} exists and is not a folder")
    if not _POSIX:
        done.append("not a POSIX system: permissions left to the system (see the docstring)")
        return done
    import grp

    if group is None:
        gid = os.getegid()
        name = grp.getgrgid(gid).gr_name
    else:
        try:
            entry = grp.getgrnam(group)
        except KeyError:
            raise ValueError(f"there is no group {group!r} (create it with: groupadd {group})") from None
        gid, name = entry.gr_gid, entry.gr_name
    os.chown(path, -1, gid)
    os.chmod(path, 0o3753)
    done.append(f"{path}: group {name}, mode 3753 (owner rwx; group {name} may list and read; "
                "others may add their own file but not list, read, change or delete others')")
    members = set(grp.getgrgid(gid).gr_mem)
    import pwd

    me = pwd.getpwuid(os.geteuid()).pw_name
    if os.getegid() != gid and me not in members and os.geteuid() != 0:
        done.append(f"note: you ({me}) are not in the group {name}: add yourself (usermod -aG {name} {me}) "
                    "and log in again, or you cannot read the learners' files")
    parents = [p for p in path.resolve().parents if not os.stat(p).st_mode & stat.S_IXOTH]
    if parents:
        done.append(f"note: learners cannot reach the folder: {parents[0]} is not searchable by others (chmod o+x)")
    done.append(f"learners join with: ck.join_class({str(path)!r}), or set {CLASS_DIR_ENV}={path} for their kernels")
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m careerkit.classroom init FOLDER --group GROUP`` (and ``summary FOLDER``)."""
    parser = argparse.ArgumentParser(prog="python -m careerkit.classroom",
                                     description="Set up and read a careerkit class folder.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_init = sub.add_parser("init", help="create a drop folder learners can add to but not list")
    p_init.add_argument("folder")
    p_init.add_argument("--group", help="the instructors' Unix group (default: your current group)")
    p_sum = sub.add_parser("summary", help="print how the class is doing (the class view, as text)")
    p_sum.add_argument("folder")
    args = parser.parse_args(argv)
    if args.command == "init":
        try:
            for line in init_folder(args.folder, args.group):
                print(line)
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    summary = summarize(read_class(args.folder))
    print(f"{summary.learners} learners, {summary.records} answers, newest {summary.last or '-'}")
    for q in summary.questions:
        wrong = "; ".join(f"{a!r} ×{n}" for a, n in q["wrong_answers"])
        print(f"  {q['question']:>6}: {q['tried']} tried, {q['right_first']} right at the first try"
              + (f"; wrong: {wrong}" if wrong else ""))
    for w in summary.warnings:
        print(f"  warning: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
