"""The map by keyboard alone (issue 20d): connection actions in the Edit menu, Add
connection... with a searchable picker, and a focused person moved with the arrow keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from app.models.entities import Connection
from app.views.map.connection_actions import PersonPicker
from app.views.person.connection_form import ConnectionForm
from tests.views.conftest import focus_map


def _edit_action(window, text: str):
    menu = window.page_menu("Edit")
    assert isinstance(menu, QMenu)
    found = [a for a in menu.actions() if a.text() == text]
    assert found, f"no {text!r} in the Edit menu"
    return found[0]


def _connections(store) -> list[tuple[int, int, str, str]]:
    with store.read() as s:
        return [
            (c.person_a_id, c.person_b_id, c.kind, c.status)
            for c in s.scalars(select(Connection)).all()
        ]


def test_add_connection_by_keyboard_opens_the_same_connection_form(window, qtbot):
    page = focus_map(window, qtbot)
    store = window.store
    people = sorted(page.data.people.values(), key=lambda p: p.reference)
    a = people[0]
    # Someone a is not yet connected to, picked by reference.
    linked = {lk.b for lk in page.data.links.values() if lk.a == a.id} | {
        lk.a for lk in page.data.links.values() if lk.b == a.id
    }
    b = next(p for p in people[1:] if p.id not in linked)
    before = len(_connections(store))
    add = _edit_action(window, "Add connection...")
    assert not add.isEnabled()  # nobody selected yet
    store.select_people({a.id})
    assert add.isEnabled()
    qtbot.keyClick(page.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(page.picker, PersonPicker))
    picker = page.picker
    assert picker.filter.accessibleName() and picker.list.accessibleName()
    qtbot.waitUntil(picker.filter.hasFocus)
    qtbot.keyClicks(picker.filter, b.reference)
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.form, ConnectionForm))
    form = page.form
    assert form.kind.currentData() is None  # the kind is chosen, never assumed
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)
    assert form.kind.currentData() is not None
    form.source_agency.setFocus()
    qtbot.keyClicks(form.source_agency, "CAMHS")
    qtbot.keyClick(form.source_agency, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is None)
    after = _connections(store)
    assert len(after) == before + 1
    assert {(x[0], x[1]) for x in after[before:]} <= {(a.id, b.id), (b.id, a.id)}


def test_mark_connection_disproved_from_the_menu_is_one_undo_step(window, qtbot):
    page = focus_map(window, qtbot)
    store = window.store
    disprove = _edit_action(window, "Mark connection disproved")
    edit = _edit_action(window, "Edit connection...")
    assert not disprove.isEnabled() and not edit.isEnabled()
    table = page.links_view.table
    table.setFocus()
    table.selectRow(0)
    cid = page.links_model.rows[page.links_view.proxy.mapToSource(table.currentIndex()).row()].id
    assert disprove.isEnabled() and edit.isEnabled()
    steps = store.undo_stack.count()
    disprove.trigger()
    with store.read() as s:
        assert s.get(Connection, cid).status == "disproved"
    assert store.undo_stack.count() == steps + 1
    store.undo_stack.undo()
    with store.read() as s:
        assert s.get(Connection, cid).status != "disproved"


def test_arrow_keys_focus_a_person_space_selects_enter_opens_the_form(window, qtbot):
    from app.views.person.form import PersonForm

    page = focus_map(window, qtbot)
    view = page.view
    store = window.store
    assert view.focused_person is None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    first = view.focused_person
    assert first is not None  # the first key picks the person nearest the centre
    seen = {first}
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Down):
        qtbot.keyClick(view, key)
        seen.add(view.focused_person)
    assert len(seen) > 1  # the focus moved on to other people
    focused = view.focused_person
    item = page.scene.people[focused]
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(item.pos())  # scrolled into view
    assert view.focused_person is not None and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert store.selected_people == frozenset({focused})
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.form, PersonForm))
    form = page.form
    assert form.person_id == focused
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.form is None)


def test_the_view_draws_a_focus_ring_only_with_the_keyboard_focus(window, qtbot):
    page = focus_map(window, qtbot)
    view = page.view
    colour = view.viewport().grab().toImage().pixelColor(1, view.viewport().height() // 2)
    assert colour.name().lower() == "#0072b2"
    page.links_view.table.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    colour = view.viewport().grab().toImage().pixelColor(1, view.viewport().height() // 2)
    assert colour.name().lower() != "#0072b2"
