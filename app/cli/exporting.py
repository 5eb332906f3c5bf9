"""What every exporting verb (export, returns, graphml, report) does around its service:
the --out file refused if it exists without --force, this run's temporary files listed
(and those of exports killed midway removed) as at any start of Circles, the response
opened for its one audit entry, and an ExportError said as one sentence (exit 2)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import CliError

if TYPE_CHECKING:
    from app.models.database import Database


def refuse_existing(out: Path, force: bool) -> None:
    if out.exists() and not force:
        raise CliError(f"{out} already exists; use --force to replace it.")


def out_path(out: str, force: bool) -> Path:
    """The --out file, user folder expanded; refused if it exists without --force."""
    path = Path(out).expanduser()
    refuse_existing(path, force)
    return path


@contextlib.contextmanager
def exporting(file: str) -> Iterator[Database]:
    """The response `file` open for an export, closed at the end of the block."""
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.models.database import open_database
    from app.services.files import private as files
    from app.services.files import temp_files
    from app.services.files.exports import ExportError

    # Exports killed midway (this verb or the app) leave temporary files holding names;
    # they are removed now, and this run's own are listed until done.
    with temp_files.recording_in(files.start_up(files.default_data_folder())):
        # An export only reads, plus one audit entry, which SQLite's own locking keeps safe
        # beside a window that has the file open for editing: so no one-writer lock here.
        db = open_database(file, readonly=False, lock=False)
        try:
            yield db
        except ExportError as exc:
            raise CliError(str(exc)) from exc
        finally:
            db.close()
