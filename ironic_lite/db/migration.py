"""Schema migrations: the alembic front end used by ironic-lite-dbsync.

Functions take a SQLAlchemy engine; alembic is imported only by the ones
that need it, so ``dbsync version`` stays fast.
"""

import os

import sqlalchemy as sa

ALEMBIC_INI = os.path.join(os.path.dirname(__file__), 'sqlalchemy',
                           'alembic.ini')


def _alembic_config(connection=None):
    from alembic import config as alembic_config
    config = alembic_config.Config(ALEMBIC_INI)
    config.attributes['connection'] = connection
    return config


def current_revision(engine):
    """The revision the database is at, or None for an empty database."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table('alembic_version'):
            return None
        table = sa.table('alembic_version', sa.column('version_num'))
        return connection.execute(sa.select(table.c.version_num)).scalar()


def head_revision():
    """The newest revision in this code."""
    from alembic import script
    return script.ScriptDirectory.from_config(
        _alembic_config()).get_current_head()


def is_known(revision):
    """Whether ``revision`` is one of this code's migrations (a revision
    this code does not know was written by a newer release)."""
    from alembic import script
    from alembic.util import exc as alembic_exc
    try:
        return script.ScriptDirectory.from_config(
            _alembic_config()).get_revision(revision) is not None
    except alembic_exc.CommandError:
        return False


def _finalize_new_deployment(connection):
    """A database this code created from nothing has no older release to
    go back to: this code's release is finalized from the start, so that
    services on ``pin_release_version = auto`` are not pinned."""
    from ironic_lite.upgrade import fleet
    from ironic_lite.upgrade import release_mappings
    fleet.record_finalized(connection, release_mappings.CURRENT_RELEASE)


def upgrade(engine, revision='head'):
    """Run every migration up to ``revision``; from an empty database to
    the head, record this code's release as finalized (a new deployment).
    """
    from alembic import command
    new_deployment = revision == 'head' and current_revision(engine) is None
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)
        if new_deployment:
            _finalize_new_deployment(connection)


def create_schema(engine):
    """Create the schema from the models in one go and stamp it at head
    (a new deployment: this code's release is finalized).

    Only for an empty database; faster than walking every revision.
    """
    from alembic import command

    from ironic_lite.db.sqlalchemy import models
    with engine.begin() as connection:
        models.Base.metadata.create_all(connection)
        command.stamp(_alembic_config(connection), 'head')
        _finalize_new_deployment(connection)
