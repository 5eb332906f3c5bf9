"""Files that hold personal data: created private, and warned about in risky places (no Qt).

- `private_temp_path(dest)` / `private_temp(dest)`: an empty temporary file beside `dest`,
  created readable by its owner only (os.open with O_EXCL and mode 0600, whatever the
  umask) before a byte is written, to write an export into and then `os.replace` onto
  `dest`: an interrupted export never leaves half a workbook, the finished one keeps the
  private mode, and there is no moment when the data sits in a file others can read.
  Every writer (workbooks, the import template, map pictures) goes through it; writers
  write *into* the file (truncating keeps its mode), never replace it. Its name is
  recognisable and it is listed as pending (temp_files.py), so a killed export's file is
  removed at the next start.
- `start_up(data_folder)`: at each start, make the data folder private and remove the
  temporary files that killed exports left behind.
- `private_folder(path)`: make a folder (e.g. backups) that only its owner can list.
- `location_warning(path)`: one sentence when a response file sits on a network share or
  in a synced cloud folder, where SQLite's file locking is not reliable and the sync
  client may copy a half-written file or make "conflicted copies".

On Windows, modes are not access lists: files in the user's profile are private through
the profile's access list, which Circles leaves alone; chmod there only sets read-only.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

from app.models.database import create_private_file
from app.services.files import temp_files
from app.services.files.temp_files import is_temp_name, strays_beside, temp_name

__all__ = [
    "create_private_file",
    "default_data_folder",
    "discard",
    "is_temp_name",
    "location_warning",
    "make_private",
    "private_folder",
    "private_temp",
    "private_temp_path",
    "remove_strays_beside",
    "start_up",
    "write_privately",
]

PENDING_FOLDER = "pending"


def make_private(path: Path) -> None:
    """Owner read/write only where the OS has modes (ignored where it cannot be set)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            path.chmod(0o700 if path.is_dir() else 0o600)


def private_folder(path: Path) -> Path:
    """A folder only its owner can list: made 0700, and an existing one narrowed to it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(path)  # it may have been made earlier with the umask's mode
    return path


def default_data_folder(environ: dict[str, str] | None = None) -> Path:
    """The data folder Qt's AppDataLocation gives the app (organisation and application
    "Circles"), worked out without Qt for the command line."""
    env = os.environ if environ is None else environ
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = env.get("XDG_DATA_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local/share"
    return base / "Circles" / "Circles"


def start_up(data_folder: Path) -> Path | None:
    """At each start (the app, the export verb): the data folder made private and the
    temporary files of exports killed midway removed. Returns the folder to list this
    process's own temporary files in (temp_files.use_folder / recording_in), or None if
    the data folder cannot be made."""
    try:
        private_folder(data_folder)
        pending = private_folder(data_folder / PENDING_FOLDER)
    except OSError:
        return None  # exports still work; their strays go at the next export to the name
    temp_files.remove_strays(pending)
    return pending


def private_temp_path(dest: str | os.PathLike[str]) -> Path:
    """A new, empty, owner-only file in dest's folder; write into it, then
    os.replace(tmp, dest). The caller calls `discard(tmp)` when done, moved or not."""
    dest = Path(dest)
    while True:
        tmp = temp_name(dest)
        temp_files.record(tmp)  # listed before it exists: a kill at any moment is covered
        try:
            create_private_file(tmp)  # 0600 from its first byte, whatever the umask
        except FileExistsError:
            temp_files.forget(tmp)  # eight random hex digits met an earlier file; retry
            continue
        except BaseException:
            temp_files.forget(tmp)
            raise
        return tmp


def discard(tmp: Path) -> None:
    """Delete `tmp` if it is still there (it was not moved into place) and unlist it."""
    with contextlib.suppress(OSError):
        tmp.unlink(missing_ok=True)
    temp_files.forget(tmp)


@contextlib.contextmanager
def private_temp(dest: str | os.PathLike[str]) -> Iterator[Path]:
    """`private_temp_path(dest)` for a `with` block, discarded at its end (a temp that
    was moved onto `dest` is simply no longer there)."""
    tmp = private_temp_path(dest)
    try:
        yield tmp
    finally:
        discard(tmp)


def remove_strays_beside(dest: Path) -> None:
    """Remove temporary files that crashed writes of `dest` left in its folder."""
    for stray in list(strays_beside(dest)):
        with contextlib.suppress(OSError):
            stray.unlink()


def write_privately(dest: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call `write(tmp)` on a private temporary file, then move it onto `dest` atomically."""
    dest = Path(dest)
    with private_temp(dest) as tmp:
        write(tmp)
        # A writer should write into the file; one that replaced it instead made a new
        # file with the umask's mode, narrowed here before it takes the final name.
        make_private(tmp)
        os.replace(tmp, dest)
    return dest


# Folder names that sync clients use (case-insensitive, matched as whole path parts).
_SYNCED = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
}
# Linux file system types that live on another computer.
_NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "afpfs",
    "ncpfs",
    "9p",
    "davfs",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.gvfsd-fuse",
    "glusterfs",
    "ceph",
}


def synced_folder(path: PurePath, environ: dict[str, str] | None = None) -> str | None:
    """The sync service whose folder holds `path` ("OneDrive", ...), or None."""
    env = os.environ if environ is None else environ
    for var in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        root = env.get(var)
        if root and _is_under(path, PurePath(root)):
            return "OneDrive"
    for part in path.parts:
        low = part.lower()
        if low in _SYNCED:
            return _SYNCED[low]
        # "OneDrive - Some Council", "Dropbox (Team)", "Google Drive (me@...)"
        for prefix, name in (
            ("onedrive - ", "OneDrive"),
            ("onedrive-", "OneDrive"),
            ("dropbox (", "Dropbox"),
            ("google drive (", "Google Drive"),
        ):
            if low.startswith(prefix):
                return name
    if "com~apple~clouddocs" in str(path).lower():
        return "iCloud Drive"
    return None


def _is_under(path: PurePath, root: PurePath) -> bool:
    try:
        return os.path.normcase(str(path)).startswith(os.path.normcase(str(root)).rstrip("\\/"))
    except (TypeError, ValueError):
        return False


def is_unc(path: PurePath | str) -> bool:
    text = str(path)
    return (text.startswith("\\\\") or text.startswith("//")) and not text.startswith("\\\\?\\")


def _windows_remote_drive(path: Path) -> bool:
    if sys.platform != "win32":
        return False
    import ctypes

    drive = path.drive
    if not drive or is_unc(drive):
        return False
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return kind == 4  # DRIVE_REMOTE


def mount_fs_type(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The file system type of the mount holding `path` (Linux), or None if unknown."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path)
    best, best_type = "", None
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) >= len(best):
            best, best_type = mount_point, fields[2]
    return best_type


def location_warning(
    path: str | os.PathLike[str], environ: dict[str, str] | None = None
) -> str | None:
    """One sentence if `path` is on a network share or in a synced folder, else None."""
    raw = Path(path)
    try:
        resolved = raw.resolve()
    except OSError:
        resolved = raw
    advice = (
        "SQLite's file locking is not reliable there, so entries could be lost or the file "
        "damaged; keep the response on this computer's own disk and share exports instead."
    )
    service = synced_folder(resolved, environ) or synced_folder(raw, environ)
    if service:
        return f"This response is in a folder synced by {service}. {advice}"
    if is_unc(raw) or is_unc(resolved) or _windows_remote_drive(resolved):
        return f"This response is on a network share. {advice}"
    fs = mount_fs_type(resolved) if sys.platform.startswith("linux") else None
    if fs and (fs in _NETWORK_FS or fs.startswith("nfs") or fs.startswith("smb")):
        return f"This response is on a network share ({fs}). {advice}"
    return None
