"""Profile of the after-edit path (not a test): where an add, its undo and a review date
go at N young people, in the real window offscreen with the map on screen.

Usage: python benchmarks/edit_profile.py [--size 2000] [--top 40] [--file PATH]
The response is built like latency_bench.py builds it (kept in --file when given, so a
second run skips building it).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.latency_bench import _isolate, build_response, settle  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="circles-profile-") as tmp:
        folder = Path(tmp)
        _isolate(folder)
        path = args.file or folder / "bench.circles"
        if not path.exists():
            build_response(path, args.size)
        from PySide6.QtWidgets import QApplication

        from app.services.people.response_details import update_response
        from app.views.shell.main_window import MainWindow

        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.open_path(path)
        settle(app, window)
        page = window.pages[0]
        store = window.store
        rid = store.response_id

        def profile(name: str, action) -> None:  # noqa: ANN001
            settle(app, window)
            prof = cProfile.Profile()
            prof.enable()
            action()
            settle(app, window)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(f"===== {name}\n{out.getvalue()}")

        for k in range(2):
            page.add_person(None)
            page.form.given_name.setText(f"Prof{k}")
            page.form.family_name.setText("Fictional")
            settle(app, window)
            profile("add", page.form.accept)
            profile("undo", window.undo_action.trigger)
            day = date.today() + timedelta(days=30 + k)
            profile(
                "review_date",
                lambda day=day: store.run(lambda s: update_response(s, rid, {"review_date": day})),
            )
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
