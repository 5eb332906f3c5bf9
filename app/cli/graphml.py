"""`circles graphml FILE --out OUT.graphml [--circulation] [--force]`: the map for other
graph tools (networkx, igraph, Gephi, yEd)."""

from __future__ import annotations

import argparse

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
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.cli.exporting import exporting, out_path
    from app.services.network.graphml import export_graphml

    out = out_path(args.out, args.force)
    with exporting(args.file) as db:
        result = export_graphml(db, out, circulation=args.circulation)
    mode = "circulation (references only)" if result.circulation else "full"
    print(
        f"Wrote the {mode} map as GraphML to {result.path} ({result.nodes} nodes, "
        f"{result.edges} edges)."
    )
    return 0
