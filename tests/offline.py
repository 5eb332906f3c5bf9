"""Switching the network off for a test's subprocess: `unshare -n` (Linux)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def network_off_prefix() -> list[str]:
    """The command prefix that runs a program with no network, or a skip saying why it
    cannot be done here."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the network is switched off with Linux's unshare")
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"unshare -n is not allowed here: {probe.stderr.strip()}")
    return ["unshare", "-n"]
