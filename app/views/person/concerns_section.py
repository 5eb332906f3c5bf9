"""The person panel's "Concerns" section: the selected young person's concerns."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.entities import Setting, YoungPerson
from app.models.vocab import ConcernCategory
from app.services.coverage.owner import next_step_owner
from app.services.editing.editor import Changes
from app.services.people.concerns import concerns_of, contagion_text, delete_concerns
from app.views.concerns.form import edit_concern
from app.views.shell.store import Store


class ConcernsSection(QWidget):
    """Date, category, reporting agency and setting of each concern; add, edit, delete."""

    title = "Concerns"

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        self.ids: list[int] = []
        lay = QVBoxLayout(self)
        self.owner = QLabel()
        self.owner.setObjectName("concernsOwner")
        self.owner.setWordWrap(True)
        lay.addWidget(self.owner)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Date", "Category", "Reported by"])
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Add...")
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.itemSelectionChanged.connect(self._buttons)
        store.when_seen(self, self._on_changed)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("concern", "setting", "young_person"):
            self.set_person(self.person_id)

    def set_person(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.table.setRowCount(0)
        self.ids = []
        if person_id is None:
            self.owner.setText("")
            self._buttons()
            return
        with self.store.read() as s:
            person = s.get(YoungPerson, person_id)
            self.owner.setText(f"Next step: {next_step_owner(person)}")
            concerns = list(reversed(concerns_of(s, self.store.response_id, person_id=person_id)))
            for c in concerns:
                setting = s.get(Setting, c.setting_id) if c.setting_id else None
                r = self.table.rowCount()
                self.table.insertRow(r)
                category = ConcernCategory.label_for(c.category) or ""
                cells = [f"{c.date:%d/%m/%Y}", category, c.reporting_agency]
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    extra = contagion_text(c)
                    where = f" at {setting.name}" if setting else ""
                    item.setToolTip(
                        f"{category}{where}; known {c.date_known:%d/%m/%Y}"
                        + (f"; {extra}" if extra else "")
                    )
                    self.table.setItem(r, col, item)
                self.ids.append(c.id)
        if not self.ids:
            self.owner.setText(self.owner.text() + "\nNo concerns recorded.")
        self._buttons()

    def _buttons(self) -> None:
        editable = not self.store.readonly and self.person_id is not None
        chosen = self.selected_id() is not None
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and chosen)
        self.delete_button.setEnabled(editable and chosen)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def add(self) -> None:
        if self.person_id is not None:
            edit_concern(self.store, self, person_id=self.person_id)

    def edit(self) -> None:
        cid = self.selected_id()
        if cid is not None:
            edit_concern(self.store, self, concern_id=cid)

    def delete(self) -> None:
        cid = self.selected_id()
        if cid is not None:
            self.store.run(lambda s: delete_concerns(s, [cid]))
