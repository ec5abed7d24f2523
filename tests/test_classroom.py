"""careerkit.classroom: opt-in recording, the records, the pseudonym, the size cap, torn lines,
hostile files, hand-in files, the summary, the CSV export and widgets.ClassView."""
from __future__ import annotations

import asyncio
import csv
import doctest
import json
import os
import re
import sys
import warnings
from pathlib import Path

import pytest

import careerkit as ck
from careerkit import check, classroom, widgets

RIGHT_0_1 = "Firefighter"  # step 1 of the shipped fire-service ladder (asserted below)


@pytest.fixture(autouse=True)
def fresh(tmp_path, monkeypatch):
    """A fresh learner: own HOME and config folder, no class, no class variable."""
    home = tmp_path.parent / f"{tmp_path.name}-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv(classroom.CLASS_DIR_ENV, raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(classroom, "_session", None)
    monkeypatch.setattr(classroom, "_env_state", {"left": False, "tried": False})
    monkeypatch.setattr(classroom._key, "kernel_only", False)
    yield
    classroom._session = None


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def joined(folder, name=None, capsys=None) -> Path:
    ck.join_class(folder, name=name)
    return Path(classroom.current()["file"])


def test_the_shipped_right_answer():
    steps = ck.ladders().query("ladder == 'Fire service (US)'").sort_values("step")
    assert steps["title"].iloc[0] == RIGHT_0_1


def test_docstring_examples_run():
    assert doctest.testmod(classroom).failed == 0


# ----------------------------------------------------------------------------- opt-in


_WRITES: list = []
_WATCHING = [False]


def _audit(event, args):
    # every file opened for writing, every new folder, rename or removal while watching
    if not _WATCHING[0]:
        return
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                  (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND))
        if writing:
            _WRITES.append((event, path))
    elif event in {"os.mkdir", "os.rename", "os.replace", "os.remove", "os.link", "os.symlink", "os.truncate"}:
        _WRITES.append((event, args[0]))


sys.addaudithook(_audit)


def _tree(*roots) -> dict:
    found = {}
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for f in files:
                p = os.path.join(folder, f)
                st = os.stat(p)
                found[p] = (st.st_size, st.st_mtime_ns)
            found[folder] = "dir"
    return found


def test_without_joining_nothing_is_written_anywhere(tmp_path, capsys, monkeypatch):
    """Watched: every open for writing, new folder, rename or removal anywhere in the process (an
    audit hook), and the files under HOME, the current folder and a temporary folder of its own
    (the machine's /tmp is shared with other work)."""
    import tempfile

    own_tmp = tmp_path.parent / f"{tmp_path.name}-tmp"
    own_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(own_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    roots = [os.environ["HOME"], str(tmp_path), tempfile.gettempdir()]
    before = _tree(*roots[:2])
    tmp_before = set(os.listdir(roots[2]))
    app = widgets.Quiz()
    _WRITES.clear()
    _WATCHING[0] = True
    try:
        check.question_0_1(RIGHT_0_1)
        check.question_0_1("Captain")
        check.question_2_2(3)
        check.question_4_3("words " * 20)
        app.answer("job")
        app.next()
        app.answer("career")
        ck.export_class_results()
    finally:
        _WATCHING[0] = False
    assert _WRITES == [], _WRITES
    assert _tree(*roots[:2]) == before
    assert set(os.listdir(roots[2])) == tmp_before
    assert classroom.current() is None
    assert "have not joined a class" in capsys.readouterr().out


def test_the_audit_watch_sees_a_write():
    """The opt-in test above would see a record if one were written."""
    _WRITES.clear()
    _WATCHING[0] = True
    try:
        ck.join_class("cls")
        check.question_0_1("Captain")
    finally:
        _WATCHING[0] = False
    assert any(str(p).endswith(".jsonl") for _e, p in _WRITES), _WRITES


# ----------------------------------------------------------------------------- the records


def test_each_check_and_quiz_answer_adds_one_record(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "00_start_here.ipynb"))
    path = joined(tmp_path / "cls")
    out = capsys.readouterr().out
    assert classroom.summarize(classroom.read_class(tmp_path / "cls")).learners == 1  # joined, no answer yet
    assert "You joined the class" in out and "4.3" in out and "ck.leave_class()" in out
    assert path.exists() and path.stat().st_size == 0
    check.question_0_1("Captain")
    check.question_0_1("  Fire <b>Chief</b>  ")
    check.question_0_1(RIGHT_0_1)
    check.question_0_1("x" * 41)  # a wrong answer longer than 40 characters: not kept
    check.question_0_1(...)       # not answered yet: not an attempt
    quiz = widgets.Quiz()
    quiz.answer("career")
    recs = lines(path)
    assert [r["kind"] for r in recs] == ["check"] * 4 + ["quiz"]
    assert [r["try"] for r in recs] == [1, 2, 3, 4, 1]
    assert [r["ok"] for r in recs[:4]] == [False, False, True, False]
    assert recs[0]["answer"] == "Captain" and recs[1]["answer"] == "Fire <b>Chief</b>"
    assert "answer" not in recs[2] and "answer" not in recs[3]
    assert {r["q"] for r in recs[:4]} == {"0_1"} and recs[4]["q"] == str(ck.quiz().iloc[0]["id"])
    assert recs[4]["answer"] == "career" and recs[4]["ok"] is (ck.quiz().iloc[0]["answer"] == "career")
    for r in recs:
        assert r["nb"] == "00_start_here" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["t"])
        assert set(r) <= {"v", "id", "name", "kind", "q", "ok", "try", "nb", "t", "answer"}
    assert path.read_bytes().endswith(b"\n") and path.read_bytes().count(b"\n") == 5


def test_the_reflection_and_long_answers_are_never_recorded(tmp_path):
    path = joined(tmp_path / "cls")
    secret = "leave my manager"
    check.question_4_3(secret)                          # too short: wrong, and short enough to be kept
    check.question_4_3(secret + " and " + "more " * 20)  # right
    check.question_2_1("a" * 40)                       # exactly 40 characters: kept
    text = path.read_text()
    assert "manager" not in text and len(lines(path)) == 3
    assert lines(path)[2]["answer"] == "a" * 40


def test_an_answer_that_cannot_become_text_is_recorded_without_it(tmp_path):
    class Odd(str):
        def __str__(self):
            raise RuntimeError("no text")

    path = joined(tmp_path / "cls")
    classroom.record_check("2_1", Odd("x"), False)
    classroom.record_check("2_1", "Fire Chief", False)
    assert [r.get("answer") for r in lines(path)] == [None, "Fire Chief"]


def test_attempts_go_on_in_a_new_kernel(tmp_path):
    path = joined(tmp_path / "cls")
    check.question_0_1("Captain")
    check.question_0_1("Chief")
    classroom._session = None  # a new kernel: same learner, same folder
    assert joined(tmp_path / "cls") == path
    check.question_0_1(RIGHT_0_1)
    assert [r["try"] for r in lines(path)] == [1, 2, 3]


def test_leave_class_stops_recording(tmp_path, capsys):
    path = joined(tmp_path / "cls")
    check.question_0_1("Captain")
    ck.leave_class()
    check.question_0_1("Chief")
    assert len(lines(path)) == 1
    assert "You left the class" in capsys.readouterr().out
    ck.leave_class()
    assert "not in a class" in capsys.readouterr().out


def test_the_class_variable_records_and_says_so_once(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "hub-class"
    folder.mkdir()
    monkeypatch.setenv(classroom.CLASS_DIR_ENV, str(folder))
    check.question_0_1("Captain")
    check.question_0_1(RIGHT_0_1)
    out = capsys.readouterr().out
    assert out.count("Your answers are recorded for your class") == 1 and str(folder) in out
    files = list(folder.glob("*.jsonl"))
    assert len(files) == 1 and len(lines(files[0])) == 2
    ck.leave_class()
    check.question_0_1("Chief")
    assert len(lines(files[0])) == 2


def test_a_class_variable_pointing_nowhere_warns_once_and_never_raises(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(classroom.CLASS_DIR_ENV, str(blocker / "class"))
    with pytest.warns(classroom.ClassroomWarning, match="cannot be recorded"):
        check.question_0_1("Captain")
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        check.question_0_1(RIGHT_0_1)
    assert again == [] and capsys.readouterr().out.count("✓") == 1


def test_a_class_variable_never_creates_the_class_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(classroom.CLASS_DIR_ENV, str(tmp_path / "not-made-yet"))
    with pytest.warns(classroom.ClassroomWarning, match="does not exist"):
        check.question_0_1("Captain")
    assert not (tmp_path / "not-made-yet").exists()


def test_join_explains_a_folder_it_cannot_use(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ck.join_class(blocker)
    assert "Could not join" in capsys.readouterr().out and classroom.current() is None
    ck.join_class()
    assert "No class folder given" in capsys.readouterr().out
    ck.join_class(tmp_path / "cls", name="x" * 41)
    assert "cannot be used" in capsys.readouterr().out and classroom.current() is None


def test_a_failed_write_warns_once_and_the_check_still_prints(tmp_path, capsys, monkeypatch):
    joined(tmp_path / "cls")
    check.question_0_1("Captain")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(classroom.os, "write", broken)
    with pytest.warns(classroom.ClassroomWarning, match="No space left"):
        check.question_0_1("Chief")
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        check.question_0_1(RIGHT_0_1)
        widgets.Quiz().answer("job")
    assert again == [] and capsys.readouterr().out.count("✓") == 1


def test_a_warning_turned_into_an_error_still_never_raises(tmp_path, monkeypatch, capsys):
    joined(tmp_path / "cls")
    monkeypatch.setattr(classroom.os, "write", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # as with python -W error
        check.question_0_1(RIGHT_0_1)
    captured = capsys.readouterr()
    assert "\n✓ Step 1" in captured.out and "I/O error" in captured.err


def test_the_size_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_FILE_BYTES", 1000)
    path = joined(tmp_path / "cls")
    with pytest.warns(classroom.ClassroomWarning, match="size limit"):
        for _ in range(20):
            check.question_0_1("Captain")
    size = path.stat().st_size
    assert 800 < size <= 1000
    with warnings.catch_warnings(record=True) as again:
        warnings.simplefilter("always")
        check.question_0_1("Captain")
    assert again == [] and path.stat().st_size == size
    assert all(r["q"] == "0_1" for r in lines(path))  # whole lines only


# ----------------------------------------------------------------------------- the pseudonym


def test_the_pseudonym_is_readable_stable_and_not_the_login(tmp_path):
    import getpass

    a1 = classroom.learner_identity(tmp_path / "a")
    a2 = classroom.learner_identity(tmp_path / "a")
    b = classroom.learner_identity(tmp_path / "b")
    assert a1 == a2 and a1[0] != b[0]
    assert re.fullmatch(r"[a-z]+-[a-z]+-\d\d", a1[1])
    assert getpass.getuser() not in a1[1] and getpass.getuser() not in a1[0]
    key = (Path(os.environ["XDG_CONFIG_HOME"]) / "careerkit" / "class-key")
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    # another learner (another key) in the same folder gets another id
    other = classroom.learner_identity(tmp_path / "a", key=b"another learner's key")
    assert other[0] != a1[0]
    named = classroom.learner_identity(tmp_path / "a", "Sam")
    assert named[1] == "Sam" and named[0] != a1[0]
    names = {classroom.learner_identity(tmp_path / "a", key=bytes([i]) * 32)[1] for i in range(40)}
    assert len(names) >= 38


def test_the_record_file_is_named_by_the_id_and_created_0640(tmp_path):
    old = os.umask(0o077)  # a strict umask: the instructors' group must still be able to read the file
    try:
        path = joined(tmp_path / "cls")
    finally:
        os.umask(old)
    ident, name = classroom.learner_identity(tmp_path / "cls")
    assert path.name == f"{ident}.jsonl"
    assert classroom.current()["name"] == name
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640


def test_a_file_that_is_not_the_learners_own_is_refused(tmp_path, capsys):
    folder = tmp_path / "cls"
    folder.mkdir()
    ident, _name = classroom.learner_identity(folder)
    (folder / "elsewhere").write_text("")
    (folder / f"{ident}.jsonl").symlink_to(folder / "elsewhere")
    ck.join_class(folder)
    assert "Could not join" in capsys.readouterr().out and classroom.current() is None


# ----------------------------------------------------------------------------- reading


def rec(q="0_1", ok=False, attempt=1, answer=None, kind="check", nb=None, t="2026-12-01T10:00:00Z", name="x"):
    r = {"v": 1, "id": "0" * 24, "name": name, "kind": kind, "q": q, "ok": ok, "try": attempt, "nb": nb, "t": t}
    if answer is not None:
        r["answer"] = answer
    return r


def write_learner(folder: Path, ident: str, records, *, torn: bytes = b"") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{ident}.jsonl"
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records) + torn)
    return path


def ident(i: int) -> str:
    return f"{i:024x}"


def test_a_torn_last_line_is_skipped_without_a_warning(tmp_path):
    write_learner(tmp_path, ident(1), [rec(), rec(attempt=2, ok=True)], torn=b'{"v":1,"id":"00","kind":"che')
    data = classroom.read_class(tmp_path)
    assert data.warnings == []
    assert len(data.learners[ident(1)].records) == 2


def test_torn_lines_from_a_killed_writer(tmp_path):
    """Every prefix of a file is readable: whole lines are kept, the cut one is dropped."""
    path = write_learner(tmp_path, ident(1), [rec(attempt=i) for i in range(1, 6)])
    full = path.read_bytes()
    for cut in range(len(full) + 1):
        path.write_bytes(full[:cut])
        records, bad = classroom.parse_lines(full[:cut])
        assert bad == 0 and len(records) == full[:cut].count(b"\n")


def test_lines_that_are_not_records_are_counted_and_named(tmp_path):
    write_learner(tmp_path, ident(1), [rec(), {"kind": "check"}, rec(ok="yes"), rec(q="<script>"),
                                       rec(answer="x" * 41), [1, 2], rec(attempt=True)])
    (tmp_path / f"{ident(1)}.jsonl").open("ab").write(b"not json\n")
    data = classroom.read_class(tmp_path)
    assert len(data.learners[ident(1)].records) == 1
    assert data.warnings == [f"{ident(1)}.jsonl: 7 lines that are not answers skipped."]


def test_hostile_files_are_skipped_with_a_named_warning(tmp_path):
    write_learner(tmp_path, ident(1), [rec(ok=True)])
    (tmp_path / f"{ident(2)}.jsonl").write_bytes(os.urandom(3000) + b"\n")
    (tmp_path / f"{ident(3)}.jsonl").write_bytes(b"[" * 100_000 + b"\n")
    (tmp_path / f"{ident(4)}.jsonl").write_bytes(b'{"x": 1}\n' * (classroom.MAX_FILE_BYTES // 9 + 1000))
    (tmp_path / f"{ident(5)}.jsonl").symlink_to("/etc/passwd")
    (tmp_path / f"{ident(6)}.jsonl").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / f"{ident(7)}.jsonl")  # opening it plainly would block the reader forever
    (tmp_path / "<img src=x onerror=alert(1)>.jsonl").write_text("")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / ".careerkit-results.json.123.tmp").write_text("half an export")
    (tmp_path / "handin.json").write_text('{"format": "something else"}')
    (tmp_path / "empty.jsonl").write_text("")
    data = classroom.read_class(tmp_path)
    assert sorted(len(x.records) for x in data.learners.values()) == [0, 1]  # empty.jsonl: joined, no answer yet
    assert ident(1) in data.learners
    text = "\n".join(data.warnings)
    for name, why in [(ident(2), "not UTF-8"), (ident(3), "not a careerkit class file"), (ident(4), "too large"),
                      (ident(5), "symbolic link"), (ident(6), "not a plain file"), ("<img", "not a careerkit"),
                      ("notes.txt", "not a careerkit"), ("handin.json", "not a careerkit hand-in"),
                      ] + ([(ident(7), "not a plain file")] if hasattr(os, "mkfifo") else []):
        assert re.search(rf"{re.escape(name)}.*{why}", text), (name, why, text)
    assert ".tmp" not in text and "empty.jsonl" not in text


def test_the_view_shows_hostile_text_as_text_and_goes_on(tmp_path):
    evil = '<img src=x onerror="alert(1)">'[:40]
    write_learner(tmp_path, ident(1), [rec(answer=evil, name="<b>x</b>")])
    (tmp_path / f"{ident(2)}.jsonl").write_bytes(b"\xff\xfe garbage\n")
    view = widgets.ClassView(tmp_path, interval=0)
    assert view.summary.learners == 1
    for value in view.html_values():
        assert "<img" not in value and "<b>x</b>" not in value
    assert any("&lt;img" in v for v in view.html_values())
    assert ident(2) in view.warnings.value and "data-kind='warning'" in view.message


def test_a_folder_that_is_missing_or_unreadable_is_a_warning(tmp_path):
    view = widgets.ClassView(tmp_path / "not-yet", interval=0)
    assert "does not exist" in view.message and view.summary.learners == 0
    (tmp_path / "not-yet").mkdir()
    write_learner(tmp_path / "not-yet", ident(1), [rec()])
    view.refresh()
    assert view.summary.learners == 1 and view.message == ""


def test_only_changed_files_are_read_again(tmp_path):
    for i in range(5):
        write_learner(tmp_path, ident(i), [rec()])
    reader = classroom.ClassReader(tmp_path)
    assert reader.read().files_read == 5
    again = reader.read()
    assert again.files_read == 0 and not again.changed and len(again.learners) == 5
    with (tmp_path / f"{ident(2)}.jsonl").open("a") as fh:
        fh.write(json.dumps(rec(attempt=2, ok=True)) + "\n")
    third = reader.read()
    assert third.files_read == 1 and len(third.learners[ident(2)].records) == 2
    (tmp_path / f"{ident(3)}.jsonl").unlink()
    fourth = reader.read()
    assert fourth.changed and len(fourth.learners) == 4


# ----------------------------------------------------------------------------- summary


def test_the_summary_of_a_small_class(tmp_path):
    write_learner(tmp_path, ident(1), [rec("0_1", True), rec("2_1", False, 1, "Fire Chief", nb="02_career_ladders"),
                                       rec("2_1", True, 2), rec("1", True, kind="quiz", answer="job")])
    write_learner(tmp_path, ident(2), [rec("0_1", False, 1, "Captain"), rec("0_1", False, 2, "captain "),
                                       rec("2_1", False, 1, "fire chief"), rec("1", False, kind="quiz", answer="career"),
                                       rec("1", True, 2, kind="quiz", answer="job")])
    write_learner(tmp_path, ident(3), [rec("0_1", False, 1, "Chief"), rec("0_1", True, 2)])
    s = classroom.summarize(classroom.read_class(tmp_path), ck.quiz())
    assert s.learners == 3 and s.records == 11
    q01, q21 = s.questions
    assert (q01["question"], q01["tried"], q01["right_first"], q01["right_later"], q01["not_yet_right"]) == \
        ("0_1", 3, 1, 1, 1)
    assert q01["wrong_answers"] == [("Captain", 1), ("Chief", 1)]  # "Captain" and "captain " are one answer
    assert (q21["tried"], q21["right_first"], q21["right_later"], q21["not_yet_right"]) == (2, 0, 1, 1)
    assert q21["wrong_answers"] == [("Fire Chief", 2)]
    assert s.notebooks == [{"notebook": "00", "label": "notebook 00", "reached": 3},
                           {"notebook": "02", "label": "02_career_ladders", "reached": 2}]
    (z,) = s.quiz
    assert (z["answered"], z["job"], z["career"]) == (2, 1, 1)  # each learner's first answer
    assert z["statement"] == ck.quiz().iloc[0]["statement"] and z["expected"] in ("job", "career")


def test_three_most_common_wrong_answers(tmp_path):
    answers = ["A"] * 4 + ["B"] * 3 + ["C"] * 2 + ["D"]
    for i, a in enumerate(answers):
        write_learner(tmp_path, ident(i), [rec(answer=a)])
    (q,) = classroom.summarize(classroom.read_class(tmp_path)).questions
    assert q["wrong_answers"] == [("A", 4), ("B", 3), ("C", 2)]


# ----------------------------------------------------------------------------- hand-in files


def test_export_and_read_a_hand_in_file(tmp_path, capsys):
    live = joined(tmp_path / "my_class")
    check.question_0_1("Captain")
    check.question_0_1(RIGHT_0_1)
    out = ck.export_class_results()
    assert out.exists() and out.parent == tmp_path and out.name.startswith("careerkit-results-")
    doc = json.loads(out.read_text())
    assert doc["format"] == "careerkit-class-results" and len(doc["records"]) == 2
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / out.name).write_bytes(out.read_bytes())
    s = classroom.summarize(classroom.read_class(inbox))
    assert s.learners == 1 and s.questions[0]["right_later"] == 1
    # the live file and the hand-in of the same learner in one folder: each answer once
    (inbox / live.name).write_bytes(live.read_bytes())
    data = classroom.read_class(inbox)
    assert len(data.learners) == 1 and len(next(iter(data.learners.values())).records) == 2


# ----------------------------------------------------------------------------- CSV


def test_csv_export_neutralises_formulas(tmp_path):
    write_learner(tmp_path, ident(1), [rec(answer="=HYPERLINK(\"http://x\")"), rec("0_2", answer="+1"),
                                       rec("0_3", answer="@SUM(A1)"), rec("0_4", answer="-2")])
    view = widgets.ClassView(tmp_path, interval=0)
    path = view.export_csv(tmp_path / "out.csv")
    assert "Saved" in view.message
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    firsts = {r["item"]: r["wrong_answer_1"] for r in rows}
    assert firsts == {"0_1": "'=HYPERLINK(\"http://x\")", "0_2": "'+1", "0_3": "'@SUM(A1)", "0_4": "'-2"}
    for r in rows:
        for v in r.values():
            assert not v.startswith(("=", "+", "-", "@")), r


def test_csv_export_of_a_folder_that_cannot_be_written_is_a_message(tmp_path):
    view = widgets.ClassView(tmp_path, interval=0)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert view.export_csv(blocker / "out.csv") is None
    assert "Could not save" in view.message


# ----------------------------------------------------------------------------- the view


def test_the_view_redraws_in_place(tmp_path):
    view = widgets.ClassView(tmp_path, interval=0)
    figure = view.panel.figure
    assert view.summary.learners == 0 and "no answers recorded yet" in view.panel.alt_text
    write_learner(tmp_path, ident(1), [rec(), rec(attempt=2, ok=True)])
    write_learner(tmp_path, ident(2), [rec(ok=True)])
    view.refresh()
    assert view.panel.figure is figure
    assert list(figure.data[0].x) == [1] and list(figure.data[1].x) == [1]
    assert "2 learners" in view.panel.alt_text and "question 0.1: 2 tried" in view.panel.alt_text
    assert "<b>2</b> learners" in view.overview.value
    assert "Question" in view.questions.value and "50%" in view.questions.value


def test_the_view_refreshes_by_itself_on_the_event_loop(tmp_path):
    async def scenario():
        view = widgets.ClassView(tmp_path, interval=0.05)
        assert view._task is not None
        write_learner(tmp_path, ident(1), [rec(ok=True)])
        for _ in range(100):
            await asyncio.sleep(0.02)
            if view.summary.learners:
                break
        learners = view.summary.learners
        view.live.value = False
        assert view._task is None
        write_learner(tmp_path, ident(2), [rec(ok=True)])
        await asyncio.sleep(0.2)
        return learners, view.summary.learners

    # in a thread of its own: when the whole suite runs in one process, the browser tests' Playwright
    # keeps an event loop running in this one
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, scenario()).result() == (1, 1)


def test_the_view_without_a_folder_says_how_to_give_one():
    view = widgets.ClassView(interval=0)
    assert "No class folder" in view.message and view.panel.figure.data


def test_the_view_uses_the_class_variable(tmp_path, monkeypatch):
    write_learner(tmp_path, ident(1), [rec()])
    monkeypatch.setenv(classroom.CLASS_DIR_ENV, str(tmp_path))
    assert widgets.ClassView(interval=0).summary.learners == 1


# ----------------------------------------------------------------------------- setup command


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_init_creates_a_drop_folder(tmp_path, capsys):
    import grp

    group = grp.getgrgid(os.getegid()).gr_name
    assert classroom.main(["init", str(tmp_path / "drop"), "--group", group]) == 0
    mode = (tmp_path / "drop").stat().st_mode
    assert mode & 0o7777 == 0o3753
    assert "CAREERKIT_CLASS_DIR" in capsys.readouterr().out
    assert classroom.main(["init", str(tmp_path / "drop2"), "--group", "ckc_no_such_group"]) == 1
    assert "no group" in capsys.readouterr().err


def test_summary_command(tmp_path, capsys):
    write_learner(tmp_path, ident(1), [rec(answer="Captain")])
    assert classroom.main(["summary", str(tmp_path)]) == 0
    assert "1 learners" in capsys.readouterr().out


def test_recording_uses_no_posix_only_call_on_windows(tmp_path, monkeypatch):
    """On Windows (``os.name == "nt"``) there is no fchmod, geteuid or file owner to compare:
    joining and recording must not need them."""
    for name in ("fchmod", "geteuid", "getegid"):
        monkeypatch.delattr(classroom.os, name, raising=False)
    monkeypatch.setattr(classroom, "_POSIX", False)
    path = joined(tmp_path / "cls")
    check.question_0_1("Captain")
    assert lines(path)[0]["answer"] == "Captain"
    assert classroom.init_folder(tmp_path / "drop")[-1].startswith("not a POSIX system")


def test_a_full_learner_file_still_makes_a_readable_hand_in(tmp_path, monkeypatch):
    monkeypatch.setattr(classroom, "MAX_FILE_BYTES", 20_000)
    path = joined(tmp_path / "cls")
    with pytest.warns(classroom.ClassroomWarning, match="size limit"):
        for _ in range(200):
            classroom.record_check("2_1", "Fire Chief", False)
    (tmp_path / "handin").mkdir()
    out = ck.export_class_results(tmp_path / "handin")
    assert out.parent == tmp_path / "handin"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / out.name).write_bytes(out.read_bytes())
    data = classroom.read_class(inbox)
    assert data.warnings == [] and len(next(iter(data.learners.values())).records) == len(lines(path))
