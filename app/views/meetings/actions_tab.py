"""The meeting editor's actions tab: the agenda of open actions carried from earlier
meetings, and the actions raised at this meeting, overdue in words and colour."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services.meetings.actions import (
    ActionRow,
    action_rows,
    agenda_actions,
    close_actions,
)
from app.services.queries.meetings import meeting_values
from app.views.common.row_table import (
    OVERDUE_BG,
    OVERDUE_FG,
    Column,
    RowTableModel,
    fit_rows,
    make_table,
)
from app.views.meetings.action_dialog import ActionDialog
from app.views.meetings.tabs import MeetingTab
from app.views.shell.store import Store


def _columns(first: str) -> list[Column]:
    return [
        Column("description", first),
        Column("reference", "Young person", width=90),
        Column("owner_agency", "Owner agency", width=140),
        Column("owner", "Owner", width=130),
        Column("due", "Due", kind="date", width=88),
        Column("when", "Overdue?", width=120),
    ]


def _row(r: ActionRow) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": r.id,
        "description": r.description,
        "reference": r.reference,
        "owner_agency": r.owner_agency,
        "owner": r.owner,
        "due": r.due,
        "when": r.due_in_words,
    }
    if r.overdue:
        row.update(_fg=OVERDUE_FG, _bg=OVERDUE_BG, _bold=("when",))
    return row


class AgendaTab(MeetingTab):
    """Open actions from earlier meetings (the agenda), and what this meeting raised."""

    title = "Agenda: open actions"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.model = RowTableModel(_columns("Open action"))
        self.view = make_table(self.model, stretch="description")
        self.view.setObjectName("agendaTable")
        self.raised = RowTableModel(_columns("Action"))
        self.raised_view = make_table(self.raised, stretch="description")
        self.raised_view.setObjectName("raisedTable")
        lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("agendaHeading")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.heading)
        lay.addWidget(self.view, 3)
        raised_label = QLabel("Actions raised at this meeting")
        raised_label.setStyleSheet("font-weight: bold;")
        lay.addWidget(raised_label)
        lay.addWidget(self.raised_view, 2)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add action raised at this meeting...")
        self.add_button.clicked.connect(self._add)
        self.done_button = QPushButton("Mark selected done")
        self.done_button.clicked.connect(self._done)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.done_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        for b in (self.add_button, self.done_button):
            b.setEnabled(not store.readonly)

    def refresh(self) -> None:
        agenda: list[dict[str, Any]] = []
        raised: list[dict[str, Any]] = []
        if self.meeting_id is not None:
            with self.store.read() as s:
                if meeting_values(s, self.meeting_id) is not None:
                    today = date.today()
                    agenda = [_row(r) for r in agenda_actions(s, self.meeting_id, today)]
                    raised = [
                        _row(r)
                        for r in action_rows(s, self.store.response_id, today)
                        if r.meeting_id == self.meeting_id
                    ]
        self.model.set_rows(agenda)
        self.raised.set_rows(raised)
        fit_rows(self.view)
        fit_rows(self.raised_view)
        n = len(agenda)
        overdue = sum(1 for r in agenda if "_bg" in r)
        self.heading.setText(
            f"{n} open action{'s' if n != 1 else ''} from earlier meetings to review"
            + (f", {overdue} overdue." if overdue else ".")
            if n
            else "No open actions from earlier meetings."
        )

    def _selected(self) -> list[int]:
        ids: set[int] = set()
        for view, model in ((self.view, self.model), (self.raised_view, self.raised)):
            ids |= {model.row_id(i.row()) for i in view.selectionModel().selectedRows()}
        return sorted(ids)

    def _add(self) -> None:
        if self.meeting_id is None:
            return
        # The dialog saves itself and stays open if saving fails.
        ActionDialog(self.store, self, meeting_id=self.meeting_id).exec()

    def _done(self) -> None:
        ids = self._selected()
        if ids:
            self.store.run(lambda s: close_actions(s, ids, "done"))
