"""`circles upgrade URL`: bring a shared database's schema to this version's (administrator)."""

from __future__ import annotations

import argparse

from app.cli import CliError

NAME = "upgrade"
HELP = (
    "Create or upgrade the schema of a PostgreSQL database for shared responses; run it "
    "as the administrator role (the application roles need no schema rights). A .circles "
    "file upgrades itself on opening."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", help="postgresql://ADMIN@HOST[:PORT]/DB (no password: see README)")


def run(args: argparse.Namespace) -> int:
    # Loaded here, not at the top: `--help` answers without SQLAlchemy (tests/test_cli_light.py).
    from app.models.server import is_server_url, upgrade_server

    if not is_server_url(args.url):
        raise CliError("Give a postgresql:// address; a .circles file upgrades itself on opening.")
    done = upgrade_server(args.url)
    if done:
        print(f"Upgraded the database to {done[-1]} ({len(done)} revision(s)).")
    else:
        print("The database is already at this version's schema.")
    return 0
