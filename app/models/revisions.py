"""The schema's Alembic revisions, for both engines (a `.circles` file and PostgreSQL).

Each revision is a function of Alembic's `Operations` (`op`), in order. They live in a
module rather than in an Alembic script folder so that the portable build (which carries
.pyc files in an archive, not a folder of scripts) migrates exactly like a source install;
the revision ids are written to Alembic's own `alembic_version` table, so the `alembic`
tool reads them too. SQLite runs them in batch mode (`render_as_batch`), where Alembic
re-creates a table for what SQLite's ALTER TABLE cannot do.

Add a revision at the end, never edit one already released, and bump SCHEMA_VERSION in
app/models/sqlite_file.py with it (a `.circles` file's user_version follows the head, so an
older Circles refuses a newer file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from app.models.schema_v4 import v4_metadata

if TYPE_CHECKING:  # Alembic is loaded when a revision runs (app/models/migrations.py)
    from alembic.operations import Operations


@dataclass(frozen=True)
class Revision:
    id: str
    schema_version: int  # the `.circles` user_version this revision brings a file to
    upgrade: Callable[[Operations], None]


def _baseline(op: Operations) -> None:
    """Schema version 4, the last of the hand-written upgrades."""
    v4_metadata().create_all(op.get_bind())


# Tables whose rows are edited through the Editor and so carry a row version.
def _versioned_tables() -> list[str]:
    return [t for t in v4_metadata().tables if t != "audit_entry"]


def _shared(op: Operations) -> None:
    """Version 5, many writers: a version on every edited row (SQLAlchemy's version_id_col,
    set from the response's change counter), the counter itself, and the database login
    in the audit log."""
    wanted = [(name, "row_version") for name in _versioned_tables()]
    wanted += [("response", "change_seq"), ("audit_entry", "db_user")]
    inspector = sa.inspect(op.get_bind())
    for table, column in wanted:
        # A column already there (a file copied back from a newer schema by hand) is kept.
        if column in {c["name"] for c in inspector.get_columns(table)}:
            continue
        with op.batch_alter_table(table) as batch:
            if column == "db_user":
                batch.add_column(sa.Column(column, sa.String(200), nullable=True))
            else:
                batch.add_column(
                    sa.Column(column, sa.Integer(), nullable=False, server_default="0")
                )


REVISIONS: tuple[Revision, ...] = (
    Revision("c1_v4_baseline", 4, _baseline),
    Revision("c2_shared_rows", 5, _shared),
)
HEAD = REVISIONS[-1].id
