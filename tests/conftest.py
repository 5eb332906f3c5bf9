"""Fixtures, one per layer: a response file, the demo, an Editor, a Store, the window.

Nothing a test does reaches the real user's settings or data folder: before any test is
collected, HOME, the XDG folders, APPDATA and LOCALAPPDATA point into a temporary folder
(so subprocesses inherit it too), every test gets its own settings and data folders
(`user_folders`, automatic), and the session fails, naming the path, if the real user's
Circles settings or data changed while it ran (tests/user_sandbox.py). Qt runs offscreen.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.user_sandbox import sandbox

SANDBOX = sandbox()  # before anything imports Qt or reads a user folder
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.models.database import Database, create_database  # noqa: E402
from app.services.editing.editor import Editor  # noqa: E402
from app.services.files.demo import build_demo  # noqa: E402

TODAY = date.today()


@pytest.fixture(scope="session", autouse=True)
def real_user_untouched():
    """Fail the session, naming the path, if the real user's Circles places changed."""
    yield
    touched = SANDBOX.touched()
    shutil.rmtree(SANDBOX.root, ignore_errors=True)
    if touched:
        pytest.fail(
            "the tests touched the real user's settings or data: "
            + "; ".join(touched[:10])
            + " (unless a Circles window, or tests run without this conftest, changed them "
            "meanwhile)",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Settings and data folders of this test's own (kept apart from tmp_path, whose
    contents some tests list)."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    if "PySide6.QtCore" in sys.modules:
        # QSettings reads the environment once, when first used: point it here each time.
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))
            QSettings.setPath(fmt, QSettings.Scope.SystemScope, str(home / "system"))
    return home


@pytest.fixture
def new_db(tmp_path: Path):
    db = create_database(
        tmp_path / "test.circles",
        title="Test response (fictional)",
        lead_area="Testshire",
        referral_date=TODAY - timedelta(days=14),
        review_date=TODAY + timedelta(days=14),
    )
    yield db
    db.close()


@pytest.fixture
def demo_db(tmp_path: Path):
    db = build_demo(tmp_path / "demo.circles")
    yield db
    db.close()


@pytest.fixture
def editor(new_db: Database) -> Editor:
    return Editor(new_db, user="tester")


@pytest.fixture
def qt_sandbox(tmp_path: Path, qapp, monkeypatch: pytest.MonkeyPatch):
    """Settings and data folders inside tmp_path for GUI tests."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("CirclesTest")
    QCoreApplication.setApplicationName("CirclesTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    QSettings().clear()
    yield tmp_path


@pytest.fixture
def store(qt_sandbox, new_db: Database):
    from app.views.shell.store import Store

    s = Store(new_db)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def window(qtbot, qt_sandbox):
    from app.views.shell.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    if w.store is not None:
        w.store.db.close()
