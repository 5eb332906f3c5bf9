"""Property: any sequence of edits, then undo all, gives back the starting content exactly
(every table but the audit log, which records the edits and their undoing); redo all then
gives back the edited content."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.models.database import backup_to, open_database
from app.models.entities import Assessment, Connection, YoungPerson
from app.models.vocab import AssessmentStatus, Confidence, ConnectionKind, Inclusion, Mode
from app.services.editing.editor import Editor
from app.services.editing.validation import ValidationError
from app.services.files.demo import build_demo
from app.services.people import assessments, connections, response_details
from app.services.people import young_people as people

TODAY = date.today()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "demo.circles"
    build_demo(path).close()
    return path


def dump(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Row versions and the change counter count edits, undone ones too (so that
        # another writer can tell), like the audit log: content is everything else.
        counters = {"row_version", "change_seq"}
        out = {}
        for t in sorted(tables):
            if t in ("audit_entry", "alembic_version"):
                continue
            names = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            cols = ", ".join(f'"{n}"' for n in names if n not in counters)
            out[t] = con.execute(f'SELECT {cols} FROM "{t}" ORDER BY id').fetchall()
        return out
    finally:
        con.close()


index = st.integers(min_value=0, max_value=10_000)
notes = st.one_of(st.none(), st.text(max_size=30))
ops = st.one_of(
    st.tuples(
        st.just("add_person"), st.text(min_size=1, max_size=12), st.none() | st.integers(0, 9000)
    ),
    st.tuples(st.just("update_person"), index, notes, st.sampled_from(list(Inclusion))),
    st.tuples(st.just("delete_people"), st.lists(index, min_size=1, max_size=3)),
    st.tuples(
        st.just("move_people"), st.lists(index, min_size=1, max_size=4), st.floats(-500, 500)
    ),
    st.tuples(
        st.just("add_connection"),
        index,
        index,
        st.sampled_from(list(ConnectionKind)),
        st.sampled_from(list(Confidence)),
        st.sampled_from(list(Mode)),
    ),
    st.tuples(
        st.just("update_connection"), index, st.sampled_from(list(Confidence)), st.booleans()
    ),
    st.tuples(st.just("delete_connections"), st.lists(index, min_size=1, max_size=3)),
    st.tuples(st.just("add_assessment"), index, st.sampled_from(["not_started", "booked"])),
    st.tuples(
        st.just("update_assessment"),
        index,
        st.sampled_from(list(AssessmentStatus)),
        st.integers(0, 20),
    ),
    st.tuples(st.just("delete_assessments"), st.lists(index, min_size=1, max_size=2)),
    st.tuples(st.just("review_date"), st.integers(-30, 120)),
)


def pick(ids: list[int], i: int) -> int:
    return ids[i % len(ids)]


def build(op: tuple, rid: int):  # noqa: C901 - one branch per kind of edit
    kind = op[0]

    def f(s):
        person_ids = s.scalars(select(YoungPerson.id).order_by(YoungPerson.id)).all()
        conn_ids = s.scalars(select(Connection.id).order_by(Connection.id)).all()
        assess_ids = s.scalars(select(Assessment.id).order_by(Assessment.id)).all()
        if kind == "add_person":
            values = {"given_name": op[1], "family_name": "Fuzz"}
            if op[2] is not None:
                values["date_of_birth"] = TODAY - timedelta(days=op[2])
            return people.add_person(s, rid, values)
        if kind == "update_person" and person_ids:
            values = {"notes": op[2], "inclusion": op[3].value}
            if op[3] == Inclusion.REMOVED:
                values["removed_reason"] = "Fictional reason"
            return people.update_person(s, pick(person_ids, op[1]), values)
        if kind == "delete_people" and person_ids:
            return people.delete_people(s, sorted({pick(person_ids, i) for i in op[1]}))
        if kind == "move_people" and person_ids:
            positions = {pick(person_ids, i): (op[2], -op[2]) for i in op[1]}
            return people.move_people(s, positions)
        if kind == "add_connection" and person_ids:
            values = {
                "person_a_id": pick(person_ids, op[1]),
                "person_b_id": pick(person_ids, op[2]),
                "kind": op[3].value,
                "confidence": op[4].value,
                "mode": op[5].value,
                "source_agency": "School",
            }
            return connections.add_connection(s, rid, values)
        if kind == "update_connection" and conn_ids:
            values = {"confidence": op[2].value, "status": "disproved" if op[3] else "active"}
            return connections.update_connection(s, pick(conn_ids, op[1]), values)
        if kind == "delete_connections" and conn_ids:
            return connections.delete_connections(s, sorted({pick(conn_ids, i) for i in op[1]}))
        if kind == "add_assessment" and person_ids:
            values = {"person_id": pick(person_ids, op[1]), "agency": "CAMHS", "status": op[2]}
            if op[2] == "booked":
                values["booked_date"] = TODAY
            return assessments.add_assessment(s, rid, values)
        if kind == "update_assessment" and assess_ids:
            status = op[2].value
            values: dict = {"status": status}
            if status == "completed":
                values.update(
                    completed_date=TODAY - timedelta(days=op[3]), risk="Low", booked_date=None
                )
            if status == "booked":
                values["booked_date"] = TODAY + timedelta(days=op[3])
            if status == "not_required":
                values["not_required_reason"] = "Fictional reason"
            return assessments.update_assessment(s, pick(assess_ids, op[1]), values)
        if kind == "delete_assessments" and assess_ids:
            return assessments.delete_assessments(s, sorted({pick(assess_ids, i) for i in op[1]}))
        if kind == "review_date":
            return response_details.update_response(
                s, rid, {"review_date": TODAY + timedelta(days=op[1])}
            )
        raise ValidationError("Nothing to edit.")

    return f


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(ops, min_size=1, max_size=10))
def test_undo_all_restores_the_start_and_redo_all_the_end(demo_file, tmp_path, sequence):
    path = tmp_path / "fuzz.circles"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    backup_to(demo_file, path)
    start = dump(path)
    db = open_database(path)
    try:
        editor = Editor(db, user="fuzz")
        for op in sequence:
            try:
                editor.do(build(op, db.response_id))
            except ValidationError:
                pass  # refused input changes nothing (checked by the final comparison)
        end = dump(path)
        while editor.undo() is not None:
            pass
        assert dump(path) == start
        while editor.redo() is not None:
            pass
        assert dump(path) == end
    finally:
        db.close()
