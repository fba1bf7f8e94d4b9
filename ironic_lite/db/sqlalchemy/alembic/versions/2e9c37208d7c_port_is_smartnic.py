"""Release 3.0: ports record whether they are a Smart NIC (API 1.53).

Expand only: one column with a constant server default, so rows that
release 2.0 writes, knowing nothing of it, read as false.

Revision ID: 2e9c37208d7c
Revises: 6f7a8b9c0d1e
"""

from alembic import op
import sqlalchemy as sa

revision = '2e9c37208d7c'
down_revision = '6f7a8b9c0d1e'


def upgrade():
    op.add_column('ports', sa.Column('is_smartnic', sa.Boolean,
                                     nullable=False,
                                     server_default=sa.false()))
