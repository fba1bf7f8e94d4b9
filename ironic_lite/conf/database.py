"""Options of the [database] group: oslo.db's, with ironic-lite's defaults.

``connection`` defaults to a SQLite file under ``[DEFAULT]state_path``, so
a newcomer needs no database server; production deployments point it at
PostgreSQL or MariaDB.

``max_retries`` and ``retry_interval`` bound how long a service (and
``ironic-lite-status``) tries to reach the database when it starts:
``max_retries`` attempts, ``retry_interval`` seconds apart. oslo.db's own
defaults (10 attempts, 10 s apart) keep a service that cannot reach its
database silent for about 100 s; ironic-lite gives up after about
``max_retries * retry_interval`` = 3 s with one line on stderr, and leaves
longer waits to the service manager restarting it. Retries of a running
service's queries are the DB layer's, not these options'.
"""

from oslo_config import cfg
from oslo_db import options as db_options

DEFAULT_CONNECTION = 'sqlite:///$state_path/ironic-lite.sqlite'
#: Attempts to connect when a service starts.
DEFAULT_MAX_RETRIES = 3
#: Seconds between two of those attempts.
DEFAULT_RETRY_INTERVAL = 1


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)
    # NOTE: on the option objects, so the generated sample shows them too.
    cfg.set_defaults(db_options.database_opts,
                     max_retries=DEFAULT_MAX_RETRIES,
                     retry_interval=DEFAULT_RETRY_INTERVAL)


def list_opts():
    return [('database', db_options.database_opts)]
