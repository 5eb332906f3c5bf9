"""The schema comes from Alembic revisions: a new file, an upgraded version-4 file and the
models agree column for column; older Circles refuse the result (user_version follows)."""

from __future__ import annotations

import sqlite3
from datetime import date

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from app.models.database import SCHEMA_VERSION, create_database, open_database
from app.models.entities import Base
from app.models.revisions import HEAD
from app.models.schema_v4 import v4_metadata
from app.models.sqlite_file import APPLICATION_ID


def differences(path) -> list:
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as con:
            ctx = MigrationContext.configure(con)
            diff = compare_metadata(ctx, Base.metadata)
            # Alembic's own table is not a model.
            return [
                d for d in diff if not (d[0] == "remove_table" and d[1].name == "alembic_version")
            ]
    finally:
        engine.dispose()


def new_file(tmp_path):
    return create_database(
        tmp_path / "new.circles",
        title="Test response",
        lead_area="Northshire",
        referral_date=date(2026, 1, 5),
        review_date=date(2026, 2, 5),
    )


def test_new_file_is_made_by_the_revisions_and_matches_the_models(tmp_path):
    new_file(tmp_path).close()
    path = tmp_path / "new.circles"
    assert differences(path) == []
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_version_4_file_is_backed_up_and_upgraded(tmp_path):
    path = tmp_path / "old.circles"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.execute("PRAGMA user_version=4")
    con.commit()
    con.close()
    engine = create_engine(f"sqlite:///{path}")
    v4_metadata().create_all(engine)
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO response (id, title, lead_area, referral_date, stage, review_date, "
            "protective_marking, prompt_window_days, risk_scale, need_levels, is_demo) VALUES "
            "(1, 'Old', 'Northshire', '2025-01-01', 'referral', '2025-02-01', 'OFFICIAL', 28, "
            "'High,Low', 'A|B', 0)"
        )
    engine.dispose()
    db = open_database(path)
    db.close()
    assert differences(path) == []
    backups = list(tmp_path.glob("old.before-upgrade-v4-*.circles"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT title, row_version FROM response").fetchone() == ("Old", 0)


def test_stored_version_1_file_reaches_the_head(tmp_path):
    import shutil
    from pathlib import Path

    path = tmp_path / "v1.circles"
    shutil.copy(Path(__file__).parents[1] / "data" / "schema_v1.circles", path)
    open_database(path).close()
    # The hand-written upgrade declared added columns by SQLite affinity (Text as VARCHAR),
    # as it always did; SQLite stores the same values either way.
    diff = [d for d in differences(path) if not (isinstance(d, list) and d[0][0] == "modify_type")]
    assert diff == []
