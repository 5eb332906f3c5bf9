"""Circles never makes a network call: the main paths run with every socket refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

SCRIPT = r"""
import os, socket, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
attempts = []
class NoNetwork(socket.socket):
    def connect(self, address):
        attempts.append(address)
        raise OSError("network call refused by the test")
    def connect_ex(self, address):
        attempts.append(address)
        return 1
socket.socket = NoNetwork
def refuse(*args, **kwargs):
    attempts.append(args)
    raise OSError("network call refused by the test")
socket.create_connection = refuse
socket.getaddrinfo = refuse

tmp = Path(sys.argv[1])  # the test's tmp_path: nothing is left behind
from app.services.files.demo import build_demo
from app.services.workbook import export_workbook
from app.services.prompts.engine import prompts_for
from app.services.coverage.figures import coverage_for
db = build_demo(tmp / "demo.circles")
export_workbook(db, tmp / "demo.xlsx", circulation=True)
with db.read() as s:
    prompts_for(s, db.response_id)
    coverage_for(s, db.response_id)
db.close()
from app.views.shell.app_main import make_application
app = make_application()
from app.views.shell.main_window import MainWindow
w = MainWindow()
w.show()
assert w.open_path(tmp / "demo.circles")
for i in range(w.tabs.count()):
    w.tabs.setCurrentIndex(i)
    app.processEvents()
w.close()
print("attempts", len(attempts))
"""


def test_main_paths_make_no_network_call(tmp_path):
    # The app below saves its settings (recent files, window size) and makes its data
    # folder: both go into the test's own folders, never the real user's.
    user = tmp_path / "user"
    env = {
        **os.environ,
        "HOME": str(user),
        "XDG_CONFIG_HOME": str(user / "config"),
        "XDG_DATA_HOME": str(user / "data"),
        "APPDATA": str(user / "AppData"),
        "LOCALAPPDATA": str(user / "AppData" / "Local"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "attempts 0" in result.stdout
    assert (user / "config" / "Circles" / "Circles.conf").exists()  # where they went
