"""The app's export, run as its own process: `python -m app export ... --json --progress`.

The window never builds a workbook on one of its own threads. openpyxl and lxml leave
reference cycles behind them, and Python's cycle collector frees whatever it finds on
whichever thread happens to run it: a workbook built on a worker thread and freed on the
GUI thread crashed the app about once in three hundred exports (seen with the collector
left on), and switching the collector off while a worker ran only hid it. As a process of
its own, the export shares no object with the window, uses the second core, and is the
very command administrators script (`export`), so the two cannot drift apart.

No Qt here: the window's worker thread calls `export_in_process`, a plain function whose
only outputs are the progress callback and the returned ExportResult.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.services.workbook.export import ExportError, ExportResult

# The folder holding the `app` package, so the child imports this same copy of Circles.
_SOURCE_ROOT = Path(__file__).resolve().parents[3]
PROGRESS_PREFIX = "progress "


def command(*args: str) -> list[str]:
    """How this Circles starts itself with a verb: `python -m app ...`, or the portable
    program (sys.frozen) with the verb directly."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "app", *args]


def export_in_process(
    db_path: Path | str,
    out: Path,
    *,
    circulation: bool,
    as_of: date,
    progress: Callable[[int, int], None] | None = None,
    password: str | None = None,
) -> ExportResult:
    """Run `export` on `db_path` (a file, or a shared response's address: the child opens it
    itself, with the same libpq password conventions) as a child process; ExportError with
    its one sentence."""
    if not sys.executable:
        raise ExportError("Circles cannot start its export here (no program to run).")
    args = ["export", str(db_path), "--out", str(out), "--as-of", as_of.isoformat()]
    args += ["--force", "--json", "--progress"]  # the dialog already asked about replacing
    if circulation:
        args.append("--circulation")
    if password is not None:
        args += ["--password-file", "-"]  # never on a command line others can read
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(_SOURCE_ROOT), env.get("PYTHONPATH", "")) if p
    )
    try:
        child = subprocess.Popen(
            command(*args),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
            # No console window flashing up over the app on Windows.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
    except OSError as exc:
        raise ExportError(f"Circles could not start its export ({exc.strerror or exc}).") from exc
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    try:
        if password is not None:
            child.stdin.write(password + "\n")
        child.stdin.close()
    except OSError:
        pass  # the child ended early; its own sentence follows on stderr
    problems: list[str] = []
    for line in child.stderr:  # progress lines as they come, then any sentence
        line = line.rstrip("\n")
        if line.startswith(PROGRESS_PREFIX):
            done, total = (int(x) for x in line[len(PROGRESS_PREFIX) :].split())
            if progress is not None:
                progress(done, total)
        elif line.strip():
            problems.append(line.strip())
    output = child.stdout.read()
    code = child.wait()
    if code != 0:
        # The verb's own sentence ("circles export: The disk is full, ..."), without the
        # program's name, which means nothing in the window.
        text = " ".join(p.split(": ", 1)[-1] if p.startswith("circles ") else p for p in problems)
        raise ExportError(text or f"The workbook could not be written (exit code {code}).")
    try:
        data = json.loads(output)
    except ValueError as exc:
        raise ExportError("The export finished but its summary could not be read.") from exc
    return ExportResult(
        path=Path(data["path"]),
        circulation=bool(data["circulation"]),
        as_of=date.fromisoformat(data["as_of"]),
        marking=data["marking"],
        sheets=list(data["sheets"]),
        rows={k: int(v) for k, v in data["rows"].items()},
        password_protected=bool(data["password_protected"]),
        redactions={k: int(v) for k, v in data["redactions"].items()},
    )
