"""Online data migrations, run in batches while services run.

The contract of a migration (``tests/unit/upgrade/test_online_migrations.py``
checks every registered one):

* It is a :class:`Migration` in :data:`ONLINE_MIGRATIONS`: a name unique in
  the registry, the release that introduced it (a release of the release
  mapping, or :data:`~.release_mappings.CURRENT_RELEASE` for the code being
  written), ``migrate`` and ``count``. ``update_to_latest_versions`` stays
  last, so the others see rows before their version is bumped.
* ``migrate(context, max_count, **options) -> (total, migrated)``:
  ``total`` rows needed migrating before the call, ``migrated`` of them it
  migrated. It migrates at most ``max_count`` rows; ``max_count`` 0 or None
  means all of them. Options are keyword-only parameters with defaults;
  ``ironic-lite-dbsync online_data_migrations --option NAME.KEY=VALUE``
  passes them as strings, and refuses a key the function does not take
  before any migration runs.
* It can be interrupted at any moment and run again: a row is migrated in
  one transaction, and a migrated row no longer counts.
* ``count(connection, release) -> rows left``, without migrating: how many
  rows the run of this migration by ``release`` (a release name, or
  ``'master'`` for this code) would still migrate. Plain SQL on the
  connection it is given: ``ironic-lite-dbsync upgrade`` and
  ``ironic-lite-status`` call it before the schema is upgraded, so it must
  work on the schema of the previous release (a table or column that is
  not there yet means nothing to migrate).
* An exception it raises is reported as the failure of this migration
  (``ironic-lite-dbsync`` exits 2 naming it); it must not half-write a row.

A migration of the previous release must be finished before this release's
``ironic-lite-dbsync upgrade`` runs (it refuses, naming the migrations
left); so a migration stays registered for the release after the one that
introduced it, and may be dropped after that. ``update_to_latest_versions``
is in every release: for it, the previous release's run is finished when
no row is older than the versions that release writes.
"""

import collections
import inspect

import sqlalchemy as sa

from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import models
from ironic_lite import objects
from ironic_lite.upgrade import release_mappings

#: Rows one transaction of a migration here writes at most: a version
#: bump is one UPDATE of up to this many rows.
BATCH = 1000

#: Rows of a conversion (data changes) read and written in one
#: transaction: fewer, so that its row locks last a fraction of a second.
CONVERT_BATCH = 200


class Migration(collections.namedtuple('Migration',
                                       'name release migrate count')):
    """One registered online data migration (see the module doc)."""

    def options(self):
        """The option names ``migrate`` takes (its keyword-only
        parameters)."""
        return [param.name for param in
                inspect.signature(self.migrate).parameters.values()
                if param.kind is param.KEYWORD_ONLY]


def version_counts(connection, table_name):
    """{version: rows} of a versioned table, with plain SQL ({} when the
    table does not exist yet)."""
    if not sa.inspect(connection).has_table(table_name):
        return {}
    table = sa.table(table_name, sa.column('version'))
    query = sa.select(table.c.version, sa.func.count()).group_by(
        table.c.version)
    return dict(connection.execute(query).all())


def _older(version, target):
    """Whether a row written in ``version`` is older than ``target``. A row
    with no version (written before versions were recorded) or a
    malformed one is older than any."""
    try:
        return (release_mappings.version_tuple(version)
                < release_mappings.version_tuple(target))
    except release_mappings.InvalidVersion:
        return True


def rows_in_older_versions(connection, release):
    """Rows written in object versions older than those ``release`` writes
    (``'master'``: this code unpinned): [(table, version, rows)]."""
    writes = {name: versions[0] for name, versions in
              release_mappings.RELEASE_MAPPING[release]['objects'].items()}
    older = []
    for obj_name, model in sorted(models.VERSIONED_MODELS.items()):
        if obj_name not in writes:
            continue
        counts = version_counts(connection, model.__tablename__)
        for version, rows in sorted(counts.items(), key=lambda i: str(i[0])):
            if _older(version, writes[obj_name]):
                older.append((model.__tablename__, version, rows))
    return older


def _versioned_classes():
    objects.register_all()
    for obj_name in sorted(models.VERSIONED_MODELS):
        yield obj_name, getattr(objects, obj_name)


def _versions_older_than_target(obj_name, cls):
    """{version: rows} of ``obj_name`` older than the version this service
    writes (the pinned release's, or its own)."""
    target = cls.get_target_version()
    return {version: rows for version, rows
            in db_api.get_instance().get_version_counts(obj_name).items()
            if _older(version, target)}


def _update_class(context, obj_name, cls, budget):
    """Move up to ``budget`` rows of one class to its target version;
    returns (rows older before, rows moved)."""
    dbapi = db_api.get_instance()
    older = _versions_older_than_target(obj_name, cls)
    total = sum(older.values())
    target = cls.get_target_version()
    plain = [v for v in older if not cls.converts_data_from(v)]
    rich = [v for v in older if cls.converts_data_from(v)]
    moved = 0
    while plain and budget - moved > 0:
        bumped = dbapi.bump_versions(obj_name, plain, target,
                                     min(BATCH, budget - moved))
        if not bumped:
            break
        moved += bumped
    if rich:
        moved += _convert_rows(context, obj_name, cls, rich, budget - moved)
    return total, moved


def _convert_rows(context, obj_name, cls, versions, budget):
    """Convert up to ``budget`` rows written in ``versions`` (whose data
    changes) to the target version, a batch at a time: read in one query
    (keyset by id), converted as a read and a save would (up to the
    latest version, down to the target: ``cls.stored_changes``, or an
    object per row where only an object can tell), written in one
    transaction guarded against concurrent writers (a row changed or
    locked meanwhile is left for the next run). Returns rows written."""
    dbapi = db_api.get_instance()
    target = cls.get_target_version()
    # Relationships are rows of their own classes, migrated on their own;
    # no conversion looks at them.
    related = dict.fromkeys(cls._db_skip_fields(), [])
    moved = 0
    after = None
    while budget - moved > 0:
        rows = dbapi.get_rows_at_versions(
            obj_name, versions, min(CONVERT_BATCH, budget - moved), after)
        if not rows:
            break
        after = rows[-1][0]['id']
        writes = []
        for values, stored in rows:
            changes = cls.stored_changes(values, target)
            if changes is None:
                obj = cls._from_db_object(context, cls(),
                                          dict(values, **related))
                changes = obj.do_version_changes_for_db()
                for name in related:
                    changes.pop(name, None)
            writes.append((values['id'], stored, changes))
        moved += dbapi.write_converted_rows(obj_name, writes)
    return moved


def update_to_latest_versions(context, max_count):
    """Rewrite rows written in older object versions in the version this
    service writes (the pinned release's while pinned).

    Rows whose conversion changes no stored data only get their
    ``version`` bumped, in one UPDATE per batch; the others (for Node 1.0
    -> 1.1: passwords encrypted) are converted a batch at a time (see
    :func:`_convert_rows`).
    """
    budget = max_count or float('inf')
    total = migrated = 0
    for obj_name, cls in _versioned_classes():
        older, moved = _update_class(context, obj_name, cls,
                                     budget - migrated)
        total += older
        migrated += moved
    return total, migrated


def _count_older_versions(connection, release):
    return sum(rows for _, _, rows in
               rows_in_older_versions(connection, release))


def fill_node_uuid_hash(context, max_count):
    """Record ``nodes.uuid_hash`` (where the hash rings place a node) on
    the nodes an older release created; until then every conductor's
    periodic tasks read them."""
    dbapi = db_api.get_instance()
    total = dbapi.count_nodes_without_uuid_hash()
    budget = min(total, max_count or total)
    moved = 0
    while moved < budget:
        filled = dbapi.fill_node_uuid_hashes(min(BATCH, budget - moved))
        if not filled:
            break
        moved += filled
    return total, moved


def _count_nodes_without_uuid_hash(connection, release):
    inspector = sa.inspect(connection)
    if not inspector.has_table('nodes') or 'uuid_hash' not in {
            column['name'] for column in inspector.get_columns('nodes')}:
        return 0
    table = sa.table('nodes', sa.column('uuid_hash'))
    return connection.execute(sa.select(sa.func.count()).select_from(
        table).where(table.c.uuid_hash.is_(None))).scalar()


#: The registered migrations, in the order they run.
ONLINE_MIGRATIONS = (
    Migration('fill_node_uuid_hash', '3.0', fill_node_uuid_hash,
              _count_nodes_without_uuid_hash),
    Migration('update_to_latest_versions', '1.0', update_to_latest_versions,
              _count_older_versions),
)


def names():
    return [migration.name for migration in ONLINE_MIGRATIONS]


def previous_release_unfinished(connection):
    """Migrations the previous release had to finish before this release's
    schema upgrade, with rows left: [(name, release, rows)] (empty when
    there is no previous release)."""
    previous = release_mappings.previous_release()
    if previous is None:
        return []
    unfinished = []
    for migration in ONLINE_MIGRATIONS:
        if (release_mappings.version_tuple(migration.release)
                > release_mappings.version_tuple(previous)):
            continue
        rows = migration.count(connection, previous)
        if rows:
            unfinished.append((migration.name, previous, rows))
    return unfinished
