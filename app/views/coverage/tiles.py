"""A headline figure of the Coverage page: a large number over a short caption, with a
coloured edge in the state's colour and edge style (app.services.coverage.labels)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout


class Figure(QFrame):
    """One headline figure: a large number over a short caption."""

    def __init__(
        self, key: str, caption: str, colour: str | None, tooltip: str, edge_style: str = "solid"
    ) -> None:
        super().__init__()
        self.setObjectName(f"tile_{key}")
        edge = colour or "#333333"
        self.edge_colour = edge
        self.setStyleSheet(
            f"#tile_{key} {{ border: 1px solid #c8c8c8; border-left: 6px {edge_style} {edge};"
            " background: #fafafa; }"
        )
        self.setToolTip(tooltip)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 3, 6, 3)
        lay.setSpacing(0)
        self.value = QLabel("0")
        self.value.setObjectName(f"figure_{key}")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        lay.addWidget(self.value)
        lay.addWidget(self.caption)
