"""Storage: SQLAlchemy models, engines and sessions, register queries and Alembic migrations."""
