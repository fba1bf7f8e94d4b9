"""Release 3.0: deploy templates and their steps (API 1.55).

Expand only: two new tables. A template's steps go with it (the foreign
key cascades); no older release reads or writes them.

Revision ID: b3c1d2e4f5a6
Revises: 7a8b9c0d1e2f
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = 'b3c1d2e4f5a6'
down_revision = '7a8b9c0d1e2f'


def upgrade():
    op.create_table(
        'deploy_templates',
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=False),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        sa.Column('version', sa.String(15), nullable=True),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.UniqueConstraint('uuid', name='uniq_deploytemplates0uuid'),
        sa.UniqueConstraint('name', name='uniq_deploytemplates0name'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
    op.create_table(
        'deploy_template_steps',
        sa.Column('id', sa.Integer, primary_key=True, nullable=False),
        sa.Column('deploy_template_id', sa.Integer,
                  sa.ForeignKey('deploy_templates.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('interface', sa.String(255), nullable=False),
        sa.Column('step', sa.String(255), nullable=False),
        sa.Column('args', db_types.JsonEncodedDict, nullable=False),
        sa.Column('priority', sa.Integer, nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.Index('deploy_template_id', 'deploy_template_id'),
        mysql_engine='InnoDB', mysql_charset='utf8mb4')
