"""`circles copy SOURCE DEST [--json]`: move a response between a `.circles` file and a
shared PostgreSQL server, either way (administrators).

SOURCE a file and DEST an address: the file's response is copied into the database (ids,
audit log and all), checked row for row, and the file records that it was moved (it is left
otherwise as it was). SOURCE an address and DEST a file: a new, owner-only `.circles` file.
Nothing is half-copied: any failure is one sentence and exit 2 (app/services/files/transfer.py).
"""

from __future__ import annotations

import argparse
import json

from app.cli import CliError
from app.cli.options import add_json

NAME = "copy"
HELP = (
    "Copy a response from a .circles file to a shared PostgreSQL server, or from the server "
    "into a new .circles file: every row with its ids, checked row for row."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="the response file (.circles) or postgresql:// address")
    p.add_argument(
        "dest",
        help="postgresql://USER@HOST[:PORT]/DB (for a file), or a new .circles file (for "
        "an address)",
    )
    add_json(p)


def run(args: argparse.Namespace) -> int:
    # Loaded here, not at the top: `--help` answers without SQLAlchemy (tests/test_cli_light.py).
    from app.models.database import open_database
    from app.models.server import is_server_url
    from app.services.files.transfer import copy_to_file, copy_to_server

    to_server = is_server_url(args.dest)
    if is_server_url(args.source) == to_server:
        raise CliError(
            "Give one response file and one postgresql:// address: copy copies a response "
            "from a file to a server or from a server to a file."
        )
    db = open_database(args.source)
    try:
        moved = copy_to_server(db, args.dest) if to_server else copy_to_file(db, args.dest)
    finally:
        db.close()
    if args.json:
        print(json.dumps(moved.as_json()))
    else:
        print(moved.sentence)
        print(f"The response is now at {moved.destination}")
    return 0
