"""The offline install: tools/build_wheelhouse.py fills wheelhouse/ on a connected machine,
and run.py then sets up .venv from it with the network switched off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.offline import network_off_prefix
from tools.build_wheelhouse import requirements

ROOT = Path(__file__).parents[1]


def names(reqs: list[str]) -> list[str]:
    return [r.split(">")[0].split("<")[0].split("=")[0].strip().lower() for r in reqs]


def test_the_wheelhouse_for_a_windows_laptop_on_python_3_11():
    reqs = requirements("3.11", ["win_amd64"], ["test"])
    # The 3.11 line of PySide6 only (6.12 aborts on 3.11), pytest's Windows-only colours,
    # the build backend for Circles itself.
    assert [r for r in reqs if r.lower().startswith("pyside6")] == ["PySide6-Essentials>=6.8,<6.12"]
    assert {"colorama", "setuptools", "pytest", "openpyxl", "msoffcrypto-tool"} <= set(names(reqs))


def test_the_wheelhouse_for_linux_on_python_3_12_has_no_windows_packages():
    reqs = requirements("3.12", ["manylinux_2_28_x86_64"], [])
    assert [r for r in reqs if r.lower().startswith("pyside6")] == ["PySide6-Essentials>=6.8"]
    assert "colorama" not in names(reqs) and "pytest" not in names(reqs)


@pytest.mark.portable
def test_a_fresh_clone_sets_up_from_the_wheelhouse_with_the_network_off(tmp_path):
    prefix = network_off_prefix()
    wheelhouse = tmp_path / "wheelhouse"
    built = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_wheelhouse.py"), "--out", str(wheelhouse)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=1800,
    )
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]

    clone = tmp_path / "clone"
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", head], check=True)
    shutil.copytree(wheelhouse, clone / "wheelhouse")

    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        # No pip configuration of this machine (extra package folders): the wheelhouse only.
        "PIP_CONFIG_FILE": os.devnull,
    }
    python = getattr(sys, "_base_executable", sys.executable)
    opened = subprocess.run(
        [*prefix, python, "run.py", "--self-test"],
        capture_output=True,
        text=True,
        cwd=clone,
        env=env,
        timeout=1800,
    )
    out = opened.stdout + opened.stderr
    assert opened.returncode == 0, out[-4000:]
    assert "from wheelhouse/ (offline)" in opened.stdout
    assert "opened My response.circles" in opened.stdout
