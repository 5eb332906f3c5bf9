"""Before Qt starts: can it open a window here? One sentence instead of Qt's abort.

On a fresh Linux desktop Qt's X11 plugin (xcb) needs system libraries that are not always
installed (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, ...); without them, or without
a display, Qt prints "Could not load the Qt platform plugin xcb" and aborts with a core
dump. This finds out first, by loading the plugin the way Qt would, and names the
packages to install. It imports no Qt module (a failed check must not start Qt).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

# Every library Qt's xcb plugin loads beyond a basic desktop, with its Debian and Ubuntu
# package. README.md ("Linux desktops") lists the same packages.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

Loader = Callable[[str], object]


def display_problem(
    env: dict[str, str] | None = None,
    platform: str = sys.platform,
    load: Loader = ctypes.CDLL,
    plugin: Path | None = None,
) -> str | None:
    """One sentence saying why Qt cannot open a window here, or None when it can (or when
    this cannot tell: then Qt has its say)."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, vnc ...: not the X11 plugin
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt picks Wayland, which needs none of the xcb libraries
    if not env.get("DISPLAY"):
        return (
            "Circles cannot open its window because there is no display here (DISPLAY "
            "is not set): start it from a desktop session, or use its command-line verbs "
            "(see --help)."
        )
    plugin = xcb_plugin() if plugin is None else plugin
    if plugin is None:
        return None
    try:
        load(str(plugin))
        return None
    except OSError as exc:
        first = _missing_name(str(exc))
    missing = [name for name in XCB_LIBRARIES if not _loads(load, name)]
    if first and first not in missing:
        missing.insert(0, first)
    if not missing:
        return None  # some other fault: Qt's own message says more than this could
    packages = [XCB_LIBRARIES.get(name, name) for name in missing]
    return (
        "Circles cannot open its window because this computer lacks system libraries "
        f"that Qt needs for X11 ({', '.join(missing)}): ask for the package"
        f"{'s' if len(packages) > 1 else ''} {' '.join(packages)} to be installed "
        f"(on Debian or Ubuntu: sudo apt install {' '.join(packages)})."
    )


def xcb_plugin() -> Path | None:
    """Qt's X11 plugin inside the installed PySide6 (or the portable folder), if present."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if candidate.exists():
            return candidate
    return None


def _loads(load: Loader, name: str) -> bool:
    try:
        load(name)
        return True
    except OSError:
        return False


def _missing_name(message: str) -> str | None:
    # The loader says "libxcb-cursor.so.0: cannot open shared object file: ...".
    match = re.search(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file", message)
    return match.group(1) if match else None
