"""Set up the project's virtual environment on first use, then run a command inside it.

Used by run.py (the app) and test.py (the test suite) so that a fresh clone needs only
Python 3.11+. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "circles-installed.txt"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    # Reinstall when the dependencies change or the interpreter does.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info[0]}.{sys.version_info[1]}"


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs before the venv exists
        sys.exit("Circles needs Python 3.11 or newer; this is " + sys.version.split()[0] + ".")
    python = _venv_python()
    if not python.exists():
        print("First run: creating the virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text(encoding="utf-8") != _wanted_stamp():
        print("Installing Circles and its packages into .venv (first run only) ...", flush=True)
        subprocess.check_call(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                f"{ROOT}[test]",
            ],
        )
        STAMP.write_text(_wanted_stamp(), encoding="utf-8")
    return python


def run_in_environment(args: list[str]) -> int:
    python = ensure_environment()
    return subprocess.call([str(python), *args], cwd=ROOT)
