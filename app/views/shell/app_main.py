"""Start the GUI: QApplication, the main window, the first response."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName("Circles")
    app.setApplicationName("Circles")
    app.setApplicationVersion(__version__)
    use_settings_file()
    # resources/ sits beside app/ (three folders above this file), in the portable folder too.
    icon = Path(__file__).resolve().parents[3] / "resources" / "circles.svg"
    if icon.exists():  # a local file: nothing is ever fetched at run time
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def use_settings_file(platform: str = sys.platform) -> None:
    """On Windows keep the settings (window size, recent files, export folder) in a file,
    %APPDATA%\\Circles\\Circles.ini, not in the registry: a portable program makes no
    registry changes, and the file goes with the user's roaming profile. Elsewhere Qt's
    native format is a file already."""
    if platform == "win32":
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)


def start_up() -> None:
    """Before the window: the data folder made private (0700), the temporary files of
    exports killed midway removed (they hold names), and this run's own listed from now
    on so that a kill of this run is cleaned up by the next (app/services/files/temp_files.py)."""
    from app.services.files import private as files
    from app.services.files import temp_files
    from app.views.shell.folders import data_folder

    try:
        folder = data_folder()
    except OSError:
        return  # the window says so when it needs the folder
    temp_files.use_folder(files.start_up(folder))


# Where a module may use PySide6's `__feature__` switches (none of Circles' do): only
# these are read; every other module (the data layer, numpy, the standard library...)
# is answered "does not use PySide" without reading its source.
MAY_USE_PYSIDE = ("app.views", "pyqtgraph", "PySide6", "shiboken6", "__main__")


def spare_pyside_source_scan() -> None:
    """Once PySide6 is imported it reads the source of every module imported after it (its
    `__feature__` check: does the text say "PySide6"?). The data layer now loads after the
    window's first paint, so after Qt: its few hundred modules, which never use Qt, are
    answered without reading them (0.1-0.2 s). Left as it is if PySide6 changes."""
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None or getattr(check, "spared", False):
        return

    def uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and not name.startswith(MAY_USE_PYSIDE):
            return False
        return check(module)

    uses_pyside.spared = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


def run_gui(path: str | None, self_test: bool = False) -> int:
    from app.views.shell.display_check import display_problem

    problem = display_problem()
    if problem:  # said before Qt aborts with a core dump
        print(problem, file=sys.stderr)
        return 2
    if os.name == "posix":
        # Everything the window writes beside the files Circles creates privately itself
        # (Qt's settings with the recent files, Qt's caches) is owner-only too.
        os.umask(0o077)
    app = make_application()
    spare_pyside_source_scan()
    from app.views.shell import gc_policy
    from app.views.shell.main_window import MainWindow
    from app.views.shell.open_later import open_later

    gc_policy.configure()

    # The shell first (menus, tabs, status bar saying what it opens), painted before the
    # data layer and the map load; the response opens on the next turn of the event loop
    # after that paint (app/views/shell/opening.py, issue 14: a window in under 0.6 s).
    window = MainWindow()
    window.show()
    open_later(window, path, before=start_up)
    if self_test:
        from app.views.shell.self_test import run_self_test

        return run_self_test(app, window, path)
    return app.exec()
