"""Validators (ETag, Last-Modified) for documents too, for conditional re-sweeps.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 06:05:02.057424

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('etag', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('last_modified', sa.String(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('last_modified')
        batch_op.drop_column('etag')

