"""``awsx export --format neo4j``: the export's statements sent to a Neo4j server over Bolt with
the official driver (``neo4j``), batch by batch, each in a managed write transaction (the driver
retries one that fails transiently). The driver is imported here only, when the format runs.

Every failure the user can fix (no server at the URI, a refused login, a database that does not
exist, a URI the driver does not read) is one line (UserError), never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from awsx.core.errors import UserError

from .cypher_export import Batch

# The driver's Bolt schemes (+s: verified TLS, +ssc: a self-signed certificate accepted).
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> str:
    """A Bolt URI, refused in one line before any work when the driver would not speak Bolt."""
    scheme, _, rest = uri.partition("://")
    if scheme not in SCHEMES or not rest:
        raise UserError(f"--uri {uri!r}: use bolt://HOST:7687 or neo4j://HOST:7687 ({', '.join(SCHEMES)})")
    return uri


@dataclass(frozen=True, slots=True)
class BoltTarget:
    uri: str
    user: str | None = None
    password: str | None = None
    database: str | None = None  # None: the server's default database

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password or "") if self.user else None


def _run(tx: Any, statement: str, parameters: dict[str, Any]) -> None:
    tx.run(statement, parameters).consume()


def write_bolt(target: BoltTarget, stamp: int, work: Iterable[Batch], driver: Callable[..., Any] | None = None) -> int:
    """Sends every batch (``$rows`` its rows, ``$stamp`` the export's stamp); the number of
    statements sent. ``driver`` makes the driver (``neo4j.GraphDatabase.driver`` by default)."""
    import neo4j
    from neo4j import exceptions

    # The driver logs what it then raises; the raised error is said once, as one line.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    make = driver or neo4j.GraphDatabase.driver
    sent = 0
    try:
        with make(target.uri, auth=target.auth) as connection:
            connection.verify_connectivity()
            with connection.session(database=target.database) as session:
                for batch in work:
                    session.execute_write(_run, batch.statement, {"rows": list(batch.rows), "stamp": stamp})
                    sent += 1
    except exceptions.AuthError as exc:
        raise UserError(f"neo4j at {target.uri} refused the login: {_first_line(exc)}") from None
    except exceptions.ServiceUnavailable as exc:
        raise UserError(f"cannot reach neo4j at {target.uri}: {_first_line(exc)}") from None
    except (exceptions.Neo4jError, exceptions.DriverError) as exc:
        raise UserError(f"neo4j at {target.uri}: {_first_line(exc)}") from None
    except ValueError as exc:  # the driver's word for a URI it cannot use (scheme, port)
        raise UserError(f"bad neo4j URI {target.uri!r}: {_first_line(exc)}") from None
    return sent


def _first_line(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0].rstrip(":") if text.strip() else type(exc).__name__
