"""Views do not query: the reads a screen needs come from Qt-free functions in
app/services (app/services/queries/ for read models), so no view builds SQL.

Scans every module under app/views for SQLAlchemy imports (other than for type hints,
under `if TYPE_CHECKING:`), for calls of a bare `select(...)` (SQLAlchemy's; a selection
model's `.select(...)` is a method and is not counted), and for the Session's query
methods `.scalars(`, `.scalar(`, `.query(` and a session's `.execute(`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import app

VIEWS = Path(app.__file__).parent / "views"
QUERY_METHODS = {"scalars", "scalar", "query"}
# A session runs SQL with .execute(); the Editor's .execute(build) applies an edit.
SESSION_NAMES = {"s", "session"}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Line numbers of statements inside `if TYPE_CHECKING:` blocks."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for stmt in node.body:
                lines.update(range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1))
    return lines


def queries_in(text: str, where: str) -> list[str]:
    """Where the module `text` imports SQLAlchemy or builds or runs a query, as
    "where:line what"."""
    tree = ast.parse(text, where)
    typing_only = _type_checking_only(tree)
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            what = f"from {node.module} import ..."
        elif isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "sqlalchemy" for a in node.names
        ):
            what = "import sqlalchemy"
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "select":
                what = "select(...)"
            elif isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                what = f".{func.attr}(...)"
            elif (
                isinstance(func, ast.Attribute)
                and func.attr == "execute"
                and isinstance(func.value, ast.Name)
                and func.value.id in SESSION_NAMES
            ):
                what = f"{func.value.id}.execute(...)"
        if what and node.lineno not in typing_only:
            found.append(f"{where}:{node.lineno} {what}")
    return sorted(found, key=lambda s: (s.split(":")[0], int(s.split(":")[1].split()[0])))


def test_the_scan_finds_a_query():
    # The scan itself: a view that builds SQL is found; a selection model's select and an
    # import for type hints only are not.
    text = (
        "from typing import TYPE_CHECKING\n"
        "from sqlalchemy import select\n"
        "if TYPE_CHECKING:\n"
        "    from sqlalchemy.orm import Session\n"
        "def f(s, sel, YP):\n"
        "    sel.select(1)\n"
        "    editor.execute(f)\n"
        "    s.execute(select(YP))\n"
        "    return s.scalars(select(YP)).all()\n"
    )
    assert queries_in(text, "sample.py") == [
        "sample.py:2 from sqlalchemy import ...",
        "sample.py:8 s.execute(...)",
        "sample.py:8 select(...)",
        "sample.py:9 .scalars(...)",
        "sample.py:9 select(...)",
    ]


def test_views_do_not_query():
    root = VIEWS.parent.parent
    found = [
        f
        for path in sorted(VIEWS.rglob("*.py"))
        for f in queries_in(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    ]
    assert not found, "Views that query the database (read through app/services):\n" + "\n".join(
        found
    )
