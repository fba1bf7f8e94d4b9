"""Release 2.0: volume connectors and volume targets of nodes (API 1.32).

Expand only: two new tables. Their foreign keys to ``nodes`` cascade on
delete, so release 1.0, which deletes a node without knowing these
tables, deletes its volume connectors and targets with it.

Revision ID: 5e6f7a8b9c0d
Revises: 4d5e6f7a8b9c
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = '5e6f7a8b9c0d'
down_revision = '4d5e6f7a8b9c'


def _node_id():
    return sa.Column('node_id', sa.Integer,
                     sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                     nullable=False)


def _common():
    return [sa.Column('id', sa.Integer, primary_key=True),
            sa.Column('uuid', sa.String(36), nullable=False),
            sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
            sa.Column('version', sa.String(15), nullable=True),
            sa.Column('created_at', sa.DateTime, nullable=True),
            sa.Column('updated_at', sa.DateTime, nullable=True)]


def upgrade():
    op.create_table(
        'volume_connectors',
        *_common(),
        _node_id(),
        sa.Column('type', sa.String(32), nullable=False),
        sa.Column('connector_id', sa.String(255), nullable=False),
        sa.UniqueConstraint('uuid', name='uniq_volumeconnectors0uuid'),
        sa.UniqueConstraint('type', 'connector_id',
                            name='uniq_volumeconnectors0type0connector_id'),
        sa.Index('volume_connectors_node_id_idx', 'node_id'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
    op.create_table(
        'volume_targets',
        *_common(),
        _node_id(),
        sa.Column('volume_type', sa.String(64), nullable=False),
        sa.Column('properties', db_types.JsonEncodedDict, nullable=True),
        sa.Column('boot_index', sa.Integer, nullable=False),
        sa.Column('volume_id', sa.String(36), nullable=False),
        sa.UniqueConstraint('uuid', name='uniq_volumetargets0uuid'),
        sa.UniqueConstraint('node_id', 'boot_index',
                            name='uniq_volumetargets0node_id0boot_index'),
        sa.Index('volume_targets_node_id_idx', 'node_id'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
