"""Release 2.0: the cached BIOS settings of nodes (API 1.40).

Expand only: one new table. Its foreign key to ``nodes`` cascades on
delete, so release 1.0, which deletes a node without knowing this table,
deletes the node's settings with it.

Revision ID: 6f7a8b9c0d1e
Revises: 5e6f7a8b9c0d
"""

from alembic import op
import sqlalchemy as sa

revision = '6f7a8b9c0d1e'
down_revision = '5e6f7a8b9c0d'


def upgrade():
    op.create_table(
        'bios_settings',
        sa.Column('node_id', sa.Integer,
                  sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                  primary_key=True, nullable=False),
        sa.Column('name', sa.String(255), primary_key=True, nullable=False),
        sa.Column('value', sa.Text, nullable=True),
        sa.Column('version', sa.String(15), nullable=True),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
