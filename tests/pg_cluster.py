"""A throwaway PostgreSQL cluster for tests: initdb and pg_ctl in a temporary folder, on a
Unix socket only (no TCP), as an unprivileged user when the tests run as root (PostgreSQL
refuses to run as root). Roles as README.md describes them: `circles_admin` (owns and
migrates the schema) and `circles_app` (reads and writes rows, no schema rights)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    def __init__(self) -> None:
        bindir = pg_bin()
        if bindir is None:
            raise FileNotFoundError("PostgreSQL's initdb is not installed")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="circles-pg-"))
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.dir, nobody.pw_uid, nobody.pw_gid)
            self.as_user = ["runuser", "-u", "nobody", "--"]
        os.chmod(self.dir, 0o755)
        data = self.dir / "data"
        self._run("initdb", "-D", str(data), "-U", "circles_admin", "--auth=trust", "-E", "UTF8")
        self.start()
        self.socket = str(self.dir)
        with self.admin("postgres") as con:
            con.execute("CREATE ROLE circles_app LOGIN")
            con.execute("CREATE ROLE circles_app2 LOGIN")
            con.execute("CREATE DATABASE circles OWNER circles_admin")

    def start(self) -> None:
        """Start the server (again, after `halt`): same folder, same socket."""
        self._run(
            "pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o",
            f"-k {self.dir} -c listen_addresses='' -c fsync=off", "start",
        )  # fmt: skip

    def halt(self) -> None:
        """Stop the server as an outage would (every connection cut), keeping its data:
        `start` brings it back. A test that halts it starts it again in a `finally`."""
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.dir / "data" / "postmaster.pid").exists()

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / tool), *args],
            check=True, capture_output=True, cwd="/",
        )  # fmt: skip

    def admin(self, dbname: str = "circles") -> psycopg.Connection:
        return psycopg.connect(
            host=self.socket, user="circles_admin", dbname=dbname, autocommit=True
        )

    def url(self, user: str = "circles_app", response: str | None = None) -> str:
        url = f"postgresql://{user}@/circles?host={self.socket}&sslmode=disable"
        return url + (f"&response={response}" if response is not None else "")

    def grant_app(self) -> None:
        """What the administrator grants each agency's application role: rows only."""
        with self.admin() as con:
            for role in ("circles_app", "circles_app2"):
                con.execute(
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"
                )
                con.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")

    def reset(self) -> None:
        """An empty database, migrated by the administrator, rows granted to the app."""
        with self.admin("postgres") as con:
            con.execute("DROP DATABASE IF EXISTS circles WITH (FORCE)")
            con.execute("CREATE DATABASE circles OWNER circles_admin")
        from app.models.server import upgrade_server

        upgrade_server(self.url("circles_admin"))
        self.grant_app()

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)
