"""The SQLAlchemy DB API on SQLite."""

import datetime

from oslo_utils import timeutils
import pytest

from ironic_lite.common import exception
from tests.unit.db import utils


def test_node_create_get_by_uuid_name_id(dbapi):
    row = dbapi.create_node(utils.get_test_node(name='n1'))
    for ident in (row.id, row.uuid, 'n1'):
        assert dbapi.get_node(ident).uuid == row.uuid


def test_node_duplicates_are_conflicts(dbapi):
    node = utils.get_test_node(name='dup')
    dbapi.create_node(node)
    with pytest.raises(exception.NodeAlreadyExists):
        dbapi.create_node(dict(node, name='other'))
    with pytest.raises(exception.DuplicateName):
        dbapi.create_node(utils.get_test_node(name='dup'))


def test_node_not_found(dbapi):
    with pytest.raises(exception.NodeNotFound):
        dbapi.get_node('no-such-node')


def test_update_refuses_uuid(dbapi):
    row = dbapi.create_node(utils.get_test_node())
    with pytest.raises(exception.InvalidParameterValue):
        dbapi.update_node(row.id, {'uuid': row.uuid})


def test_reserve_is_exclusive(dbapi):
    row = dbapi.create_node(utils.get_test_node())
    dbapi.reserve_node('host-a', row.uuid)
    with pytest.raises(exception.NodeLocked, match='host-a'):
        dbapi.reserve_node('host-b', row.uuid)
    with pytest.raises(exception.NodeNotLocked):
        dbapi.release_node('host-b', row.uuid)
    dbapi.release_node('host-a', row.uuid)
    assert dbapi.reserve_node('host-b', row.uuid).reservation == 'host-b'


def test_list_pagination_and_sorting(dbapi):
    rows = [dbapi.create_node(utils.get_test_node(name='n%d' % i))
            for i in range(5)]
    first = dbapi.get_node_list(limit=2)
    assert [r.id for r in first] == [rows[0].id, rows[1].id]
    second = dbapi.get_node_list(limit=2, marker=first[-1].uuid)
    assert [r.id for r in second] == [rows[2].id, rows[3].id]
    desc = dbapi.get_node_list(sort_key='name', sort_dir='desc')
    assert [r.name for r in desc] == ['n4', 'n3', 'n2', 'n1', 'n0']
    with pytest.raises(exception.InvalidParameterValue):
        dbapi.get_node_list(sort_key='no_such_column')


def test_list_filters(dbapi):
    dbapi.create_node(utils.get_test_node(maintenance=True))
    dbapi.create_node(utils.get_test_node(instance_uuid=(
        'f1c8a9d6-5c57-4b0d-9d41-2f8d3cc2a1e7')))
    assert len(dbapi.get_node_list({'maintenance': True})) == 1
    assert len(dbapi.get_node_list({'associated': True})) == 1
    assert len(dbapi.get_node_list({'associated': False})) == 1
    with pytest.raises(exception.InvalidParameterValue):
        dbapi.get_node_list({'colour': 'red'})


def test_traits_replace_add_delete(dbapi):
    row = dbapi.create_node(utils.get_test_node(traits=['CUSTOM_B']))
    assert [t.trait for t in dbapi.get_node(row.id).traits] == ['CUSTOM_B']
    dbapi.set_node_traits(row.id, ['CUSTOM_A', 'CUSTOM_C'], '1.0')
    dbapi.add_node_trait(row.id, 'CUSTOM_D', '1.0')
    dbapi.delete_node_trait(row.id, 'CUSTOM_A')
    assert [t.trait for t in dbapi.get_node_traits_by_node_id(row.id)] == [
        'CUSTOM_C', 'CUSTOM_D']
    with pytest.raises(exception.NodeTraitNotFound):
        dbapi.delete_node_trait(row.id, 'CUSTOM_A')


def test_destroy_node_removes_ports_and_traits(dbapi):
    row = dbapi.create_node(utils.get_test_node(traits=['CUSTOM_X']))
    dbapi.create_port({'address': '52:54:00:00:00:01', 'node_id': row.id})
    dbapi.destroy_node(row.uuid)
    assert dbapi.get_port_list() == []
    with pytest.raises(exception.NodeNotFound):
        dbapi.get_node(row.uuid)


def test_chassis_with_nodes_cannot_be_deleted(dbapi):
    chassis = dbapi.create_chassis({'description': 'rack'})
    dbapi.create_node(utils.get_test_node(chassis_id=chassis.id))
    with pytest.raises(exception.ChassisNotEmpty):
        dbapi.destroy_chassis(chassis.uuid)


def test_port_mac_is_unique(dbapi):
    dbapi.create_port({'address': '52:54:00:00:00:02'})
    with pytest.raises(exception.MACAlreadyExists):
        dbapi.create_port({'address': '52:54:00:00:00:02'})


def test_conductor_register_heartbeat_unregister(dbapi):
    row = dbapi.register_conductor({'hostname': 'c1',
                                    'drivers': ['fake-hardware'],
                                    'version': '1.0'})
    with pytest.raises(exception.ConductorAlreadyRegistered):
        dbapi.register_conductor({'hostname': 'c1'})
    dbapi.register_conductor_hardware_interfaces(row.id, [
        {'hardware_type': 'fake-hardware', 'interface_type': 'power',
         'interface_name': 'fake', 'default': True}])
    assert len(dbapi.get_conductor_hardware_interfaces(row.id)) == 1
    dbapi.touch_conductor('c1')
    dbapi.unregister_conductor('c1')
    # What it served stays (its drivers in /v1/conductors); no reader of
    # what the fleet serves counts an offline conductor.
    assert len(dbapi.get_conductor_hardware_interfaces(row.id)) == 1
    assert dbapi.get_active_hardware_types(None) == {}
    assert dbapi.get_hardware_type_interfaces('fake-hardware', None) == []
    with pytest.raises(exception.ConductorNotFound):
        dbapi.get_conductor('c1')
    assert dbapi.get_conductor('c1', online=False).online is False
    dbapi.register_conductor({'hostname': 'c1'})


def test_unregister_forgets_the_release(dbapi):
    """A conductor of 1.0 registering next under the name writes no
    release: the stopped one's must not stay."""
    dbapi.register_conductor({'hostname': 'c1', 'release_version': '2.0',
                              'pin_release_version': '1.0'})
    dbapi.unregister_conductor('c1')
    dbapi.register_conductor({'hostname': 'c1'})   # as release 1.0 does
    row = dbapi.get_conductor('c1')
    assert (row.release_version, row.pin_release_version) == (None, None)
    assert dbapi.get_conductor_releases() == {'c1': None}


def test_version_counts_and_bump(dbapi):
    for _ in range(3):
        dbapi.create_node(utils.get_test_node(version='1.0'))
    dbapi.create_node(utils.get_test_node(version=None))
    assert dbapi.get_version_counts('Node') == {'1.0': 3, None: 1}
    assert dbapi.bump_versions('Node', ['1.0', None], '1.1', 2) == 2
    counts = dbapi.get_version_counts('Node')
    assert counts.pop('1.1') == 2
    assert sum(counts.values()) == 2


def test_update_node_locked_by_writes_only_under_the_lock(dbapi):
    row = dbapi.create_node(utils.get_test_node())
    dbapi.reserve_node('host-a', row.uuid)
    assert dbapi.update_node(row.id, {'extra': {'k': 1}},
                             locked_by='host-a').extra == {'k': 1}
    with pytest.raises(exception.NodeLockLost, match='host-b'):
        dbapi.update_node(row.id, {'extra': {'k': 2}}, locked_by='host-b')
    dbapi.release_node('host-a', row.uuid)
    with pytest.raises(exception.NodeLockLost):
        dbapi.update_node(row.id, {'extra': {'k': 3}}, locked_by='host-a')
    assert dbapi.get_node(row.id).extra == {'k': 1}


def test_heartbeats_follow_the_database_clock(dbapi):
    utils.register_test_conductor('c1')
    # This host's clock is an hour ahead: heartbeats still carry the
    # database's time, so no other service sees a heartbeat from the
    # future (alive for an hour after a crash) or from the past.
    timeutils.set_time_override(timeutils.utcnow() +
                                datetime.timedelta(hours=1))
    try:
        dbapi.touch_conductor('c1')
        assert dbapi.get_alive_conductors(5) == {'c1'}
    finally:
        timeutils.clear_time_override()
    last = dbapi.get_last_heartbeats(['c1', 'unknown'])
    assert list(last) == ['c1']
    assert abs(last['c1'] - timeutils.utcnow()) < datetime.timedelta(
        seconds=60)
    assert dbapi.get_active_hardware_types(5) == {
        ('fake-hardware', ''): {'c1'}}
    # A heartbeat older than the timeout by the database's clock is stale.
    dbapi.update_conductor('c1', {'updated_at': last['c1'] -
                                  datetime.timedelta(seconds=30)})
    assert dbapi.get_alive_conductors(5) == set()
    assert dbapi.get_active_hardware_types(5) == {}
    assert dbapi.get_active_hardware_types(None) == {
        ('fake-hardware', ''): {'c1'}}


def test_conductor_offline_keeps_heartbeating(dbapi):
    dbapi.register_conductor({'hostname': 'c1', 'online': False})
    assert dbapi.get_conductor('c1', online=False).updated_at is not None
    dbapi.touch_conductor('c1', online=True)
    assert dbapi.get_conductor('c1').online
    dbapi.touch_conductor('c1', online=False)
    assert not dbapi.get_conductor('c1', online=None).online
    assert dbapi.get_alive_conductors(5) == {'c1'}


def test_api_services_follow_the_database_clock(dbapi):
    timeutils.set_time_override(timeutils.utcnow() -
                                datetime.timedelta(hours=1))
    try:
        dbapi.register_api_service('api-1', {'max_version': '1.51'})
    finally:
        timeutils.clear_time_override()
    assert dbapi.get_api_service_maxima(5) == ['1.51']
