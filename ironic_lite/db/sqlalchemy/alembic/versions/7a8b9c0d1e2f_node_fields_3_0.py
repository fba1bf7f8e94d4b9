"""Release 3.0: the node's allocation, retirement, lessee and network
data.

Expand only: nullable columns, one with a constant default, two indexes.

Revision ID: 7a8b9c0d1e2f
Revises: 6f7a8b9c0d1e
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = '7a8b9c0d1e2f'
down_revision = '6f7a8b9c0d1e'


def upgrade():
    op.add_column('nodes', sa.Column('allocation_id', sa.Integer,
                                     nullable=True))
    op.add_column('nodes', sa.Column('retired', sa.Boolean, nullable=False,
                                     server_default=sa.false()))
    op.add_column('nodes', sa.Column('retired_reason', sa.Text,
                                     nullable=True))
    op.add_column('nodes', sa.Column('lessee', sa.String(255),
                                     nullable=True))
    op.add_column('nodes', sa.Column('network_data',
                                     db_types.JsonEncodedDict,
                                     nullable=True))
    op.create_index('node_lessee_idx', 'nodes', ['lessee'])
    op.create_index('nodes_allocation_id_idx', 'nodes', ['allocation_id'])
