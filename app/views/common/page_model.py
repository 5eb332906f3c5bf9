"""The model and filter under every list page (app/views/common/table_page.py).

The model keeps its rows in the order shown: a header click sorts them in the model (one
Python key per row, then `list.sort`, in C) and the proxy only filters. A sorting proxy
asked the Python model for a key at every comparison (21,700 calls, a tenth of a second,
on the Assessments tab's first show at 2,000 young people). Ties keep the order the rows
were read in, ascending or descending, as the proxy's stable sort did.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QModelRoleDataSpan,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.editing.validation import parse_typed_date
from app.services.people.references import reference_key
from app.views.common.presentation import SENSITIVE, SWITCH, hides
from app.views.common.risk import RISK_ROLE
from app.views.common.row_table import Column, RowTableModel, format_value
from app.views.common.widgets import from_qdate

if TYPE_CHECKING:
    from app.views.common.table_page import TablePage

Index = QModelIndex | QPersistentModelIndex
ASCENDING = Qt.SortOrder.AscendingOrder
R = Qt.ItemDataRole
DISPLAY, EDIT, TOOLTIP, FONT = R.DisplayRole, R.EditRole, R.ToolTipRole, R.FontRole
FOREGROUND, BACKGROUND = R.ForegroundRole, R.BackgroundRole
# What QAbstractTableModel gives every cell (editable cells add ItemIsEditable).
CELL = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
# The roles a page's cell answers; the view asks for more (alignment, check state, size)
# for every cell it paints or measures, answered None before any other work.
ANSWERED = frozenset(
    {
        R.DisplayRole,
        R.EditRole,
        R.ToolTipRole,
        R.ForegroundRole,
        R.BackgroundRole,
        R.FontRole,
        R.DecorationRole,
        RISK_ROLE,
    }
)


@lru_cache(maxsize=32)
def _brush(colour: str) -> QBrush:
    """One brush per row colour name, made once."""
    return QBrush(QColor(colour))


@lru_cache(maxsize=1)
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


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


def sort_key(column: Column, value: Any, shown: str) -> Any:
    """How a cell sorts: dates by date (empty first), everything else by its shown text in
    the one natural order (YP-2 before YP-10), ignoring case and accents."""
    if hides(column.key):  # presentation mode: a hidden column gives nothing away
        return ""
    if column.kind == "date":
        return value.isoformat() if isinstance(value, date) else ""
    # reference_key ignores case itself; only accents need folding (rarely: ASCII skips it).
    return reference_key(shown if shown.isascii() else fold(shown))


class PageModel(RowTableModel):
    """RowTableModel for a page, its rows in the order shown: typed values are turned into
    stored ones (a label into its code, dd/mm/yyyy into a date) and a bad one is one
    sentence through `report`."""

    def __init__(self, page: TablePage, commit: Any) -> None:
        super().__init__(page.COLUMNS, commit)
        self.page = page
        self.sort_column = -1  # as the header shows it; -1: the order read
        self.sort_order = ASCENDING
        self.read: list[dict[str, Any]] = []  # the rows in the order read (ties keep it)
        self._texts: dict[int, tuple[dict[str, Any], tuple[str, ...]]] = {}

    # ----- order ------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = ASCENDING) -> None:
        """A header click: the rows in the new order, the selection and an open editor kept."""
        self.sort_column, self.sort_order = column, order
        if self.rows:
            self._move_to(self._sorted(self.read))

    def _sorted(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 0 <= self.sort_column < len(self.columns):
            return list(rows)
        col = self.columns[self.sort_column]
        keys = [sort_key(col, r.get(col.key), self.display(r, col)) for r in rows]
        # Stable both ways (reverse=True keeps ties in the order read, as Qt's sort did).
        at = sorted(
            range(len(rows)),
            key=keys.__getitem__,
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        return [rows[i] for i in at]

    def _move_to(self, rows: list[dict[str, Any]]) -> None:
        """The same rows in another order, as a layout change: persistent indexes (the
        selection, the current cell, an open editor) follow their rows by id."""
        # Emitted without arguments: PySide6 crashes converting ([], hint) (6.x).
        self.layoutAboutToBeChanged.emit()
        old = self.rows
        where = {r["id"]: i for i, r in enumerate(rows)}
        persistent = self.persistentIndexList()
        moved = []
        for p in persistent:
            i = where.get(old[p.row()]["id"]) if 0 <= p.row() < len(old) else None
            moved.append(self.index(i, p.column()) if i is not None else QModelIndex())
        self.rows = rows
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        # Sorted before they are compared with the rows shown, so an edit stays one row
        # changed (or moved), an add one row inserted, a delete one row removed.
        self.read = list(rows)
        self._texts = {}
        rows = self._sorted(self.read)
        ids = [r["id"] for r in rows]
        if rows and ids == [r["id"] for r in self.rows]:
            # Same rows: update in place, so an open editor and the selection survive.
            self.rows = rows
        elif rows and len(rows) == len(self.rows) and set(ids) == {r["id"] for r in self.rows}:
            # An edit moved a row (its sorted value changed): moved, not reset.
            self._move_to(rows)
        else:
            super().set_rows(rows)
            return
        last = self.index(len(rows) - 1, len(self.columns) - 1)
        self.dataChanged.emit(self.index(0, 0), last)

    # ----- cells ------------------------------------------------------------------------
    def choices_for(self, column: Column) -> tuple[tuple[Any, str], ...]:
        choices = self.page.choices(column)
        if column.optional:  # an optional choice can be emptied
            return ((None, ""), *choices)
        return choices

    def display(self, row: dict[str, Any], column: Column) -> str:
        shown = row.get("_text", {}).get(column.key)
        return shown if shown is not None else format_value(column, row.get(column.key))

    def texts(self, row: dict[str, Any]) -> tuple[str, ...]:
        """A row's cell texts, worked out the first time the row is shown, measured or
        filtered: the view asks for each cell's text twice or more per paint. Kept by row object (a new read
        brings new objects, and `set_rows` forgets the old ones)."""
        kept = self._texts.get(id(row))
        if kept is not None and kept[0] is row:
            return kept[1]
        texts = tuple(self.display(row, c) for c in self.columns)
        self._texts[id(row)] = (row, texts)
        return texts

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED:
            return None
        r, rows = index.row(), self.rows
        if not 0 <= r < len(rows):  # an invalid index has row -1
            return None
        return self._answer(rows[r], index.column(), role)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802
        """Every role the item delegate asks for one cell, in one call: it paints a cell
        with seven roles, one Python call each through `data` (RowFilter sends it here)."""
        r, rows = index.row(), self.rows
        row = rows[r] if 0 <= r < len(rows) else None
        c = index.column()
        for item in roles:
            role = item.role()
            value = None if row is None or role not in ANSWERED else self._answer(row, c, role)
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _answer(self, row: dict[str, Any], c: int, role: int) -> Any:
        # Asked for seven roles of every cell on every paint: the common answers first,
        # each in a line or two.
        col = self.columns[c]
        key = col.key
        if SWITCH.on and key in SENSITIVE:  # presentation mode: name or notes left empty
            return None
        if role == DISPLAY:
            return self.texts(row)[c]
        palette = self.page.risk_palette
        if palette is not None and key in self.page.RISK_KEYS:
            # The map's colour and shape for a recorded risk, the word kept as the text.
            cell = palette.cell(row.get(key), role)
            if cell is not None:
                return cell
        if role == FOREGROUND:
            return _brush(row["_fg"]) if row.get("_fg") else None
        if role == BACKGROUND:
            return _brush(row["_bg"]) if row.get("_bg") else None
        if role == FONT:
            return _bold() if key in row.get("_bold", ()) else None
        if role == TOOLTIP:
            return row.get("_tips", {}).get(key) or self.texts(row)[c] or None
        if role == EDIT:
            if col.kind == "date" and col.typed:
                return format_value(col, row.get(key))
            return row.get(key)
        return None  # decoration and the risk word: only risk cells have them

    def flags(self, index: Index) -> Qt.ItemFlag:
        # Asked twice for every painted cell: answered here without a call back into Qt.
        r = index.row()
        if not 0 <= r < len(self.rows):
            return Qt.ItemFlag.NoItemFlags
        col = self.columns[index.column()]
        if self.commit is None or not col.editable:
            return CELL
        if col.key in self.rows[r].get("_locked", ()):
            return CELL
        return CELL | Qt.ItemFlag.ItemIsEditable

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
    """Keeps the rows that match the typed text (`matches`) and every chosen drop-down,
    in the model's order: sorting is the model's (`PageModel.sort`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.chosen: dict[str, Any] = {}

    def sort(self, column: int, order: Qt.SortOrder = ASCENDING) -> None:
        # The view's header click lands here; the model reorders its rows and this proxy
        # keeps their order (its own sort column stays -1, so it never compares rows).
        model = self.sourceModel()
        if isinstance(model, PageModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_filter(self, text: str, chosen: dict[str, Any]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.text, self.chosen = text, chosen
            self.endFilterChange()
        else:
            self.text, self.chosen = text, chosen
            self.invalidateFilter()

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802
        # Qt's proxy asks its source one role at a time (seven calls into Python per cell
        # painted, each mapping the index again); the page's model answers them at once.
        model = self.sourceModel()
        if isinstance(model, PageModel):
            model.multiData(self.mapToSource(index), roles)
        else:
            super().multiData(index, roles)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, PageModel) or source_row >= len(model.rows):
            return True
        row = model.rows[source_row]
        if any(v is not None and row.get(k) != v for k, v in self.chosen.items()):
            return False
        if not self.text.strip():  # nothing typed: every row, without writing its cells
            return True  # (1,200 rows x 11 columns on the Assessments tab's first show)
        return matches(self.text, model.texts(row))
