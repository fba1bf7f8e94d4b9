"""VIFs through the conductor's RPC 1.4 methods, in-process: attach and
detach under the node's exclusive lock, the list without it, and the
calls' RPC version, pinned or not."""

import threading
from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from ironic_lite import objects
from tests.unit.db import utils


def _vif_of(ctx, port):
    return objects.Port.get(ctx, port.id).internal_info.get(
        'tenant_vif_port_id')


def test_attach_list_detach(ctx, api):
    node = utils.create_test_node()
    port = utils.create_test_port(node_id=node.id)
    api.vif_attach(ctx, node.uuid, {'id': 'vif-1', 'other': 'key'})
    assert _vif_of(ctx, port) == 'vif-1'
    assert api.vif_list(ctx, node.uuid) == [{'id': 'vif-1'}]
    api.vif_detach(ctx, node.uuid, 'vif-1')
    assert _vif_of(ctx, port) is None
    assert api.vif_list(ctx, node.uuid) == []
    # The lock is released after each call.
    assert objects.Node.get(ctx, node.id).reservation is None


def test_attach_and_detach_take_the_lock_the_list_does_not(ctx, api):
    node = utils.create_test_node()
    port = utils.create_test_port(node_id=node.id)
    api.vif_attach(ctx, node.uuid, {'id': 'vif-1'})
    objects.Node.reserve(ctx, 'other-host', node.id)
    with pytest.raises(exception.NodeLocked):
        api.vif_attach(ctx, node.uuid, {'id': 'vif-2'})
    with pytest.raises(exception.NodeLocked):
        api.vif_detach(ctx, node.uuid, 'vif-1')
    assert api.vif_list(ctx, node.uuid) == [{'id': 'vif-1'}]
    assert _vif_of(ctx, port) == 'vif-1'
    objects.Node.release(ctx, 'other-host', node.id)
    api.vif_detach(ctx, node.uuid, 'vif-1')
    assert _vif_of(ctx, port) is None


def test_errors_reach_the_caller(ctx, api):
    node = utils.create_test_node()
    with pytest.raises(exception.NoFreePhysicalPorts) as e:
        api.vif_attach(ctx, node.uuid, {'id': 'vif-1'})
    assert e.value.code == 400
    port = utils.create_test_port(node_id=node.id)
    api.vif_attach(ctx, node.uuid, {'id': 'vif-1'})
    with pytest.raises(exception.VifAlreadyAttached) as e:
        api.vif_attach(ctx, node.uuid, {'id': 'vif-1'})
    assert e.value.code == 409
    assert str(e.value) == (
        'Unable to attach VIF because VIF vif-1 is already attached to '
        'Ironic Port %s' % port.uuid)
    with pytest.raises(exception.VifNotAttached) as e:
        api.vif_detach(ctx, node.uuid, 'vif-2')
    assert str(e.value) == (
        'Unable to detach VIF vif-2 from node %s because it is not '
        'attached to it.' % node.uuid)
    with pytest.raises(exception.NodeNotFound):
        api.vif_list(ctx, 'no-such-node')
    assert objects.Node.get(ctx, node.id).reservation is None


def test_a_vif_of_another_node_is_not_seen(ctx, api):
    one = utils.create_test_node()
    two = utils.create_test_node()
    utils.create_test_port(node_id=one.id, n=1)
    utils.create_test_port(node_id=two.id, n=2)
    api.vif_attach(ctx, one.uuid, {'id': 'vif-1'})
    # The same VIF id on another node: its own ports only are looked at.
    api.vif_attach(ctx, two.uuid, {'id': 'vif-1'})
    with pytest.raises(exception.VifNotAttached):
        api.vif_detach(ctx, two.uuid, 'vif-2')
    api.vif_detach(ctx, one.uuid, 'vif-1')
    assert api.vif_list(ctx, two.uuid) == [{'id': 'vif-1'}]


def test_concurrent_attaches_never_share_a_port(ctx, api):
    """Two attaches racing for the node's last free port: the lock lets
    one in; the other finds the node locked or no port left."""
    node = utils.create_test_node()
    utils.create_test_port(node_id=node.id)
    results = {}

    def attach(vif):
        try:
            api.vif_attach(ctx, node.uuid, {'id': vif})
            results[vif] = 'ok'
        except (exception.NodeLocked, exception.NoFreePhysicalPorts) as e:
            results[vif] = type(e).__name__
    threads = [threading.Thread(target=attach, args=('vif-%d' % i,))
               for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert list(results.values()).count('ok') == 1
    assert len(api.vif_list(ctx, node.uuid)) == 1


@pytest.mark.parametrize('pin, version', [(None, '2.0'), ('1.0', '1.4')])
def test_the_methods_are_rpc_1_4(ctx, conf, pin, version):
    """Pinned below 1.4 too, the all-in-one's own conductor (this code)
    gets them, at 1.4; unpinned at 2.0."""
    conf.config(rpc_transport='none', pin_release_version=pin)
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        api = rpcapi.ConductorAPI()
        api.vif_list(ctx, 'n')
        api.vif_attach(ctx, 'n', {'id': 'v'})
        api.vif_detach(ctx, 'n', 'v')
    assert [(m.message['method'], m.message['version']) for m in sent] == [
        ('vif_list', version), ('vif_attach', version),
        ('vif_detach', version)]
