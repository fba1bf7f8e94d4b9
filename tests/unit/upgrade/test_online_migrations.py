"""Online data migrations: the registry's contract, and
update_to_latest_versions (batches, conversions, restartability)."""

import inspect

import pytest
import sqlalchemy as sa

from ironic_lite.common import context
from ironic_lite.db import api as db_api
from ironic_lite.db import migration as db_migration
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from ironic_lite.upgrade import online_migrations
from ironic_lite.upgrade import release_mappings
from tests.unit.db import utils

REGISTRY = online_migrations.ONLINE_MIGRATIONS


def _versions():
    return db_api.get_instance().get_version_counts('Node')


def _count(migration, release='master'):
    with enginefacade.get_engine().connect() as connection:
        return migration.count(connection, release)


# -- the registry --

def _rows_for_update_to_latest_versions(conf):
    """Rows written by services pinned to the oldest known release."""
    conf.config(pin_release_version=release_mappings.pin_choices()[0])
    for index in range(3):
        utils.create_test_node(driver_info={'ipmi_password': 'p%d' % index})
    objects.Conductor.register(None, 'cond-1', ['fake-hardware'])
    conf.config(pin_release_version=None)


def _rows_for_fill_node_uuid_hash(conf):
    """Nodes as an older release creates them: without uuid_hash."""
    for index in range(3):
        utils.create_test_node()
    with enginefacade.writer() as session:
        session.execute(sa.text('UPDATE nodes SET uuid_hash = NULL'))


#: For every registered migration, a builder of rows that need it.
ROWS_NEEDING = {
    'fill_node_uuid_hash': _rows_for_fill_node_uuid_hash,
    'update_to_latest_versions': _rows_for_update_to_latest_versions,
}


def test_names_are_unique():
    names = online_migrations.names()
    assert len(names) == len(set(names))


def test_update_to_latest_versions_runs_last():
    assert REGISTRY[-1].name == 'update_to_latest_versions'


def test_every_migration_names_a_known_release():
    for migration in REGISTRY:
        assert migration.release in release_mappings.known_releases(), (
            '%s: release %r is neither in the release mapping nor this '
            'code\'s' % (migration.name, migration.release))


def test_every_migration_has_the_documented_signatures():
    for migration in REGISTRY:
        params = list(inspect.signature(migration.migrate).parameters.values())
        assert [p.name for p in params[:2]] == ['context', 'max_count'], (
            migration.name)
        for param in params[2:]:
            assert param.kind is param.KEYWORD_ONLY, (migration.name, param)
            assert param.default is not param.empty, (migration.name, param)
        assert list(inspect.signature(migration.count).parameters) == [
            'connection', 'release'], migration.name


def test_every_migration_has_rows_to_test_it_on():
    assert set(ROWS_NEEDING) == set(online_migrations.names()), (
        'give every registered migration a builder of rows that need it '
        'in ROWS_NEEDING')


@pytest.mark.parametrize('name', online_migrations.names())
def test_one_row_at_a_time_until_done(name, db, conf):
    """max_count is respected; count() tells what is left; the migration
    can stop after any call and be run again until done."""
    migration = dict((m.name, m) for m in REGISTRY)[name]
    ROWS_NEEDING[name](conf)
    left = _count(migration)
    assert left > 0
    ctx = context.get_admin_context()
    for _ in range(left):
        total, migrated = migration.migrate(ctx, 1)
        assert (total, migrated) == (left, 1)
        left -= 1
        assert _count(migration) == left
    assert migration.migrate(ctx, 1) == (0, 0)


@pytest.mark.parametrize('name', online_migrations.names())
@pytest.mark.parametrize('max_count', [0, None])
def test_max_count_zero_or_none_migrates_all(name, max_count, db, conf):
    migration = dict((m.name, m) for m in REGISTRY)[name]
    ROWS_NEEDING[name](conf)
    left = _count(migration)
    assert migration.migrate(context.get_admin_context(), max_count) == (
        left, left)
    assert _count(migration) == 0


def test_count_works_on_the_previous_schema(tmp_path, code_of_2_0):
    """dbsync upgrade and ironic-lite-status count before the schema is
    upgraded: on 1.0's schema, with plain SQL."""
    engine = sa.create_engine('sqlite:///%s/old.sqlite' % tmp_path)
    db_migration.upgrade(engine, '2a1f1c0e3b7d')
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO conductors (hostname, online, version) VALUES "
            "('a', 1, '1.0'), ('b', 1, NULL)"))
    with engine.connect() as conn:
        for migration in REGISTRY:
            assert migration.count(conn, '1.0') >= 0
        versions = REGISTRY[-1]
        assert versions.count(conn, '1.0') == 1
        assert versions.count(conn, 'master') == 2
        assert online_migrations.previous_release_unfinished(conn) == [
            ('update_to_latest_versions', '1.0', 1)]
    engine.dispose()


def test_options_are_keyword_only_parameters():
    def migrate(context, max_count, *, batch='10', dry='no'):
        return 0, 0
    migration = online_migrations.Migration('m', '2.0', migrate, None)
    assert migration.options() == ['batch', 'dry']
    assert REGISTRY[-1].options() == []


# -- update_to_latest_versions --

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
    assert _versions() == {'1.0': 1, next_release.VERSION: 2}
    assert online_migrations.update_to_latest_versions(ctx, 2) == (1, 1)
    assert online_migrations.update_to_latest_versions(ctx, 2) == (0, 0)
    groups = sorted(row.conductor_group for row in
                    db_api.get_instance().get_node_list())
    assert groups == ['rack-a', 'rack-b', 'rack-c']


def test_pinned_migration_targets_the_pin(db, conf, next_release):
    conf.config(pin_release_version='1.0')
    utils.create_test_node()
    # Rows already at the pinned version are not older than the target.
    assert online_migrations.update_to_latest_versions(
        context.get_admin_context(), 50) == (0, 0)


def test_rows_without_version_are_bumped(db):
    db_api.get_instance().create_node(utils.get_test_node(version=None))
    assert online_migrations.update_to_latest_versions(
        context.get_admin_context(), 50) == (1, 1)
    assert _versions() == {objects.Node.VERSION: 1}


def test_passwords_are_encrypted_once_across_interruptions(db, conf):
    _rows_for_update_to_latest_versions(conf)
    ctx = context.get_admin_context()
    online_migrations.update_to_latest_versions(ctx, 2)
    online_migrations.update_to_latest_versions(ctx, None)
    rows = db_api.get_instance().get_node_list()
    assert all(row.driver_info['ipmi_password'].startswith('fernet:')
               for row in rows)
    assert sorted(node.driver_info['ipmi_password'] for node in
                  objects.Node.list(ctx)) == ['p0', 'p1', 'p2']


def _pinned_node(conf, **kw):
    conf.config(pin_release_version='1.0')
    node = utils.create_test_node(**kw)
    conf.config(pin_release_version=None)
    return node


def test_a_row_changed_meanwhile_keeps_the_change(db, conf):
    node = _pinned_node(conf, driver_info={'ipmi_password': 'old'})
    dbapi = db_api.get_instance()
    (values, stored), = dbapi.get_rows_at_versions('Node', ['1.0'], 10)
    ctx = context.get_admin_context()
    obj = objects.Node._from_db_object(ctx, objects.Node(),
                                       dict(values, traits=[]))
    changes = obj.do_version_changes_for_db()
    changes.pop('traits', None)
    # A writer of release 1.0 changes the password in between.
    dbapi.update_node(node.id, {'driver_info': {'ipmi_password': 'new'},
                                'version': '1.0'})
    assert dbapi.write_converted_rows('Node', [(node.id, stored,
                                                changes)]) == 0
    row = dbapi.get_node(node.id)
    assert (row.version, row.driver_info) == ('1.0',
                                              {'ipmi_password': 'new'})
    assert online_migrations.update_to_latest_versions(ctx, None) == (1, 1)
    assert objects.Node.get(ctx, node.id).driver_info == {
        'ipmi_password': 'new'}
    assert dbapi.get_node(node.id).driver_info[
        'ipmi_password'].startswith('fernet:')


def test_a_row_locked_by_a_conductor_is_left_for_later(db, conf):
    node = _pinned_node(conf)
    ctx = context.get_admin_context()
    objects.Node.reserve(ctx, 'cond-1', node.uuid)
    assert online_migrations.update_to_latest_versions(ctx, None) == (1, 0)
    assert _versions() == {'1.0': 1}
    objects.Node.release(ctx, 'cond-1', node.uuid)
    assert online_migrations.update_to_latest_versions(ctx, None) == (1, 1)
    assert _versions() == {objects.Node.VERSION: 1}


def test_conversion_pages_past_rows_it_cannot_write(db, conf, monkeypatch):
    """A locked row does not stop the batches after it."""
    monkeypatch.setattr(online_migrations, 'CONVERT_BATCH', 2)
    nodes = [_pinned_node(conf) for _ in range(5)]
    ctx = context.get_admin_context()
    objects.Node.reserve(ctx, 'cond-1', nodes[0].uuid)
    assert online_migrations.update_to_latest_versions(ctx, None) == (5, 4)
    assert _versions() == {'1.0': 1, objects.Node.VERSION: 4}
