"""Restore connection... (issue 20): a disproved connection, which the map and the
Connections table no longer show, is picked from a searchable list by keyboard and put
back as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models.entities import Connection, YoungPerson
from app.services.people.connections import restore_connection
from app.views.map.connection_actions import PersonPicker
from tests.views.conftest import focus_map
from tests.views.test_map_keyboard import _edit_action


def _status(store, cid: int) -> str:  # noqa: ANN001
    with store.read() as s:
        return s.get(Connection, cid).status


def test_restore_a_disproved_connection_by_keyboard_is_one_undo_step(window, qtbot):
    page = focus_map(window, qtbot)
    store = window.store
    with store.read() as s:
        cid, ref = s.execute(
            select(Connection.id, YoungPerson.reference)
            .join(YoungPerson, YoungPerson.id == Connection.person_a_id)
            .where(Connection.response_id == store.response_id)
            .where(Connection.status == "disproved")
        ).first()
    assert cid not in {lk.id for lk in page.links_model.rows}  # not listed while disproved
    steps = store.undo_stack.count()
    _edit_action(window, "Restore connection...").trigger()
    qtbot.waitUntil(lambda: isinstance(page.picker, PersonPicker))
    picker = page.picker
    qtbot.waitUntil(picker.filter.hasFocus)
    assert picker.list.accessibleName() == "Disproved connections"
    qtbot.keyClicks(picker.filter, ref)
    # The filtered list, by arrow keys, to this connection; Enter restores it.
    if picker.chosen() != cid:
        qtbot.keyClick(picker.filter, Qt.Key.Key_Tab)  # into the list
        assert QApplication.focusWidget() is picker.list
        while picker.chosen() != cid:
            qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.picker is None)
    assert _status(store, cid) == "active"
    assert store.undo_stack.count() == steps + 1
    assert store.undo_stack.undoText().startswith("Restore connection")
    assert cid in {lk.id for lk in page.links_model.rows}  # back in the table and on the map
    store.undo_stack.undo()
    assert _status(store, cid) == "disproved"


def test_restore_with_nothing_disproved_says_so(window, qtbot):
    page = focus_map(window, qtbot)
    store = window.store
    with store.read() as s:
        ids = list(s.scalars(select(Connection.id).where(Connection.status == "disproved")))
    for cid in ids:
        store.run(lambda s, cid=cid: restore_connection(s, cid))
    _edit_action(window, "Restore connection...").trigger()
    assert page.picker is None
    assert window.statusBar().currentMessage() == "No connection is marked disproved."
