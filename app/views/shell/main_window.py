"""The main window: menus, the open response's pages, the status line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.views.common import a11y, screen_fit
from app.views.common.messages import show_error
from app.views.shell import gc_policy
from app.views.shell.folders import data_folder
from app.views.shell.keyboard import hide_empty_tab_bars, install_page_keys
from app.views.shell.pages import PERSON_PAGES, PageSlot, build_pages
from app.views.shell.presentation import PresentationMode
from app.views.shell.window_place import restore_geometry, show_about

# Only Qt and the window's own shell code above: the data layer (SQLAlchemy), the map and
# the opening flow (app/views/shell/opening.py) load after the shell has painted (issue 14).
if TYPE_CHECKING:
    from app.models.database import Database
    from app.services.editing.editor import Changes
    from app.views.shell.file_safety import BackupScheduler
    from app.views.shell.store import Store

__all__ = ["MainWindow", "data_folder", "open_first_response"]

FIRST_SIZE = QSize(1280, 800)  # shrunk to the screen's available area when smaller


class MainWindow(QMainWindow):
    """Owns the open response's Store and rebuilds the pages when the file changes."""

    def __init__(self) -> None:
        super().__init__()
        a11y.install()  # tables not a trap, named filter boxes... for every widget to come
        screen_fit.install()  # every dialog fits the screen (large text, small screens)
        self.setWindowTitle("Circles")
        self.store: Store | None = None
        self.slots: list[PageSlot] = []  # one per tab; each builds its page when first shown
        self._page_actions: list[QAction] = []
        self.last_error: str | None = None
        self.undo_group = QUndoGroup(self)
        self._backups: BackupScheduler | None = None  # made on first use (self.backups)
        self.opening = False  # True while the first response is opened after the first paint

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setObjectName("readonlyBanner")
        self.banner.setStyleSheet(
            "background: #fff3c4; color: #3d3000; padding: 6px; "
            "font-weight: bold; border-bottom: 1px solid #c9a800;"
        )
        self.banner.setWordWrap(True)
        self.banner.hide()
        lay.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(self._show_docks_of_current_page)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.status_file = QLabel()
        self.status_title = QLabel()
        self.status_review = QLabel()
        self.status_fictional = QLabel("FICTIONAL DATA")
        self.status_fictional.setObjectName("fictionalBadge")
        self.status_fictional.setStyleSheet(
            "background: #6a3d9a; color: white; font-weight: bold; padding: 1px 8px;"
        )
        for w in (self.status_title, self.status_review, self.status_fictional):
            self.statusBar().addPermanentWidget(w)
        self.statusBar().addWidget(self.status_file, 1)
        self.status_fictional.hide()  # shown for the demo once it is open, never before
        self._build_menus()
        install_page_keys(self, self.tabs)
        self.presentation = PresentationMode(self)
        self._restore_geometry()

    # ----- menus -----------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.response_menu = bar.addMenu("&Response")
        self.view_menu = bar.addMenu("&View")
        help_menu = bar.addMenu("&Help")

        def act(menu: QMenu, text: str, slot, shortcut=None) -> QAction:  # noqa: ANN001
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        self.new_action = act(
            self.file_menu, "&New response...", self.new_response, QKeySequence.StandardKey.New
        )
        act(self.file_menu, "&Open...", self.open_dialog, QKeySequence.StandardKey.Open)
        act(self.file_menu, "Open &shared response...", self._open_shared_dialog)
        self.recent_menu = self.file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.copy_action = act(
            self.file_menu, "Save a &copy as...", self.save_copy_as, QKeySequence.StandardKey.SaveAs
        )
        act(self.file_menu, "Open the fictional &demo", self.open_demo)
        self.file_menu.addSeparator()
        self.file_menu_tail = self.file_menu.addSeparator()
        act(self.file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.undo_action = self.undo_group.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()

        self.details_action = act(
            self.response_menu, "Response &details...", self.edit_response_details
        )
        act(help_menu, "About Circles", self._about)

    def page_menu(self, name: str) -> QMenu:
        """The menu a page adds its actions to ("File", "Edit", "Response", "View")."""
        return {
            "File": self.file_menu,
            "Edit": self.edit_menu,
            "Response": self.response_menu,
            "View": self.view_menu,
        }[name]

    def add_page_action(self, menu: str, action: QAction) -> None:
        """Add an action owned by the current pages; removed when the file changes."""
        m = self.page_menu(menu)
        if menu == "File":
            m.insertAction(self.file_menu_tail, action)
        else:
            m.addAction(action)
        self._page_actions.append(action)

    # ----- opening files (app/views/shell/opening.py) -----------------------------------
    def open_path(self, path: str | Path, *, readonly: bool = False) -> bool:
        """Open a response file (or a shared response's address); on failure say why and
        keep the current one open."""
        from app.views.shell import opening

        return opening.open_path(self, path, readonly=readonly)

    def open_shared(self, address: str, *, readonly: bool = False) -> bool:
        """Open a response on a shared PostgreSQL server (app/views/shell/shared_open.py)."""
        from app.views.shell.shared_open import open_shared

        return open_shared(self, address, readonly=readonly)

    def _open_shared_dialog(self) -> None:
        from app.views.shell.shared_open import open_shared_dialog

        open_shared_dialog(self)

    def _show_banner(self, db: Database) -> None:
        from app.views.shell.opening import show_banner

        show_banner(self, db)

    @property
    def backups(self) -> BackupScheduler:
        """Backs up the open response (made when first needed: it loads the data layer)."""
        if self._backups is None:
            from app.views.shell.file_safety import BackupScheduler

            self._backups = BackupScheduler(self)
        return self._backups

    def close_file(self) -> None:
        """The one way the open response goes, whatever comes next (another file, the
        same file again, a restored backup, a failed reopen, quitting): its pages, the
        menu actions and docks they added, its undo stack, then the file and its lock."""
        self.presentation.set_on(False)  # the screen as it was, before its pages go
        old = self.store
        self.store = None
        gc_policy.before_close()
        for slot in self.slots:
            slot.deleteLater()
        self.slots.clear()
        self.tabs.clear()
        for action in self._page_actions:
            for menu in (self.file_menu, self.edit_menu, self.response_menu, self.view_menu):
                menu.removeAction(action)
            action.deleteLater()
        self._page_actions.clear()
        for dock in self.findChildren(QDockWidget, "pageDock"):
            self.removeDockWidget(dock)
            dock.setObjectName("closedDock")  # gone for good, even before Qt deletes it
            dock.deleteLater()
        if self._backups is not None:
            self._backups.detach()
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close_listener()  # a shared response's own connection, then the pool's
            old.db.close()
            old.deleteLater()
        self.banner.hide()
        for label in (self.status_file, self.status_title, self.status_review):
            label.clear()
        self.status_fictional.hide()
        self.setWindowTitle("Circles")

    def _set_store(self, store: Store) -> None:
        self.close_file()
        self.store = store
        self.undo_group.addStack(store.undo_stack)
        self.undo_group.setActiveStack(store.undo_stack)
        store.error.connect(self.report)
        store.changed.connect(self._on_changed)
        from app.views.shell import offline  # the data layer loads after the first paint

        offline.watch(self, store)  # a shared server lost and found: said in the status line
        self.slots = build_pages(self, store)
        from app.views.person.panel import PersonPanel

        self.person_panel = PersonPanel(store, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.person_panel)
        # On a narrow screen (large text) the panel starts at its narrowest, beside the page.
        panel_width = self.person_panel.minimumWidth() if screen_fit.narrow_screen(self) else 340
        self.resizeDocks([self.person_panel], [panel_width], Qt.Orientation.Horizontal)
        self.view_menu.addAction(self.person_panel.show_action)
        self._page_actions.append(self.person_panel.show_action)
        store.show_map_requested.connect(self.show_map)
        self._show_docks_of_current_page(self.tabs.currentIndex())
        hide_empty_tab_bars(self, self.tabs)
        editable = not store.readonly
        self.details_action.setEnabled(editable)
        self._update_status()

    def page_about_to_show(self, slot: QWidget) -> None:
        """Called by a tab's slot just before it is shown: the docks and the smallest size
        follow it now and the window is laid out again at once, so the page is laid out
        and painted a single time, at its final size."""
        if not self.isVisible() or not any(s is slot for s in self.slots):
            return  # the file's pages being made or closed: _set_store sees to the docks
        index = self.tabs.indexOf(slot)
        self._show_docks_of_current_page(index)
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _show_docks_of_current_page(self, index: int) -> None:
        # Docks that belong to a page (the map's People and Connections tables) are shown
        # with that page only, so other screens keep the whole height of a laptop screen.
        # (Done before the page is shown, by page_about_to_show; again, doing nothing
        # new, when the tab widget says the tab changed.)
        current = self.tabs.widget(index)
        # Only the page shown sets the window's smallest size: a wide Meetings editor
        # must not keep the Map tab (with the person panel beside it) off a small screen.
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        panel = getattr(self, "person_panel", None)
        if panel is not None and self.store is not None and isValid(panel):
            panel.set_page_allows(getattr(current, "title", None) in PERSON_PAGES)
        for slot in self.slots:
            page = slot.page
            for dock in getattr(page, "docks", []):
                if slot is current:
                    dock.setVisible(dock.property("wantedVisible") is not False)
                elif dock.isVisible() or dock.property("wantedVisible") is None:
                    dock.setProperty("wantedVisible", dock.isVisible())
                    dock.hide()

    @property
    def pages(self) -> list[QWidget]:
        """Every page of the open response, built if not yet shown (for callers that need
        them all; the window itself builds a page only when its tab is shown)."""
        return [slot.build() for slot in self.slots]

    def page_at(self, index: int) -> QWidget:
        """The page in tab `index`, built if its tab has not been shown yet."""
        slot = self.tabs.widget(index)
        return slot.build() if isinstance(slot, PageSlot) else slot

    def show_map(self) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == "Map":
                self.tabs.setCurrentIndex(i)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("response"):
            self._update_status()

    def _update_status(self) -> None:
        if self.store is None:
            return
        from app.models.entities import Response
        from app.services.coverage.labels import review_days
        from app.views.shell.shared_open import show_place

        with self.store.read() as s:
            r = s.get(Response, self.store.response_id)
            assert r is not None
            title, review, demo = r.title, r.review_date, r.is_demo
        days = (review - date.today()).days
        left = review_days(days)
        where = show_place(self.status_file, self.store.db)  # a file's path, or the server
        self.status_title.setText(title)
        self.status_review.setText(f"Review date {review:%d/%m/%Y} ({left})")
        self.status_fictional.setVisible(demo)
        ro = " [read-only]" if self.store.readonly else ""
        self.setWindowTitle(f"{'FICTIONAL — ' if demo else ''}{title}{where}{ro} — Circles")

    def report(self, text: str) -> None:
        self.last_error = text
        show_error(self, text)

    def new_response(self) -> None:
        from app.views.shell.opening import new_response

        new_response(self)

    def create_response(self, path: Path, values: dict) -> bool:
        from app.views.shell.opening import create_response

        return create_response(self, path, values)

    def open_dialog(self) -> None:
        from app.views.shell.opening import open_dialog

        open_dialog(self)

    def open_demo(self) -> None:
        from app.views.shell.opening import open_demo

        open_demo(self)

    def save_copy_as(self) -> None:
        from app.views.shell.opening import save_copy_as

        save_copy_as(self)

    def save_copy_to(self, target: Path) -> bool:
        from app.views.shell.opening import save_copy_to

        return save_copy_to(self, target)

    def edit_response_details(self) -> None:
        if self.store is None:
            return
        from app.models.entities import Response
        from app.views.shell.response_dialog import ResponseDialog

        with self.store.read() as s:
            r = s.get(Response, self.store.response_id)
            assert r is not None
            values = {
                k: getattr(r, k)
                for k in (
                    "title",
                    "lead_area",
                    "referral_date",
                    "referral_reference",
                    "stage",
                    "review_date",
                    "protective_marking",
                    "prompt_window_days",
                )
            }
        dialog = ResponseDialog(self, values=values, new=False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new_values = dialog.values()
        rid = self.store.response_id
        # Loaded when used: it brings the closure checklist's code (issue 14, start-up).
        from app.services.people.response_details import update_response

        self.store.run(lambda s: update_response(s, rid, new_values))

    # ----- settings --------------------------------------------------------------------
    def _settings(self) -> QSettings:
        return QSettings()

    def _restore_geometry(self) -> None:
        restore_geometry(self, FIRST_SIZE)

    def recent_files(self) -> list[str]:
        from app.views.shell.opening import recent_files

        return recent_files()

    def _remember_recent(self, path: str) -> None:
        """A file's path or a shared response's address (which never holds a password)."""
        from app.views.shell.opening import remember_recent

        remember_recent(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        if not files:
            a = self.recent_menu.addAction("(none yet)")
            a.setEnabled(False)
        for f in files:
            a = self.recent_menu.addAction(f)
            a.triggered.connect(lambda _=False, f=f: self.open_path(f))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings().setValue("window/geometry", self.saveGeometry())
        self.close_file()
        super().closeEvent(event)

    def _about(self) -> None:
        show_about(self)


def open_first_response(window: MainWindow, path: str | None) -> None:
    """Open FILE, or the default response (created on first run), so work can start at once."""
    from app.views.shell.opening import open_first_response as open_first

    open_first(window, path)
