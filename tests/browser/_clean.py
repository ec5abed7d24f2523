"""A clean page: no uncaught JavaScript exception, and nothing asked of a host other than this machine.

Every page the browser tests open (JupyterLab, Voila, a handout from disk) is watched by
:class:`conftest.PageWatch`, which calls :func:`watch` on it; the ``page`` fixture fails the test
when :func:`problems` finds anything not in :data:`ALLOWED`. Other tests (and other fixtures that
open their own pages) use the same two functions::

    from . import _clean
    seen = _clean.watch(page)            # right after context.new_page(), before page.goto
    ...
    _clean.assert_clean(seen, "Voila 02_career_ladders.ipynb")

A page with the network cable out must be complete and quiet: a request to another host is a
failure even when it would have failed harmlessly, because in a school network it is a wait,
and it tells a third party who opened the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: Hosts a page may ask for anything: the servers the tests start, on this machine.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: URL schemes that never leave the machine.
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about", "chrome", "chrome-extension", "devtools"})


@dataclass(frozen=True)
class Allowed:
    """One exception or request that belongs to JupyterLab, Voila or an extension, cannot be fixed
    from the project, and is therefore accepted: ``kind`` is ``"pageerror"`` or ``"request"``,
    ``pattern`` a regular expression searched in the error's message or the request's URL,
    ``reason`` the upstream issue (a URL) or why it cannot be fixed here."""

    kind: str
    pattern: str
    reason: str

    def matches(self, kind: str, text: str) -> bool:
        return kind == self.kind and re.search(self.pattern, text) is not None


#: The one allow-list. Empty: every page the tests open is clean. An entry needs the upstream
#: issue or the reason it cannot be fixed from the project (test_allow_list_entries_say_why).
ALLOWED: tuple[Allowed, ...] = ()

#: Accepted only on a page where careerkit's modules said anywidget had held one of their models
#: back (conftest.PageWatch.gates_held): anywidget reports its closed gate as this error, a figure
#: recovers by asking for the figure again, and plotly.js's carrier has nothing to lose.
ANYWIDGET_GATE = Allowed(
    "pageerror", r"^Error: \[anywidget\] Failed to initialize model\.$",
    "anywidget (from 0.9.17, manzt/anywidget#828) drops the kernel's messages to a model whose module "
    "had not started 2 s after the model arrived, and throws this; careerkit's figure module then takes "
    "the messages past that gate and asks the kernel for the figure again, and plotly.js's carrier, "
    "whose bytes come with its model, loses nothing (careerkit/widgets/_figure.py, openGate)")


@dataclass
class Seen:
    """What one page did: its uncaught exceptions and the requests it made to other hosts."""

    page_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)


def is_external(url: str) -> bool:
    """True for a URL that would leave this machine (any host other than 127.0.0.1/localhost)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def _describe(error) -> str:
    name, message = getattr(error, "name", ""), getattr(error, "message", "") or str(error)
    return f"{name}: {message}" if name and not message.startswith(name) else message


def watch(page, seen: Seen | None = None) -> Seen:
    """Record ``page``'s uncaught exceptions and its requests to other hosts (call before goto)."""
    seen = seen if seen is not None else Seen()
    page.on("pageerror", lambda e: seen.page_errors.append(_describe(e)))
    page.on("request", lambda r: seen.external_requests.append(r.url) if is_external(r.url) else None)
    page.on("websocket", lambda ws: seen.external_requests.append(ws.url) if is_external(ws.url) else None)
    return seen


def problems(seen: Seen, allowed: tuple[Allowed, ...] = ALLOWED) -> list[str]:
    """Every exception and external request of ``seen`` not in ``allowed``, one line each (no repeats)."""
    found = []
    for kind, items in (("pageerror", seen.page_errors), ("request", seen.external_requests)):
        for text in dict.fromkeys(items):
            if not any(a.matches(kind, text) for a in allowed):
                found.append(f"uncaught JavaScript exception: {text}" if kind == "pageerror"
                             else f"request to another host: {text}")
    return found


def assert_clean(seen: Seen, where: str, allowed: tuple[Allowed, ...] = ALLOWED) -> None:
    """Fail, naming ``where``, when the page threw or asked another host for anything."""
    found = problems(seen, allowed)
    assert not found, f"{where}: the page is not clean:\n  " + "\n  ".join(found)
