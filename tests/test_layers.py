"""The models, services and command line never import Qt (they run headless and in CI)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(app.__file__).parent


def core_modules() -> list[str]:
    names = []
    for pkg in ("models", "services", "cli"):
        for info in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"app.{pkg}."):
            names.append(info.name)
    return names


def test_core_imports_with_qt_blocked():
    modules = core_modules()
    assert "app.models.entities" in modules and "app.services.editing.editor" in modules
    code = (
        "import sys, importlib\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):\n"
        "            raise ImportError('Qt is blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "import app.__main__\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT.parent
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
