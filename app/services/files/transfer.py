"""Moving one response between a `.circles` file and a shared PostgreSQL server (no Qt).

`copy_to_server` copies an open file's response into a migrated database and
`copy_to_file` writes a shared response into a new `.circles` file. Either way:
- every row of every table of the response is copied with its id (transfer_rows.py lists
  the tables from the models), in one transaction on the destination: a failure leaves
  nothing behind (no rows on the server; no file, since the file is made under a temporary
  name by `create_database` and moved into place whole);
- before that transaction commits, the copy is read back and compared with the original
  row for row, every column; a difference rolls it all back;
- the destination's audit log gets an entry saying where the response came from, and the
  source's an entry saying where it went. A file moved to a server keeps its rows as they
  were; `moved_notice` reads that entry so opening the file later can say changes made in
  it will not reach the shared copy.
Ids are kept, so a database refuses a response whose id, title or rows' ids it already
holds (one sentence); the server's id sequences are moved past the copied ids first, so
a new row added by someone else meanwhile cannot take one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from app.models.database import (
    EXTENSION,
    Database,
    DatabaseFileError,
    create_database,
    current_user,
)
from app.models.entities import AuditEntry, Response
from app.models.server import ServerLocation, _check_revision, parse_url, server_engine
from app.services.editing import audit
from app.services.files import transfer_rows as rows_of
from app.services.files.transfer_rows import AUDIT, Part

MOVE = "move"  # the audit entries' kind
MOVED_TO = "Moved to a shared server"
MOVED_FROM = "Moved here from a response file"
COPIED_TO = "Saved a copy as a response file"
COPIED_FROM = "Copied here from a shared server"


class TransferError(DatabaseFileError):
    """The response could not be copied; str(error) is one sentence, nothing was copied."""


@dataclass
class Moved:
    """What was copied: rows per table, where to, and that the copy matched row for row."""

    source: str
    destination: str  # the address (with ?response=) or the file's path
    response_id: int
    title: str
    counts: dict[str, int] = field(default_factory=dict)
    matches: bool = True

    @property
    def sentence(self) -> str:
        return f"Copied {rows_of.say_counts(self.counts)}; the copy matches row for row."

    def as_json(self) -> dict:
        return {
            "source": self.source,
            "destination": self.destination,
            "response_id": self.response_id,
            "title": self.title,
            "counts": dict(self.counts),
            "matches": self.matches,
        }


Snapshot = dict[str, list[tuple]]


def _words(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _read(con: Connection, parts: list[Part], response_id: int) -> Snapshot:
    """Every table's rows of the response (a file's whole audit log: it holds one)."""
    return {part.name: rows_of.read_rows(con, part, response_id) for part in parts}


def _insert(con: Connection, part: Part, rows: list[tuple]) -> None:
    """Insert `rows` (every column, ids included) into `part`'s table: one INSERT with many
    VALUES per chunk (no driver executemany, whose pipeline on PostgreSQL logs its own
    warning when a row is refused), under both engines' limits on parameters."""
    names = [c.name for c in part.table.columns]
    step = max(1, 10000 // len(names))
    for i in range(0, len(rows), step):
        chunk = [dict(zip(names, r, strict=True)) for r in rows[i : i + step]]
        con.execute(insert(part.table).values(chunk))


def _verify(con: Connection, parts: list[Part], response_id: int, snap: Snapshot) -> None:
    """Raise TransferError unless the destination holds exactly the source's rows."""
    for part in parts:
        source = snap[part.name]
        copy = rows_of.read_rows(con, part, response_id, ids=[r[0] for r in source])
        wrong = rows_of.differences(source, copy, part.name)
        if wrong is None and part.name != AUDIT:
            mine = rows_of.read_rows(con, part, response_id)
            if len(mine) != len(source):
                wrong = f"the copy has {len(mine)} {part.name.replace('_', ' ')} rows"
        if wrong is not None:
            raise TransferError(
                f"The copy did not match the original ({wrong}); nothing was copied."
            )


def _counts(snap: Snapshot) -> dict[str, int]:
    return {name: len(rows) for name, rows in snap.items()}


# ----- file -> server ---------------------------------------------------------------------
def _refuse_taken(con: Connection, loc: ServerLocation, snap: Snapshot, title: str) -> None:
    rid = snap["response"][0][0]
    taken = con.execute(
        select(Response.id, Response.title).where(
            (Response.id == rid) | (func.lower(Response.title) == title.lower())
        )
    ).first()
    if taken is not None:
        raise TransferError(
            f"{loc.label} already holds a response with this one's id or title "
            f"({taken.title}, id {taken.id}); nothing was copied."
        )
    for part in rows_of.plan():
        ids = [r[0] for r in snap[part.name]]
        for i in range(0, len(ids), 500):
            clash = con.scalar(
                select(part.table.c.id).where(part.table.c.id.in_(ids[i : i + 500])).limit(1)
            )
            if clash is not None:
                words = part.name.replace("_", " ")
                raise TransferError(
                    f"The database {loc.url.database} already holds a {words} with id {clash}, "
                    "which this response's rows use; move it into a database of its own. "
                    "Nothing was copied."
                )


def _advance_sequences(con: Connection, snap: Snapshot) -> None:
    """Move each table's id sequence past the copied ids, with nextval only (the
    application role may use a sequence but not set it)."""
    for name, rows in snap.items():
        if not rows:
            continue
        top = max(r[0] for r in rows)
        seq = con.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f'"{name}"'})
        if seq is None:
            continue
        now = con.scalar(text("SELECT nextval(CAST(:s AS regclass))"), {"s": seq})
        if now < top:
            con.execute(
                text("SELECT max(nextval(CAST(:s AS regclass))) FROM generate_series(1, :k)"),
                {"s": seq, "k": top - now},
            )


def build_address(
    host: str, port: int, database: str, user: str, title: str, sslmode: str | None = None
) -> str:
    """`postgresql://USER@HOST:PORT/DB?response=TITLE&sslmode=MODE` from a form's fields
    (never a password; no `response` when `title` is empty, no `sslmode` when None: TLS
    required). A host that is a folder ("/run/postgresql") is a local Unix socket, which
    does not use TLS; an empty host is libpq's default socket."""
    query: dict[str, str] = {}
    host = host.strip()
    if host.startswith("/"):
        query.update(host=host, sslmode="disable")
        if port != 5432:
            query["port"] = str(port)
        host_part, port_part = None, None
    else:
        host_part, port_part = host or None, (port if host else None)
        if sslmode:
            query["sslmode"] = sslmode
    if title.strip():
        query["response"] = title.strip()
    url = URL.create(
        "postgresql",
        username=user.strip() or None,
        host=host_part,
        port=port_part,
        database=database.strip() or None,
        query=query,
    )
    return url.render_as_string(hide_password=True)


def _record_copy(con: Connection, action: str, response_id: int, source: str, **extra: Any) -> None:
    """The copy's audit entry, written in the copy's own transaction: where it came from."""
    con.execute(
        insert(AuditEntry.__table__).values(
            at=datetime.now().replace(microsecond=0),
            user=current_user(),
            action=action,
            kind=MOVE,
            entity="response",
            entity_id=response_id,
            new=source,
            **extra,
        )
    )


def copy_to_server(src: Database, address: str, *, record: bool = True) -> Moved:
    """Copy the open file `src` into the database at `address`; TransferError if not.
    `record=False` leaves the source's audit entry to the caller (`record_move`), e.g. the
    window's thread while this runs on a worker's."""
    if src.shared:
        raise TransferError("This response is already on a shared server.")
    if record and src.readonly:
        why = f" ({src.readonly_reason})" if src.readonly_reason else ""
        raise TransferError(
            f"{src.path.name} is open read-only{why}, so the move could not be recorded in "
            "it; nothing was copied."
        )
    loc = parse_url(address)
    parts = rows_of.plan()
    try:
        with src.engine.connect() as scon, scon.begin():  # one snapshot of the file
            snap = _read(scon, parts, src.response_id)
    except (SQLAlchemyError, ValueError) as exc:  # ValueError: a date SQLite kept as text
        raise TransferError(
            f"{src.path.name} holds a value Circles cannot read ({_words(exc)}); nothing was "
            "copied."
        ) from exc
    title = snap["response"][0][[c.name for c in Response.__table__.columns].index("title")]
    if loc.response is not None and loc.response.strip().lower() not in (
        title.lower(),
        str(src.response_id),
    ):
        raise TransferError(
            f"The address names the response {loc.response}, but this one is called {title}."
        )
    engine = server_engine(loc)
    try:
        _check_revision(engine, loc)
        with engine.begin() as con:
            _refuse_taken(con, loc, snap, title)
            _advance_sequences(con, snap)
            for part in parts:
                _insert(con, part, snap[part.name])
            _verify(con, parts, src.response_id, snap)
            _record_copy(
                con,
                MOVED_FROM,
                src.response_id,
                str(src.path),
                db_user=con.scalar(text("SELECT current_user")),
            )
    except DatabaseFileError:
        raise
    except SQLAlchemyError as exc:
        raise TransferError(
            f"The response could not be copied to {loc.label} ({_words(exc)}); nothing was copied."
        ) from exc
    finally:
        engine.dispose()
    moved = Moved(str(src.path), _as_given(address, title), src.response_id, title, _counts(snap))
    if record:
        record_move(src, moved)
    return moved


def _as_given(address: str, title: str) -> str:
    """The address as the user gave it, naming the moved response (for opening it)."""
    url = make_url(address.strip())
    return url.set(query={**url.query, "response": title}).render_as_string(hide_password=True)


def record_move(src: Database, moved: Moved) -> None:
    """The source file's audit entry: where the response went (see `moved_notice`)."""
    try:
        audit.record(src, MOVED_TO, kind=MOVE, detail=moved.destination)
    except SQLAlchemyError as exc:
        raise TransferError(
            f"The response was copied to {moved.destination}, but the move could not be "
            f"recorded in {src.path.name} ({_words(exc)})."
        ) from exc


# ----- server -> file ---------------------------------------------------------------------
def _audit_ids(con: Connection, snap: Snapshot, response_id: int) -> list[int]:
    """The audit entries that go with the response. The server's log has no response id:
    with one response in the database all of it is that response's; with several, the
    entries about this response's rows."""
    if con.scalar(select(func.count()).select_from(Response)) == 1:
        return list(con.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    ids: set[int] = set()
    for name, rows in snap.items():
        row_ids = [r[0] for r in rows]
        for i in range(0, len(row_ids), 500):
            ids.update(
                con.scalars(
                    select(AuditEntry.id).where(
                        AuditEntry.entity == name, AuditEntry.entity_id.in_(row_ids[i : i + 500])
                    )
                )
            )
    return sorted(ids)


def copy_to_file(src: Database, path: str | Path) -> Moved:
    """Write the shared response `src` into a new `.circles` file at `path`."""
    if not src.shared:
        raise TransferError("This response is not on a shared server.")
    assert src.server is not None
    target = Path(path).expanduser()
    if target.suffix != EXTENSION:
        target = target.with_name(target.name + EXTENSION)
    if target.exists():
        raise TransferError(f"{target} already exists; choose a new file name.")
    parts = rows_of.plan()
    rid = src.response_id
    try:
        with src.engine.connect() as scon:
            scon = scon.execution_options(isolation_level="REPEATABLE READ")
            with scon.begin():  # one consistent snapshot while others go on editing
                snap = {p.name: rows_of.read_rows(scon, p, rid) for p in parts if p.name != AUDIT}
                audit_part = next(p for p in parts if p.name == AUDIT)
                snap[AUDIT] = rows_of.read_rows(
                    scon, audit_part, rid, ids=_audit_ids(scon, snap, rid)
                )
    except SQLAlchemyError as exc:
        raise TransferError(
            f"{src.server.label} could not be read ({_words(exc)}); nothing was copied."
        ) from exc
    columns = [c.name for c in Response.__table__.columns]
    response = dict(zip(columns, snap["response"][0], strict=True))

    def fill(session, _placeholder: int) -> None:  # noqa: ANN001
        con = session.connection()
        # create_database made a response to fill; the copy brings its own, with its id.
        con.execute(delete(Response.__table__))
        for part in parts:
            _insert(con, part, snap[part.name])
        _verify(con, parts, rid, snap)
        where = src.server.address(response=response["title"])  # type: ignore[union-attr]
        _record_copy(con, COPIED_FROM, rid, where)

    db = create_database(
        target,
        title=response["title"],
        lead_area=response["lead_area"],
        referral_date=response["referral_date"] or date.today(),
        review_date=response["review_date"] or date.today(),
        fill=fill,
    )
    db.close()
    if not src.readonly:
        try:
            audit.record(src, COPIED_TO, kind=MOVE, detail=str(target))
        except SQLAlchemyError as exc:
            raise TransferError(
                f"{target.name} was written, but the copy could not be recorded on "
                f"{src.server.label} ({_words(exc)})."
            ) from exc
    return Moved(src.location, str(target), rid, response["title"], _counts(snap))


# ----- a file that was moved ----------------------------------------------------------------
def moved_notice(db: Database) -> str | None:
    """'This response was moved to ADDRESS on DATE; ...' for a file moved to a server."""
    if db.shared:
        return None
    try:
        with db.read() as s:
            entry = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.kind == MOVE, AuditEntry.action == MOVED_TO)
                .order_by(AuditEntry.id.desc())
                .limit(1)
            ).first()
    except SQLAlchemyError:
        return None  # the banner is a courtesy: never a reason not to open the file
    if entry is None:
        return None
    return (
        f"This response was moved to {entry.new} on {entry.at:%d/%m/%Y}; changes made here "
        "will not reach the shared copy."
    )
