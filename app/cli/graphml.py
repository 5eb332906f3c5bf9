"""`circles graphml FILE --out OUT.graphml [--circulation] [--force]`: the map for other
graph tools (networkx, igraph, Gephi, yEd)."""

from __future__ import annotations

import argparse

from app.cli.options import add_file, add_force, add_out, mode_words

NAME = "graphml"
HELP = (
    "Write the map as GraphML: one node per young person, one edge per active connection "
    "(--circulation: references only, no names)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_file(p)
    add_out(p, "the file to write (.graphml)")
    p.add_argument("--circulation", action="store_true", help="leave out given and family names")
    add_force(p)


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--help` and the other verbs stay quick (issue 14).
    from app.cli.exporting import exporting, out_path
    from app.services.network.graphml import export_graphml

    out = out_path(args.out, args.force)
    with exporting(args.file) as db:
        result = export_graphml(db, out, circulation=args.circulation)
    print(
        f"Wrote the {mode_words(result.circulation)} map as GraphML to {result.path} ({result.nodes} nodes, "
        f"{result.edges} edges)."
    )
    return 0
