"""Small query functions over the storage models; each takes a `Session` and never commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import Authority

__all__ = ["AUTHORITY_FIELDS", "get_authority", "list_authorities", "upsert_authorities"]

logger = logging.getLogger(__name__)

AUTHORITY_FIELDS = ("gss_code", "name", "type", "nation", "region", "homepage", "source")
_REQUIRED_FIELDS = ("gss_code", "name", "type", "nation", "homepage")
# Rows per INSERT statement: 500 x 7 parameters stays well under SQLite's and PostgreSQL's limits.
_CHUNK = 500


def _authority_row(row: Mapping[str, str | None]) -> dict[str, str | None]:
    """Validate one register row and fill the optional fields (``region`` None, ``source`` "")."""
    unknown = set(row) - set(AUTHORITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown authority field(s) {sorted(unknown)} in row {dict(row)!r}")
    missing = [field for field in _REQUIRED_FIELDS if not row.get(field)]
    if missing:
        raise ValueError(f"missing authority field(s) {missing} in row {dict(row)!r}")
    return {
        **{field: row[field] for field in _REQUIRED_FIELDS},
        # A CSV reader gives "" for an empty cell; the register means "no region".
        "region": row.get("region") or None,
        "source": row.get("source") or "",
    }


def upsert_authorities(session: Session, rows: Iterable[Mapping[str, str | None]]) -> int:
    """Insert or update authorities by ``gss_code``; return how many rows were inserted or changed.

    Every field of an existing authority is replaced by the row's value (a missing ``region`` becomes
    NULL, a missing ``source`` ""). Rows identical to what is stored are not rewritten, so running it
    twice returns 0 the second time. If a ``gss_code`` appears twice, the last row wins.
    """
    by_code = {normalised["gss_code"]: normalised for normalised in map(_authority_row, rows)}
    values = list(by_code.values())
    if not values:
        return 0
    dialect = session.get_bind().dialect.name
    changed = 0
    for start in range(0, len(values), _CHUNK):
        changed += _upsert_chunk(session, dialect, values[start : start + _CHUNK])
    logger.debug("upserted %d authorities, %d inserted or changed", len(values), changed)
    return changed


def _upsert_chunk(session: Session, dialect: str, values: Sequence[dict[str, Any]]) -> int:
    """Run one multi-row INSERT … ON CONFLICT DO UPDATE … RETURNING and count the rows it touched."""
    insert: Any
    if dialect == "postgresql":
        insert = postgresql.insert
    elif dialect == "sqlite":
        insert = sqlite.insert
    else:
        raise NotImplementedError(f"upsert_authorities does not support the {dialect!r} database")
    stmt = insert(Authority).values(list(values))
    updated = [field for field in AUTHORITY_FIELDS if field != "gss_code"]
    stmt = stmt.on_conflict_do_update(
        index_elements=[Authority.gss_code],
        set_={field: stmt.excluded[field] for field in updated},
        # Only rewrite rows that differ, so the returned count means "changed" and nothing is touched
        # needlessly. IS DISTINCT FROM (IS NOT on SQLite) treats two NULL regions as equal.
        where=or_(*(getattr(Authority, field).is_distinct_from(stmt.excluded[field]) for field in updated)),
    )
    # Returning the entities with populate_existing refreshes any Authority already loaded in the session.
    changed = session.scalars(stmt.returning(Authority), execution_options={"populate_existing": True})
    return len(changed.all())


def list_authorities(session: Session, nation: str | None = None, type: str | None = None) -> list[Authority]:
    """Return the registered authorities ordered by GSS code, optionally only one nation and/or type."""
    stmt = select(Authority).order_by(Authority.gss_code)
    if nation is not None:
        stmt = stmt.where(Authority.nation == nation)
    if type is not None:
        stmt = stmt.where(Authority.type == type)
    return list(session.scalars(stmt))


def get_authority(session: Session, gss_code: str) -> Authority | None:
    """Return the authority with this GSS code, or None if it is not in the register."""
    return session.get(Authority, gss_code)
