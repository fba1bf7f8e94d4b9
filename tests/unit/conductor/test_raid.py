"""RAID through the conductor's RPC 1.5 methods, in-process: the target
is checked by the node's RAID interface and stored under its lock; the
logical disk properties come from a driver's default RAID interface."""

from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from ironic_lite.drivers import raid
from ironic_lite import objects
from tests.unit.db import utils

TARGET = {'logical_disks': [
    {'size_gb': 100, 'raid_level': '1', 'is_root_volume': True},
    {'size_gb': 'MAX', 'raid_level': '5', 'controller': 'c0',
     'physical_disks': ['d1', 'd2', 'd3']}]}


def test_set_stores_the_target_and_empty_clears_it(ctx, api):
    node = utils.create_test_node()
    api.set_target_raid_config(ctx, node.uuid, TARGET)
    stored = objects.Node.get(ctx, node.uuid)
    assert stored.target_raid_config == TARGET
    assert stored.raid_config == {}
    assert stored.reservation is None
    api.set_target_raid_config(ctx, node.uuid, {})
    assert objects.Node.get(ctx, node.uuid).target_raid_config == {}


def test_set_takes_the_nodes_lock(ctx, api):
    node = utils.create_test_node()
    objects.Node.reserve(ctx, 'other-host', node.id)
    with pytest.raises(exception.NodeLocked):
        api.set_target_raid_config(ctx, node.uuid, TARGET)
    objects.Node.release(ctx, 'other-host', node.id)
    assert objects.Node.get(ctx, node.uuid).target_raid_config == {}


@pytest.mark.parametrize('config, words', [
    ({'logical_disks': []}, 'should be non-empty'),
    ({'logical_disks': [{'size_gb': 1}]}, "'raid_level' is a required"),
    ({'logical_disks': [{'size_gb': -1, 'raid_level': '1'}]},
     'logical_disks/0/size_gb'),
    ({'logical_disks': [{'size_gb': 'ALL', 'raid_level': '1'}]},
     'logical_disks/0/size_gb'),
    ({'logical_disks': [{'size_gb': 1, 'raid_level': '1',
                         'physical_disks': ['d1']}]},
     "'controller' is a dependency"),
    ({'logical_disks': [{'size_gb': 1, 'raid_level': '1'}], 'x': 1},
     "('x' was unexpected)"),
    ({'logical_disks': [{'size_gb': 1, 'raid_level': '1',
                         'is_root_volume': True},
                        {'size_gb': 2, 'raid_level': '0',
                         'is_root_volume': True}]},
     '2 logical disks are root volumes'),
])
def test_set_refuses_what_the_schema_does_not_allow(ctx, api, config,
                                                    words):
    node = utils.create_test_node(target_raid_config=TARGET)
    with pytest.raises(exception.InvalidParameterValue) as e:
        api.set_target_raid_config(ctx, node.uuid, config)
    assert str(e.value).startswith('RAID config validation error: ')
    assert words in str(e.value)
    assert objects.Node.get(ctx, node.uuid).target_raid_config == TARGET


def test_a_long_value_is_cut_in_the_message(ctx, api):
    node = utils.create_test_node()
    with pytest.raises(exception.InvalidParameterValue) as e:
        api.set_target_raid_config(ctx, node.uuid, {'logical_disks': [
            {'size_gb': 1, 'raid_level': 'x' * 5000}]})
    assert len(str(e.value)) < 300


def test_no_raid_refuses_a_target_but_clears_one(ctx, api):
    node = utils.create_test_node(raid_interface='no-raid',
                                  target_raid_config=TARGET)
    with pytest.raises(exception.UnsupportedDriverExtension) as e:
        api.set_target_raid_config(ctx, node.uuid, TARGET)
    assert 'does not support raid' in str(e.value)
    api.set_target_raid_config(ctx, node.uuid, {})
    assert objects.Node.get(ctx, node.uuid).target_raid_config == {}


def test_validate_checks_the_stored_target(ctx, api):
    node = utils.create_test_node(target_raid_config={'logical_disks': []})
    result = api.validate_driver_interfaces(ctx, node.uuid)
    assert result['raid']['result'] is False
    assert 'RAID config validation error' in result['raid']['reason']
    node.target_raid_config = TARGET
    node.save()
    assert api.validate_driver_interfaces(ctx, node.uuid)['raid'] == {
        'result': True}


def test_logical_disk_properties(ctx, api):
    props = api.get_raid_logical_disk_properties(ctx, 'fake-hardware')
    assert props == raid.logical_disk_properties()
    assert sorted(props) == sorted([
        'raid_level', 'size_gb', 'volume_name', 'is_root_volume',
        'share_physical_disks', 'disk_type', 'interface_type',
        'number_of_physical_disks', 'controller', 'physical_disks'])
    # ipmi's default is no-raid, which lists them as Ironic's does.
    assert api.get_raid_logical_disk_properties(ctx, 'ipmi') == props
    with pytest.raises(exception.DriverNotFound):
        api.get_raid_logical_disk_properties(ctx, 'nope')


@pytest.mark.parametrize('pin, version', [(None, '2.0'), ('1.0', '1.5')])
def test_the_methods_are_rpc_1_5_pinned_or_not(ctx, conf, pin, version):
    """Pinned below 1.5, the all-in-one's own conductor (this code) still
    gets the calls, at 1.5; unpinned at 2.0."""
    conf.config(rpc_transport='none', pin_release_version=pin)
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        api = rpcapi.ConductorAPI()
        api.set_target_raid_config(ctx, 'n1', {})
        api.get_raid_logical_disk_properties(ctx, 'fake-hardware')
    assert [(m.message['method'], m.message['version']) for m in sent] == [
        ('set_target_raid_config', version),
        ('get_raid_logical_disk_properties', version)]
