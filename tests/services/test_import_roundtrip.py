"""Issue item 11: demo -> export -> import into an empty response gives the same people,
connections, concerns and assessments; importing it back into the demo duplicates nothing.

Runs once the exporter (app.services.workbook.export, built in parallel) is merged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.models.entities import Assessment, Concern, Connection, YoungPerson
from app.services.editing.editor import Editor
from app.services.importing import import_edit, plan_import
from tests.services.import_files import snapshot


def _plan(db, path):
    with db.read() as s:
        return plan_import(s, db.response_id, path)


def test_demo_export_import_round_trip(tmp_path, demo_db, new_db):
    export = pytest.importorskip("app.services.workbook.export")
    out = tmp_path / "demo mapping.xlsx"
    export.export_workbook(demo_db, out, circulation=False, as_of=None)

    plan = _plan(new_db, out)
    assert plan.ok, [str(p) for p in plan.problems][:10]
    Editor(new_db, user="tester").do(lambda s: import_edit(s, plan))
    assert snapshot(new_db) == snapshot(demo_db)

    # The same workbook returned to the demo updates (or skips) but never duplicates.
    def counts():
        with demo_db.read() as s:
            return [s.scalar(select(func.count()).select_from(m))
                    for m in (YoungPerson, Connection, Concern, Assessment)]  # fmt: skip

    before = counts()
    again = _plan(demo_db, out)
    assert again.ok and not again.added
    Editor(demo_db, user="tester").do(lambda s: import_edit(s, again))
    assert counts() == before
