"""Release 3.0: where a node sits on the conductors' hash rings.

``nodes.uuid_hash`` holds the first 32 bits of the md5 digest of the
node's UUID (what the rings place it by), so that a conductor's periodic
tasks select the nodes of its share of the rings in SQL. Written by the
code on create; rows of older releases get it from the online migration
``fill_node_uuid_hash``; until then they have none and every conductor
reads them.

Expand only: a nullable column and its index.

Revision ID: 8b9c0d1e2f3a
Revises: c52a110ca7e5
"""

from alembic import op
import sqlalchemy as sa

revision = '8b9c0d1e2f3a'
down_revision = 'c52a110ca7e5'


def upgrade():
    op.add_column('nodes', sa.Column('uuid_hash', sa.BigInteger,
                                     nullable=True))
    op.create_index('nodes_uuid_hash_idx', 'nodes', ['uuid_hash'])
