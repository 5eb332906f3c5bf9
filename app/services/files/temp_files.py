"""Circles' temporary files: one recognisable name, and a list of the ones being written so
that a killed process's are removed at the next start (no Qt).

Every export is written under a hidden temporary name beside the file the user chose and
moved into place when complete (files.py). If the process is killed midway (task manager,
power cut, SIGKILL), that temporary file stays in whatever folder the user exported to,
holding names. So before a temporary file is created, its path is written into a small
entry in the data folder's `pending` folder, and the entry is removed once the file has
been moved into place or deleted. Each start of Circles (the app, and the export verb)
deletes the files that dead processes' entries name (`remove_strays`).

- An entry is held with an OS lock (flock / msvcrt.locking) while its writer is alive;
  operating systems drop a dead process's locks however it died, so "entry not locked"
  means "its writer is gone", and a Circles window exporting while a command starts is
  never robbed of its temporary file.
- Only files whose names match Circles' temporary naming (`is_temp_name`) are deleted:
  a damaged or edited entry can never make Circles delete anything else.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".exporting"
_TEMP_NAME = re.compile(r"^\.~.+\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + "$", re.DOTALL)
_ENTRY_SUFFIX = ".pending"
_O_BINARY = getattr(os, "O_BINARY", 0)
# An entry without its line yet is being created; one this old was cut short by a kill.
_UNFINISHED_ENTRY_SECONDS = 60

_folder: Path | None = None  # where entries go; None: not recorded (set at start-up)
_entries: dict[str, tuple[int, Path]] = {}  # temp path -> (locked fd, entry path)
_guard = threading.Lock()


def temp_name(dest: Path) -> Path:
    """A new hidden name beside `dest`, recognisable as Circles' (`is_temp_name`)."""
    # Cut long names so the temporary name stays within the file system's 255 bytes.
    return dest.with_name(f".~{dest.name[:120]}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def is_temp_name(path: Path) -> bool:
    return bool(_TEMP_NAME.match(path.name))


def strays_beside(dest: Path) -> Iterator[Path]:
    """Temporary files of earlier writes of `dest` (compared as text: names with [ or *
    must not be read as patterns)."""
    prefix = f".~{dest.name[:120]}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(dest.parent):
            path = Path(entry.path)
            if entry.name.startswith(prefix) and is_temp_name(path):
                yield path


# ----- the pending list ---------------------------------------------------------------------
def use_folder(folder: Path | None) -> Path | None:
    """Record temporary files in `folder` from now on (None: stop); returns the previous."""
    global _folder
    previous, _folder = _folder, folder
    return previous


@contextlib.contextmanager
def recording_in(folder: Path | None) -> Iterator[None]:
    """Record in `folder` for the duration (a command, or a test), then as before."""
    previous = use_folder(folder)
    try:
        yield
    finally:
        use_folder(previous)


def record(tmp: Path) -> None:
    """List `tmp` as being written, before it is created. Best effort: a data folder that
    cannot be written must not stop an export (the stray would then only be removed by
    the next export to the same name)."""
    folder = _folder
    if folder is None:
        return
    entry = folder / f"{secrets.token_hex(8)}{_ENTRY_SUFFIX}"
    try:
        fd = os.open(entry, os.O_CREAT | os.O_EXCL | os.O_RDWR | _O_BINARY, 0o600)
    except OSError:
        return
    _lock(fd)
    try:
        os.write(fd, (str(tmp.absolute()) + "\n").encode("utf-8", "surrogateescape"))
    except OSError:
        _drop(entry, fd)
        return
    with _guard:
        _entries[str(tmp)] = (fd, entry)


def forget(tmp: Path) -> None:
    """`tmp` has been moved into place or deleted: remove its entry."""
    with _guard:
        held = _entries.pop(str(tmp), None)
    if held is not None:
        _drop(held[1], held[0])


def remove_strays(folder: Path) -> list[Path]:
    """Delete the temporary files that entries left by dead processes name; the entries
    go too. Returns the files deleted."""
    removed: list[Path] = []
    try:
        entries = [p for p in folder.iterdir() if p.name.endswith(_ENTRY_SUFFIX)]
    except OSError:
        return removed
    for entry in entries:
        try:
            fd = os.open(entry, os.O_RDWR | _O_BINARY)
        except OSError:
            continue
        try:
            if not _lock(fd):
                os.close(fd)  # its writer is alive and still writing
                continue
            text = _read_all(fd).decode("utf-8", "surrogateescape")
            if not text.endswith("\n"):
                if time.time() - os.fstat(fd).st_mtime < _UNFINISHED_ENTRY_SECONDS:
                    os.close(fd)  # just created by a starting writer
                    continue
            else:
                target = Path(text[:-1])
                if target.is_absolute() and is_temp_name(target):
                    with contextlib.suppress(FileNotFoundError):
                        target.unlink()
                        removed.append(target)
        except OSError:
            with contextlib.suppress(OSError):
                os.close(fd)
            continue
        _drop(entry, fd)
    return removed


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _lock(fd: int) -> bool:
    """Take the entry's OS lock without waiting; False if someone alive holds it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _drop(entry: Path, fd: int) -> None:
    """Remove an entry whose lock `fd` holds. On POSIX it is unlinked while still locked;
    Windows cannot delete an open file, so there the handle is closed first."""
    if sys.platform == "win32":
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            entry.unlink()
        return
    with contextlib.suppress(OSError):
        entry.unlink()
    with contextlib.suppress(OSError):
        os.close(fd)
