"""Fixtures, one per layer: a response file, the demo, an Editor, a Store, the window.

Qt runs offscreen, and QSettings / QStandardPaths point into the test's temporary folder,
so no test touches the real user's data folder or settings.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.models.database import Database, create_database  # noqa: E402
from app.services.demo import build_demo  # noqa: E402
from app.services.editing import Editor  # noqa: E402

TODAY = date.today()


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
def qt_sandbox(tmp_path: Path, qapp):
    """Settings and data folders inside tmp_path for GUI tests."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("CirclesTest")
    QCoreApplication.setApplicationName("CirclesTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    os.environ["XDG_DATA_HOME"] = str(tmp_path / "data")
    QSettings().clear()
    yield tmp_path


@pytest.fixture
def store(qt_sandbox, new_db: Database):
    from app.views.store import Store

    s = Store(new_db)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def window(qtbot, qt_sandbox):
    from app.views.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    yield w
    if w.store is not None:
        w.store.db.close()
