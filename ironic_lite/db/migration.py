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


def upgrade(engine, revision='head'):
    """Run every migration up to ``revision``."""
    from alembic import command
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def create_schema(engine):
    """Create the schema from the models in one go and stamp it at head.

    Only for an empty database; faster than walking every revision.
    """
    from alembic import command

    from ironic_lite.db.sqlalchemy import models
    with engine.begin() as connection:
        models.Base.metadata.create_all(connection)
        command.stamp(_alembic_config(connection), 'head')
