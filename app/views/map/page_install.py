"""The map page's hand-over to the main window: the Young people and Connections tables as
docks under the map, and the page's entries in the window's File, Edit and View menus."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from app.views.common.screen_fit import short_screen
from app.views.map import legend_panel
from app.views.map.connection_actions import install_connection_actions

if TYPE_CHECKING:
    from app.views.map.page import MapPage


def install(page: MapPage, window) -> None:  # noqa: ANN001
    for name, widget in (("Young people", page.people_view), ("Connections", page.links_view)):
        dock = QDockWidget(name, window)
        dock.setObjectName("pageDock")
        dock.setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        window.add_page_action("View", dock.toggleViewAction())
        page.docks.append(dock)
    window.tabifyDockWidget(page.docks[0], page.docks[1])
    page.docks[0].raise_()
    window.resizeDocks(page.docks, [190, 190], Qt.Orientation.Vertical)
    if short_screen(window):  # large text: the map keeps the height (View menu shows them)
        for dock in page.docks:
            dock.setProperty("wantedVisible", False)
            dock.hide()
    legend_panel.install(page, window)  # the legend in a panel when it folds away
    add = QAction("Add young person...", window)
    add.setShortcut(QKeySequence("Ctrl+Shift+N"))
    add.triggered.connect(lambda: page.add_person(None))
    window.add_page_action("Edit", add)
    page.add_action.setShortcut(QKeySequence())  # the window's Ctrl+Shift+N, not the page's
    export = QAction("Export map picture...", window)
    export.setShortcut(QKeySequence("Ctrl+Shift+E"))
    export.triggered.connect(page.export_dialog)
    window.add_page_action("File", export)
    fit = QAction("Fit map", window)
    fit.triggered.connect(page.view.fit)
    window.add_page_action("View", fit)
    install_connection_actions(page, window)
