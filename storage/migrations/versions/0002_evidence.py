"""Evidence: the WARC file and offset of every page and document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:52:34.222815

"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warc_file', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('warc_offset', sa.BigInteger(), nullable=True))

    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('warc_file', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('warc_offset', sa.BigInteger(), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('warc_offset')
        batch_op.drop_column('warc_file')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('warc_offset')
        batch_op.drop_column('warc_file')

