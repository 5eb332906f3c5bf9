"""Patching a sorted table model's rows by id after an edit (issue 14).

Rebuilding the People table after one edit sorted and re-worded 2,000 rows; an edit
changes a handful. Each changed row is updated in place when it keeps its place in the
sort, or removed and inserted where the sort puts it; the order is the one a full sort
gives (the sort column, then the reference, then the id). The models themselves share
`SortedRowsModel` (the full sort, the patch and the editable cells).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.services.people.references import reference_key
from app.views.common.table_base import ColumnsModel

if TYPE_CHECKING:
    from app.views.shell.store import Store

Index = QModelIndex | QPersistentModelIndex

# More changed rows than this: one full rebuild is cheaper than row-by-row moves.
MOST_PATCHED = 200


def sort_key(display: tuple, column: int) -> Any:
    """The key the models' full sort uses for a row's cells (sorted_rows and patch_rows)."""
    v = display[column]
    if column == 0 and not isinstance(v, int):
        return reference_key(str(v))
    return (0, v, "") if isinstance(v, int) else (1, 0, str(v).casefold())


def patch_rows(
    model: QAbstractTableModel,
    changed: Iterable[int],
    row_of: Callable[[int], Any | None],
    cells: Callable[[Any], tuple],
    tie: Callable[[Any], Any],
) -> None:
    """Bring `model.rows`/`model.display` up to date for the ids in `changed`.

    `row_of(id)`: the new record (None: gone); `cells(record)`: its display tuple;
    `tie(record)`: how rows equal in the sort column are ordered (the full sort's order
    within a tie). The model has `sort_column` and `sort_order`."""
    rows: list[Any] = model.rows  # type: ignore[attr-defined]
    display: list[tuple] = model.display  # type: ignore[attr-defined]
    column: int = model.sort_column  # type: ignore[attr-defined]
    descending = model.sort_order == Qt.SortOrder.DescendingOrder  # type: ignore[attr-defined]

    def before(d1: tuple, r1: Any, d2: tuple, r2: Any) -> bool:
        k1, k2 = sort_key(d1, column), sort_key(d2, column)
        if k1 != k2:
            return k1 > k2 if descending else k1 < k2
        return tie(r1) < tie(r2)

    wanted = set(changed)
    where = {r.id: i for i, r in enumerate(rows) if r.id in wanted}
    last = model.columnCount() - 1
    for rid in sorted(wanted):
        record = row_of(rid)
        i = where.get(rid)
        if i is not None and i < len(rows) and rows[i].id == rid:
            pass
        else:
            i = next((k for k, r in enumerate(rows) if r.id == rid), None)
        if record is None:
            if i is not None:
                model.beginRemoveRows(QModelIndex(), i, i)
                del rows[i], display[i]
                model.endRemoveRows()
                where = {r.id: k for k, r in enumerate(rows) if r.id in wanted}
            continue
        new = cells(record)
        if i is not None:
            fits = (i == 0 or not before(new, record, display[i - 1], rows[i - 1])) and (
                i == len(rows) - 1 or not before(display[i + 1], rows[i + 1], new, record)
            )
            if fits:
                same = display[i] == new
                rows[i], display[i] = record, new
                if not same:
                    model.dataChanged.emit(model.index(i, 0), model.index(i, last))
                continue
            model.beginRemoveRows(QModelIndex(), i, i)
            del rows[i], display[i]
            model.endRemoveRows()
        lo, hi = 0, len(rows)
        while lo < hi:
            mid = (lo + hi) // 2
            if before(display[mid], rows[mid], new, record):
                lo = mid + 1
            else:
                hi = mid
        model.beginInsertRows(QModelIndex(), lo, lo)
        rows.insert(lo, record)
        display.insert(lo, new)
        model.endInsertRows()
        where = {r.id: k for k, r in enumerate(rows) if r.id in wanted}


def sorted_rows(
    rows: list, display: list[tuple], column: int, order: Qt.SortOrder
) -> tuple[list, list]:
    """`rows` and their `display` cells in the full sort's order on `column` (a stable sort:
    rows equal in the column keep the order they came in)."""
    if not rows or not 0 <= column < len(display[0]):
        return rows, display
    idx = sorted(
        range(len(rows)),
        key=lambda i: sort_key(display[i], column),
        reverse=order == Qt.SortOrder.DescendingOrder,
    )
    return [rows[i] for i in idx], [display[i] for i in idx]


class SortedRowsModel(ColumnsModel):
    """The map's People and Connections tables: `rows` (records with an `id`) and their
    `display` cells, sorted here rather than by a proxy (one Python sort instead of a call
    per comparison) and patched row by row after an edit. Subclasses say a row's `cells`
    and how rows equal in the sort column are ordered (`tie`)."""

    COLUMNS: list[tuple[str, str]] = []

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.display: list[tuple] = []
        self.sort_column, self.sort_order = 0, Qt.SortOrder.AscendingOrder

    def cells(self, row: Any) -> tuple:
        raise NotImplementedError

    def tie(self, row: Any) -> Any:
        return row.id

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        # Ties in the column stay in the tie order, as after any refresh (not in the order
        # of the previous sort): the rows an edit patches in go where they belong.
        idx = sorted(range(len(self.rows)), key=lambda i: self.tie(self.rows[i]))
        rows, display = [self.rows[i] for i in idx], [self.display[i] for i in idx]
        self.beginResetModel()
        self.rows, self.display = sorted_rows(rows, display, column, order)
        self.endResetModel()

    def patch_ids(self, changed: Iterable[int], row_of: Callable[[int], Any | None]) -> None:
        patch_rows(self, changed, row_of, self.cells, self.tie)

    def header_text(self, section: int) -> str:
        return self.COLUMNS[section][1]

    def edited(self, index: Index, value: Any, role: int) -> tuple[str, int, str] | None:
        """(column key, row id, text typed) for a setData call on an editable cell."""
        key = self.edited_key(index, role)
        if key is None:
            return None
        return key, self.rows[index.row()].id, str(value).strip()
