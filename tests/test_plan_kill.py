"""A save killed at any moment leaves the old plan or the new one, never a torn file.

A child process (forked, so it starts in milliseconds with careerkit already imported) saves a
large plan over and over, each revision with different content, and reports every finished
save through a pipe. The test SIGKILLs it after a random delay, many times over the same file,
and after every kill ``Plan.load`` must succeed and give exactly the last reported revision or
the one that was being written — with every milestone from that same revision.
"""
from __future__ import annotations

import os
import random
import signal
import time

import pytest

from careerkit.plan import Plan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork and SIGKILL (POSIX)"),
]

MILESTONES = 1500  # ~0.3 MB of JSON, ~0.1 s per save here: long enough for kills to land inside a write
KILLS = 40


def make_plan(rev: int) -> Plan:
    plan = Plan(current=f"rev {rev}", target="Fire Captain", ladder="Fire service (US)", start_year=2026)
    for i in range(MILESTONES):
        plan.add_milestone(f"rev {rev} milestone {i} " + "x" * (1 + rev % 97), way="Learn and train",
                           year=2026 + i % 40, done=bool((rev + i) % 2))
    return plan


def revision(plan: Plan) -> int:
    """The revision a loaded plan holds, after checking every part of it is from that revision."""
    rev = int(plan.current.split()[1])
    assert len(plan.milestones) == MILESTONES
    for i, m in enumerate(plan.milestones):
        assert m.text == f"rev {rev} milestone {i} " + "x" * (1 + rev % 97), (rev, i, m.text[:40])
        assert m.done == bool((rev + i) % 2)
    return rev


def _child(path, first_rev: int, report_fd: int) -> None:
    try:
        rev = first_rev
        while True:
            make_plan(rev).save(path)
            os.write(report_fd, f"{rev}\n".encode())
            rev += 1
    finally:
        os._exit(1)


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks).decode()


def test_killed_saves_leave_the_old_or_the_new_plan(tmp_path):
    path = tmp_path / "plan.json"
    make_plan(0).save(path)
    committed = 0
    rng = random.Random(20261125)
    t0 = time.monotonic()
    seen_mid_save = 0
    for k in range(KILLS):
        first_rev = (k + 1) * 1000
        r, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(r)
            _child(path, first_rev, wfd)
        os.close(wfd)
        time.sleep(rng.uniform(0.0, 0.35))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = [int(x) for x in _read_all(r).split()]
        os.close(r)
        being_written = reported[-1] + 1 if reported else first_rev
        last_done = reported[-1] if reported else committed

        loaded = revision(Plan.load(path))
        assert loaded in {last_done, being_written}, (k, loaded, last_done, being_written)
        seen_mid_save += loaded == being_written
        bak = tmp_path / "plan.json.bak"
        if bak.exists():
            revision(Plan.load(bak))  # the backup is always a whole plan too
        committed = loaded
        assert time.monotonic() - t0 < 240, "kill loop is taking far too long on this machine"
    # leftovers from interrupted saves are hidden temp files, never the plan's own names
    names = {p.name for p in tmp_path.iterdir()}
    assert {"plan.json", "plan.json.bak"} <= names
    assert all(n in {"plan.json", "plan.json.bak"} or (n.startswith(".plan.json.") and ".tmp" in n) for n in names)
