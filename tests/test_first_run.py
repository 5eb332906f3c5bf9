"""First run on a bare desktop: one sentence naming what to install instead of Qt's abort;
--version, --self-test, Help > About; the export helper started through the program."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app import __version__
from app.__main__ import main
from app.views.shell import display_check
from app.views.shell.display_check import display_problem

ROOT = Path(__file__).parents[1]
X11 = {"DISPLAY": ":0"}


def fake_loader(missing: set[str], plugin: str = "/qt/libqxcb.so"):
    """A loader where the plugin fails on the first missing library, as dlopen does."""

    def load(name: str) -> object:
        if name == plugin and missing:
            first = sorted(missing)[0]
            raise OSError(f"{first}: cannot open shared object file: No such file or directory")
        if name in missing:
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    return load


def test_missing_xcb_libraries_are_named_with_their_packages():
    missing = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    sentence = display_problem(X11, "linux", fake_loader(missing), plugin=Path("/qt/libqxcb.so"))
    assert sentence is not None
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in sentence
    # One sentence: no full stop before its end, one line.
    assert sentence.endswith(".") and ". " not in sentence and "\n" not in sentence


def test_an_unknown_missing_library_is_named_as_it_is():
    load = fake_loader({"libweird.so.3"})
    sentence = display_problem(X11, "linux", load, plugin=Path("/qt/libqxcb.so"))
    assert sentence is not None and "libweird.so.3" in sentence


def test_nothing_is_said_where_qt_can_start_or_will_not_use_xcb():
    nothing_missing = fake_loader(set())
    plugin = Path("/qt/libqxcb.so")
    assert display_problem(X11, "linux", nothing_missing, plugin=plugin) is None
    broken = fake_loader({"libxcb-cursor.so.0"})
    for env in (
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"},
    ):
        assert display_problem(env, "linux", broken, plugin=plugin) is None, env
    assert display_problem({}, "win32", broken, plugin=plugin) is None
    # xcb chosen explicitly on a Wayland desktop: the libraries are needed again.
    chosen = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w", "DISPLAY": ":0"}
    assert display_problem(chosen, "linux", broken, plugin=plugin) is not None


def test_no_display_is_said_in_one_sentence():
    sentence = display_problem({}, "linux", fake_loader(set()), plugin=Path("/qt/x.so"))
    assert sentence is not None and "no display" in sentence and "--help" in sentence


def test_the_app_says_it_before_qt_starts(monkeypatch, capsys):
    monkeypatch.setattr(
        display_check, "display_problem", lambda: "Circles cannot open its window (test)."
    )
    from app.views.shell import app_main

    def no_qt(*_args, **_kwargs):
        raise AssertionError("Qt was started")

    monkeypatch.setattr(app_main, "make_application", no_qt)
    assert main([]) == 2
    assert capsys.readouterr().err.strip() == "Circles cannot open its window (test)."


def test_the_real_program_without_a_display_exits_2_with_one_sentence(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux desktops")
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no display" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_on_the_command_line(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"Circles {__version__}"
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert "--version" in result.stdout and "--self-test" in result.stdout


def test_help_about_shows_the_version(window, qtbot):
    from PySide6.QtWidgets import QMessageBox

    action = next(a for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in action.menu().actions() if a.text() == "About Circles")
    about.trigger()
    boxes = window.findChildren(QMessageBox)
    assert boxes and boxes[-1].text().startswith(f"Circles {__version__}")


def test_self_test_opens_the_demo_and_closes_it(tmp_path):
    demo = tmp_path / "demo.circles"
    assert main(["demo", str(demo)]) == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", str(demo)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"Circles {__version__} opened demo.circles (" in result.stdout
    assert not Path(str(demo) + ".lock").exists() or _unlocked(demo)


def test_self_test_on_a_file_that_is_not_a_response_exits_2(tmp_path):
    bad = tmp_path / "notes.circles"
    bad.write_text("not a database", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert result.returncode == 2
    # (Qt's offscreen plugin adds lines of its own above.)
    assert result.stderr.splitlines()[-1].startswith("circles --self-test: ")
    assert "Traceback" not in result.stderr


def _unlocked(path: Path) -> bool:
    # The lock file may stay behind; what matters is that nobody holds it.
    from app.models.database import open_database

    db = open_database(path)
    db.close()
    return True


def test_the_export_helper_runs_through_the_program(tmp_path):
    """In the portable folder sys.executable is Circles itself: `PROGRAM -m
    app.services.prompts.process FILE DAY` must run the helper, as python -m does."""
    demo = tmp_path / "demo.circles"
    assert main(["demo", str(demo)]) == 0
    day = date.today().isoformat()
    via_main = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.__main__ import main; sys.exit(main())",
            "-m",
            "app.services.prompts.process",
            str(demo),
            day,
        ],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    direct = subprocess.run(
        [sys.executable, "-m", "app.services.prompts.process", str(demo), day],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert via_main.returncode == 0 == direct.returncode
    marker, prompts = pickle.loads(via_main.stdout)
    assert (marker, len(prompts)) == (
        pickle.loads(direct.stdout)[0],
        len(pickle.loads(direct.stdout)[1]),
    )
    assert prompts  # the demo raises prompts


def test_settings_go_to_a_file_not_the_registry_on_windows(qapp):
    from PySide6.QtCore import QSettings

    from app.views.shell.app_main import use_settings_file

    before = QSettings.defaultFormat()
    try:
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
        use_settings_file("linux")
        assert QSettings.defaultFormat() == QSettings.Format.NativeFormat
        use_settings_file("win32")
        assert QSettings.defaultFormat() == QSettings.Format.IniFormat
    finally:
        QSettings.setDefaultFormat(before)


def test_the_window_icon_is_found(qapp):
    from app.views.shell.app_main import make_application

    assert not make_application().windowIcon().isNull()


def test_the_apps_settings_file_is_owner_only(tmp_path):
    """Qt's settings (window size, recent files: paths that may name a response) are
    written owner-only, whatever the user's umask."""
    import os
    import stat
    import subprocess
    import sys

    if os.name != "posix":
        return
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["QT_QPA_PLATFORM"] = "offscreen"
    code = "import os, sys; os.umask(0o022); from app.__main__ import main; sys.exit(main(['--self-test']))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    written = [p for p in (tmp_path / "config").rglob("*") if p.is_file()]
    assert written, "the app wrote its settings"
    for p in written:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
