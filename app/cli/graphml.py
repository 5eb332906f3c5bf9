"""`circles graphml FILE --out OUT.graphml [--circulation] [--force]`: the map for other
graph tools (networkx, igraph, Gephi, yEd)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import CliError
from app.models.database import open_database
from app.services.files import private as files
from app.services.files import temp_files
from app.services.network.graphml import export_graphml
from app.services.workbook.export import ExportError

NAME = "graphml"
HELP = (
    "Write the map as GraphML: one node per young person, one edge per active connection "
    "(--circulation: references only, no names)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the response file (.circles)")
    p.add_argument("--out", required=True, help="the file to write (.graphml)")
    p.add_argument("--circulation", action="store_true", help="leave out given and family names")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    if out.exists() and not args.force:
        raise CliError(f"{out} already exists; use --force to replace it.")
    with temp_files.recording_in(files.start_up(files.default_data_folder())):
        db = open_database(args.file, readonly=False, lock=False)
        try:
            result = export_graphml(db, out, circulation=args.circulation)
        except ExportError as exc:
            raise CliError(str(exc)) from exc
        finally:
            db.close()
    mode = "circulation (references only)" if result.circulation else "full"
    print(
        f"Wrote the {mode} map as GraphML to {result.path} ({result.nodes} nodes, "
        f"{result.edges} edges)."
    )
    return 0
