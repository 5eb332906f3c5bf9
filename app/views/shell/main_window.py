"""The main window: menus, the open response's pages, the status line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.models.database import (
    EXTENSION,
    DamagedFileError,
    Database,
    DatabaseFileError,
    backup_to,
    create_database,
    open_database,
)
from app.models.entities import Response
from app.models.lock import FileBusyError
from app.models.server import is_server_url
from app.services.coverage.labels import review_days
from app.services.editing import audit
from app.services.editing.editor import Changes
from app.views.common import a11y, screen_fit
from app.views.common.messages import show_error
from app.views.person.panel import PersonPanel
from app.views.shell import file_safety, gc_policy, offline
from app.views.shell.after_paint import after_first_paint
from app.views.shell.folders import data_folder, default_file, response_place
from app.views.shell.keyboard import hide_empty_tab_bars, install_page_keys
from app.views.shell.pages import PERSON_PAGES, PageSlot, build_pages
from app.views.shell.presentation import PresentationMode
from app.views.shell.response_dialog import ResponseDialog
from app.views.shell.shared_open import open_shared, open_shared_dialog, show_place
from app.views.shell.store import Store
from app.views.shell.window_place import restore_geometry, show_about

MAX_RECENT = 8
FIRST_SIZE = QSize(1280, 800)  # shrunk to the screen's available area when smaller
FILE_FILTER = f"Circles response (*{EXTENSION});;All files (*)"


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
        self.backups = file_safety.BackupScheduler(self)

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
        act(self.file_menu, "Open &shared response...", lambda: open_shared_dialog(self))
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

    # ----- opening files ---------------------------------------------------------------
    def open_path(self, path: str | Path, *, readonly: bool = False) -> bool:
        """Open a response file (or a shared response's address); on failure say why and
        keep the current one open."""
        if is_server_url(path):
            return self.open_shared(str(path), readonly=readonly)
        path = Path(path).expanduser()
        if self.store is not None and self._is_open(path):
            self.close_file()  # reopening the file open here: release its lock first
        try:
            db = open_database(path, readonly=readonly)
        except FileBusyError as exc:  # open for editing elsewhere: offer it read-only
            file_safety.offer_read_only(self, exc)
            return False
        except DamagedFileError as exc:  # offer the latest good backup
            file_safety.offer_backup_for_damaged(self, path, str(exc))
            return False
        except DatabaseFileError as exc:
            self.report(str(exc))
            return False
        if not file_safety.check_after_unclean_shutdown(self, db):
            return False
        self._set_store(Store(db, self))
        self._remember_recent(str(db.path))
        self._show_banner(db)
        self.backups.attach(self.store)  # type: ignore[arg-type]
        # After the window has painted (0.1 s at 2,000 young people), if still this response.
        store = self.store
        after_first_paint(self, lambda: self.store is store and gc_policy.after_open())
        return True

    def open_shared(self, address: str, *, readonly: bool = False) -> bool:
        """Open a response on a shared PostgreSQL server (app/views/shell/shared_open.py)."""
        return open_shared(self, address, readonly=readonly)

    def _is_open(self, path: Path) -> bool:
        assert self.store is not None
        try:
            return self.store.db.path.resolve() == path.resolve()
        except OSError:
            return False

    def _show_banner(self, db: Database) -> None:
        text = file_safety.banner_text(db)
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

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
        self.backups.detach()
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
        offline.watch(self, store)  # a shared server lost and found: said in the status line
        self.slots = build_pages(self, store)
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

    def _show_docks_of_current_page(self, index: int) -> None:
        # Docks that belong to a page (the map's People and Connections tables) are shown
        # with that page only, so other screens keep the whole height of a laptop screen.
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
        dialog = ResponseDialog(self, new=True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        suggested = str(data_folder() / f"{values['title'][:60].replace('/', '-')}{EXTENSION}")
        path, _ = QFileDialog.getSaveFileName(
            self, "Create the response file", suggested, FILE_FILTER
        )
        if path:
            self.create_response(Path(path), values)

    def create_response(self, path: Path, values: dict) -> bool:
        if path.suffix != EXTENSION:
            path = path.with_name(path.name + EXTENSION)
        try:
            # The file dialog has already asked before replacing an existing file.
            db = create_database(path, force=path.exists(), **values)
        except (DatabaseFileError, ValueError) as exc:
            self.report(str(exc))
            return False
        db.close()
        return self.open_path(path)

    def open_dialog(self) -> None:
        start = str(response_place(self.store.db).parent) if self.store else str(data_folder())
        path, _ = QFileDialog.getOpenFileName(self, "Open a response", start, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_demo(self) -> None:
        path = data_folder() / f"Fictional demo{EXTENSION}"
        if self.store is not None and self.store.db.path == path:
            self.close_file()  # the demo is regenerated fresh in its place
        from app.services.files.demo import build_demo  # loaded when the demo is asked for

        try:
            build_demo(path, force=True).close()
        except DatabaseFileError as exc:
            self.report(str(exc))
            return
        self.open_path(path)

    def save_copy_as(self) -> None:
        if self.store is None:
            return
        if self.store.db.shared:  # a shared response is written into a new file
            from app.views.shell.shared_actions import save_shared_copy_as

            save_shared_copy_as(self)
            return
        src = self.store.db.path
        path, _ = QFileDialog.getSaveFileName(
            self, "Save a copy as", str(src.with_name(src.stem + " copy" + EXTENSION)), FILE_FILTER
        )
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self, target: Path) -> bool:
        assert self.store is not None
        if self.store.db.shared:  # written on a worker (app/views/shell/shared_actions.py)
            from app.views.shell.shared_actions import save_shared_copy

            return save_shared_copy(self, target) is not None
        if target.suffix != EXTENSION:
            target = target.with_name(target.name + EXTENSION)
        if target.resolve() == self.store.db.path.resolve():
            self.report("Choose a different file for the copy.")
            return False
        tmp = target.with_name(f".{target.name}.copying")
        try:
            tmp.unlink(missing_ok=True)
            backup_to(self.store.db.path, tmp)
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            self.report(f"The copy could not be saved ({exc.strerror or exc}).")
            return False
        except Exception as exc:  # noqa: BLE001 - sqlite3 errors
            tmp.unlink(missing_ok=True)
            self.report(f"The copy could not be saved ({exc}).")
            return False
        audit.record(self.store.db, "Saved a copy", kind="copy", detail=str(target))
        self.statusBar().showMessage(f"Copy saved as {target}", 5000)
        return True

    def edit_response_details(self) -> None:
        if self.store is None:
            return
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
        value = self._settings().value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: str) -> None:
        """A file's path or a shared response's address (which never holds a password)."""
        files = [path] + [f for f in self.recent_files() if f != path]
        self._settings().setValue("recent/files", files[:MAX_RECENT])

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
    if path:
        if window.open_path(path) or file_safety.offer_showing(window):
            return
    target = default_file()
    if not target.exists():
        today = date.today()
        try:
            create_database(
                target,
                title="New response",
                lead_area="Not yet recorded",
                referral_date=today,
                review_date=today + timedelta(days=28),
            ).close()
        except DatabaseFileError as exc:
            window.report(str(exc))
            return
        window.statusBar().showMessage(
            "A new response was created. Set its title and dates in Response > Response details.",
            15000,
        )
    window.open_path(target)
