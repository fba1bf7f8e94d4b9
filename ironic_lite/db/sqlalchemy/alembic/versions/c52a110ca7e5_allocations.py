"""Release 3.0: allocations, the requests for a node by resource class
and traits (API 1.52).

Expand only: one new table. Its foreign key to ``nodes`` cascades on
delete, so release 2.0, which deletes a node without knowing this table,
deletes the node's allocation with it.

Revision ID: c52a110ca7e5
Revises: c4d2e3f5a6b7
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = 'c52a110ca7e5'
down_revision = 'c4d2e3f5a6b7'


def upgrade():
    op.create_table(
        'allocations',
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('node_id', sa.Integer,
                  sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                  nullable=True),
        sa.Column('state', sa.String(15), nullable=False),
        sa.Column('owner', sa.String(255), nullable=True),
        sa.Column('last_error', sa.Text, nullable=True),
        sa.Column('resource_class', sa.String(80), nullable=True),
        sa.Column('traits', db_types.JsonEncodedList, nullable=True),
        sa.Column('candidate_nodes', db_types.JsonEncodedList,
                  nullable=True),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        sa.Column('conductor_affinity', sa.Integer,
                  sa.ForeignKey('conductors.id',
                                name='allocations_conductor_affinity_fk'),
                  nullable=True),
        sa.Column('version', sa.String(15), nullable=True),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.UniqueConstraint('uuid', name='uniq_allocations0uuid'),
        sa.UniqueConstraint('name', name='uniq_allocations0name'),
        sa.Index('allocations_node_id_idx', 'node_id'),
        sa.Index('allocations_state_idx', 'state'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
