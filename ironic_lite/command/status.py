"""ironic-lite-status upgrade check: where the deployment stands.

Exit codes (oslo.upgradecheck): 0 all checks pass, 1 a warning (an
upgrade step is not finished), 2 a failure (a step would break
something), 255 the checks could not run.
"""

import sys

from oslo_upgradecheck import upgradecheck
import sqlalchemy as sa

PROG = 'ironic-lite-status'
Code = upgradecheck.Code
Result = upgradecheck.Result


def _connect():
    from ironic_lite.db.sqlalchemy import enginefacade
    return enginefacade.get_engine().connect()


def _db_error(e):
    reason = str(getattr(e, 'orig', None) or e).strip().splitlines()[0]
    return Result(Code.FAILURE, 'cannot read the database: %s' % reason)


def _listing(rows):
    return ', '.join('%s %s: %d' % row for row in rows)


class Checks(upgradecheck.UpgradeCommands):

    def _schema(self):
        from ironic_lite.db import migration
        from ironic_lite.db.sqlalchemy import enginefacade
        try:
            current = migration.current_revision(enginefacade.get_engine())
        except sa.exc.SQLAlchemyError as e:
            return _db_error(e)
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

    def _object_versions(self):
        from ironic_lite.upgrade import checks
        try:
            with _connect() as conn:
                problems = checks.unreadable_rows(conn)
        except sa.exc.SQLAlchemyError as e:
            return _db_error(e)
        if problems:
            return Result(Code.FAILURE, 'rows this release cannot read '
                          '(%s): finish "ironic-lite-dbsync '
                          'online_data_migrations" with the release that '
                          'wrote them first' % _listing(problems))
        return Result(Code.SUCCESS, 'every row is in a version this '
                                    'release reads')

    def _online_migrations(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import pinning
        try:
            with _connect() as conn:
                behind = checks.rows_behind(conn)
        except sa.exc.SQLAlchemyError as e:
            return _db_error(e)
        if not behind:
            return Result(Code.SUCCESS, 'no online data migration pending')
        if pinning.pinned_release():
            return Result(Code.WARNING, 'rows in older versions (%s), as '
                          'expected while pinned; after removing the pin '
                          'from every service, run "ironic-lite-dbsync '
                          'online_data_migrations" until it exits 0'
                          % _listing(behind))
        return Result(Code.WARNING, 'online data migrations pending (%s): '
                      'run "ironic-lite-dbsync online_data_migrations" '
                      'until it exits 0' % _listing(behind))

    def _pin(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import pinning
        from ironic_lite.upgrade import release_mappings
        pin = pinning.pinned_release()
        if not pin:
            return Result(Code.SUCCESS, 'not pinned: this release (%s) '
                          'speaks its own versions'
                          % release_mappings.CURRENT_RELEASE)
        previous = checks.previous_release()
        if pin != previous:
            return Result(Code.FAILURE, '[DEFAULT]pin_release_version = %s '
                          'but this release (%s) upgrades from %s: pin to %s'
                          % (pin, release_mappings.CURRENT_RELEASE, previous,
                             previous))
        return Result(Code.WARNING, 'pinned to %s: remove the pin once '
                      'every service runs %s (restart conductors first, '
                      'then APIs); until then you can roll back'
                      % (pin, release_mappings.CURRENT_RELEASE))

    def _conductors(self):
        from ironic_lite.upgrade import checks
        from ironic_lite.upgrade import release_mappings
        try:
            with _connect() as conn:
                conductors = checks.online_conductors(conn)
        except sa.exc.SQLAlchemyError as e:
            return _db_error(e)
        previous = checks.previous_release()
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
        ('Object versions', _object_versions),
        ('Online data migrations', _online_migrations),
        ('Release pin', _pin),
        ('Conductors', _conductors),
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


def main(argv=None):
    from oslo_config import cfg

    from ironic_lite import command
    from ironic_lite.common import exception
    import ironic_lite.conf
    from ironic_lite.upgrade import pinning
    conf = ironic_lite.conf.CONF
    upgradecheck.register_cli_options(conf, Checks())
    try:
        conf(_options_first(sys.argv[1:] if argv is None else argv),
             project='ironic-lite', prog=PROG)
        pinning.validate()
    except (cfg.Error, exception.ConfigError) as e:
        command.fail(PROG, str(e).splitlines()[0], 255)
    except SystemExit as e:
        sys.exit(255 if e.code else 0)
    upgradecheck.CONF = conf  # read by its --json output
    return upgradecheck.run(conf)
