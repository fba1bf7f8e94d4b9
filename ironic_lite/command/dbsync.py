"""ironic-lite-dbsync: schema and data migrations.

Commands: ``upgrade [--revision R]``, ``version``, ``create_schema``,
``finalize``, ``online_data_migrations [--max-count N] [--option
NAME.KEY=VALUE]``.

``finalize`` records that the deployment is done with the previous
release: services on ``[DEFAULT]pin_release_version = auto`` then speak
this release's versions within ``[DEFAULT]pin_refresh_interval``, and the
previous release can no longer be put back. It refuses (one line naming
what is still old, exit 2, nothing recorded) while a live conductor or API
runs an older release, or what ``upgrade`` refuses for holds.

``upgrade`` refuses (one line naming the migrations and the command to
run) while an online data migration of the previous release has rows
left, or rows are in object versions this release cannot read.

``online_data_migrations`` runs every registered migration
(:mod:`ironic_lite.upgrade.online_migrations`) in order, each in batches
until it has nothing left; ``--max-count N`` (N >= 1) stops after N rows
in all, and without it the command runs until done. It prints a table of
every migration (rows it found, migrated, left) and exits 0 when nothing
is left, 1 when rows are left and this run migrated some (run it again),
2 when a migration failed (one line naming it) or rows are left that the
run could not move. ``--option`` values reach the migration named as
string keyword arguments; an unknown migration or key is refused before
any migration runs.

Exit codes (the scheme of :mod:`ironic_lite.command`): 0 success (for
online_data_migrations: nothing left); 1 online_data_migrations has rows
left, run it again; 2 an error (configuration, database, a migration
failed, an upgrade refused); 127 bad arguments.
"""

import sys

from ironic_lite import command

PROG = 'ironic-lite-dbsync'
#: Rows one call of a migration handles when --max-count does not say.
BATCH = 50


def _positive(text):
    import argparse
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError('invalid int value: %r' % text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            'must be a positive number (leave it out to migrate '
            'everything), got %r' % text)
    return value


def _parser():
    parser = command.ArgumentParser(prog=PROG,
                                    description='ironic-lite database tool')
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    commands = parser.add_subparsers(dest='command', required=True,
                                     metavar='COMMAND',
                                     parser_class=command.ArgumentParser)
    up = commands.add_parser(
        'upgrade', help='Upgrade the schema to this release (expand only; '
                        'services of the previous release keep running).')
    up.add_argument('--revision', default='head')
    commands.add_parser('version',
                        help='Print the schema revision of the database.')
    commands.add_parser('create_schema',
                        help='Create the schema of an empty database.')
    commands.add_parser(
        'finalize',
        help='Let the services on pin_release_version = auto speak this '
             'release\'s versions (no way back to the previous release '
             'afterwards); refused while an older service is live.')
    online = commands.add_parser(
        'online_data_migrations',
        help='Run the online data migrations in batches.')
    online.add_argument('--max-count', type=_positive, metavar='N',
                        help='Migrate at most N rows in all, then stop '
                             '(exit 1 if some are left). Default: run '
                             'until done.')
    online.add_argument('--option', action='append', default=[],
                        metavar='NAME.KEY=VALUE',
                        help='An option for one migration.')
    return parser


def _engine(conf):
    """A plain engine on [database]connection that has connected once
    (no retries: an operator runs this command and sees the answer)."""
    import sqlalchemy as sa

    from ironic_lite.command import startup
    try:
        startup.check_directories(conf, key_file=False, state_path=False)
        return startup.connect(conf,
                               lambda: sa.create_engine(
                                   conf.database.connection))
    except command.Failure as e:
        command.fail(PROG, e)


def do_version(conf):
    from ironic_lite.db import migration
    print(migration.current_revision(_engine(conf)) or 'None')


def do_upgrade(conf, revision):
    from ironic_lite.db import migration
    from ironic_lite.upgrade import checks

    engine = _engine(conf)
    with engine.connect() as connection:
        refusal = checks.upgrade_refusal(connection)
    if refusal:
        command.fail(PROG, refusal)
    migration.upgrade(engine, revision)
    print('Database upgraded to %s' % migration.current_revision(engine))


def do_create_schema(conf):
    from ironic_lite.db import migration

    engine = _engine(conf)
    if migration.current_revision(engine) is not None:
        command.fail(PROG, 'the database already has a schema; use '
                     '"upgrade" instead')
    migration.create_schema(engine)
    print('Schema created at %s' % migration.current_revision(engine))


def do_finalize(conf):
    from ironic_lite.db import migration
    from ironic_lite.upgrade import fleet
    from ironic_lite.upgrade import release_mappings

    engine = _engine(conf)
    current = release_mappings.CURRENT_RELEASE
    revision = migration.current_revision(engine)
    head = migration.head_revision()
    if revision != head:
        command.fail(PROG, 'the schema is at %s, release %s needs %s: run '
                     '"ironic-lite-dbsync upgrade" first'
                     % (revision, current, head))
    with engine.begin() as connection:
        finalized = fleet.finalized_release(connection)
        if finalized and not fleet.is_older(finalized, current):
            print('Release %s is finalized already' % finalized)
            return
        services = fleet.live_services(
            connection, conf.conductor.heartbeat_timeout,
            3 * conf.api.fleet_heartbeat_interval)
        refusal = fleet.finalize_refusal(connection, services)
        if refusal:
            command.fail(PROG, 'cannot finalize %s: %s' % (current, refusal))
        fleet.record_finalized(connection, current)
    print('Release %s finalized: the services on pin_release_version = '
          'auto speak its versions within %d s' % (
              current, conf.pin_refresh_interval))


def _migration_options(raw, registry):
    """{migration name: {key: value}} from ``--option`` values; exits 127
    on a malformed one, an unknown migration or a key it does not take."""
    known = {migration.name: migration.options() for migration in registry}
    options = {name: {} for name in known}
    for item in raw:
        name, dot, rest = item.partition('.')
        key, eq, value = rest.partition('=')
        if not (dot and eq and key):
            command.fail(PROG, '--option must look like NAME.KEY=VALUE, '
                         'got %r' % item, command.BAD_ARGUMENTS)
        if name not in options:
            command.fail(PROG, 'unknown migration %r in --option (known: %s)'
                         % (name, ', '.join(known)), command.BAD_ARGUMENTS)
        if key not in known[name]:
            command.fail(PROG, 'migration %s takes no option %r (it takes: '
                         '%s)' % (name, key, ', '.join(known[name]) or
                                  'none'), command.BAD_ARGUMENTS)
        options[name][key] = value
    return options


def _print_table(rows):
    rows = [('Migration', 'Release', 'Total Needed', 'Completed', 'Left')
            ] + [tuple(str(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'
    print(rule)
    for index, row in enumerate(rows):
        print('| ' + ' | '.join(cell.ljust(w) for cell, w in zip(row, widths))
              + ' |')
        if index == 0:
            print(rule)
    print(rule)


def _run_one(ctx, migration, options, budget):
    """Run ``migration`` in batches until it has nothing left, stops
    making progress, or ``budget`` rows (None: no limit) are used.
    :returns: (rows needed at the start, None when it was not called for
    want of budget; rows migrated)."""
    first_total = None
    migrated = 0
    while budget is None or migrated < budget:
        batch = BATCH if budget is None else min(BATCH, budget - migrated)
        total, done = migration.migrate(ctx, batch, **options)
        if first_total is None:
            first_total = total
        migrated += done
        if not done or done >= total:
            break
    return first_total, migrated


def do_online_data_migrations(conf, max_count, raw_options):
    """Run each migration in batches; returns the exit code."""
    from ironic_lite.command import startup
    from ironic_lite.common import context
    from ironic_lite.upgrade import online_migrations
    from ironic_lite.upgrade import pinning

    registry = online_migrations.ONLINE_MIGRATIONS
    options = _migration_options(raw_options, registry)
    engine = _engine(conf)
    from ironic_lite.db import migration as schema
    if schema.current_revision(engine) is None:
        command.fail(PROG, 'the database has no schema; run '
                     '"ironic-lite-dbsync upgrade" first')
    try:
        # Node 1.0 -> 1.1 encrypts passwords with the services' key.
        startup.check_directories(conf, state_path=False)
        startup.check_key_file()
    except Exception as e:
        command.fail(PROG, command.reason(e))
    ctx = context.get_admin_context()
    release = pinning.pinned_release() or 'master'
    rows, left_budget, moved_any = [], max_count, False
    for migration in registry:
        try:
            total, done = _run_one(ctx, migration, options[migration.name],
                                   left_budget)
            with engine.connect() as connection:
                left = migration.count(connection, release)
        except Exception as e:
            _print_table(rows)
            command.fail(PROG, 'online data migration %s failed: %s'
                         % (migration.name, command.reason(e)))
        rows.append((migration.name, migration.release,
                     left if total is None else total, done, left))
        moved_any = moved_any or bool(done)
        if left_budget is not None:
            left_budget -= done
    _print_table(rows)
    remaining = sum(row[-1] for row in rows)
    if not remaining:
        print('All online data migrations are done.')
        return command.SUCCESS
    if moved_any:
        print('%d row(s) still need migrating; run this command again.'
              % remaining)
        return command.UNFINISHED
    command.fail(PROG, '%d row(s) are left that the online data migrations '
                 'could not move (%s); see the log of this command and of '
                 'the services' % (remaining, ', '.join(
                     '%s: %d' % (row[0], row[-1]) for row in rows
                     if row[-1])))


def main(argv=None):
    from ironic_lite.command import startup
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    command.log_to_stdout()
    conf = startup.parse_config(PROG, args.config_file, args.config_dir)
    try:
        if args.command == 'version':
            return do_version(conf)
        if args.command == 'upgrade':
            return do_upgrade(conf, args.revision)
        if args.command == 'create_schema':
            return do_create_schema(conf)
        if args.command == 'finalize':
            return do_finalize(conf)
        sys.exit(do_online_data_migrations(conf, args.max_count,
                                           args.option))
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as e:
        # Anything else (the database gone in the middle, a migration
        # script failing) is still one line, and an error.
        command.fail(PROG, command.reason(e))
