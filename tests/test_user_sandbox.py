"""Tests touch nothing of the user's: settings and data folders are the test's own, and a
change to the real ones would be caught (tests/conftest.py, tests/user_sandbox.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.user_sandbox import changes, fingerprint, sandbox, user_places


def test_every_test_has_its_own_settings_and_data_folder(user_folders, qt_sandbox):
    from PySide6.QtCore import QSettings

    from app.views.shell.main_window import data_folder

    settings = Path(QSettings().fileName())
    assert settings.is_relative_to(qt_sandbox), settings
    assert data_folder().is_relative_to(qt_sandbox)
    for root, _names in sandbox().real_places:
        assert not settings.is_relative_to(root) or root.is_relative_to(sandbox().root)


def test_without_asking_for_a_sandbox_the_app_settings_stay_in_the_test(user_folders):
    # A test that forgets qt_sandbox and runs the real app's names still writes nowhere real.
    script = (
        "from PySide6.QtCore import QCoreApplication, QSettings\n"
        "app = QCoreApplication([])\n"
        "app.setOrganizationName('Circles'); app.setApplicationName('Circles')\n"
        "s = QSettings(); s.setValue('probe', 1); s.sync(); print(s.fileName())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert Path(out).is_relative_to(user_folders), out
    assert Path(os.environ["HOME"]).is_relative_to(sandbox().root)


def test_the_check_notices_a_settings_file_written_or_created(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    places = user_places(env)
    (tmp_path / "config" / "Circles").mkdir(parents=True)
    conf = tmp_path / "config" / "Circles" / "Circles.conf"
    conf.write_text("[General]\n")
    (tmp_path / "circles-project").mkdir()  # a project folder in home is not the user's data
    before = fingerprint(places)
    assert str(conf) in before
    assert not any("circles-project" in p for p in before)
    assert changes(before, fingerprint(places)) == []
    conf.write_text("[General]\nrecent=/secret/path\n")
    (tmp_path / ".circles").mkdir()
    found = changes(before, fingerprint(places))
    assert f"changed {conf}" in found
    assert f"created {tmp_path / '.circles'}" in found
