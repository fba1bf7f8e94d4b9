"""Volume connectors and targets through the conductor's RPC 1.3 methods,
in-process: node locks, the powered-off rule, ``expected`` values, moves
between nodes, and a client capped below 1.3."""

from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from ironic_lite import objects
from tests.unit.db import utils


def _node(**kw):
    return utils.create_test_node(**kw)


def _connector(ctx, node, **kw):
    return objects.VolumeConnector(
        ctx, **utils.get_test_volume_connector(node_id=node.id, **kw))


def test_create_on_any_node_locks_it(ctx, api):
    node = _node(power_state='power on')
    created = api.create_volume_connector(ctx, _connector(ctx, node))
    assert objects.VolumeConnector.get(ctx, created.uuid).node_id == node.id
    objects.Node.reserve(ctx, 'other-host', node.id)
    with pytest.raises(exception.NodeLocked):
        api.create_volume_target(ctx, objects.VolumeTarget(
            ctx, **utils.get_test_volume_target(node_id=node.id)))


@pytest.mark.parametrize('power_state', [None, 'power on'])
def test_update_and_destroy_need_the_node_powered_off(ctx, api, power_state):
    node = _node(power_state=power_state)
    connector = utils.create_test_volume_connector(node_id=node.id)
    connector.extra = {'a': 1}
    with pytest.raises(exception.NodeNotPoweredOff) as e:
        api.update_volume_connector(ctx, connector, expected={'extra': {}})
    assert str(e.value) == (
        'The requested action "volume connector update" can not be '
        'performed on node "%s" while it is in state "%s".'
        % (node.uuid, power_state))
    with pytest.raises(exception.NodeNotPoweredOff, match='deletion'):
        api.destroy_volume_connector(ctx, connector)
    stored = objects.VolumeConnector.get(ctx, connector.uuid)
    assert stored.extra == {}


def test_update_checks_expected_under_the_lock(ctx, api):
    node = _node(power_state='power off')
    target = utils.create_test_volume_target(node_id=node.id)
    target.boot_index = 4
    api.update_volume_target(ctx, target, expected={'boot_index': 0})
    assert objects.VolumeTarget.get(ctx, target.id).boot_index == 4
    # Another writer changed it since this change was read.
    target.boot_index = 5
    with pytest.raises(exception.ConcurrentUpdate):
        api.update_volume_target(ctx, target, expected={'boot_index': 0})
    assert objects.VolumeTarget.get(ctx, target.id).boot_index == 4


def test_a_move_needs_both_nodes_off_and_both_locks(ctx, api):
    source = _node(power_state='power off')
    dest = _node(power_state='power on')
    connector = utils.create_test_volume_connector(node_id=source.id)
    connector.node_id = dest.id
    expected = {'node_id': source.id}
    with pytest.raises(exception.NodeNotPoweredOff, match=dest.uuid):
        api.update_volume_connector(ctx, connector, expected=expected)
    dest.power_state = 'power off'
    dest.save()
    objects.Node.reserve(ctx, 'other-host', dest.id)
    with pytest.raises(exception.NodeLocked):
        api.update_volume_connector(ctx, connector, expected=expected)
    objects.Node.release(ctx, 'other-host', dest.id)
    api.update_volume_connector(ctx, connector, expected=expected)
    assert objects.VolumeConnector.get(ctx, connector.id).node_id == dest.id
    # Both locks were released.
    assert objects.Node.get(ctx, source.id).reservation is None
    assert objects.Node.get(ctx, dest.id).reservation is None


def test_destroy_refuses_a_resource_moved_meanwhile(ctx, api):
    source = _node(power_state='power off')
    dest = _node(power_state='power off')
    target = utils.create_test_volume_target(node_id=source.id)
    read = objects.VolumeTarget.get(ctx, target.id)
    target.node_id = dest.id
    target.save()
    with pytest.raises(exception.ConcurrentUpdate):
        api.destroy_volume_target(ctx, read)
    api.destroy_volume_target(ctx, target)
    assert objects.VolumeTarget.list(ctx) == []


def test_the_methods_are_rpc_1_3(ctx, conf):
    """1.3 on the 1.x line (a client capped there); at 2.0 unpinned."""
    conf.config(rpc_transport='none')
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        for cap in ('1.3', None):
            rpcapi.ConductorAPI(version_cap=cap).destroy_volume_connector(
                ctx, objects.VolumeConnector(ctx, id=1, node_id=1))
    assert [incoming.message['version'] for incoming in sent] == [
        '1.3', '2.0']


def test_a_pinned_all_in_one_serves_them(ctx, conf):
    """Pinned below 1.3, the all-in-one's own conductor (this code) still
    gets the call, at 1.3."""
    conf.config(rpc_transport='none', pin_release_version='1.0')
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        rpcapi.ConductorAPI().create_volume_target(
            ctx, objects.VolumeTarget(ctx, node_id=1))
    assert sent[0].message['version'] == '1.3'
