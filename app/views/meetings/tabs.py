"""The tabs of the meeting editor: attendance, checklist and decisions (the agenda of open
actions is in meeting_actions_tab.py). Each shows one meeting (`set_meeting`) and edits
through the Store."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import AttendanceStatus, ChecklistState
from app.services.meetings.meetings import (
    add_attendance,
    add_decision,
    add_suggested_roles,
    agree_review_date,
    attendance_rows,
    decisions,
    delete_attendance,
    delete_decisions,
    meeting_checklist,
    set_checklist_item,
    suggested_roles,
    update_attendance,
    update_decision,
)
from app.services.queries.meetings import meeting_values
from app.views.common.row_table import Column, RowTableModel, fit_rows, make_table
from app.views.common.widgets import DateField
from app.views.shell.store import Store

ATTENDANCE_CHOICES = tuple((s.value, s.label) for s in AttendanceStatus)
CHECKLIST_CHOICES = tuple((s.value, s.label) for s in ChecklistState)
NOT_CALLED_FG = "#666666"


def _selected_ids(view, model: RowTableModel) -> list[int]:  # noqa: ANN001
    return sorted({model.row_id(i.row()) for i in view.selectionModel().selectedRows()})


class MeetingTab(QWidget):
    """Base: holds the store and the meeting shown."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.meeting_id: int | None = None

    def set_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.setEnabled(meeting_id is not None)
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AttendanceTab(MeetingTab):
    """Roles with attended / apologies / deputy sent, name and agency; suggested roles."""

    title = "Attendance"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.model = RowTableModel(
            [
                Column(
                    "role", "Role (procedure wording)", editable=True, optional=False, width=250
                ),
                Column("agency", "Agency", editable=True, width=115),
                Column("name", "Name", editable=True, width=115),
                Column(
                    "status",
                    "Attendance",
                    editable=True,
                    kind="choice",
                    choices=ATTENDANCE_CHOICES,
                    width=100,
                ),
                Column("note", "Procedure"),
            ],
            commit=self._commit,
        )
        self.view = make_table(self.model, stretch="note")
        self.view.setObjectName("attendanceTable")
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        self.suggestions = QLabel()
        self.suggestions.setObjectName("suggestedRoles")
        self.suggestions.setWordWrap(True)
        lay.addWidget(self.suggestions)
        row = QHBoxLayout()
        self.add_suggested = QPushButton("Add suggested roles")
        self.add_suggested.clicked.connect(self._add_suggested)
        self.new_role = QLineEdit()
        self.new_role.setPlaceholderText("Another role, e.g. digital safety team")
        add = QPushButton("Add role")
        add.setObjectName("addRoleButton")
        add.clicked.connect(self._add_role)
        self.new_role.returnPressed.connect(self._add_role)
        remove = QPushButton("Remove selected")
        remove.clicked.connect(self._remove)
        row.addWidget(self.add_suggested)
        row.addWidget(self.new_role, 1)
        row.addWidget(add)
        row.addWidget(remove)
        lay.addLayout(row)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        return self.store.run(lambda s: update_attendance(s, row_id, {key: value})) is not None

    def refresh(self) -> None:
        rows: list[dict[str, Any]] = []
        missing = []
        if self.meeting_id is not None:
            with self.store.read() as s:
                if meeting_values(s, self.meeting_id) is None:
                    self.model.set_rows([])
                    return
                for r in attendance_rows(s, self.meeting_id):
                    row = {
                        "id": r.id,
                        "role": r.role,
                        "agency": r.agency,
                        "name": r.name,
                        "status": r.status,
                        "note": self._procedure_note(r.required, r.note),
                    }
                    if r.note.startswith("The data no longer"):
                        row["_fg"] = NOT_CALLED_FG
                    rows.append(row)
                missing = suggested_roles(s, self.meeting_id)
        self.model.set_rows(rows)
        fit_rows(self.view)
        if missing:
            lines = [f"• {n.text}" + (f" — {n.reason}" if n.reason else "") for n in missing]
            self.suggestions.setText(
                "Consider inviting (the procedure lists these for this meeting):\n"
                + "\n".join(lines)
            )
        else:
            self.suggestions.setText(
                "Every role the procedure lists for this meeting is on the list."
            )
        self.add_suggested.setEnabled(bool(missing))

    @staticmethod
    def _procedure_note(required: bool, note: str) -> str:
        """Whether the procedure requires the role, and why a conditional one is listed."""
        if note.startswith("The data no longer"):
            return note
        if note:
            return f"Called for — {note}"
        return "Required" if required else "If relevant / additional"

    def _add_suggested(self) -> None:
        mid = self.meeting_id
        if mid is not None:
            self.store.run(lambda s: add_suggested_roles(s, mid))

    def _add_role(self) -> None:
        mid, role = self.meeting_id, self.new_role.text().strip()
        if mid is None:
            return
        if self.store.run(lambda s: add_attendance(s, mid, {"role": role})) is not None:
            self.new_role.clear()

    def _remove(self) -> None:
        ids = _selected_ids(self.view, self.model)
        if ids:
            self.store.run(lambda s: delete_attendance(s, ids))


class ChecklistTab(MeetingTab):
    """What the procedure says the meeting must do: done / not applicable / outstanding."""

    title = "Checklist"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.keys: list[str] = []
        self.model = RowTableModel(
            [
                Column("text", "What the procedure asks of this meeting"),
                Column(
                    "state",
                    "State",
                    editable=True,
                    kind="choice",
                    choices=CHECKLIST_CHOICES,
                    width=120,
                ),
                Column("note", "Note", editable=True, width=260),
            ],
            commit=self._commit,
        )
        self.view = make_table(self.model, stretch="text")
        self.view.setObjectName("checklistTable")
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        self.review_row = QWidget()
        r = QHBoxLayout(self.review_row)
        r.setContentsMargins(0, 0, 0, 0)
        r.addWidget(QLabel("Agree the review date:"))
        self.review = DateField(date.today())
        r.addWidget(self.review)
        self.agree = QPushButton("Agree review date")
        self.agree.setToolTip(
            "Sets the response's review date; coverage follows. Undo puts it back."
        )
        self.agree.clicked.connect(self._agree)
        r.addWidget(self.agree)
        r.addStretch(1)
        lay.addWidget(self.review_row)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        mid = self.meeting_id
        item_key = self.keys[row_id]
        if mid is None:
            return False
        kwargs = {"state": value} if key == "state" else {"note": value or ""}
        return self.store.run(lambda s: set_checklist_item(s, mid, item_key, **kwargs)) is not None

    def refresh(self) -> None:
        rows: list[dict[str, Any]] = []
        self.keys = []
        scoping = False
        if self.meeting_id is not None:
            with self.store.read() as s:
                m = meeting_values(s, self.meeting_id)
                if m is not None:
                    scoping = m["type"] == "scoping"
                    if m["review_date_set"]:
                        self.review.set_value(m["review_date_set"])
                    for n, item in enumerate(meeting_checklist(s, self.meeting_id)):
                        self.keys.append(item.key)
                        row: dict[str, Any] = {
                            "id": n,
                            "text": item.text,
                            "state": item.state,
                            "note": item.note,
                        }
                        if item.state == "outstanding":
                            row["_bold"] = ("state",)
                        rows.append(row)
        self.model.set_rows(rows)
        fit_rows(self.view)
        self.review_row.setVisible(scoping)

    def _agree(self) -> None:
        mid, day = self.meeting_id, self.review.value()
        if mid is not None and day is not None:
            self.store.run(lambda s: agree_review_date(s, mid, day))


class DecisionsTab(MeetingTab):
    """Decisions recorded at the meeting, with rationale and who decided."""

    title = "Decisions"

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.model = RowTableModel(
            [
                Column("text", "Decision", editable=True, optional=False),
                Column("rationale", "Rationale", editable=True, width=240),
                Column("decided_by", "Decided by", editable=True, width=150),
                Column("references", "References", editable=True, width=110),
            ],
            commit=self._commit,
        )
        self.view = make_table(self.model, stretch="text")
        self.view.setObjectName("decisionsTable")
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        form = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("Decision")
        self.rationale = QLineEdit()
        self.rationale.setPlaceholderText("Rationale")
        self.decided_by = QLineEdit()
        self.decided_by.setPlaceholderText("Decided by")
        self.references = QLineEdit()
        self.references.setPlaceholderText("References, e.g. YP-03")
        add = QPushButton("Record decision")
        add.clicked.connect(self._add)
        remove = QPushButton("Delete selected")
        remove.clicked.connect(self._remove)
        form.addWidget(self.text, 1)
        form.addWidget(add)
        form.addWidget(remove)
        details = QHBoxLayout()
        details.addWidget(self.rationale, 3)
        details.addWidget(self.decided_by, 2)
        details.addWidget(self.references, 2)
        lay.addLayout(form)
        lay.addLayout(details)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        return self.store.run(lambda s: update_decision(s, row_id, {key: value})) is not None

    def refresh(self) -> None:
        rows: list[dict[str, Any]] = []
        if self.meeting_id is not None:
            with self.store.read() as s:
                if meeting_values(s, self.meeting_id) is not None:
                    rows = [
                        {
                            "id": d.id,
                            "text": d.text,
                            "rationale": d.rationale,
                            "decided_by": d.decided_by,
                            "references": d.references,
                        }
                        for d in decisions(s, self.meeting_id)
                    ]
        self.model.set_rows(rows)
        fit_rows(self.view)

    def _add(self) -> None:
        mid = self.meeting_id
        if mid is None:
            return
        values = {
            "text": self.text.text().strip(),
            "rationale": self.rationale.text().strip() or None,
            "decided_by": self.decided_by.text().strip() or None,
            "references": self.references.text().strip() or None,
        }
        if self.store.run(lambda s: add_decision(s, mid, values)) is not None:
            for w in (self.text, self.rationale, self.references):
                w.clear()

    def _remove(self) -> None:
        ids = _selected_ids(self.view, self.model)
        if ids:
            self.store.run(lambda s: delete_decisions(s, ids))
