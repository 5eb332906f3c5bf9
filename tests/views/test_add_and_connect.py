"""Add a young person and connect them in one step, counted in user actions (issue 15.4)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models.entities import Connection, Setting, YoungPerson
from app.views.person.form import PersonForm


def _demo(window, qtbot):
    window.open_demo()
    window.show()
    qtbot.waitExposed(window)
    return window.pages[0]  # the map


def _counts(store) -> tuple[int, int, int]:
    with store.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (YoungPerson, Connection, Setting)
        )


def _target(store) -> tuple[int, str, str]:
    with store.read() as s:
        p = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-07"))
        last_agency = s.scalar(select(Connection.source_agency).order_by(Connection.id.desc()))
        return p.id, p.reference, last_agency


def test_new_person_with_setting_connected_in_five_actions(window, qtbot):
    page = _demo(window, qtbot)
    store = window.store
    target, ref, last_agency = _target(store)
    before = _counts(store)
    # (1) Add young person (the map toolbar's action, Ctrl+Shift+N): the form opens with
    #     the cursor in Given name.
    page.add_action.trigger()
    form = page.form
    assert isinstance(form, PersonForm)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.given_name)

    def type_in(text: str, end=Qt.Key.Key_Tab) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), end)

    type_in("Robin")  # (2) given name, Tab
    assert QApplication.focusWidget() is form.family_name
    type_in("Quickfield")  # (3) family name, Tab
    # (4) the setting, new to this response, typed; Tab goes on to "Connected to".
    type_in("Larchmere Youth Club")
    assert QApplication.focusWidget() is form.connect_picker.line
    # The agency that reported the last connection is offered already.
    assert form.connect_picker.agency.currentText() == last_agency
    # (5) the person it is connected to, by reference, and Enter: OK.
    type_in(ref, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())

    people, links, settings = _counts(store)
    assert (people, links, settings) == (before[0] + 1, before[1] + 1, before[2] + 1)
    with store.read() as s:
        new = s.scalar(select(YoungPerson).where(YoungPerson.family_name == "Quickfield"))
        assert new.given_name == "Robin"
        setting = s.get(Setting, new.setting_id)
        assert (setting.name, setting.kind) == ("Larchmere Youth Club", "club")
        link = s.scalar(select(Connection).where(Connection.person_a_id == new.id))
        assert (link.person_b_id, link.mode, link.kind, link.confidence) == (
            target,
            "real_life",
            "friend",
            "reported",
        )
        assert link.source_agency == last_agency
    assert new.id in page.scene.people

    # One undo step takes away the person, the connection and the new setting.
    assert "connected to" in store.undo_stack.undoText()
    window.undo_action.trigger()
    assert _counts(store) == before
    window.redo_action.trigger()
    assert _counts(store) == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_connected_to_takes_names_and_several_people_and_refuses_nobody(window, qtbot):
    page = _demo(window, qtbot)
    store = window.store
    page.add_action.trigger()
    form = page.form
    with store.read() as s:
        a, b = s.scalars(select(YoungPerson).order_by(YoungPerson.id).limit(2)).all()
        a_id, b_id, b_ref, a_name = a.id, b.id, b.reference, a.full_name
    qtbot.keyClicks(form.given_name, "Sam")
    qtbot.keyClicks(form.family_name, "Twolinks")
    form.connect_picker.line.setText("Nobody Atall")
    form.connect_picker._show_summary()
    form.accept()
    assert form.isVisible()
    assert "no single young person matches 'Nobody Atall'" in form.problem.text()
    assert _count_named(store, "Twolinks") == 0

    form.connect_picker.line.setText(f"{a_name}; {b_ref.lower()}")
    form.connect_picker._show_summary()
    assert "Will be connected to" in form.connect_picker.summary.text()
    form.connect_picker.agency.setCurrentText("")
    form.accept()
    assert form.isVisible()  # nobody said who reported it
    assert "Reported by" in form.problem.text()
    form.connect_picker.agency.setCurrentText("CAMHS")
    form.accept()
    assert not form.isVisible()
    with store.read() as s:
        new = s.scalar(select(YoungPerson).where(YoungPerson.family_name == "Twolinks"))
        others = set(
            s.scalars(select(Connection.person_b_id).where(Connection.person_a_id == new.id))
        )
    assert others == {a_id, b_id}


def test_an_existing_setting_typed_in_any_case_is_not_added_again(window, qtbot):
    page = _demo(window, qtbot)
    store = window.store
    with store.read() as s:
        setting = s.scalar(select(Setting).order_by(Setting.id))
        name, sid = setting.name, setting.id
    before = _counts(store)
    page.add_action.trigger()
    form = page.form
    qtbot.keyClicks(form.given_name, "Kit")
    qtbot.keyClicks(form.family_name, "Samecase")
    form.setting_id.setEditText(name.upper())
    form.accept()
    assert not form.isVisible()
    assert _counts(store) == (before[0] + 1, before[1], before[2])
    with store.read() as s:
        new = s.scalar(select(YoungPerson).where(YoungPerson.family_name == "Samecase"))
        assert new.setting_id == sid


def _count_named(store, family: str) -> int:
    with store.read() as s:
        return s.scalar(
            select(func.count()).select_from(YoungPerson).where(YoungPerson.family_name == family)
        )
