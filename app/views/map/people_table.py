"""The People table docked beside the map: sortable, filterable, selection shared with the map.

The model is a thin adapter over MapData rows; edits ask the Store (one undoable step),
and rows refresh when the Store says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.models.vocab import Inclusion
from app.services.coverage.figures import STATE_LABELS
from app.services.people.references import reference_key
from app.services.people.young_people import update_person
from app.services.queries.map_data import MapData, PersonInfo
from app.views.common.presentation import hides
from app.views.common.risk import RiskPalette
from app.views.common.table_base import fit_columns, replace_rows
from app.views.map.row_patch import MOST_PATCHED, SortedRowsModel, sorted_rows
from app.views.map.spoken import person_text
from app.views.shell.store import Store

Index = QModelIndex | QPersistentModelIndex


class PeopleModel(SortedRowsModel):
    COLUMNS: list[tuple[str, str]] = [
        ("reference", "Reference"),
        ("name", "Name"),
        ("setting", "Setting"),
        ("risk", "Assessed risk"),
        ("coverage", "Coverage"),
        ("next_step", "Next step owner"),
        ("inclusion", "Inclusion"),
    ]
    EDITABLE = frozenset({"reference"})

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self.rows: list[PersonInfo] = []
        self.palette: RiskPalette | None = None
        self.risk_column = next(i for i, (k, _) in enumerate(self.COLUMNS) if k == "risk")

    def cells(self, p: PersonInfo) -> tuple[str, ...]:
        return tuple(self.value(p, key) for key, _ in self.COLUMNS)

    def tie(self, p: PersonInfo) -> tuple:
        return (reference_key(p.reference), p.id)

    def set_data(self, data: MapData) -> None:
        rows = sorted(data.people.values(), key=self.tie)
        rows, display = sorted_rows(
            rows, [self.cells(p) for p in rows], self.sort_column, self.sort_order
        )
        if self.palette is None or self.palette.levels != list(data.risk_levels):
            self.beginResetModel()
            self.palette = RiskPalette(data.risk_levels)
            self.rows, self.display = rows, display
            self.endResetModel()
            return
        # After an edit only the changed rows repaint (a reset re-fitted every column of
        # 2,000 rows: most of the time an edit took).
        replace_rows(self, rows, display)

    def patch(self, data: MapData, changed: set[int]) -> None:
        """After an edit: only the rows of the people in `changed` are re-worded, moved,
        added or removed (the whole table was sorted and compared before)."""
        if not changed:
            return
        if (
            self.palette is None
            or self.palette.levels != list(data.risk_levels)
            or len(changed) > MOST_PATCHED
        ):
            self.set_data(data)
            return
        self.patch_ids(changed, data.people.get)

    def value(self, p: PersonInfo, key: str) -> str:
        if key == "coverage":
            return STATE_LABELS.get(p.coverage or "", "Not in scope").split(" (")[0]
        if key == "inclusion":
            return Inclusion.label_for(p.inclusion) or ""
        return str(getattr(p, key) or "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (
                None
                if hides(self.COLUMNS[index.column()][0])
                else self.display[index.row()][index.column()]
            )
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()].id
        if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
            # The row in words for a screen reader: reference, risk and coverage.
            return person_text(self.rows[index.row()])
        if index.column() == self.risk_column and self.palette is not None:
            # The map's colour, shape and letter beside the word (one helper for all).
            return self.palette.cell(self.rows[index.row()].risk, role)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        edit = self.edited(index, value, role)
        if edit is None:
            return False
        key, pid, text = edit
        # Ask the Store; the row changes when the Store says the edit was applied.
        return self.store.run(lambda s: update_person(s, pid, {key: text})) is not None


def make_filter_proxy(model: QAbstractTableModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


class SyncedTable(QWidget):
    """A filter box over a sortable table whose selection follows the Store's."""

    def __init__(
        self,
        store: Store,
        model: QAbstractTableModel,
        people_of_rows: Callable[[list[int]], set[int]],
        rows_of_people: Callable[[frozenset[int]], list[int]],
        placeholder: str,
    ) -> None:
        super().__init__()
        self.store = store
        self.model = model
        self.people_of_rows = people_of_rows
        self.rows_of_people = rows_of_people
        self._syncing = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        lay.addWidget(self.filter)
        self.proxy = make_filter_proxy(model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        lay.addWidget(self.table)
        # Columns fit their longest cell and header whenever the rows are replaced.
        model.modelReset.connect(self.fit_columns)
        self.fit_columns()
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().selectionChanged.connect(self._table_selection)
        store.selection_changed.connect(self.show_selection)

    def fit_columns(self) -> None:
        # The model outlives this widget when the file is closed: nothing to fit then.
        if isValid(self.table):
            fit_columns(self.table)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)
        self.show_selection(self.store.selected_people)

    def _table_selection(self, *_: object) -> None:
        if self._syncing:
            return
        rows = [self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()]
        self._syncing = True
        try:
            self.store.select_people(self.people_of_rows(rows))
        finally:
            self._syncing = False

    def show_selection(self, ids: frozenset[int]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            sel = QItemSelection()
            for row in self.rows_of_people(ids):
                src = self.model.index(row, 0)
                proxy_index = self.proxy.mapFromSource(src)
                if proxy_index.isValid():
                    sel.select(
                        proxy_index, proxy_index.siblingAtColumn(self.proxy.columnCount() - 1)
                    )
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.selectionModel().select(sel, flags)
            if not sel.isEmpty():
                self.table.scrollTo(sel.indexes()[0])
        finally:
            self._syncing = False


def people_table(store: Store, model: PeopleModel) -> SyncedTable:
    synced = SyncedTable(
        store,
        model,
        lambda rows: {model.rows[r].id for r in rows},
        lambda ids: [i for i, p in enumerate(model.rows) if p.id in ids],
        "Filter young people (reference, name, setting, next step...)",
    )
    synced.table.setAccessibleName("Young people on the map")
    return synced
