"""Where Circles keeps the user's responses and backups (no window needed to ask)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from app.models.database import EXTENSION
from app.services.files.private import private_folder


def data_folder() -> Path:
    """The user's data folder for Circles (created if missing), 0700: it holds responses
    and backups, so only its owner may list it."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) if base else Path.home() / ".circles"
    return private_folder(folder)


def default_file() -> Path:
    return data_folder() / f"My response{EXTENSION}"
