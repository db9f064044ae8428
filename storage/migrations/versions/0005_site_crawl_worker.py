"""The worker holding each site crawl in a distributed sweep.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | Sequence[str] | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('site_crawl', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worker', sa.String(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('site_crawl', schema=None) as batch_op:
        batch_op.drop_column('worker')
