"""Where File > Export map picture... saves: the folder of the last picture (else the
response's own folder) and the format chosen last time, so a second export is Save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from app.views.map.export import FORMATS

SETTINGS_FOLDER = "map-export/folder"
SETTINGS_FORMAT = "map-export/format"


def _filter(suffix: str) -> str:
    return f"{FORMATS[suffix]} (*{suffix})"


def offered(response_file: Path) -> tuple[Path, str]:
    """The suggested file (folder and name) and the format's filter to start on."""
    settings = QSettings()
    folder = Path(settings.value(SETTINGS_FOLDER, "", type=str) or response_file.parent)
    if not folder.is_dir():
        folder = response_file.parent
    suffix = settings.value(SETTINGS_FORMAT, ".png", type=str)
    if suffix not in FORMATS:
        suffix = ".png"
    return folder / f"Map {date.today():%Y-%m-%d}{suffix}", _filter(suffix)


def ask_picture_path(parent: QWidget, response_file: Path) -> Path | None:
    """Ask where to save the picture; None when cancelled. The folder and format are
    remembered for next time (in the user's settings, never in the response)."""
    suggested, selected = offered(response_file)
    filters = ";;".join(_filter(s) for s in FORMATS)
    chosen, chosen_filter = QFileDialog.getSaveFileName(
        parent, "Export the map view", str(suggested), filters, selected
    )
    if not chosen:
        return None
    path = Path(chosen)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        # No suffix typed: the format chosen in the dialog's list.
        suffix = next((s for s in FORMATS if _filter(s) == chosen_filter), suggested.suffix)
        path = path.with_name(path.name + suffix)
    settings = QSettings()
    settings.setValue(SETTINGS_FOLDER, str(path.parent))
    settings.setValue(SETTINGS_FORMAT, suffix)
    return path
