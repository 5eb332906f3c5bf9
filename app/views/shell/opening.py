"""Opening a response in the main window: a file (lock, crash check, backup, banner, recent
files) or a shared response's address, the first response at start-up, new and demo files.

Loaded when the first response is opened, not with the window: it brings the data layer
(SQLAlchemy) and the map, which the window's shell paints before (issue 14: a window in
under 0.6 s; app/views/shell/after_paint.py `open_later`).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog

from app.models.database import (
    EXTENSION,
    DamagedFileError,
    Database,
    DatabaseFileError,
    backup_to,
    create_database,
    open_database,
)
from app.models.lock import FileBusyError
from app.models.server import is_server_url
from app.services.editing import audit
from app.views.shell import file_safety, warm
from app.views.shell.after_paint import after_first_paint
from app.views.shell.folders import data_folder, default_file, response_place
from app.views.shell.store import Store

if TYPE_CHECKING:
    from app.views.shell.main_window import MainWindow

MAX_RECENT = 8
FILE_FILTER = f"Circles response (*{EXTENSION});;All files (*)"


def open_path(window: MainWindow, path: str | Path, *, readonly: bool = False) -> bool:
    """Open a response file (or a shared response's address); on failure say why and keep
    the current one open."""
    if is_server_url(path):
        return window.open_shared(str(path), readonly=readonly)
    path = Path(path).expanduser()
    if window.store is not None and _is_open(window, path):
        window.close_file()  # reopening the file open here: release its lock first
    try:
        db = open_database(path, readonly=readonly)
    except FileBusyError as exc:  # open for editing elsewhere: offer it read-only
        file_safety.offer_read_only(window, exc)
        return False
    except DamagedFileError as exc:  # offer the latest good backup
        file_safety.offer_backup_for_damaged(window, path, str(exc))
        return False
    except DatabaseFileError as exc:
        window.report(str(exc))
        return False
    if not file_safety.check_after_unclean_shutdown(window, db):
        return False
    window._set_store(Store(db, window))
    remember_recent(str(db.path))
    show_banner(window, db)
    window.backups.attach(window.store)  # type: ignore[arg-type]
    # After the window has painted (0.1 s at 2,000 young people), if still this response.
    store = window.store
    # Then, when the user leaves mouse and keyboard alone, the other tabs' code loads.
    after_first_paint(window, lambda: warm.after_open(window, lambda: window.store is store))
    return True


def _is_open(window: MainWindow, path: Path) -> bool:
    assert window.store is not None
    try:
        return window.store.db.path.resolve() == path.resolve()
    except OSError:
        return False


def show_banner(window: MainWindow, db: Database) -> None:
    text = file_safety.banner_text(db)
    window.banner.setText(text or "")
    window.banner.setVisible(bool(text))


def new_response(window: MainWindow) -> None:
    from app.views.shell.response_dialog import ResponseDialog

    dialog = ResponseDialog(window, new=True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    values = dialog.values()
    suggested = str(data_folder() / f"{values['title'][:60].replace('/', '-')}{EXTENSION}")
    path, _ = QFileDialog.getSaveFileName(
        window, "Create the response file", suggested, FILE_FILTER
    )
    if path:
        create_response(window, Path(path), values)


def create_response(window: MainWindow, path: Path, values: dict) -> bool:
    if path.suffix != EXTENSION:
        path = path.with_name(path.name + EXTENSION)
    try:
        # The file dialog has already asked before replacing an existing file.
        db = create_database(path, force=path.exists(), **values)
    except (DatabaseFileError, ValueError) as exc:
        window.report(str(exc))
        return False
    db.close()
    return window.open_path(path)


def open_dialog(window: MainWindow) -> None:
    store = window.store
    start = str(response_place(store.db).parent) if store else str(data_folder())
    path, _ = QFileDialog.getOpenFileName(window, "Open a response", start, FILE_FILTER)
    if path:
        window.open_path(path)


def open_demo(window: MainWindow) -> None:
    path = data_folder() / f"Fictional demo{EXTENSION}"
    if window.store is not None and window.store.db.path == path:
        window.close_file()  # the demo is regenerated fresh in its place
    from app.services.files.demo import build_demo  # loaded when the demo is asked for

    try:
        build_demo(path, force=True).close()
    except DatabaseFileError as exc:
        window.report(str(exc))
        return
    window.open_path(path)


# ----- a copy of the open file ---------------------------------------------------------
def save_copy_as(window: MainWindow) -> None:
    if window.store is None:
        return
    if window.store.db.shared:  # a shared response is written into a new file
        from app.views.shell.shared_actions import save_shared_copy_as

        save_shared_copy_as(window)
        return
    src = window.store.db.path
    path, _ = QFileDialog.getSaveFileName(
        window, "Save a copy as", str(src.with_name(src.stem + " copy" + EXTENSION)), FILE_FILTER
    )
    if path:
        window.save_copy_to(Path(path))


def save_copy_to(window: MainWindow, target: Path) -> bool:
    assert window.store is not None
    if window.store.db.shared:  # written on a worker (app/views/shell/shared_actions.py)
        from app.views.shell.shared_actions import save_shared_copy

        return save_shared_copy(window, target) is not None
    if target.suffix != EXTENSION:
        target = target.with_name(target.name + EXTENSION)
    if target.resolve() == window.store.db.path.resolve():
        window.report("Choose a different file for the copy.")
        return False
    tmp = target.with_name(f".{target.name}.copying")
    try:
        tmp.unlink(missing_ok=True)
        backup_to(window.store.db.path, tmp)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        window.report(f"The copy could not be saved ({exc.strerror or exc}).")
        return False
    except Exception as exc:  # noqa: BLE001 - sqlite3 errors
        tmp.unlink(missing_ok=True)
        window.report(f"The copy could not be saved ({exc}).")
        return False
    audit.record(window.store.db, "Saved a copy", kind="copy", detail=str(target))
    window.statusBar().showMessage(f"Copy saved as {target}", 5000)
    return True


# ----- recent files ---------------------------------------------------------------------
def recent_files() -> list[str]:
    from PySide6.QtCore import QSettings

    value = QSettings().value("recent/files", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def remember_recent(path: str) -> None:
    """A file's path or a shared response's address (which never holds a password)."""
    from PySide6.QtCore import QSettings

    files = [path] + [f for f in recent_files() if f != path]
    QSettings().setValue("recent/files", files[:MAX_RECENT])


# ----- the first response, at start-up --------------------------------------------------
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
