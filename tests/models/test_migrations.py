"""A stored file of the first schema is upgraded on opening, after a backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from app.models.database import SCHEMA_VERSION, open_database
from app.models.entities import Assessment, Connection, YoungPerson
from app.services.files.integrity import check_file

STORED = Path(__file__).parents[1] / "data" / "schema_v1.circles"


def test_first_schema_file_is_upgraded_with_a_backup(tmp_path):
    path = tmp_path / "old.circles"
    shutil.copy(STORED, path)
    original = path.read_bytes()
    db = open_database(path)
    try:
        with db.read() as s:
            people = s.scalars(select(YoungPerson).order_by(YoungPerson.id)).all()
            assert [p.reference for p in people] == ["YP-01", "YP-02", "YP-03"]
            assert people[0].moved_setting_date is None  # column added by the upgrade
            assert s.scalar(select(Connection)).kind == "friend"
            assert s.scalar(select(Assessment)).risk == "Low"
    finally:
        db.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"prompt_dismissal", "checklist_item", "cross_boundary_agreement"} <= tables
    finally:
        con.close()
    backups = list(tmp_path.glob("old.before-upgrade-v1-*.circles"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == 1
    assert check_file(path) == []
    assert original != path.read_bytes()


def test_upgrade_that_fails_leaves_the_file_unchanged(tmp_path, monkeypatch):
    from app.models import migrations

    path = tmp_path / "old.circles"
    shutil.copy(STORED, path)
    original = path.read_bytes()

    def broken_step(con):
        con.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("simulated failure")

    monkeypatch.setitem(migrations.STEPS, 1, broken_step)
    import pytest

    from app.models.database import DatabaseFileError

    with pytest.raises(DatabaseFileError, match="could not be upgraded"):
        open_database(path)
    assert path.read_bytes() == original
