"""Save screenshots of the main screens on the fictional demo (offscreen), for docs and review.

Usage: python tools/screenshots.py OUT_DIR [--size 1366x768] [--scale 1.5]

--scale sets Qt's scale (QT_SCALE_FACTOR: large text, issue 20) for the whole run; the
window is then --size divided by the scale in logical pixels, as on a laptop at 150%.
The person form and the assessment form are saved too.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--size", default="1366x768")
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    # Read by Qt once, when it starts: set before the application is made.
    os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    args.out.mkdir(parents=True, exist_ok=True)
    w, h = (int(x) for x in args.size.split("x"))
    tmp = Path(tempfile.mkdtemp())
    # The fictional demo and the window's settings stay in a temporary folder: taking
    # screenshots never touches the user's own data folder, settings or recent files.
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME", "APPDATA", "LOCALAPPDATA"):
        os.environ[var] = str(tmp)
    from app.views.shell.app_main import make_application

    app = make_application()
    from app.services.files.demo import build_demo
    from app.views.shell.main_window import MainWindow

    build_demo(tmp / "demo.circles").close()
    win = MainWindow()
    win.resize(round(w / args.scale), round(h / args.scale))
    win.show()
    win.open_path(tmp / "demo.circles")
    from sqlalchemy import select

    from app.models.entities import YoungPerson

    with win.store.read() as s:
        first = s.scalar(select(YoungPerson.id).where(YoungPerson.reference == "YP-01"))
    win.store.select_people({first})
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        for _ in range(5):
            app.processEvents()
        name = win.tabs.tabText(i).lower().replace(" ", "_")
        win.grab().save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")
    win.tabs.setCurrentIndex(0)
    app.processEvents()
    forms = {"form_person": win.pages[0], "form_assessment": win.pages[3]}
    for name, page in forms.items():
        if name == "form_person":
            page.add_action.trigger()
            form = page.form
        else:
            form = page.open_form(None)
        for _ in range(5):
            app.processEvents()
        form.grab().save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")
        form.reject()
    from app.views.shell.response_dialog import ResponseDialog

    dialog = ResponseDialog(win, new=True)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(args.out / "dialog_new_response.png"))
    print(args.out / "dialog_new_response.png")
    dialog.close()
    win.close()


if __name__ == "__main__":
    main()
