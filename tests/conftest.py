"""Shared fixtures: real SQLite and PostgreSQL databases for tests.

PostgreSQL must be running on 127.0.0.1:5432 with a ``postgres`` user and trust authentication; tests that
need it fail (they are not skipped) when it is not there, so a green run always means both backends ran.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PG_ADMIN_DB = "postgres"


def _pg_admin() -> psycopg.Connection:
    """Connect to the server's maintenance database in autocommit mode (CREATE DATABASE needs it)."""
    try:
        return psycopg.connect(
            host=PG_HOST,
            port=PG_PORT,
            user=PG_USER,
            dbname=PG_ADMIN_DB,
            autocommit=True,
            connect_timeout=5,
        )
    except psycopg.OperationalError as exc:
        error = exc
    # Outside the except block, so the report shows our message rather than a chained traceback.
    pytest.fail(
        f"PostgreSQL is not reachable at {PG_USER}@{PG_HOST}:{PG_PORT} ({error}). These tests need a "
        "real server with trust authentication; start one, e.g. `pg_ctlcluster 15 main start` or "
        "`docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres`.",
        pytrace=False,
    )


def _pg_url(name: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for the whole test session, dropped at the end."""
    name = f"cctv_audit_test_{secrets.token_hex(6)}"
    with _pg_admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _pg_url(name)
    finally:
        with _pg_admin() as admin:
            # FORCE terminates connections a test may have leaked, so the drop never hangs.
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _reset_pg_schema(url: str) -> None:
    """Empty the database at ``url``: drop and recreate the public schema, tables, alembic_version and all."""
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=name, autocommit=True) as conn:
        # A connection leaked by an earlier test could hold locks and make the DROP wait forever.
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database file in the test's temporary directory."""
    return f"sqlite:///{tmp_path / 'cctv-audit.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty database on each backend in turn: a new SQLite file, or the session PostgreSQL database
    with a freshly recreated schema."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url: str = request.getfixturevalue("pg_url")
    _reset_pg_schema(url)
    yield url
