"""Faults (a full disk, an I/O error, a damaged file, ...) told apart, in one place. No Qt.

What went wrong is read, in this order, from SQLite's own error name
(`sqlite3.Error.sqlite_errorname`, Python 3.11+), from `errno` for operating-system errors,
and last from the message's words (errors raised by tests, or passed through other layers,
carry only words). SQLAlchemy wraps the driver's error, and its own text holds the SQL and
its parameters, which may be personal data: only the driver's words are ever shown.

`fault_kind` names the fault; `fault_sentence` is the one plain sentence for the user,
used by open and create (app/models/database.py), the command line's safety net
(app/cli/__init__.py) and, with its own wording, the app's edits (app/views/shell/store.py).
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

FULL = "full"  # no space left (or a quota reached)
IO = "io"  # the disk or the network connection failed
DAMAGED = "damaged"  # SQLite cannot read the file, or a table is missing
READONLY = "readonly"  # the file or the disk refuses writes
BUSY = "busy"  # another program holds SQLite's lock
DENIED = "denied"  # permission denied
CANTOPEN = "cantopen"  # the file or its folder cannot be opened at all

_ERRNO_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EFBIG: FULL,
    errno.EIO: IO,
    errno.EROFS: READONLY,
    errno.EACCES: DENIED,
    errno.EPERM: DENIED,
}


def unwrap(exc: BaseException) -> BaseException:
    """The driver's own error inside SQLAlchemy's wrapper (which quotes SQL and values)."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def _kind_from_sqlite_name(name: str) -> str | None:
    if name == "SQLITE_FULL":
        return FULL
    if name.startswith("SQLITE_IOERR"):
        return IO
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return DAMAGED
    if name.startswith("SQLITE_READONLY"):
        return READONLY
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return BUSY
    if name.startswith(("SQLITE_PERM", "SQLITE_AUTH")):
        return DENIED
    if name.startswith("SQLITE_CANTOPEN"):
        return CANTOPEN
    return None


def _kind_from_words(text: str) -> str | None:
    text = text.lower()
    if ("full" in text and ("disk" in text or "space" in text)) or "no space" in text:
        return FULL
    if "i/o" in text or "input/output" in text or ("disk" in text and "error" in text):
        return IO
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DAMAGED
    # A table or column Circles always creates is gone: the file was damaged (or edited
    # by another program), never something a user can correct by retrying.
    if "no such table" in text or "no such column" in text:
        return DAMAGED
    if "readonly" in text or "read-only" in text:
        return READONLY
    if "locked" in text or "busy" in text:
        return BUSY
    if "permission denied" in text or "access is denied" in text:
        return DENIED
    if "unable to open" in text:
        return CANTOPEN
    return None


def fault_kind(exc: BaseException) -> str | None:
    """FULL, IO, DAMAGED, READONLY, BUSY, DENIED, CANTOPEN, or None when not a known fault."""
    exc = unwrap(exc)
    if isinstance(exc, OSError):
        if exc.errno in _ERRNO_KINDS:
            return _ERRNO_KINDS[exc.errno]
        if isinstance(exc, PermissionError):
            return DENIED
    if isinstance(exc, sqlite3.Error):
        # "no such table" is SQLITE_ERROR, a name shared with plain mistakes: words first.
        words = _kind_from_words(str(exc))
        if words == DAMAGED:
            return DAMAGED
        named = _kind_from_sqlite_name(getattr(exc, "sqlite_errorname", None) or "")
        if named is not None:
            return named
        return words
    return _kind_from_words(str(exc))


def driver_words(exc: BaseException) -> str:
    """The driver's or the OS's message on one line, without SQL or values."""
    exc = unwrap(exc)
    if isinstance(exc, OSError) and exc.strerror:
        words = exc.strerror
    else:
        words = str(exc) or type(exc).__name__
    return " ".join(words.split())[:200].rstrip(".")


def fault_sentence(exc: BaseException, path: Path | str | None = None) -> str:
    """One plain sentence for a fault while reading or writing `path` (a response file)."""
    from app.models.server_faults import server_sentence  # a shared server's own faults

    said = server_sentence(exc)
    if said is not None:
        return said
    kind = fault_kind(exc)
    inner = unwrap(exc)
    if path is None and isinstance(inner, OSError) and inner.filename:
        path = inner.filename
    name = Path(path).name if path else "The file"
    if kind == FULL:
        return "The disk is full; free some space and try again."
    if kind == IO:
        return (
            "The disk could not be read or written (an input/output error); check the drive "
            "or network connection and try again."
        )
    if kind == DAMAGED:
        if "no such" in str(inner).lower():
            return f"{name} is damaged (part of it is missing); restore it from a backup."
        return f"{name} is damaged and cannot be opened; restore it from a backup."
    if kind == READONLY:
        return f"{name} is read-only (or on a read-only disk); Circles cannot save to it."
    if kind == BUSY:
        return f"{name} is in use by another program; close it there and try again."
    if kind == DENIED:
        return f"Circles is not allowed to use {name}: permission denied."
    if kind == CANTOPEN:
        return f"{name} cannot be opened (its folder may be missing or unreadable)."
    return f"{name} could not be used ({driver_words(exc)})."
