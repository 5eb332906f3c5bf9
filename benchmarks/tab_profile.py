"""Profile of each page's first visit (not a test): where switching to a tab for the first
time goes at N young people, in the real window offscreen.

Usage: python benchmarks/tab_profile.py [--size 2000] [--top 30] [--file PATH] [--tabs a,b]
The response is built like latency_bench.py builds it (kept in --file when given, so a
second run skips building it). Each tab is visited once, from the Map, in tab order.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.latency_bench import (  # noqa: E402
    _isolate,
    build_response,
    settle,
    wait_for,
    wait_idle,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--tabs", default="", help="only these tabs (first words, lower case)")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument(
        "--cold", action="store_true", help="visit at once, without waiting for the warm-up"
    )
    args = parser.parse_args()
    wanted = {t for t in args.tabs.split(",") if t}
    with tempfile.TemporaryDirectory(prefix="circles-profile-") as tmp:
        folder = Path(tmp)
        _isolate(folder)
        path = args.file or folder / "bench.circles"
        if not path.exists():
            build_response(path, args.size)
        from PySide6.QtWidgets import QApplication

        from app.views.shell.main_window import MainWindow

        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = MainWindow()
        window.resize(1366, 768)
        window.show()
        window.open_path(path)
        settle(app, window)
        opening = getattr(window.page_at(0), "opening", None)
        if opening is not None:
            wait_for(app, lambda: not opening.running)
        settle(app, window)
        if not args.cold:  # a user looks at the map a moment: the warm-up runs (shell/warm.py)
            wait_idle(app, window)
        tabs = window.tabs
        names = [tabs.tabText(i).split()[0].lower() for i in range(tabs.count())]
        for i in range(1, tabs.count()):
            if wanted and names[i] not in wanted:
                continue
            tabs.setCurrentIndex(0)
            settle(app, window)
            if not args.cold:
                wait_idle(app, window)
            prof = cProfile.Profile()
            t0 = time.perf_counter()
            prof.enable()
            tabs.setCurrentIndex(i)
            settle(app, window)
            prof.disable()
            wall = (time.perf_counter() - t0) * 1000
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(
                f"===== {names[i]} (first visit, {wall:.0f} ms under the profiler)\n{out.getvalue()}"
            )
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
