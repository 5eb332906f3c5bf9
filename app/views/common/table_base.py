"""The plumbing every list-like table model in Circles shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionViewItem, QTableView

Index = QModelIndex | QPersistentModelIndex


def _row_key(row: Any) -> Any:
    return row.get("id") if isinstance(row, dict) else getattr(row, "id", None)


def replace_rows(
    model: QAbstractTableModel, new: list[Any], display: list[Any] | None = None
) -> None:
    """Give `model` (with a `rows` list) the rows `new`, telling its views only what changed.

    A reset makes every view, proxy and selection start again (at 2,000 rows, a sort and a
    relayout on every edit). When the rows keep their ids, only the rows whose values
    changed are repainted; one row added or removed is one row inserted or removed; any
    other change (or rows without ids) is a reset, as before. `display`: the model's cell
    texts per row (a `display` list parallel to `rows`), replaced alongside."""
    old: list[Any] = model.rows  # type: ignore[attr-defined]
    old_display: list[Any] | None = getattr(model, "display", None) if display is not None else None

    def assign(rows: list[Any], cells: list[Any] | None) -> None:
        model.rows = rows  # type: ignore[attr-defined]
        if cells is not None:
            model.display = cells  # type: ignore[attr-defined]

    old_keys = [_row_key(r) for r in old]
    new_keys = [_row_key(r) for r in new]
    if None in old_keys or None in new_keys or not old:
        model.beginResetModel()
        assign(new, display)
        model.endResetModel()
        return
    if len(new_keys) == len(old_keys) + 1:
        at = next(
            (i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=False)) if a != b),
            len(old),
        )
        if old_keys[at:] == new_keys[at + 1 :]:
            model.beginInsertRows(QModelIndex(), at, at)
            old = old[:at] + [new[at]] + old[at:]
            if display is not None and old_display is not None:
                old_display = old_display[:at] + [display[at]] + old_display[at:]
            assign(old, old_display)
            model.endInsertRows()
            old_keys = new_keys
    elif len(new_keys) == len(old_keys) - 1:
        at = next(
            (i for i, (a, b) in enumerate(zip(old_keys, new_keys, strict=False)) if a != b),
            len(new),
        )
        if old_keys[at + 1 :] == new_keys[at:]:
            model.beginRemoveRows(QModelIndex(), at, at)
            old = old[:at] + old[at + 1 :]
            if old_display is not None:
                old_display = old_display[:at] + old_display[at + 1 :]
            assign(old, old_display)
            model.endRemoveRows()
            old_keys = new_keys
    if old_keys != new_keys:
        model.beginResetModel()
        assign(new, display)
        model.endResetModel()
        return
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if display is not None and old_display is not None:
        changed = sorted(
            set(changed)
            | {i for i, (a, b) in enumerate(zip(old_display, display, strict=True)) if a != b}
        )
    assign(new, display)
    if changed:
        last = model.columnCount() - 1
        model.dataChanged.emit(model.index(changed[0], 0), model.index(changed[-1], last))


class ColumnsModel(QAbstractTableModel):
    """A table of `rows` (one record each) under fixed header texts `COLUMNS`.

    Subclasses write `data()` (and `setData`, with EDITABLE, when cells are editable). The rows are replaced
    with `set_rows` (only the changed ones repaint), when the Store says something changed.
    """

    COLUMNS: Sequence[Any] = ()
    # Keys of the columns a cell can be edited in, for models whose COLUMNS are
    # (key, header) pairs; setData starts with edited_key().
    EDITABLE: frozenset[str] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        replace_rows(self, list(rows))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.header_text(section)
        return None

    def header_text(self, section: int) -> str:
        """The header of a column; override when COLUMNS holds more than the text."""
        return str(self.COLUMNS[section])

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.EDITABLE and self.COLUMNS[index.column()][0] in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def edited_key(self, index: Index, role: int) -> str | None:
        """The key of the editable column a setData call edits, or None to refuse it."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return None
        key = self.COLUMNS[index.column()][0]
        return key if key in self.EDITABLE else None


# View properties: a table whose rows take the height of their wrapped text on every column
# resize (views/common/row_table.py), and "its columns are being sized one by one" (then
# the rows are fitted once at the end: 13 times was 0.9 s on Concerns at 500 people).
ROW_HEIGHTS_FIT = "rowHeightsFit"
MAX_FITTED_ROWS = 150  # longer tables keep single-line rows (fit_row_heights)
FITTING = "fittingColumns"


def fit_columns(
    view: QTableView, *, most: int = 420, rows: int = 100, stretch_last: bool = False
) -> None:
    """Size every column to its longest cell and its header (sort arrow included), up to
    `most` pixels, so names, settings and owners are read whole instead of as "...".

    Only the first `rows` rows (and the visible ones) are measured: a 2,000-row table fits
    as quickly as the demo (100, not 400: at 2,000 young people the map's two tables took
    0.4 s of the window's opening to fit at 400, 0.09 s at 100). The last column is not stretched: spare width stays spare
    rather than making one short column (Inclusion) take half the table, unless
    `stretch_last` (a long free-text column such as Notes, which may take the spare room)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setResizeContentsPrecision(rows)
    model = view.model()
    if model is None:
        return
    view.setProperty(FITTING, True)
    try:
        for col in range(model.columnCount()):
            if view.isColumnHidden(col):
                continue
            # Qt takes the larger of the cells and the header (with its sort arrow).
            view.resizeColumnToContents(col)
            if header.sectionSize(col) > most:
                header.resizeSection(col, most)
        header.setStretchLastSection(stretch_last)
    finally:
        view.setProperty(FITTING, False)
    if view.property(ROW_HEIGHTS_FIT):
        fit_row_heights(view)  # once, not after every column


def fit_row_heights(view: QTableView) -> None:
    """Rows as high as their wrapped text, for a table short enough to measure quickly;
    a longer one keeps single-line rows (text elided, shown whole in the tooltip)."""
    try:
        model = view.model()
    except RuntimeError:  # the header outlived its table while the page is being deleted
        return
    if model is None:
        return
    if model.rowCount() <= MAX_FITTED_ROWS:
        view.resizeRowsToContents()
    else:
        view.setWordWrap(False)


def single_line_height(view: QTableView, icon: int = 0) -> int:
    """The height of a one-line row of `view`: what Qt's own fitting gives a cell of one
    line in the view's font (bold too) with an `icon`-pixel icon, a little air, and the
    grid line.

    Asked of the style as the item delegate asks it (CT_ItemViewItem), so the margins are
    the style's, and the font is the view's now (large text, presentation mode)."""
    style = view.style()
    tallest = 0
    for bold in (False, True):
        option = QStyleOptionViewItem()
        option.initFrom(view)
        font = QFont(view.font())
        font.setBold(bold)
        option.font = font
        option.fontMetrics = QFontMetrics(font)
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = "Ag"  # a cap and a descender: the line's full height
        if icon:
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            option.decorationSize = QSize(icon, icon)
        size = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view)
        tallest = max(tallest, size.height())
    # A little air above and below the text: Qt's tight fit (15 px at the default font) put
    # descenders against the grid and made each row a thin target for a click; a quarter of
    # a line more is about a spreadsheet's row (20 px), and grows with the text.
    air = max(4, QFontMetrics(view.font()).height() // 4)
    return tallest + air + (1 if view.showGrid() else 0)


class _FixedRows(QObject):
    """Keeps a view's one row height in step with its font and style."""

    def __init__(self, view: QTableView, icon: int) -> None:
        super().__init__(view)
        self.icon = icon
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and isinstance(
            watched, QTableView
        ):
            apply_fixed_rows(watched, self.icon)
        return False


def fixed_rows(view: QTableView, icon: int = 0) -> None:
    """Every row of `view` one line high, worked out once from its font (and a risk badge
    of `icon` pixels), not measured cell by cell: for tables whose text never wraps (the
    list pages). Measuring every row on each column resize was a fifth of the Assessments
    tab's first show at the demo's 40 young people, and a table over MAX_FITTED_ROWS was
    never measured, so the demo and a large response had different rows. The height
    follows the font (large text, presentation mode)."""
    view.setProperty(ROW_HEIGHTS_FIT, False)
    view.setWordWrap(False)
    apply_fixed_rows(view, icon)
    _FixedRows(view, icon)


def apply_fixed_rows(view: QTableView, icon: int = 0) -> None:
    height = single_line_height(view, icon)
    rows = view.verticalHeader()
    rows.setMinimumSectionSize(min(rows.minimumSectionSize(), height))
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(height)
