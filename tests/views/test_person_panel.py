"""The young person panel follows the selection and edits through the person form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.models.entities import YoungPerson


def test_panel_shows_the_selected_person_and_edits_details(window, qtbot, qt_sandbox):
    window.open_demo()
    store = window.store
    with store.read() as s:
        pid = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == "YP-02"))
    store.select_people({pid})
    panel = window.person_panel
    summary = panel.sections[0]
    assert panel.heading.text().startswith("YP-02 · ")
    assert summary.fields["reference"].text() == "YP-02"
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [
        "Summary",
        "Assessments",
        "Plans",
        "Concerns",
    ]
    qtbot.mouseClick(summary.edit_button, Qt.MouseButton.LeftButton)
    form = summary.form
    assert form is not None and form.isVisible()
    form.year_group.clear()
    qtbot.keyClicks(form.year_group, "Y11")
    ok = form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    with store.read() as s:
        assert s.get(YoungPerson, pid).year_group == "Y11"
    assert window.undo_action.text() == "Undo Edit young person YP-02"
    store.select_people(set())
    assert not summary.edit_button.isEnabled()
    assert summary.fields["reference"].text() == ""
