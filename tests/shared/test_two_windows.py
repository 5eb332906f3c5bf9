"""Issue 19's "Done when" in the app: two windows on one shared response edit the same young
people at once with no lost update and see each other's changes; the window's export, run
in its own process on the address, writes the same cells as from a file; and
`python -m app --self-test ADDRESS` opens the window on the server and lets it go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models.database import open_database
from app.models.entities import YoungPerson
from app.services.files.demo import build_demo
from app.services.people import young_people as people
from app.views.common.saved_notice import SavedNotice
from app.views.exchange.export_action import ExportDialog
from app.views.shell.main_window import MainWindow

TITLE = "FICTIONAL demo: Northfield response"
ROOT = Path(__file__).resolve().parents[2]


def _people_rows(window: MainWindow) -> dict[str, str]:
    """Reference -> name, as the map's People table shows them."""
    page = window.page_at(0)
    return {p.reference: p.name for p in page.people_model.rows}


def _on_map(window: MainWindow, person_id: int) -> bool:
    return person_id in window.page_at(0).scene.people


def _server_rows(pg) -> dict[str, str]:
    db = open_database(pg.url("circles_app", TITLE))
    try:
        with db.read() as s:
            return {p.reference: p.given_name for p in s.scalars(select(YoungPerson))}
    finally:
        db.close()


def test_two_windows_on_one_shared_response(pg, window, qtbot):
    build_demo(pg.url()).close()
    a = window
    b = MainWindow()
    qtbot.addWidget(b)
    try:
        assert a.open_shared(pg.url("circles_app", TITLE))
        assert b.open_shared(pg.url("circles_app2", TITLE))
        a.show()
        b.show()
        with a.store.read() as s:
            yp5 = s.scalar(select(YoungPerson).where(YoungPerson.reference == "YP-05"))
        before = _people_rows(b)

        # A adds a young person: B's People table and map show them.
        rid = a.store.response_id
        assert a.store.run(
            lambda s: people.add_person(
                s, rid, {"reference": "YP-90", "given_name": "Ash", "family_name": "Example"}
            )
        )
        qtbot.waitUntil(lambda: "YP-90" in _people_rows(b), timeout=5000)
        with b.store.read() as s:
            new_id = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == "YP-90"))
        qtbot.waitUntil(lambda: _on_map(b, new_id), timeout=5000)

        # B edits one of the demo's young people: A shows the change.
        assert b.store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Bea"}))
        qtbot.waitUntil(lambda: _people_rows(a)["YP-05"].startswith("Bea"), timeout=5000)

        # Both edit the same person at once (B has not heard of A's edit yet): the second is
        # refused with one sentence naming who changed it, and A's change stands.
        b.store._poll_timer.stop()
        assert a.store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Cal"}))
        assert b.store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Dee"})) is None
        assert b.last_error.startswith("YP-05 was changed by circles_app at ")
        assert b.last_error.endswith("your change was not saved.")
        assert _server_rows(pg)["YP-05"] == "Cal"
        b.store._poll_timer.start()
        qtbot.waitUntil(lambda: _people_rows(b)["YP-05"].startswith("Cal"), timeout=5000)
        for box in b.findChildren(QMessageBox):
            box.close()
        # Now that B has seen it, B's edit goes through.
        assert b.store.run(lambda s: people.update_person(s, yp5.id, {"given_name": "Dee"}))
        qtbot.waitUntil(lambda: _people_rows(a)["YP-05"].startswith("Dee"), timeout=5000)

        # Undo in A undoes only A's own edits: its newest (YP-05 to Cal) is under B's later
        # change, so it is refused and nothing of B's is lost; its add of YP-90 is its own.
        a.undo_action.trigger()
        assert a.last_error.startswith("YP-05 was changed by circles_app2 at ")
        assert _server_rows(pg)["YP-05"] == "Dee"
        qtbot.waitUntil(lambda: a.store.undo_stack.index() == a.store.undo_stack.count())
        # B's own undo takes back only B's last edit (Dee -> Cal).
        b.undo_action.trigger()
        qtbot.waitUntil(lambda: _server_rows(pg)["YP-05"] == "Cal", timeout=5000)
        qtbot.waitUntil(lambda: _people_rows(a)["YP-05"].startswith("Cal"), timeout=5000)
        rows = _server_rows(pg)
        assert rows["YP-90"] == "Ash"  # A's add was never touched by B's undo
        assert set(rows) == set(before) | {"YP-90"}
    finally:
        b.close()
        a.close()


def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def _export_from_the_menu(window: MainWindow, qtbot, out: Path) -> None:
    action = next(a for a in window.file_menu.actions() if a.objectName() == "exportWorkbookAction")
    action.trigger()
    (dialog,) = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    dialog.path.setText(str(out))
    dialog.ok.click()

    def saved() -> bool:
        notices = [n for n in window.findChildren(SavedNotice) if n.isVisible()]
        return any(f"saved to\n{out}" in n.label.toolTip() for n in notices)

    qtbot.waitUntil(saved, timeout=120000)


def test_the_workbook_export_from_a_shared_response_matches_the_file(pg, window, qtbot, qt_sandbox):
    build_demo(pg.url()).close()
    file = qt_sandbox / "demo.circles"
    build_demo(file).close()
    window.show()
    assert window.open_path(file)
    _export_from_the_menu(window, qtbot, qt_sandbox / "from file.xlsx")
    assert window.open_shared(pg.url("circles_app", TITLE))
    _export_from_the_menu(window, qtbot, qt_sandbox / "from server.xlsx")
    on_file = _cells(qt_sandbox / "from file.xlsx")
    on_server = _cells(qt_sandbox / "from server.xlsx")
    assert list(on_server) == list(on_file)
    for sheet in on_file:
        if sheet in ("Cover", "Audit log"):  # where it came from and when: differ by design
            continue
        assert on_server[sheet] == on_file[sheet], sheet
    window.close()


def test_self_test_opens_the_window_on_an_address(pg):
    build_demo(pg.url()).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", pg.url("circles_app", TITLE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"opened the shared response {TITLE} (circles on" in result.stdout
    with pg.admin("postgres") as con:
        left = con.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'circles_app'"
        ).fetchone()[0]
    assert left == 0
