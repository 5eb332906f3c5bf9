"""What the person panel's record sections (Assessments, Concerns) have in common: a line
saying who owns the next step, the person's records in a read-only table, and Add, Edit
and Delete (each one undoable edit; Edit and Delete once a row is chosen)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.views.shell.store import Store


class RecordSection(QWidget):
    """`note` above `table` (one row per id in `ids`), the three buttons below; subclasses
    fill them in `set_person` and say how to add, edit and delete."""

    title = ""

    def __init__(self, store: Store, headers: list[str], note_name: str) -> None:
        super().__init__()
        self.store = store
        self.person_id: int | None = None
        self.ids: list[int] = []  # the record shown in each row, in order
        lay = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setObjectName(note_name)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
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
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._buttons)
        self._buttons()

    def set_person(self, person_id: int | None) -> None:
        raise NotImplementedError

    def add(self) -> object:
        raise NotImplementedError

    def edit(self, record_id: int) -> object:
        raise NotImplementedError

    def delete(self, record_id: int) -> None:
        raise NotImplementedError

    def clear(self, person_id: int | None) -> None:
        """Start `set_person`: no rows, and the buttons for `person_id`."""
        self.person_id = person_id
        self.table.setRowCount(0)
        self.ids = []
        self._buttons()

    def _buttons(self) -> None:
        editable = not self.store.readonly and self.person_id is not None
        chosen = self.selected_id() is not None
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and chosen)
        self.delete_button.setEnabled(editable and chosen)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows and rows[0].row() < len(self.ids) else None

    def edit_selected(self) -> object:
        record_id = self.selected_id()
        return None if record_id is None else self.edit(record_id)

    def delete_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            self.delete(record_id)
