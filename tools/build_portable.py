"""Build the portable Circles folder: `python3 tools/build_portable.py` from the checkout.

Sets up .venv (like run.py and test.py) with PyInstaller, then builds one folder holding
the program and everything it needs, for the platform it runs on, and a zip of it beside:
`dist/Circles-VERSION-PLATFORM/` and `dist/Circles-VERSION-PLATFORM.zip`. On the target no
Python, no admin rights, no installer and no network are needed: unzip it anywhere the
user can write and run `Circles` (`Circles.exe` on Windows). Standard library only until
.venv exists; nothing here is specific to one platform.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bootstrap import ensure_environment  # noqa: E402 - after the checkout is on the path


def version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise SystemExit("build_portable: no __version__ in app/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    machine = platform.machine().lower()
    machine = {"amd64": "x64", "x86_64": "x64", "aarch64": "arm64"}.get(machine, machine)
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    system = "linux" if system.startswith("linux") else system
    return f"{system}-{machine}"


def bundle_name() -> str:
    return f"Circles-{version()}-{platform_tag()}"


def executable(folder: Path) -> Path:
    return folder / ("Circles.exe" if os.name == "nt" else "Circles")


def build(dist: Path, work: Path, *, zip_it: bool = True, venv: Path | None = None) -> Path:
    """Build the folder into `dist` (intermediate files in `work`) with the environment
    `venv` (default .venv); returns the folder."""
    python = ensure_environment(("build",), venv) if venv else ensure_environment(("test", "build"))
    name = bundle_name()
    folder = dist / name
    env = dict(os.environ, CIRCLES_BUNDLE_NAME=name)
    print(f"Building {folder} with PyInstaller (a few minutes) ...", flush=True)
    subprocess.check_call(
        [
            str(python),
            "-m",
            "PyInstaller",
            str(ROOT / "tools" / "circles.spec"),
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ],
        cwd=ROOT,
        env=env,
    )
    if zip_it:
        archive = shutil.make_archive(str(dist / name), "zip", root_dir=dist, base_dir=name)
        print(f"Zipped: {archive}")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"Built: {executable(folder)} ({size / 1e6:.0f} MB)")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build", help="PyInstaller's intermediate files"
    )
    parser.add_argument("--no-zip", action="store_true", help="build the folder only")
    parser.add_argument(
        "--venv",
        type=Path,
        help="build with this environment instead of .venv (created where missing; it "
        "gets Circles and PyInstaller only)",
    )
    args = parser.parse_args(argv)
    venv = args.venv.resolve() if args.venv else None
    build(args.dist.resolve(), args.work.resolve(), zip_it=not args.no_zip, venv=venv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
