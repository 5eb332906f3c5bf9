"""Record an assessment where the gap is seen: from a row of the Coverage list to a
completed assessment with its risk, in at most 5 user actions, through the real UI."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMenu

from app.models.entities import Assessment, YoungPerson
from app.services.files.demo import build_demo
from app.services.people.assessments import add_assessment
from app.services.people.young_people import add_person
from app.views.coverage.page import CoveragePage

TODAY = date.today()


def _people(store) -> list[int]:
    """Three fictional young people: one booked by CAMHS for after today (lead agency
    School), one with nothing recorded (lead Early Help), one not started by School."""
    rid = store.response_id
    leads = ("School", "Early Help", "School")
    for name, lead in zip(("Ada", "Bo", "Cy"), leads, strict=True):
        store.run(
            lambda s, n=name, lead=lead: add_person(
                s, rid, {"given_name": n, "family_name": "Test", "lead_agency": lead}
            )
        )
    with store.read() as s:
        ids = [p.id for p in s.query(YoungPerson).order_by(YoungPerson.reference)]
    for values in (
        {
            "person_id": ids[0],
            "agency": "CAMHS",
            "status": "booked",
            "booked_date": TODAY + timedelta(days=5),
        },
        {"person_id": ids[2], "agency": "School", "status": "not_started"},
    ):
        store.run(lambda s, v=values: add_assessment(s, rid, v))
    return ids


def _assessments(store, person_id: int) -> list[Assessment]:
    with store.read() as s:
        return (
            s.query(Assessment)
            .filter(Assessment.person_id == person_id)
            .order_by(Assessment.id)
            .all()
        )


def _row_of(page: CoveragePage, person_id: int) -> int:
    return next(i for i, p in enumerate(page.people_model.rows) if p.person_id == person_id)


def _click_ok(qtbot, form) -> None:
    ok = form.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_record_from_the_list_completes_the_booked_one_in_four_actions(qtbot, store):
    ids = _people(store)
    page = CoveragePage(store)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    assert page.figures["assessed_on_time"].text() == "0"
    assert page.figures["booked_on_time"].text() == "1"
    assert not page.record_button.isEnabled()  # nothing chosen yet
    view = page.people_view
    rect = view.visualRect(page.people_model.index(_row_of(page, ids[0]), 0))
    # (1) click the young person's row
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert store.selected_people == frozenset({ids[0]})
    # (2) click "Record assessment..."
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    form = page.record_form
    assert form is not None and form.isVisible()
    qtbot.addWidget(form)
    # Opened on the booked assessment, by its agency, completed today: only the risk left.
    assert form.record_id == _assessments(store, ids[0])[0].id
    assert form.agency.currentText() == "CAMHS"
    assert form.status.currentData() == "completed"
    assert form.completed.value() == TODAY
    assert form.risk.currentData() is None
    # (3) pick the risk (typed into the focused drop-down, as a keyboard user would)
    assert form.risk.hasFocus() or form.focusWidget() is form.risk
    qtbot.keyClicks(form.risk, "High")
    assert form.risk.currentText() == "High"
    # (4) OK: saved although today is before the booked date (done earlier than booked).
    _click_ok(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    # Four actions; the figures on the page followed at once.
    assert page.figures["assessed_on_time"].text() == "1"
    assert page.figures["booked_on_time"].text() == "0"
    assert page.figures["percent_assessed"].text() == "33.3%"
    assert ids[0] not in [p.person_id for p in page.people_model.rows]
    (a,) = _assessments(store, ids[0])  # completed, not a second one added
    assert (a.status, a.risk, a.completed_date, a.agency) == ("completed", "High", TODAY, "CAMHS")
    assert a.booked_date == TODAY + timedelta(days=5)
    assert store.undo_stack.undoText() == "Complete assessment for YP-01"


def test_double_click_adds_one_with_the_lead_agency_in_three_actions(qtbot, store):
    ids = _people(store)
    page = CoveragePage(store)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    view = page.people_view
    rect = view.visualRect(page.people_model.index(_row_of(page, ids[1]), 0))
    # (1) double-click the row (nothing recorded for this young person): as the system
    # delivers it, a press and release, then the double-click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    form = page.record_form
    assert form is not None and form.isVisible() and form.record_id is None
    qtbot.addWidget(form)
    assert form.agency.currentText() == "Early Help"  # the lead agency
    assert form.person.currentData() == ids[1] and not form.person.isEnabled()
    # (2) pick the risk, (3) OK
    qtbot.keyClicks(form.risk, "Low")
    _click_ok(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    (a,) = _assessments(store, ids[1])
    assert (a.status, a.risk, a.agency, a.completed_date) == (
        "completed",
        "Low",
        "Early Help",
        TODAY,
    )
    assert page.figures["assessed_on_time"].text() == "1"


def test_enter_and_the_context_menu_complete_the_open_not_started_one(qtbot, store):
    ids = _people(store)
    page = CoveragePage(store)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    view = page.people_view
    row = _row_of(page, ids[2])
    view.setFocus()
    view.setCurrentIndex(page.people_model.index(row, 0))
    view.selectRow(row)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    form = page.record_form
    assert form is not None and form.isVisible()
    qtbot.addWidget(form)
    assert form.record_id == _assessments(store, ids[2])[0].id
    assert form.agency.currentText() == "School"
    form.reject()
    # The context menu offers the same, and "Show on map".
    shown: list[QMenu] = []
    page.people_view.customContextMenuRequested.disconnect()
    page.people_view.customContextMenuRequested.connect(
        lambda pos: (page._people_menu(pos), shown.extend(page.findChildren(QMenu)))
    )
    pos: QPoint = view.visualRect(page.people_model.index(row, 1)).center()
    page.people_view.customContextMenuRequested.emit(pos)
    (menu,) = [m for m in shown if m.isVisible()]
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Record assessment...", "Show on map"]
    menu.actions()[0].trigger()
    form = page.record_form
    qtbot.addWidget(form)
    qtbot.keyClicks(form.risk, "Raised")
    _click_ok(qtbot, form)
    assert not form.isVisible(), form.problem.text()
    (a,) = _assessments(store, ids[2])
    assert (a.status, a.risk, a.agency) == ("completed", "Raised", "School")


def test_nothing_to_record_on_a_read_only_file(window, qtbot, qt_sandbox):
    build_demo(qt_sandbox / "demo.circles").close()
    assert window.open_path(qt_sandbox / "demo.circles", readonly=True)
    page = next(p for p in window.pages if isinstance(p, CoveragePage))
    store = window.store
    first = page.people_model.rows[0].person_id
    before = [(a.id, a.status) for a in _assessments(store, first)]
    page.people_view.selectRow(0)
    page._enable_actions()
    assert not page.record_button.isEnabled() and page.map_button.isEnabled()
    assert page.record_selected() is None
    assert [(a.id, a.status) for a in _assessments(store, first)] == before
    assert page.record_form is None
