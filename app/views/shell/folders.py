"""Where Circles keeps the user's responses and backups (no window needed to ask)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

if TYPE_CHECKING:
    from app.models.database import Database

# The data layer (SQLAlchemy) is loaded when a folder is first asked for, not with the
# window's code: the window paints its shell before any of it (issue 14).


def data_folder() -> Path:
    """The user's data folder for Circles (created if missing), 0700: it holds responses
    and backups, so only its owner may list it."""
    from app.services.files.private import private_folder

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) if base else Path.home() / ".circles"
    return private_folder(folder)


def default_file() -> Path:
    from app.models.database import EXTENSION

    return data_folder() / f"My response{EXTENSION}"


def response_place(db: Database) -> Path:
    """Where the open response is, for dialogs that suggest a file beside it: the file
    itself, or for a shared response (on a server, with no folder) a stand-in of the same
    name in the user's data folder."""
    return data_folder() / db.path.name if db.shared else db.path
