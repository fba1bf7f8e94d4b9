"""Checks that tell an operator whether the next upgrade step is safe.

Used by ``ironic-lite-dbsync upgrade`` (before touching the schema) and by
``ironic-lite-status upgrade check``. They read the database with plain
SQL on the connection they are given, so they work on the schema of the
previous release too.
"""

import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import models
from ironic_lite.upgrade import online_migrations
from ironic_lite.upgrade import release_mappings


def readable_versions():
    """{object name: versions this code reads}: every version listed for it
    by a release this code supports upgrading from, and its own."""
    readable = {}
    for entry in release_mappings.RELEASE_MAPPING.values():
        for obj_name, versions in entry['objects'].items():
            readable.setdefault(obj_name, set()).update(versions)
    return readable


def unreadable_rows(connection):
    """Rows this code could not read: [(table, version, count)].

    A row with no version counts as unreadable: nothing says what wrote it.
    """
    readable = readable_versions()
    problems = []
    for obj_name, model in sorted(models.VERSIONED_MODELS.items()):
        counts = online_migrations.version_counts(connection,
                                                  model.__tablename__)
        for version, count in sorted(counts.items(), key=lambda i: str(i[0])):
            if version not in readable.get(obj_name, ()):
                problems.append((model.__tablename__, version, count))
    return problems


def listing(rows):
    """'nodes 1.0: 2, ports 1.0: 1' for [(table, version, rows)]."""
    return ', '.join('%s %s: %d' % row for row in rows)


def upgrade_refusal(connection):
    """Why this release's schema upgrade must not run yet, or None.

    It must not while a migration of the previous release has rows left
    (its services may still be writing them and this release may not read
    them), or while rows are in versions this release cannot read. The
    answer names the migrations and the command to run; both
    ``ironic-lite-dbsync upgrade`` and ``ironic-lite-status`` give it.
    """
    unfinished = online_migrations.previous_release_unfinished(connection)
    unreadable = unreadable_rows(connection)
    if unfinished:
        release = unfinished[0][1]
        return ('the online data migrations of release %s are not finished '
                '(%s%s); run "ironic-lite-dbsync online_data_migrations" '
                'with release %s until it exits 0, then upgrade'
                % (release, ', '.join('%s: %d row(s) left' % (name, rows)
                                      for name, _, rows in unfinished),
                   '; rows: %s' % listing(unreadable) if unreadable else '',
                   release))
    if unreadable:
        return ('the database holds rows this release cannot read (%s); '
                'run "ironic-lite-dbsync online_data_migrations" with the '
                'release that wrote them until it exits 0, then upgrade'
                % listing(unreadable))
    return None


def migrations_left(connection, release='master'):
    """[(name, rows left)] of every registered online migration, for the
    run of ``release`` (``'master'``: this code unpinned)."""
    return [(migration.name, migration.count(connection, release))
            for migration in online_migrations.ONLINE_MIGRATIONS]


#: What a conductor that records no release runs: the release before the
#: conductors table had the column.
RELEASE_BEFORE_RECORDING = '1.0'


def online_conductors(connection):
    """[(hostname, release, pin)] of the conductors marked online."""
    columns = {c['name'] for c in sa.inspect(connection).get_columns(
        'conductors')}
    table = sa.table('conductors', *(sa.column(name) for name in columns))
    query = sa.select(table).where(table.c.online == sa.true())
    result = []
    for row in connection.execute(query).mappings():
        result.append((row['hostname'],
                       row.get('release_version') or
                       RELEASE_BEFORE_RECORDING,
                       row.get('pin_release_version')))
    return sorted(result)
