"""``python -m careerkit`` and careerkit.course: the course copied without overwriting, JupyterLab
started with ``make lab``'s settings, the terminal environment check, careerkit.server switched on."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import careerkit
from careerkit import __main__ as cli
from careerkit import course, envcheck, server

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*argv, capsys):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- careerkit.course -----------------------------------------------------------------------------

def test_copy_course_copies_the_five_notebooks_and_the_guide(tmp_path):
    report = course.copy_course(tmp_path / "new" / "course")
    assert report.copied == list(course.COURSE_FILES) and not report.kept and not report.unchanged
    names = sorted(p.name for p in (tmp_path / "new" / "course").iterdir())
    assert names == sorted(course.COURSE_FILES)  # no nbval_sanitize.cfg, no temporary files left
    for name in course.COURSE_FILES:
        assert (tmp_path / "new" / "course" / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))  # the course; instructor_*.ipynb stay in the repository
    assert notebooks == [n for n in course.COURSE_FILES if n.endswith(".ipynb")]


def test_copy_course_never_overwrites_an_edited_copy(tmp_path):
    course.copy_course(tmp_path)
    edited = tmp_path / "02_career_ladders.ipynb"
    edited.write_text("my own work", encoding="utf-8")
    (tmp_path / "03_lifetime_view.ipynb").unlink()
    report = course.copy_course(tmp_path)
    assert edited.read_text(encoding="utf-8") == "my own work"
    assert report.kept == ["02_career_ladders.ipynb"]
    assert report.copied == ["03_lifetime_view.ipynb"]
    assert len(report.unchanged) == len(course.COURSE_FILES) - 2
    assert "skipped, your own copy is kept (1): 02_career_ladders.ipynb" in str(report)


def test_a_file_appearing_meanwhile_is_not_replaced(tmp_path):
    dest = tmp_path / "00_start_here.ipynb"
    dest.write_text("learner", encoding="utf-8")
    assert course._place(dest, b"shipped") is False
    assert dest.read_text(encoding="utf-8") == "learner"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["00_start_here.ipynb"]


def test_copy_course_refuses_a_file_as_folder(tmp_path):
    (tmp_path / "course").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="choose another folder"):
        course.copy_course(tmp_path / "course")


def test_shipped_rejects_other_names():
    with pytest.raises(ValueError, match="00_start_here.ipynb"):
        course.shipped("nbval_sanitize.cfg")


# ---- python -m careerkit course / --help / --version ----------------------------------------------

def test_course_command_reports_and_prints_the_next_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("course", capsys=capsys)
    assert code == 0
    assert (tmp_path / "careerkit-course" / "00_start_here.ipynb").is_file()
    assert f"copied ({len(course.COURSE_FILES)})" in out
    assert re.search(r"Next: .+ -m careerkit lab\n", out)
    (tmp_path / "careerkit-course" / "01_job_or_career.ipynb").write_text("mine", encoding="utf-8")
    code, out, _ = run_cli("course", str(tmp_path / "other"), capsys=capsys)
    assert code == 0 and re.search(r"Next: .+ -m careerkit lab .*other", out)
    code, out, _ = run_cli("course", capsys=capsys)
    assert "skipped, your own copy is kept (1): 01_job_or_career.ipynb" in out
    assert (tmp_path / "careerkit-course" / "01_job_or_career.ipynb").read_text(encoding="utf-8") == "mine"


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"careerkit {careerkit.__version__}"
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for command in ("course", "lab", "check", "enable-server"):
        assert command in out
    assert cli.main([]) == 0 and "usage: python -m careerkit" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        cli.main(["nonsense"])
    assert stop.value.code == 2


def test_module_runs_as_a_program(tmp_path):
    out = subprocess.run([sys.executable, "-m", "careerkit", "--version"], capture_output=True, text=True,
                         cwd=tmp_path, check=True)
    assert out.stdout.strip() == f"careerkit {careerkit.__version__}"


# ---- python -m careerkit lab ----------------------------------------------------------------------

def test_lab_settings_are_make_labs():
    argv = cli.lab_argv(Path("course"), port=9999, open_browser=False, root=False)
    assert argv == ["--notebook-dir=course", "--ip=127.0.0.1", "--port=9999", "--no-browser"]
    assert "--allow-root" in cli.lab_argv(Path("course"), root=True)
    assert "--no-browser" not in cli.lab_argv(Path("course"), root=False)
    assert cli.is_root() == (hasattr(os, "geteuid") and os.geteuid() == 0)


def test_lab_folder_choice(tmp_path):
    assert cli.lab_folder("somewhere", tmp_path) == (Path("somewhere"), False)
    assert cli.lab_folder(None, tmp_path) == (tmp_path / "careerkit-course", True)  # nothing yet: copy
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "00_start_here.ipynb").write_text("{}", encoding="utf-8")
    assert cli.lab_folder(None, tmp_path) == (tmp_path / "notebooks", False)  # a clone
    course.copy_course(tmp_path / "careerkit-course")
    assert cli.lab_folder(None, tmp_path) == (tmp_path / "careerkit-course", False)


def test_lab_refuses_a_missing_folder(tmp_path, capsys):
    code, _, err = run_cli("lab", str(tmp_path / "missing"), capsys=capsys)
    assert code == 2 and "-m careerkit course" in err


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed (Windows): make lab is not used there")
def test_make_lab_runs_the_same_entry_point():
    out = subprocess.run(["make", "-n", "lab", "PORT=8123"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert ".venv/bin/python -m careerkit lab notebooks --no-browser --port=8123" in out


def _server_infos(runtime: Path) -> list[dict]:
    """The Jupyter servers' runtime files that can be read now: a server writes its file after it
    creates it, and a file read in between is empty (it is read again on the next poll)."""
    infos = []
    for f in runtime.glob("jpserver-*.json"):
        try:
            infos.append(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return infos


def test_a_runtime_file_still_being_written_is_read_on_a_later_poll(tmp_path):
    (tmp_path / "jpserver-1.json").write_text("", encoding="utf-8")  # created, not written yet
    (tmp_path / "jpserver-2.json").write_text('{"pid": 2, "port": 8890}', encoding="utf-8")
    assert _server_infos(tmp_path) == [{"pid": 2, "port": 8890}]


@pytest.mark.slow
def test_lab_command_serves_the_course_on_loopback(tmp_path):
    """`python -m careerkit lab` (no folder, in an empty folder) copies the course and serves it,
    on the next free port when the one asked for is taken."""
    from bench._servers import jupyter_env

    token = "ck" + os.urandom(8).hex()
    taken = socket.socket()  # something that is not a Jupyter server holds the port asked for
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    env = jupyter_env(tmp_path / "jupyter")
    env["JUPYTER_TOKEN"] = token
    work = tmp_path / "work"
    work.mkdir()
    log = open(tmp_path / "lab.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "careerkit", "lab", "--no-browser", f"--port={port}"],
                            cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        # The port asked for is only a start: `careerkit lab` moves to the next free one if another
        # process (a kernel of a test running beside this one) takes it first. The server's runtime
        # file says where it really listens.
        runtime = Path(env["JUPYTER_RUNTIME_DIR"])
        listing = served = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            served = next((info["port"] for info in _server_infos(runtime) if info.get("pid") == proc.pid), None)
            if served is not None:
                try:
                    url = f"http://127.0.0.1:{served}/api/contents?token={token}"
                    with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback only
                        listing = json.loads(resp.read())
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
                    pass
            time.sleep(0.25)  # polling a starting server
        text = (tmp_path / "lab.log").read_text(encoding="utf-8", errors="replace")
        assert listing is not None, text[-3000:]
        assert sorted(item["name"] for item in listing["content"]) == sorted(course.COURSE_FILES)
        assert served != port
        assert f"http://127.0.0.1:{served}/lab" in text
        assert "careerkit: kernel websockets send without delay" in text  # careerkit.server loaded
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        taken.close()


# ---- python -m careerkit check / enable-server ----------------------------------------------------

def test_check_command_passes_here(capsys):
    code, out, _ = run_cli("check", capsys=capsys)
    assert code == 0, out
    assert "✓ careerkit.server: switched on" in out and "✓ jupyterlab: version" in out
    assert "All set. Next:" in out


def test_check_command_fails_with_a_fix(capsys, monkeypatch):
    original = envcheck.check_server_extension
    monkeypatch.setattr(envcheck, "check_server_extension", lambda: original(False))
    code, out, _ = run_cli("check", capsys=capsys)
    assert code == 1
    assert "✗ careerkit.server: not switched on" in out and "python -m careerkit enable-server" in out
    missing = {f.name: f for f in envcheck.check_jupyter({"jupyterlab": None, "voila": "0.5.13"})}
    assert not missing["jupyterlab"].ok and "pip install 'jupyterlab" in missing["jupyterlab"].fix
    assert missing["voila"].ok


def test_enable_server_writes_the_file_a_wheel_installs(tmp_path, monkeypatch):
    path = server.write_config(tmp_path)
    shipped = ROOT / "jupyter-config" / "jupyter_server_config.d" / "careerkit.json"
    assert path == tmp_path / "etc" / "jupyter" / "jupyter_server_config.d" / "careerkit.json"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(shipped.read_text(encoding="utf-8"))
    from jupyter_server.extension.config import ExtensionConfigManager

    assert ExtensionConfigManager(read_config_path=[str(tmp_path / "etc" / "jupyter")]).enabled("careerkit.server")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "env"))
    assert cli.main(["enable-server"]) == 0
    assert (tmp_path / "env" / "etc" / "jupyter" / "jupyter_server_config.d" / "careerkit.json").is_file()
