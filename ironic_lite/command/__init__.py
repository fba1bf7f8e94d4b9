"""Console entry points. Each one turns expected failures into one line on
stderr and a non-zero exit, never a traceback."""

import logging
import sys


def fail(prog, message, code=1):
    """Print ``prog: error: message`` on stderr and exit with ``code``."""
    sys.stderr.write('%s: error: %s\n' % (prog, message))
    sys.exit(code)


def parse_config(prog, config_files, config_dirs=()):
    """Load the configuration files, or exit with one line on an error."""
    from oslo_config import cfg

    from ironic_lite.common import exception
    import ironic_lite.conf
    from ironic_lite.upgrade import pinning

    args = []
    for path in config_files or ():
        args += ['--config-file', path]
    for path in config_dirs or ():
        args += ['--config-dir', path]
    try:
        ironic_lite.conf.CONF(args, project='ironic-lite', prog=prog,
                              default_config_files=[] if args else None)
        pinning.validate()
    except (cfg.Error, exception.ConfigError) as e:
        fail(prog, str(e).splitlines()[0])
    return ironic_lite.conf.CONF


def setup_service(prog, conf):
    """What every long-running service does after reading its config:
    logging, objects, a database at this release's schema, the RPC
    transport. Exits with one line on a problem."""
    from oslo_log import log
    import sqlalchemy as sa

    from ironic_lite.common import rpc
    from ironic_lite.db import migration
    from ironic_lite.db.sqlalchemy import enginefacade
    from ironic_lite import objects

    log.setup(conf, 'ironic-lite')
    objects.register_all()
    try:
        current = migration.current_revision(enginefacade.get_engine())
    except sa.exc.SQLAlchemyError as e:
        fail(prog, 'cannot read the database schema version: %s'
             % str(getattr(e, 'orig', None) or e).strip().splitlines()[0])
    head = migration.head_revision()
    if current != head:
        if current is None or migration.is_known(current):
            fail(prog, 'the database schema is at %s, this release needs '
                       '%s; run "ironic-lite-dbsync upgrade" first'
                 % (current, head))
        # A newer release upgraded the schema (expand only): this release
        # runs on it, as during a rolling upgrade or after a rollback.
        logging.getLogger(__name__).warning(
            'The database schema is at %s, newer than this release\'s %s '
            '(a newer release upgraded it); running on it', current, head)
    try:
        rpc.init(conf)
    except Exception as e:
        fail(prog, 'cannot set up the RPC transport: %s' % e)


def start_or_fail(prog, start):
    """Call ``start()``; expected failures become one line and exit 1."""
    from oslo_config import cfg

    from ironic_lite.common import exception
    try:
        start()
    except (exception.IronicLiteException, cfg.Error) as e:
        fail(prog, str(e).splitlines()[0])


def exit_now(code):
    """Exit without waiting for worker threads handed back already.

    Flushing the logs may block behind a thread holding a handler's lock;
    a watchdog exits anyway after a few seconds.
    """
    import os
    import threading
    watchdog = threading.Timer(5, os._exit, (code,))
    watchdog.daemon = True
    watchdog.start()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
