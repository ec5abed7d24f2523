"""A class folder on a shared machine, tried with real Unix users (the tests run as root).

``python -m careerkit.classroom init FOLDER --group ckc_teachers`` run by the instructor; two
learners join and record; then each side tries what it must and must not be able to do:
a learner cannot list the folder, nor read, append to, truncate, change the mode of, rename or
delete another learner's file; the instructor (in the group) lists the folder and reads every
file. Users and groups are named ``ckc_*`` and removed afterwards, also when a test fails.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import careerkit as ck
from careerkit import check, classroom
from careerkit.plan import _files  # noqa: F401 - imported here: the child process cannot read /root

pytestmark = pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("useradd"),
                                reason="needs root on a POSIX system with useradd (real Unix users)")

GROUP = "ckc_teachers"
TEACHER = "ckc_teacher1"
LEARNERS = ("ckc_learner1", "ckc_learner2")

RIGHT = "Firefighter"  # step 1 of the shipped fire-service ladder


def _remove_accounts():
    for user in (TEACHER, *LEARNERS):
        subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", user], capture_output=True)  # the user's own group, if left over
    subprocess.run(["groupdel", GROUP], capture_output=True)


@pytest.fixture(scope="module")
def accounts():
    """The instructors' group, one instructor and two learners, each with a home of their own."""
    _remove_accounts()  # left over from a run that was killed
    base = Path(tempfile.mkdtemp(prefix="ckc-class-"))
    base.chmod(0o755)
    try:
        subprocess.run(["groupadd", GROUP], check=True, capture_output=True)
        for user in (TEACHER, *LEARNERS):
            home = base / f"home-{user}"
            extra = ["-G", GROUP] if user == TEACHER else []
            subprocess.run(["useradd", "--no-create-home", "--home-dir", str(home), "--user-group",
                            "--shell", "/usr/sbin/nologin", *extra, user], check=True, capture_output=True)
            home.mkdir()
            shutil.chown(home, user, user)
            home.chmod(0o700)
        ck.ladders()  # loaded (and cached) by root, before any child drops its rights
        import platformdirs  # noqa: F401

        classroom.learner_identity(base, key=b"warm-up")
        folder = base / "class"
        folder.mkdir()
        shutil.chown(folder, TEACHER, TEACHER)
        yield base, folder
    finally:
        _remove_accounts()
        shutil.rmtree(base, ignore_errors=True)


def run_as(user: str, base: Path, func, *args, groups=()):
    """``func(*args)`` in a child process that has become ``user`` (its own group plus ``groups``)
    with ``HOME`` in its own home folder; returns what ``func`` returned (JSON).

    A fork, not a new interpreter: the Python here lives under /root, which other users may not
    read, so the child drops root's rights with setgroups/setgid/setuid after everything it
    needs is imported."""
    import grp
    import pwd

    entry = pwd.getpwnam(user)
    gids = [grp.getgrnam(g).gr_gid for g in groups]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read)
            os.setgroups(gids)
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            home = base / f"home-{user}"
            os.environ["HOME"] = str(home)
            os.environ.pop("XDG_CONFIG_HOME", None)
            os.environ.pop(classroom.CLASS_DIR_ENV, None)
            os.chdir(home)
            classroom._session = None
            classroom._env_state.update(left=False, tried=False)
            result = {"ok": func(*args)}
            code = 0
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            import traceback

            result = {"error": f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"}
        with os.fdopen(write, "w") as fh:
            fh.write(json.dumps(result))
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as fh:
        out = fh.read()
    os.waitpid(pid, 0)
    got = json.loads(out)
    assert "error" not in got, f"{user}: {got['error']}"
    return got["ok"]


def learn(folder: str) -> dict:
    os.umask(0o077)  # a strict umask: the file must still be readable by the instructors' group
    with contextlib.redirect_stdout(io.StringIO()):
        ck.join_class(folder)
        check.question_0_1("Captain")
        check.question_0_1(RIGHT)
    info = classroom.current()
    st = os.stat(info["file"])
    with open(info["file"], encoding="utf-8") as fh:
        own = fh.read().count("\n")
    return {"file": info["file"], "mode": oct(st.st_mode & 0o7777), "gid": st.st_gid, "own": own}


def attempt(func) -> str:
    try:
        func()
        return "allowed"
    except PermissionError:
        return "denied"
    except OSError as exc:
        return f"error {exc.errno}"


def trespass(folder: str, other: str, own: str) -> dict:
    def read():
        with open(other, "rb") as fh:
            fh.read()

    return {
        "list": attempt(lambda: os.listdir(folder)),
        "read": attempt(read),
        "append": attempt(lambda: os.close(os.open(other, os.O_WRONLY | os.O_APPEND))),
        "truncate": attempt(lambda: os.truncate(other, 0)),
        "chmod": attempt(lambda: os.chmod(other, 0o666)),
        "rename": attempt(lambda: os.rename(other, other + ".moved")),
        "delete": attempt(lambda: os.unlink(other)),
        "replace": attempt(lambda: os.replace(own, other)),
    }


def instructor(folder: str) -> dict:
    data = classroom.read_class(folder)
    s = classroom.summarize(data)
    return {"names": sorted(os.listdir(folder)), "learners": len(data.learners), "records": s.records,
            "warnings": data.warnings, "right_later": s.questions[0]["right_later"] if s.questions else None}


def reader(folder: str) -> dict:
    data = classroom.read_class(folder)
    return {"learners": len(data.learners), "warnings": data.warnings}


def test_learners_cannot_touch_each_others_records_and_the_instructor_reads_all(accounts):
    import grp

    base, folder = accounts
    init = run_as(TEACHER, base, lambda: _init(str(folder)), groups=[GROUP])
    assert init["code"] == 0 and "mode 3753" in init["out"], init
    assert folder.stat().st_mode & 0o7777 == 0o3753
    assert folder.stat().st_gid == grp.getgrnam(GROUP).gr_gid

    files = {}
    for user in LEARNERS:
        got = run_as(user, base, learn, str(folder))
        assert got["mode"] == "0o640" and got["gid"] == grp.getgrnam(GROUP).gr_gid and got["own"] == 2, (user, got)
        files[user] = got["file"]
    assert files[LEARNERS[0]] != files[LEARNERS[1]]

    for me, other in ((LEARNERS[0], LEARNERS[1]), (LEARNERS[1], LEARNERS[0])):
        tried = run_as(me, base, trespass, str(folder), files[other], files[me])
        assert tried == {k: "denied" for k in tried}, (me, tried)
        assert Path(files[other]).read_text().count("\n") == 2  # unchanged

    seen = run_as(TEACHER, base, instructor, str(folder), groups=[GROUP])
    assert seen["names"] == sorted(Path(f).name for f in files.values())
    assert {k: seen[k] for k in ("learners", "records", "warnings", "right_later")} == \
        {"learners": 2, "records": 4, "warnings": [], "right_later": 2}


def _init(folder: str) -> dict:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = classroom.main(["init", folder, "--group", GROUP])
    return {"code": code, "out": out.getvalue()}


def test_a_learner_cannot_read_the_class_with_the_reader(accounts):
    base, folder = accounts
    got = run_as(LEARNERS[0], base, reader, str(folder))
    assert got["learners"] == 0 and "may not list" in got["warnings"][0]
