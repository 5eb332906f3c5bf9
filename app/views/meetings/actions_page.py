"""The Actions tab: who owes what, filterable by owner agency, owner and status; overdue is
derived from the due date and shown in words and colour (never colour alone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.vocab import ActionStatus
from app.services.editing.editor import Changes
from app.services.meetings.actions import (
    OVERDUE,
    action_rows,
    add_action,
    close_actions,
    delete_actions,
    filter_choices,
    update_action,
)
from app.services.queries.pickers import reference_choices
from app.views.common.row_table import (
    OVERDUE_BG,
    OVERDUE_FG,
    Column,
    RowTableModel,
    fit_rows,
    make_table,
)
from app.views.meetings.action_dialog import ActionDialog
from app.views.shell.store import Store

STATUS_CHOICES = tuple((s.value, s.label) for s in ActionStatus)
ALL = "All"
DONE_FG = "#555555"


class ActionsPage(QWidget):
    """Every action of the response, soonest due first."""

    title = "Actions"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.model = RowTableModel(
            [
                Column("id", "ID", width=36),
                Column("description", "Action", editable=True, optional=False),
                Column("person_id", "Young person", editable=True, kind="choice", width=82),
                Column("owner_agency", "Owner agency", editable=True, optional=False, width=130),
                Column("owner", "Owner", editable=True, width=120),
                Column("due", "Due", editable=True, kind="date", optional=False, width=92),
                Column(
                    "status",
                    "Status",
                    editable=True,
                    kind="choice",
                    choices=STATUS_CHOICES,
                    width=78,
                ),
                Column("when", "Overdue?", width=115),
                Column("meeting", "Raised at", width=125),
            ],
            commit=self._commit,
        )
        self.view = make_table(self.model, stretch="description")
        self.view.setObjectName("actionsTable")

        filters = QHBoxLayout()
        self.agency = QComboBox()
        self.owner = QComboBox()
        self.status = QComboBox()
        self.status.addItem(ALL, None)
        for code, label in STATUS_CHOICES:
            self.status.addItem(label, code)
        self.status.addItem("Overdue", OVERDUE)
        for label, combo in (
            ("Owner agency", self.agency),
            ("Owner", self.owner),
            ("Status", self.status),
        ):
            filters.addWidget(QLabel(label))
            combo.setMinimumWidth(150)
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(self.refresh)
        filters.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("actionsSummary")
        filters.addWidget(self.summary)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add action...")
        self.add_button.clicked.connect(self.add)
        self.done_button = QPushButton("Mark done")
        self.done_button.clicked.connect(lambda: self._close("done"))
        self.cancel_button = QPushButton("Cancel action")
        self.cancel_button.clicked.connect(lambda: self._close("cancelled"))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self._delete)
        for b in (self.add_button, self.done_button, self.cancel_button, self.delete_button):
            buttons.addWidget(b)
            b.setEnabled(not store.readonly)
        buttons.addStretch(1)
        hint = QLabel("Double-click a cell to change it; each change can be undone.")
        buttons.addWidget(hint)

        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        store.when_seen(self, self._on_changed)
        self._fill_filters()
        self.refresh()

    # ----- filters ---------------------------------------------------------------------
    def _fill_filters(self) -> None:
        with self.store.read() as s:
            agencies, owners = filter_choices(s, self.store.response_id)
        for combo, values in ((self.agency, agencies), (self.owner, owners)):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for v in values:
                combo.addItem(v, v)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)

    def set_filters(
        self, agency: str | None = None, owner: str | None = None, status: str | None = None
    ) -> None:
        for combo, value in ((self.agency, agency), (self.owner, owner), (self.status, status)):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value else 0)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("action", "young_person", "meeting"):
            self._fill_filters()
            self.refresh()

    def refresh(self) -> None:
        today = date.today()
        with self.store.read() as s:
            found = action_rows(
                s,
                self.store.response_id,
                today,
                agency=self.agency.currentData(),
                owner=self.owner.currentData(),
                status=self.status.currentData(),
            )
            people = reference_choices(s, self.store.response_id)
        # The young person column offers the response's references (or none).
        i = [c.key for c in self.model.columns].index("person_id")
        choices = ((None, "(none)"), *((pid, ref) for pid, ref in people))
        self.model.columns[i] = replace(self.model.columns[i], choices=choices)
        rows: list[dict[str, Any]] = []
        for r in found:
            row: dict[str, Any] = {
                "id": r.id,
                "description": r.description,
                "person_id": r.person_id,
                "owner_agency": r.owner_agency,
                "owner": r.owner,
                "due": r.due,
                "status": r.status,
                "when": r.due_in_words,
                "meeting": r.meeting.replace(" meeting", "") or "Between meetings",
            }
            if r.overdue:
                row.update(_fg=OVERDUE_FG, _bg=OVERDUE_BG, _bold=("when",))
                row["_tips"] = {"when": f"Due {r.due:%d/%m/%Y}, {r.days_overdue} days ago"}
            elif r.status != "open":
                row["_fg"] = DONE_FG
            rows.append(row)
        self.model.set_rows(rows)
        fit_rows(self.view)
        overdue = sum(1 for r in found if r.overdue)
        open_ = sum(1 for r in found if r.status == "open")
        self.summary.setText(f"Showing {len(found)}: {open_} open, {overdue} overdue")

    # ----- edits -----------------------------------------------------------------------
    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        field = {"due": "due_date"}.get(key, key)
        return self.store.run(lambda s: update_action(s, row_id, {field: value})) is not None

    def _selected(self) -> list[int]:
        return sorted(
            {self.model.row_id(i.row()) for i in self.view.selectionModel().selectedRows()}
        )

    def add(self) -> None:
        ActionDialog(self.store, self).exec()  # saves itself; stays open if saving fails

    def create(self, values: dict[str, Any]) -> bool:
        rid = self.store.response_id
        return self.store.run(lambda s: add_action(s, rid, values)) is not None

    def _close(self, status: str) -> None:
        ids = self._selected()
        if ids:  # several selected: one step to undo
            self.store.run(lambda s: close_actions(s, ids, status))

    def _delete(self) -> None:
        ids = self._selected()
        if ids:
            self.store.run(lambda s: delete_actions(s, ids))
