"""Options of the [database] group (oslo.db's, with ironic-lite's default)."""

from oslo_db import options as db_options

# NOTE: the embedded default is a SQLite file under state_path, so a newcomer
# needs no database server; production deployments point this at
# PostgreSQL or MariaDB.
DEFAULT_CONNECTION = 'sqlite:///$state_path/ironic-lite.sqlite'


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)


def list_opts():
    return [('database', db_options.database_opts)]
