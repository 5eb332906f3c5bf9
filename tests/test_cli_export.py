"""`python -m app export`: the workbook from the command line; refusals exit 2 in one sentence."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import run_verb
from app.models import database
from app.models.entities import AuditEntry
from app.services.editing import audit
from app.services.files import private as files
from app.services.files.encryption import PasswordError, decrypt_bytes, is_encrypted


def test_export_writes_then_refuses_to_overwrite_without_force(new_db, tmp_path, capsys):
    out = tmp_path / "map.xlsx"
    path = str(new_db.path)
    assert run_verb(["export", path, "--out", str(out), "--as-of", "2026-01-31"]) == 0
    said = capsys.readouterr().out
    assert str(out) in said and "31/01/2026" in said
    assert load_workbook(out).sheetnames[:2] == ["Cover", "Summary"]

    before = out.read_bytes()
    assert run_verb(["export", path, "--out", str(out), "--circulation"]) == 2
    err = capsys.readouterr().err.strip()
    assert "already exists" in err and "--force" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == before

    assert run_verb(["export", path, "--out", str(out), "--circulation", "--force"]) == 0
    headers = [c.value for c in next(load_workbook(out)["Young people"].iter_rows(max_row=1))]
    assert "Given name" not in headers and "Reference" in headers


def test_export_problems_are_one_sentence_and_exit_2(new_db, tmp_path, capsys):
    path = str(new_db.path)
    cases = [
        (["--out", str(tmp_path / "x.xlsx"), "--as-of", "31/01/2026"], "YYYY-MM-DD"),
        (["--out", str(tmp_path / "x.csv")], ".xlsx"),
        (["--out", str(tmp_path / "missing" / "x.xlsx")], "does not exist"),
    ]
    for extra, words in cases:
        assert run_verb(["export", path, *extra]) == 2
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1
    assert list(tmp_path.glob("*.xlsx")) == []
    assert (
        run_verb(["export", str(tmp_path / "nope.circles"), "--out", str(tmp_path / "y.xlsx")]) == 2
    )
    assert "There is no file" in capsys.readouterr().err


# ----- issue 12: private files, recorded or not made, password-protected ----------------------
@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    """The export verb's data folder (its pending list) inside the test's folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return files.default_data_folder()


def test_password_file_writes_a_protected_workbook(demo_db, tmp_path, capsys, data_home):
    secret = tmp_path / "password.txt"
    secret.write_text("Long and £ secret\n", encoding="utf-8")
    out = tmp_path / "locked.xlsx"
    argv = ["export", str(demo_db.path), "--out", str(out), "--password-file", str(secret)]
    assert run_verb(argv) == 0
    said = capsys.readouterr().out
    assert "password-protected" in said and len(said.strip().splitlines()) == 1
    assert is_encrypted(out)
    wb = load_workbook(io.BytesIO(decrypt_bytes(out, "Long and £ secret")))
    assert wb.sheetnames[:2] == ["Cover", "Summary"]
    with demo_db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.kind == "export")).one()
    assert "password-protected" in entry.action
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert stat.S_IMODE(data_home.stat().st_mode) == 0o700


def test_password_from_standard_input(new_db, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin\n"))
    out = tmp_path / "locked.xlsx"
    argv = ["export", str(new_db.path), "--out", str(out), "--password-file", "-"]
    assert run_verb(argv) == 0
    assert "password-protected" in capsys.readouterr().out
    with pytest.raises(PasswordError):
        decrypt_bytes(out, "From stdin")
    assert decrypt_bytes(out, "from stdin")[:2] == b"PK"


def test_a_missing_or_empty_password_file_is_one_sentence_and_no_file(new_db, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    for arg, words in ((str(tmp_path / "none.txt"), "does not exist"), (str(empty), "empty")):
        out = tmp_path / "x.xlsx"
        assert (
            run_verb(["export", str(new_db.path), "--out", str(out), "--password-file", arg]) == 2
        )
        err = capsys.readouterr().err.strip()
        assert words in err and len(err.splitlines()) == 1
        assert not out.exists()


def test_a_read_only_response_is_refused_with_no_file(new_db, tmp_path, capsys, monkeypatch):
    path = new_db.path
    new_db.close()
    path.chmod(0o400)
    if os.name == "posix" and os.geteuid() == 0:
        # root may write anything; let the file's mode speak as it would for anyone else
        real = database.os.access
        monkeypatch.setattr(
            database.os,
            "access",
            lambda p, m: False if Path(p) == path and m == os.W_OK else real(p, m),
        )
    try:
        out = tmp_path / "map.xlsx"
        assert run_verb(["export", str(path), "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert "read-only" in err and "audit log" in err and "not saved" in err
        assert len(err.splitlines()) == 1
        assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]
    finally:
        path.chmod(0o600)


def test_a_failed_audit_entry_keeps_the_previous_workbook(new_db, tmp_path, capsys, monkeypatch):
    out = tmp_path / "map.xlsx"
    out.write_bytes(b"the previous export")

    def full(*_a, **_k):  # noqa: ANN002, ANN003
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(audit, "log_event", full)
    assert run_verb(["export", str(new_db.path), "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err.strip()
    assert "disk is full" in err and "audit log" in err and len(err.splitlines()) == 1
    assert out.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if "map" in p.name) == ["map.xlsx"]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_an_export_verb_killed_midway_is_cleaned_up_by_the_next_start(tmp_path, data_home):
    """A large response, exported by the real command in its own process, killed with
    SIGKILL while it writes; its temporary file is private, and the next command (an export
    of something else, elsewhere) removes it."""
    from benchmarks.export_bench import generate

    generate(tmp_path / "big.circles").close()
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    root = Path(__file__).resolve().parents[1]
    cmd = [sys.executable, "-m", "app", "export", str(tmp_path / "big.circles")]
    proc = subprocess.Popen(
        [*cmd, "--out", str(out_dir / "big.xlsx")],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            written = [p for p in out_dir.iterdir() if p.stat().st_size > 0]
            if written:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the export ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    strays = list(out_dir.iterdir())
    assert strays and all(files.is_temp_name(p) for p in strays), strays
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in strays)
    assert any(p.stat().st_size > 0 for p in strays)
    assert list((data_home / files.PENDING_FOLDER).iterdir())

    small = tmp_path / "small.circles"
    from app.services.files.demo import build_demo

    build_demo(small).close()
    other = tmp_path / "elsewhere"
    other.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "app", "export", str(small), "--out", str(other / "s.xlsx")],
        cwd=root,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert list(out_dir.iterdir()) == []
    assert list((data_home / files.PENDING_FOLDER).iterdir()) == []
