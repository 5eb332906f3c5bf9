"""A small table model over rows of plain values, with in-place editing through the Store.

The model never changes its own rows: `setData` hands the new value to a `commit`
callback (which runs a service edit via Store.run) and the rows are replaced when the
Store says something changed. Choice columns edit with a drop-down, date columns with a
calendar; colours and tooltips come with the rows so views decide them from the data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.views.common.presentation import hides
from app.views.common.table_base import (
    FITTING,
    ROW_HEIGHTS_FIT,
    fit_row_heights,
    replace_rows,
)
from app.views.common.widgets import from_qdate, to_qdate

Index = QModelIndex | QPersistentModelIndex
# Above this many rows a table keeps one row height (text elided, whole in its tooltip):
# fitting wrapped rows measures every cell, about 1.4 s at 2,000 rows on each edit.
# Overdue and missing rows: dark vermillion on pale vermillion (Okabe-Ito family), always
# with words too, never colour alone.
OVERDUE_FG, OVERDUE_BG = "#7a1f00", "#fde0d6"
Commit = Callable[[int, str, Any], bool]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    editable: bool = False
    kind: str = "text"  # text | date | choice | bool
    choices: tuple[tuple[Any, str], ...] = ()  # (code, label) for choice columns
    width: int | None = None  # initial width in pixels; None: fit contents
    optional: bool = True  # an empty text or date is allowed
    # A date typed as dd/mm/yyyy text instead of picked on a calendar, so it can be cleared.
    typed: bool = False


def format_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if column.kind == "choice":
        return dict(column.choices).get(value, str(value))
    if column.kind == "bool":
        return "Yes" if value else "No"
    return str(value)


class RowTableModel(QAbstractTableModel):
    """Rows are dicts with an "id" and one value per column key. Optional per-row keys:
    "_fg" / "_bg" (colour names for the whole row), "_tips" (column key -> tooltip) and
    "_bold" (column keys shown bold) and "_locked" (column keys not editable in this row)."""

    def __init__(self, columns: Sequence[Column], commit: Commit | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.commit = commit
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        replace_rows(self, list(rows))

    def row_id(self, row: int) -> int:
        return int(self.rows[row]["id"])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, col = self.rows[index.row()], self.columns[index.column()]
        value = None if hides(col.key) else row.get(col.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(col, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.get("_tips", {}).get(col.key)
            return tip or format_value(col, value) or None
        if role == Qt.ItemDataRole.ForegroundRole and row.get("_fg"):
            return QBrush(QColor(row["_fg"]))
        if role == Qt.ItemDataRole.BackgroundRole and row.get("_bg"):
            return QBrush(QColor(row["_bg"]))
        if role == Qt.ItemDataRole.FontRole and col.key in row.get("_bold", ()):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.commit is not None and self.columns[index.column()].editable:
            if self.columns[index.column()].key in self.rows[index.row()].get("_locked", ()):
                return base
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def choices_for(self, column: Column) -> tuple[tuple[Any, str], ...]:
        """The (code, label) choices a choice column offers; a model whose choices come
        from the data (a response's own scale) overrides this."""
        return column.choices

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.commit is None:
            return False
        col = self.columns[index.column()]
        if not col.editable:
            return False
        if isinstance(value, str):
            value = value.strip()
            if value == "" and col.optional:
                value = None
        if value == self.rows[index.row()].get(col.key):
            return False
        # The Store applies the edit and says it changed; the rows are replaced from that.
        return self.commit(self.row_id(index.row()), col.key, value)


class RowDelegate(QStyledItemDelegate):
    """The one in-place editor: drop-downs for choice columns, calendars for date columns
    (typed dates and text edit as text)."""

    def createEditor(  # noqa: N802
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        model = index.model()
        col = model.columns[index.column()] if isinstance(model, RowTableModel) else None
        if col is not None and col.kind == "choice":
            combo = QComboBox(parent)
            for code, label in model.choices_for(col):
                combo.addItem(label, code)
            return combo
        if col is not None and col.kind == "date" and not col.typed:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QDateEdit):
            editor.setDate(to_qdate(value if isinstance(value, date) else date.today()))
        else:
            super().setEditorData(editor, index)

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, from_qdate(editor.date()), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def make_table(model: RowTableModel, *, stretch: str | None = None) -> QTableView:
    """A table view for a RowTableModel: word-wrapped rows, the `stretch` column widest."""
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(RowDelegate(view))
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.SelectedClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # Wrapped rows take their height from the column widths, which settle only once the
    # view is laid out (a stretched column changes with the window): re-fit on resize.
    # (Not while its columns are sized one by one: the rows are fitted once at the end.)
    view.setProperty(ROW_HEIGHTS_FIT, True)
    header.sectionResized.connect(lambda *_: _column_resized(view))
    for i, col in enumerate(model.columns):
        if col.key == stretch:
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        elif col.width is not None:
            view.setColumnWidth(i, col.width)
    return view


def fit_rows(view: QTableView) -> None:
    """Size columns without a set width to their contents, then rows to wrapped text."""
    model = view.model()
    if isinstance(model, RowTableModel):
        header = view.horizontalHeader()
        # Each column's resize would fit every row again: 13 times on the first visit of
        # Concerns at 500 young people (0.9 s); once, after the columns, is enough.
        view.setProperty(FITTING, True)
        try:
            for i, col in enumerate(model.columns):
                if (
                    col.width is None
                    and header.sectionResizeMode(i) != QHeaderView.ResizeMode.Stretch
                ):
                    view.resizeColumnToContents(i)
        finally:
            view.setProperty(FITTING, False)
    fit_row_heights(view)


def _column_resized(view: QTableView) -> None:
    try:
        fitting = view.property(FITTING)
    except RuntimeError:  # the header outlived its table while the page is being deleted
        return
    if not fitting:
        fit_row_heights(view)
