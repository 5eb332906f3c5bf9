"""The layers, checked from the code: views and the command line above services above
models; models, services and the command line never import Qt (they run headless and in
CI); and no import cycles, counting imports made inside functions."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

import app

ROOT = Path(app.__file__).parent
PROJECT = ROOT.parent


def core_modules() -> list[str]:
    names = []
    for pkg in ("models", "services", "cli"):
        for info in pkgutil.walk_packages([str(ROOT / pkg)], prefix=f"app.{pkg}."):
            names.append(info.name)
    return names


def test_the_import_linter_contracts_hold():
    """[tool.importlinter] in pyproject.toml, run as `lint-imports` would be, on this copy
    of `app` (the working folder comes first on the path), with no cache to go stale."""
    config = PROJECT / "pyproject.toml"
    assert "[tool.importlinter]" in config.read_text(encoding="utf-8")
    code = (
        "import sys\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(config)!r}, no_cache=True, no_logo=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def _import_graph() -> nx.DiGraph:
    # Imports inside functions count (grimp finds them); those only for type checkers do not:
    # they never run.
    graph = grimp.build_graph("app", cache_dir=None, exclude_type_checking_imports=True)
    g = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            details = graph.get_import_details(importer=module, imported=imported)
            g.add_edge(module, imported, lines=sorted(d["line_number"] for d in details))
    return g


def test_no_import_cycles():
    g = _import_graph()
    assert "app.models.database" in g and "app.views.shell.main_window" in g
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1)
    report = []
    for cycle in cycles:
        report.append("cycle: " + ", ".join(cycle))
        for a in cycle:
            for b in cycle:
                if g.has_edge(a, b):
                    lines = ", ".join(str(n) for n in g.edges[a, b]["lines"])
                    report.append(f"    {a} imports {b} (line {lines})")
    assert not cycles, "\n" + "\n".join(report)


def test_core_imports_with_qt_blocked():
    """What the contracts say, shown at run time: every core module imports with Qt gone."""
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
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
