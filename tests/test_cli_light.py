"""`circles --help` and each verb's `--help` answer without loading the heavy libraries
(issue 14: the help came after a second because every verb imported openpyxl, networkx
and the workbook code at its top). No timing is asserted: what loads is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import VERB_MODULES

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "openpyxl", "networkx", "PySide6", "pyqtgraph")
VERBS = [m.rsplit(".", 1)[1].rstrip("_") for m in VERB_MODULES]

PROBE = """
import contextlib, io, sys
from app.__main__ import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        code = main(sys.argv[1:])
    except SystemExit as e:
        code = e.code
assert code == 0, code
assert "usage" in out.getvalue().lower()
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY_NAMES))))
"""


@pytest.mark.parametrize("argv", [["--help"], *[[verb, "--help"] for verb in VERBS]])
def test_help_loads_no_heavy_library(argv: list[str]) -> None:
    r = subprocess.run(
        [sys.executable, "-c", PROBE.replace("HEAVY_NAMES", repr(HEAVY)), *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "", f"{' '.join(argv)} loaded {r.stdout.strip()}"


def test_the_import_verbs_duplicate_choices_are_the_importers() -> None:
    from app.cli import import_
    from app.services.importing.planned import DECISIONS, MERGE

    assert import_.DECISIONS == DECISIONS
    assert import_.MERGE == MERGE
