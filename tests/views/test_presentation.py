"""View > Presentation mode on the demo: no young person's name anywhere on screen, no
editing, larger type, and the screen exactly as it was afterwards (issue 15.5)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)
from sqlalchemy import select

from app.models.entities import YoungPerson
from app.services.people.young_people import add_person
from app.views.map.page import MapPage
from app.views.person.form import PersonForm

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _demo(window, qtbot):
    window.open_demo()
    window.show()
    qtbot.waitExposed(window)
    return window


def _names(store) -> set[str]:
    with store.read() as s:
        rows = s.execute(select(YoungPerson.given_name, YoungPerson.family_name)).all()
    return {n for row in rows for n in row if n}


def _widget_texts(widget) -> list[str]:
    texts = [widget.toolTip(), widget.windowTitle(), widget.statusTip()]
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QComboBox):
        texts.extend(widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            texts.extend((widget.tabText(i), widget.tabToolTip(i)))
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(model.rowCount()):
            for col in range(model.columnCount()):
                index = model.index(row, col)
                texts.extend(str(model.data(index, role) or "") for role in ROLES)
        for col in range(model.columnCount()):
            texts.append(str(model.headerData(col, Qt.Orientation.Horizontal) or ""))
    return texts


def _screen_texts(window) -> list[str]:
    """Every text on screen, on every tab the window offers, the map's labels and
    tooltips included."""
    texts: list[str] = []
    for i in range(window.tabs.count()):
        if not window.tabs.isTabVisible(i):
            continue
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        for widget in QApplication.allWidgets():
            if widget.isVisible():
                texts.extend(_widget_texts(widget))
        page = window.page_at(i)
        if isinstance(page, MapPage):
            for item in page.scene.people.values():
                item.ensure_tooltip()
                texts.extend((item.label, item.toolTip()))
    return texts


def _found(names: set[str], texts: list[str]) -> set[str]:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b")
    return {m for t in texts for m in pattern.findall(t)}


def test_presentation_mode_shows_no_name_and_leaves_the_screen_as_it_was(window, qtbot):
    _demo(window, qtbot)
    store = window.store
    names = _names(store)
    assert len(names) > 40
    page = window.pages[0]
    with store.read() as s:
        first = s.scalar(select(YoungPerson.id).order_by(YoungPerson.id))
    store.select_people([first])
    page.names_action.trigger()  # names on the map, as a practitioner might have them
    window.tabs.setCurrentIndex(2)
    state, tab = window.windowState(), window.tabs.currentIndex()
    font = QApplication.font().pointSizeF()
    zoom = page.view.transform().m11()
    # Names are on screen before (so the walk below would find them).
    assert _found(names, _screen_texts(window))
    window.tabs.setCurrentIndex(tab)

    action = window.presentation.action
    assert action in window.view_menu.actions()
    assert action.shortcut().toString() == "F5"
    action.trigger()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    banner = window.presentation.banner
    assert banner.isVisible()
    assert banner.text().startswith("Presentation: references only")
    assert "OFFICIAL-SENSITIVE" in banner.text()
    assert QApplication.font().pointSizeF() >= 1.5 * font
    assert page.view.transform().m11() >= 1.5 * zoom - 1e-9

    leaked = _found(names, _screen_texts(window))
    assert not leaked, f"names on screen in presentation mode: {sorted(leaked)[:10]}"

    # Editing is off, and says so: no form opens, no edit is saved, undo is off.
    assert not page.add_action.isEnabled()
    form = PersonForm(store, first, window)
    form.open()
    assert not form.isVisible()
    qtbot.waitUntil(lambda: "Editing is off" in window.statusBar().currentMessage())
    rid = store.response_id
    assert store.run(lambda s: add_person(s, rid, {"given_name": "X", "family_name": "Y"})) is None
    assert not window.undo_action.isEnabled()

    # Esc leaves, and the screen is as it was: tab, selection, names, size, zoom.
    window.presentation.leave_key.activated.emit()
    assert not action.isChecked()
    assert not banner.isVisible()
    assert window.windowState() == state
    assert window.tabs.currentIndex() == tab
    assert store.selected_people == frozenset({first})
    assert QApplication.font().pointSizeF() == font
    assert page.view.transform().m11() == zoom
    assert page.names_action.isChecked() and page.add_action.isEnabled()
    assert all(window.tabs.isTabVisible(i) for i in range(window.tabs.count()))
    assert not store.readonly
    name_col = [k for k, _ in page.people_model.COLUMNS].index("name")
    assert not page.people_view.findChild(QAbstractItemView).isColumnHidden(name_col)
    assert _found(names, _screen_texts(window))
    assert store.run(lambda s: add_person(s, rid, {"given_name": "X", "family_name": "Y"}))
    _close_before_teardown(window)


def _close_before_teardown(window) -> None:
    # Not part of the feature: after the Meetings, Actions or Audit page has been shown, a
    # slot reads a deleted table when the test's window is torn down (seen on this branch
    # without presentation mode too); closing the file first avoids it.
    window.tabs.setCurrentIndex(0)
    window.close_file()
    QApplication.processEvents()


def test_f5_toggles_and_a_new_file_ends_presentation(window, qtbot):
    _demo(window, qtbot)
    mode = window.presentation
    assert mode.action.shortcut().toString() == "F5"
    assert mode.leave_key.key().toString() == "Esc" and not mode.leave_key.isEnabled()
    mode.action.trigger()
    assert mode.action.isChecked() and mode.leave_key.isEnabled()
    mode.action.trigger()  # F5 again
    assert not mode.action.isChecked()
    window.presentation.action.trigger()
    window.open_demo()  # another file: the mode ends before the pages go
    assert not window.presentation.action.isChecked()
    assert not window.store.readonly
    assert QApplication.font().pointSizeF() > 0
