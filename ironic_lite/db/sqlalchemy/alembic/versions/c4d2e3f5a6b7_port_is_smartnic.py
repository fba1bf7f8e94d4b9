"""Release 3.0: ports record whether they are a Smart NIC (API 1.53).

Expand only: one column with a constant server default, so rows that
release 2.0 writes, knowing nothing of it, read as false.

Revision ID: c4d2e3f5a6b7
Revises: b3c1d2e4f5a6
"""

from alembic import op
import sqlalchemy as sa

revision = 'c4d2e3f5a6b7'
down_revision = 'b3c1d2e4f5a6'


def upgrade():
    op.add_column('ports', sa.Column('is_smartnic', sa.Boolean,
                                     nullable=False,
                                     server_default=sa.false()))
