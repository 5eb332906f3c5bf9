"""Assessments on screen: the form's status rules, the table (model-checked, filtered,
edited through the Store, undoable) and the young person panel's Assessments section."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.models.entities import Assessment, YoungPerson
from app.services.people.assessments import add_assessment
from app.services.people.young_people import add_person
from app.views.assessments.form import AssessmentForm
from app.views.assessments.page import KEYS, AssessmentsPage
from app.views.person.assessments_section import AssessmentsSection
from app.views.person.panel import SECTIONS

TODAY = date.today()


@pytest.fixture
def people(store) -> list[int]:
    rid = store.response_id
    for name in ("Ada", "Bo"):
        store.run(lambda s, n=name: add_person(s, rid, {"given_name": n, "family_name": "Test"}))
    with store.read() as s:
        return [p.id for p in s.query(YoungPerson).order_by(YoungPerson.reference)]


def assessments(store) -> list[Assessment]:
    with store.read() as s:
        return s.query(Assessment).order_by(Assessment.id).all()


def press_ok(qtbot, form: AssessmentForm) -> None:
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_form_rules_depend_on_status(qtbot, store, people):
    form = AssessmentForm(store, person_id=people[0])
    qtbot.addWidget(form)
    form.show()
    assert not form.person.isEnabled()  # fixed when added from the person's panel
    form.agency.setCurrentText("CAMHS")
    form.status.setCurrentIndex(form.status.findData("completed"))
    assert form.labels["risk"].text() == "Assessed risk *"
    assert form.completed.value() == TODAY  # offered, ready to change
    press_ok(qtbot, form)
    assert form.isVisible() and form.problem.text() == "Assessed risk is required."
    assert [form.risk.itemText(i) for i in range(form.risk.count())] == [
        "",
        "High",
        "Raised",
        "Low",
    ]  # the response's own scale, nothing else
    form.status.setCurrentIndex(form.status.findData("not_required"))
    assert form.labels["reason"].text() == "Reason not required *" and form.reason.isEnabled()
    press_ok(qtbot, form)
    assert form.problem.text() == "The reason it is not required is required."
    assert assessments(store) == []
    qtbot.keyClicks(form.reason, "Fictional: open to CAMHS already")
    press_ok(qtbot, form)
    assert not form.isVisible()
    (a,) = assessments(store)
    assert (a.person_id, a.agency, a.status) == (people[0], "CAMHS", "not_required")
    assert store.undo_stack.undoText() == "Add assessment for YP-01"


def test_form_refuses_completed_in_the_future_but_takes_completed_before_booking(
    qtbot, store, people
):
    form = AssessmentForm(store, person_id=people[1])
    qtbot.addWidget(form)
    form.agency.setCurrentText("School")
    form.status.setCurrentIndex(form.status.findData("completed"))
    form.risk.setCurrentIndex(form.risk.findText("Low"))
    form.completed.set_value(TODAY + timedelta(days=1))
    form.accept()
    assert form.problem.text() == "The completed date cannot be in the future."
    assert assessments(store) == []
    # Done earlier than the booked appointment: allowed (the booking was the appointment).
    form.completed.set_value(TODAY - timedelta(days=3))
    form.booked.set_value(TODAY - timedelta(days=1))
    form.accept()
    assert not form.isVisible() and form.problem.text() == ""
    (a,) = assessments(store)
    assert (a.completed_date, a.booked_date) == (
        TODAY - timedelta(days=3),
        TODAY - timedelta(days=1),
    )


def _table(qtbot, store, people) -> AssessmentsPage:
    rid = store.response_id
    store.run(
        lambda s: add_assessment(
            s,
            rid,
            {
                "person_id": people[0],
                "agency": "School",
                "status": "booked",
                "booked_date": TODAY + timedelta(days=3),
            },
        )
    )
    store.run(
        lambda s: add_assessment(
            s, rid, {"person_id": people[1], "agency": "CAMHS", "status": "declined"}
        )
    )
    page = AssessmentsPage(store)
    qtbot.addWidget(page)
    return page


def test_table_is_a_sound_model_and_filters(qtbot, store, people, qtmodeltester):
    page = _table(qtbot, store, people)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    assert page.proxy.rowCount() == 2 and page.count.text() == "2 assessments"
    lead = page.proxy.index(0, KEYS.index("lead")).data()
    assert lead == "No lead recorded"  # who owns the next step is always shown, even if unknown
    page.filter_edit.setText("camhs")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "YP-02"
    page.filter_edit.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findData("booked"))
    assert page.proxy.rowCount() == 1 and page.count.text() == "1 of 2 assessments shown"
    assert page.proxy.index(0, KEYS.index("booked_date")).data() == (
        f"{TODAY + timedelta(days=3):%d/%m/%Y}"
    )


def test_table_edits_go_through_the_store_and_undo(qtbot, store, people):
    page = _table(qtbot, store, people)
    index = page.proxy.index(0, KEYS.index("assessor"))
    assert page.proxy.setData(index, "Assessor (fictional)")
    assert assessments(store)[0].assessor == "Assessor (fictional)"
    assert page.proxy.index(0, KEYS.index("assessor")).data() == "Assessor (fictional)"
    day = TODAY + timedelta(days=5)
    assert page.proxy.setData(page.proxy.index(0, KEYS.index("booked_date")), f"{day:%d/%m/%Y}")
    assert assessments(store)[0].booked_date == day
    errors: list[str] = []
    store.error.connect(errors.append)
    assert not page.proxy.setData(page.proxy.index(0, KEYS.index("booked_date")), "next week")
    assert "dd/mm/yyyy" in errors[-1] and assessments(store)[0].booked_date == day
    # Completing in a cell without a completed date and risk is refused, changing nothing.
    assert not page.proxy.setData(page.proxy.index(0, KEYS.index("status")), "completed")
    assert errors[-1] == "Completed date is required." and assessments(store)[0].status == "booked"
    store.undo_stack.undo()
    store.undo_stack.undo()
    assert assessments(store)[0].assessor is None
    assert page.proxy.index(0, KEYS.index("assessor")).data() == ""


def test_table_delete_and_undo_restores_the_same_row(qtbot, store, people):
    page = _table(qtbot, store, people)
    before = [(a.id, a.status) for a in assessments(store)]
    page.view.selectRow(1)
    assert store.selected_people == frozenset({people[1]})
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert [a.id for a in assessments(store)] == [before[0][0]]
    assert page.proxy.rowCount() == 1
    store.undo_stack.undo()
    assert [(a.id, a.status) for a in assessments(store)] == before
    assert page.proxy.rowCount() == 2


def test_person_panel_section_adds_edits_and_deletes(qtbot, store, people):
    assert AssessmentsSection in SECTIONS
    section = AssessmentsSection(store)
    qtbot.addWidget(section)
    section.set_person(people[0])
    assert section.table.rowCount() == 0
    assert "Not booked in time" in section.state.text() and "Next step" in section.state.text()
    form = section.add()
    form.agency.setCurrentText("School")
    form.status.setCurrentIndex(form.status.findData("completed"))
    form.risk.setCurrentIndex(form.risk.findText("High"))
    press_ok(qtbot, form)
    assert not form.isVisible()
    assert section.table.rowCount() == 1
    assert section.table.item(0, 1).text() == "Completed"
    assert section.table.item(0, 3).text() == "High"
    assert "Assessed on time" in section.state.text()
    section.table.selectRow(0)
    form = section.edit_selected()
    form.risk.setCurrentIndex(form.risk.findText("Low"))
    press_ok(qtbot, form)
    assert section.table.item(0, 3).text() == "Low"
    section.table.selectRow(0)
    qtbot.mouseClick(section.delete_button, Qt.MouseButton.LeftButton)
    assert section.table.rowCount() == 0 and assessments(store) == []
    store.undo_stack.undo()
    assert section.table.rowCount() == 1 and section.table.item(0, 3).text() == "Low"
