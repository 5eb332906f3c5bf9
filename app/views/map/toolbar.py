"""The map page's toolbar, built onto the page (its actions stay the page's attributes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QProgressBar, QToolButton

from app.views.map.filters import FilterMenu

if TYPE_CHECKING:
    from app.views.map.page import MapPage


def _action(
    page: MapPage, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False
) -> QAction:  # noqa: ANN001
    a = QAction(text, page)
    if shortcut is not None:
        a.setShortcut(QKeySequence(shortcut))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    a.setToolTip(tip or text)
    a.setCheckable(checkable)
    a.triggered.connect(slot)
    page.addAction(a)
    return a


def build_toolbar(page: MapPage) -> None:
    """The map's toolbar: tools, add and delete, zoom, the Layout menu, labels, hubs, the
    Filters menu, export, search and the busy indicator; its actions are kept on `page`."""
    tb = page.toolbar
    tools = QActionGroup(page)
    page.select_tool = _action(
        page, "Select", lambda: page.set_tool("select"), "S", "Select and move (S)", True
    )
    page.connect_tool = _action(
        page,
        "Connect",
        lambda: page.set_tool("connect"),
        "C",
        "Connect: drag from one young person to another (C, or Shift-drag)",
        True,
    )
    for a in (page.select_tool, page.connect_tool):
        tools.addAction(a)
        tb.addAction(a)
        # Single letters act only while the map itself has focus, never while typing
        # elsewhere on the page (WCAG 2.1.4).
        page.removeAction(a)
        page.view.addAction(a)
    page.select_tool.setChecked(True)
    tb.addSeparator()
    page.add_action = _action(
        page,
        "Add young person",
        lambda: page.add_person(None),
        "Ctrl+Shift+N",
        "Add a young person (Ctrl+Shift+N, or double-click the map)",
    )
    page.add_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tb.addAction(page.add_action)
    page.delete_action = _action(
        page, "Delete", page.delete_selected, None, "Delete the selected young people (Delete)"
    )
    tb.addAction(page.delete_action)
    tb.addSeparator()
    page.fit_action = _action(page, "Fit", page.view.fit, "Ctrl+0", "Show the whole map (Ctrl+0)")
    tb.addAction(page.fit_action)
    page.zoom_sel_action = _action(page, "Zoom to selection", page.view.zoom_to_selection, "Ctrl+9")
    tb.addAction(page.zoom_sel_action)
    # Shown while another screen's highlight fades the map; Esc on the map does the same.
    page.clear_highlight_action = _action(
        page,
        "Clear highlight",
        lambda: page.store.highlight is not None and page.store.set_highlight(None),
        None,
        "Show everyone at full strength again (Esc)",
    )
    page.clear_highlight_action.setObjectName("clearHighlight")
    tb.addAction(page.clear_highlight_action)
    page.clear_highlight_action.setVisible(page.store.highlight is not None)
    page.view.escape_pressed.connect(page.clear_highlight_action.trigger)

    layout_menu = QMenu("Layout", page)
    page.layout_all = layout_menu.addAction("Force-directed: everyone (pinned stay)")
    page.layout_all.triggered.connect(lambda: page.run_layout("force_all"))
    page.layout_new = layout_menu.addAction("Force-directed: only people not yet placed")
    page.layout_new.triggered.connect(lambda: page.run_layout("force_new"))
    page.layout_group = layout_menu.addAction("Group by setting")
    page.layout_group.triggered.connect(lambda: page.run_layout("group"))
    page.layout_circle = layout_menu.addAction("Circular")
    page.layout_circle.triggered.connect(lambda: page.run_layout("circular"))
    layout_menu.addSeparator()
    layout_menu.addAction("Pin selected (layouts leave them)").triggered.connect(
        lambda: page.pin(True)
    )
    layout_menu.addAction("Unpin selected").triggered.connect(lambda: page.pin(False))
    page.layout_button = menu_button("Layout", layout_menu)
    tb.addWidget(page.layout_button)

    page.names_action = _action(
        page,
        "Show names",
        page.set_show_names,
        None,
        "Label people by name instead of reference",
        True,
    )
    tb.addAction(page.names_action)
    page.hubs_action = _action(
        page,
        "Settings as hubs",
        page.set_show_hubs,
        None,
        "Show settings and online spaces as hubs",
        True,
    )
    tb.addAction(page.hubs_action)
    page.filter_menu = FilterMenu(page.scene, page)
    page.filter_button = page.filter_menu.button
    tb.addWidget(page.filter_button)
    page.export_action = _action(
        page, "Export picture...", page.export_dialog, None, "Export this view as PNG, SVG or PDF"
    )
    tb.addAction(page.export_action)
    tb.addSeparator()
    page.search = QLineEdit()
    page.search.setObjectName("mapSearch")
    page.search.setPlaceholderText("Find by reference or name")
    page.search.setClearButtonEnabled(True)
    page.search.setMaximumWidth(220)
    page.search.returnPressed.connect(lambda: page.find(page.search.text()))
    tb.addWidget(page.search)
    page.busy = QProgressBar()
    page.busy.setRange(0, 0)
    page.busy.setMaximumWidth(90)
    page.busy.setVisible(False)
    page.busy_label = QLabel("Laying out...")
    page.busy_label.setVisible(False)
    page.busy_action = tb.addWidget(page.busy)
    page.busy_label_action = tb.addWidget(page.busy_label)
    page.busy_action.setVisible(False)
    page.busy_label_action.setVisible(False)


def menu_button(text: str, menu: QMenu) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setMenu(menu)
    b.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    return b
