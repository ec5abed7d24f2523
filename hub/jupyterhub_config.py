"""JupyterHub for careerkit on one machine: ``jupyterhub -f hub/jupyterhub_config.py`` (see hub/README.md).

Two modes, chosen with ``CAREERKIT_HUB_MODE``:

* ``class`` (the default): learners are Unix users of this machine and log in with their own password
  (PAMAuthenticator); each learner's server runs as that user, in a cgroup of its own (CareerkitSpawner,
  hub/careerkit_spawner.py: LocalProcessSpawner with an enforced memory limit, a low CPU weight while
  the server starts, and nothing left running when it stops). Only members of the Unix group
  ``CAREERKIT_HUB_GROUP`` may log in. The hub runs as root.
* ``trial`` (what ``make hub`` starts): for trying the setup on your own computer only. Any user name
  logs in with one shared trial password (printed when the hub starts, shown on the login page as a
  local trial), and every learner's server runs as the user who started the hub, with its home in the
  state folder (SimpleLocalProcessSpawner). Never use it on a machine other people can reach.

In both modes each learner's server is the careerkit environment (``CAREERKIT_HUB_ENV``, by default the
environment JupyterHub runs in): JupyterLab opens ``careerkit-course/00_start_here.ipynb``, Voila is
available at ``/user/NAME/voila/``, careerkit.server is on (a non-editable install switches it on). The
course is copied into a new learner's home at the first start, by ``python -m careerkit course`` running
as the learner (the same ``careerkit.course.copy_course`` a learner alone uses; it never overwrites a
file). jupyterhub-idle-culler stops servers nobody used for ``CAREERKIT_HUB_CULL_TIMEOUT`` seconds.

Settings (environment variables of the hub; defaults in brackets):
``CAREERKIT_HUB_IP`` [127.0.0.1], ``CAREERKIT_HUB_PORT`` [8000] — where learners connect (for a real class
put HTTPS in front, see hub/README.md); ``CAREERKIT_HUB_API_PORT`` [8081], ``CAREERKIT_HUB_PROXY_API_PORT``
[8001] — the hub's and the proxy's own ports, always on 127.0.0.1; ``CAREERKIT_HUB_STATE`` [hub/state] —
database, cookie secret, trial homes; ``CAREERKIT_HUB_GROUP`` — class mode: the Unix group of learners;
``CAREERKIT_HUB_ADMINS`` — comma-separated admin user names; ``CAREERKIT_HUB_MEM_LIMIT`` [1G];
``CAREERKIT_HUB_CULL_TIMEOUT`` [3600]; ``CAREERKIT_HUB_CGROUPS`` [1] — 0: no cgroups (class mode);
``CAREERKIT_HUB_START_GRACE`` [60] — seconds a ready server keeps its low start weight;
``CAREERKIT_HUB_API_TOKEN`` — if set, a service ``careerkit-admin`` with this token may start and stop
learners' servers through the REST API (scripts, ``make bench``);
``CAREERKIT_CLASS_DIR`` — the class folder (``python -m careerkit.classroom init FOLDER --group GROUP``),
passed on to every learner's server so that their work is recorded for the class view; a local trial
without one gets ``STATE/class``, made with the same ``careerkit.classroom.init_folder``.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

MODE = os.environ.get("CAREERKIT_HUB_MODE", "class")
if MODE not in {"class", "trial"}:
    raise SystemExit(f"CAREERKIT_HUB_MODE must be 'class' or 'trial', not {MODE!r}")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
STATE = Path(os.environ.get("CAREERKIT_HUB_STATE", HERE / "state")).resolve()
LEARNER_ENV = Path(os.environ.get("CAREERKIT_HUB_ENV", sys.prefix)).resolve()
LEARNER_BIN = LEARNER_ENV / "bin"
COURSE = "careerkit-course"
CLASS_DIR = os.environ.get("CAREERKIT_CLASS_DIR", "")

STATE.mkdir(parents=True, exist_ok=True)
STATE.chmod(0o700)  # the database and the cookie secret: the hub's eyes only

# ---- where it listens ----------------------------------------------------------------------------
ip = os.environ.get("CAREERKIT_HUB_IP", "127.0.0.1")
c.JupyterHub.bind_url = f"http://{ip}:{int(os.environ.get('CAREERKIT_HUB_PORT', '8000'))}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{int(os.environ.get('CAREERKIT_HUB_API_PORT', '8081'))}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('CAREERKIT_HUB_PROXY_API_PORT', '8001'))}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# configurable-http-proxy from npm, installed from hub/package-lock.json by `make hub-deps` (npm ci)
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if not PROXY.exists():
    raise SystemExit(f"{PROXY} is missing: run `make hub-deps` (npm ci in hub/) first")
c.ConfigurableHTTPProxy.command = [str(PROXY)]
# stopping the hub stops every learner's server (and with it their kernels)
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# ---- who logs in ---------------------------------------------------------------------------------
admins = {name.strip() for name in os.environ.get("CAREERKIT_HUB_ADMINS", "").split(",") if name.strip()}
c.Authenticator.admin_users = admins
if MODE == "trial":
    trial_password = os.environ.get("CAREERKIT_HUB_TRIAL_PASSWORD") or secrets.token_urlsafe(9)
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = trial_password
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "trial-homes" / "{username}")
    c.JupyterHub.template_vars = {"announcement_login": (
        "<strong>Local trial only.</strong> Any user name logs in with the trial password printed where "
        "the hub was started. Every learner runs as the same system user; nothing here is private. "
        "For a class use hub/README.md (PAM logins, one system user per learner).")}
    print(f"careerkit hub: LOCAL TRIAL on {c.JupyterHub.bind_url} - any user name, password: {trial_password}",
          flush=True)
    if not CLASS_DIR:  # the class view can be tried too: every trial learner records into this folder
        from careerkit.classroom import init_folder

        CLASS_DIR = str(STATE / "class")
        init_folder(CLASS_DIR)
        print(f"careerkit hub: class folder {CLASS_DIR} (open notebooks/instructor_class_view.ipynb on it)",
              flush=True)
else:
    c.JupyterHub.authenticator_class = "pam"
    # LocalProcessSpawner with a cgroup per learner: enforced memory limit, learners already working
    # ahead of servers that are starting, no process left when a server stops (hub/careerkit_spawner.py)
    sys.path.insert(0, str(HERE))
    from careerkit_spawner import CareerkitSpawner

    c.JupyterHub.spawner_class = CareerkitSpawner
    c.CareerkitSpawner.use_cgroups = os.environ.get("CAREERKIT_HUB_CGROUPS", "1") != "0"
    c.CareerkitSpawner.start_grace = float(os.environ.get("CAREERKIT_HUB_START_GRACE", "60"))
    group = os.environ.get("CAREERKIT_HUB_GROUP", "")
    if group:
        c.PAMAuthenticator.allowed_groups = {group}
    elif not admins:
        raise SystemExit("class mode: set CAREERKIT_HUB_GROUP to the Unix group of the learners "
                         "(or CAREERKIT_HUB_MODE=trial to try the hub on your own computer)")

# ---- each learner's server -----------------------------------------------------------------------
c.Spawner.cmd = [str(LEARNER_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{COURSE}/00_start_here.ipynb"
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(LEARNER_BIN), "/usr/local/bin", "/usr/bin", "/bin"]),
    "CAREERKIT_CLASS_DIR": CLASS_DIR,
}
# only the locale is passed on from the hub's own environment: by default JupyterHub also passes
# PYTHONPATH, VIRTUAL_ENV and conda's variables, and a hub started from a development checkout (or
# from another environment) would then make every learner's kernel import a different careerkit, or
# none at all, than the learners' environment holds
c.Spawner.env_keep = ["LANG", "LC_ALL"]
# kernels talk to their server over Unix sockets in the learner's own runtime folder (mode 0700), not
# TCP ports on 127.0.0.1: no other user of the machine can connect to them or read their output, and
# servers starting kernels at the same moment cannot pick the same free port (a kernel that finds its
# port taken exits; restarted on the same ports it can die again: jupyter-server/kernel_gateway#131)
c.Spawner.args = ["--KernelManager.transport=ipc"]
if MODE == "trial" and IS_ROOT:
    c.Spawner.args.append("--allow-root")
# class mode enforces it with each learner's cgroup (memory.max); the local trial's
# SimpleLocalProcessSpawner only passes it on (MEM_LIMIT, shown by jupyter-resource-usage)
c.Spawner.mem_limit = os.environ.get("CAREERKIT_HUB_MEM_LIMIT", "1G")
# many learners arriving at once on a small machine: give a server time to start
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


def _home(spawner) -> Path:
    if MODE == "trial":
        return Path(spawner.home_dir)
    import pwd

    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


async def copy_course_once(spawner) -> None:
    """A new learner gets the course in ``~/careerkit-course``: copied once, as that learner.

    Class mode also makes the home private (0700): useradd leaves homes readable by everyone on many
    systems, and a learner's notebooks and plan are their own.
    """
    home = _home(spawner)
    if MODE == "trial":
        home.mkdir(parents=True, exist_ok=True)
    if (home / COURSE).exists():
        return
    as_user = {}
    if MODE == "class":
        import pwd

        entry = pwd.getpwnam(spawner.user.name)
        os.chmod(home, 0o700)
        as_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    cmd = [str(LEARNER_BIN / "python"), "-m", "careerkit", "course", str(home / COURSE)]
    proc = await asyncio.create_subprocess_exec(
        *cmd, cwd=str(home), env={"HOME": str(home), "PATH": c.Spawner.environment["PATH"], "LANG": "C.UTF-8"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, **as_user)
    out, _ = await proc.communicate()
    text = out.decode(errors="replace").strip()
    if proc.returncode != 0:
        raise RuntimeError(f"copying the course for {spawner.user.name} failed ({shlex.join(cmd)}): {text}")
    spawner.log.info("careerkit: course copied for %s: %s", spawner.user.name, text.splitlines()[0] if text else "")


c.Spawner.pre_spawn_hook = copy_course_once

# ---- services: the idle culler, and an optional admin token for scripts ---------------------------
cull_timeout = int(os.environ.get("CAREERKIT_HUB_CULL_TIMEOUT", "3600"))
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_timeout}",
                f"--cull-every={max(60, min(600, cull_timeout // 2))}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
admin_token = os.environ.get("CAREERKIT_HUB_API_TOKEN", "")
if admin_token:
    c.JupyterHub.services.append({"name": "careerkit-admin", "api_token": admin_token})
    c.JupyterHub.load_roles.append({
        "name": "careerkit-admin",
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
        "services": ["careerkit-admin"],
    })
