"""The conductor's side of the API's guarantees, through the RPC client
in-process: updates checked against the values they were based on (RPC
1.2) and the older form a capped client sends, port moves under both
nodes' locks, and heartbeats only for nodes that wait for their ramdisk,
whichever API calls."""

import time

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import rpcapi
from ironic_lite import objects
from tests.unit.db import utils as db_utils


@pytest.fixture
def capped_api(conductor, conf):
    """A client pinned to release 1.0 (RPC 1.0)."""
    conf.config(pin_release_version='1.0')
    return rpcapi.ConductorAPI()


def _node(ctx, **kw):
    return db_utils.create_test_node(ctx, **kw)


def test_update_node_checks_expected_values(ctx, api):
    node = _node(ctx, extra={'a': 1})
    stale = objects.Node.get(ctx, node.uuid)
    node.extra = {'a': 1, 'b': 2}
    api.update_node(ctx, node, expected={'extra': {'a': 1}})
    stale.extra = {'a': 1, 'c': 3}
    with pytest.raises(exception.ConcurrentUpdate) as e:
        api.update_node(ctx, stale, expected={'extra': {'a': 1}})
    assert 'was changed by another request' in str(e.value)
    assert objects.Node.get(ctx, node.uuid).extra == {'a': 1, 'b': 2}
    assert objects.Node.get(ctx, node.uuid).reservation is None


def test_capped_client_sends_the_old_form(ctx, capped_api):
    node = _node(ctx, extra={'a': 1})
    node.extra = {'z': 26}
    # RPC 1.0 cannot carry the check: the write is not checked.
    capped_api.update_node(ctx, node, expected={'extra': {'other': 0}})
    assert objects.Node.get(ctx, node.uuid).extra == {'z': 26}


def _port(ctx, node, n=1):
    return db_utils.create_test_port(ctx, node_id=node.id, n=n)


def test_update_port_checks_expected_values(ctx, api):
    node = _node(ctx)
    port = _port(ctx, node)
    stale = objects.Port.get(ctx, port.uuid)
    port.extra = {'x': 1}
    api.update_port(ctx, port, expected={'extra': {}, 'node_id': node.id})
    stale.extra = {'y': 1}
    with pytest.raises(exception.ConcurrentUpdate):
        api.update_port(ctx, stale, expected={'extra': {},
                                              'node_id': node.id})
    assert objects.Port.get(ctx, port.uuid).extra == {'x': 1}


def test_moving_a_port_locks_both_nodes(ctx, api):
    old, new = _node(ctx), _node(ctx)
    port = _port(ctx, old)
    port.node_id = new.id
    objects.Node.reserve(ctx, 'other-host', old.uuid)
    with pytest.raises(exception.NodeLocked):
        api.update_port(ctx, port, expected={'node_id': old.id})
    objects.Node.release(ctx, 'other-host', old.uuid)
    api.update_port(ctx, port, expected={'node_id': old.id})
    assert objects.Port.get(ctx, port.uuid).node_id == new.id
    for node in (old, new):
        assert objects.Node.get(ctx, node.uuid).reservation is None


def test_update_portgroup_checks_expected_values(ctx, api):
    node = _node(ctx)
    group = objects.Portgroup(ctx, node_id=node.id, name='g')
    group.create()
    group.extra = {'x': 1}
    with pytest.raises(exception.ConcurrentUpdate):
        api.update_portgroup(ctx, group, expected={'extra': {'was': 1}})
    assert objects.Portgroup.get(ctx, group.uuid).extra == {}


@pytest.mark.parametrize('state', [states.ENROLL, states.ACTIVE,
                                   states.AVAILABLE, states.DEPLOYING])
def test_heartbeat_of_a_node_not_waiting_changes_nothing(ctx, api, state):
    node = _node(ctx, provision_state=state)
    with pytest.raises(exception.NodeNotFound):
        api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')
    node = objects.Node.get(ctx, node.uuid)
    assert 'agent_url' not in node.driver_internal_info
    assert node.reservation is None


def test_heartbeat_cast_of_an_old_api_changes_nothing(ctx, capped_api):
    node = _node(ctx, provision_state=states.ENROLL)
    capped_api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        node = objects.Node.get(ctx, node.uuid)
        assert 'agent_url' not in node.driver_internal_info
        time.sleep(0.05)
