"""Download every wheel Circles needs into wheelhouse/, for an offline install.

On a connected machine: `python3 tools/build_wheelhouse.py` (this machine's platform and
Python), or for a council laptop `python3 tools/build_wheelhouse.py --platform win_amd64
--python 3.11`. Copy the checkout with its wheelhouse/ to the laptop: run.py and test.py
then install from it with the network never used (bootstrap.py). Standard library and pip
only.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# pip downloads a dependency's dependencies by the markers of the machine it runs on, not
# the target's: these are needed only on Windows, by the test tools (pytest's colours).
WINDOWS_ONLY = ["colorama"]
# `pip install -e .` builds Circles itself, offline too: its build backend.
BUILD_BACKEND = ["setuptools>=68", "wheel"]


def requirements(python: str, platforms: list[str], extras: list[str]) -> list[str]:
    """Circles' own requirements for the target, its markers worked out for it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    out = []
    for line in wanted:
        requirement, _, marker = line.partition(";")
        if marker.strip() and not _marker_holds(marker.strip(), python):
            continue
        out.append(requirement.strip())
    windows = any(p.startswith("win") for p in platforms) if platforms else sys.platform == "win32"
    if windows:
        out += WINDOWS_ONLY
    return out + BUILD_BACKEND


def _marker_holds(marker: str, python: str) -> bool:
    # Circles' own markers compare python_version only; anything else is a mistake here.
    match = re.fullmatch(r"python_version\s*(<=|>=|<|>|==|!=)\s*['\"](\d+)\.(\d+)['\"]", marker)
    if not match:
        raise SystemExit(f"build_wheelhouse: cannot work out the marker {marker!r}")
    op, major, minor = match.groups()
    have = tuple(int(x) for x in python.split(".")[:2])
    want = (int(major), int(minor))
    return {
        "<": have < want,
        "<=": have <= want,
        ">": have > want,
        ">=": have >= want,
        "==": have == want,
        "!=": have != want,
    }[op]


def _pip() -> list[str]:
    """This Python's pip, or one in a throw-away environment where it has none."""
    probe = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True)
    if probe.returncode == 0:
        return [sys.executable, "-m", "pip"]
    folder = Path(tempfile.mkdtemp(prefix="circles-pip-"))
    venv.EnvBuilder(with_pip=True).create(folder)
    python = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    return [str(python), "-m", "pip"]


def download(out: Path, python: str, platforms: list[str], extras: list[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    command = [*_pip(), "download", "--disable-pip-version-check", "--dest", str(out)]
    command += ["--only-binary=:all:"]  # nothing to compile on the laptop
    this_python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if platforms or python != this_python:
        abi = "cp" + python.replace(".", "")
        for platform in platforms:
            command += ["--platform", platform]
        command += ["--python-version", python, "--implementation", "cp"]
        command += ["--abi", abi, "--abi", "abi3", "--abi", "none"]
    command += requirements(python, platforms, extras)
    subprocess.check_call(command)
    return sorted(out.glob("*.whl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--platform",
        action="append",
        default=[],
        help="target platform tag, e.g. win_amd64 (repeat for several, e.g. "
        "manylinux_2_28_x86_64 and manylinux2014_x86_64; default: this machine)",
    )
    parser.add_argument(
        "--python",
        default=f"{sys.version_info[0]}.{sys.version_info[1]}",
        help="target Python version, e.g. 3.11 (default: this Python)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "wheelhouse", help="folder to fill")
    parser.add_argument(
        "--extras",
        default="test",
        help="comma-separated extras to include (default: test, which run.py and test.py "
        "install; add build for tools/build_portable.py)",
    )
    args = parser.parse_args(argv)
    extras = [e for e in args.extras.split(",") if e]
    wheels = download(args.out.resolve(), args.python, args.platform, extras)
    size = sum(w.stat().st_size for w in wheels)
    print(f"{len(wheels)} wheels ({size / 1e6:.0f} MB) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
