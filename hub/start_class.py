"""Start every learner's server before the lesson, so that the class does not arrive all at once.

On a small machine the start of many servers and kernels takes both cores (measured: 30 learners
on 2 cores, ``python -m bench hub``), and a learner who is already working waits for it. Started
beforehand, the servers are idle and ready when the learners log in.

    sudo env CAREERKIT_HUB_API_TOKEN=... python3 hub/start_class.py --group learners

The token is the hub's ``CAREERKIT_HUB_API_TOKEN`` (its ``careerkit-admin`` service may create users
and start servers, see jupyterhub_config.py). Every member of the Unix group (listed in the group,
or with it as their primary group) is added to the hub if new, their server is started, and the
script waits until all are ready; it exits with 1 and names the learners whose server did not
start. The idle culler stops a server unused for ``CAREERKIT_HUB_CULL_TIMEOUT`` seconds (an hour by
default): start the class less than that before the lesson. Only the Python standard library is
used, so any ``python3`` on the hub's machine runs it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request


def members(group: str) -> list[str]:
    """The Unix users of ``group``: listed in it, or with it as their primary group."""
    import grp
    import pwd

    entry = grp.getgrnam(group)
    names = set(entry.gr_mem) | {p.pw_name for p in pwd.getpwall() if p.pw_gid == entry.gr_gid}
    return sorted(names)


def api(hub: str, token: str, method: str, path: str, body=None, timeout: float = 60) -> tuple[int, object]:
    """One call of the hub's REST API: (HTTP status, the JSON answer or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{hub.rstrip('/')}/hub/api/{path}", data=data, method=method,
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - the hub's own URL
            text = answer.read()
            return answer.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, (json.loads(text) if text else None)
        except ValueError:
            return error.code, None


def start_class(hub: str, token: str, names: list[str], timeout: float = 600, poll: float = 1.0,
                out=sys.stdout) -> list[str]:
    """Start the servers of ``names`` on ``hub``; the names whose server was not ready in ``timeout`` s."""
    if not names:
        return []
    code, answer = api(hub, token, "POST", "users", {"usernames": names})
    if code not in (201, 409):  # 409: they were all known already
        raise SystemExit(f"start_class: the hub refused to add the learners (HTTP {code}: {answer})")
    started = time.monotonic()
    failed = {}
    for name in names:
        code, answer = api(hub, token, "POST", f"users/{name}/server")
        if code not in (201, 202, 400):  # 400: this learner's server is already running
            failed[name] = f"HTTP {code}: {answer}"
    waiting = [n for n in names if n not in failed]
    while waiting and time.monotonic() - started < timeout:
        for name in list(waiting):
            code, user = api(hub, token, "GET", f"users/{name}")
            server = ((user or {}).get("servers") or {}).get("") if code == 200 else None
            if server and server.get("ready"):
                waiting.remove(name)
                print(f"ready: {name} ({time.monotonic() - started:.0f} s)", file=out, flush=True)
            elif code == 200 and not server:  # a failed start leaves no server behind
                waiting.remove(name)
                failed[name] = "the server stopped while starting (see the hub's log)"
        if waiting:
            time.sleep(poll)
    failed.update({name: f"not ready after {timeout:g} s" for name in waiting})
    ready = len(names) - len(failed)
    print(f"{ready} of {len(names)} servers ready in {time.monotonic() - started:.0f} s", file=out, flush=True)
    for name, why in failed.items():
        print(f"not started: {name}: {why}", file=out, flush=True)
    return sorted(failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start every learner's server on the careerkit hub before the lesson.")
    parser.add_argument("--group", required=True, help="the Unix group of the learners (CAREERKIT_HUB_GROUP)")
    parser.add_argument("--hub", default=os.environ.get("CAREERKIT_HUB_URL", "http://127.0.0.1:8000"),
                        help="the hub's address (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for every server (default: 600)")
    args = parser.parse_args(argv)
    token = os.environ.get("CAREERKIT_HUB_API_TOKEN", "")
    if not token:
        parser.error("set CAREERKIT_HUB_API_TOKEN to the token the hub was started with")
    try:
        names = members(args.group)
    except KeyError:
        parser.error(f"no Unix group called {args.group!r}")
    return 1 if start_class(args.hub, token, names, args.timeout) else 0


if __name__ == "__main__":
    raise SystemExit(main())
