"""Faults on the command line: a full disk, an I/O error or a damaged response gives exit 2
and one plain sentence from every verb, never a traceback, and leaves the response as it
was, with no half-made file and no lock behind."""

from __future__ import annotations

import errno
import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from app.__main__ import main
from app.models import lock as lock_module
from app.services.files.demo import build_demo

ROOT = Path(__file__).parents[1]
NEW = ["--title", "T (fictional)", "--area", "A", "--referral-date", "2025-01-06"]
NEW += ["--review-date", "2025-02-03"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "SELECT" not in err and "INSERT" not in err and "[SQL" not in err, err
    return lines[0]


def damaged_demo(folder: Path) -> Path:
    path = folder / "d.circles"
    build_demo(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("DROP TABLE assessment")
    con.commit()
    con.close()
    return path


@pytest.fixture
def refuse_writes():
    """Every engine refuses statements matching a test (a disk that fills at that moment)."""
    tests = []

    def before(_conn, _cursor, statement, *_rest):
        for test, message in tests:
            if test(statement):
                raise sqlite3.OperationalError(message)

    event.listen(Engine, "before_cursor_execute", before)
    yield lambda test, message="database or disk is full": tests.append((test, message))
    event.remove(Engine, "before_cursor_execute", before)


# ----- a damaged response (a table missing) --------------------------------------------------
@pytest.mark.parametrize(
    "verb",
    [
        ["check"],
        ["coverage"],
        ["coverage", "--json"],
        ["prompts"],
        ["prompts", "--json"],
        ["export", "--out", "{dir}/x.xlsx"],
        ["import", "--dry-run", "{FILE}", "{dir}/people.xlsx"],
        ["import", "{FILE}", "{dir}/people.xlsx"],
    ],
)
def test_every_verb_calls_a_damaged_response_damaged(tmp_path, capsys, verb):
    path = damaged_demo(tmp_path)
    assert main(["template", str(tmp_path / "people.xlsx")]) == 0
    capsys.readouterr()
    before = path.read_bytes()
    argv = [a.format(dir=tmp_path, FILE=path) for a in verb]
    if "{FILE}" not in verb:
        argv.insert(1, str(path))
    rc, out, err = run(capsys, *argv)
    assert rc == 2
    sentence = one_sentence(err)
    assert "d.circles is damaged (its assessment table is missing)" in sentence
    assert out == ""
    assert path.read_bytes() == before
    assert not (tmp_path / "x.xlsx").exists()
    assert not (tmp_path / "d.circles.lock").exists()


# ----- new and demo on a full disk -------------------------------------------------------------
@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("database or disk is full", "The disk is full; the response was not created."),
        ("disk I/O error", "The disk could not be written (an input/output error)"),
    ],
)
def test_new_on_a_failing_disk_leaves_nothing(tmp_path, capsys, refuse_writes, message, said):
    refuse_writes(lambda sql: sql.startswith("INSERT INTO response"), message)
    rc, out, err = run(capsys, "new", tmp_path / "r.circles", *NEW)
    assert rc == 2 and out == ""
    assert said in one_sentence(err)
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file, no lock


def test_demo_failing_half_way_leaves_no_half_made_file(tmp_path, capsys, refuse_writes):
    refuse_writes(lambda sql: sql.startswith("INSERT INTO concern"))
    rc, out, err = run(capsys, "demo", tmp_path / "d.circles")
    assert rc == 2 and out == ""
    assert one_sentence(err) == "circles demo: The disk is full; the response was not created."
    assert list(tmp_path.iterdir()) == []


def test_demo_force_failing_half_way_keeps_the_previous_file(tmp_path, capsys, refuse_writes):
    path = tmp_path / "d.circles"
    build_demo(path).close()
    before = path.read_bytes()
    refuse_writes(lambda sql: sql.startswith("INSERT INTO assessment"), "disk I/O error")
    rc, _out, err = run(capsys, "demo", path, "--force")
    assert rc == 2
    assert "input/output error" in one_sentence(err)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.circles"]


class NoSpaceOs:
    """`os` for the lock module, whose writes find the disk full."""

    def __getattr__(self, name: str):
        return getattr(os, name)

    @staticmethod
    def write(_fd: int, _data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_while_taking_the_lock_leaves_no_empty_lock(tmp_path, capsys, monkeypatch):
    path = tmp_path / "r.circles"
    assert main(["new", str(path), *NEW]) == 0
    before = path.read_bytes()
    monkeypatch.setattr(lock_module, "os", NoSpaceOs())
    rc, _out, err = run(capsys, "new", path, *NEW, "--force")  # replacing takes the lock
    assert rc == 2
    assert one_sentence(err) == (
        "circles new: The disk is full, so Circles cannot mark r.circles as in use; "
        "nothing was changed."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.circles"]
    assert path.read_bytes() == before


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="file size limits are POSIX only")
def test_demo_on_a_really_full_disk(tmp_path):
    """A real limit on file size (RLIMIT_FSIZE): the kernel refuses SQLite's writes."""

    def small_files() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, 48 * 1024))

    result = subprocess.run(
        [sys.executable, "-B", "-m", "app", "demo", str(tmp_path / "d.circles")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=small_files,
    )
    assert result.returncode == 2, result.stderr
    sentence = one_sentence(result.stderr)
    assert sentence.startswith("circles demo: The disk "), sentence
    assert "the response was not created" in sentence
    assert list(tmp_path.iterdir()) == []


# ----- the last resort: faults no verb foresaw -------------------------------------------------
@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.EIO, "Input/output error"), "an input/output error"),
        (OSError(errno.ENOSPC, "No space left on device"), "The disk is full"),
        (sqlite3.OperationalError("database or disk is full"), "The disk is full"),
        (
            OperationalError(
                "SELECT * FROM young_person WHERE given_name = ?",
                ("Ada Fictional",),
                sqlite3.OperationalError("disk I/O error"),
            ),
            "an input/output error",
        ),
    ],
)
def test_an_unforeseen_fault_in_any_verb_is_one_sentence(demo_db, capsys, monkeypatch, error, said):
    # The verb imports coverage_for when it runs (so `--help` stays quick): patch its home.
    import app.services.coverage.figures as coverage

    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(coverage, "coverage_for", fail)
    rc, out, err = run(capsys, "coverage", demo_db.path)
    assert rc == 2 and out == ""
    sentence = one_sentence(err)
    assert sentence.startswith("circles coverage: ") and said in sentence
    assert "Ada" not in sentence  # SQLAlchemy's text quotes values: never shown


def test_a_reader_that_goes_away_is_not_a_fault(demo_db, capsys, monkeypatch):
    import app.cli.coverage as coverage

    def gone(*_args, **_kwargs):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(coverage, "render_text", gone)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # main closes it, as for `| head`
    assert main(["coverage", str(demo_db.path)]) == 0
