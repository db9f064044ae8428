"""Alembic environment for the cctv-audit schema.

The URL comes from the Config's ``sqlalchemy.url`` (set by `storage.session.alembic_config`), else from
``$CCTV_AUDIT_DB``, else the default SQLite file. A caller may also hand over an open connection in
``config.attributes["connection"]``.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import JSON, Connection, pool

from storage.models import Base, UTCDateTime
from storage.session import make_engine, resolve_url

config = context.config

# Configure logging only when run from an alembic.ini by the alembic command, never when the application
# or the tests call us: fileConfig would replace their logging setup.
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our own column types as plain SQLAlchemy types so migrations never import the models.

    The JSON variant is spelled out because Alembic's default rendering of JSONB refers to a bare
    ``Text()`` that the migration does not import. ``none_as_null`` is left out: it has no DDL.
    """
    if type_ != "type":
        return False
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, JSON) and "postgresql" in obj._variant_mapping:
        autogen_context.imports.add("from sqlalchemy.dialects import postgresql")
        return "sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')"
    return False


def database_url() -> str:
    """Return the URL to migrate: the Config's ``sqlalchemy.url``, else the environment, else the default."""
    return resolve_url(config.get_main_option("sqlalchemy.url"))


def configure(**kwargs: Any) -> None:
    """Configure the migration context with the options shared by offline and online runs."""
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Emit the migration SQL to stdout (``alembic upgrade --sql``) without connecting."""
    configure(url=database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_on(connection: Connection) -> None:
    """Run the migrations on an open connection.

    On SQLite, foreign keys are switched off for the duration: batch mode recreates a table by copying it
    and dropping the original, and with foreign keys on, that DROP would fire ON DELETE CASCADE and empty
    every child table. The previous setting is restored afterwards.
    """
    sqlite = connection.dialect.name == "sqlite"
    foreign_keys = None
    raw: Any = None
    if sqlite:
        # PRAGMA foreign_keys is a no-op inside a transaction, so commit whatever autobegin opened first and
        # speak to the driver directly (it runs in autocommit mode; SQLAlchemy would emit BEGIN first).
        connection.commit()
        raw = connection.connection.driver_connection
        foreign_keys = raw.execute("PRAGMA foreign_keys").fetchone()[0]
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise RuntimeError(f"migration left rows breaking foreign keys: {problems[:10]}")
    finally:
        if sqlite:
            connection.commit()
            raw.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")


def run_migrations_online() -> None:
    """Run the migrations against a live database."""
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = make_engine(database_url(), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
