"""Latency benchmark (not a test): how long the real window takes to answer a user, at the
demo's 40 young people and at 500 and 2,000.

Usage: python benchmarks/latency_bench.py [--json] [--runs 5] [--sizes 40,500,2000]

The responses are built through the command line (`circles demo`; `circles new` and
`circles import` of a generated, fictional workbook: about 3 connections per young person,
concerns for 15%, assessments for 60%). Each is opened in the real MainWindow at 1366x768
(offscreen) and every figure is timed from the user's event to the end of the repaint
(events processed, then the window repainted), median and maximum of --runs runs, in
milliseconds of wall time and of CPU time of this process (steadier on a shared machine):

  startup_bare_ms        a bare QMainWindow painted, from launching Python (warm)
  startup_ms_N           `python -m app FILE` to the first paint of the window (since issue 14
                         part C its shell: menus, tabs, status "Opening FILE..."; FILE is
                         opened after that paint) (startup_cpu_ms_N: its CPU time; children
                         keep a bytecode cache)
  startup_open_ms_N      ... to the map painted with FILE open (startup_open_cpu_ms_N)
  open_ms_N              File > Open of FILE in a running window, to the repaint (the first
                         of the --runs windows below, the only one loading the map's code)
  open_laid_out_ms_N     ... to the end of the layout of people never placed (worked out on a
                         worker thread after the paint)
  tab_first_<tab>_ready_ms_N  the first visit of a tab whose content is worked out on a
                         worker thread (Prompts from 300 young people, the audit log from
                         2,000 entries) to that content shown (median of --runs; the worst:
                         tab_first_<tab>_ready_max_ms_N)
  *_gui_cpu_ms_N         CPU time of the GUI thread only (*_cpu_ms_N counts every thread of
                         the process, so a background worker's work too)
  warm_ms_N              from the repaint after File > Open to the end of the warm-up (the
                         other tabs' code loaded once mouse and keyboard are left alone for
                         a moment: app/views/shell/warm.py); the first visits come after it
  tab_first_<tab>_ms_N   switching to a tab the first time after opening (after the warm-up,
                         and after the quiet moment following the previous first visit):
                         the median of --runs runs, each a new MainWindow opening the same
                         file, waiting for its warm-up, then visiting every tab once (after
                         the first run every module is loaded, as after the warm-up);
                         tab_first_<tab>_max_ms_N the worst of them
  tab_first_cold_<tab>_ms_N  the same in a fresh process with no warm-up (the user clicks each
                         tab at once after opening: its code is loaded inside the click)
  tab_<tab>_ms_N         switching to it again later
  select_table_ms_N      selecting a young person in the map's Young people table
  select_search_ms_N     finding a young person with the map's search box
  add_person_ms_N        OK in the Add young person form (the map on screen)
  undo_ms_N              Edit > Undo of that add
  review_date_ms_N       setting the response's review date (Response details, OK)
  gc_ms_N / gc_full_N    time in Python's cycle collector during the timed interactions, and
                         how many full (generation 2) collections ran in them
  gc_idle_ms_N           time in the collector at the quiet moments between them (the
                         tidying after a tab's first build waits for one)
  load_avg_start/end     the 1-minute load average (the machine may be shared)
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AGENCIES = ["Children's Social Care", "CAMHS", "School", "Early Help", "Police"]


def _load() -> float:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return -1.0


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, check=True, capture_output=True)


def build_response(path: Path, n: int, seed: int = 7) -> None:
    """A fictional response of n young people, made with the command line like a user would."""
    if n == 40:
        _cli("demo", "--force", str(path))
        return
    from openpyxl import Workbook

    rng = random.Random(seed)
    today = date.today()
    wb = Workbook(write_only=True)
    people = wb.create_sheet("Young people")
    people.append(["Reference", "Given name*", "Family name*", "Date of birth", "Setting"])
    for i in range(1, n + 1):
        dob = date(2009, 1, 1) + timedelta(days=rng.randrange(1500))
        people.append([f"YP-{i:04d}", f"Given{i}", "Fictional", dob, f"School {i % 25}"])
    links = wb.create_sheet("Connections")
    links.append(["Person A*", "Person B*", "Mode*", "Kind*", "Source agency*", "Confidence*",
                  "Date identified*"])  # fmt: skip
    seen: set[tuple[int, int]] = set()
    while len(seen) < 3 * n // 2:  # about 3 connections per young person
        a = rng.randrange(1, n + 1)
        b = a + rng.choice([1, 2, 3, 7, 11]) if rng.random() < 0.8 else rng.randrange(1, n + 1)
        if not 1 <= b <= n or a == b or (min(a, b), max(a, b)) in seen:
            continue
        seen.add((min(a, b), max(a, b)))
        links.append([f"YP-{a:04d}", f"YP-{b:04d}", rng.choice(["Real life", "Online", "Both"]),
                      "Friend", "School", rng.choice(["Confirmed", "Reported", "Suspected"]),
                      today - timedelta(days=rng.randrange(60))])  # fmt: skip
    concerns = wb.create_sheet("Concerns")
    concerns.append(["Person*", "Date*", "Reporting agency*", "Category*"])
    for i in rng.sample(range(1, n + 1), n * 15 // 100):
        day = today - timedelta(days=rng.randrange(1, 40))
        concerns.append([f"YP-{i:04d}", day, "School", "Self-injury"])
    assessments = wb.create_sheet("Assessments")
    assessments.append(["Person*", "Agency*", "Status*", "Completed date", "Risk"])
    for i in rng.sample(range(1, n + 1), n * 60 // 100):
        day = today - timedelta(days=rng.randrange(1, 30))
        assessments.append(
            [
                f"YP-{i:04d}",
                rng.choice(AGENCIES),
                "Completed",
                day,
                rng.choice(["High", "Raised", "Low"]),
            ]  # fmt: skip
        )
    source = path.with_suffix(".xlsx")
    wb.save(source)
    _cli("new", "--force", str(path), "--title", f"Benchmark of {n} (fictional)", "--area",
         "Benchmarkshire", "--referral-date", (today - timedelta(days=40)).isoformat(),
         "--review-date", (today + timedelta(days=20)).isoformat())  # fmt: skip
    _cli("import", str(path), str(source), "--duplicates", "add")
    source.unlink()


# ----- start-up, in a child process per run ---------------------------------------------------
def _isolate(folder: Path) -> None:
    """Settings and data folder inside `folder`: the benchmark never touches the user's."""
    os.environ["XDG_DATA_HOME"] = str(folder / "data")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "cfg"))


def _now_ms() -> float:
    """Wall milliseconds since the epoch (the parent subtracts its launch time)."""
    return time.time() * 1000


def child_startup(path: str | None, folder: Path) -> None:
    """Run like `python -m app FILE` and say when the window has first painted."""
    if path is not None:
        # What `python -m app FILE` loads before Qt, before Qt here too (this process
        # imports Qt early for its paint spy; the order changes the cost of the imports).
        try:
            from app.__main__ import _import_before_qt
        except ImportError:  # an older Circles, compared against
            pass
        else:
            _import_before_qt()
    _isolate(folder)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])

    from PySide6.QtWidgets import QGraphicsView

    class FirstPaint(QObject):
        painted = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() != QEvent.Type.Paint:
                return False
            if isinstance(obj, QMainWindow) and not self.painted:
                self.painted = True
                print(f"painted {time.process_time() * 1000:.1f} {_now_ms():.1f}", flush=True)
                if path is None:
                    QTimer.singleShot(0, self.done)
            elif self.painted and isinstance(obj.parent(), QGraphicsView):
                window = obj.window()
                if getattr(window, "store", None) is not None:  # the map, the response open
                    QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            print(f"opened {time.process_time() * 1000:.1f} {_now_ms():.1f}", flush=True)
            # Closed as the user's Quit would (lock released): otherwise every later run
            # opens "after a crash" and times the full integrity check instead.
            for widget in app.topLevelWidgets():
                close_file = getattr(widget, "close_file", None)
                if close_file is not None:
                    close_file()
            os._exit(0)

    spy = FirstPaint()
    app.installEventFilter(spy)
    if path is None:
        w = QMainWindow()
        w.resize(1366, 768)
        w.show()
        app.exec()
    else:
        from app.__main__ import main

        main([path])


def _child_env(folder: Path) -> dict[str, str]:
    """Warm means as installed: compiled bytecode cached (in the benchmark's folder, not the
    source tree), whatever PYTHONDONTWRITEBYTECODE this shell has."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def time_startup(
    path: Path | None, folder: Path, runs: int, opened: dict[str, list[float]] | None = None
) -> tuple[list[float], list[float]]:
    """Wall and CPU ms to the first paint of the window; with `opened`, its "wall"/"cpu"
    lists get the same to the map painted with the response open."""
    walls, cpus = [], []
    env = _child_env(folder)
    for k in range(runs + 1):  # the first run warms the disk cache and is not counted
        cmd = [sys.executable, __file__, "--child", str(folder)]
        if path is not None:
            cmd.append(str(path))
        t0, e0 = time.perf_counter(), _now_ms()
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
        wall = (time.perf_counter() - t0) * 1000
        line = [x.split() for x in out.stdout.splitlines() if x.startswith("painted")]
        done = [x.split() for x in out.stdout.splitlines() if x.startswith("opened")]
        if not line or not done:
            raise RuntimeError(f"start-up did not paint: {out.stderr[-2000:]}")
        if k == 0:
            continue
        if path is None:  # a bare window: the process ends at its paint
            walls.append(wall)
            cpus.append(float(line[0][1]))
        else:
            walls.append(float(line[0][2]) - e0)
            cpus.append(float(line[0][1]))
            if opened is not None:
                opened.setdefault("wall", []).append(float(done[0][2]) - e0)
                opened.setdefault("cpu", []).append(float(done[0][1]))
    return walls, cpus


# ----- interactions, in this process ----------------------------------------------------------
class GcClock:
    """Time spent in the cycle collector, and full collections, while it is running."""

    def __init__(self) -> None:
        self.total = 0.0
        self.full = 0
        self._t = 0.0
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._t
            if info.get("generation") == 2:
                self.full += 1

    def reset(self) -> None:
        self.total, self.full = 0.0, 0


def settle(app, window) -> None:  # noqa: ANN001
    """Until the user sees the result: posted events handled, then the window repainted."""
    app.processEvents()
    app.processEvents()
    window.repaint()
    app.processEvents()


def timed(app, window, action: Callable[[], object]) -> tuple[float, float, float]:  # noqa: ANN001
    """Wall, process CPU (every thread, background workers too) and GUI-thread CPU, in ms."""
    settle(app, window)
    w0, c0, g0 = time.perf_counter(), time.process_time(), time.thread_time()
    action()
    settle(app, window)
    return (
        (time.perf_counter() - w0) * 1000,
        (time.process_time() - c0) * 1000,
        (time.thread_time() - g0) * 1000,
    )


def wait_for(app, done: Callable[[], bool], limit: float = 120.0) -> float:  # noqa: ANN001
    """Wall ms until `done()` (work on a worker thread ended and its result shown)."""
    t0 = time.perf_counter()
    while not done() and time.perf_counter() - t0 < limit:
        app.processEvents()
        time.sleep(0.005)
    return (time.perf_counter() - t0) * 1000


def wait_idle(app, window, limit: float = 120.0) -> float:  # noqa: ANN001
    """Until the window's work for quiet moments is done (none in an older Circles); the
    wall time then, in ms of `time.perf_counter()`."""
    try:
        from app.views.shell.warm import idle_work
    except ImportError:
        return time.perf_counter() * 1000
    work = idle_work(window)
    t0 = time.perf_counter()
    while not (work.started and not work.busy) and time.perf_counter() - t0 < limit:
        app.processEvents()
        time.sleep(0.002)
    return time.perf_counter() * 1000


# ----- first visits at once, in a fresh process (nothing loaded by a warm-up) -----------------
def child_cold(path: str, folder: Path) -> None:
    """Open `path` in the real window and visit every tab at once, as a user clicking
    straight away would: no quiet moment, so no warm-up. Prints "cold {json}"."""
    _isolate(folder)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from app.views.shell import warm
    except ImportError:  # an older Circles, compared against
        pass
    else:
        warm.IDLE_MS = 10**9  # the user never leaves mouse and keyboard alone
    from app.views.shell.main_window import MainWindow

    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    settle(app, window)
    timed(app, window, lambda: window.open_path(path))
    opening = getattr(window.page_at(0), "opening", None)
    if opening is not None:
        wait_for(app, lambda: not opening.running)
    tabs = window.tabs
    out = {}
    for i in range(1, tabs.count()):
        out[tabs.tabText(i).split()[0].lower()] = timed(
            app, window, lambda i=i: tabs.setCurrentIndex(i)
        )[0]
    print("cold " + json.dumps(out), flush=True)
    window.close_file()  # the lock released, as Quit would
    os._exit(0)


def time_cold(path: Path, folder: Path, runs: int) -> dict[str, list[float]]:
    """Each tab's cold first visit (wall ms), one fresh process per run."""
    walls: dict[str, list[float]] = {}
    for _ in range(runs):
        cmd = [sys.executable, __file__, "--cold", str(folder), str(path)]
        out = subprocess.run(
            cmd, cwd=ROOT, capture_output=True, text=True, timeout=600, env=_child_env(folder)
        )
        line = [x for x in out.stdout.splitlines() if x.startswith("cold ")]
        if not line:
            raise RuntimeError(f"cold first visits failed: {out.stderr[-2000:]}")
        for tab, ms in json.loads(line[0][5:]).items():
            walls.setdefault(tab, []).append(ms)
    return walls


def _open_window(app, path: Path, n: int, results: dict | None, gclock: GcClock):  # noqa: ANN001, ANN202
    """A new MainWindow with `path` open, its map laid out and its warm-up done (the user
    looks at the map before clicking a tab). The opening's figures go in `results` when
    given (the first run only: later runs open with every module loaded). Returns the
    window and the collector's time in the warm-up."""
    from app.views.shell.main_window import MainWindow

    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    settle(app, window)
    t_open = time.perf_counter()
    wall, cpu, gui = timed(app, window, lambda: window.open_path(path))
    # Unplaced people are laid out off the GUI thread after the paint: until it is done.
    opening = getattr(window.page_at(0), "opening", None)
    if opening is not None:
        wait_for(app, lambda: not opening.running)
    laid_out = (time.perf_counter() - t_open) * 1000
    # The user looks at the map before clicking a tab: the warm-up (app/views/shell/warm.py)
    # loads the other tabs' code at that quiet moment; the first visits come after it.
    in_gc = gclock.total
    warm = wait_idle(app, window) - (t_open * 1000 + wall)
    if results is not None:
        results[f"open_ms_{n}"] = round(wall)
        results[f"open_cpu_ms_{n}"] = round(cpu)
        results[f"open_gui_cpu_ms_{n}"] = round(gui)
        results[f"open_laid_out_ms_{n}"] = round(laid_out)
        results[f"warm_ms_{n}"] = round(warm, 1)
    return window, gclock.total - in_gc


def _close_window(app, window) -> None:  # noqa: ANN001
    window.close_file()  # the lock released, as Quit would
    window.close()
    window.deleteLater()
    app.processEvents()


def interactions(path: Path, n: int, runs: int, results: dict, gclock: GcClock) -> None:
    from PySide6.QtWidgets import QApplication

    from app.services.people.response_details import update_response

    app = QApplication.instance()
    samples: dict[str, list[tuple[float, float, float]]] = {}
    ready: dict[str, list[float]] = {}
    gclock.reset()
    in_interactions = [0.0, 0]  # the collector's time and full collections inside them

    def record(name: str, action: Callable[[], object]) -> None:
        t, full = gclock.total, gclock.full
        samples.setdefault(name, []).append(timed(app, window, action))
        in_interactions[0] += gclock.total - t
        in_interactions[1] += gclock.full - full

    idle_gc = 0.0
    # Each tab's first visit, once per run, each run in a new window opening the same file
    # (after the first run every module is loaded, as after the warm-up): the median and
    # the worst of --runs samples, not one noisy sample.
    for run in range(runs):
        window, warm_gc = _open_window(app, path, n, results if run == 0 else None, gclock)
        idle_gc += warm_gc
        tabs = window.tabs
        names = [tabs.tabText(i).split()[0].lower() for i in range(tabs.count())]
        for i in range(1, tabs.count()):  # the first visit of each page
            record(f"tab_first_{names[i]}", lambda i=i, tabs=tabs: tabs.setCurrentIndex(i))
            page = window.page_at(i)
            if getattr(page, "working", False):  # worked out on a worker thread: until shown
                ready.setdefault(names[i], []).append(
                    samples[f"tab_first_{names[i]}"][-1][0]
                    + wait_for(app, lambda page=page: not page.working)
                )
            # The user reads the page before the next click: what waits for a quiet moment
            # (the collector's tidying after the build) runs then, outside the interactions.
            in_gc = gclock.total
            wait_idle(app, window)
            idle_gc += gclock.total - in_gc
        record("tab_first_map", lambda tabs=tabs: tabs.setCurrentIndex(0))
        if run < runs - 1:
            _close_window(app, window)
    for name, walls in ready.items():
        results[f"tab_first_{name}_ready_ms_{n}"] = round(statistics.median(walls))
        results[f"tab_first_{name}_ready_max_ms_{n}"] = round(max(walls))
    for _ in range(runs):
        for i in [*range(1, tabs.count()), 0]:
            record(f"tab_{names[i]}", lambda i=i: tabs.setCurrentIndex(i))
    tabs.setCurrentIndex(0)
    page = window.pages[0]
    table = page.people_view.table
    refs = [p.reference for p in page.data.people.values()]
    rng = random.Random(3)
    for _ in range(runs):
        row = rng.randrange(table.model().rowCount())
        record("select_table", lambda row=row: table.selectRow(row))
        ref = rng.choice(refs)
        record("select_search", lambda ref=ref: page.find(ref))
    store = window.store
    rid = store.response_id
    for k in range(runs):
        page.add_person(None)
        form = page.form
        form.given_name.setText(f"Bench{k}")
        form.family_name.setText("Fictional")
        settle(app, window)
        record("add_person", form.accept)
        record("undo", window.undo_action.trigger)
        day = date.today() + timedelta(days=21 + k)
        record("review_date", lambda day=day: store.run(
            lambda s: update_response(s, rid, {"review_date": day})))  # fmt: skip
    results[f"gc_ms_{n}"] = round(in_interactions[0] * 1000)
    results[f"gc_idle_ms_{n}"] = round(idle_gc * 1000)
    results[f"gc_full_{n}"] = in_interactions[1]
    for name, values in samples.items():
        walls = [w for w, _, _ in values]
        cpus = [c for _, c, _ in values]
        guis = [g for _, _, g in values]
        results[f"{name}_ms_{n}"] = round(statistics.median(walls), 1)
        results[f"{name}_max_ms_{n}"] = round(max(walls), 1)
        results[f"{name}_cpu_ms_{n}"] = round(statistics.median(cpus), 1)
        results[f"{name}_gui_cpu_ms_{n}"] = round(statistics.median(guis), 1)
    _close_window(app, window)


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_startup(sys.argv[3] if len(sys.argv) > 3 else None, Path(sys.argv[2]))
        return 1
    if len(sys.argv) > 3 and sys.argv[1] == "--cold":
        child_cold(sys.argv[3], Path(sys.argv[2]))
        return 1
    # Warm, as installed: the app's bytecode compiled once. An installation (the portable
    # build too) has it; a shell with PYTHONDONTWRITEBYTECODE made every page's first visit
    # in this process compile its modules from source (15-30 ms a page).
    sys.dont_write_bytecode = False
    compileall.compile_dir(str(ROOT / "app"), quiet=1)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="40,500,2000")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    results: dict[str, float] = {"load_avg_start": _load(), "runs": args.runs}
    with tempfile.TemporaryDirectory(prefix="circles-latency-") as tmp:
        folder = Path(tmp)
        _isolate(folder)
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication(sys.argv[:1])
        app.setOrganizationName("CirclesBench")
        app.setApplicationName("CirclesBench")
        files = {}
        for n in sizes:
            files[n] = folder / f"bench{n}.circles"
            build_response(files[n], n)
        walls, cpus = time_startup(None, folder, args.runs)
        results["startup_bare_ms"] = round(statistics.median(walls))
        results["startup_bare_cpu_ms"] = round(statistics.median(cpus))
        gclock = GcClock()
        for n in sizes:
            opened: dict[str, list[float]] = {}
            walls, cpus = time_startup(files[n], folder, args.runs, opened)
            results[f"startup_ms_{n}"] = round(statistics.median(walls))
            results[f"startup_max_ms_{n}"] = round(max(walls))
            results[f"startup_cpu_ms_{n}"] = round(statistics.median(cpus))
            results[f"startup_open_ms_{n}"] = round(statistics.median(opened["wall"]))
            results[f"startup_open_max_ms_{n}"] = round(max(opened["wall"]))
            results[f"startup_open_cpu_ms_{n}"] = round(statistics.median(opened["cpu"]))
            for tab, walls in time_cold(files[n], folder, args.runs).items():
                results[f"tab_first_cold_{tab}_ms_{n}"] = round(statistics.median(walls), 1)
            interactions(files[n], n, args.runs, results, gclock)
    results["load_avg_end"] = _load()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key:32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
