"""Moving a response between a `.circles` file and a real PostgreSQL server and back
(`copy` verb, app/services/files/transfer.py): every row intact, refusals in one sentence,
nothing half-copied."""

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlalchemy import Column, Integer, Table, func, select, text

from app.__main__ import main
from app.models.database import open_database
from app.models.entities import AuditEntry, Base
from app.services.files import transfer
from app.services.files import transfer_rows as rows_of
from app.services.files.demo import build_demo
from app.services.files.transfer import MOVE, copy_to_file, copy_to_server, moved_notice

TITLE = "FICTIONAL demo: Northfield response"


def _rows(path_or_url: str, *, skip_moves: bool = True) -> dict[str, list[tuple]]:
    """Every column of every row of the response, by table (the move's own audit entries
    left out: they are what differs, by design)."""
    db = open_database(path_or_url, readonly=True)
    try:
        with db.engine.connect() as con:
            out = {}
            for part in rows_of.plan():
                rows = rows_of.read_rows(con, part, db.response_id)
                if part.name == "audit_entry" and skip_moves:
                    kind = [c.name for c in part.table.columns].index("kind")
                    rows = [r for r in rows if r[kind] != MOVE]
                out[part.name] = rows
            return out
    finally:
        db.close()


def _demo(tmp_path):
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    return path


def _server_counts(pg) -> dict[str, int]:
    db_url = pg.url("circles_admin")
    from app.models.server import parse_url, server_engine

    engine = server_engine(parse_url(db_url))
    try:
        with engine.connect() as con:
            return {
                t.name: con.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def test_every_table_is_copied_or_declared_not_part_of_a_response():
    copied = {p.name for p in rows_of.plan()}
    assert copied | rows_of.NOT_A_RESPONSE_ROW == set(Base.metadata.tables)
    stray = Table("stray_notes", Base.metadata, Column("id", Integer, primary_key=True))
    try:
        with pytest.raises(rows_of.UnplacedTableError, match="stray_notes"):
            rows_of.plan()
    finally:
        Base.metadata.remove(stray)


def test_demo_file_to_server_and_back_is_intact(pg, tmp_path, capsys):
    original = _demo(tmp_path)
    before = _rows(str(original))
    assert main(["copy", str(original), pg.url(), "--json"]) == 0, capsys.readouterr().err
    moved = json.loads(capsys.readouterr().out)
    assert moved["matches"] is True
    assert moved["counts"]["young_person"] == 40
    assert moved["counts"] == {name: len(rows) for name, rows in before.items()}
    url = moved["destination"]
    assert "response=" in url
    assert _rows(url) == before

    back = tmp_path / "back.circles"
    assert main(["copy", url, str(back)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert out.startswith("Copied 40 young people, 85 connections,")
    assert "the copy matches row for row." in out
    assert stat.S_IMODE(os.stat(back).st_mode) == 0o600
    assert _rows(str(back)) == before
    assert main(["check", str(back)]) == 0, capsys.readouterr().err
    for verb in (["coverage", "--json"], ["prompts", "--json"]):
        capsys.readouterr()
        assert main([verb[0], str(original), *verb[1:]]) == 0
        on_original = json.loads(capsys.readouterr().out)
        assert main([verb[0], str(back), *verb[1:]]) == 0
        assert json.loads(capsys.readouterr().out) == on_original, verb
        assert main([verb[0], url, *verb[1:]]) == 0
        assert json.loads(capsys.readouterr().out) == on_original, verb

    # Each side's audit log says where the response went or came from.
    db = open_database(original)
    try:
        notice = moved_notice(db)
    finally:
        db.close()
    assert notice is not None and notice.startswith("This response was moved to postgresql://")
    assert "changes made here will not reach the shared copy" in notice
    moves = [r for r in _rows(str(back), skip_moves=False)["audit_entry"] if MOVE in r]
    assert len(moves) == 2  # moved onto the server, then copied from it
    server_moves = [r for r in _rows(url, skip_moves=False)["audit_entry"] if MOVE in r]
    assert len(server_moves) == 2  # moved here, then saved as a file

    # The server's sequences are past the copied ids: a new row takes a new id.
    db = open_database(url)
    try:
        from app.services.editing import audit

        audit.record(db, "after the move", kind="edit")
        with db.read() as s:
            newest = s.scalar(select(func.max(AuditEntry.id)))
        assert newest > max(r[0] for r in before["audit_entry"])
    finally:
        db.close()


def test_refusals_are_one_sentence_and_change_nothing(pg, tmp_path, capsys):
    original = _demo(tmp_path)
    assert main(["copy", str(original), pg.url()]) == 0
    capsys.readouterr()
    counts = _server_counts(pg)

    # The same response again: its id and title are taken.
    again = tmp_path / "again.circles"
    build_demo(again).close()
    assert main(["copy", str(again), pg.url()]) == 2
    err = capsys.readouterr().err
    assert "already holds a response with this one's id or title" in err
    assert len(err.strip().splitlines()) == 1
    assert _server_counts(pg) == counts

    # A destination file that exists is never replaced.
    taken = tmp_path / "taken.circles"
    taken.write_bytes(b"keep me")
    assert main(["copy", pg.url(response=TITLE), str(taken)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert taken.read_bytes() == b"keep me"

    # A read-only file cannot record the move, so it is not made.
    readonly = tmp_path / "readonly.circles"
    build_demo(readonly).close()
    os.chmod(readonly, 0o444)
    assert main(["copy", str(readonly), pg.url()]) == 2
    assert "open read-only" in capsys.readouterr().err

    # No server there.
    nowhere = pg.url().replace(pg.socket, str(tmp_path / "no-server"))
    assert main(["copy", str(again), nowhere]) == 2
    err = capsys.readouterr().err
    assert err.startswith("circles copy: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err

    # Two files, or two addresses: nothing to copy between engines.
    assert main(["copy", str(original), str(tmp_path / "x.circles")]) == 2
    assert "one response file and one postgresql:// address" in capsys.readouterr().err
    assert _server_counts(pg) == counts


def test_a_failure_midway_leaves_nothing_on_the_server(pg, tmp_path, monkeypatch):
    original = _demo(tmp_path)
    real = transfer._insert
    done: list[str] = []

    def fail_on_the_fifth_table(con, part, rows):  # noqa: ANN001
        if len(done) == 4:
            raise OSError("the network went away")  # not an SQLAlchemy error: still undone
        done.append(part.name)
        real(con, part, rows)

    monkeypatch.setattr(transfer, "_insert", fail_on_the_fifth_table)
    db = open_database(original)
    try:
        with pytest.raises(OSError):
            copy_to_server(db, pg.url())
        assert moved_notice(db) is None  # the file does not say it was moved
    finally:
        db.close()
    assert len(done) == 4
    assert not any(_server_counts(pg).values())


def test_a_failure_midway_leaves_no_file(pg, tmp_path, monkeypatch):
    build_demo(pg.url()).close()
    real = transfer._insert
    calls: list[str] = []

    def fail_late(con, part, rows):  # noqa: ANN001
        calls.append(part.name)
        if len(calls) == 6:
            raise transfer.TransferError("The disk filled up; nothing was copied.")
        real(con, part, rows)

    monkeypatch.setattr(transfer, "_insert", fail_late)
    db = open_database(pg.url(response=TITLE))
    try:
        with pytest.raises(transfer.TransferError):
            copy_to_file(db, tmp_path / "half.circles")
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_changed_row_in_the_copy_is_caught_and_rolled_back(pg, tmp_path, monkeypatch):
    original = _demo(tmp_path)
    real = transfer._insert

    def garble(con, part, rows):  # noqa: ANN001
        real(con, part, rows)
        if part.name == "young_person":
            con.execute(text("UPDATE young_person SET notes = 'garbled' WHERE id = 3"))

    monkeypatch.setattr(transfer, "_insert", garble)
    db = open_database(original)
    try:
        with pytest.raises(transfer.TransferError, match="young person 3 differs"):
            copy_to_server(db, pg.url())
    finally:
        db.close()
    assert not any(_server_counts(pg).values())


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE young_person SET given_name = printf('%.300c', 'x') WHERE id = 1", "too long"),
        ("UPDATE young_person SET notes = 'a' || char(0) || 'b' WHERE id = 1", "NUL"),
        ("UPDATE young_person SET date_of_birth = 'not a date' WHERE id = 1", "cannot read"),
    ],
)
def test_a_value_the_server_refuses_is_one_sentence(pg, tmp_path, capsys, sql, words):
    import sqlite3

    path = _demo(tmp_path)
    con = sqlite3.connect(path)
    con.execute(sql)  # what SQLite keeps and PostgreSQL (or Circles) will not
    con.commit()
    con.close()
    assert main(["copy", str(path), pg.url()]) == 2
    err = capsys.readouterr().err
    assert words in err and "nothing was copied" in err
    assert len(err.strip().splitlines()) == 1
    assert not any(_server_counts(pg).values())


def test_copy_from_a_database_of_several_responses_takes_only_its_own(pg, tmp_path, capsys):
    original = _demo(tmp_path)
    assert main(["copy", str(original), pg.url(), "--json"]) == 0
    url = json.loads(capsys.readouterr().out)["destination"]
    other = [
        "new", pg.url(), "--title", "FICTIONAL other response", "--area", "Southfield",
        "--referral-date", "2026-01-05", "--review-date", "2026-03-01",
    ]  # fmt: skip
    assert main(other) == 0, capsys.readouterr().err
    back = tmp_path / "back.circles"
    assert main(["copy", url, str(back)]) == 0, capsys.readouterr().err
    rows = _rows(str(back))
    assert rows == _rows(str(original))
    assert len(_rows(str(back), skip_moves=False)["response"]) == 1
