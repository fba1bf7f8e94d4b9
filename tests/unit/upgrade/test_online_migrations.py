"""update_to_latest_versions: batches, conversions, restartability."""

from ironic_lite.common import context
from ironic_lite.db import api as db_api
from ironic_lite.upgrade import online_migrations
from tests.unit.db import utils


def _versions():
    return db_api.get_instance().get_version_counts('Node')


def test_nothing_to_do(db):
    utils.create_test_node()
    assert online_migrations.update_to_latest_versions(
        context.get_admin_context(), 50) == (0, 0)


def test_converts_old_rows_in_batches(db, conf, next_release):
    conf.config(pin_release_version='1.0')
    for group in ('Rack-A', 'Rack-B', 'rack-c'):
        utils.create_test_node(conductor_group=group)
    assert _versions() == {'1.0': 3}
    conf.config(pin_release_version=None)
    ctx = context.get_admin_context()
    assert online_migrations.update_to_latest_versions(ctx, 2) == (3, 2)
    assert _versions() == {'1.0': 1, '1.2': 2}
    assert online_migrations.update_to_latest_versions(ctx, 2) == (1, 1)
    assert online_migrations.update_to_latest_versions(ctx, 2) == (0, 0)
    groups = sorted(row.conductor_group for row in
                    db_api.get_instance().get_node_list())
    assert groups == ['rack-a', 'rack-b', 'rack-c']


def test_pinned_migration_targets_the_pin(db, conf, next_release):
    conf.config(pin_release_version='1.0')
    utils.create_test_node()
    # Rows already at the pinned version are not "behind".
    assert online_migrations.update_to_latest_versions(
        context.get_admin_context(), 50) == (0, 0)


def test_rows_without_version_are_bumped(db):
    db_api.get_instance().create_node(utils.get_test_node(version=None))
    assert online_migrations.update_to_latest_versions(
        context.get_admin_context(), 50) == (1, 1)
    assert _versions() == {'1.1': 1}
