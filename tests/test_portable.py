"""The portable folder, tested as built: tools/build_portable.py builds it into a temporary
folder, and it runs with the network switched off (`unshare -n`) and an empty home folder:
the verbs give what `python -m app` gives, the app opens the demo and closes cleanly, and
nothing is written outside the folder, the user's data and settings folders and the
files asked for. Takes a few minutes (a PyInstaller build); runs in CI."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import __version__
from tests.offline import network_off_prefix

ROOT = Path(__file__).parents[1]
pytestmark = pytest.mark.portable


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    network_off_prefix()  # skips here, before minutes of building, where it cannot work
    given = os.environ.get("CIRCLES_TEST_BUNDLE")
    if given:  # a folder built already (by hand, or the one to be delivered): test it as is
        folder = Path(given).resolve()
    else:
        folder = _build(tmp_path_factory.mktemp("portable"))
    assert folder.name.startswith(f"Circles-{__version__}-linux-"), folder.name
    # The zip beside it carries the version too and unpacks to the same folder.
    with zipfile.ZipFile(folder.parent / f"{folder.name}.zip") as zf:
        assert f"{folder.name}/Circles" in zf.namelist()
    return folder


def _build(top: Path) -> Path:
    dist = top / "dist"
    # Its own build environment: the suite's .venv is left as it is.
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "build_portable.py"),
            "--dist",
            str(dist),
            "--work",
            str(top / "work"),
            "--venv",
            str(top / "venv"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    shutil.rmtree(top / "venv", ignore_errors=True)
    shutil.rmtree(top / "work", ignore_errors=True)
    folders = [p for p in dist.iterdir() if p.is_dir()]
    assert len(folders) == 1, list(dist.iterdir())
    return folders[0]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in folder.rglob("*"):
        st = path.lstat()
        out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


class Laptop:
    """A user with an empty home folder, no network and no Python on the PATH."""

    def __init__(self, bundle: Path, top: Path) -> None:
        self.program = bundle / "Circles"
        self.prefix = network_off_prefix()
        self.home, self.tmp, self.work = top / "home", top / "tmp", top / "work"
        for folder in (self.home, self.tmp, self.work):
            folder.mkdir()
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "TMPDIR": str(self.tmp),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, str(self.program), *args],
            capture_output=True,
            text=True,
            cwd=self.work,
            env=self.env,
            timeout=600,
            input=stdin,
        )


def source(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=600,
    )


def test_the_portable_folder_runs_offline_with_an_empty_home(bundle, tmp_path):
    laptop = Laptop(bundle, tmp_path)
    before = snapshot(bundle)

    version = laptop.run("--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"Circles {__version__}")

    demo = laptop.run("demo", "demo.circles")
    assert demo.returncode == 0, demo.stderr
    check = laptop.run("check", "demo.circles")
    assert (check.returncode, check.stdout.strip()) == (0, "demo.circles: OK"), check.stderr

    coverage = laptop.run("coverage", "demo.circles", "--json")
    assert coverage.returncode == 0, coverage.stderr
    expected = source("coverage", str(laptop.work / "demo.circles"), "--json", cwd=tmp_path)
    assert json.loads(coverage.stdout) == json.loads(expected.stdout)
    assert json.loads(coverage.stdout)["in_scope"] > 0

    export = laptop.run("export", "demo.circles", "--out", "meeting.xlsx", "--circulation")
    assert export.returncode == 0, export.stderr
    book = load_workbook(laptop.work / "meeting.xlsx", read_only=True)
    assert "Prompts" in book.sheetnames and len(book.sheetnames) > 3

    # A refusal: the same exit code and sentence as python -m app.
    missing = laptop.run("check", "nowhere.circles")
    reference = source("check", "nowhere.circles", cwd=laptop.work)
    assert missing.returncode == 2 == reference.returncode
    assert missing.stderr == reference.stderr and "Traceback" not in missing.stderr

    # The export's helper process is the program itself (sys.executable in the folder).
    day = date.today().isoformat()
    helper_raw = subprocess.run(
        [
            *laptop.prefix,
            str(laptop.program),
            "-m",
            "app.services.prompts.process",
            "demo.circles",
            day,
        ],
        capture_output=True,
        cwd=laptop.work,
        env=laptop.env,
        timeout=600,
    )
    assert helper_raw.returncode == 0
    marker, prompts = pickle.loads(helper_raw.stdout)
    assert marker > 0 and prompts

    # The app: opens the demo in its window offscreen and closes cleanly.
    gui = laptop.run("--self-test", "demo.circles")
    assert gui.returncode == 0, gui.stderr[-2000:]
    assert f"Circles {__version__} opened demo.circles" in gui.stdout

    # Nothing written outside the folder, the user's Circles folders and the files asked for.
    assert snapshot(bundle) == before
    # (The lock beside the response is released and removed when the window closes.)
    assert sorted(p.name for p in laptop.work.iterdir()) == ["demo.circles", "meeting.xlsx"]
    assert list(laptop.tmp.iterdir()) == []
    written = sorted(str(p.relative_to(laptop.home)) for p in laptop.home.rglob("*") if p.is_file())
    allowed = (".local/share/Circles/", ".config/Circles/")
    assert all(w.startswith(allowed) for w in written), written


def test_a_large_export_in_the_folder_starts_its_helper_and_matches_python(bundle, tmp_path):
    laptop = Laptop(bundle, tmp_path)
    big = laptop.work / "big.circles"
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; import benchmarks.export_bench as b; "
            "b.PEOPLE, b.CONNECTIONS = 1600, 3000; b.generate(Path(sys.argv[1])).close()",
            str(big),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr[-2000:]
    frozen = laptop.run("export", "big.circles", "--out", "big.xlsx")
    assert frozen.returncode == 0, frozen.stderr
    reference = source("export", str(big), "--out", str(tmp_path / "ref.xlsx"), cwd=tmp_path)
    assert reference.returncode == 0, reference.stderr

    def prompts(path: Path) -> list[tuple]:
        sheet = load_workbook(path, read_only=True)["Prompts"]
        return [tuple(r) for r in sheet.iter_rows(values_only=True)]

    rows = prompts(laptop.work / "big.xlsx")
    assert len(rows) > 1 and rows == prompts(tmp_path / "ref.xlsx")
