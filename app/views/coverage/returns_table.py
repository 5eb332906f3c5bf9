"""The Coverage tab's "Agency returns" table: per agency, returns sent (when, how many
young people), received (when) and still outstanding (app/services/returns/status.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.services.returns.status import AgencyReturns

HEADERS = ["Agency returns", "Sent", "Received", "Outstanding"]


class ReturnsTable(QTableWidget):
    """Read-only; filled from `returns_status` whenever the coverage figures are."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("coverageReturns")
        self.setAccessibleName("Agency returns")
        self.setHorizontalHeaderLabels(HEADERS)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(20)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setToolTip(
            "Agency return workbooks (File > Export agency returns...): young people sent "
            "to each agency, when, and whether the return has come back (File > Import...)."
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def show_returns(self, status: dict[str, AgencyReturns]) -> None:
        rows = list(status.values())
        self.setRowCount(max(len(rows), 1))
        self.clearSpans()
        if not rows:
            self.setItem(0, 0, QTableWidgetItem("No agency returns sent yet"))
            self.setSpan(0, 0, 1, len(HEADERS))
        for r, item in enumerate(rows):
            last_sent = item.last_sent
            last_received = item.last_received
            cells = [
                item.agency,
                f"{item.sent} ({last_sent:%d/%m})" if last_sent else str(item.sent),
                (f"{item.received} ({last_received:%d/%m})" if last_received else "none yet"),
                str(item.outstanding),
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 3 and item.outstanding:
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                tip = "; ".join(
                    f"{x.return_id}: {x.people} sent {x.sent_at:%d/%m/%Y}, "
                    + (
                        f"received {x.received_at:%d/%m/%Y}"
                        if x.received_at
                        else "not yet received"
                    )
                    for x in item.returns
                )
                cell.setToolTip(tip)
                self.setItem(r, c, cell)
        height = self.horizontalHeader().height() + sum(
            self.rowHeight(i) for i in range(self.rowCount())
        )
        # Never taller than its rows; with many agencies it scrolls (four rows stay in view).
        self.setMaximumHeight(height + 2 * self.frameWidth())
        self.setMinimumHeight(
            self.horizontalHeader().height()
            + sum(self.rowHeight(i) for i in range(min(4, self.rowCount())))
            + 2 * self.frameWidth()
        )
