"""Issue 12 in the app: map pictures private and recorded, the export dialog's password, a
read-only response refusing exports, and the start of the app cleaning up after a kill."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from app.models.entities import AuditEntry
from app.services.files import private as files
from app.services.files import temp_files
from app.services.files.demo import build_demo
from app.services.files.encryption import decrypt_bytes, is_encrypted
from app.views.common.saved_notice import SavedNotice
from app.views.exchange.export_action import ExportDialog
from app.views.shell import app_main
from app.views.shell.main_window import data_folder

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _open_demo(window, folder: Path, *, readonly: bool = False) -> None:
    build_demo(folder / "demo.circles").close()
    assert window.open_path(folder / "demo.circles", readonly=readonly)


def _action(window, text: str):
    found = [a for a in window.file_menu.actions() if a.text() == text]
    assert len(found) == 1, [a.text() for a in window.file_menu.actions()]
    return found[0]


def _messages(window) -> list[str]:
    """Message boxes shown, and the full text of the status bar's saved notice."""
    boxes = [m.text() for m in window.findChildren(QMessageBox) if m.isVisible()]
    notices = [n.label.toolTip() for n in window.findChildren(SavedNotice) if n.isVisible()]
    return boxes + notices


def _exports(window) -> list[AuditEntry]:
    with window.store.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.kind == "export")))


@POSIX
@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask022", "umask000"])
def test_map_pictures_from_the_file_menu_are_owner_only_and_recorded(
    window, qt_sandbox, monkeypatch, umask
):
    _open_demo(window, qt_sandbox)
    out = qt_sandbox / "pictures"
    out.mkdir()
    chosen: list[Path] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen[-1]), ""))
    old = os.umask(umask)
    try:
        for suffix in (".png", ".svg", ".pdf"):
            chosen.append(out / f"map{suffix}")
            _action(window, "Export map picture...").trigger()
    finally:
        os.umask(old)
    assert sorted(p.name for p in out.iterdir()) == ["map.pdf", "map.png", "map.svg"]
    for path in chosen:
        assert mode(path) == 0o600, (path.name, oct(mode(path)))
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "OFFICIAL-SENSITIVE" in (out / "map.svg").read_text(encoding="utf-8")
    pdf = (out / "map.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    entries = [e for e in _exports(window) if e.action == "Exported the map view"]
    assert [Path(e.new).name for e in entries] == ["map.png", "map.svg", "map.pdf"]


def test_a_read_only_response_refuses_map_pictures_and_workbooks(
    window, qtbot, qt_sandbox, monkeypatch
):
    _open_demo(window, qt_sandbox, readonly=True)
    window.show()
    target = qt_sandbox / "map.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _action(window, "Export map picture...").trigger()
    said = [m for m in _messages(window) if "read-only" in m]
    assert said and "audit log" in said[0] and "map.png was not saved" in said[0]
    assert not target.exists()

    _action(window, "&Export mapping workbook...").trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok.isEnabled()
    assert "read-only" in dialog.note.text() and "audit log" in dialog.note.text()
    assert not list(qt_sandbox.glob("*.xlsx"))


def test_a_password_protected_workbook_from_the_export_dialog(window, qtbot, qt_sandbox):
    _open_demo(window, qt_sandbox)
    window.show()
    _action(window, "&Export mapping workbook...").trigger()
    dialog = window.findChild(ExportDialog)
    out = qt_sandbox / "protected.xlsx"
    dialog.path.setText(str(out))
    assert not dialog.password.isEnabled()
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
    assert dialog.password.isEnabled()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    assert dialog.confirm.echoMode() == dialog.confirm.EchoMode.Password

    # Nothing typed: refused in the dialog, which stays open.
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Type the password" in dialog.note.text()
    # Two different passwords: refused the same way; what was typed stays.
    qtbot.keyClicks(dialog.password, "Blue harbour 42")
    qtbot.keyClicks(dialog.confirm, "Blue harbour 24")
    assert "not the same" in dialog.note.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "not the same" in dialog.note.text()
    assert not out.exists()

    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "Blue harbour 42")
    assert "protected with the password" in dialog.note.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.password.text() == "" and dialog.confirm.text() == ""

    qtbot.waitUntil(lambda: any("saved to" in m for m in _messages(window)), timeout=60000)
    message = next(m for m in _messages(window) if "saved to" in m)
    assert "protected with the password" in message
    assert is_encrypted(out)
    with pytest.raises(Exception):  # noqa: B017, PT011 - not a zip file without the password
        load_workbook(out)
    wb = load_workbook(io.BytesIO(decrypt_bytes(out, "Blue harbour 42")))
    assert "Young people" in wb.sheetnames
    entry = _exports(window)[-1]
    assert "password-protected" in entry.action and entry.new.endswith("protected.xlsx")
    # The password is kept nowhere: not in the settings.
    QSettings().sync()
    settings_text = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (qt_sandbox / "settings").rglob("*")
        if p.is_file()
    )
    assert "harbour" not in settings_text


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from app.services.files import private as files
    from app.services.files import temp_files

    data, dest = Path(sys.argv[1]), Path(sys.argv[2])
    temp_files.use_folder(files.start_up(data))
    tmp = files.private_temp_path(dest)
    tmp.write_bytes(b"Family names of a killed export")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_the_app_start_removes_a_killed_exports_file_and_keeps_the_data_folder_private(
    qt_sandbox, monkeypatch
):
    monkeypatch.setattr(temp_files, "_folder", None)  # the start sets it; restored after
    folder = data_folder()
    folder.chmod(0o755)
    exports = qt_sandbox / "exports"
    exports.mkdir()
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", KILLED, str(folder), str(exports / "map.xlsx")],
        cwd=root,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    (stray,) = exports.iterdir()
    assert files.is_temp_name(stray) and mode(stray) == 0o600

    app_main.start_up()
    assert list(exports.iterdir()) == []
    assert mode(folder) == 0o700
    assert temp_files._folder == folder / files.PENDING_FOLDER
