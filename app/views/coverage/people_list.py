"""The Coverage page's list of young people: its model, and its columns fitted to the
contents while all stay in view.

At 2,000 young people fitting the columns was most of the page's first visit (issue 14):
every resize of the list measured a hundred rows again. The widths the contents want are
measured once per filling of the list (and after a font or style change); a resize only
shares out the room again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView
from shiboken6 import isValid

from app.services.coverage.figures import STATE_LABELS
from app.services.coverage.labels import STATE_COLOURS, state_words
from app.services.coverage.owner import next_step_owner
from app.views.common.table_base import ColumnsModel

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, Qt.ItemDataRole.UserRole})
# Each column's text for one person (CoveragePeopleModel.COLUMNS, in order).
_CELLS: tuple[Callable[[Any], str], ...] = (
    lambda p: p.reference,
    state_words,
    next_step_owner,
    lambda p: p.agency if p.assessment_id is not None else "None recorded",
)
# Measured on the first 100 rows (and those in view), not all 2,000.
PRECISION = 100
# When the list is too narrow: the state is shown in full as long as it can be (booked or
# not must be read); the assessing agency gives way first, then the owner (each cell's
# tooltip has the whole text), and only then the state. (column, narrowest) in turn.
GIVE_WAY = ((3, 80), (2, 150), (1, 110), (2, 90))


class CoveragePeopleModel(ColumnsModel):
    """The young people in the chosen coverage states, with who owns the next step."""

    COLUMNS = [
        "Reference",
        "Coverage",
        "Next step owner",  # the lead professional (lead agency): README "Coverage"
        "Assessing agency",
    ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked thousands of times when columns are measured: only the one cell's text is
        # made (not the whole row's), and roles this model never answers return at once.
        if role not in _ROLES or not index.isValid():
            return None
        p = self.rows[index.row()]
        col = index.column()
        if role == _DISPLAY:
            return _CELLS[col](p)
        if role == _TOOLTIP:
            # The full definition, and the whole of a cell narrowed to fit.
            if col == 1:
                return STATE_LABELS[p.state]
            return _CELLS[col](p) if col in (2, 3) else None
        if role == _DECORATION:
            return QColor(STATE_COLOURS[p.state]) if col == 1 else None
        return p.person_id  # UserRole


class ColumnFit(QObject):
    """Keeps a table's columns sized to their contents, narrowed so all stay in view."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.wanted: list[int] | None = None  # each column's width for its contents
        view.horizontalHeader().setResizeContentsPrecision(PRECISION)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def refit(self) -> None:
        """After the rows changed: measure again (now if shown, else when shown)."""
        self.wanted = None
        self.fit()

    def fit(self) -> None:
        view = self.view
        if not view.isVisible():
            return  # measured when shown, with the style and font it is shown in
        header = view.horizontalHeader()
        if self.wanted is None:
            # What QTableView.resizeColumnsToContents sets, kept for the next resize.
            self.wanted = [
                max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
                for c in range(header.count())
            ]
        for col, width in enumerate(self.wanted):
            header.resizeSection(col, width)
        excess = header.length() - view.viewport().width()
        for col, least in GIVE_WAY:
            if excess <= 0:
                break
            spare = max(0, header.sectionSize(col) - least)
            cut = min(spare, excess)
            header.resizeSection(col, header.sectionSize(col) - cut)
            excess -= cut

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # While the window closes the list may already be gone: nothing to fit then.
        if not isValid(self.view):
            return False
        kind = event.type()
        if watched is self.view:
            if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
                self.wanted = None  # the same text needs other widths now
                self.fit()
        elif kind in (QEvent.Type.Resize, QEvent.Type.Show):
            # The viewport's own size (after the layout, not before), or first shown.
            self.fit()
        return False
