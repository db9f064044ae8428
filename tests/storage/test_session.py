"""Engines, sessions and URL resolution."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, text

from storage.models import Sweep
from storage.session import DEFAULT_URL, make_engine, make_sessionmaker, resolve_url


def test_resolve_url_prefers_the_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTV_AUDIT_DB", "sqlite:///from-env.db")
    assert resolve_url("sqlite:///explicit.db") == "sqlite:///explicit.db"


def test_resolve_url_falls_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCTV_AUDIT_DB", "postgresql+psycopg://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url() == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("env", [None, ""], ids=["unset", "empty"])
def test_resolve_url_defaults_to_a_local_sqlite_file(monkeypatch: pytest.MonkeyPatch, env: str | None) -> None:
    if env is None:
        monkeypatch.delenv("CCTV_AUDIT_DB", raising=False)
    else:
        monkeypatch.setenv("CCTV_AUDIT_DB", env)
    assert resolve_url(None) == DEFAULT_URL == "sqlite:///cctv-audit.db"


@pytest.fixture
def raw_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    try:
        yield engine
    finally:
        engine.dispose()


def test_sqlite_connections_get_their_pragmas(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        # Two connections at once: the pragmas are set on every new connection, not just the first.
        with engine.connect() as first, engine.connect() as second:
            for conn in (first, second):
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    finally:
        engine.dispose()


def test_postgresql_engine_pings_before_use(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        assert engine.pool._pre_ping
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_sessions_keep_objects_loaded_after_commit(raw_engine: Engine) -> None:
    Sweep.metadata.create_all(raw_engine)
    with make_sessionmaker(raw_engine)() as session:
        sweep = Sweep(kind="check")
        session.add(sweep)
        session.commit()
        assert not inspect(sweep).expired_attributes
    # Still readable once the session is closed: the CLI prints results after committing.
    assert sweep.kind == "check"
    assert sweep.status == "running"
