"""Surviving a lost database connection: tell a lost connection from a bad statement, and retry after it.

A PostgreSQL restart (or a network cut) kills every open connection and whatever transaction it carried. The
engine's ``pool_pre_ping`` hands out a fresh connection once the server is back, so the fix for the caller is
always the same: roll the session back, wait a little, and do the whole transaction again. A bad statement
(an integrity error, a value too long) is never retried: doing it again would fail again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from sqlalchemy.orm import Session

__all__ = ["RETRY_ATTEMPTS", "RETRY_FIRST_WAIT", "RETRY_MAX_WAIT", "is_disconnect", "retry_waits", "retrying"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_ATTEMPTS = 10
"""Retries after the first try; with the waits below, about 90 s in all: longer than a server restart takes."""
RETRY_FIRST_WAIT = 0.5
RETRY_MAX_WAIT = 15.0


def is_disconnect(exc: BaseException) -> bool:
    """Whether ``exc`` says the connection to the database was lost or could not be made (worth a retry).

    ``OperationalError`` also covers SQLite's "database is locked" after the busy timeout, which a retry
    cures too; ``PendingRollbackError`` is what a session says after such a failure until it is rolled back.
    """
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | InterfaceError | PendingRollbackError)


def retry_waits(attempts: int = RETRY_ATTEMPTS) -> list[float]:
    """Seconds to wait before each retry: doubling from ``RETRY_FIRST_WAIT``, capped at ``RETRY_MAX_WAIT``."""
    return [min(RETRY_FIRST_WAIT * 2**n, RETRY_MAX_WAIT) for n in range(attempts)]


def rollback_quietly(session: Session) -> None:
    """Roll back; a rollback on a dead connection may fail too, and the next checkout replaces it anyway."""
    try:
        session.rollback()
    except Exception as exc:
        logger.debug("rollback after a lost connection failed too: %s", exc)


def retrying(session: Session, work: Callable[[], T], what: str, attempts: int = RETRY_ATTEMPTS) -> T:
    """Run ``work`` (one whole transaction, committed inside it) and retry it after a lost connection.

    ``work`` must be safe to run again from the start after a rollback: it should (re)load what it needs.
    """
    waits = retry_waits(attempts)
    for attempt in range(attempts + 1):
        try:
            return work()
        except Exception as exc:
            if not is_disconnect(exc) or attempt == attempts:
                raise
            rollback_quietly(session)
            logger.warning(
                "database connection lost while %s (%s); retrying in %.1f s (%d of %d)",
                what,
                type(exc).__name__,
                waits[attempt],
                attempt + 1,
                attempts,
            )
            time.sleep(waits[attempt])
    raise AssertionError("unreachable")
