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
