"""Online data migrations, run in batches while services run.

Each migration is a function ``(context, max_count, **options) -> (total,
migrated)``: ``total`` rows still needed migrating before the call,
``migrated`` of them it migrated (at most ``max_count``). It must be safe
to interrupt and re-run. ``update_to_latest_versions`` stays last, so the
others see rows before their version is bumped.
"""

from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import models
from ironic_lite import objects
from ironic_lite.upgrade import release_mappings


def _versioned_classes():
    objects.register_all()
    for obj_name in sorted(models.VERSIONED_MODELS):
        yield obj_name, getattr(objects, obj_name)


def rows_behind(obj_name, cls):
    """{version: count} of the rows of ``obj_name`` older than its target."""
    target = release_mappings.version_tuple(cls.get_target_version())
    return {version: count for version, count
            in db_api.get_instance().get_version_counts(obj_name).items()
            if version is None
            or release_mappings.version_tuple(version) < target}


def update_to_latest_versions(context, max_count):
    """Rewrite rows written in older object versions in the target version.

    Rows whose conversion changes no stored data only get their ``version``
    bumped, in one UPDATE per batch; the others are loaded (converting up)
    and saved (converting down to the target) one by one.
    """
    dbapi = db_api.get_instance()
    total = migrated = 0
    for obj_name, cls in _versioned_classes():
        behind = rows_behind(obj_name, cls)
        total += sum(behind.values())
        budget = max_count - migrated
        if not behind or budget <= 0:
            continue
        target = cls.get_target_version()
        plain = [v for v in behind if not cls.converts_data_from(v)]
        if plain:
            migrated += dbapi.bump_versions(obj_name, plain, target, budget)
        budget = max_count - migrated
        rich = [v for v in behind if cls.converts_data_from(v)]
        if rich and budget > 0:
            for row in dbapi.get_rows_at_versions(obj_name, rich, budget):
                obj = cls._from_db_object(context, cls(), row)
                obj.save_as_target_version()
                migrated += 1
    return total, migrated


#: (name, function) in the order they run.
ONLINE_MIGRATIONS = (
    ('update_to_latest_versions', update_to_latest_versions),
)


def names():
    return [name for name, _ in ONLINE_MIGRATIONS]
