"""Every form stays open with what was typed when saving fails (here: a full disk), shows
the sentence inside itself, and saves and closes on the next OK once the fault is gone.
Both table pages filter by the same rule."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import event, func, select

from app.models.entities import Assessment, Concern, Connection, YoungPerson
from app.services.people.assessments import add_assessment
from app.services.people.concerns import add_concern
from app.services.people.young_people import add_person, update_person
from app.views.assessments.page import AssessmentsPage
from app.views.common.table_page import matches
from app.views.concerns.page import ConcernsPage
from app.views.map.page import MapPage

FULL = "The disk is full; the change was not saved."


@pytest.fixture
def disk(store):
    """Switch a full disk on and off: writes are refused, reads go on working."""
    state = {"full": False}

    def refuse(_conn, _cursor, statement, *_rest):
        if state["full"] and statement.split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise sqlite3.OperationalError("database or disk is full")

    event.listen(store.db.engine, "before_cursor_execute", refuse)
    yield state
    event.remove(store.db.engine, "before_cursor_execute", refuse)


def _people(store, *names: str) -> list[int]:
    rid = store.response_id
    for name in names:
        store.run(lambda s, n=name: add_person(s, rid, {"given_name": n, "family_name": "Test"}))
    with store.read() as s:
        return list(s.scalars(select(YoungPerson.id).order_by(YoungPerson.reference)))


def _count(store, entity) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(entity))


def _ok(qtbot, form) -> None:
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


@pytest.fixture
def map_page(qtbot, store):
    page = MapPage(store)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    return page


def test_person_form_keeps_what_was_typed_when_the_disk_is_full(qtbot, store, disk, map_page):
    map_page.add_action.trigger()  # the map's "Add young person"
    form = map_page.form
    qtbot.keyClicks(form.given_name, "Zoe")
    qtbot.keyClicks(form.family_name, "Fictional")
    qtbot.keyClicks(form.year_group, "Y9")
    form.looked_after.setChecked(True)
    disk["full"] = True
    _ok(qtbot, form)
    assert form.isVisible() and form.problem.text().startswith(FULL)
    assert (form.given_name.text(), form.family_name.text()) == ("Zoe", "Fictional")
    assert form.year_group.text() == "Y9" and form.looked_after.isChecked()
    assert _count(store, YoungPerson) == 0 and store.undo_stack.count() == 0
    disk["full"] = False
    _ok(qtbot, form)
    assert not form.isVisible() and map_page.form is None
    with store.read() as s:
        (p,) = s.scalars(select(YoungPerson)).all()
        assert (p.given_name, p.year_group, p.looked_after) == ("Zoe", "Y9", True)


def test_person_edit_form_keeps_what_was_typed(qtbot, store, disk, map_page):
    (pid,) = _people(store, "Ada")
    map_page.edit_person(pid)
    form = map_page.form
    form.home_area.setText("Northfield (fictional)")
    disk["full"] = True
    _ok(qtbot, form)
    assert form.isVisible() and form.problem.text().startswith(FULL)
    assert form.home_area.text() == "Northfield (fictional)"
    disk["full"] = False
    _ok(qtbot, form)
    assert not form.isVisible()
    with store.read() as s:
        assert s.get(YoungPerson, pid).home_area == "Northfield (fictional)"


def test_connection_form_keeps_what_was_typed_when_the_disk_is_full(qtbot, store, disk, map_page):
    a, b = _people(store, "Ada", "Bo")
    map_page.connect_people(a, b)  # what the Connect tool's drag calls
    form = map_page.form
    form.source_agency.setEditText("CAMHS")
    form.kind.setCurrentIndex(form.kind.findData("club"))
    kind = "club"
    qtbot.keyClicks(form.notes, "Met at a youth club (fictional)")
    disk["full"] = True
    _ok(qtbot, form)
    assert form.isVisible() and form.problem.text().startswith(FULL)
    assert form.source_agency.currentText() == "CAMHS" and form.kind.currentData() == kind
    assert form.notes.toPlainText() == "Met at a youth club (fictional)"
    assert _count(store, Connection) == 0
    disk["full"] = False
    _ok(qtbot, form)
    assert not form.isVisible()
    with store.read() as s:
        (c,) = s.scalars(select(Connection)).all()
        assert (c.source_agency, c.kind, c.notes) == (
            "CAMHS",
            kind,
            "Met at a youth club (fictional)",
        )


def test_concern_form_keeps_what_was_typed_when_the_disk_is_full(qtbot, store, disk):
    (pid,) = _people(store, "Ada")
    page = ConcernsPage(store)
    qtbot.addWidget(page)
    store.select_people({pid})
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = page.form
    form.agency.setCurrentText("School")
    form.category.setCurrentIndex(form.category.findData("thoughts_or_plans"))
    qtbot.keyClicks(form.evidence, "Case record 123 (fictional)")
    disk["full"] = True
    _ok(qtbot, form)
    assert form.isVisible() and form.problem.text().startswith(FULL)
    assert form.agency.currentText() == "School"
    assert form.category.currentData() == "thoughts_or_plans"
    assert form.evidence.text() == "Case record 123 (fictional)"
    assert _count(store, Concern) == 0
    disk["full"] = False
    closed: list[int] = []
    form.finished.connect(closed.append)
    _ok(qtbot, form)
    assert closed  # closed (and deleted: the form is opened with delete-on-close)
    with store.read() as s:
        (c,) = s.scalars(select(Concern)).all()
        assert (c.person_id, c.reporting_agency, c.category) == (pid, "School", "thoughts_or_plans")
    assert page.model.rowCount() == 1


def test_assessment_form_keeps_what_was_typed_when_the_disk_is_full(qtbot, store, disk):
    _ada, bo = _people(store, "Ada", "Bo")
    page = AssessmentsPage(store)
    qtbot.addWidget(page)
    store.select_people({bo})
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    form = page.form
    assert form.person.currentData() == bo
    form.agency.setCurrentText("CAMHS")
    qtbot.keyClicks(form.assessor, "A. Assessor (fictional)")
    form.status.setCurrentIndex(form.status.findData("booked"))
    booked = date.today() + timedelta(days=4)
    form.booked.set_value(booked)
    disk["full"] = True
    _ok(qtbot, form)
    assert form.isVisible() and form.problem.text().startswith(FULL)
    assert form.agency.currentText() == "CAMHS"
    assert form.assessor.text() == "A. Assessor (fictional)"
    assert form.status.currentData() == "booked" and form.booked.value() == booked
    assert _count(store, Assessment) == 0
    disk["full"] = False
    _ok(qtbot, form)
    assert not form.isVisible()
    with store.read() as s:
        (a,) = s.scalars(select(Assessment)).all()
        assert (a.person_id, a.agency, a.status, a.booked_date) == (bo, "CAMHS", "booked", booked)
    assert page.proxy.rowCount() == 1


def test_the_form_says_why_a_read_only_file_refuses(qtbot, store, monkeypatch, map_page):
    """Any fault the Store reports, not only a full disk, is shown in the dialog."""
    (pid,) = _people(store, "Ada")
    map_page.edit_person(pid)
    form = map_page.form
    form.send.setText("Fictional note")

    def refuse(_build):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store.editor, "execute", refuse)
    _ok(qtbot, form)
    assert form.isVisible()
    assert form.problem.text() == "The response file is read-only; the change was not saved."
    assert form.send.text() == "Fictional note"


def test_both_table_pages_filter_by_the_same_rule(qtbot, store):
    rid = store.response_id
    ada, bo = _people(store, "Ada", "Bo")
    store.run(lambda s: update_person(s, ada, {"lead_agency": "Équipe Santé"}))
    day = date.today() - timedelta(days=2)
    for pid, agency in ((ada, "Ecole Saint-Zoë"), (bo, "CAMHS")):
        store.run(
            lambda s, p=pid, a=agency: add_concern(
                s,
                rid,
                {
                    "person_id": p,
                    "date": day,
                    "date_known": day,
                    "reporting_agency": a,
                    "category": "self_injury",
                },
            )
        )
        store.run(
            lambda s, p=pid, a=agency: add_assessment(
                s, rid, {"person_id": p, "agency": a, "status": "declined"}
            )
        )
    concerns, assessments = ConcernsPage(store), AssessmentsPage(store)
    qtbot.addWidget(concerns)
    qtbot.addWidget(assessments)
    # Case and accents ignored, a substring of one column's shown text, spaces trimmed.
    for typed, refs in [
        ("saint-zoe", {"YP-01"}),
        ("  ÉCOLE ", {"YP-01"}),
        ("camhs", {"YP-02"}),
        ("yp-0", {"YP-01", "YP-02"}),
        ("école camhs", set()),  # one substring, not words spread over columns
        ("", {"YP-01", "YP-02"}),
    ]:
        for page in (concerns, assessments):
            page.search.setText(typed)
            ref = page.column("reference")
            shown = {page.proxy.index(r, ref).data() for r in range(page.proxy.rowCount())}
            assert shown == refs, (type(page).__name__, typed)
    assert matches("zoe", ["Zoë"]) and not matches("zoé x", ["Zoë", "x"])
