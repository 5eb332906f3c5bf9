"""What the main window does so that nothing entered is lost (Qt glue over the services).

- a file open for editing elsewhere: say who has it, offer it read-only;
- after an unclean shutdown (a lock left behind): check the file; if it is damaged, keep it
  aside and offer the latest good backup;
- a backup on opening and after an hour of editing (`BackupScheduler`);
- a banner for read-only files and for files on network shares or in synced folders.

Every box is non-blocking (`open()`), so a meeting is never stalled and tests can answer.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from app.models.database import Database
from app.models.entities import Response
from app.models.lock import FileBusyError
from app.services.files import backups
from app.services.files.integrity import inspect
from app.services.files.private import location_warning
from app.services.files.transfer import moved_notice
from app.views.shell.folders import data_folder

if TYPE_CHECKING:
    from app.views.shell.store import Store
    from app.views.shell.window_api import ShellWindow

BACKUP_AFTER_MS = 60 * 60 * 1000  # an hour of editing


def _data_folder() -> Path:
    return data_folder()


def _box(
    parent: QWidget, title: str, text: str, info: str, accept: str, name: str
) -> tuple[QMessageBox, object]:
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setObjectName(name)
    box.setInformativeText(info)
    yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    return box, yes


# ----- one writer ---------------------------------------------------------------------------
def offer_read_only(window: ShellWindow, error: FileBusyError) -> QMessageBox:
    """'NAME is open for editing by jo on LAPTOP since 14:05 today.' [Open read-only]"""
    path = error.path
    where = error.holder.describe() if error.holder else "in another Circles window or program"
    box, yes = _box(
        window,
        "Response in use",
        f"{path.name} is open for editing {where}.",
        "Only one window can edit a response at a time, so that no entry is lost. You can "
        "open it read-only to look at it; ask them to close it before you make changes.",
        "Open read-only",
        "fileBusyBox",
    )
    window.last_error = str(error)

    def answered() -> None:
        if box.clickedButton() is yes and window.open_path(path, readonly=True):
            db = window.store.db  # type: ignore[union-attr]
            db.readonly_reason = f"it is open for editing {where}"
            window.banner.setText(banner_text(db) or "")

    box.finished.connect(answered)
    box.open()
    return box


def offer_showing(window: QWidget) -> bool:
    """Whether a busy or damaged file offer is waiting for an answer."""
    return any(
        box.isVisible() and box.objectName() in ("fileBusyBox", "damagedBox")
        for box in window.findChildren(QMessageBox)
    )


# ----- damage and unclean shutdown ------------------------------------------------------------
def check_after_unclean_shutdown(window: ShellWindow, db: Database) -> bool:
    """Run the check when the last session ended uncleanly. False: do not use `db`."""
    if not db.unclean_shutdown:
        return True
    report = inspect(db.path)
    if report.damaged:
        db.close()
        offer_backup_for_damaged(window, db.path, report.damage[0])
        return False
    if report.problems:
        window.report(
            f"Circles was not closed properly last time, and checking {db.path.name} found: "
            + "; ".join(report.problems[:5])
            + ". Please correct these entries."
        )
    else:
        window.statusBar().showMessage(
            f"Circles was not closed properly last time; {db.path.name} was checked and is "
            "sound (every entry saved before then is in it).",
            15000,
        )
    return True


def offer_backup_for_damaged(window: ShellWindow, path: Path, detail: str) -> QMessageBox:
    """Tell the user the file is damaged; offer the latest good backup (damaged kept aside)."""
    good = backups.latest_good(path, _data_folder())
    detail = _plain_detail(path, detail)
    if good is None:
        text = f"{path.name} is damaged and there is no backup of it on this computer."
        window.last_error = text
        box = QMessageBox(QMessageBox.Icon.Warning, "Response file damaged", text, parent=window)
        box.setObjectName("damagedBox")
        box.setInformativeText(
            f"The file has been left as it is ({detail}). Ask your IT service to restore it "
            "from their backups, or open a copy sent to a colleague."
        )
        box.open()
        return box
    summary = backups.summarise(good)
    people = f", {summary.people} young people" if summary else ""
    box, yes = _box(
        window,
        "Response file damaged",
        f"{path.name} is damaged ({detail}).",
        f"The latest good backup is from {good.made_at:%d/%m/%Y %H:%M}{people}. Restore it? "
        f"The damaged file is kept aside beside it, named '{path.stem} (damaged ...)', so "
        "nothing is thrown away. Entries made after the backup are not in it.",
        "Restore the backup",
        "damagedBox",
    )
    window.last_error = f"{path.name} is damaged."

    def answered() -> None:
        if box.clickedButton() is not yes:
            return
        try:
            kept = backups.restore(good, path, label="damaged")
        except (backups.BackupError, FileBusyError) as exc:
            window.report(str(exc))
            return
        if window.open_path(path):
            where = f" The damaged file is kept as {kept.name}." if kept else ""
            window.statusBar().showMessage(
                f"Restored the backup from {good.made_at:%d/%m/%Y %H:%M}.{where}", 20000
            )

    box.finished.connect(answered)
    box.open()
    return box


def _plain_detail(path: Path, detail: str) -> str:
    """'r.circles is damaged: database disk image is malformed.' -> 'database disk ...'"""
    detail = detail.split(";")[0].strip().rstrip(".")
    for prefix in (f"{path.name} is damaged", "SQLite integrity check"):
        if detail.startswith(prefix):
            detail = detail[len(prefix) :].strip(" :()")
    if not detail or detail.startswith("and "):
        return "SQLite cannot read it"
    return detail


# ----- banners ----------------------------------------------------------------------------------
def banner_text(db: Database) -> str | None:
    """The read-only and risky-location warnings for the banner, or None."""
    lines = []
    if db.readonly:
        why = f" ({db.readonly_reason})" if db.readonly_reason else ""
        lines.append(
            f"{db.path.name} is open read-only{why}: you can look, but changes cannot be saved."
        )
    # A shared response is on a server, not in a file on a share: nothing to warn about.
    warning = None if db.shared else location_warning(db.path)
    if warning:
        lines.append(warning)
    moved = moved_notice(db)  # a file moved to a shared server (File > Move to shared...)
    if moved:
        lines.append(moved)
    return "\n".join(lines) or None


# ----- backups -----------------------------------------------------------------------------------
class BackupScheduler(QObject):
    """Backs up the open response on opening, then an hour after the first edit since the
    last backup. Failures go to the status bar: a meeting is not interrupted for them."""

    def __init__(self, window: ShellWindow) -> None:
        super().__init__(window)  # type: ignore[arg-type] - the window is a QObject
        self.window = window
        self.store: Store | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(BACKUP_AFTER_MS)
        self.timer.timeout.connect(lambda: self.backup_now("hourly"))
        self.last: backups.Backup | None = None
        self.last_error: str | None = None

    def attach(self, store: Store) -> None:
        self.timer.stop()
        self.store = store
        store.changed.connect(self._on_changed)
        store.destroyed.connect(self.detach)
        if self._wanted():
            self.backup_now("open")

    def detach(self) -> None:
        self.store = None
        self.timer.stop()

    def _wanted(self) -> bool:
        store = self.store
        if store is None or store.readonly:
            return False
        with store.read() as s:
            r = s.get(Response, store.response_id)
            return r is not None and not r.is_demo  # the demo is rebuilt on every opening

    def _on_changed(self, _changes: object) -> None:
        if self.sender() is self.store and not self.timer.isActive() and self._wanted():
            self.timer.start()

    def backup_now(self, reason: str) -> backups.Backup | None:
        if self.store is None:
            return None
        try:
            self.last = backups.make_backup(self.store.db.path, _data_folder(), reason=reason)
            self.last_error = None
        except backups.BackupError as exc:
            self.last_error = str(exc)
            self.window.statusBar().showMessage(str(exc), 15000)
            return None
        if reason != "open":
            self.window.statusBar().showMessage(f"Backed up at {datetime.now():%H:%M}.", 5000)
        return self.last
