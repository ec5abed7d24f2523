"""CareerkitSpawner: LocalProcessSpawner with a Linux cgroup for each learner's server.

What the cgroup gives a class on one machine:

* **Memory limits that hold.** ``Spawner.mem_limit`` becomes the cgroup's ``memory.max`` (cgroup v2) or
  ``memory.limit_in_bytes`` (v1): the server and every kernel it starts share it, and the kernel's OOM
  killer stops a learner's kernel, not a neighbour's, when it runs over.
* **Learners already working come first while a class starts.** A server starts with a low CPU weight
  (``start_cpu_weight``) and gets the normal one (``cpu_weight``) ``start_grace`` seconds after it is
  ready. Thirty servers importing JupyterLab and running their first notebook then use the CPU a learner
  who is already working leaves idle, instead of taking 30 shares of it. A nice level cannot do this: Linux
  shares the CPU between sessions first (autogroup), and every server and every kernel runs in a session
  of its own; a cgroup holds the server and all its children, whatever their session.
* **Nothing left behind.** When a server stops, whatever still runs in its cgroup (a kernel, a process a
  learner started in a terminal) is killed, and the cgroup removed.

Where the hub cannot make cgroups (not root, no cgroup file system, controllers missing), the spawner logs
one warning and runs servers as LocalProcessSpawner does. systemdspawner does the same with systemd units;
this one needs no systemd (containers, and hosts where the hub is not a systemd service).

Weights use cgroup v2's scale (1 to 10000, 100 for an ordinary process); on cgroup v1 they become
``cpu.shares`` (× 1024 / 100, at least 2). On cgroup v2 the hub's own processes move into a leaf group
``hub`` of the hub's cgroup, as the kernel requires of a group whose children have controllers; under
systemd the hub's unit needs ``Delegate=yes`` for that (hub/README.md).
"""
from __future__ import annotations

import asyncio
import errno
import functools
import os
import re
import signal
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Float, Integer

MOUNT = Path("/sys/fs/cgroup")
LEARNERS = "careerkit-learners"     # the group that holds one group per learner, inside the hub's cgroup
DEFAULT_WEIGHT = 100                # cgroup v2's weight of an ordinary process


class CgroupUnavailable(Exception):
    """The hub cannot make or use cgroups here; the message says why."""


def group_name(user: str) -> str:
    """A directory name for ``user`` that cannot leave the learners' group."""
    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}", user):
        return user
    return "u-" + user.encode().hex()[:120]


def _write(path: Path, value: str) -> None:
    # one write() per value: cgroup files take a whole value per write, and buffered text I/O may split it
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


@functools.lru_cache(maxsize=None)
def _own_cgroups(proc_cgroup: Path) -> dict[str, str]:
    """controller (or "" for the unified hierarchy) -> this process's cgroup path, from /proc/self/cgroup,
    as it was when first read: on cgroup v2 the hub then moves itself into its leaf ``hub``, and the
    learners' groups must stay beside that leaf, not inside it."""
    found = {}
    for line in proc_cgroup.read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            found[name] = path
    return found


class LearnerCgroup:
    """One learner's cgroup: a directory per controller (v1) or one directory (v2)."""

    def __init__(self, version: int, dirs: dict[str, Path]):
        self.version = version
        self.dirs = dirs  # "cpu"/"memory" -> directory (both the same on v2)

    @classmethod
    def for_user(cls, user: str, mount: Path = MOUNT, proc_cgroup: Path = Path("/proc/self/cgroup")
                 ) -> "LearnerCgroup":
        """The learner's cgroup, inside the calling process's own cgroup (not yet created)."""
        if not mount.is_dir():
            raise CgroupUnavailable(f"no cgroup file system at {mount}")
        own = _own_cgroups(proc_cgroup)
        if (mount / "cgroup.controllers").exists():  # v2: one hierarchy
            enabled = (mount / own.get("", "/").lstrip("/") / "cgroup.controllers").read_text().split()
            missing = {"cpu", "memory"} - set(enabled)
            if missing:
                raise CgroupUnavailable(f"cgroup v2 controllers {sorted(missing)} are not delegated to the hub's cgroup")
            base = mount / own.get("", "/").lstrip("/") / LEARNERS / group_name(user)
            return cls(2, {"cpu": base, "memory": base})
        dirs = {}
        for controller in ("cpu", "memory"):
            top = mount / controller
            if not (top / "cgroup.procs").exists():
                raise CgroupUnavailable(f"cgroup v1 controller {controller!r} is not mounted at {top}")
            dirs[controller] = top / own.get(controller, "/").lstrip("/") / LEARNERS / group_name(user)
        return cls(1, dirs)

    # ---- making and removing ----------------------------------------------------------------------
    def create(self, cpu_weight: int, mem_limit: int | None) -> None:
        if self.version == 2:
            self._prepare_v2_parent(self.dirs["cpu"].parent)
        for path in set(self.dirs.values()):
            path.mkdir(parents=True, exist_ok=True)
        self.set_cpu_weight(cpu_weight)
        if self.version == 2:
            _write(self.dirs["memory"] / "memory.max", str(mem_limit) if mem_limit else "max")
        else:
            _write(self.dirs["memory"] / "memory.limit_in_bytes", str(mem_limit) if mem_limit else "-1")

    @staticmethod
    def _prepare_v2_parent(learners: Path) -> None:
        """Enable cpu and memory for the learners' groups. A v2 group whose children use controllers may
        hold no process itself (except the root): the hub's own processes move into a leaf ``hub``."""
        hubs = learners.parent
        learners.mkdir(exist_ok=True)
        try:
            _write(hubs / "cgroup.subtree_control", "+cpu +memory")
        except OSError as exc:
            if exc.errno != errno.EBUSY:
                raise
            leaf = hubs / "hub"
            leaf.mkdir(exist_ok=True)
            for pid in (hubs / "cgroup.procs").read_text().split():
                try:
                    _write(leaf / "cgroup.procs", pid)
                except ProcessLookupError:
                    continue
            _write(hubs / "cgroup.subtree_control", "+cpu +memory")
        _write(learners / "cgroup.subtree_control", "+cpu +memory")

    def remove(self) -> None:
        for path in set(self.dirs.values()):
            try:
                path.rmdir()
            except FileNotFoundError:
                pass

    # ---- settings ---------------------------------------------------------------------------------
    def set_cpu_weight(self, weight: int) -> None:
        if self.version == 2:
            _write(self.dirs["cpu"] / "cpu.weight", str(max(1, min(10000, weight))))
        else:
            _write(self.dirs["cpu"] / "cpu.shares", str(max(2, weight * 1024 // DEFAULT_WEIGHT)))

    def cpu_weight(self) -> int:
        """The weight on v2's scale (v1's shares read back)."""
        if self.version == 2:
            return int((self.dirs["cpu"] / "cpu.weight").read_text())
        return round(int((self.dirs["cpu"] / "cpu.shares").read_text()) * DEFAULT_WEIGHT / 1024)

    def memory_limit(self) -> int | None:
        name = "memory.max" if self.version == 2 else "memory.limit_in_bytes"
        text = (self.dirs["memory"] / name).read_text().strip()
        return None if text == "max" or int(text) >= 2**62 else int(text)

    # ---- processes --------------------------------------------------------------------------------
    def procs_files(self) -> list[Path]:
        return [path / "cgroup.procs" for path in sorted(set(self.dirs.values()))]

    def pids(self) -> set[int]:
        found = set()
        for path in self.procs_files():
            try:
                found |= {int(p) for p in path.read_text().split()}
            except FileNotFoundError:
                continue
        return found

    def kill_all(self) -> None:
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue


class CareerkitSpawner(LocalProcessSpawner):
    """LocalProcessSpawner with a cgroup per learner (see the module's docstring)."""

    use_cgroups = Bool(True, config=True, help="Put each server in a cgroup of its own (memory limit, start "
                                               "priority, no orphans). Off, or where the hub cannot make "
                                               "cgroups: LocalProcessSpawner's behaviour.")
    start_cpu_weight = Integer(1, config=True, help="CPU weight (cgroup v2 scale, 100 = an ordinary process) "
                                                   "while a server starts.")
    cpu_weight = Integer(DEFAULT_WEIGHT, config=True, help="CPU weight once the start is over.")
    start_grace = Float(60, config=True, help="Seconds after a server is ready during which it keeps "
                                              "start_cpu_weight: opening and running a first notebook is "
                                              "part of a start.")

    _warned = False  # one warning per hub process when cgroups cannot be used

    def _cgroup(self) -> LearnerCgroup | None:
        if not self.use_cgroups:
            return None
        # a named server (allow_named_servers) gets a group of its own: stopping it must not kill the
        # learner's other servers. ":" cannot be in a Unix user name and makes group_name() encode it.
        key = f"{self.user.name}:{self.name}" if self.name else self.user.name
        try:
            return LearnerCgroup.for_user(key)
        except (CgroupUnavailable, OSError) as exc:
            if not CareerkitSpawner._warned:
                CareerkitSpawner._warned = True
                self.log.warning("careerkit: no cgroups for learners' servers (%s): memory limits are not "
                                 "enforced and starting servers share the CPU equally", exc)
            return None

    def make_preexec_fn(self, name):
        setuid = super().make_preexec_fn(name)
        files = [str(path) for path in self._cg.procs_files()] if getattr(self, "_cg", None) else []

        def preexec():
            # runs in the new process before it becomes the learner: its children (kernels, terminals)
            # are born in the cgroup too. start() checks that it got there.
            pid = str(os.getpid())
            for path in files:
                _write(Path(path), pid)
            setuid()

        return preexec

    async def start(self):
        self._cg = self._cgroup()
        if self._cg is not None:
            try:
                self._cg.create(self.start_cpu_weight, self.mem_limit)
            except OSError as exc:
                self.log.warning("careerkit: could not make the cgroup of %s (%s); starting without one",
                                 self.user.name, exc)
                self._cg = None
        ip_port = await super().start()
        if self._cg is not None:
            if self.pid not in self._cg.pids():
                self.log.error("careerkit: the server of %s (pid %s) is not in its cgroup %s",
                               self.user.name, self.pid, self._cg.procs_files())
            self._after_start = asyncio.ensure_future(self._normal_weight_once_started())
        return ip_port

    async def _normal_weight_once_started(self) -> None:
        deadline = time.monotonic() + self.start_timeout + self.http_timeout
        while not self.ready and time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                return  # the server ended before it was ready: stop() removes the cgroup
            await asyncio.sleep(1)  # the hub marks the server ready; nothing to wait on but its state
        await asyncio.sleep(self.start_grace)
        try:
            self._cg.set_cpu_weight(self.cpu_weight)
            self.log.info("careerkit: %s's server now has CPU weight %s", self.user.name, self.cpu_weight)
        except OSError as exc:
            self.log.warning("careerkit: could not set the CPU weight of %s: %s", self.user.name, exc)

    def load_state(self, state):
        # a hub restarted with its learners' servers still running (cleanup_servers = False): their
        # start is long over
        super().load_state(state)
        self._cg = self._cgroup() if self.pid else None
        if self._cg is not None:
            try:
                self._cg.set_cpu_weight(self.cpu_weight)
            except OSError:
                self._cg = None

    async def stop(self, now=False):
        await super().stop(now=now)
        task = getattr(self, "_after_start", None)
        if task is not None:
            task.cancel()
        cg = getattr(self, "_cg", None) or self._cgroup()
        if cg is None:
            return
        # the server has stopped: anything still in its cgroup is a kernel or a process it left behind
        deadline = time.monotonic() + 10
        while cg.pids() and time.monotonic() < deadline:
            cg.kill_all()
            await asyncio.sleep(0.2)  # the kernel empties the cgroup as the processes exit
        try:
            cg.remove()
        except OSError as exc:
            self.log.warning("careerkit: could not remove the cgroup of %s: %s", self.user.name, exc)
        self._cg = None
