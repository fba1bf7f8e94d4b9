"""Release 2.0: node ownership, protection, description and per-node
automated cleaning; the release and pin each conductor runs with.

Expand only: nullable columns, one with a constant default, an index.

Revision ID: 3c4d5e6f7a8b
Revises: 2a1f1c0e3b7d
"""

from alembic import op
import sqlalchemy as sa

revision = '3c4d5e6f7a8b'
down_revision = '2a1f1c0e3b7d'


def upgrade():
    op.add_column('nodes', sa.Column('automated_clean', sa.Boolean,
                                     nullable=True))
    op.add_column('nodes', sa.Column('protected', sa.Boolean, nullable=False,
                                     server_default=sa.false()))
    op.add_column('nodes', sa.Column('protected_reason', sa.Text,
                                     nullable=True))
    op.add_column('nodes', sa.Column('owner', sa.String(255), nullable=True))
    op.add_column('nodes', sa.Column('description', sa.Text, nullable=True))
    op.create_index('node_owner_idx', 'nodes', ['owner'])
    op.add_column('conductors', sa.Column('release_version', sa.String(15),
                                          nullable=True))
    op.add_column('conductors', sa.Column('pin_release_version',
                                          sa.String(15), nullable=True))
