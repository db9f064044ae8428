"""The text of the link that led to each page and document.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 06:29:51.493200

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor', sa.Text(), nullable=True))

    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('anchor', sa.Text(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('anchor')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('anchor')

