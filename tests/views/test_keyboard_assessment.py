"""Recording an assessment with the keyboard alone (issue 20, done-when): from the main
window with the demo open, Ctrl+Tab to Coverage, Tab to the list of young people, arrow
keys to one of them, Enter for "Record assessment...", the agency, date and risk typed,
Enter to save - no mouse event and no call that stands in for one. The assessment is in
the database, and the map and the People table show the new risk."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import select

from app.models.entities import Assessment, YoungPerson
from app.views.assessments.form import AssessmentForm
from app.views.coverage.page import CoveragePage

CTRL = Qt.KeyboardModifier.ControlModifier


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    target = QApplication.focusWidget()
    assert target is not None, "the keyboard focus was lost"
    qtbot.keyClick(target, key, modifier)


def _type(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _inside(widget) -> bool:  # noqa: ANN001
    f = QApplication.focusWidget()
    return f is not None and (f is widget or widget.isAncestorOf(f))


def test_record_an_assessment_with_the_keyboard_alone(window, qtbot):
    window.open_demo()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    # Ctrl+Tab from the Map to Coverage (two pages on).
    while window.tabs.tabText(window.tabs.currentIndex()) != "Coverage":
        _press(qtbot, Qt.Key.Key_Tab, CTRL)
    page = window.page_at(window.tabs.currentIndex())
    assert isinstance(page, CoveragePage)
    # Tab to the list of young people not yet assessed.
    for _ in range(40):
        if QApplication.focusWidget() is page.people_view:
            break
        _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.people_view, QApplication.focusWidget()
    _press(qtbot, Qt.Key.Key_Down)  # the first young person in the list...
    _press(qtbot, Qt.Key.Key_Down)  # ...and on to the second
    row = page.people_view.currentIndex().row()
    ref = page.people_model.index(row, 0).data()
    with window.store.read() as s:
        pid = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == ref))
    before = window.pages[0].data.people[pid].risk
    _press(qtbot, Qt.Key.Key_Return)  # Enter: Record assessment...
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), AssessmentForm))
    form = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: _inside(form.risk))
    levels = [form.risk.itemText(i) for i in range(form.risk.count())]
    level = next(t for t in levels if t and t != before)
    # Back (Shift+Tab) to the completed date and the agency, typed over.
    while not _inside(form.agency):
        _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    _press(qtbot, Qt.Key.Key_A, CTRL)
    _type(qtbot, "Youth Justice")
    while not _inside(form.completed.edit):
        _press(qtbot, Qt.Key.Key_Tab)
    done = date.today()
    _press(qtbot, Qt.Key.Key_Home)
    _type(qtbot, done.strftime("%d/%m/%Y"))
    while not _inside(form.risk):
        _press(qtbot, Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QComboBox)
    _type(qtbot, level)  # a drop-down picks the item its typed text begins
    assert form.risk.currentText() == level
    _press(qtbot, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: not form.isVisible())
    # The keyboard focus goes back to the list the form was opened from once the window
    # manager gives the window back its activation (the offscreen test platform has none).
    assert window.focusWidget() is page.people_view
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.people_view)

    with window.store.read() as s:
        saved = s.scalars(
            select(Assessment).where(Assessment.person_id == pid).order_by(Assessment.id.desc())
        ).first()
        assert saved is not None
        assert (saved.risk, saved.agency, saved.completed_date) == (level, "Youth Justice", done)
    # Back to the map (Ctrl+PageUp, twice): the person's symbol and row show the risk.
    while window.tabs.tabText(window.tabs.currentIndex()) != "Map":
        _press(qtbot, Qt.Key.Key_PageUp, CTRL)
    map_page = window.pages[0]
    qtbot.waitUntil(lambda: map_page.data.people[pid].risk == level)
    assert map_page.view.map_scene.people[pid].info.risk == level
    model = map_page.people_model
    r = next(i for i in range(model.rowCount()) if model.rows[i].id == pid)
    assert f"risk recorded {level}" in model.index(r, 0).data(Qt.ItemDataRole.AccessibleTextRole)
