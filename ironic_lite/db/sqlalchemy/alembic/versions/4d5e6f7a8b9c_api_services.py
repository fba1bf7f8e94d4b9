"""Release 2.0: the API services, so that they advertise one maximum
microversion while some are still pinned.

Expand only: a new table.

Revision ID: 4d5e6f7a8b9c
Revises: 3c4d5e6f7a8b
"""

from alembic import op
import sqlalchemy as sa

revision = '4d5e6f7a8b9c'
down_revision = '3c4d5e6f7a8b'


def upgrade():
    op.create_table(
        'api_services',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('release_version', sa.String(15), nullable=True),
        sa.Column('pin_release_version', sa.String(15), nullable=True),
        sa.Column('max_version', sa.String(10), nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.UniqueConstraint('name', name='uniq_api_services0name'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
