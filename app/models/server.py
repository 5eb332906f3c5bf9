"""A response on a shared PostgreSQL server: its address, opening, creating and upgrading.

The address is `postgresql://USER@HOST[:PORT]/DB?response=TITLE-OR-ID` (more libpq settings
may follow, e.g. `&service=...`, `&host=/run/postgresql` for a Unix socket). Passwords follow
PostgreSQL's own conventions and never appear in the address, on a command line, in
QSettings or in a log: libpq reads a service file (PGSERVICEFILE) and the password file
(PGPASSFILE) itself, and, when the optional `keyring` package is installed, a password kept
in the operating system's credential store under the service name "circles" and the user
name "USER@HOST/DB" is handed to the driver in memory. TLS is required unless the address
says otherwise (`sslmode=require` by default; `sslmode=verify-full` checks the server's
certificate too). A Unix socket is local and does not use TLS: say `sslmode=disable` there.

A database holds one or more responses; every row carries its response's id. The schema is
the Alembic revisions' (app/models/migrations.py); the application role only reads and
writes rows, and `upgrade_server`, run by an administrator role, changes the schema.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from app.models.entities import Response
from app.models.migrations import current_revision, run_revisions
from app.models.revisions import HEAD
from app.models.server_faults import server_sentence
from app.models.sqlite_file import DatabaseFileError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_url(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ServerLocation:
    """A parsed address: the driver's URL (no response, no password) and the response."""

    url: URL
    response: str | None

    @property
    def label(self) -> str:
        """Where, for messages and the window title: never a password (there is none)."""
        host = self.url.host or self.url.query.get("host") or "local socket"
        if isinstance(host, tuple):
            host = host[0]
        where = f"{self.url.database} on {host}"
        return f"{self.response} ({where})" if self.response else where

    def address(self, response: str | None = None) -> str:
        """The address a user would type, with `response` (default: this one)."""
        query = dict(self.url.query)
        wanted = response if response is not None else self.response
        if wanted is not None:
            query["response"] = wanted
        url = self.url.set(drivername="postgresql", query=query)
        return url.render_as_string(hide_password=True)


def parse_url(text: str) -> ServerLocation:
    try:
        url = make_url(text.strip())
    except (ArgumentError, ValueError) as exc:
        raise DatabaseFileError(f"{text} is not a PostgreSQL address Circles can read.") from exc
    if url.password is not None:
        raise DatabaseFileError(
            "The address holds a password; Circles takes passwords only from PostgreSQL's "
            "password file, a service file or the credential store, never from an address "
            "(it would show in process lists and logs)."
        )
    if not url.database:
        raise DatabaseFileError(f"The address {text} names no database.")
    query: dict[str, Any] = dict(url.query)
    response = query.pop("response", None)
    if isinstance(response, tuple):
        response = response[-1]
    query.setdefault("sslmode", "require")
    query.setdefault("application_name", "circles")
    return ServerLocation(url.set(drivername="postgresql+psycopg", query=query), response)


def _keyring_password(loc: ServerLocation) -> str | None:
    try:
        import keyring  # optional: the operating system's credential store
    except ImportError:
        return None
    name = f"{loc.url.username}@{loc.url.host or ''}/{loc.url.database}"
    with contextlib.suppress(Exception):  # a locked or absent store: libpq's own ways remain
        return keyring.get_password("circles", name)
    return None


def server_engine(loc: ServerLocation) -> Engine:
    # A server that does not answer (a VPN dropped, another Wi-Fi) is given up on soon:
    # 5 s to connect, and a connection whose peer went silent is found dead by TCP
    # keepalives within about 20 s instead of the system's two hours, and a query sent to a
    # peer that stopped answering gives up after 15 s rather than TCP's quarter of an hour
    # (the app then says it is offline and retries in the background,
    # app/views/shell/offline.py). libpq ignores these on a Unix socket.
    connect_args: dict[str, Any] = {
        "connect_timeout": 5,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 2,
        "tcp_user_timeout": 15000,
    }
    password = _keyring_password(loc)
    if password:
        connect_args["password"] = password
    return create_engine(loc.url, connect_args=connect_args, pool_pre_ping=True)


def server_message(loc: ServerLocation, exc: BaseException) -> str:
    """One sentence for a connection or server fault: never the driver's text with SQL."""
    said = server_sentence(exc, where=loc.label)
    if said is not None:
        return said
    words = str(getattr(exc, "orig", exc) or "").strip().splitlines()
    first = words[0] if words else type(exc).__name__
    for secret_free in ("password", "authentication"):
        if secret_free in first.lower():
            return f"The server {loc.label} refused the login ({first})."
    return f"The server {loc.label} could not be used ({first})."


def _check_revision(engine: Engine, loc: ServerLocation) -> None:
    with engine.connect() as con:
        revision = current_revision(con)
    if revision != HEAD:
        raise DatabaseFileError(
            f"The database {loc.url.database} is at schema {revision or 'none'}, not "
            f"{HEAD}; an administrator upgrades it with: python -m app upgrade "
            f"{loc.address(response='')}".replace("?response=", "").rstrip("?")
        )


def find_response(engine: Engine, loc: ServerLocation) -> int:
    with sessionmaker(engine)() as s:
        if loc.response is None:
            ids = s.scalars(select(Response.id).order_by(Response.id)).all()
            if len(ids) == 1:
                return ids[0]
            raise DatabaseFileError(
                f"The database {loc.url.database} holds {len(ids)} responses; add "
                "?response=TITLE-OR-ID to the address."
            )
        wanted = loc.response.strip()
        if wanted.isdigit():
            rid = s.scalar(select(Response.id).where(Response.id == int(wanted)))
        else:
            rows = s.scalars(
                select(Response.id).where(func.lower(Response.title) == wanted.lower())
            ).all()
            if len(rows) > 1:
                raise DatabaseFileError(
                    f"{len(rows)} responses on the server are called {wanted}; give its id."
                )
            rid = rows[0] if rows else None
    if rid is None:
        raise DatabaseFileError(f"There is no response {wanted} on {loc.label}.")
    return rid


def connect_server(text: str) -> tuple[ServerLocation, Engine, int]:
    """The address parsed, an engine on it and the response's id, after checking the schema;
    app/models/database.py makes the Database of them."""
    loc = parse_url(text)
    engine = server_engine(loc)
    try:
        _check_revision(engine, loc)
        return loc, engine, find_response(engine, loc)
    except DatabaseFileError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseFileError(server_message(loc, exc)) from exc


def create_on_server(text: str, *, fill=None, **fields) -> str:  # noqa: ANN001, ANN003
    """Add a response to a migrated database (one transaction, with `fill`'s contents);
    returns the new response's address."""
    loc = parse_url(text)
    engine = server_engine(loc)
    try:
        _check_revision(engine, loc)
        title = fields["title"]
        with sessionmaker(engine).begin() as s:
            taken = s.scalar(
                select(func.count()).where(func.lower(Response.title) == title.lower())
            )
            if taken:
                raise DatabaseFileError(f"A response called {title} is already on {loc.label}.")
            response = Response(created_at=datetime.now(), **fields)
            s.add(response)
            s.flush()
            if fill is not None:
                fill(s, response.id)
            rid = response.id
    except SQLAlchemyError as exc:
        raise DatabaseFileError(server_message(loc, exc)) from exc
    finally:
        engine.dispose()
    return loc.address(response=str(rid))


def upgrade_server(text: str) -> list[str]:
    """Run the Alembic revisions the database lacks, in one transaction (administrator)."""
    loc = parse_url(text)
    engine = server_engine(loc)
    try:
        with engine.begin() as con:
            return run_revisions(con)
    except SQLAlchemyError as exc:
        raise DatabaseFileError(server_message(loc, exc)) from exc
    finally:
        engine.dispose()
