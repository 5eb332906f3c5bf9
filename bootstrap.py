"""Set up the project's virtual environment on first use, then run a command inside it.

Used by run.py (the app), test.py (the test suite) and tools/build_portable.py so that a
fresh clone needs only Python 3.11+. Standard library only: it runs before anything is
installed. Where a `wheelhouse/` folder is present (tools/build_wheelhouse.py fills it on
a connected machine), every package comes from it and the network is never used.
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
WHEELHOUSE = ROOT / "wheelhouse"


def _venv_python(where: Path = VENV) -> Path:
    if os.name == "nt":
        return where / "Scripts" / "python.exe"
    return where / "bin" / "python"


def _wanted_stamp() -> str:
    # Reinstall when the dependencies change or the interpreter does.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info[0]}.{sys.version_info[1]}"


def _installed_extras(stamp: Path) -> set[str] | None:
    """The extras installed for the current pyproject and interpreter, None if stale."""
    if not stamp.exists():
        return None
    first, _, rest = stamp.read_text(encoding="utf-8").partition("\n")
    if first != _wanted_stamp():
        return None
    # A stamp from before extras were recorded had the test extra only.
    return {e for e in rest.strip().split(",") if e} or {"test"}


def has_wheelhouse() -> bool:
    return WHEELHOUSE.is_dir() and any(WHEELHOUSE.glob("*.whl"))


def pip_source_options() -> list[str]:
    """Offline from wheelhouse/ when it is there: a council network blocks package
    downloads, and an IT department wants to know exactly what is installed."""
    if has_wheelhouse():
        return ["--no-index", "--find-links", str(WHEELHOUSE)]
    return []


def ensure_environment(extras: tuple[str, ...] = ("test",), where: Path = VENV) -> Path:
    """The Python of the environment `where` (default .venv), created and filled with
    Circles and `extras` first where needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - runs before the venv exists
        sys.exit("Circles needs Python 3.11 or newer; this is " + sys.version.split()[0] + ".")
    python = _venv_python(where)
    stamp = where / STAMP.name
    if not python.exists():
        print(f"First run: creating the virtual environment in {where.name} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(where)
    installed = _installed_extras(stamp)
    if installed is None or not set(extras) <= installed:
        wanted = sorted(set(extras) | (installed or set()))
        source = " from wheelhouse/ (offline)" if has_wheelhouse() else ""
        print(f"Installing Circles and its packages into {where.name}{source} ...", flush=True)
        code = subprocess.call(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *pip_source_options(),
                "-e",
                f"{ROOT}[{','.join(wanted)}]",
            ],
        )
        if code != 0:
            sys.exit(_install_failed())
        stamp.write_text(_wanted_stamp() + "\n" + ",".join(wanted), encoding="utf-8")
    return python


def _install_failed() -> str:
    if has_wheelhouse():
        return (
            "Circles could not be installed from wheelhouse/: it lacks a package for this "
            f"computer or Python {sys.version_info[0]}.{sys.version_info[1]} (pip says which "
            "above); build it again on a connected machine with tools/build_wheelhouse.py "
            "for this platform and Python."
        )
    return (
        "Circles could not install its packages (pip says why above): check the network, "
        "or use an offline wheelhouse (README.md, Deploying on council laptops)."
    )


def run_in_environment(args: list[str]) -> int:
    python = ensure_environment()
    return subprocess.call([str(python), *args], cwd=ROOT)
