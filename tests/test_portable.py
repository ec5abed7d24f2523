"""The package runs on Windows too: nothing POSIX-only outside a branch that checks for it.

Reads the source of every module of ``careerkit`` and fails on a POSIX-only call or name (file
modes, owners and user ids, folder fsync via ``O_DIRECTORY``, POSIX signals, process groups, Unix
sockets, ``fcntl``/``pwd``/``grp``/``resource``/``termios``, a hard-coded ``/tmp``) unless it sits in
an ``if``/``and``/conditional expression that tests ``os.name``, ``sys.platform``, ``platform.system()``
or ``hasattr(...)``, or in a ``try`` that catches ``AttributeError``/``ImportError``/``OSError``.
careerkit/plan/_files.py is left to its own Windows work (see the exclusion below).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "careerkit"
# made Windows-safe separately (atomic saves and their folder fsync); checked there
EXCLUDED = {PACKAGE / "plan" / "_files.py"}

POSIX_ATTRS = {
    "os": {"chmod", "fchmod", "lchmod", "chown", "fchown", "lchown", "getuid", "geteuid", "getgid", "getegid",
           "setuid", "setgid", "fork", "setsid", "setpgrp", "getpgid", "killpg", "O_DIRECTORY", "mkfifo",
           "getpwnam", "sync", "umask", "WNOHANG", "uname"},
    "signal": {"SIGKILL", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGQUIT", "SIGPIPE",
               "alarm", "setitimer", "pause", "pthread_kill", "SIGSTOP", "SIGCONT"},
    "socket": {"AF_UNIX", "SO_REUSEPORT"},
}
POSIX_METHODS = {"chmod", "lchmod", "chown", "lchown"}  # also as Path methods
POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "posix", "tty", "pty"}
# a module's own flag or function that tests os.name (careerkit.classroom's _POSIX) counts as that test
GUARD_WORDS = ("os.name", "sys.platform", "platform.system", "hasattr(", "_POSIX", "_posix(")
GUARD_EXCEPTIONS = {"AttributeError", "ImportError", "ModuleNotFoundError", "OSError", "NotImplementedError"}


def problems(source: str, filename: str = "<source>") -> list[str]:
    """Every unguarded POSIX-only use in ``source``, as ``file:line: what``."""
    tree = ast.parse(source, filename)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def guarded(node) -> bool:
        while node in parents:
            parent = parents[node]
            if isinstance(parent, (ast.If, ast.IfExp, ast.While)) and node is not parent.test:
                if any(w in ast.unparse(parent.test) for w in GUARD_WORDS):
                    return True
            if isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.And):
                earlier = parent.values[:parent.values.index(node)] if node in parent.values else []
                if any(w in ast.unparse(v) for v in earlier for w in GUARD_WORDS):
                    return True
            body = getattr(parent, "body", None)
            if isinstance(body, list) and node in body:  # an earlier `if not POSIX: return` in the same block
                for before in body[:body.index(node)]:
                    if (isinstance(before, ast.If) and any(w in ast.unparse(before.test) for w in GUARD_WORDS)
                            and before.body and isinstance(before.body[-1], (ast.Return, ast.Raise))):
                        return True
            if isinstance(parent, ast.Try) and node in parent.body:
                for handler in parent.handlers:
                    names = ast.unparse(handler.type) if handler.type is not None else "BaseException"
                    if any(e in names for e in GUARD_EXCEPTIONS):
                        return True
            node = parent
        return False

    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if base in POSIX_ATTRS and node.attr in POSIX_ATTRS[base]:
                what = f"{base}.{node.attr}"
            elif base not in POSIX_ATTRS and node.attr in POSIX_METHODS and isinstance(parents.get(node), ast.Call):
                what = f".{node.attr}()"
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            bad = [m for m in mods if m.split(".")[0] in POSIX_MODULES]
            if bad:
                what = f"import {bad[0]}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("/tmp"):
            what = f"path {node.value!r}"
        if what and not guarded(node):
            found.append(f"{filename}:{node.lineno}: {what}")
    return found


def test_scanner_finds_unguarded_posix_calls_and_accepts_guarded_ones():
    bad = "import os, signal, pwd\nos.chmod('f', 0o600)\nos.kill(1, signal.SIGKILL)\nopen('/tmp/x')\n"
    assert [p.split(": ")[1] for p in problems(bad)] == ["import pwd", "os.chmod", "signal.SIGKILL", "path '/tmp/x'"]
    good = (
        "import os, sys\n"
        "if os.name == 'posix':\n    os.chmod('f', 0o600)\n"
        "root = hasattr(os, 'geteuid') and os.geteuid() == 0\n"
        "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None\n"
        "if sys.platform != 'win32':\n    import pwd\nelse:\n    pass\n"
    )
    assert problems(good) == []
    assert problems("import os\nif os.name == 'nt':\n    pass\nelse:\n    os.fchmod(3, 0o644)\n") == []
    assert problems("from pathlib import Path\nPath('x').chmod(0o644)\n") == ["<source>:2: .chmod()"]
    early = "import os\n_POSIX = os.name == 'posix'\ndef f():\n    if not _POSIX:\n        return\n    os.chmod('f', 0)\n"
    assert problems(early) == []
    assert problems(early.replace("        return\n", "        pass\n")) == ["<source>:6: os.chmod"]


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if p not in EXCLUDED),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_posix_only_code_outside_a_guard(path):
    assert problems(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent))) == []
