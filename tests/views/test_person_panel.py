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


def test_the_panels_assessments_show_the_recorded_risk_as_the_map_does(window, qt_sandbox):
    from app.models.entities import Assessment, Response
    from app.views.map.style import risk_styles

    window.open_demo()
    store = window.store
    with store.read() as s:
        a = s.scalars(
            select(Assessment).where(Assessment.risk.is_not(None)).order_by(Assessment.id)
        ).first()
        pid, risk = a.person_id, a.risk
        levels = list(s.get(Response, store.response_id).risk_levels)
    store.select_people({pid})
    section = window.person_panel.sections[1]
    cells = [section.table.item(r, 3) for r in range(section.table.rowCount())]
    cell = next(c for c in cells if c is not None and c.text() == risk)
    colour = cell.data(Qt.ItemDataRole.BackgroundRole).color()
    assert colour == risk_styles(levels)[risk].colour  # the word and the map's colour
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None  # and its shape
