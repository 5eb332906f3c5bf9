"""Backups of response files into the user's data folder, and restoring them (no Qt).

- Made through SQLite's backup API (a consistent snapshot of a live WAL database; a plain
  file copy could catch a half-written page or miss the -wal file).
- Written under a temporary name, reopened and checked (`PRAGMA integrity_check`,
  foreign keys, one readable response) and only then renamed to its final name: a file
  under the final name is a good backup, and nothing else counts.
- Retention: the 10 newest, plus the newest of each day for the last 30 days.
- Restoring never overwrites: the current file (with its -wal/-shm) is first moved aside
  beside it as "NAME (before restore DATE).circles"; a damaged file is kept aside as
  "NAME (damaged DATE).circles".

The folder is `DATA/backups/<file name>-<8 hex of its full path>/`, one per response file,
so two responses with the same name in different folders keep separate backups. The views
pass DATA (QStandardPaths, app.views.shell.main_window.data_folder()); this module knows no Qt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.models.database import EXTENSION, backup_to
from app.services.files.private import make_private, private_folder

KEEP_LATEST = 10
KEEP_DAILY_DAYS = 30
STAMP = "%Y-%m-%d %H%M%S"
_NAME = re.compile(r"^(?P<stamp>\d{4}-\d{2}-\d{2} \d{6})(?:-(?P<n>\d+))? (?P<why>[a-z-]+)$")

REASONS = {
    "open": "on opening",
    "hourly": "after an hour of editing",
    "manual": "made by hand",
    "restore": "before a restore",
}


class BackupError(Exception):
    """A backup could not be made or restored; str(error) is one sentence for the user."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str  # a key of REASONS

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, for the restore list."""

    people: int
    title: str
    size: int


def backups_root(data_folder: Path) -> Path:
    return Path(data_folder) / "backups"


def folder_for(db_path: Path, data_folder: Path) -> Path:
    resolved = Path(db_path).resolve()
    digest = hashlib.sha256(os.path.normcase(str(resolved)).encode("utf-8")).hexdigest()[:8]
    safe = re.sub(r"[^\w .()-]+", "_", resolved.stem)[:60].strip() or "response"
    return backups_root(data_folder) / f"{safe}-{digest}"


def verify(path: Path) -> str | None:
    """None when `path` is a healthy Circles database, else a short reason."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            return "; ".join(rows[:3])
        if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
            return "a row refers to a missing record"
        if con.execute("SELECT count(*) FROM response").fetchone()[0] != 1:
            return "it does not hold exactly one response"
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        con.close()
    return None


def make_backup(
    db_path: Path, data_folder: Path, *, reason: str = "open", now: datetime | None = None
) -> Backup:
    """Back up `db_path` (open or not) and prune old backups; raises BackupError."""
    now = (now or datetime.now()).replace(microsecond=0)
    try:
        folder = private_folder(folder_for(db_path, data_folder))
        private_folder(backups_root(data_folder))
    except OSError as exc:
        raise BackupError(f"The backups folder cannot be created ({exc.strerror or exc}).") from exc
    final = _free_name(folder, now, reason)
    tmp = folder / f".{final.name}.part"
    try:
        tmp.unlink(missing_ok=True)
        backup_to(Path(db_path), tmp)  # creates tmp owner-only first
        problem = verify(tmp)
        if problem:
            raise BackupError(f"The backup of {Path(db_path).name} failed its check ({problem}).")
        make_private(tmp)
        os.replace(tmp, final)
    except BackupError:
        tmp.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        reason_text = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"{Path(db_path).name} could not be backed up ({reason_text}).") from exc
    prune(folder, now=now)
    return Backup(final, now, reason)


def _free_name(folder: Path, now: datetime, reason: str) -> Path:
    stamp = now.strftime(STAMP)
    candidate = folder / f"{stamp} {reason}{EXTENSION}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{stamp}-{n} {reason}{EXTENSION}"
    return candidate


def _parse(path: Path) -> Backup | None:
    if path.suffix != EXTENSION or path.name.startswith("."):
        return None
    m = _NAME.match(path.stem)
    if not m:
        return None
    try:
        made = datetime.strptime(m.group("stamp"), STAMP)
    except ValueError:
        return None
    return Backup(path, made, m.group("why"))


def backups_in(folder: Path) -> list[Backup]:
    """Good backups in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if (b := _parse(p)) is not None]
    return sorted(found, key=_order, reverse=True)


def _order(b: Backup) -> tuple[datetime, int, str]:
    # Two backups in the same second: the one written last is the newer.
    try:
        written = b.path.stat().st_mtime_ns
    except OSError:
        written = 0
    return (b.made_at, written, b.path.name)


def list_backups(db_path: Path, data_folder: Path) -> list[Backup]:
    return backups_in(folder_for(db_path, data_folder))


def to_keep(backups: list[Backup], now: datetime) -> set[Path]:
    """The last KEEP_LATEST, plus the newest backup of each of the last KEEP_DAILY_DAYS days."""
    newest_first = sorted(backups, key=_order, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_LATEST]}
    first_day: date = now.date() - timedelta(days=KEEP_DAILY_DAYS - 1)
    seen_days: set[date] = set()
    for b in newest_first:
        day = b.made_at.date()
        if day >= first_day and day not in seen_days:
            seen_days.add(day)
            keep.add(b.path)
    return keep


def prune(folder: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete backups outside the retention rule (and stale temporary files)."""
    now = now or datetime.now()
    backups = backups_in(folder)
    keep = to_keep(backups, now)
    removed = []
    for b in backups:
        if b.path not in keep:
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    for stray in folder.glob(".*.part"):
        # Left by a crash while backing up; never a counted backup.
        with contextlib.suppress(OSError):
            if datetime.now().timestamp() - stray.stat().st_mtime > 3600:
                stray.unlink()
    return removed


def summarise(backup: Backup) -> BackupSummary | None:
    """Number of young people and the title, read from the backup (None if unreadable)."""
    try:
        con = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        people = con.execute("SELECT count(*) FROM young_person").fetchone()[0]
        title = con.execute("SELECT title FROM response ORDER BY id LIMIT 1").fetchone()[0]
        return BackupSummary(people, title, backup.path.stat().st_size)
    except (sqlite3.Error, OSError, TypeError):
        return None
    finally:
        con.close()


def latest_good(db_path: Path, data_folder: Path) -> Backup | None:
    """The newest backup of `db_path` that still passes its check."""
    for b in list_backups(db_path, data_folder):
        if verify(b.path) is None:
            return b
    return None


def _companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def aside_name(path: Path, label: str, now: datetime | None = None) -> Path:
    """'NAME (label 2026-11-22 1504).circles' beside `path`, not yet taken."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    candidate = path.with_name(f"{path.stem} ({label} {stamp}){path.suffix}")
    n = 1
    while any(p.exists() for p in _companions(candidate)):
        n += 1
        candidate = path.with_name(f"{path.stem} ({label} {stamp} {n}){path.suffix}")
    return candidate


def move_aside(path: Path, label: str) -> Path:
    """Rename the file and its -wal/-shm together (SQLite finds them by name)."""
    target = aside_name(path, label)
    moved: list[tuple[Path, Path]] = []
    try:
        for src, dst in zip(_companions(path), _companions(target), strict=True):
            if src.exists():
                os.replace(src, dst)
                moved.append((src, dst))
    except OSError as exc:
        for src, dst in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(dst, src)
        raise BackupError(
            f"{path.name} could not be kept aside ({exc.strerror or exc}); nothing was changed."
        ) from exc
    return target


def restore(backup: Backup | Path, target: Path, *, label: str = "before restore") -> Path | None:
    """Put a backup in place of `target`, keeping the current file aside first.

    The caller has closed `target`. Takes the one-writer lock for the duration, so a file
    open for editing elsewhere is refused (FileBusyError). Returns where the previous file
    was kept (None if there was none).
    """
    from app.models.lock import FileLock

    source = backup.path if isinstance(backup, Backup) else Path(backup)
    problem = verify(source)
    if problem:
        raise BackupError(f"That backup is damaged ({problem}); choose another.")
    with FileLock(target):
        incoming = target.with_name(f".{target.name}.restoring")
        for stray in _companions(incoming):
            stray.unlink(missing_ok=True)
        try:
            backup_to(source, incoming)
            con = sqlite3.connect(incoming)
            try:
                con.execute("PRAGMA journal_mode=WAL")  # as the app's own files
            finally:
                con.close()
            make_private(incoming)
        except (OSError, sqlite3.Error) as exc:
            for stray in _companions(incoming):
                with contextlib.suppress(OSError):
                    stray.unlink(missing_ok=True)
            raise BackupError(
                f"The backup could not be restored ({exc}); nothing was changed."
            ) from exc
        kept = move_aside(target, label) if target.exists() else None
        try:
            for stray in _companions(target)[1:]:
                stray.unlink(missing_ok=True)
            os.replace(incoming, target)
        except OSError as exc:
            if kept is not None:
                with contextlib.suppress(OSError, BackupError):
                    for src, dst in zip(_companions(kept), _companions(target), strict=True):
                        if src.exists():
                            os.replace(src, dst)
            raise BackupError(
                f"The backup could not be restored ({exc}); nothing was changed."
            ) from exc
        finally:
            for stray in _companions(incoming)[1:]:
                with contextlib.suppress(OSError):
                    stray.unlink(missing_ok=True)
    return kept


def keep_damaged_aside(path: Path) -> Path:
    """Move a damaged file (and its -wal/-shm) aside for inspection; returns where."""
    return move_aside(path, "damaged")


__all__ = [
    "Backup",
    "BackupError",
    "BackupSummary",
    "KEEP_DAILY_DAYS",
    "KEEP_LATEST",
    "backups_root",
    "folder_for",
    "keep_damaged_aside",
    "latest_good",
    "list_backups",
    "make_backup",
    "move_aside",
    "prune",
    "restore",
    "summarise",
    "to_keep",
    "verify",
]
