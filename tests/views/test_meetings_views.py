"""The Meetings and Actions tabs, the closure dialog and the Plans & parents section, driven
as a user would (clicks, the table's own editors) on a fictional response."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QPushButton
from sqlalchemy import select

from app.models.entities import Action, Attendance, AuditEntry, Response, YoungPerson
from app.services.coverage.figures import coverage_for
from app.services.meetings.actions import add_action
from app.services.meetings.meetings import add_meeting
from app.services.meetings.plans import record_parental_contact
from app.services.meetings.roles import NURSE_ROLE
from app.services.people.young_people import add_person, update_person
from app.views.meetings.actions_page import ActionsPage
from app.views.meetings.closure_dialog import ClosureDialog
from app.views.meetings.page import MeetingsPage
from app.views.person.plans_section import PlansSection

TODAY = date.today()


def add(store, **values) -> int:
    rid = store.response_id
    values = {"given_name": "Ada", "family_name": "Fictional", **values}
    return next(iter(store.run(lambda s: add_person(s, rid, values)).of("young_person")))


def column(model, key: str) -> int:
    return [c.key for c in model.columns].index(key)


def cells(model, key: str) -> list[str]:
    c = column(model, key)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def edit_with_delegate(qtbot, view, index, choose) -> None:  # noqa: ANN001
    """Open the cell's editor as a double-click would, change it, and commit it."""
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index) or view.focusWidget()
    assert editor is not None
    choose(editor)
    view.commitData(editor)
    view.closeEditor(editor, view.itemDelegate().EndEditHint.NoHint)


def test_meetings_tab_on_the_demo(window, demo_db, qtbot, qtmodeltester, qt_sandbox):
    path = demo_db.path
    demo_db.close()
    window.resize(1366, 768)
    assert window.open_path(path)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Meetings" in titles and "Actions" in titles
    page = next(p for p in window.pages if isinstance(p, MeetingsPage))
    window.tabs.setCurrentIndex(window.pages.index(page))
    window.show()
    assert page.editor.caption.text().startswith("Scoping meeting")
    attendance = page.editor.attendance
    assert "Police" in cells(attendance.model, "role")
    assert NURSE_ROLE in attendance.suggestions.text()  # YP-04 and YP-28 are looked after
    checklist = cells(page.editor.checklist.model, "text")
    assert checklist[0] == "Assess the information known to date"
    for model in (
        page.model,
        attendance.model,
        page.editor.checklist.model,
        page.editor.decisions.model,
        page.editor.agenda.model,
        page.editor.changes.model,
    ):
        qtmodeltester.check(model)
    window.grab().save(str(qt_sandbox / "meetings_tab.png"))


def test_nurse_role_appears_and_goes_in_the_meeting_editor(store, qtbot):
    pid = add(store)
    page = MeetingsPage(store)
    qtbot.addWidget(page)
    mid = page.create_meeting({"type": "strategic", "date": TODAY})
    assert page.editor.meeting_id == mid
    attendance = page.editor.attendance
    assert NURSE_ROLE not in cells(attendance.model, "role")
    assert NURSE_ROLE not in attendance.suggestions.text()

    store.run(lambda s: update_person(s, pid, {"looked_after": True}))
    assert NURSE_ROLE in attendance.suggestions.text()
    assert "Looked after: YP-01" in attendance.suggestions.text()
    # A new meeting now has the nurse on its attendance list from the start.
    page.create_meeting({"type": "operational", "date": TODAY})
    assert NURSE_ROLE in cells(page.editor.attendance.model, "role")

    store.run(lambda s: update_person(s, pid, {"looked_after": False}))
    page.create_meeting({"type": "scoping", "date": TODAY})
    assert NURSE_ROLE not in cells(page.editor.attendance.model, "role")
    page.select_meeting(mid)
    assert NURSE_ROLE not in page.editor.attendance.suggestions.text()


def test_attendance_status_chosen_from_the_drop_down(store, qtbot):
    page = MeetingsPage(store)
    qtbot.addWidget(page)
    page.show()
    mid = page.create_meeting({"type": "scoping", "date": TODAY})
    tab = page.editor.attendance
    page.editor.tabs.setCurrentWidget(tab)
    index = tab.model.index(0, column(tab.model, "status"))

    def choose(editor) -> None:  # noqa: ANN001
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(editor.findText("Deputy sent"))

    edit_with_delegate(qtbot, tab.view, index, choose)
    with store.read() as s:
        first = s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).first()
        assert first.status == "deputy"
    assert tab.model.index(0, column(tab.model, "status")).data() == "Deputy sent"
    store.undo_stack.undo()
    with store.read() as s:
        assert s.get(Attendance, first.id).status == "invited"


def test_scoping_review_date_flows_into_coverage_from_the_checklist(store, qtbot):
    rid = store.response_id
    add(store)
    page = MeetingsPage(store)
    qtbot.addWidget(page)
    page.create_meeting({"type": "scoping", "date": TODAY})
    with store.read() as s:
        before = coverage_for(s, rid)
    tab = page.editor.checklist
    assert not tab.review_row.isHidden()  # shown for a Scoping meeting
    tab.review.set_value(TODAY + timedelta(days=40))
    qtbot.mouseClick(tab.agree, Qt.MouseButton.LeftButton)
    with store.read() as s:
        after = coverage_for(s, rid)
    assert after.review_date == TODAY + timedelta(days=40) and after.days_left == 40
    states = dict(zip(cells(tab.model, "text"), cells(tab.model, "state"), strict=True))
    assert (
        states["Agree a review date to ensure all children identified have been assessed"] == "Done"
    )
    store.undo_stack.undo()
    with store.read() as s:
        assert coverage_for(s, rid).days_left == before.days_left


def test_changes_panel_lists_a_person_added_after_the_meeting(store, qtbot):
    rid = store.response_id
    add(store, date_added=TODAY - timedelta(days=10))
    store.run(lambda s: add_meeting(s, rid, {"type": "scoping", "date": TODAY - timedelta(days=5)}))
    page = MeetingsPage(store)
    qtbot.addWidget(page)
    panel = page.editor.changes
    assert "Changes since the Scoping meeting" in panel.heading.text()
    assert cells(panel.model, "reference") == []
    add(store, given_name="Bo")
    assert cells(panel.model, "reference") == ["YP-02"]
    assert cells(panel.model, "what") == ["Young person added"]


def test_actions_tab_shows_overdue_in_words_and_colour(store, qtbot, qtmodeltester, qt_sandbox):
    rid = store.response_id
    page = ActionsPage(store)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    late = {
        "description": "Fictional: late task",
        "owner_agency": "Police",
        "owner": "PC (fictional)",
    }
    late |= {"due_date": TODAY - timedelta(days=4), "created_date": TODAY - timedelta(days=9)}
    store.run(lambda s: add_action(s, rid, late))
    soon = {"description": "Fictional: next task", "owner_agency": "School"}
    soon |= {"due_date": TODAY + timedelta(days=3)}
    store.run(lambda s: add_action(s, rid, soon))
    qtmodeltester.check(page.model)
    assert cells(page.model, "when") == ["Overdue by 4 days", "Due in 3 days"]
    overdue_cell = page.model.index(0, column(page.model, "when"))
    assert overdue_cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert page.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 overdue" in page.summary.text()

    page.status.setCurrentIndex(page.status.findText("Overdue"))
    assert cells(page.model, "description") == ["Fictional: late task"]
    page.status.setCurrentIndex(0)
    page.agency.setCurrentIndex(page.agency.findText("School"))
    assert cells(page.model, "description") == ["Fictional: next task"]
    page.agency.setCurrentIndex(0)
    page.owner.setCurrentIndex(page.owner.findText("PC (fictional)"))
    assert cells(page.model, "description") == ["Fictional: late task"]
    page.owner.setCurrentIndex(0)

    # Moving the due date with the table's calendar editor clears the overdue.
    page.show()
    index = page.model.index(0, column(page.model, "due"))

    def choose(editor) -> None:  # noqa: ANN001
        assert isinstance(editor, QDateEdit)
        editor.setDate(editor.date().addDays(10))

    edit_with_delegate(qtbot, page.view, index, choose)
    assert "Overdue by 4 days" not in cells(page.model, "when")
    # Link the action to a young person with the table's drop-down.
    pid = add(store)
    person_cell = page.model.index(0, column(page.model, "person_id"))

    def pick(editor) -> None:  # noqa: ANN001
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(editor.findText("YP-01"))

    edit_with_delegate(qtbot, page.view, person_cell, pick)
    assert page.model.index(0, column(page.model, "person_id")).data() == "YP-01"
    with store.read() as s:
        assert pid in {a.person_id for a in s.scalars(select(Action))}
    page.view.selectRow(0)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    with store.read() as s:
        assert sorted(a.status for a in s.scalars(select(Action))) == ["done", "open"]
    page.resize(1000, 500)
    page.grab().save(str(qt_sandbox / "actions_tab.png"))


def test_closure_is_blocked_then_overridden_with_a_reason(store, qtbot, qtmodeltester, qt_sandbox):
    rid = store.response_id
    add(store)
    dialog = ClosureDialog(store)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    met = dict(zip(cells(dialog.model, "text"), cells(dialog.model, "met"), strict=True))
    assert (
        met["Every young person in scope has a safety plan with a supporting agency"] == "Missing"
    )
    assert "items are missing" in dialog.missing.text()
    assert "YP-01" in cells(dialog.model, "note")[0]

    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert "unless you record" in dialog.problem.text()
    with store.read() as s:
        assert s.get(Response, rid).stage != "closed"

    # A manual item set in the table updates the list at once.
    state = dialog.model.index(
        cells(dialog.model, "text").index(
            "Staff involved directly in the response thoroughly debriefed"
        ),
        column(dialog.model, "state"),
    )
    assert dialog.model.setData(state, "done")
    assert "Staff involved directly in the response thoroughly debriefed" not in [
        t
        for t, m in zip(cells(dialog.model, "text"), cells(dialog.model, "met"), strict=True)
        if m == "Missing"
    ]

    dialog.reason.setPlainText("Fictional: the partnership agreed to close early")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    with store.read() as s:
        r = s.get(Response, rid)
        assert r.stage == "closed"
        assert r.closed_override_reason == "Fictional: the partnership agreed to close early"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.field == "closed_override_reason"))
        assert entry.new == "Fictional: the partnership agreed to close early"
    assert "This response is closed" in dialog.missing.text()
    dialog.grab().save(str(qt_sandbox / "closure_dialog.png"))


def test_close_response_menu_action_exists(window, qt_sandbox):
    from app.views.shell.main_window import open_first_response

    open_first_response(window, None)
    action = next(a for a in window.response_menu.actions() if a.text() == "&Close response...")
    seen: list[str] = []

    def look_and_close() -> None:
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClosureDialog)
        seen.append(dialog.missing.text())
        dialog.accept()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, look_and_close)
    action.trigger()
    assert seen and "missing" in seen[0]


def test_plans_section_warns_before_a_school_meeting(store, qtbot, qtmodeltester):
    pid = add(store)
    store.run(
        lambda s: record_parental_contact(
            s, pid, {"school_meeting_date": TODAY + timedelta(days=2)}
        )
    )
    section = PlansSection(store)
    qtbot.addWidget(section)
    section.set_person(pid)
    assert section.warning.isVisibleTo(section)
    assert "Consider informing them" in section.warning.text()
    section.informed.set_value(TODAY)
    section.informed_by.setText("DSL (fictional)")
    section.save_contact_button.click()
    assert not section.warning.isVisibleTo(section)
    assert section.contact_text.text().startswith("Parents/carers: Informed")

    section.plan_agency.setCurrentText("CAMHS")
    section.add_plan_button.click()
    assert cells(section.plans, "supporting_agency") == ["CAMHS"]
    assert cells(section.plans, "type") == ["Safety plan"]
    qtmodeltester.check(section.plans)
    with store.read() as s:
        assert s.get(YoungPerson, pid).reference == "YP-01"


def test_new_meeting_through_the_dialog_keeps_typed_details(store, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from app.views.meetings.details import NewMeetingDialog

    page = MeetingsPage(store)
    qtbot.addWidget(page)
    page.show()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewMeetingDialog)
        dialog.details.type.setCurrentIndex(dialog.details.type.findData("operational"))
        qtbot.keyClicks(dialog.details.chair, "Service Manager (fictional)")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.editor.caption.text().startswith("Operational meeting")
    assert cells(page.model, "type") == ["Operational"]
    roles = cells(page.editor.attendance.model, "role")
    assert roles[0] == "Children’s Services – Service Manager"
    # Typing in the details form survives an edit of another row (attendance).
    page.editor.details.notes.setText("Unsaved note")
    tab = page.editor.attendance
    tab.new_role.setText("Digital safety team")
    qtbot.mouseClick(tab.findChild(QPushButton, "addRoleButton"), Qt.MouseButton.LeftButton)
    assert "Digital safety team" in cells(tab.model, "role")
    assert page.editor.details.notes.text() == "Unsaved note"
