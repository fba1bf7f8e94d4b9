"""ironic-lite-status upgrade check: where the deployment stands.

Checks, each Success, Warning or Failure: the schema; the previous
release's data (its online data migrations finished, every row in a
version this release reads: what ``ironic-lite-dbsync upgrade`` also
requires); this release's online data migrations, every registered one
with its rows left; the pin of the configuration given; the online
conductors and their releases; the fleet: every live conductor and API
with its release, its pin and where the pin comes from, the finalized
release and the step of the upgrade guide's table. They read the
database with plain SQL, so they run on the previous release's schema
too.

Exit codes (oslo.upgradecheck's): 0 every check passes, nothing left to
do; 1 a warning: an upgrade step is not finished (still pinned, online
data migrations pending); 2 a failure: the next step would break
something (the details say what to run first); 255 the checks could not
run (bad arguments or configuration, unreachable database): one line on
stderr, no table.
"""

import contextlib
import io
import logging
import sys

from oslo_upgradecheck import upgradecheck

from ironic_lite import command

PROG = 'ironic-lite-status'
#: The exit code of a check run that could not happen (oslo.upgradecheck).
CANNOT_RUN = 255
Code = upgradecheck.Code
Result = upgradecheck.Result


class Checks(upgradecheck.UpgradeCommands):
    """The checks; each reads through ``self.connection`` (one
    connection of ``self.engine``)."""

    engine = None
    connection = None

    def _schema(self):
        from ironic_lite.db import migration
        current = migration.current_revision(self.engine)
        head = migration.head_revision()
        if current != head and current and not migration.is_known(current):
            return Result(Code.WARNING, 'the schema is at %s, written by a '
                          'release newer than this one (%s): this release '
                          'runs on it' % (current, head))
        if current != head:
            return Result(Code.FAILURE, 'the schema is at %s, this release '
                          'needs %s: run "ironic-lite-dbsync upgrade"'
                          % (current, head))
        return Result(Code.SUCCESS, 'schema at %s' % head)

    def _previous_release(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import release_mappings
        refusal = checks.upgrade_refusal(self.connection)
        if refusal:
            return Result(Code.FAILURE, refusal)
        return Result(Code.SUCCESS, 'the online data migrations of %s are '
                      'finished and every row is in a version this release '
                      'reads' % (release_mappings.previous_release()
                                 or 'earlier releases'))

    def _online_migrations(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import online_migrations
        from ironic_lite.upgrade import pinning
        left = checks.migrations_left(self.connection)
        listing = ', '.join('%s: %d row(s) left' % item for item in left)
        if not any(rows for _, rows in left):
            return Result(Code.SUCCESS, 'no online data migration pending '
                          '(%s)' % listing)
        older = online_migrations.rows_in_older_versions(self.connection,
                                                         'master')
        if older:
            listing += ' (%s)' % checks.listing(older)
        if pinning.pinned_release():
            return Result(Code.WARNING, 'online data migrations pending: %s, '
                          'as expected while pinned; once no service is '
                          'pinned (explicit pins removed, "ironic-lite-'
                          'dbsync finalize" run), run "ironic-lite-dbsync '
                          'online_data_migrations" until it exits 0'
                          % listing)
        return Result(Code.WARNING, 'online data migrations pending: %s: '
                      'run "ironic-lite-dbsync online_data_migrations" '
                      'until it exits 0' % listing)

    def _pin(self):
        from ironic_lite.upgrade import pinning
        from ironic_lite.upgrade import release_mappings
        pin = pinning.pinned_release()
        source = pinning.pin_source()
        current = release_mappings.CURRENT_RELEASE
        if not pin:
            return Result(Code.SUCCESS, 'not pinned (%s): this release (%s) '
                          'speaks its own versions' % (source, current))
        previous = release_mappings.previous_release()
        if pin != previous:
            return Result(Code.FAILURE, 'pinned to %s (%s) but this release '
                          '(%s) upgrades from %s: %s' % (
                              pin, source, current, previous,
                              'pin to %s' % previous if source == 'config'
                              else 'put %s or %s on every service' % (
                                  previous, current)))
        if source == 'config':
            return Result(Code.WARNING, 'pinned to %s: remove the '
                          'pin once every service runs %s (restart '
                          'conductors first, then APIs); until then you '
                          'can roll back' % (pin, current))
        if source.endswith(' not finalized'):
            return Result(Code.WARNING, 'pinned to %s (%s): every live '
                          'service runs %s; run "ironic-lite-dbsync '
                          'finalize" to let them speak its versions (no way '
                          'back to %s afterwards)' % (pin, source, current,
                                                      pin))
        return Result(Code.WARNING, 'pinned to %s (%s): restart every '
                      'service on %s, then run "ironic-lite-dbsync '
                      'finalize"; until then you can roll back'
                      % (pin, source, current))

    def _fleet(self):
        from ironic_lite import conf as conf_mod
        from ironic_lite.upgrade import fleet
        conf = conf_mod.CONF
        services = fleet.live_services(
            self.connection, conf.conductor.heartbeat_timeout,
            3 * conf.api.fleet_heartbeat_interval)
        step = fleet.step(services)
        listing = '; '.join(
            '%s %s: %s, %s%s' % (
                s.kind, s.name, s.release,
                'pinned to %s' % s.pin if s.pin else 'unpinned',
                ' (%s)' % s.source if s.source else '')
            for s in services) or 'no live service'
        return Result(Code.SUCCESS, 'upgrade step %s; finalized release: '
                      '%s; %s' % (
                          step or 'outside the guide\'s table',
                          fleet.finalized_release(self.connection) or 'none',
                          listing))

    def _conductors(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import release_mappings
        conductors = checks.online_conductors(self.connection)
        previous = release_mappings.previous_release()
        fleet = '; '.join('%s: %s%s' % (host, release,
                                        ' pinned to %s' % pin if pin else '')
                          for host, release, pin in conductors) or 'none'
        if previous:
            floor = release_mappings.version_tuple(previous)
            too_old = [host for host, release, _ in conductors
                       if release_mappings.version_tuple(release) < floor]
            if too_old:
                return Result(Code.FAILURE, 'conductors older than %s are '
                              'online (%s): upgrade them to %s first. '
                              'Fleet: %s' % (previous, ', '.join(too_old),
                                             previous, fleet))
        return Result(Code.SUCCESS, 'online conductors: %s' % fleet)

    _upgrade_checks = (
        ('Database schema', _schema),
        ('Previous release', _previous_release),
        ('Online data migrations', _online_migrations),
        ('Release pin', _pin),
        ('Conductors', _conductors),
        ('Fleet', _fleet),
    )


def _options_first(argv):
    """Allow --config-file/--config-dir after the subcommand as well."""
    front, rest = [], []
    args = iter(argv)
    for arg in args:
        if arg in ('--config-file', '--config-dir'):
            front += [arg, next(args, '')]
        elif arg.startswith(('--config-file=', '--config-dir=')):
            front.append(arg)
        else:
            rest.append(arg)
    return front + rest


def _parse(conf, argv):
    """Parse the command line and the configuration; one line and 255 on
    any problem (argparse's usage text is left out)."""
    from oslo_config import cfg

    from ironic_lite.command import startup
    from ironic_lite.common import exception
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors):
            conf(_options_first(argv), project='ironic-lite', prog=PROG)
        startup.check_config(conf)
        startup.check_directories(conf, key_file=False, state_path=False)
    except (cfg.Error, exception.ConfigError, command.Failure) as e:
        command.fail(PROG, command.reason(e), CANNOT_RUN)
    except SystemExit as e:
        if not e.code:
            raise
        lines = errors.getvalue().strip().splitlines()
        message = lines[-1] if lines else 'bad arguments'
        command.fail(PROG, message.split(': error: ', 1)[-1], CANNOT_RUN)


def main(argv=None):
    from ironic_lite.command import startup
    import ironic_lite.conf
    from ironic_lite.db.sqlalchemy import enginefacade
    # Retries of the database driver would come on top of the table, or
    # of the one line of an error (oslo.log puts a console handler on the
    # root logger when its options are registered).
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(logging.NullHandler())
    conf = ironic_lite.conf.CONF
    checks = Checks()
    upgradecheck.register_cli_options(conf, checks)
    _parse(conf, sys.argv[1:] if argv is None else argv)
    upgradecheck.CONF = conf  # read by its --json output
    try:
        engine = startup.connect(conf, enginefacade.get_engine)
        checks.engine = engine
        with engine.connect() as connection:
            checks.connection = connection
            return conf.command.action_fn()
    except command.Failure as e:
        command.fail(PROG, e, CANNOT_RUN)
    except Exception as e:
        command.fail(PROG, 'the checks could not run: %s'
                     % command.reason(e), CANNOT_RUN)
