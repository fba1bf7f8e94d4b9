"""Checks that tell an operator whether the next upgrade step is safe.

Used by ``ironic-lite-dbsync upgrade`` (before touching the schema) and by
``ironic-lite-status upgrade check``. They read the database with plain
SQL on the connection they are given, so they work on the schema of the
previous release too.
"""

import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import models
from ironic_lite.upgrade import release_mappings


def readable_versions():
    """{object name: versions this code reads}: every version listed for it
    by a release this code supports upgrading from, and its own."""
    readable = {}
    for entry in release_mappings.RELEASE_MAPPING.values():
        for obj_name, versions in entry['objects'].items():
            readable.setdefault(obj_name, set()).update(versions)
    return readable


def _version_counts(connection, table_name):
    table = sa.table(table_name, sa.column('version'))
    query = sa.select(table.c.version, sa.func.count()).group_by(
        table.c.version)
    return dict(connection.execute(query).all())


def unreadable_rows(connection):
    """Rows this code could not read: [(table, version, count)].

    A row with no version counts as unreadable: nothing says what wrote it.
    """
    existing = set(sa.inspect(connection).get_table_names())
    readable = readable_versions()
    problems = []
    for obj_name, model in sorted(models.VERSIONED_MODELS.items()):
        if model.__tablename__ not in existing:
            continue
        counts = _version_counts(connection, model.__tablename__)
        for version, count in sorted(counts.items(), key=lambda i: str(i[0])):
            if version not in readable.get(obj_name, ()):
                problems.append((model.__tablename__, version, count))
    return problems


def rows_behind(connection):
    """Rows not yet in the version this code writes unpinned:
    [(table, version, count)] (online_data_migrations moves them)."""
    latest = {name: versions[0] for name, versions in
              release_mappings.RELEASE_MAPPING['master']['objects'].items()}
    existing = set(sa.inspect(connection).get_table_names())
    behind = []
    for obj_name, model in sorted(models.VERSIONED_MODELS.items()):
        if model.__tablename__ not in existing:
            continue
        counts = _version_counts(connection, model.__tablename__)
        for version, count in sorted(counts.items(), key=lambda i: str(i[0])):
            if version != latest[obj_name]:
                behind.append((model.__tablename__, version, count))
    return behind


def previous_release():
    """The newest named release older than this code (None if none)."""
    current = release_mappings.version_tuple(
        release_mappings.CURRENT_RELEASE)
    older = [name for name in release_mappings.pin_choices()
             if release_mappings.version_tuple(name) < current]
    return older[-1] if older else None


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
