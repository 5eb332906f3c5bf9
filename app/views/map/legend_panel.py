"""The legend in a panel of its own, for when it does not fit over the map.

Over the map the legend takes at most a third of the view's height (legend.placement);
in a small window or with large text it folds into a one-line "Legend" tab. A click on
the tab, or View > Legend (Ctrl+Shift+G), shows the whole legend in a dock beside the
People and Connections tables, where it takes room of its own rather than covering the
map; while that panel is shown the map draws no legend of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import QDockWidget, QSizePolicy, QWidget

from app.views.common.screen_fit import ScrollArea
from app.views.map import legend

if TYPE_CHECKING:
    from app.views.map.page import MapPage

SHORTCUT = "Ctrl+Shift+G"


class LegendWidget(QWidget):
    """The legend drawn at the panel's width, as tall as it needs."""

    def __init__(self, page: MapPage) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("mapLegendPanel")
        self.setAccessibleName("Map legend")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _items(self) -> list[legend.Entry]:
        return self.page.view.legend_items

    def describe(self) -> None:
        """Screen readers read the legend's entries (the glyphs are painted)."""
        self.setAccessibleDescription("; ".join(e.text for e in self._items()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return int(legend.height_for(self._items(), max(width, 100))) + 2

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(400, self.heightForWidth(400))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, 40)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        legend.paint(painter, QPointF(0, 0), self.width() - 1, self._items())
        painter.end()


def install(page: MapPage, window: QWidget) -> QDockWidget:
    """The Legend dock (hidden at first), its View menu action, and the map's tab."""
    dock = QDockWidget("Legend", window)
    dock.setObjectName("pageDock")
    body = LegendWidget(page)
    scroll = ScrollArea(body)
    dock.setWidget(scroll)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)  # type: ignore[attr-defined]
    if page.docks:
        window.tabifyDockWidget(page.docks[-1], dock)  # type: ignore[attr-defined]
        page.docks[0].raise_()
    action = dock.toggleViewAction()
    action.triggered.connect(lambda on: on and open_panel())
    action.setText("&Legend")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Show the map's legend in a panel (it folds away on a small map)")
    window.add_page_action("View", action)  # type: ignore[attr-defined]
    dock.setProperty("wantedVisible", False)  # not shown until asked for
    dock.hide()
    page.docks.append(dock)

    def shown(visible: bool) -> None:
        page.view.legend_docked = visible
        body.describe()
        body.updateGeometry()
        page.view.viewport().update()

    def open_panel() -> None:
        dock.show()
        dock.raise_()
        # As tall as the legend at the panel's width (at most half the window): the map
        # keeps the rest.
        need = body.heightForWidth(max(dock.width(), page.view.width())) + 4
        window.resizeDocks([dock], [min(need, window.height() // 2)], Qt.Orientation.Vertical)  # type: ignore[attr-defined]

    dock.visibilityChanged.connect(shown)
    page.view.on_legend_tab = open_panel
    return dock
