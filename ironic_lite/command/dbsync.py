"""ironic-lite-dbsync: schema and data migrations.

Exit codes: 0 success (for online_data_migrations: nothing left), 1 an
error or, for online_data_migrations, batches remain; 127 bad arguments.
"""

import argparse
import sys

PROG = 'ironic-lite-dbsync'
BAD_ARGUMENTS = 127


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        from ironic_lite import command
        command.fail(PROG, message, BAD_ARGUMENTS)


def _parser():
    parser = _Parser(prog=PROG, description='ironic-lite database tool')
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    commands = parser.add_subparsers(dest='command', required=True,
                                     metavar='COMMAND', parser_class=_Parser)
    up = commands.add_parser(
        'upgrade', help='Upgrade the schema to this release (expand only; '
                        'services of the previous release keep running).')
    up.add_argument('--revision', default='head')
    commands.add_parser('version',
                        help='Print the schema revision of the database.')
    commands.add_parser('create_schema',
                        help='Create the schema of an empty database.')
    online = commands.add_parser(
        'online_data_migrations',
        help='Run the online data migrations in batches.')
    online.add_argument('--max-count', type=int, metavar='N',
                        help='Migrate at most N rows, then stop (exit 1 if '
                             'more remain). Default: run until done.')
    online.add_argument('--option', action='append', default=[],
                        metavar='NAME.KEY=VALUE',
                        help='An option for one migration.')
    return parser


def _engine(conf):
    import sqlalchemy as sa

    from ironic_lite import command
    url = conf.database.connection
    try:
        engine = sa.create_engine(url)
        with engine.connect():
            pass
    except sa.exc.ArgumentError as e:
        command.fail(PROG, 'invalid [database]connection: %s' % e)
    except (sa.exc.SQLAlchemyError, ImportError) as e:
        reason = str(getattr(e, 'orig', None) or e).strip().splitlines()[0]
        command.fail(PROG, 'cannot connect to the database %s: %s'
                     % (sa.engine.make_url(url).render_as_string(
                         hide_password=True), reason))
    return engine


def do_version(conf):
    from ironic_lite.db import migration
    print(migration.current_revision(_engine(conf)) or 'None')


def do_upgrade(conf, revision):
    from ironic_lite import command
    from ironic_lite.db import migration
    from ironic_lite.upgrade import checks

    engine = _engine(conf)
    with engine.connect() as connection:
        unreadable = checks.unreadable_rows(connection)
    if unreadable:
        rows = ', '.join('%d %s row(s) in version %s' % (count, table, ver)
                         for table, ver, count in unreadable)
        command.fail(PROG, 'the database holds data this release cannot '
                     'read (%s); run "ironic-lite-dbsync '
                     'online_data_migrations" with the previous release '
                     'until it reports nothing left, then upgrade' % rows)
    migration.upgrade(engine, revision)
    print('Database upgraded to %s' % migration.current_revision(engine))


def do_create_schema(conf):
    from ironic_lite import command
    from ironic_lite.db import migration

    engine = _engine(conf)
    if migration.current_revision(engine) is not None:
        command.fail(PROG, 'the database already has a schema; use '
                     '"upgrade" instead')
    migration.create_schema(engine)
    print('Schema created at %s' % migration.current_revision(engine))


def _migration_options(raw, known):
    from ironic_lite import command
    options = {name: {} for name in known}
    for item in raw:
        name, dot, rest = item.partition('.')
        key, eq, value = rest.partition('=')
        if not (dot and eq and key):
            command.fail(PROG, '--option must look like NAME.KEY=VALUE, '
                         'got %r' % item, BAD_ARGUMENTS)
        if name not in options:
            command.fail(PROG, 'unknown migration %r in --option (known: %s)'
                         % (name, ', '.join(known)), BAD_ARGUMENTS)
        options[name][key] = value
    return options


def _print_table(results):
    rows = [('Migration', 'Total Needed', 'Completed')]
    rows += [(name, str(total), str(done))
             for name, (total, done) in results.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'
    print(rule)
    for index, row in enumerate(rows):
        print('| ' + ' | '.join(cell.ljust(w) for cell, w in zip(row, widths))
              + ' |')
        if index == 0:
            print(rule)
    print(rule)


def do_online_data_migrations(conf, max_count, raw_options):
    """Run each migration in batches; returns the exit code."""
    from ironic_lite import command
    from ironic_lite.common import context
    from ironic_lite.upgrade import online_migrations

    if max_count is not None and max_count < 1:
        command.fail(PROG, '--max-count must be a positive number',
                     BAD_ARGUMENTS)
    options = _migration_options(raw_options, online_migrations.names())
    _engine(conf).dispose()  # fail early, in one line, when unreachable
    ctx = context.get_admin_context()
    batch = max_count or 50
    results = {}
    left = max_count
    while True:
        done_this_round = 0
        for name, migrate in online_migrations.ONLINE_MIGRATIONS:
            if left is not None and left <= 0:
                break
            try:
                total, done = migrate(ctx, min(batch, left or batch),
                                      **options[name])
            except TypeError as e:
                command.fail(PROG, 'bad --option for %s: %s' % (name, e),
                             BAD_ARGUMENTS)
            before = results.get(name, (None, 0))
            results[name] = (before[0] if before[0] is not None else total,
                             before[1] + done)
            done_this_round += done
            if left is not None:
                left -= done
        if not done_this_round or (left is not None and left <= 0):
            break
    _print_table(results)
    remaining = sum(total for total, _ in
                    (m(ctx, 0, **options[n])
                     for n, m in online_migrations.ONLINE_MIGRATIONS))
    if remaining:
        print('%d row(s) still need migrating; run this command again.'
              % remaining)
        return 1
    print('All online data migrations are done.')
    return 0


def main(argv=None):
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    from ironic_lite import command
    conf = command.parse_config(PROG, args.config_file, args.config_dir)
    if args.command == 'version':
        return do_version(conf)
    if args.command == 'upgrade':
        return do_upgrade(conf, args.revision)
    if args.command == 'create_schema':
        return do_create_schema(conf)
    sys.exit(do_online_data_migrations(conf, args.max_count, args.option))
