"""Release 2.0's Node 1.1: new fields and BMC passwords encrypted at rest,
across the pin and the online migration."""

from ironic_lite.common import context
from ironic_lite.db import api as db_api
from ironic_lite import objects
from ironic_lite.upgrade import online_migrations
from ironic_lite.upgrade import release_mappings
from tests.unit.db import utils

INFO = {'ipmi_address': '10.1.0.7', 'ipmi_password': 's3cret'}


def _row(node):
    return db_api.get_instance().get_node(node.uuid)


def _ctx():
    return context.get_admin_context()


def test_unpinned_write_encrypts_passwords(db):
    node = utils.create_test_node(driver_info=INFO, description='rack 2')
    row = _row(node)
    assert row.version == objects.Node.VERSION
    assert row.driver_info['ipmi_address'] == '10.1.0.7'
    assert row.driver_info['ipmi_password'].startswith('fernet:')
    assert 's3cret' not in str(row.driver_info)
    loaded = objects.Node.get(_ctx(), node.uuid)
    assert loaded.driver_info == INFO
    assert loaded.description == 'rack 2'
    assert not loaded.obj_what_changed()


def test_pinned_write_keeps_the_1_0_form(db, conf):
    conf.config(pin_release_version='1.0')
    node = utils.create_test_node(driver_info=INFO, description='rack 2')
    row = _row(node)
    assert (row.version, row.driver_info, row.description) == (
        '1.0', INFO, None)


def test_pinned_save_of_a_1_1_row_writes_it_back_in_clear(db, conf):
    node = utils.create_test_node(driver_info=INFO, owner='team-a')
    conf.config(pin_release_version='1.0')
    loaded = objects.Node.get(_ctx(), node.uuid)
    loaded.extra = {'rack': 1}
    loaded.save()
    row = _row(node)
    # Release 1.0 code can read it again; the column 1.0 does not know is
    # left as it was.
    assert (row.version, row.driver_info, row.owner) == ('1.0', INFO,
                                                         'team-a')
    conf.config(pin_release_version=None)
    assert objects.Node.get(_ctx(), node.uuid).owner == 'team-a'


def test_online_migration_encrypts_old_rows_in_batches(db, conf):
    conf.config(pin_release_version='1.0')
    nodes = [utils.create_test_node(driver_info=INFO) for _ in range(3)]
    conf.config(pin_release_version=None)
    assert online_migrations.update_to_latest_versions(_ctx(), 2) == (3, 2)
    assert online_migrations.update_to_latest_versions(_ctx(), 2) == (1, 1)
    assert online_migrations.update_to_latest_versions(_ctx(), 2) == (0, 0)
    for node in nodes:
        row = _row(node)
        assert row.version == objects.Node.VERSION
        assert row.driver_info['ipmi_password'].startswith('fernet:')
        assert objects.Node.get(_ctx(), node.uuid).driver_info == INFO


def test_conductor_records_its_release_and_pin_even_pinned(db, conf):
    conf.config(pin_release_version='1.0')
    conductor = objects.Conductor.register(_ctx(), 'c1', ['fake-hardware'])
    row = db_api.get_instance().get_conductor('c1')
    assert (row.version, row.release_version, row.pin_release_version) == (
        '1.0', release_mappings.CURRENT_RELEASE, '1.0')
    assert conductor.hostname == 'c1'
