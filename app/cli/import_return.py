"""The `import` verb's path for a returned agency workbook (not a verb of its own).

`circles import FILE RETURN.xlsx [--dry-run]` recognises a return by the id Circles wrote
into it and imports it through app/services/importing/returns.py: a preview of who moves
from not assessed to booked or assessed, refused whole on any problem, applied as one step.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import CliError

if TYPE_CHECKING:
    from app.models.database import Database


def import_return(
    args: argparse.Namespace, db: Database, source: Path, password: str | None
) -> int:
    # Imported when run, not at the top: `--help` stays quick (issue 14).
    from app.services.editing.editor import Editor
    from app.services.importing import ImportFileError
    from app.services.importing.returns import plan_return, read_return, return_edit

    try:
        data = read_return(source, password)
    except ImportFileError as exc:
        raise CliError(str(exc)) from exc
    with db.read() as s:
        plan = plan_return(s, db.response_id, data)
    if plan.problems:
        for problem in plan.problems:
            print(problem, file=sys.stderr)
        n = len(plan.problems)
        print(
            f"Nothing was imported: {n} problem{'s' if n != 1 else ''} in {source.name}.",
            file=sys.stderr,
        )
        return 2
    lines = plan.summary_lines()
    if args.dry_run:
        print(f"Dry run: importing the return {source.name} would change {db.path.name} so:")
        for line in lines:
            print(f"  {line}")
        print("Nothing was changed.")
        return 0
    if plan.nothing_to_do:
        print(f"{source.name}: {lines[0].split(': ', 1)[1]}")
        return 0
    Editor(db).do(lambda s: return_edit(s, plan))
    print(f"Imported the return {source.name} into {db.path.name}:")
    for line in lines:
        print(f"  {line}")
    return 0
