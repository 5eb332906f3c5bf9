"""One writer per response file: busy files are refused with who and since when, offered
read-only, and a lock left by a crash is recovered."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

import app.models.lock as lock_module
from app.models.database import DatabaseFileError, create_database, open_database
from app.models.entities import YoungPerson
from app.models.lock import FileBusyError, FileLock, LockInfo, lock_path_for, read_lock_info
from app.services.editing.editor import Editor
from app.services.people.young_people import add_person

ROOT = Path(__file__).parents[2]

HOLDER = textwrap.dedent(
    """
    import sys, time
    from app.models.database import open_database
    db = open_database(sys.argv[1])
    print("open", flush=True)
    sys.stdin.readline()  # hold the file until told (or killed)
    db.close()
    print("closed", flush=True)
    """
)


def start_holder(path: Path) -> subprocess.Popen:
    env = {**os.environ, "USER": "other.worker", "USERNAME": "other.worker"}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_a_second_window_is_refused_and_may_open_read_only(new_db):
    path = new_db.path
    with pytest.raises(FileBusyError) as info:
        open_database(path)
    message = str(info.value)
    assert message.startswith(f"{path.name} is open for editing in another Circles window since")
    assert message.endswith("; you can open it read-only.")
    assert "\n" not in message
    viewer = open_database(path, readonly=True)
    try:
        assert viewer.readonly
        with viewer.read() as s:
            assert s.query(YoungPerson).count() == 0
    finally:
        viewer.close()
    # The first window still edits normally.
    Editor(new_db).do(
        lambda s: add_person(s, new_db.response_id, {"given_name": "A", "family_name": "B"})
    )


def test_another_process_is_named_with_user_host_and_time(new_db):
    path = new_db.path
    new_db.close()
    proc = start_holder(path)
    try:
        with pytest.raises(FileBusyError) as info:
            open_database(path)
        holder = info.value.holder
        assert holder is not None and holder.user == "other.worker"
        assert holder.pid == proc.pid and holder.host == socket.gethostname()
        assert f"by other.worker on {socket.gethostname()} since" in str(info.value)
        assert "today" in str(info.value)
    finally:
        proc.communicate("\n", timeout=30)
    # Released cleanly: no lock file, and the next opener sees no unclean shutdown.
    assert not lock_path_for(path).exists()
    db = open_database(path)
    try:
        assert not db.unclean_shutdown
    finally:
        db.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_lock_left_by_a_killed_process_is_recovered(new_db):
    path = new_db.path
    new_db.close()
    proc = start_holder(path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    left = read_lock_info(path)
    assert left is not None and left.pid == proc.pid  # the crash left the lock file behind
    db = open_database(path)
    try:
        assert db.unclean_shutdown
        assert db.lock is not None and db.lock.left_behind is not None
        assert db.lock.left_behind.pid == proc.pid
        assert read_lock_info(path).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        db.close()
    assert not lock_path_for(path).exists()


def test_an_unreadable_lock_file_left_behind_is_recovered(new_db):
    path = new_db.path
    new_db.close()
    lock_path_for(path).write_bytes(b"\x00\xffnot json")
    db = open_database(path)
    try:
        assert db.unclean_shutdown
    finally:
        db.close()


def test_releasing_and_reopening_many_times_leaves_nothing_behind(new_db):
    path = new_db.path
    new_db.close()
    for _ in range(5):
        db = open_database(path)
        db.close()
    assert not lock_path_for(path).exists()


def test_lock_file_is_private(new_db):
    lock_file = lock_path_for(new_db.path)
    data = json.loads(lock_file.read_text())
    assert data["pid"] == os.getpid() and data["host"] == socket.gethostname()
    if os.name == "posix":
        assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600


def test_replacing_a_file_open_elsewhere_is_refused(new_db):
    with pytest.raises(FileBusyError):
        create_database(
            new_db.path,
            title="Other",
            lead_area="Testshire",
            referral_date=date.today(),
            review_date=date.today() + timedelta(days=3),
            force=True,
        )
    with new_db.read() as s:  # the open file is untouched
        assert s.query(YoungPerson).count() == 0
    Editor(new_db).do(
        lambda s: add_person(s, new_db.response_id, {"given_name": "A", "family_name": "B"})
    )


@pytest.fixture
def no_os_locks(monkeypatch):
    """A file system that refuses OS locks (some network shares)."""

    def refuse(fd):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(lock_module, "_os_lock", refuse)


def _write_lock(path: Path, **fields) -> None:
    info = LockInfo(
        **{
            "user": "someone",
            "host": socket.gethostname(),
            "since": "2026-01-05T09:30:00",
            **fields,
        }
    )
    lock_path_for(path).write_text(info.to_text())


def test_without_os_locks_a_dead_process_on_this_computer_is_stale(new_db, no_os_locks):
    path = new_db.path
    new_db.close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(path, pid=dead.pid)
    db = open_database(path)
    try:
        assert db.unclean_shutdown and db.lock.left_behind.user == "someone"  # type: ignore[union-attr]
    finally:
        db.close()


def test_without_os_locks_a_live_process_or_another_computer_is_busy(new_db, no_os_locks):
    path = new_db.path
    new_db.close()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _write_lock(path, pid=live.pid)
        with pytest.raises(FileBusyError, match="by someone on .* since 09:30 on 05/01/2026"):
            open_database(path)
    finally:
        live.kill()
        live.wait()
    _write_lock(path, pid=1234567, host="ANOTHER-LAPTOP")
    with pytest.raises(FileBusyError, match="by someone on ANOTHER-LAPTOP"):
        open_database(path)
    assert read_lock_info(path).host == "ANOTHER-LAPTOP"  # type: ignore[union-attr]


def test_a_folder_without_write_access_opens_read_only(new_db, monkeypatch):
    path = new_db.path
    new_db.close()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: (
            False if mode == os.W_OK and str(p) == str(path.parent) else real_access(p, mode, **kw)
        ),
    )
    db = open_database(path)
    try:
        assert db.readonly and db.lock is None
        assert "cannot write in its folder" in (db.readonly_reason or "")
    finally:
        db.close()
    assert not lock_path_for(path).exists()


def test_the_lock_is_released_when_opening_fails(new_db, monkeypatch):
    path = new_db.path
    new_db.close()
    import app.models.database as database

    def broken(*a, **k):
        raise database.DatabaseFileError("Broken for the test.")

    monkeypatch.setattr(database, "_engine_for", broken)
    with pytest.raises(DatabaseFileError, match="Broken"):
        open_database(path)
    assert not lock_path_for(path).exists()
    monkeypatch.undo()
    lock = FileLock(path).acquire()
    assert lock.left_behind is None
    lock.release()


RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from app.models.lock import FileBusyError, FileLock
    go = Path(sys.argv[2])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    try:
        lock = FileLock(Path(sys.argv[1])).acquire()
    except FileBusyError:
        print("busy", flush=True)
    else:
        print("got", flush=True)
        time.sleep(1.5)  # hold it while the others try
        lock.release()
    """
)


def test_openers_racing_for_a_stale_lock_let_exactly_one_in(new_db, tmp_path):
    path = new_db.path
    new_db.close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock_path_for(path).write_text(LockInfo(user="crashed", pid=dead.pid).to_text())
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), str(go)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(5)
    ]
    for racer in racers:  # every racer is started and waiting at the line
        assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
    go.touch()
    answers = sorted(p.communicate(timeout=60)[0].strip() for p in racers)
    assert answers == ["busy", "busy", "busy", "busy", "got"]
    assert not lock_path_for(path).exists()
