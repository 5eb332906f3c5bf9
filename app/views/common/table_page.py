"""The one list page: a filterable, sortable table of rows edited in place or in a form.

A page is a declaration (its columns by key, its filter drop-downs, which tables it
follows, how it reads its rows, updates and deletes them and opens its form) on
`TablePage`. Columns are always found by key, never by position, so adding a column
never breaks editing. Every page filters by the same rule (`matches`): the typed text,
ignoring case and accents, inside the shown text of any column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.editing.editor import Changes, Edit
from app.services.editing.validation import parse_typed_date
from app.services.people.references import reference_sort_text
from app.services.queries.rows import Row
from app.views.common.presentation import hides
from app.views.common.risk import RiskPalette
from app.views.common.row_table import Column, RowTableModel, format_value, make_table
from app.views.common.table_base import fit_columns
from app.views.common.widgets import from_qdate
from app.views.shell.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def fold(text: str) -> str:
    """Text as the filter compares it: no accents, no case ("Zoë" and "zoe" are equal)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(typed: str, shown: Sequence[str]) -> bool:
    """The one text filter rule: the typed text, trimmed, ignoring case and accents,
    inside the shown text of at least one column."""
    wanted = fold(typed.strip())
    return not wanted or any(wanted in fold(text) for text in shown)


def parse_day(text: str) -> date | None:
    """A typed date (the one parser of typed dates); empty means no date. Raises
    ValidationError, a ValueError, with the one wording otherwise."""
    return parse_typed_date(text)


def _natural(text: str) -> str:
    # The one natural order (YP-2 before YP-10), as text for the sort role.
    return reference_sort_text(fold(text))


@dataclass(frozen=True)
class Filter:
    """A drop-down that keeps the rows whose `key` holds the chosen value."""

    key: str
    everything: str  # the first item, which keeps every row ("All categories")
    choices: tuple[tuple[Any, str], ...]  # (value, label)


class PageModel(RowTableModel):
    """RowTableModel for a page: typed values are turned into stored ones (a label into
    its code, dd/mm/yyyy into a date) and a bad one is one sentence through `report`."""

    def __init__(self, page: TablePage, commit: Any) -> None:
        super().__init__(page.COLUMNS, commit)
        self.page = page
        # id(row) -> (row, column key -> sort text); the row is kept to tell a reused id.
        self._sort_keys: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._sort_keys.clear()
        if rows and [r["id"] for r in rows] == [r["id"] for r in self.rows]:
            # Same rows: update in place, so an open editor and the selection survive.
            self.rows = rows
            last = self.index(len(rows) - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        else:
            super().set_rows(rows)

    def choices_for(self, column: Column) -> tuple[tuple[Any, str], ...]:
        choices = self.page.choices(column)
        if column.optional:  # an optional choice can be emptied
            return ((None, ""), *choices)
        return choices

    def display(self, row: dict[str, Any], column: Column) -> str:
        shown = row.get("_text", {}).get(column.key)
        return shown if shown is not None else format_value(column, row.get(column.key))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        if hides(col.key):  # presentation mode: a name or notes column is left empty
            return None
        if role == SORT_ROLE:  # first: asked for at every comparison of a sort
            return self._sort_key(row, col)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("_tips", {}).get(col.key) or self.display(row, col) or None
        if col.key in self.page.RISK_KEYS and self.page.risk_palette is not None:
            # The map's colour and shape for a recorded risk, the word kept as the text.
            cell = self.page.risk_palette.cell(row.get(col.key), role)
            if cell is not None:
                return cell
        if role == Qt.ItemDataRole.EditRole and col.kind == "date" and col.typed:
            return format_value(col, row.get(col.key))
        return super().data(index, role)

    def _sort_key(self, row: dict[str, Any], col: Column) -> str:
        # Asked for at every comparison of a sort (14,000 times for 1,200 assessments on
        # the tab's first visit): worked out once per row object and column.
        entry = self._sort_keys.get(id(row))
        if entry is None or entry[0] is not row:
            entry = self._sort_keys[id(row)] = (row, {})
        keys = entry[1]
        key = keys.get(col.key)
        if key is None:
            value = row.get(col.key)
            if col.kind == "date":
                key = value.isoformat() if isinstance(value, date) else ""
            else:
                key = _natural(self.display(row, col))
            keys[col.key] = key
        return key

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        col = self.columns[index.column()]
        try:
            value = self.stored(col, value)
        except ValueError as exc:
            self.page.store.error.emit(str(exc))
            return False
        return super().setData(index, value, role)

    def stored(self, column: Column, value: Any) -> Any:
        """The stored value for what was typed or picked in a cell."""
        if isinstance(value, QDate):
            return from_qdate(value)
        if column.kind == "date" and isinstance(value, str):
            return parse_day(value)
        if column.kind == "choice" and isinstance(value, str):
            wanted = " ".join(value.split()).casefold()
            if not wanted:
                return None
            choices = [(c, label) for c, label in self.choices_for(column) if c is not None]
            for code, label in choices:
                if wanted in (str(code).casefold(), label.casefold()):
                    return code
            labels = ", ".join(label for _c, label in choices)
            raise ValueError(f"'{value.strip()}' is not one of: {labels}")
        return value


class RowFilter(QSortFilterProxyModel):
    """Keeps the rows that match the typed text (`matches`) and every chosen drop-down."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.chosen: dict[str, Any] = {}
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, chosen: dict[str, Any]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.text, self.chosen = text, chosen
            self.endFilterChange()
        else:
            self.text, self.chosen = text, chosen
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, PageModel) or source_row >= len(model.rows):
            return True
        row = model.rows[source_row]
        if any(v is not None and row.get(k) != v for k, v in self.chosen.items()):
            return False
        if not self.text.strip():  # nothing typed: every row, without writing its cells
            return True  # (1,200 rows x 11 columns on the Assessments tab's first show)
        return matches(self.text, [model.display(row, c) for c in model.columns])


class TablePage(QWidget):
    """Every row of one kind: filter, sort, edit in place, add, edit, delete.

    Subclasses declare the class attributes and write `read_rows`, `update`, `delete`
    and `open_form` (and `choices` when a choice column's list comes from the data).
    Rows carry a "person_id": selecting rows selects their young people everywhere.
    """

    title = ""
    NOUN = "rows"  # "12 concerns"
    COLUMNS: tuple[Column, ...] = ()
    FILTERS: tuple[Filter, ...] = ()
    TOUCHES: tuple[str, ...] = ()  # tables whose change refreshes the rows
    SORT: tuple[str, Qt.SortOrder] = ("", Qt.SortOrder.AscendingOrder)
    PLACEHOLDER = "Filter"
    ADD_TEXT = "Add..."
    NOTE = ""  # a line of help under the buttons
    MAX_WIDTH = 320  # longer cells (notes, reasons) are elided; the tooltip has all
    RISK_KEYS: tuple[str, ...] = ()  # columns holding a recorded risk word
    risk_palette: RiskPalette | None = None  # set by read_rows on pages with RISK_KEYS

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.form: QDialog | None = None
        editable = not store.readonly
        self.model = PageModel(self, self._commit if editable else None)
        self.proxy = RowFilter()
        self.proxy.setSourceModel(self.model)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        for f in self.FILTERS:
            box = QComboBox()
            box.addItem(f.everything, None)
            for value, label in f.choices:
                box.addItem(label, value)
            box.currentIndexChanged.connect(self._filter)
            self.filters[f.key] = box
            bar.addWidget(box)
        self.count = QLabel()
        bar.addWidget(self.count, 1)
        self.add_button = QPushButton(self.ADD_TEXT)
        self.edit_button = QPushButton("Edit...")
        self.delete_button = QPushButton("Delete")
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        lay.addLayout(bar)
        if self.NOTE:
            note = QLabel(self.NOTE)
            note.setWordWrap(True)
            note.setStyleSheet("color: #444444;")
            lay.addWidget(note)
        self.view = make_table(self.model)
        self.view.setModel(self.proxy)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        key, order = self.SORT
        self.view.sortByColumn(self.column(key) if key else 0, order)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        lay.addWidget(self.view, 1)

        self.search.textChanged.connect(self._filter)
        self.add_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        store.when_seen(self, self._on_changed)
        self.refresh()

    # ----- what a page declares ---------------------------------------------------------
    def read_rows(self, session: Session) -> list[Row]:
        raise NotImplementedError

    def update(self, session: Session, row_id: int, values: dict[str, Any]) -> Edit:
        raise NotImplementedError

    def delete(self, session: Session, ids: list[int]) -> Edit:
        raise NotImplementedError

    def open_form(self, row_id: int | None) -> QDialog:
        """Open the add (None) or edit form, not blocking; it saves through the Store."""
        raise NotImplementedError

    def choices(self, column: Column) -> tuple[tuple[Any, str], ...]:
        return column.choices

    # ----- the page --------------------------------------------------------------------
    def column(self, key: str) -> int:
        """The position of the column shown for `key` (columns are found by key)."""
        return next(i for i, c in enumerate(self.COLUMNS) if c.key == key)

    def _commit(self, row_id: int, key: str, value: Any) -> bool:
        return self.store.run(lambda s: self.update(s, row_id, {key: value})) is not None

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.TOUCHES) or not changes.ids:
            self.refresh()

    def refresh(self) -> None:
        with self.store.read() as s:
            rows = self.read_rows(s)
        first = not self.model.rows
        self.model.set_rows(rows)
        if first or self.view.horizontalHeader().sectionSize(0) < 40:
            # Measured on the first 50 rows (and those in view): 11 columns of 100 rows
            # were a third of the Assessments tab's first show at 2,000 young people;
            # a longer cell further down is elided, with its tooltip.
            fit_columns(self.view, most=self.MAX_WIDTH, rows=50, stretch_last=True)
        self._update()

    def _filter(self) -> None:
        chosen = {k: box.currentData() for k, box in self.filters.items()}
        self.proxy.set_filter(self.search.text(), chosen)
        self._update()

    def _update(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            f"{total} {self.NOUN}" if shown == total else f"{shown} of {total} {self.NOUN} shown"
        )
        editable = not self.store.readonly
        chosen = bool(self.selected_ids())
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and chosen)
        self.delete_button.setEnabled(editable and chosen)

    def selected_rows(self) -> list[Row]:
        selected = self.view.selectionModel().selectedRows()
        rows = {self.proxy.mapToSource(i).row() for i in selected}
        return [self.model.rows[r] for r in sorted(rows) if r < len(self.model.rows)]

    def selected_ids(self) -> list[int]:
        return [int(r["id"]) for r in self.selected_rows()]

    def _selection_changed(self) -> None:
        people = {r["person_id"] for r in self.selected_rows()}
        if people:
            self.store.select_people(people)
        self._update()

    def _double_clicked(self, index: QModelIndex) -> None:
        # Editable cells edit in place; the others open the whole form for that row.
        if self.store.readonly or self.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return
        self.open_form(self.model.row_id(self.proxy.mapToSource(index).row()))

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.open_form(ids[0])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.store.run(lambda s: self.delete(s, ids))
