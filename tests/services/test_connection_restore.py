"""Restoring a disproved connection (issue 20): listed, put back as one undo step, and
refused in one sentence for a connection that is not disproved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models.entities import Connection
from app.services.editing.editor import Editor
from app.services.editing.validation import ValidationError
from app.services.people.connections import disproved_connections, restore_connection


def test_restore_lists_puts_back_and_undoes(demo_db):
    editor = Editor(demo_db)
    with demo_db.session() as s:
        rid = s.scalar(select(Connection.response_id))
        listed = disproved_connections(s, rid)
        active = s.scalar(select(Connection.id).where(Connection.status == "active"))
    assert listed and all("–" in text and "reported by" in text for _cid, text in listed)
    cid = listed[0][0]
    applied = editor.do(lambda s: restore_connection(s, cid))
    assert applied.label.startswith("Restore connection ")
    with demo_db.session() as s:
        assert s.get(Connection, cid).status == "active"
        assert cid not in {c for c, _t in disproved_connections(s, rid)}
    editor.undo()
    with demo_db.session() as s:
        assert s.get(Connection, cid).status == "disproved"
        with pytest.raises(ValidationError, match="not disproved"):
            restore_connection(s, active)
