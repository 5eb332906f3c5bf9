"""How every export is written (no Qt): the one answer for the workbook, an agency's
return, the overview report, GraphML and (through the view) the map picture.

- `check_export(db, out, suffix=...)`: the destination checked (its ending, not a folder,
  its folder there), a password checked, and a read-only response refused *before any
  work*: an export that could not be recorded is not even built.
- `write_export(db, out, write, action=...)`: `write` fills a private temporary file
  beside `out` (owner-only from its first byte, private.py); with a password it is
  encrypted into a second one (the plain file never outlives it); the export is recorded
  in the audit log and only then moved onto its name in one step. Whatever fails, no
  temporary file is left and the file already under the name is untouched.

Faults come back as `ExportError`, one sentence for the user.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from app.models.database import Database
from app.services.editing import audit
from app.services.files import private as files
from app.services.files.encryption import PasswordError, check_password, encrypt_file

T = TypeVar("T")


class ExportError(Exception):
    """The export could not be written; str(error) is one sentence for the user."""


class Move(Protocol):
    """Records the export and moves the finished file onto its name (audit.recorded_move)."""

    def __call__(self, db: Database, tmp: Path, out: Path, *, action: str, detail: str) -> None:
        """Record, then move; raise NotRecorded (no file) or OSError (recorded as not made)."""


def write_error(out: Path, exc: OSError) -> ExportError:
    """The sentence for a file system fault while writing `out`."""
    if exc.errno == errno.ENOSPC:
        return ExportError(
            f"The disk is full, so {out.name} was not saved; free some space and try again."
        )
    denied = isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM)
    if denied and out.exists():
        # On Windows a workbook open in Excel cannot be replaced.
        return ExportError(
            f"{out.name} was not saved: the existing file cannot be replaced (permission "
            "denied; close it if it is open in Excel or another program)."
        )
    if denied or exc.errno == errno.EROFS:
        return ExportError(
            f"Circles cannot write in {out.parent} (permission denied), so {out.name} "
            "was not saved."
        )
    return ExportError(f"{out.name} was not saved: {exc.strerror or exc}.")


@contextlib.contextmanager
def export_errors(out: Path) -> Iterator[None]:
    """Faults of an export of `out` as ExportError: not recordable, a bad password, a
    file system fault."""
    try:
        yield
    except (audit.NotRecorded, PasswordError) as exc:
        raise ExportError(str(exc)) from exc
    except OSError as exc:
        raise write_error(out, exc) from exc


def check_destination(out: Path, suffix: str, why: str = "") -> None:
    """`out` ends in `suffix`, is not a folder and its folder exists. `why` follows the
    ending in the first sentence (" to be opened as an Excel workbook")."""
    if out.suffix.lower() != suffix:
        raise ExportError(f"{out.name} must end in {suffix}{why}.")
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending {suffix}.")
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist; nothing was saved.")


def check_export(
    db: Database,
    out: Path,
    *,
    suffix: str,
    why: str = "",
    password: str | None = None,
) -> Path:
    """`out` (user folder expanded) once the destination, the password and the response's
    being recordable are checked; ExportError otherwise."""
    out = Path(out).expanduser()
    check_destination(out, suffix, why)
    with export_errors(out):
        if password is not None:
            check_password(password)
        audit.check_recordable(db, out.name)  # a read-only response: refused before any work
    return out


def write_export(
    db: Database,
    out: Path,
    write: Callable[[Path], T],
    *,
    action: str | Callable[[T], str],
    password: str | None = None,
    move: Move = audit.recorded_move,
) -> T:
    """Write `out` privately (see the module's docstring) and return what `write`
    returned. `write(tmp)` writes *into* the empty private file `tmp` (truncating keeps its
    mode); `action` is the audit entry, or makes it from what `write` returned."""
    files.remove_strays_beside(out)  # temporary files of earlier exports that crashed
    temps: list[Path] = []

    def temp() -> Path:
        temps.append(files.private_temp_path(out))
        return temps[-1]

    try:
        with export_errors(out):
            tmp = temp()
            made = write(tmp)
            if password is not None:
                plain, tmp = tmp, temp()
                encrypt_file(plain, tmp, password)
                files.discard(plain)  # no plain copy outlives the encryption
            label = action if isinstance(action, str) else action(made)
            move(db, tmp, out, action=label, detail=str(out.resolve()))
    finally:
        for leftover in temps:
            files.discard(leftover)
    return made
