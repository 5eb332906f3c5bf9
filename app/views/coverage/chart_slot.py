"""The Coverage page's place for its chart, drawn once the page has painted (issue 14).

The chart is a pyqtgraph plot, and pyqtgraph takes about 0.1 s to load: the page's
figures and lists paint first, and the chart is made on the next turn of the event loop
after that paint. Anything that asks for the chart before (a test, an export) gets it made
at once, with the latest figures.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.views.shell.after_paint import after_first_paint

if TYPE_CHECKING:
    from app.services.coverage.figures import Coverage
    from app.views.coverage.chart import CoverageChart

MIN_HEIGHT = 180  # the chart's own smallest height: the page keeps its shape meanwhile


class ChartSlot(QWidget):
    """Holds the CoverageChart once made; `show_coverage` before then is kept for it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("coverageChartSlot")
        self.setMinimumHeight(MIN_HEIGHT)
        self.setStyleSheet("#coverageChartSlot { background: white; }")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._chart: CoverageChart | None = None
        self._shown: tuple[Coverage, date] | None = None
        after_first_paint(self, lambda: self.chart)

    @property
    def chart(self) -> CoverageChart:
        if self._chart is None:
            from app.views.coverage.chart import CoverageChart  # pyqtgraph: loaded here

            self._chart = CoverageChart()
            self._layout.addWidget(self._chart)
            if self._shown is not None:
                self._chart.show_coverage(*self._shown)
        return self._chart

    @property
    def made(self) -> bool:
        return self._chart is not None

    def show_coverage(self, cov: Coverage, referral: date) -> None:
        self._shown = (cov, referral)
        if self._chart is not None:
            self._chart.show_coverage(cov, referral)
