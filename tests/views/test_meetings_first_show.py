"""The Meetings tab's first show (issue 14 fills its meeting tabs once, for the latest
meeting, rather than empty first): the latest meeting selected in the list and shown in
full, and another chosen in the list shown in its place."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models.entities import Attendance, Meeting
from app.services.meetings.meetings import add_meeting
from app.views.meetings.page import MeetingsPage
from tests.views.test_charts_on_screen import show_tab


def roles_of(window, meeting_id: int) -> list[str]:  # noqa: ANN001
    with window.store.read() as s:
        return sorted(s.scalars(select(Attendance.role).where(Attendance.meeting_id == meeting_id)))


def test_meetings_tab_opens_on_the_latest_meeting_then_follows_the_list(demo, qtbot):
    rid = demo.store.response_id
    with demo.store.read() as s:
        first = s.scalar(select(Meeting.date).where(Meeting.response_id == rid))
    # A later meeting, added before the tab is first shown (the demo has one).
    demo.store.run(
        lambda s: add_meeting(s, rid, {"type": "operational", "date": first + timedelta(days=7)})
    )
    page = show_tab(demo, qtbot, MeetingsPage)
    with demo.store.read() as s:
        meetings = list(
            s.execute(
                select(Meeting.id, Meeting.date)
                .where(Meeting.response_id == demo.store.response_id)
                .order_by(Meeting.date, Meeting.id)
            )
        )
    assert len(meetings) == 2
    latest_id, latest_day = meetings[-1]
    # The list has the latest meeting selected; the form and every tab show it.
    selected = page.list.selectionModel().selectedRows()
    assert [page.model.row_id(i.row()) for i in selected] == [latest_id]
    assert page.editor.caption.text().endswith(f"{latest_day:%d/%m/%Y}")
    assert page.editor.details.isEnabled() and page.editor.save.isEnabled()
    assert all(tab.isEnabled() for tab in page.editor.meeting_tabs)
    attendance = page.editor.attendance.model
    shown = sorted(attendance.data(attendance.index(r, 0)) for r in range(attendance.rowCount()))
    assert shown == roles_of(demo, latest_id)

    # Another meeting chosen in the list: its own attendance, date and caption.
    other_id, other_day = meetings[0]
    page.list.selectRow(
        page.model.rows.index(next(r for r in page.model.rows if r["id"] == other_id))
    )
    QApplication.processEvents()
    assert page.editor.meeting_id == other_id
    assert page.editor.caption.text().endswith(f"{other_day:%d/%m/%Y}")
    shown = sorted(attendance.data(attendance.index(r, 0)) for r in range(attendance.rowCount()))
    assert shown == roles_of(demo, other_id)
