"""View > Presentation mode (F5; Esc leaves): the open response on a projector.

Full screen, references instead of names everywhere (app/views/common/presentation.py is
the one switch the map, the tables and the person panel consult), no dates of birth,
notes or other sensitive columns, no forms, editing off, type and map symbols 1.5 times
larger, and a banner with the protective marking. Everything changed on the way in is
remembered and put back on the way out, so the screen is exactly as it was.

Editing is off by marking the open file read-only for the session (the same refusal a
read-only file gets: edits, undo and exports are all refused); the file is not touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut, QTransform, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QTableView,
    QToolTip,
    QWidget,
)

from app.views.common.presentation import SWITCH, hides

if TYPE_CHECKING:
    from app.views.map.page import MapPage
    from app.views.shell.main_window import MainWindow

SCALE = 1.5  # type and symbols, at least this much larger on a projector
REASON = "presentation mode: press Esc to leave it and edit"


@dataclass
class Saved:
    """What presentation mode changed, to put back exactly when it ends."""

    state: Qt.WindowState
    geometry: QByteArray
    font: QFont
    tip_font: QFont
    readonly: tuple[bool, str | None]
    stack: QUndoStack | None
    tab: int
    hidden_tabs: list[int] = field(default_factory=list)
    triggers: list[tuple[QAbstractItemView, Any]] = field(default_factory=list)
    columns: list[tuple[QTableView, int]] = field(default_factory=list)
    enabled: list[tuple[Any, bool]] = field(default_factory=list)
    panel_tabs: list[int] = field(default_factory=list)
    panel_index: int = 0
    names: bool = False
    transform: QTransform | None = None


def column_keys(view: QAbstractItemView) -> list[str]:
    """The keys of a table's columns (under any filter proxies), or [] when unknown."""
    model = view.model()
    while model is not None and hasattr(model, "sourceModel"):
        model = model.sourceModel()
    columns = getattr(model, "columns", None)
    if columns is not None:
        return [getattr(c, "key", "") for c in columns]
    named = getattr(model, "COLUMNS", ())
    return [c[0] if isinstance(c, tuple) else "" for c in named]


class PresentationMode(QObject):
    """The View menu's Presentation mode action and what it does to the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.saved: Saved | None = None
        self.action = QAction("&Presentation mode", window)
        self.action.setObjectName("presentationAction")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.action.setToolTip(
            "Full screen for a projector: references only, no names or notes, editing off "
            "(F5; Esc leaves)"
        )
        self.action.toggled.connect(self.set_on)
        window.view_menu.addAction(self.action)
        window.addAction(self.action)  # F5 works while the menu bar is out of reach
        self.leave_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.leave_key.setEnabled(False)
        self.leave_key.activated.connect(lambda: self.set_on(False))
        self.banner = QLabel()
        self.banner.setObjectName("presentationBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "background: #1f2a44; color: white; padding: 6px; font-weight: bold;"
        )
        self.banner.hide()
        layout = window.centralWidget().layout()
        layout.insertWidget(0, self.banner)  # type: ignore[attr-defined]
        SWITCH.refused.connect(self._refused)

    # ----- switching --------------------------------------------------------------------
    def set_on(self, on: bool) -> None:
        if on and self.saved is None:
            if self.window.store is None:
                self.action.setChecked(False)
                return
            self._enter()
        elif not on and self.saved is not None:
            self._leave()
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    def _pages(self) -> list[QWidget]:
        return [p for p in self.window.pages if shiboken6.isValid(p)]

    def _enter(self) -> None:
        w, store = self.window, self.window.store
        assert store is not None
        saved = Saved(
            state=w.windowState(),
            geometry=w.saveGeometry(),
            font=QApplication.font(),
            tip_font=QToolTip.font(),
            readonly=(store.db.readonly, store.db.readonly_reason),
            stack=w.undo_group.activeStack(),
            tab=w.tabs.currentIndex(),
        )
        self.saved = saved
        SWITCH.set_on(True)
        # Editing off: the file is treated as read-only until the mode ends; no undo.
        store.db.readonly, store.db.readonly_reason = True, REASON
        w.undo_group.setActiveStack(None)  # type: ignore[arg-type]
        # Screens with nothing to present that show recorded values (the audit log
        # holds old and new names) are left out while presenting.
        for i in range(w.tabs.count()):
            # By the tab's title: a tab holds its page's PageSlot (views/shell/pages.py),
            # and naming the page here would load the audit log's code at start-up.
            if getattr(w.tabs.widget(i), "title", None) == "Audit log" and w.tabs.isTabVisible(i):
                if w.tabs.currentIndex() == i:
                    w.tabs.setCurrentIndex(0)
                w.tabs.setTabVisible(i, False)
                saved.hidden_tabs.append(i)
        for view in w.findChildren(QAbstractItemView):
            saved.triggers.append((view, view.editTriggers()))
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            if isinstance(view, QTableView):
                for col, key in enumerate(column_keys(view)):
                    if hides(key) and not view.isColumnHidden(col):
                        view.setColumnHidden(col, True)
                        saved.columns.append((view, col))
        self._person_panel(saved)
        self._map(saved)
        big = QFont(saved.font)
        big.setPointSizeF(saved.font.pointSizeF() * SCALE)
        QApplication.setFont(big)
        tip = QFont(saved.tip_font)
        tip.setPointSizeF(saved.tip_font.pointSizeF() * SCALE)
        QToolTip.setFont(tip)
        from app.models.entities import Response  # loaded with the response, not before

        with store.read() as s:
            response = s.get(Response, store.response_id)
            marking = response.protective_marking if response else "OFFICIAL-SENSITIVE"
        self.banner.setText(
            f"Presentation: references only — {marking} — editing is off (Esc to leave)"
        )
        self.banner.show()
        self.leave_key.setEnabled(True)
        w.showFullScreen()

    def _person_panel(self, saved: Saved) -> None:
        panel = getattr(self.window, "person_panel", None)
        if panel is None or not shiboken6.isValid(panel):
            return
        saved.panel_index = panel.tabs.currentIndex()
        # The summary stays (reference, setting, risk, next step; the name hidden); the
        # sections with concerns' details, notes and plans are left out.
        for i in range(1, panel.tabs.count()):
            if panel.tabs.isTabVisible(i):
                panel.tabs.setTabVisible(i, False)
                saved.panel_tabs.append(i)
        panel.tabs.setCurrentIndex(0)
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        panel = getattr(self.window, "person_panel", None)
        if panel is not None and shiboken6.isValid(panel):
            summary = panel.sections[0]
            summary.set_person(summary.person_id)
            panel.show_card()  # the heading names the person too

    def _map(self, saved: Saved) -> None:
        from app.views.map.page import MapPage  # loaded once a response is open

        for page in self._pages():
            if not isinstance(page, MapPage):
                continue
            saved.names = page.names_action.isChecked()
            page.names_action.setChecked(False)
            page.set_show_names(False)
            for thing in (
                page.names_action,
                page.add_action,
                page.delete_action,
                page.connect_tool,
                page.layout_button,
                page.search,  # its list of matches holds names
            ):
                saved.enabled.append((thing, thing.isEnabled()))
                thing.setEnabled(False)
            page.set_tool("select")
            saved.transform = page.view.transform()
            page.view.scale(SCALE, SCALE)
            self._forget_tooltips(page)

    @staticmethod
    def _forget_tooltips(page: MapPage) -> None:
        # Person tooltips are written on first hover: write them again, as they now read.
        for item in page.scene.people.values():
            item.tooltip_ready = False
            item.setToolTip("")

    def _leave(self) -> None:
        w, saved = self.window, self.saved
        assert saved is not None
        self.saved = None
        self.leave_key.setEnabled(False)
        self.banner.hide()
        SWITCH.set_on(False)
        store = w.store
        if store is not None:
            store.db.readonly, store.db.readonly_reason = saved.readonly
        if saved.stack is not None and shiboken6.isValid(saved.stack):
            w.undo_group.setActiveStack(saved.stack)
        QApplication.setFont(saved.font)
        QToolTip.setFont(saved.tip_font)
        for view, triggers in saved.triggers:
            if shiboken6.isValid(view):
                view.setEditTriggers(triggers)
        for view, col in saved.columns:
            if shiboken6.isValid(view):
                view.setColumnHidden(col, False)
        for thing, enabled in saved.enabled:
            if shiboken6.isValid(thing):
                thing.setEnabled(enabled)
        from app.views.map.page import MapPage

        for page in self._pages():
            if isinstance(page, MapPage):
                page.names_action.setChecked(saved.names)
                page.set_show_names(saved.names)
                if saved.transform is not None:
                    page.view.setTransform(saved.transform)
                self._forget_tooltips(page)
        for i in saved.hidden_tabs:
            w.tabs.setTabVisible(i, True)
        panel = getattr(w, "person_panel", None)
        if panel is not None and shiboken6.isValid(panel):
            for i in saved.panel_tabs:
                panel.tabs.setTabVisible(i, True)
            panel.tabs.setCurrentIndex(saved.panel_index)
        self._refresh_panel()
        w.tabs.setCurrentIndex(saved.tab)
        w.setWindowState(saved.state)
        if not saved.state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
            w.restoreGeometry(saved.geometry)

    def _refused(self) -> None:
        self.window.statusBar().showMessage(
            "Editing is off in presentation mode: press Esc to leave it.", 8000
        )
