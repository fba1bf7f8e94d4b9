"""Release 3.0: the releases the operator finalized, and where each
service's effective pin comes from.

``[DEFAULT]pin_release_version = auto`` pins a service to the oldest
release of the live services until the operator runs ``ironic-lite-dbsync
finalize``, which adds a row here. ``pin_source`` says, for each
conductor and API, whether its pin is the configured one or the one
``auto`` derived, and why.

Expand only: a new table and two nullable columns that older releases
ignore.

Revision ID: d5e3f4a6b7c8
Revises: 8b9c0d1e2f3a
"""

from alembic import op
import sqlalchemy as sa

revision = 'd5e3f4a6b7c8'
down_revision = '8b9c0d1e2f3a'


def upgrade():
    op.create_table(
        'finalized_releases',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('release_version', sa.String(15), nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
    op.add_column('conductors', sa.Column('pin_source', sa.String(255),
                                          nullable=True))
    op.add_column('api_services', sa.Column('pin_source', sa.String(255),
                                            nullable=True))
