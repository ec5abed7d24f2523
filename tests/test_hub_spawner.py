"""hub/careerkit_spawner.py without a hub: where a learner's cgroup goes and what is written to it, on
cgroup v1 and v2 file layouts built in a temporary folder. The spawner on this machine's real cgroups,
with a hub and learners, is tested in tests/test_hub.py."""
from __future__ import annotations

import errno
import logging
from pathlib import Path

import pytest

from bench._hub import careerkit_spawner as _careerkit_spawner

careerkit_spawner = _careerkit_spawner()
LearnerCgroup = careerkit_spawner.LearnerCgroup


class Writes:
    """Records every value written to a cgroup file; the file gets the value, as cgroupfs shows it."""

    def __init__(self, busy=()):
        self.log: list[tuple[str, str]] = []
        self.busy = set(busy)  # files that answer EBUSY once (a v2 group that still holds processes)

    def __call__(self, path: Path, value: str) -> None:
        if str(path) in self.busy:
            self.busy.discard(str(path))
            raise OSError(errno.EBUSY, "Device or resource busy", str(path))
        self.log.append((str(path), value))
        path.write_text(value)


def _v1(tmp_path: Path) -> tuple[Path, Path]:
    mount = tmp_path / "cgroup"
    for controller in ("cpu", "memory"):
        (mount / controller).mkdir(parents=True)
        (mount / controller / "cgroup.procs").write_text("")
    proc = tmp_path / "self-cgroup"
    proc.write_text("4:memory:/process_api/abc\n2:cpuacct:/\n1:cpu:/\n0::/\n")
    return mount, proc


def _v2(tmp_path: Path, own: str = "/system.slice/jupyterhub.service", controllers: str = "cpu memory pids"):
    mount = tmp_path / "cgroup"
    (mount / own.lstrip("/")).mkdir(parents=True)
    (mount / "cgroup.controllers").write_text("cpu memory pids io")
    (mount / own.lstrip("/") / "cgroup.controllers").write_text(controllers)
    (mount / own.lstrip("/") / "cgroup.procs").write_text("101\n102\n")
    proc = tmp_path / "self-cgroup"
    proc.write_text(f"0::{own}\n")
    return mount, proc


def test_v1_groups_sit_in_the_hubs_own_group_of_each_controller(tmp_path, monkeypatch):
    mount, proc = _v1(tmp_path)
    writes = Writes()
    monkeypatch.setattr(careerkit_spawner, "_write", writes)
    group = LearnerCgroup.for_user("ana", mount, proc)
    assert group.version == 1
    assert group.dirs == {"cpu": mount / "cpu" / "careerkit-learners" / "ana",
                          "memory": mount / "memory" / "process_api" / "abc" / "careerkit-learners" / "ana"}
    group.create(cpu_weight=1, mem_limit=2**30)
    assert writes.log == [(str(group.dirs["cpu"] / "cpu.shares"), "10"),
                          (str(group.dirs["memory"] / "memory.limit_in_bytes"), str(2**30))]
    assert group.cpu_weight() == 1 and group.memory_limit() == 2**30
    group.set_cpu_weight(100)
    assert (group.dirs["cpu"] / "cpu.shares").read_text() == "1024" and group.cpu_weight() == 100
    group.set_cpu_weight(0)  # cgroup v1 takes no fewer than 2 shares
    assert (group.dirs["cpu"] / "cpu.shares").read_text() == "2"
    assert group.procs_files() == sorted([group.dirs["cpu"] / "cgroup.procs", group.dirs["memory"] / "cgroup.procs"])


def test_v1_without_a_limit_writes_none(tmp_path, monkeypatch):
    mount, proc = _v1(tmp_path)
    monkeypatch.setattr(careerkit_spawner, "_write", Writes())
    group = LearnerCgroup.for_user("ana", mount, proc)
    group.create(cpu_weight=100, mem_limit=None)
    assert (group.dirs["memory"] / "memory.limit_in_bytes").read_text() == "-1"


def test_v2_moves_the_hub_into_a_leaf_before_its_children_get_controllers(tmp_path, monkeypatch):
    """A v2 group whose children use controllers may hold no process: the kernel answers EBUSY, and the
    hub's own processes move into ``hub`` first (systemd allows this with Delegate=yes)."""
    own = "/system.slice/jupyterhub.service"
    mount, proc = _v2(tmp_path, own)
    service = mount / own.lstrip("/")
    writes = Writes(busy={str(service / "cgroup.subtree_control")})
    monkeypatch.setattr(careerkit_spawner, "_write", writes)
    group = LearnerCgroup.for_user("ana", mount, proc)
    assert group.version == 2 and group.dirs["cpu"] == group.dirs["memory"] == service / "careerkit-learners" / "ana"
    group.create(cpu_weight=1, mem_limit=512 * 2**20)
    assert writes.log == [
        (str(service / "hub" / "cgroup.procs"), "101"),
        (str(service / "hub" / "cgroup.procs"), "102"),
        (str(service / "cgroup.subtree_control"), "+cpu +memory"),
        (str(service / "careerkit-learners" / "cgroup.subtree_control"), "+cpu +memory"),
        (str(group.dirs["cpu"] / "cpu.weight"), "1"),
        (str(group.dirs["memory"] / "memory.max"), str(512 * 2**20)),
    ]
    assert group.cpu_weight() == 1 and group.memory_limit() == 512 * 2**20
    assert group.procs_files() == [group.dirs["cpu"] / "cgroup.procs"]


def test_v2_learners_stay_beside_the_hubs_leaf_once_it_has_moved(tmp_path, monkeypatch):
    """After the move, /proc/self/cgroup names the leaf ``hub``: the next learner's group must not
    go inside it (a group holding the hub, which would move the hub again, deeper each time)."""
    own = "/system.slice/jupyterhub.service"
    mount, proc = _v2(tmp_path, own)
    service = mount / own.lstrip("/")
    monkeypatch.setattr(careerkit_spawner, "_write", Writes(busy={str(service / "cgroup.subtree_control")}))
    LearnerCgroup.for_user("ana", mount, proc).create(cpu_weight=1, mem_limit=None)
    proc.write_text(f"0::{own}/hub\n")  # where the kernel now shows the hub
    (service / "hub" / "cgroup.controllers").write_text("cpu memory")
    assert LearnerCgroup.for_user("ben", mount, proc).dirs["cpu"] == service / "careerkit-learners" / "ben"


def test_v2_without_the_controllers_says_what_is_missing(tmp_path):
    mount, proc = _v2(tmp_path, controllers="pids")
    with pytest.raises(careerkit_spawner.CgroupUnavailable, match=r"\['cpu', 'memory'\].*not delegated"):
        LearnerCgroup.for_user("ana", mount, proc)


def test_no_cgroup_file_system_is_unavailable(tmp_path):
    with pytest.raises(careerkit_spawner.CgroupUnavailable, match="no cgroup file system"):
        LearnerCgroup.for_user("ana", tmp_path / "absent", tmp_path / "self-cgroup")


@pytest.mark.parametrize("name, expected", [
    ("ana", "ana"), ("ana.b-c_d", "ana.b-c_d"),
    ("..", "u-2e2e"), ("../etc", "u-2e2e2f657463"), ("a/b", "u-612f62"), (".hidden", "u-2e68696464656e"),
])
def test_a_user_name_never_leaves_the_learners_group(name, expected):
    assert careerkit_spawner.group_name(name) == expected


def test_the_spawner_warns_once_and_runs_without_cgroups_where_there_are_none(monkeypatch, caplog):
    from types import SimpleNamespace

    def unavailable(user, *args):
        raise careerkit_spawner.CgroupUnavailable("no cgroup file system at /nowhere")

    monkeypatch.setattr(LearnerCgroup, "for_user", classmethod(lambda cls, user, *a: unavailable(user)))
    monkeypatch.setattr(careerkit_spawner.CareerkitSpawner, "_warned", False)
    log = logging.getLogger("careerkit-spawner-test")
    spawners = [careerkit_spawner.CareerkitSpawner(user=SimpleNamespace(name=name), log=log) for name in ("ana", "ben")]
    with caplog.at_level(logging.WARNING, logger=log.name):
        assert [s._cgroup() for s in spawners] == [None, None]
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "memory limits are not enforced" in warnings[0] and "/nowhere" in warnings[0]


def test_a_named_server_has_a_group_of_its_own(monkeypatch):
    """Stopping a learner's second (named) server kills what is in its group: not their first server."""
    from types import SimpleNamespace

    asked = []
    monkeypatch.setattr(LearnerCgroup, "for_user", classmethod(lambda cls, key, *a: asked.append(key) or key))
    log = logging.getLogger("careerkit-spawner-test")
    for name in ("", "second"):
        # Spawner.name reads the hub's database record; a subclass stands in for one
        named = type("Named", (careerkit_spawner.CareerkitSpawner,), {"name": name})
        named(user=SimpleNamespace(name="ana"), log=log)._cgroup()
    assert asked[0] == "ana" and asked[1] != "ana"
    assert careerkit_spawner.group_name(asked[1]) not in {"ana", careerkit_spawner.group_name("ana")}
