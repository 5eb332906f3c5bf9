"""What the window loads before its first screen is up (issue 14: a window in under 0.6 s).

The demo is opened in the real window (`Circles --self-test FILE`: shown, then closed as
the close button does) in a fresh process with its own settings and data folders; the
code behind the other tabs, the exports, the import and Alembic must not have loaded by
then. No timing is asserted: what loads is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.services.files.demo import build_demo

ROOT = Path(__file__).resolve().parents[2]

# Libraries and app code the first screen (the map) does not need.
NOT_AT_START = (
    "openpyxl",
    "networkx",
    "pyqtgraph",
    "alembic",
    "mako",
    "app.services.workbook",
    "app.services.importing",
    "app.services.prompts",
    "app.services.report",
    "app.services.files.demo",
    "app.views.prompts",
    "app.views.report.pdf",
    "app.views.audit",
    "app.views.coverage",
    "app.views.meetings.page",
    "app.views.meetings.actions_page",
    "app.views.exchange.import_dialog",
)

PROBE = """
import sys
from app.__main__ import main
code = main(["--self-test", sys.argv[1]])
assert code == 0, code
wanted = NOT_AT_START
print("loaded:" + ",".join(sorted(m for m in sys.modules if any(m == w or m.startswith(w + ".") for w in wanted))))
"""


def test_the_window_opens_the_demo_without_the_other_screens_code(tmp_path: Path) -> None:
    path = tmp_path / "demo.circles"
    build_demo(path).close()
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),  # Qt's settings (recent files) in the sandbox
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    r = subprocess.run(
        [sys.executable, "-c", PROBE.replace("NOT_AT_START", repr(NOT_AT_START)), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "opened demo.circles" in r.stdout
    loaded = next(x for x in r.stdout.splitlines() if x.startswith("loaded:"))[7:]
    assert loaded == "", f"loaded before the first screen: {loaded}"
