"""Alembic environment: runs migrations on the connection dbsync hands in."""

from alembic import context

from ironic_lite.db.sqlalchemy import models


def run_migrations_online():
    connection = context.config.attributes['connection']
    context.configure(connection=connection,
                      target_metadata=models.Base.metadata,
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
