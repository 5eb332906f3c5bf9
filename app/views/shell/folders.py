"""Where Circles keeps the user's responses and backups (no window needed to ask)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from app.models.database import EXTENSION, Database
from app.services.files.private import private_folder


def data_folder() -> Path:
    """The user's data folder for Circles (created if missing), 0700: it holds responses
    and backups, so only its owner may list it."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) if base else Path.home() / ".circles"
    return private_folder(folder)


def default_file() -> Path:
    return data_folder() / f"My response{EXTENSION}"


def response_place(db: Database) -> Path:
    """Where the open response is, for dialogs that suggest a file beside it: the file
    itself, or for a shared response (on a server, with no folder) a stand-in of the same
    name in the user's data folder."""
    return data_folder() / db.path.name if db.shared else db.path
