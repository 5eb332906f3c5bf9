"""The Meetings tab: the list of meetings, and the selected meeting's editor (details,
attendance, checklist, decisions, agenda of open actions), with the changes since the
last meeting beside them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.editing.editor import Changes
from app.services.meetings.lists import meeting_summaries
from app.services.meetings.meetings import add_meeting, delete_meeting, update_meeting
from app.services.queries.meetings import meeting_values, response_chair
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.meetings.actions_tab import AgendaTab
from app.views.meetings.changes_panel import ChangesPanel
from app.views.meetings.details import MeetingDetails, NewMeetingDialog
from app.views.meetings.tabs import AttendanceTab, ChecklistTab, DecisionsTab
from app.views.shell.store import Store

MEETING_TABLES = (
    "meeting",
    "attendance",
    "decision",
    "checklist_item",
    "action",
    "response",
    "young_person",
    "connection",
    "concern",
    "assessment",
    "setting",
)


class MeetingEditor(QWidget):
    """The selected meeting: its details and the tabs below them."""

    def __init__(
        self, store: Store, *, defer_changes: bool = False, meeting_id: int | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.meeting_id: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("Select a meeting, or create one.")
        self.caption.setObjectName("meetingCaption")
        self.caption.setStyleSheet("font-size: 15px; font-weight: bold;")
        lay.addWidget(self.caption)
        details_row = QHBoxLayout()
        self.details = MeetingDetails()
        self.save = QPushButton("Save details")
        self.save.clicked.connect(self._save)
        details_row.addWidget(self.details, 1)
        details_row.addWidget(self.save, 0, Qt.AlignmentFlag.AlignBottom)
        lay.addLayout(details_row)
        self.tabs = QTabWidget()
        self.attendance = AttendanceTab(store)
        self.checklist = ChecklistTab(store)
        self.decisions = DecisionsTab(store)
        self.agenda = AgendaTab(store)
        self.meeting_tabs = [self.attendance, self.checklist, self.decisions, self.agenda]
        for tab in self.meeting_tabs:
            self.tabs.addTab(tab, tab.title)
        self.changes = ChangesPanel(store, defer=defer_changes)
        self.tabs.addTab(self.changes, self.changes.title)
        lay.addWidget(self.tabs, 1)
        # The meeting to show first, once: not an empty form filled again straight after.
        self.set_meeting(meeting_id)

    def set_meeting(self, meeting_id: int | None, *, reload_details: bool = True) -> None:
        """Show a meeting. `reload_details=False` keeps what is being typed in the details
        form when only other rows (attendance, actions, ...) changed."""
        reload_details = reload_details or meeting_id != self.meeting_id
        self.meeting_id = meeting_id
        values: dict[str, Any] = {}
        if meeting_id is not None:
            with self.store.read() as s:
                values = meeting_values(s, meeting_id) or {}
            if not values:
                meeting_id = self.meeting_id = None
        self.details.setEnabled(meeting_id is not None)
        self.save.setEnabled(meeting_id is not None and not self.store.readonly)
        if values and reload_details:
            self.details.set_values(values)
            label = self.details.type.currentText()
            self.caption.setText(f"{label} meeting, {values['date']:%d/%m/%Y}")
        elif not values:
            self.caption.setText("Select a meeting, or create one.")
        for tab in self.meeting_tabs:
            tab.set_meeting(meeting_id)

    def refresh(self) -> None:
        self.set_meeting(self.meeting_id)

    def _save(self) -> None:
        mid = self.meeting_id
        if mid is None:
            return
        values = self.details.values()
        self.store.run(lambda s: update_meeting(s, mid, values))


class MeetingsPage(QWidget):
    """Meetings of the Multi-Agency Response Group."""

    title = "Meetings"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.model = RowTableModel(
            [
                Column("date", "Date", kind="date", width=80),
                Column("type", "Meeting", width=76),
                Column("outstanding", "Open items", width=72),
            ]
        )
        self.list = make_table(self.model)
        self.list.setAccessibleName("Meetings")
        self.list.setObjectName("meetingsList")
        self.list.setSelectionMode(self.list.SelectionMode.SingleSelection)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box = QGroupBox("Meetings")
        left = QVBoxLayout(box)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("New meeting...")
        self.new_button.clicked.connect(self.new_meeting)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left.addLayout(buttons)
        # In the shown window the changes panel (behind the meeting's other tabs) is worked
        # out when first opened: at 2,000 young people it was most of this tab's first show.
        shown = window is not None and window.isVisible()
        # The latest meeting is selected on the first show: its tabs are filled once, for it.
        rows = self._rows()
        latest = rows[-1]["id"] if rows else None
        self.editor = MeetingEditor(store, defer_changes=shown, meeting_id=latest)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(box)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([275, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)
        self.list.selectionModel().selectionChanged.connect(self._on_select)
        store.when_seen(self, self._on_changed)
        readonly = store.readonly
        self.new_button.setEnabled(not readonly)
        self.delete_button.setEnabled(not readonly)
        self._fill(rows)
        if latest is not None:
            self._select_row(len(rows) - 1)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*MEETING_TABLES):
            self.refresh(reload_details=changes.touches("meeting"))

    def _rows(self) -> list[dict[str, Any]]:
        with self.store.read() as s:
            return [
                {
                    "id": m.id,
                    "date": m.date,
                    "type": m.type_label,
                    "outstanding": m.checklist_outstanding,
                }
                for m in meeting_summaries(s, self.store.response_id)
            ]

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        self.list.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.list.selectionModel().blockSignals(False)
        fit_rows(self.list)

    def refresh(self, *, reload_details: bool = True) -> None:
        current = self.editor.meeting_id
        rows = self._rows()
        self._fill(rows)
        ids = [r["id"] for r in rows]
        if current in ids:
            self._select_row(ids.index(current))
        self.editor.set_meeting(current if current in ids else None, reload_details=reload_details)

    def _select_row(self, row: int) -> None:
        sel = self.list.selectionModel()
        sel.blockSignals(True)
        sel.select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        sel.blockSignals(False)

    def select_meeting(self, meeting_id: int) -> None:
        ids = [r["id"] for r in self.model.rows]
        if meeting_id in ids:
            self._select_row(ids.index(meeting_id))
            self.editor.set_meeting(meeting_id)

    def _on_select(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        self.editor.set_meeting(self.model.row_id(rows[0].row()) if rows else None)

    def new_meeting(self) -> None:
        with self.store.read() as s:
            chair = response_chair(s, self.store.response_id)
        dialog = NewMeetingDialog(self.store, self, chair)  # saves itself on OK
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.new_id is not None:
            self.select_meeting(dialog.new_id)

    def create_meeting(self, values: dict[str, Any]) -> int | None:
        rid = self.store.response_id
        new_id: list[int] = []

        def build(s):  # noqa: ANN001, ANN202
            edit = add_meeting(s, rid, values)
            new_id.append(edit.ops[0].id)  # type: ignore[arg-type]
            return edit

        if self.store.run(build) is None:
            return None
        self.select_meeting(new_id[0])
        return new_id[0]

    def _delete(self) -> None:
        mid = self.editor.meeting_id
        if mid is not None:
            self.store.run(lambda s: delete_meeting(s, mid))
