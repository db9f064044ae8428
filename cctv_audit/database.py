"""Open the project's database: resolve the URL, bring the schema up to date, load the register."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cctv_audit.register import packaged_register
from storage.models import Authority
from storage.queries import upsert_authorities
from storage.session import make_engine, make_sessionmaker, resolve_url, upgrade


def ensure_register(session: Session) -> int:
    """Load the packaged register into the authority table when it is missing or incomplete."""
    register = packaged_register()
    if session.scalar(select(func.count()).select_from(Authority)) != len(register):
        upsert_authorities(session, (a.as_row() for a in register))
        session.commit()
    return len(register)


@contextmanager
def open_session(db_url: str | None) -> Iterator[Session]:
    """A session on an up-to-date schema with the register loaded; the engine is disposed afterwards."""
    url = resolve_url(db_url)
    upgrade(url)
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            ensure_register(session)
            yield session
    finally:
        engine.dispose()
