"""What a command checks when it starts, so that a bad configuration stops
it at once with one line rather than at first use with a traceback.

* :func:`parse_config`: the files load; the pin names a release; EVERY
  registered option has a valid value (oslo.config only checks a value
  when it is first read, which for ``[api]port`` or ``rpc_transport`` can
  be long after the start); ``[database]connection`` is a URL of a known
  database type.
* :func:`check_directories`: the directories the service writes in exist
  (``[DEFAULT]state_path``, the SQLite file's, the driver_info key file's,
  the API's healthcheck disable file's).
* :func:`check_key_file`: the driver_info key can be read, or created.
* :func:`connect`: the database answers, within ``[database]max_retries``
  attempts ``[database]retry_interval`` seconds apart.
* :func:`setup_service`: all of it for a long-running service, then
  logging and the schema revision.

Each raises or exits through :func:`ironic_lite.command.fail` with the
exit code the caller gives (``ERROR`` unless said otherwise).
"""

import logging
import os

from ironic_lite import command

LOG = logging.getLogger(__name__)


def _option_error(conf, group, name, exc):
    """One line for an option whose value does not parse. The value of a
    secret option is not repeated."""
    import re
    text = str(exc)
    where = '[%s]%s' % (group or 'DEFAULT', name)
    # oslo.config says where the value came from only in its message.
    found = re.search(r"detail='([^']*)'\)", text)
    if found and found.group(1):
        where += ' in %s' % found.group(1)
    why = text.split(' is not valid: ', 1)[-1].splitlines()[0]
    try:
        # NOTE: oslo.config has no public way to ask whether an option is
        # secret; a failure to ask hides the reason rather than leak it.
        secret = conf._get_opt_info(name, group)['opt'].secret
    except Exception:
        secret = True
    return 'invalid value for %s%s' % (where, '' if secret else ': ' + why)


def check_options(conf):
    """Read every registered option once.

    :raises: command.Failure naming the first option whose value is bad.
    """
    from oslo_config import cfg

    def read(namespace, group, name):
        try:
            return getattr(namespace, name)
        except (cfg.Error, ValueError) as e:
            raise command.Failure(_option_error(conf, group, name, e))

    for name in sorted(conf):
        value = read(conf, None, name)
        if isinstance(value, cfg.ConfigOpts.GroupAttr):
            for opt_name in sorted(value):
                read(value, name, opt_name)


def check_database_url(conf):
    """``[database]connection`` parses and names a database type
    SQLAlchemy knows (whether its driver is installed is seen when
    connecting). :raises: command.Failure"""
    import sqlalchemy as sa
    try:
        sa.engine.make_url(conf.database.connection).get_dialect()
    except sa.exc.ArgumentError as e:
        raise command.Failure('invalid [database]connection: %s'
                              % command.reason(e))
    except ValueError:
        # NOTE: its message may quote a part of the URL: the password.
        raise command.Failure('invalid [database]connection: it does not '
                              'parse as a database URL (a port that is '
                              'not a number?)')
    except sa.exc.NoSuchModuleError:
        raise command.Failure(
            'invalid [database]connection: unknown database type %r'
            % sa.engine.make_url(conf.database.connection).drivername)


def parse_config(prog, config_files, config_dirs=(), code=command.ERROR):
    """Load the configuration and check it (see the module doc), or exit
    with one line and ``code``."""
    from oslo_config import cfg

    from ironic_lite.common import exception
    import ironic_lite.conf

    args = []
    for path in config_files or ():
        args += ['--config-file', path]
    for path in config_dirs or ():
        args += ['--config-dir', path]
    conf = ironic_lite.conf.CONF
    try:
        conf(args, project='ironic-lite', prog=prog,
             default_config_files=[] if args else None)
        check_config(conf)
    except (cfg.Error, exception.ConfigError, command.Failure) as e:
        command.fail(prog, command.reason(e), code)
    return conf


def check_config(conf):
    """The checks of a configuration just parsed.

    :raises: ConfigError, command.Failure
    """
    from ironic_lite.upgrade import pinning
    pinning.validate()
    check_options(conf)
    check_database_url(conf)


def sqlite_path(conf):
    """The file of a SQLite ``[database]connection``, else None."""
    import sqlalchemy as sa
    url = sa.engine.make_url(conf.database.connection)
    if not url.drivername.startswith('sqlite'):
        return None
    database = url.database or ''
    if database in ('', ':memory:') or database.startswith('file:'):
        return None
    return os.path.abspath(database)


def _need_directory(path, what):
    if not os.path.isdir(path):
        raise command.Failure('%s: the directory %s does not exist; create '
                              'it or change the option' % (what, path))


def check_directories(conf, api=False, key_file=True, state_path=True):
    """The directories this command writes in exist.

    :param api: also the directory of ``[api]healthcheck_disable_file``
        (when the healthcheck is on).
    :param key_file: also the directory of
        ``[DEFAULT]driver_info_key_file``.
    :param state_path: also ``[DEFAULT]state_path`` itself.
    :raises: command.Failure
    """
    if state_path:
        _need_directory(conf.state_path,
                        '[DEFAULT]state_path %s' % conf.state_path)
    database = sqlite_path(conf)
    if database:
        _need_directory(os.path.dirname(database),
                        'the SQLite database %s ([database]connection)'
                        % database)
    if key_file:
        _need_directory(os.path.dirname(os.path.abspath(
            conf.driver_info_key_file)), '[DEFAULT]driver_info_key_file %s'
            % conf.driver_info_key_file)
    if api and conf.api.enable_healthcheck:
        _need_directory(os.path.dirname(os.path.abspath(
            conf.api.healthcheck_disable_file)),
            '[api]healthcheck_disable_file %s'
            % conf.api.healthcheck_disable_file)


def check_key_file():
    """Read the driver_info key now, creating it when missing, so that a
    key that cannot be used stops the command at start rather than fail a
    request that stores a password. :raises: ConfigError"""
    from ironic_lite.common import secrets
    secrets.load_key()


def database_name(conf):
    """``[database]connection`` without its password, for messages."""
    import sqlalchemy as sa
    return sa.engine.make_url(conf.database.connection).render_as_string(
        hide_password=True)


def connect(conf, get_engine):
    """The engine ``get_engine()`` returns, once it has connected (oslo.db
    tries ``[database]max_retries`` times). :raises: command.Failure"""
    from oslo_db import exception as db_exc
    import sqlalchemy as sa
    try:
        engine = get_engine()
        with engine.connect():
            pass
    except (sa.exc.SQLAlchemyError, db_exc.DBError, ImportError,
            OSError) as e:
        raise command.Failure('cannot connect to the database %s: %s'
                              % (database_name(conf), command.reason(e)))
    return engine


def setup_service(prog, conf, api=False):
    """What every long-running service does after reading its config:
    check its directories, set up logging, read its key file, reach a
    database at this release's schema (or a newer one) and set up the RPC
    transport. Exits with one line and ERROR on a problem.

    :param api: the service serves the API (checks its directories too).
    """
    from oslo_config import cfg
    from oslo_log import log

    from ironic_lite.common import exception
    from ironic_lite.common import rpc
    from ironic_lite.db.sqlalchemy import enginefacade
    from ironic_lite import objects

    try:
        check_directories(conf, api=api)
        try:
            log.setup(conf, 'ironic-lite')
        except OSError as e:
            raise command.Failure('cannot write the log (%s): %s' % (
                conf.log_file or conf.log_dir or 'syslog', e))
        check_key_file()
        objects.register_all()
        _check_schema(connect(conf, enginefacade.get_engine))
    except (command.Failure, exception.ConfigError, cfg.Error, OSError) as e:
        command.fail(prog, command.reason(e))
    try:
        rpc.init(conf)
    except Exception as e:
        # oslo.messaging raises errors of its own for a bad transport_url.
        command.fail(prog, 'cannot set up the RPC transport: %s'
                     % command.reason(e))


def _check_schema(engine):
    from ironic_lite.db import migration
    current = migration.current_revision(engine)
    head = migration.head_revision()
    if current == head:
        return
    if current is None or migration.is_known(current):
        raise command.Failure('the database schema is at %s, this release '
                              'needs %s; run "ironic-lite-dbsync upgrade" '
                              'first' % (current, head))
    # A newer release upgraded the schema (expand only): this release runs
    # on it, as during a rolling upgrade or after a rollback.
    LOG.warning('The database schema is at %s, newer than this release\'s '
                '%s (a newer release upgraded it); running on it',
                current, head)


def start_or_fail(prog, start):
    """Call ``start()``; an expected failure is one line and ERROR."""
    from oslo_config import cfg
    from oslo_db import exception as db_exc

    from ironic_lite.common import exception
    try:
        start()
    except (exception.IronicLiteException, cfg.Error, db_exc.DBError) as e:
        command.fail(prog, command.reason(e))
