"""Read-only table models for the import preview: rows to import, and problems."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.importing import ImportPlan, ImportProblem, PlannedRow

Index = QModelIndex | QPersistentModelIndex

ACTION_TEXT = {"add": "Add", "update": "Update", "skip": "Skip"}
# Okabe-Ito bluish green and blue: readable on white, and the word carries the meaning.
ACTION_COLOUR = {"add": QColor("#00734f"), "update": QColor("#0060a0"), "skip": QColor("#6b6b6b")}


class TextTableModel(QAbstractTableModel):
    """Rows of strings under fixed headers; subclasses say how to make the rows."""

    headers: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []
        self.colours: list[QColor | None] = []

    def set_rows(
        self, rows: list[tuple[str, ...]], colours: list[QColor | None] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = rows
        self.colours = colours or [None] * len(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.colour_column:
            return self.colours[index.row()]
        return None

    colour_column = -1

    def headerData(  # noqa: N802
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _row_text(row: int | None) -> str:
    return "" if row is None else str(row)


class PlanRowsModel(TextTableModel):
    """What importing does with each row of the file."""

    headers = ("Sheet", "Row", "Action", "Record", "Lead professional (agency)", "Details")
    colour_column = 2

    def set_plan(self, plan: ImportPlan, leads: dict[object, str], *, skipped: bool = True) -> None:
        rows, colours = [], []
        for r in plan.rows:
            if r.action == "skip" and not skipped:
                continue
            rows.append(self._row(r, leads))
            colours.append(ACTION_COLOUR[r.action])
        self.set_rows(rows, colours)

    @staticmethod
    def _row(r: PlannedRow, leads: dict[object, str]) -> tuple[str, ...]:
        sheet = r.sheet or f"{r.kind} (named in the file)"
        kind = "" if r.sheet == r.kind or not r.sheet else f" ({r.kind})"
        lead = leads.get(r.target, "") if r.kind == "Young people" else ""
        return (sheet + kind, _row_text(r.row), ACTION_TEXT[r.action], r.label, lead, r.detail)


class ProblemsModel(TextTableModel):
    headers = ("Sheet", "Row", "Column", "What is wrong")

    def set_problems(self, problems: list[ImportProblem]) -> None:
        self.set_rows(
            [
                (
                    p.sheet or "(the file)",
                    _row_text(p.row),
                    (p.column or "").rstrip("* "),
                    p.message[:1].upper() + p.message[1:],
                )
                for p in problems
            ]
        )
