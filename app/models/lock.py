"""One writer per response file: a lock file beside it, held with an OS lock (no Qt).

`NAME.circles.lock` sits beside `NAME.circles` while a Circles window (or a command) has
the response open for editing. It holds who has it (user, computer, process id) and since
when, as a line of JSON, so a second opener can be told "open for editing by jsmith on
LAPTOP-12 since 14:05" and offered the file read-only.

Why a lock file *and* an OS lock on it:
- The lock file is created with `O_CREAT | O_EXCL`; when it already exists, it was either
  held by someone alive or left behind by a crash. The owner's *OS lock* on the file tells
  the two apart: operating systems release a dead process's locks however it died (kill,
  crash, power button), so "the file exists but nobody holds its OS lock" means the last
  owner is gone, and the lock is taken over in place (rewritten, never deleted and
  recreated, so two openers recovering at once cannot both win). Its old contents say
  that the last session ended uncleanly, which makes the opener run the integrity check.
- Process ids alone are not enough: they are reused, and mean nothing for another computer
  opening the same file on a share.
- SQLite's own locking still guards every transaction underneath (busy_timeout in
  database.py), so even a writer that ignored this lock could not corrupt the file; the
  lock is about people: two undo histories editing one response would confuse both.

Portability:
- POSIX (Linux, macOS): `fcntl.flock`, which conflicts between two opens in the *same*
  process too (a second window), unlike POSIX record locks.
- Windows: `msvcrt.locking` on one byte far beyond the JSON (Windows locks are mandatory,
  so locking the text itself would stop others reading who holds it). `os.open(O_EXCL)`
  maps to CREATE_NEW. An open file cannot be deleted on Windows, so releasing closes the
  handle first and then removes the file, ignoring the error if another opener already has
  it open (that opener now owns it). Process liveness, used only when the file system
  refuses OS locks, is asked with OpenProcess/GetExitCodeProcess (os.kill(pid, 0) would
  *terminate* the process on Windows).
- Network shares and synced folders (OneDrive, Dropbox, ...) may not pass OS locks on;
  if the file system refuses them, the lock falls back to "same computer and the process
  is dead" for stale detection and otherwise treats the file as busy. Circles also warns
  about such folders (app/services/files/private.py): SQLite's locking is not safe there either.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import platform
import stat
import sys
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from app.models import faults
from app.models.sqlite_file import DatabaseFileError, current_user

LOCK_SUFFIX = ".lock"
# The byte locked on Windows: far beyond the JSON so that readers can still read it.
_WINDOWS_LOCK_OFFSET = 1 << 20

# Locks held by this process, by normalised path: a second window of the same process is
# refused with a clear message before the OS lock is even tried.
_HELD: dict[str, FileLock] = {}
_HELD_GUARD = threading.RLock()


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


@dataclass(frozen=True)
class LockInfo:
    """Who holds (or held) a response file open for editing."""

    user: str = "unknown"
    host: str = "unknown"
    pid: int = 0
    since: str = ""  # ISO date and time, local
    program: str = "Circles"

    @staticmethod
    def mine() -> LockInfo:
        return LockInfo(
            user=current_user(),
            host=platform.node() or "unknown",
            pid=os.getpid(),
            since=datetime.now().replace(microsecond=0).isoformat(),
        )

    @staticmethod
    def parse(text: str) -> LockInfo | None:
        try:
            data = json.loads(text.strip().splitlines()[0])
            return LockInfo(
                user=str(data.get("user") or "unknown"),
                host=str(data.get("host") or "unknown"),
                pid=int(data.get("pid") or 0),
                since=str(data.get("since") or ""),
                program=str(data.get("program") or "Circles"),
            )
        except (ValueError, IndexError, TypeError, AttributeError):
            return None

    def to_text(self) -> str:
        return json.dumps(asdict(self)) + "\n"

    @property
    def since_time(self) -> datetime | None:
        try:
            return datetime.fromisoformat(self.since)
        except ValueError:
            return None

    def is_this_process(self) -> bool:
        return self.pid == os.getpid() and self.host == (platform.node() or "unknown")

    def describe(self) -> str:
        """'by jsmith on LAPTOP-12 since 14:05 today' (only what is known)."""
        if self.is_this_process():
            who = "in another Circles window"
        else:
            who = f"by {self.user}" + (f" on {self.host}" if self.host != "unknown" else "")
        when = self.since_time
        if when is None:
            return who
        day = "today" if when.date() == datetime.now().date() else f"on {when:%d/%m/%Y}"
        return f"{who} since {when:%H:%M} {day}"


class FileBusyError(DatabaseFileError):
    """The file is open for editing elsewhere; str(error) is one sentence for the user."""

    def __init__(self, db_path: Path, holder: LockInfo | None) -> None:
        self.path = db_path
        self.holder = holder
        where = holder.describe() if holder else "in another Circles window or program"
        super().__init__(f"{db_path.name} is open for editing {where}; you can open it read-only.")


def _os_lock(fd: int) -> bool:
    """Take the OS lock without waiting: True if taken, False if someone holds it.

    Raises OSError when the file system does not support locks at all."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _os_unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer (True when unsure)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_text(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        chunks.append(chunk)
        if sum(map(len, chunks)) > 64 * 1024:
            break
    return b"".join(chunks).decode("utf-8", "replace")


def read_lock_info(db_path: Path) -> LockInfo | None:
    """Who the lock file beside `db_path` names, without taking it (None if no lock file)."""
    path = lock_path_for(db_path)
    try:
        if not _ordinary(os.lstat(path)):
            return None  # never read through a link: it is nobody's lock
        return LockInfo.parse(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def _ordinary(st: os.stat_result) -> bool:
    """A regular file with one name: the only kind of lock file Circles writes into.

    Anything else at the lock's path (a symbolic link, a hard link to another file, a
    device, a pipe) could make the lock overwrite a file that is not the lock."""
    return stat.S_ISREG(st.st_mode) and st.st_nlink <= 1


class FileLock:
    """The one-writer lock on a response file. `acquire()` or raise FileBusyError.

    After acquiring, `left_behind` is the previous owner's details when their lock was
    left by a crash (an unclean shutdown), else None.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.info = LockInfo.mine()
        self.left_behind: LockInfo | None = None
        self.os_locked = False
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> FileLock:
        key = _key(self.db_path)
        with _HELD_GUARD:
            other = _HELD.get(key)
            if other is not None and other.held:
                raise FileBusyError(self.db_path, other.info)
            for _attempt in range(20):
                if self._try_acquire():
                    _HELD[key] = self
                    return self
            raise FileBusyError(self.db_path, read_lock_info(self.db_path))

    def _try_acquire(self) -> bool:
        """One attempt; False to try again (the file changed under us)."""
        fresh = True
        try:
            # O_EXCL never follows a link: anything already at the path is "exists".
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR | _O_BINARY, 0o600)
        except FileExistsError:
            fresh = False
            try:
                if not _ordinary(os.lstat(self.path)):
                    raise _not_a_lock(self.db_path)
                # O_NOFOLLOW: a link put there since the check is refused, not followed.
                fd = os.open(self.path, os.O_RDWR | _O_BINARY | _O_NOFOLLOW | _O_NONBLOCK)
            except FileNotFoundError:
                return False  # released in between: try creating it again
            except PermissionError as exc:
                if sys.platform == "win32":
                    # Windows: the owner is releasing it right now (or it is read-only).
                    return False
                raise _cannot_lock(self.db_path) from exc
            except OSError as exc:
                if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
                    raise _not_a_lock(self.db_path) from exc
                raise _cannot_lock(self.db_path, exc) from exc
        except OSError as exc:
            raise _cannot_lock(self.db_path, exc) from exc
        try:
            if not fresh and not _ordinary(os.fstat(fd)):
                raise _not_a_lock(self.db_path)
            try:
                locked = _os_lock(fd)
                self.os_locked = True
            except OSError:
                # The file system refuses OS locks (some network shares): fall back on
                # O_EXCL and process ids.
                locked = fresh or self._stale_by_pid(fd)
                self.os_locked = False
            if not locked:
                holder = LockInfo.parse(_read_text(fd))
                os.close(fd)
                fd = -1
                raise FileBusyError(self.db_path, holder)
            if not fresh and not _same_file(fd, self.path):
                # The owner released (removed) the file between our open and our lock.
                _os_unlock(fd)
                os.close(fd)
                fd = -1
                return False
            previous = _read_text(fd) if not fresh else ""
            if previous.strip():
                self.left_behind = LockInfo.parse(previous) or LockInfo()
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, self.info.to_text().encode("utf-8"))
            with contextlib.suppress(OSError):
                os.fsync(fd)
        except BaseException as exc:
            if fd >= 0:
                if fresh:
                    # Ours and unfinished (a full disk refused the JSON): leave no empty
                    # lock behind. Removed while the OS lock is held, as in release().
                    with contextlib.suppress(OSError):
                        if _same_file(fd, self.path):
                            self.path.unlink()
                _os_unlock(fd)
                os.close(fd)
            if isinstance(exc, OSError):
                raise _cannot_lock(self.db_path, exc) from exc
            raise
        self._fd = fd
        return True

    def _stale_by_pid(self, fd: int) -> bool:
        holder = LockInfo.parse(_read_text(fd))
        if holder is None:
            return False
        same_host = holder.host == (platform.node() or "unknown")
        return same_host and not holder.is_this_process() and not process_alive(holder.pid)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with _HELD_GUARD:
            if _HELD.get(_key(self.db_path)) is self:
                del _HELD[_key(self.db_path)]
            if sys.platform == "win32":
                _os_unlock(fd)
                os.close(fd)
                # Fails harmlessly if another opener already has the file open: it is theirs.
                with contextlib.suppress(OSError):
                    self.path.unlink()
            else:
                # Remove while still holding the OS lock, so that an opener waiting on the
                # old file sees it was replaced (see _same_file) instead of sharing it.
                with contextlib.suppress(OSError):
                    if _same_file(fd, self.path):
                        self.path.unlink()
                _os_unlock(fd)
                os.close(fd)

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten lock must not outlive its object
        with contextlib.suppress(Exception):
            self.release()


_O_BINARY = getattr(os, "O_BINARY", 0)
# Not on Windows, where the lstat check above stands alone.
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# A pipe at the lock path must not make the open wait for a writer forever.
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    if sys.platform == "win32" and not a.st_ino:
        return True
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _cannot_lock(db_path: Path, exc: OSError | None = None) -> Exception:
    kind = faults.fault_kind(exc) if exc is not None else faults.DENIED
    if kind in (faults.FULL, faults.IO):
        why = faults.fault_sentence(exc).split(";")[0]  # type: ignore[arg-type]
        return DatabaseFileError(
            f"{why}, so Circles cannot mark {db_path.name} as in use; nothing was changed."
        )
    return DatabaseFileError(
        f"Circles cannot mark {db_path.name} as in use (it cannot write in "
        f"{db_path.parent}); open it read-only or copy it to a folder you can write in."
    )


def _not_a_lock(db_path: Path) -> Exception:
    lock = lock_path_for(db_path).name
    return DatabaseFileError(
        f"{lock}, beside {db_path.name}, is a link or not an ordinary file, so Circles will "
        "not write to it; remove it and try again."
    )
