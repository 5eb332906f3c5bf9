"""Audit log: who changed what and when, newest first (read-only)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from app.services.editing.audit import recent
from app.services.editing.editor import Changes
from app.views.common.table_base import ColumnsModel
from app.views.shell.store import Store

COLUMNS = ["When", "Who", "Action", "Kind", "Record", "Field", "Old", "New"]
Index = QModelIndex | QPersistentModelIndex


class AuditModel(ColumnsModel):
    COLUMNS = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self.rows[index.row()][index.column()]
        return None


class AuditPage(QWidget):
    title = "Audit log"

    def __init__(self, store: Store, window: QWidget | None = None) -> None:
        super().__init__()
        self.store = store
        self.model = AuditModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view)
        store.when_seen(self, self._on_changed)
        self.refresh()

    def _on_changed(self, changes: Changes) -> None:
        self.refresh()

    def refresh(self) -> None:
        def short(text: str | None) -> str:
            if text is None:
                return ""
            return text if len(text) <= 80 else text[:77] + "..."

        with self.store.read() as s:
            rows = [
                (
                    f"{e.at:%d/%m/%Y %H:%M:%S}",
                    e.user,
                    e.action,
                    e.kind,
                    f"{e.entity or ''} {e.entity_id or ''}".strip(),
                    e.field or "",
                    short(e.old),
                    short(e.new),
                )
                for e in recent(s)
            ]
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
