"""A shared server's faults told apart, each said in one plain sentence. No Qt.

On a partnership's network a server is lost and found again in the course of a meeting (a
VPN drops, a laptop changes Wi-Fi), and the driver's own words ("connection is bad:
connection to server on socket ... failed: No such file or directory") mean nothing to a
practitioner. `server_fault` names what happened, from the driver's SQLSTATE where the
server sent one and from libpq's words where it could not (a connection that failed has no
SQLSTATE); `server_sentence` is the sentence, with nothing of the driver's text in it
except, for a missing right, the table's name (what the administrator must GRANT).

OFFLINE is the one fault that passes by itself: the app keeps the last picture, retries in
the background and refreshes when the server is back (app/views/shell/offline.py).
"""

from __future__ import annotations

import re

OFFLINE = "offline"  # the server cannot be reached (stopped, network lost, restarting)
LOGIN = "login"  # the server refused the login (no password found, a wrong one, no role)
TLS = "tls"  # TLS required, and the server offers none (or its certificate fails)
NO_DATABASE = "no-database"  # the database is gone (dropped, renamed)
GONE = "response-gone"  # the response was deleted on the server
DENIED = "denied"  # the application role lacks a right (a GRANT missing)

# SQLSTATE classes and codes (PostgreSQL's appendix A) that mean "not reachable now".
_OFFLINE_STATES = ("08", "57P01", "57P02", "57P03", "53300")
_LOGIN_STATES = ("28",)
_OFFLINE_WORDS = (
    "connection is bad",
    "connection is closed",
    "the connection is lost",
    "server closed the connection",
    "could not connect",
    "connection refused",
    "no such file or directory",  # a Unix socket that is not there: the server is down
    "timeout expired",
    "connection timed out",
    "could not translate host name",
    "network is unreachable",
    "no route to host",
    "terminating connection",
    "the database system is starting up",
    "the database system is shutting down",
    "consuming input failed",
    "sending query failed",
    "ssl syscall error",
    "ssl connection has been closed",
    "too many connections",
)
_LOGIN_WORDS = (
    "no password supplied",
    "password authentication failed",
    "authentication failed",
    'role "',  # role "x" does not exist
    "pg_hba.conf",
    "peer authentication",
)
_TLS_WORDS = (
    "server does not support ssl",
    "ssl was required",
    "certificate verify failed",
    "root certificate file",
    "server certificate for",
    "ssl error",
)


class ServerUnreachable(ConnectionError):
    """Raised without trying while the app knows the server is unreachable (it retries in
    the background): an edit or a read fails at once instead of waiting on the network."""


class ResponseGone(LookupError):
    """The response the window had open is no longer on the server."""


def _driver_error(exc: BaseException) -> BaseException:
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def _is_driver_error(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "psycopg"


def server_fault(exc: BaseException) -> str | None:
    """OFFLINE, LOGIN, TLS, NO_DATABASE, GONE, DENIED, or None when not a server's fault."""
    if isinstance(exc, ResponseGone):
        return GONE
    if isinstance(exc, ServerUnreachable):
        return OFFLINE
    inner = _driver_error(exc)
    if not _is_driver_error(inner):
        return None
    state = str(getattr(inner, "sqlstate", None) or "")
    words = str(inner).lower()
    if state == "42501" or "permission denied" in words:
        return DENIED
    if state == "3D000" or ('database "' in words and "does not exist" in words):
        return NO_DATABASE
    if any(w in words for w in _TLS_WORDS):
        return TLS
    if state.startswith(_LOGIN_STATES) or any(w in words for w in _LOGIN_WORDS):
        return LOGIN
    if state.startswith(_OFFLINE_STATES) or any(w in words for w in _OFFLINE_WORDS):
        return OFFLINE
    # A driver's OperationalError with no SQLSTATE is a connection that failed or broke.
    if not state and type(inner).__name__ == "OperationalError":
        return OFFLINE
    return None


def denied_table(exc: BaseException) -> str | None:
    """The table a missing right is on ("permission denied for table young_person")."""
    found = re.search(
        r"permission denied for (?:table|relation|sequence) \"?([\w.]+)", str(_driver_error(exc))
    )
    return found.group(1) if found else None


def server_sentence(
    exc: BaseException, *, saving: bool = False, where: str | None = None, retrying: bool = False
) -> str | None:
    """One plain sentence for a server's fault, without the driver's text; None when `exc`
    is not one. `saving`: the user was saving a change (an edit, undo or redo) and is told
    that it was not saved. `where`: the server's label, when opening (no window says it).
    `retrying`: the app is retrying in the background (the command line is not)."""
    kind = server_fault(exc)
    if kind is None:
        return None
    server = f"The server {where}" if where else "The shared server"
    place = server[4:]  # "shared server", "server DB on HOST"
    not_saved = ", so your change was not saved" if saving else ""
    if kind == OFFLINE:
        if saving:
            return (
                f"{server} cannot be reached; your change was not saved (Circles keeps "
                "trying to reconnect: save it again when the status line says connected)."
            )
        if retrying:
            return (
                f"{server} cannot be reached; Circles keeps trying to reconnect and brings "
                "the window up to date when it is back."
            )
        return f"{server} cannot be reached; check the network and try again."
    if kind == LOGIN:
        return (
            f"{server} refused your login{not_saved}; check that your password file or "
            "your computer's credential store holds the password for this server "
            "(README.md, Shared responses)."
        )
    if kind == TLS:
        return (
            f"{server} does not offer the encrypted (TLS) connection Circles requires"
            f"{not_saved}; ask its administrator to turn TLS on."
        )
    if kind == NO_DATABASE:
        return (
            f"The database is not on the {place}{not_saved}; ask its administrator "
            "whether it was moved, renamed or deleted."
        )
    if kind == GONE:
        return (
            f"This response was deleted on the {place}{not_saved}; ask its "
            "administrator, or keep what is on screen with File > Save a copy as..."
        )
    table = denied_table(exc)
    on = f" on the table {table}" if table else ""
    return (
        f"Your login is not allowed to do this{on}{not_saved}; ask the server's "
        "administrator for the right (a GRANT to your agency's application role)."
    )
