"""Where the real user's Circles settings and data live, and a fingerprint of them.

tests/conftest.py points every test at temporary folders before anything runs, and checks
at the end of the session that these places are as they were, so no test can touch the
real user's recent files, window size, backups or default response unnoticed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def user_places(env: Mapping[str, str]) -> list[tuple[Path, tuple[str, ...]]]:
    """(folder, names) pairs: entries of `folder` whose lower-case name holds one of `names`
    are the user's Circles settings or data (Circles/, Circles.conf, com.circles.plist, ...)
    on any OS. In the home folder itself only the app's own folders count, so a project
    folder named 'circles' (this repository, say) is not watched."""
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    roots = [
        Path(env.get("XDG_CONFIG_HOME") or home / ".config"),
        Path(env.get("XDG_DATA_HOME") or home / ".local" / "share"),
        home / "Library" / "Preferences",
        home / "Library" / "Application Support",
    ]
    roots += [Path(env[v]) for v in ("APPDATA", "LOCALAPPDATA") if env.get(v)]
    places = [(root, ("circles",)) for root in dict.fromkeys(roots)]
    # The data folder's fallback (app/views/shell/main_window.py) and Qt's test-mode folder.
    return [*places, (home, (".circles", ".qttest"))]


def fingerprint(
    places: list[tuple[Path, tuple[str, ...]]], limit: int = 20_000
) -> dict[str, tuple[int, int]]:
    """(size, modification time) of each watched entry and of everything below it."""
    seen: dict[str, tuple[int, int]] = {}
    for root, names in places:
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            if not _watched(entry.name.lower(), names):
                continue
            stack = [Path(entry.path)]
            while stack and len(seen) < limit:
                path = stack.pop()
                try:
                    st = path.lstat()
                except OSError:
                    continue
                seen[str(path)] = (st.st_size, st.st_mtime_ns)
                if path.is_dir() and not path.is_symlink():
                    try:
                        stack.extend(path.iterdir())
                    except OSError:
                        pass
    return seen


def _watched(name: str, names: tuple[str, ...]) -> bool:
    # A dotted name ('.circles') is matched whole; others anywhere in the name.
    return any(name == n if n.startswith(".") else n in name for n in names)


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """'created', 'changed' or 'removed' for each path that differs, sorted."""
    out = [f"created {p}" for p in after if p not in before]
    out += [f"removed {p}" for p in before if p not in after]
    out += [f"changed {p}" for p in after if p in before and after[p] != before[p]]
    return sorted(out)


class Sandbox:
    """The session's stand-in for the user's folders, and the real places it protects."""

    def __init__(self) -> None:
        # Taken from the environment as it was, before the sandbox replaces it.
        self.real_places = user_places(dict(os.environ))
        self.real_before = fingerprint(self.real_places)
        self.root = Path(tempfile.mkdtemp(prefix="circles-tests-"))
        os.environ.update(
            {
                "HOME": str(self.root / "home"),
                "USERPROFILE": str(self.root / "home"),
                "XDG_CONFIG_HOME": str(self.root / "config"),
                "XDG_DATA_HOME": str(self.root / "data"),
                "XDG_CACHE_HOME": str(self.root / "cache"),
                "XDG_STATE_HOME": str(self.root / "state"),
                "APPDATA": str(self.root / "AppData" / "Roaming"),
                "LOCALAPPDATA": str(self.root / "AppData" / "Local"),
            }
        )
        (self.root / "home").mkdir()
        # Also when the session ends before its fixtures run (a collection error).
        atexit.register(shutil.rmtree, self.root, ignore_errors=True)

    def touched(self) -> list[str]:
        return changes(self.real_before, fingerprint(self.real_places))


_SANDBOX: Sandbox | None = None


def sandbox() -> Sandbox:
    """The session's sandbox, made (and the environment switched to it) on first call."""
    global _SANDBOX
    if _SANDBOX is None:
        _SANDBOX = Sandbox()
    return _SANDBOX
