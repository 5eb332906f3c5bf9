"""While the user reads the map, the other tabs' code loads (app/views/shell/warm.py):
only at a quiet moment after the map has painted, stopped by any key or click."""

from __future__ import annotations

import gc
import sys
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.views.shell import warm


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warm, "IDLE_MS", 150)


def test_the_other_tabs_code_loads_while_the_user_reads_the_map(quick, demo, qtbot) -> None:
    work = warm.idle_work(demo)
    qtbot.waitUntil(lambda: work.started)  # the map painted, then the warm-up was set going
    qtbot.waitUntil(lambda: not work.busy, timeout=60_000)
    missing = [name for name in warm.modules(demo) if name not in sys.modules]
    assert missing == []
    assert {"pyqtgraph", "networkx", "openpyxl", "app.views.coverage.page"} <= set(sys.modules)
    for i in range(1, demo.tabs.count()):  # every tab's first visit still works
        demo.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda i=i: demo.slots[i].page is not None)
        assert demo.slots[i].page.isVisible(), demo.tabs.tabText(i)


def test_a_key_press_during_the_warm_up_pauses_it(quick, window, qtbot, monkeypatch) -> None:
    names = ["fictional.first", "fictional.second", "fictional.third"]
    monkeypatch.setattr(warm, "modules", lambda _window: list(names))
    done: list[str] = []

    def fake_import(name: str) -> None:
        done.append(name)
        if len(done) == 1:  # the user types while the first module loads
            QTest.keyClick(window, Qt.Key.Key_Shift)

    monkeypatch.setattr(warm, "_import", fake_import)
    window.open_demo()
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    work = warm.idle_work(window)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    qtbot.wait(50)  # less than the quiet moment: nothing more is loaded
    assert done == names[:1]
    assert work.busy
    qtbot.waitUntil(lambda: done == names, timeout=10_000)  # and it goes on once quiet again
    qtbot.waitUntil(lambda: not work.busy, timeout=10_000)


def test_no_warm_up_before_a_response_is_open(quick, window, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(300)
    assert not warm.idle_work(window).busy


def test_a_tabs_build_is_frozen_out_of_the_collector_at_the_next_quiet_moment(
    quick, demo, qtbot
) -> None:
    work = warm.idle_work(demo)
    qtbot.waitUntil(lambda: work.started and not work.busy, timeout=60_000)
    frozen = gc.get_freeze_count()
    demo.tabs.setCurrentIndex(demo.tabs.count() - 2)  # Actions: built on this first visit
    assert work.collect  # not inside the visit: later
    qtbot.waitUntil(lambda: not work.busy, timeout=10_000)
    assert gc.get_freeze_count() > frozen


def test_the_warm_up_waits_for_work_on_a_worker_thread(quick, window, qtbot, monkeypatch) -> None:
    from app.views.common.worker import Worker

    monkeypatch.setattr(warm, "modules", lambda _window: ["fictional.module"])
    done: list[str] = []
    monkeypatch.setattr(warm, "_import", done.append)
    release = threading.Event()
    worker = Worker(lambda _progress: release.wait(30), "test-background")
    worker.start()
    try:
        window.open_demo()
        window.show()
        qtbot.waitExposed(window)
        work = warm.idle_work(window)
        qtbot.waitUntil(lambda: work.started)
        qtbot.wait(3 * warm.IDLE_MS)  # quiet, but the worker runs: nothing loaded yet
        assert done == []
    finally:
        release.set()
    qtbot.waitUntil(lambda: done == ["fictional.module"], timeout=10_000)


def test_a_window_closed_during_its_warm_up_leaves_the_keyboard_working(
    quick, qtbot, qt_sandbox, monkeypatch
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QLineEdit

    from app.views.shell.main_window import MainWindow

    monkeypatch.setattr(warm, "modules", lambda _window: ["fictional.never"])
    monkeypatch.setattr(warm, "IDLE_MS", 10**6)  # the user never pauses: it stays pending
    first = MainWindow()
    first.open_demo()
    first.show()
    qtbot.waitExposed(first)
    work = warm.idle_work(first)
    qtbot.waitUntil(lambda: work.busy)  # listening for input while it waits
    first.close_file()
    first.close()
    first.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    # Typing elsewhere afterwards reaches no closed window's warm-up (no error raised).
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    qtbot.keyClicks(box, "Fictional")
    assert box.text() == "Fictional"
