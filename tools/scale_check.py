"""Open every page and the main dialogs on the fictional demo at a given Qt scale and
screen, and print what does not fit as JSON (issue 20: text that grows).

Usage: python tools/scale_check.py [--scale 1.5] [--screen 1366x768]

QT_SCALE_FACTOR is read once, when Qt starts, so each scale needs its own process; the
tests run this script (tests/views/test_large_text.py). Without a display it uses Qt's
offscreen platform with a screen of the given size. For every page (in a window that fills
the screen's available area, as a maximised one would) and every dialog it reports the
window's size and smallest size, and each visible control that is neither inside the
window's rectangle nor inside a scroll area that is; for the map, the share of the map
view the legend covers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(scale: float, screen: str, tmp: Path) -> None:
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    if not os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "").startswith("off"):
        w, h = (int(x) for x in screen.split("x"))
        config = tmp / "screen.json"
        config.write_text(
            json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": w, "height": h}]})
        )
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    # The demo and the window's settings stay in a temporary folder.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME", "APPDATA", "LOCALAPPDATA"):
        os.environ[var] = str(tmp)


def problems_in(top: Any) -> list[str]:
    """Visible controls under `top` outside its rectangle and outside any scroll area."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QAbstractSpinBox,
        QComboBox,
        QDockWidget,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit)
    out = []
    for w in top.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisible() or w.window() is not top:
            continue
        if isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # a spin box's or combo box's own line edit
        scrolled = False
        p = w.parentWidget()
        while p is not None and p is not top:
            if isinstance(p, QDockWidget) and p.visibleRegion().isEmpty():
                break  # a dock tabbed behind another: shown when its tab is chosen
            if isinstance(p, QAbstractScrollArea) and p is not w:
                scrolled = True
                w = p  # the scroll area itself must lie inside the window
                break
            p = p.parentWidget()
        if isinstance(p, QDockWidget):
            continue
        rect = QRect(w.mapTo(top, w.rect().topLeft()), w.size())
        if not top.rect().contains(rect):
            name = w.objectName() or w.accessibleName() or getattr(w, "text", lambda: "")()
            where = "scroll area" if scrolled else type(w).__name__
            out.append(f"{where} {name!r} at {rect.getRect()} outside {top.rect().getRect()}")
    return out


def _facts(name: str, top: Any, room: Any) -> dict[str, Any]:
    frame = top.frameGeometry()
    return {
        "name": name,
        "size": [top.width(), top.height()],
        "minimum": [top.minimumSizeHint().width(), top.minimumSizeHint().height()],
        "on_screen": room.contains(frame),
        "frame": list(frame.getRect()),
        "fits": top.width() <= room.width() and top.height() <= room.height(),
        "problems": problems_in(top),
    }


def _dialogs(window: Any, tmp: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    from sqlalchemy import select

    from app.models.entities import YoungPerson

    store = window.store
    with store.read() as s:
        a, b = s.scalars(select(YoungPerson.id).order_by(YoungPerson.id).limit(2))

    def person_form() -> Any:
        window.pages[0].add_action.trigger()
        return window.pages[0].form

    def edit_person() -> Any:
        from app.views.person.form import PersonForm

        return PersonForm(store, a, parent=window)

    def assessment() -> Any:
        return window.pages[3].open_form(None)

    def concern() -> Any:
        from app.views.concerns.form import ConcernDialog

        return ConcernDialog(store, person_id=a, parent=window)

    def connection() -> Any:
        from app.views.person.connection_form import ConnectionForm

        return ConnectionForm(store, person_a=a, person_b=b, parent=window)

    def export() -> Any:
        from app.views.exchange.export_action import ExportDialog

        return ExportDialog(store, window)

    def response() -> Any:
        from app.views.shell.response_dialog import ResponseDialog

        return ResponseDialog(window, new=True)

    def closure() -> Any:
        from app.views.meetings.closure_dialog import ClosureDialog

        return ClosureDialog(store, window)

    def meeting() -> Any:
        from app.views.meetings.details import NewMeetingDialog

        return NewMeetingDialog(store, window)

    def action() -> Any:
        from app.views.meetings.action_dialog import ActionDialog

        return ActionDialog(store, window)

    def import_preview() -> Any:
        from openpyxl import Workbook

        from app.views.exchange.import_actions import import_file

        book = Workbook()
        sheet = book.active
        sheet.title = "Pupils"
        sheet.append(["Forename", "Surname", "DOB", "School", "Sex", "Home area"])
        sheet.append(["Noa", "Newname (fictional)", "01/09/2011", "Riverside High", "F", "North"])
        path = tmp / "school list.xlsx"
        book.save(path)
        return import_file(window, store, path)

    def picker() -> Any:
        from app.views.map.connection_actions import PersonPicker

        return PersonPicker([(a, "YP-01"), (b, "YP-02")], "Add connection", window)

    def shared_open() -> Any:
        from app.views.shell.shared_open import SharedOpenDialog

        return SharedOpenDialog(window)

    def move() -> Any:
        from app.views.shell.shared_actions import MoveDialog

        return MoveDialog("FICTIONAL demo", window)

    yield "person form", person_form
    yield "person form (edit)", edit_person
    yield "assessment form", assessment
    yield "concern form", concern
    yield "connection form", connection
    yield "export dialog", export
    yield "response dialog", response
    yield "closure dialog", closure
    yield "meeting form", meeting
    yield "action form", action
    yield "import preview", import_preview
    yield "person picker", picker
    yield "open shared response", shared_open
    yield "move to shared server", move


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.5)
    ap.add_argument("--screen", default="1366x768")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp())
    _setup(args.scale, args.screen, tmp)

    from PySide6.QtWidgets import QApplication

    from app.services.files.demo import build_demo
    from app.views.shell.app_main import make_application
    from app.views.shell.main_window import MainWindow
    from app.views.shell.window_place import fit_screen

    app = make_application()
    room = app.primaryScreen().availableGeometry()
    build_demo(tmp / "demo.circles").close()
    win = MainWindow()
    win.setGeometry(room)
    win.show()
    win.open_path(tmp / "demo.circles")
    # A maximised window: the whole available area, frame included.
    win.setGeometry(room)
    fit_screen(win)
    out: dict[str, Any] = {"screen": [room.width(), room.height()], "pages": [], "dialogs": []}

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        settle()
        facts = _facts(win.tabs.tabText(i), win, room)
        facts["window_minimum"] = [win.minimumSize().width(), win.minimumSize().height()]
        out["pages"].append(facts)
        if win.tabs.tabText(i) == "Map":
            view = win.page_at(i).view
            vp = view.viewport()
            covered = sum(r.width() * r.height() for r in view.overlay_rects()[:1])
            out["legend_share"] = covered / max(1, vp.width() * vp.height())
            out["map_view"] = [vp.width(), vp.height()]
            # View > Fit map, as a user would: are the people's labels then on screen?
            from app.views.map.label_check import drawn_labels, label_screen_px

            fit = next(a for a in win.view_menu.actions() if a.text() == "Fit map")
            fit.trigger()
            settle()
            out["fit"] = {
                "zoom": view.transform().m11(),
                "label_px": label_screen_px(view),
                "people": len(view.map_scene.people),
                "labels_drawn": drawn_labels(view),
            }
    for name, make in _dialogs(win, tmp):
        dialog = make()
        dialog.show()
        settle()
        out["dialogs"].append(_facts(name, dialog, room))
        dialog.reject()
        settle()
    win.close()
    QApplication.processEvents()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
