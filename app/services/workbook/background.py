"""The Prompts sheet's rows, worked out in a second process while this one writes the rest.

On a large response the prompts engine (bridges, communities, exposure) is seconds of pure
Python, and so is openpyxl writing the other sheets: one process runs them one after the
other on one core while the laptop's second core sits idle. From BACKGROUND_FROM young
people the export starts a helper, this same Python running `app.services.prompts.process`
(never a shell, never another program), that opens the file read-only and returns the
prompts; by the time the Prompts sheet is written they are usually ready.

The helper's rows are used only when they must be the same: it reports the newest audit
entry it saw, every change to a response writes one (editing.py), so a different number
means the data moved between the two reads, and the rows are worked out here again. A
helper that cannot start, crashes or sends anything unreadable gives None and the caller
works the rows out itself: the helper can make an export faster, never different, and
never makes it fail.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models.entities import YoungPerson
from app.services.editing.audit import newest_entry_id
from app.services.workbook.prompt_rows import rows_of

# Below this many young people the prompts take well under a second: starting Python and
# importing the engine (about half a second) would cost more than it saves.
BACKGROUND_FROM = 1500
HELPER_MODULE = "app.services.prompts.process"
# The folder holding the `app` package, so the helper imports this same code even when
# Circles runs from a source folder rather than an installed package.
_SOURCE_ROOT = Path(__file__).resolve().parents[3]

Rows = list[list[Any]]


# The export's read and the helper's must see the same data: compare their newest entries.
data_marker = newest_entry_id


def worth_it(session: Session, response_id: int) -> bool:
    """Large enough for the helper to pay for its start-up."""
    count = session.scalar(
        select(func.count(YoungPerson.id)).where(YoungPerson.response_id == response_id)
    )
    return (count or 0) >= BACKGROUND_FROM


class BackgroundPromptRows:
    """A helper process working out the Prompts sheet's rows for one file and day."""

    def __init__(self, path: Path | str, as_of: date) -> None:
        if not sys.executable:
            raise OSError("no Python interpreter to start")  # embedded: work in-process
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_SOURCE_ROOT), env.get("PYTHONPATH", "")) if p
        )
        self._process = subprocess.Popen(
            [sys.executable, "-m", HELPER_MODULE, str(path), as_of.isoformat()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            # No console window flashing up over the app on Windows.
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )

    @classmethod
    def start(cls, path: Path | str, as_of: date) -> BackgroundPromptRows | None:
        """Start the helper, or None where a process cannot be started here."""
        try:
            return cls(path, as_of)
        except (OSError, ValueError):  # e.g. process creation refused: work in-process
            return None

    def rows(self, marker: int) -> Rows | None:
        """The helper's rows if it read the same data (`marker`), else None. Waits for it."""
        try:
            assert self._process.stdout is not None
            data = self._process.stdout.read()
            code = self._process.wait()
            got = pickle.loads(data) if code == 0 and data else None
        except Exception:  # noqa: BLE001 - anything unreadable: work the rows out here
            got = None
        finally:
            self.close()
        if not isinstance(got, tuple) or len(got) != 2 or got[0] != marker:
            return None
        return rows_of(got[1])

    def close(self) -> None:
        """Stop the helper if it is still running (a failed or cancelled export)."""
        with contextlib.suppress(Exception):
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(timeout=5)
        with contextlib.suppress(Exception):
            if self._process.stdout is not None:
                self._process.stdout.close()
